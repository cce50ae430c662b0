"""What the Documenten API lets clients expand (the *Embedded schemas of 1.7.0), and what others may expand into it."""

from __future__ import annotations

from iwerk.core.api.expand import Expandable, register
from iwerk.documenten import selectors
from iwerk.documenten.api import output as out

D, C = out.PREFIX, out.CATALOGI

ATTRIBUTES: dict[str, dict[str, tuple[str, str]]] = {
    "enkelvoudiginformatieobjecten": {"informatieobjecttype": (C, "informatieobjecttypen")},
    "gebruiksrechten": {"informatieobject": (D, "enkelvoudiginformatieobjecten")},
    "objectinformatieobjecten": {"informatieobject": (D, "enkelvoudiginformatieobjecten")},
    "verzendingen": {"informatieobject": (D, "enkelvoudiginformatieobjecten")},
}


def _documents(request, uuids):
    rows = list(selectors.documenten(request.actor).filter(uuid__in=uuids))
    ctx = out.DocumentenContext(request.urls, parts=selectors.parts_of(rows))
    return [out.current_json(d, ctx) for d in rows]


def _simple(queryset, to_json):
    def load(request, uuids):
        ctx = out.DocumentenContext(request.urls)
        return [to_json(obj, ctx) for obj in queryset(request.actor).filter(uuid__in=uuids)]

    return load


LOADERS = {
    "enkelvoudiginformatieobjecten": _documents,
    "gebruiksrechten": _simple(selectors.gebruiksrechten, out.gebruiksrecht_json),
    "objectinformatieobjecten": _simple(selectors.objectinformatieobjecten, out.oio_json),
    "verzendingen": _simple(selectors.verzendingen, out.verzending_json),
}


def register_all() -> None:
    for resource, attributes in ATTRIBUTES.items():
        register(
            Expandable(prefix=D, resource=resource, attributes=attributes, load=LOADERS[resource])
        )
