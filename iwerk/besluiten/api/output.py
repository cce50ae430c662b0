"""Output functions of the Besluiten API: loaded rows in, spec-shaped dicts out, no queries."""

from __future__ import annotations

from dataclasses import dataclass

from iwerk.besluiten.models import Besluit, BesluitInformatieObject, Vervalreden
from iwerk.core.api.references import ApiUrls

PREFIX = "/besluiten/api/v1"
CATALOGI = "/catalogi/api/v1"
ZAKEN = "/zaken/api/v1"
DOCUMENTEN = "/documenten/api/v1"


@dataclass
class BesluitenContext:
    urls: ApiUrls

    def url(self, resource: str, uuid) -> str:
        return self.urls.build(PREFIX, resource, uuid)


def _d(value) -> str | None:
    return value.isoformat() if value else None


def besluit_json(b: Besluit, ctx: BesluitenContext) -> dict:
    data = {
        "url": ctx.url("besluiten", b.uuid),
        "identificatie": b.identificatie,
        "verantwoordelijkeOrganisatie": b.verantwoordelijke_organisatie,
        "besluittype": ctx.urls.build(CATALOGI, "besluittypen", b.besluittype.uuid),
        "datum": _d(b.datum),
        "toelichting": b.toelichting,
        "bestuursorgaan": b.bestuursorgaan,
        "ingangsdatum": _d(b.ingangsdatum),
        "vervaldatum": _d(b.vervaldatum),
        "publicatiedatum": _d(b.publicatiedatum),
        "verzenddatum": _d(b.verzenddatum),
        "uiterlijkeReactiedatum": _d(b.uiterlijke_reactiedatum),
    }
    # uri-formatted and not nullable in 1.1.0: left out when the besluit has no zaak.
    if b.zaak_id:
        data["zaak"] = ctx.urls.build(ZAKEN, "zaken", b.zaak.uuid)
    # An enum without a blank value in 1.1.0: left out when no vervalreden is known.
    if b.vervalreden:
        data["vervalreden"] = b.vervalreden
        data["vervalredenWeergave"] = Vervalreden(b.vervalreden).label
    return data


def bio_json(obj: BesluitInformatieObject, ctx: BesluitenContext) -> dict:
    return {
        "url": ctx.url("besluitinformatieobjecten", obj.uuid),
        "informatieobject": ctx.urls.build(
            DOCUMENTEN, "enkelvoudiginformatieobjecten", obj.informatieobject.uuid
        ),
        "besluit": ctx.url("besluiten", obj.besluit.uuid),
    }
