"""Plane geometry on (longitude, latitude) polygons as GeoJSON stores them: centroid, point in polygon, a point inside.

A polygon is a list of rings (the outer ring first, then holes), a ring a list of (x, y) points; an area of several
parts is a list of polygons. Good enough at the scale of a Landkreis, where degrees may be treated as a plane."""

from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]
Ring = Sequence[Sequence[float]]
Polygon = Sequence[Ring]


def ring_centroid(ring: Ring) -> tuple[Point | None, float]:
    """(x, y) of the area-weighted centroid of a closed ring, and its area (absolute); (None, 0.0) if it has none."""
    area = cx = cy = 0.0
    points = list(ring)
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return None, 0.0
    return (cx / (3 * area), cy / (3 * area)), abs(area) / 2


def contains(parts: Sequence[Polygon], x: float, y: float) -> bool:
    """Whether (x, y) lies inside the area (even-odd rule: inside an outer ring and outside its holes)."""
    inside = False
    for polygon in parts:
        for ring in polygon:
            points = list(ring)
            for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
                if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


def interior_point(parts: Sequence[Polygon], y: float) -> Point | None:
    """A point surely inside the area on the horizontal line at y: the middle of the widest stretch of that line
    inside it (the centroid of a bent area may lie outside). None if the line does not cross the area."""
    crossings = []
    for polygon in parts:
        for ring in polygon:
            points = list(ring)
            for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
                if (y0 > y) != (y1 > y):
                    crossings.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    crossings.sort()
    pairs = zip(crossings[::2], crossings[1::2], strict=False)  # in, out, in, out … along the line
    stretches = [(right - left, left, right) for left, right in pairs]
    if not stretches:
        return None
    _width, left, right = max(stretches)
    return (left + right) / 2, y
