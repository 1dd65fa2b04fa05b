"""Point in polygon and a point surely inside, on shapes like the Gemeinde boundaries (holes, several parts)."""

from sozialkoordination.core.geometry import contains, interior_point, ring_centroid

SQUARE_WITH_HOLE = [[(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)], [(1, 1), (3, 1), (3, 3), (1, 3), (1, 1)]]
ISLAND = [[(10, 0), (11, 0), (11, 1), (10, 1), (10, 0)]]
# a U: its centroid lies in the gap between the arms, outside the area
U_SHAPE = [[(0, 0), (6, 0), (6, 5), (5, 5), (5, 1), (1, 1), (1, 5), (0, 5), (0, 0)]]


def test_inside_the_outer_ring_outside_the_hole_and_on_the_second_part():
    parts = [SQUARE_WITH_HOLE, ISLAND]
    assert contains(parts, 0.5, 0.5)
    assert not contains(parts, 2, 2)  # in the hole
    assert contains(parts, 10.5, 0.5)
    assert not contains(parts, 7, 0.5)


def test_centroid_and_area_of_a_ring():
    centre, area = ring_centroid(SQUARE_WITH_HOLE[0])
    assert centre == (2, 2) and area == 16
    assert ring_centroid([(0, 0), (1, 1), (0, 0)]) == (None, 0.0)


def test_interior_point_of_a_bent_area_lies_inside_where_the_centroid_does_not():
    (cx, cy), _ = ring_centroid(U_SHAPE[0])
    assert not contains([U_SHAPE], cx, cy)
    x, y = interior_point([U_SHAPE], cy)
    assert contains([U_SHAPE], x, y) and y == cy
    assert interior_point([U_SHAPE], 9) is None
