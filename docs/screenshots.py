"""Makes the README's screenshots again from the demo data: `python docs/screenshots.py` (writes docs/*.png).

The real main window, offscreen, on a demo database in a temporary folder; settings and the default data folder
go to a temporary HOME too, so the developer's own settings and database stay untouched. The demo is generated for
a fixed day, so the same code shows the same records (what is "upcoming" follows the clock)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
WORK = Path(tempfile.mkdtemp(prefix="sozialkoordination-bilder-"))
HOME = WORK / "home"
os.environ.update(
    QT_QPA_PLATFORM="offscreen",
    MPLBACKEND="Agg",
    HOME=str(HOME),
    XDG_CONFIG_HOME=str(HOME / ".config"),
    XDG_DATA_HOME=str(HOME / ".local" / "share"),
    XDG_STATE_HOME=str(HOME / ".local" / "state"),
    LANG="de_DE.UTF-8",
)
os.environ.pop("SOZIALKOORDINATION_DB", None)
sys.path.insert(0, str(ROOT))  # the program of this checkout, whatever is installed

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QHeaderView, QSplitter, QWidget  # noqa: E402

from sozialkoordination.app import open_context  # noqa: E402
from sozialkoordination.demo.service import DemoService  # noqa: E402
from sozialkoordination.ui.shell.application import create_application  # noqa: E402
from sozialkoordination.ui.shell.main_window import MainWindow  # noqa: E402
from sozialkoordination.ui.shell.tasks import TaskRunner  # noqa: E402

DAY = date(2026, 11, 16)  # the demo's "today": a Monday
SIZE = (1280, 800)
ZOOM = 1.4
OWN_REGION = "SR-E"  # Eichsfeld/Duderstadt: the Präventionskette of Gieboldehausen has gaps to show


def settle(app: QApplication, rounds: int = 8) -> None:
    """Let the window finish what it does after a change (timers of 0 ms, fitting the columns, drawing)."""
    for _ in range(rounds):
        app.processEvents()


def save(window: MainWindow, name: str, focus: QWidget | None = None) -> None:
    app = QApplication.instance()
    if focus is not None:
        focus.setFocus()  # the content has the focus, as after a click into it, not the navigation
    settle(app)
    target = DOCS / name
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)  # no alpha: a smaller file
    image.save(str(target), "PNG", 0)  # 0: the strongest compression
    shrink(target)
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")


def shrink(target: Path) -> None:
    """A palette of 256 colours keeps text and lines sharp at a fraction of the size (with Pillow, if installed)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(target) as image:
        small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(target, optimize=True)


def column(header: QHeaderView, label: str) -> int:
    model = header.model()
    return next(c for c in range(header.count()) if model.headerData(c, Qt.Orientation.Horizontal) == label)


def actor_list(window: MainWindow) -> None:
    """Akteure: the organisations of the own region, one chosen; the street column as wide as its heading."""
    window.show_area("actors")
    view = window.actors_view
    view.kind_tabs.setCurrentIndex(0)
    settle(QApplication.instance())
    header = view.table.horizontalHeader()
    street = column(header, "Straße und Hausnummer")
    header.resizeSection(street, header.sectionSizeHint(street) + 8)  # as a user drags the border
    view.table.selectRow(4)
    save(window, "hauptfenster.png", view.table)


def meeting_minutes(window: MainWindow, context) -> None:
    """Sitzungen: of the own region's meetings before the demo's day, the one whose minutes have a TOP with the most
    decisions and tasks, its Protokoll tab at that TOP."""
    app = QApplication.instance()
    window.show_area("meetings")
    view = window.meetings_view
    view.findChild(QSplitter, "meetingSplitter").setSizes([560, 720])
    header = view.table.horizontalHeader()
    header.hideSection(column(header, "Art"))  # as from the header's right-click menu: the title says it
    view.tabs.setCurrentWidget(view.tabs.widget(3))
    minutes = view.minutes_panel
    region = context.areas.find_region(OWN_REGION).id
    best, best_score = None, (-1, -1)
    for row in context.meetings.meetings(region):
        if row.meeting_date >= DAY:
            continue
        view.select_meeting(row.id)
        for item in range(minutes.items.count()):
            minutes.items.setCurrentRow(item)
            settle(app, 1)
            decisions, tasks = minutes.decisions.count(), minutes.tasks.rowCount()
            score = (min(decisions, tasks), decisions + tasks)  # both shown first
            if score > best_score:
                best, best_score = (row.id, item), score
    view.select_meeting(best[0])
    minutes.items.setCurrentRow(best[1])
    save(window, "sitzungen.png", minutes.items)


def network_map(window: MainWindow) -> None:
    """Netzwerke → Netzwerkkarte: the whole Landkreis, organisations only, coloured by type, zoomed in a little."""
    window.show_area("networks")
    view = window.networks_view
    view.region_combo.setCurrentIndex(view.region_combo.findData(None))
    view.tabs.setCurrentWidget(view.map)
    panel = view.map
    panel.who.setCurrentIndex(panel.who.findData(True))
    panel.colour_by.setCurrentIndex(0)
    panel.findChild(QSplitter).setSizes([700, 340])
    settle(QApplication.instance())
    panel.view.fit()
    panel.view.scale(ZOOM, ZOOM)  # one turn of the wheel: the groups apart, the names readable
    panel.view.update_labels()
    save(window, "netzwerkkarte.png", panel.view)


def indicator_map(window: MainWindow) -> None:
    """Kennzahlen: the map of the SGB-II-Quote per Sozialraum, the own region outlined."""
    window.show_area("indicators")
    view = window.indicators_view
    view.select_indicator("SGB-II-Quote (Demo)")
    view.level_combo.setCurrentIndex(0)
    view.show_kind("map")
    save(window, "kennzahlen.png", view.kind_tabs)


def prevention_chain(window: MainWindow, context) -> None:
    """Präventionskette: the Gemeinden of Gieboldehausen, need beside supply, scrolled to Rhumspringe and
    Wollbrandshausen (high child poverty, no offer for the youngest); the alarming cell chosen."""
    window.show_area("praeventionskette")
    view = window.stack.currentWidget()
    view.show_sozialraum(context.areas.find_sozialraum("Gieboldehausen").id)
    table = view.table
    bar = table.horizontalScrollBar()
    bar.setValue(bar.maximum())
    names = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    phases = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    table.setCurrentCell(phases.index("0–3 Jahre"), names.index("Rhumspringe"))
    save(window, "praeventionskette.png", table)


def main() -> None:
    app = create_application([sys.argv[0]])
    os.chdir(WORK)  # the status bar names the database: "demo.sqlite", not a random temporary folder
    context = open_context("sqlite:///demo.sqlite")
    try:
        DemoService(context.session_factory).generate(today=DAY)
        context.profile.save("Anna Beispiel", context.areas.find_region(OWN_REGION).id)
        QSettings().setValue("window/area", 0)
        window = MainWindow(context, TaskRunner(synchronous=True))
        window.resize(*SIZE)
        window.show()
        settle(app)
        actor_list(window)
        meeting_minutes(window, context)
        network_map(window)
        indicator_map(window)
        prevention_chain(window, context)
        window.close()
        settle(app)
    finally:
        context.close()


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
