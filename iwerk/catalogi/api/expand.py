"""What the Catalogi API lets clients expand (the *Embedded schemas of 1.3.3), and how it loads it."""

from __future__ import annotations

from django.utils import timezone

from iwerk.catalogi import selectors
from iwerk.catalogi.api import output as out
from iwerk.core.api.expand import Expandable, register

P = out.PREFIX


def _to(resource: str) -> tuple[str, str]:
    return (P, resource)


ATTRIBUTES: dict[str, dict[str, tuple[str, str]]] = {
    "catalogussen": {
        "zaaktypen": _to("zaaktypen"),
        "besluittypen": _to("besluittypen"),
        "informatieobjecttypen": _to("informatieobjecttypen"),
    },
    "zaaktypen": {
        "zaakobjecttypen": _to("zaakobjecttypen"),
        "catalogus": _to("catalogussen"),
        "statustypen": _to("statustypen"),
        "resultaattypen": _to("resultaattypen"),
        "eigenschappen": _to("eigenschappen"),
        "informatieobjecttypen": _to("informatieobjecttypen"),
        "roltypen": _to("roltypen"),
        "besluittypen": _to("besluittypen"),
        "deelzaaktypen": _to("zaaktypen"),
        "gerelateerdeZaaktypen": _to("zaaktypen"),
    },
    "statustypen": {
        "catalogus": _to("catalogussen"),
        "zaaktype": _to("zaaktypen"),
        "eigenschappen": _to("eigenschappen"),
    },
    "besluittypen": {
        "catalogus": _to("catalogussen"),
        "zaaktypen": _to("zaaktypen"),
        "informatieobjecttypen": _to("informatieobjecttypen"),
        "resultaattypen": _to("resultaattypen"),
    },
    "informatieobjecttypen": {
        "catalogus": _to("catalogussen"),
        "zaaktypen": _to("zaaktypen"),
        "besluittypen": _to("besluittypen"),
    },
    "resultaattypen": {
        "catalogus": _to("catalogussen"),
        "zaaktype": _to("zaaktypen"),
        "besluittypen": _to("besluittypen"),
        "informatieobjecttypen": _to("informatieobjecttypen"),
    },
    "roltypen": {"catalogus": _to("catalogussen"), "zaaktype": _to("zaaktypen")},
    "eigenschappen": {
        "catalogus": _to("catalogussen"),
        "zaaktype": _to("zaaktypen"),
        "statustype": _to("statustypen"),
    },
    "zaakobjecttypen": {
        "zaaktype": _to("zaaktypen"),
        "resultaattypen": _to("resultaattypen"),
        "statustypen": _to("statustypen"),
        "catalogus": _to("catalogussen"),
    },
    "zaaktype-informatieobjecttypen": {
        "zaaktype": _to("zaaktypen"),
        "catalogus": _to("catalogussen"),
        "informatieobjecttype": _to("informatieobjecttypen"),
        "statustype": _to("statustypen"),
    },
}

_RENDER = {
    "catalogussen": (
        lambda a: selectors.catalogussen_with_relations(selectors.catalogussen(a)),
        out.catalogus_json,
        None,
    ),
    "zaaktypen": (selectors.zaaktypen, out.zaaktype_json, out.RenderContext.prime_zaaktypen),
    "besluittypen": (
        lambda a: selectors.besluittypen_with_relations(selectors.besluittypen(a)),
        out.besluittype_json,
        out.RenderContext.prime_besluittypen,
    ),
    "informatieobjecttypen": (
        selectors.informatieobjecttypen,
        out.informatieobjecttype_json,
        out.RenderContext.prime_informatieobjecttypen,
    ),
    "statustypen": (
        lambda a: selectors.children("statustypen", a),
        out.statustype_json,
        out.RenderContext.prime_statustypen,
    ),
    "roltypen": (lambda a: selectors.children("roltypen", a), out.roltype_json, None),
    "resultaattypen": (
        lambda a: selectors.children("resultaattypen", a),
        out.resultaattype_json,
        out.RenderContext.prime_resultaattypen,
    ),
    "eigenschappen": (lambda a: selectors.children("eigenschappen", a), out.eigenschap_json, None),
    "zaakobjecttypen": (
        lambda a: selectors.children("zaakobjecttypen", a),
        out.zaakobjecttype_json,
        None,
    ),
    "zaaktype-informatieobjecttypen": (
        lambda a: selectors.children("zaaktype-informatieobjecttypen", a),
        out.ziot_json,
        out.RenderContext.prime_ziots,
    ),
}


def _loader(resource: str):
    queryset, to_json, prime = _RENDER[resource]

    def load(request, uuids: list[str]) -> list[dict]:
        # Catalogi are readable with zaken.lezen/documenten.lezen too (ztc-014): visibility is the catalogus'.
        ctx = out.RenderContext(request.urls, timezone.localdate())
        objects = list(queryset(request.actor).filter(uuid__in=uuids))
        return ctx.render_many(resource, objects, to_json, prime)

    return load


def register_all() -> None:
    for resource, attributes in ATTRIBUTES.items():
        register(
            Expandable(prefix=P, resource=resource, attributes=attributes, load=_loader(resource))
        )
