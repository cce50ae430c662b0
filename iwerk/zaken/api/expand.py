"""What the Zaken API lets clients expand (the *Embedded schemas of 1.7.0), also into the Catalogi API."""

from __future__ import annotations

from iwerk.core.api.expand import Expandable, register
from iwerk.zaken import selectors
from iwerk.zaken.api import output as out
from iwerk.zaken.models import ZaakEigenschap, ZaakObject

Z, C, D = out.PREFIX, out.CATALOGI, "/documenten/api/v1"

ATTRIBUTES: dict[str, dict[str, tuple[str, str]]] = {
    "zaken": {
        "zaaktype": (C, "zaaktypen"),
        "hoofdzaak": (Z, "zaken"),
        "deelzaken": (Z, "zaken"),
        "relevanteAndereZaken": (Z, "zaken"),
        "eigenschappen": (Z, "zaakeigenschappen"),
        "rollen": (Z, "rollen"),
        "status": (Z, "statussen"),
        "zaakobjecten": (Z, "zaakobjecten"),
        "resultaat": (Z, "resultaten"),
        "zaakinformatieobjecten": (Z, "zaakinformatieobjecten"),
    },
    "statussen": {
        "zaak": (Z, "zaken"),
        "statustype": (C, "statustypen"),
        "gezetdoor": (Z, "rollen"),
        "zaakinformatieobjecten": (Z, "zaakinformatieobjecten"),
    },
    "resultaten": {"zaak": (Z, "zaken"), "resultaattype": (C, "resultaattypen")},
    "rollen": {"zaak": (Z, "zaken"), "roltype": (C, "roltypen"), "statussen": (Z, "statussen")},
    "zaakobjecten": {"zaak": (Z, "zaken"), "zaakobjecttype": (C, "zaakobjecttypen")},
    "zaakeigenschappen": {"zaak": (Z, "zaken"), "eigenschap": (C, "eigenschappen")},
    "zaakbesluiten": {"besluit": ("/besluiten/api/v1", "besluiten")},
    "zaakinformatieobjecten": {
        "zaak": (Z, "zaken"),
        "informatieobject": (D, "enkelvoudiginformatieobjecten"),
        "status": (Z, "statussen"),
    },
}


def _zaken(request, uuids):
    rows = list(selectors.zaken(request.actor).filter(uuid__in=uuids))
    ctx = out.ZakenContext(request.urls, relations=selectors.zaak_relations([z.pk for z in rows]))
    return [out.zaak_json(z, ctx) for z in rows]


def _statussen(request, uuids):
    rows = list(selectors.statussen(request.actor).filter(uuid__in=uuids))
    ctx = out.ZakenContext(
        request.urls,
        latest_status_ids=selectors.latest_status_ids({s.zaak_id for s in rows}),
        status_zios=selectors.zios_per_status([s.pk for s in rows]),
    )
    return [out.status_json(s, ctx) for s in rows]


def _simple(queryset, to_json):
    def load(request, uuids):
        ctx = out.ZakenContext(request.urls)
        return [to_json(obj, ctx) for obj in queryset(request.actor).filter(uuid__in=uuids)]

    return load


LOADERS = {
    "zaken": _zaken,
    "statussen": _statussen,
    "resultaten": _simple(selectors.resultaten, out.resultaat_json),
    "rollen": _simple(selectors.rollen, out.rol_json),
    "zaakobjecten": _simple(
        lambda a: selectors.zaak_parts(ZaakObject, a).select_related("zaakobjecttype"),
        out.zaakobject_json,
    ),
    "zaakeigenschappen": _simple(
        lambda a: selectors.zaak_parts(ZaakEigenschap, a).select_related("eigenschap"),
        out.zaakeigenschap_json,
    ),
    "zaakinformatieobjecten": _simple(selectors.zaakinformatieobjecten, out.zio_json),
    # Nothing links to a zaakbesluit by URL; only its own list expands.
    "zaakbesluiten": lambda request, uuids: [],
}


def register_all() -> None:
    for resource, attributes in ATTRIBUTES.items():
        register(
            Expandable(prefix=Z, resource=resource, attributes=attributes, load=LOADERS[resource])
        )
