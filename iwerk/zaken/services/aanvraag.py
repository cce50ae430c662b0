"""A request that comes in from outside — at the counter, by phone, post or online — as one zaak.

The werkplek intake and the portaal both register a zaak with its initiator, first status,
eigenschappen and the klantcontact of the channel it came through; this is that composition,
in one transaction, so neither channel can leave half a case behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from iwerk.catalogi.models import Eigenschap, RolType, StatusType, ZaakType
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ValidationFailed
from iwerk.zaken.models import Zaak
from iwerk.zaken.services.eigenschap import set_zaakeigenschap
from iwerk.zaken.services.links import add_klantcontact
from iwerk.zaken.services.rol import add_rol
from iwerk.zaken.services.status import set_status
from iwerk.zaken.services.zaak import ZaakGegevens, register_zaak


@dataclass
class Initiator:
    """Who asks: betrokkeneType and betrokkeneIdentificatie as the Zaken API names them."""

    betrokkene_type: str
    identificatie: dict
    contact: dict = field(default_factory=dict)
    roltoelichting: str = "Aanvrager"
    indicatie_machtiging: str = ""  # "gemachtigde" when filed for someone else


def adres(
    straat: str = "",
    huisnummer: int | str = 0,
    postcode: str = "",
    woonplaats: str = "",
    huisletter: str = "",
    huisnummertoevoeging: str = "",
    identificatie: str = "",
) -> dict[str, Any]:
    """A verblijfsadres in the shape of betrokkeneIdentificatie; identificatie is the BAG
    nummeraanduiding's (aoaIdentificatie) when the address came from the BAG or the BRP."""
    return {
        "gorOpenbareRuimteNaam": straat or "",
        "aoaHuisnummer": int(huisnummer or 0),
        "aoaPostcode": (postcode or "").replace(" ", "").upper(),
        "wplWoonplaatsNaam": woonplaats or "",
        "aoaIdentificatie": identificatie or "",
        "aoaHuisletter": huisletter or "",
        "aoaHuisnummertoevoeging": huisnummertoevoeging or "",
        "inpLocatiebeschrijving": "",
    }


def persoon(
    *,
    bsn: str = "",
    geslachtsnaam: str = "",
    voornamen: str = "",
    voorvoegsel: str = "",
    geboortedatum: str = "",
    **verblijf: Any,
) -> dict[str, Any]:
    """A natuurlijk_persoon betrokkeneIdentificatie; geboortedatum as YYYY-MM-DD or empty."""
    return {
        "inpBsn": bsn,
        "geslachtsnaam": geslachtsnaam,
        "voorvoegselGeslachtsnaam": voorvoegsel or "",
        "voornamen": voornamen,
        "voorletters": "",
        "geboortedatum": geboortedatum or "",
        "verblijfsadres": adres(**verblijf),
    }


def vestiging(
    *, kvk_nummer: str, handelsnaam: str = "", vestigingsnummer: str = "", **verblijf: Any
) -> dict[str, Any]:
    return {
        "kvkNummer": kvk_nummer,
        "handelsnaam": [handelsnaam] if handelsnaam else [],
        "vestigingsNummer": vestigingsnummer or "",
        "verblijfsadres": adres(**verblijf),
    }


@transaction.atomic
def register_aanvraag(
    *,
    actor: Actor,
    zaaktype: ZaakType,
    gegevens: ZaakGegevens,
    initiator: Initiator | None,
    kanaal: str,
    toelichting_contact: str = "",
    eigenschappen: dict[str, str] | None = None,
    ontvangen: datetime | None = None,
) -> Zaak:
    """Register the zaak, its initiator, first status, eigenschappen and klantcontact.

    eigenschappen maps eigenschap names of the zaaktype to values; names the zaaktype does not
    know are refused, so a form that drifted from its zaaktype fails loudly instead of losing data.
    """
    ontvangen = ontvangen or timezone.now()
    roltype = None
    if initiator is not None:
        roltype = RolType.objects.filter(
            zaaktype=zaaktype, omschrijving_generiek="initiator"
        ).first()
        if roltype is None:
            raise ValidationFailed.single(
                "zaaktype", "no-initiator", "Dit zaaktype kent geen rol 'initiator'."
            )
    known = {e.naam: e for e in Eigenschap.objects.filter(zaaktype=zaaktype)}
    unknown = sorted(set(eigenschappen or {}) - set(known))
    if unknown:
        raise ValidationFailed.single(
            "eigenschappen",
            "unknown-eigenschap",
            f"Het zaaktype kent deze eigenschappen niet: {', '.join(unknown)}.",
        )

    zaak = register_zaak(actor=actor, zaaktype=zaaktype, gegevens=gegevens)
    # The first status before the initiator: the initiator hears of the registration once (the
    # berichten service tells it when the initiator is named, ADR 0055), not also of a first
    # status that says the same.
    eerste = StatusType.objects.filter(zaaktype=zaaktype).order_by("volgnummer").first()
    if eerste is not None:
        set_status(
            actor=actor,
            zaak=zaak,
            statustype=eerste,
            datum_status_gezet=ontvangen,
            statustoelichting=f"Ontvangen via {kanaal}",
        )
    if initiator is not None and roltype is not None:  # found above for every initiator
        add_rol(
            actor=actor,
            zaak=zaak,
            roltype=roltype,
            betrokkene_type=initiator.betrokkene_type,
            betrokkene_identificatie=initiator.identificatie,
            roltoelichting=initiator.roltoelichting,
            indicatie_machtiging=initiator.indicatie_machtiging,
            contactpersoon_rol={
                "emailadres": initiator.contact.get("emailadres", ""),
                "telefoonnummer": initiator.contact.get("telefoonnummer", ""),
                "naam": initiator.contact.get("naam", ""),
                "functie": "",
            },
        )
    for naam, waarde in (eigenschappen or {}).items():
        if waarde not in ("", None):
            set_zaakeigenschap(actor=actor, zaak=zaak, eigenschap=known[naam], waarde=str(waarde))
    add_klantcontact(
        actor=actor,
        zaak=zaak,
        datumtijd=ontvangen,
        kanaal=kanaal,
        onderwerp=(gegevens.omschrijving or zaaktype.omschrijving)[:200],
        toelichting=toelichting_contact[:1000],
    )
    return zaak
