"""What the Besluiten API lets clients expand (BesluitEmbedded, BesluitInformatieObjectEmbedded)."""

from __future__ import annotations

from iwerk.besluiten import selectors
from iwerk.besluiten.api import output as out
from iwerk.core.api.expand import Expandable, register

B = out.PREFIX

ATTRIBUTES: dict[str, dict[str, tuple[str, str]]] = {
    "besluiten": {"besluittype": (out.CATALOGI, "besluittypen"), "zaak": (out.ZAKEN, "zaken")},
    "besluitinformatieobjecten": {
        "informatieobject": (out.DOCUMENTEN, "enkelvoudiginformatieobjecten"),
        "besluit": (B, "besluiten"),
    },
}


def _simple(queryset, to_json):
    def load(request, uuids):
        ctx = out.BesluitenContext(request.urls)
        return [to_json(obj, ctx) for obj in queryset(request.actor).filter(uuid__in=uuids)]

    return load


LOADERS = {
    "besluiten": _simple(selectors.besluiten, out.besluit_json),
    "besluitinformatieobjecten": _simple(selectors.besluitinformatieobjecten, out.bio_json),
}


def register_all() -> None:
    for resource, attributes in ATTRIBUTES.items():
        register(
            Expandable(prefix=B, resource=resource, attributes=attributes, load=LOADERS[resource])
        )
