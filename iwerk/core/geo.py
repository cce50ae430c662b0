"""GeoJSON geometries (EPSG:4326) without PostGIS: parsing, limits and bounding boxes (shapely)."""

from __future__ import annotations

from shapely.errors import GEOSException
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from iwerk.core.api.problems import ValidationFailed

MAX_COORDINATES = 10_000  # a zaak is a place, not a map: larger geometries are refused
TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def parse(data: object, field: str) -> BaseGeometry:
    """A valid shapely geometry from GeoJSON, or a 400 naming field."""
    if not isinstance(data, dict) or data.get("type") not in TYPES:
        raise ValidationFailed.single(
            field,
            "invalid",
            f"Geen GeoJSON-geometrie; gebruik een van: {', '.join(sorted(TYPES))}.",
        )
    if _count(data) > MAX_COORDINATES:
        raise ValidationFailed.single(
            field, "too-large", f"De geometrie heeft meer dan {MAX_COORDINATES} coördinaten."
        )
    try:
        geometry = shape(data)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, GEOSException) as exc:
        raise ValidationFailed.single(
            field, "invalid", f"Ongeldige GeoJSON-geometrie: {exc}."
        ) from exc
    if geometry.is_empty or not geometry.is_valid:
        raise ValidationFailed.single(
            field,
            "invalid",
            "De geometrie is leeg of ongeldig (bijvoorbeeld een zelfdoorsnijdend vlak).",
        )
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValidationFailed.single(
            field, "invalid", "Coördinaten vallen buiten EPSG:4326 (lengte ±180, breedte ±90)."
        )
    return geometry


def _count(node: object) -> int:
    if isinstance(node, dict):
        if "geometries" in node:
            return sum(_count(g) for g in node["geometries"])
        return _count(node.get("coordinates"))
    if isinstance(node, list | tuple):
        if node and all(isinstance(v, int | float) for v in node):
            return 1
        return sum(_count(v) for v in node)
    return 0
