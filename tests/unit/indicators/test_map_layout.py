"""The map's legend lies beside the map, never on it, and its labels do not collide – also at the size of the
Sozialraumprofil and after saving at print resolution."""

import io

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.indicators.documents import maps
from sozialkoordination.indicators.service import POPULATION_KEY
from tests.unit.indicators.test_charts import DAY, service  # noqa: F401 - fixture


@pytest.mark.parametrize(
    ("level", "size"),
    [(AreaLevel.SOZIALRAUM, (16.5, 11.5)), (AreaLevel.SOZIALRAUM, (17, 14.5)), (AreaLevel.GEMEINDE, (17, 14.5))],
)
def test_legend_beside_the_map_and_labels_apart(service, level, size):  # noqa: F811
    population = service.find(POPULATION_KEY)
    figure = maps.choropleth_map(service.map_data(population.id, level, DAY), *size)
    figure.savefig(io.BytesIO(), format="png", dpi=300)  # as the documents do: the layout must not move afterwards
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    axes = figure.axes[0]
    legend = axes.get_legend().get_window_extent(renderer)
    drawn = [p.get_window_extent(renderer) for p in axes.patches if p.get_gid()]
    right_edge = max(box.x1 for box in drawn)
    assert legend.x0 >= right_edge  # beside the map, not on it
    assert legend.x1 <= figure.bbox.x1  # and inside the picture
    # the white halo (2.2 pt) may touch the neighbour's: text boxes shrunk by 2.5 px (0.6 mm) must be apart
    labels = [t.get_window_extent(renderer).padded(-2.5) for t in axes.texts if t.get_text().strip()]
    assert len(labels) >= 10
    for n, box in enumerate(labels):
        for other in labels[n + 1 :]:
            assert not box.overlaps(other)
