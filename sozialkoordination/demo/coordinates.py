"""Map coordinates for the demo organisations: a point inside their Gemeinde, as a partner list would give them.

The points are computed at demo creation from the shipped Gemeinde boundaries (the ones the Angebotslandkarte draws),
not stored in resources/demo/: the organisations' names and places are themselves drawn from the seed, so a stored
table could only serve one seed. Each point lies near the middle of the Gemeinde, spread by a random source seeded
with the organisation's name (not the demo's shared one, so the rest of the data set stays as it was), and always
inside the Gemeinde: a point outside is drawn again with a smaller spread. There are no boundaries of the Ortschaften,
so organisations of one Gemeinde share its area whatever village they sit in. Every tenth organisation gets no
coordinates, as in real partner lists; its offers appear on the map as "ungefähr"."""

from __future__ import annotations

import math
import random

from sozialkoordination.core.geometry import contains, interior_point
from sozialkoordination.demo.world import World
from sozialkoordination.models import Gemeinde, Organisation
from sozialkoordination.offers.service import gemeinde_centres, gemeinde_shapes

WITHOUT_COORDINATES_EVERY = 10  # the 10th, 20th … organisation has none
SPREAD = 0.4  # the largest distance from the middle, as a share of the radius of a circle of the Gemeinde's area
ATTEMPTS = 12
SHRINK = 0.6  # each further attempt draws within this share of the previous spread
KM_PER_DEGREE = 111.32
DECIMALS = 5  # about one metre


def place_organisations(w: World) -> None:
    """Latitude and longitude for the organisations made so far (all but every tenth)."""
    shapes, centres = gemeinde_shapes(), gemeinde_centres()
    for number, org in enumerate(w.orgs, start=1):
        if number % WITHOUT_COORDINATES_EVERY == 0:
            continue
        gemeinde = w.place_gemeinde.get((org.city or "", org.postcode or ""))
        if gemeinde is None or gemeinde.ags not in shapes or gemeinde.ags not in centres:
            continue
        org.latitude, org.longitude = point_in_gemeinde(org, gemeinde, shapes[gemeinde.ags], centres[gemeinde.ags])


def point_in_gemeinde(org: Organisation, gemeinde: Gemeinde, parts, centre: tuple[float, float]) -> tuple[float, float]:
    """(latitude, longitude) inside the Gemeinde, the same for the same organisation name."""
    lat, lon = centre
    if not contains(parts, lon, lat):  # the middle of a bent Gemeinde may lie outside it
        lon, lat = interior_point(parts, lat) or (lon, lat)
    rng = random.Random(f"Demo-Koordinaten {org.name}")
    radius_km = SPREAD * math.sqrt((gemeinde.area_km2 or 30.0) / math.pi)
    for _attempt in range(ATTEMPTS):
        angle, distance = rng.uniform(0, 2 * math.pi), radius_km * math.sqrt(rng.random())
        y = round(lat + distance * math.sin(angle) / KM_PER_DEGREE, DECIMALS)
        x = round(lon + distance * math.cos(angle) / (KM_PER_DEGREE * math.cos(math.radians(lat))), DECIMALS)
        if contains(parts, x, y):
            return y, x
        radius_km *= SHRINK
    return round(lat, DECIMALS), round(lon, DECIMALS)
