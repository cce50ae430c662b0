"""Writes of digitale adressen: the e-mail addresses and phone numbers partijen and betrokkenen
give the gemeente, and through which iwerk notifies them.

Rules, as the reference implementation (Open Klant) has them, and no stricter:
- an adres of soort email is an e-mail address (Django's EmailValidator), one of soort
  telefoonnummer a Dutch or international number: 0 and nine digits, + and 9 to 15 digits, or
  00 and 7 to 13 digits; numbers starting 0800, 0900, 088, 1400 or 140xx are refused (they cannot
  be used to reach a citizen); soort overig is free text;
- isStandaardAdres only for an adres of a partij; marking one unsets the partij's other standaard
  adres of the same soort (the API's description of the field);
- a referentie is unique per partij and soort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from uuid import UUID
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest

from iwerk.core import audit
from iwerk.klantinteracties.models import Betrokkene, DigitaalAdres, Partij, SoortDigitaalAdres
from iwerk.klantinteracties.normaliseren import zoekwaarde
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import (
    fout,
    gemeente_voor,
    vastleggen,
    verwijderd,
    verwijzing,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TELEFOONNUMMER = re.compile(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$")
# Service and business numbers (free, paid, company-wide, the government's 14 + netnummer).
VERBODEN_PREFIXEN = ("0800", "0900", "088", "1400", "140")
BETROKKENE_RANG = "had_klantcontact__vertrouwelijkheid_rang"


def telefoonnummer_fout(waarde: str) -> str | None:
    """Why waarde is not a phone number iwerk can call or text, or None when it is."""
    if waarde.startswith(VERBODEN_PREFIXEN):
        return (
            "Het opgegeven telefoonnummer is ongeldig, telefoonnummers beginnend met 0800, "
            "0900, 088, 1400 of 140xx zijn niet toegestaan."
        )
    if not TELEFOONNUMMER.match(waarde):
        return "Het opgegeven telefoonnummer is ongeldig."
    return None


def adres_fout(soort: str, adres: str) -> str | None:
    """Why adres is not a valid address of soort, or None."""
    if soort == SoortDigitaalAdres.email:
        try:
            validate_email(adres)
        except ValidationError:
            return "Voer een geldig e-mailadres in."
        return None
    if soort == SoortDigitaalAdres.telefoonnummer:
        return telefoonnummer_fout(adres)
    return None


def als_moment(datum: date | None) -> datetime | None:
    """verificatieDatum is a date in the API; stored as the start of that day in NL."""
    return None if datum is None else datetime.combine(datum, time.min, tzinfo=AMSTERDAM)


@dataclass(frozen=True)
class DigitaalAdresGegevens:
    """A digitaal adres as a caller describes it; partij and betrokkene by uuid."""

    adres: str
    soort_digitaal_adres: str
    verstrekt_door_partij: UUID | None = None
    verstrekt_door_betrokkene: UUID | None = None
    is_standaard_adres: bool = False
    omschrijving: str = ""
    referentie: str = ""
    verificatie_datum: date | None = None


def _zet(
    obj: DigitaalAdres,
    g: DigitaalAdresGegevens,
    partij: Partij | None,
    betrokkene: Betrokkene | None,
) -> None:
    if reden := adres_fout(g.soort_digitaal_adres, g.adres):
        raise fout("adres", "invalid", reden)
    if g.is_standaard_adres and partij is None:
        raise fout(
            "isStandaardAdres",
            "invalid",
            "isStandaardAdres kan alleen gezet worden als verstrektDoorPartij niet leeg is.",
        )
    if partij is not None and g.referentie:
        dubbel = DigitaalAdres.objects.filter(
            verstrekt_door_partij=partij,
            referentie=g.referentie,
            soort_digitaal_adres=g.soort_digitaal_adres,
        ).exclude(pk=obj.pk)
        if dubbel.exists():
            raise fout(
                "nonFieldErrors",
                "unique",
                "De velden verstrektDoorPartij, referentie en soortDigitaalAdres moeten een "
                "unieke set zijn.",
            )
    obj.verstrekt_door_partij = partij
    obj.verstrekt_door_betrokkene = betrokkene
    obj.adres = g.adres
    obj.soort_digitaal_adres = g.soort_digitaal_adres
    obj.zoekwaarde = zoekwaarde(g.soort_digitaal_adres, g.adres)  # the KCC's search (selectors.kcc)
    obj.is_standaard_adres = g.is_standaard_adres
    obj.omschrijving = g.omschrijving
    obj.referentie = g.referentie
    obj.verificatie_datum = als_moment(g.verificatie_datum)
    if obj.verificatie_datum is not None:
        try:  # the start of 1-1-0001 in NL lies before year 1 in UTC: no moment to store
            obj.verificatie_datum.astimezone(UTC)
        except OverflowError:
            raise fout(
                "verificatieDatum", "invalid", "Deze datum ligt te ver in het verleden."
            ) from None


def _enige_standaard(wie: Toegangen, obj: DigitaalAdres) -> None:
    """Unset isStandaardAdres on the partij's other adressen of this soort (each recorded)."""
    if not obj.is_standaard_adres:
        return
    andere = DigitaalAdres.objects.select_for_update().filter(
        verstrekt_door_partij=obj.verstrekt_door_partij,
        soort_digitaal_adres=obj.soort_digitaal_adres,
        is_standaard_adres=True,
    )
    for ander in andere.exclude(pk=obj.pk):
        oud = audit.snapshot(ander)
        ander.is_standaard_adres = False
        ander.save(update_fields=["is_standaard_adres"])
        vastleggen(wie, "update", ander, oud)


@transaction.atomic
def digitaal_adres_aanmaken(
    wie: Toegangen, gegevens: DigitaalAdresGegevens, request: HttpRequest | None = None
) -> DigitaalAdres:
    """A new digitaal adres, in the gemeente of its partij or betrokkene (else the caller's).
    Raises a 400 for an invalid adres, a standaard adres without partij, a duplicate
    referentie, or a reference the caller cannot see or of another gemeente."""
    partij = verwijzing(wie, Partij, gegevens.verstrekt_door_partij, "verstrektDoorPartij")
    betrokkene = verwijzing(
        wie,
        Betrokkene,
        gegevens.verstrekt_door_betrokkene,
        "verstrektDoorBetrokkene",
        rang=BETROKKENE_RANG,
    )
    obj = DigitaalAdres(tenant_id=gemeente_voor(wie, request, partij, betrokkene))
    _zet(obj, gegevens, partij, betrokkene)
    _enige_standaard(wie, obj)
    obj.save()
    vastleggen(wie, "create", obj)
    return obj


@transaction.atomic
def digitaal_adres_bijwerken(
    wie: Toegangen, obj: DigitaalAdres, gegevens: DigitaalAdresGegevens
) -> DigitaalAdres:
    """Change a digitaal adres (same rules as aanmaken; references stay in its gemeente)."""
    oud = audit.snapshot(obj)
    partij = verwijzing(
        wie,
        Partij,
        gegevens.verstrekt_door_partij,
        "verstrektDoorPartij",
        gemeente_id=obj.tenant_id,
    )
    betrokkene = verwijzing(
        wie,
        Betrokkene,
        gegevens.verstrekt_door_betrokkene,
        "verstrektDoorBetrokkene",
        rang=BETROKKENE_RANG,
        gemeente_id=obj.tenant_id,
    )
    _zet(obj, gegevens, partij, betrokkene)
    _enige_standaard(wie, obj)
    obj.save()
    voorkeur_loslaten(wie, obj)
    vastleggen(wie, "update", obj, oud)
    return obj


def voorkeur_loslaten(wie: Toegangen, adres: DigitaalAdres) -> None:
    """An address that no longer belongs to a partij is no longer its voorkeur (recorded), so
    the partij is never left pointing at another's address (and refusing every change)."""
    vorige = Partij.objects.filter(voorkeurs_digitaal_adres=adres)
    if adres.verstrekt_door_partij_id is not None:
        vorige = vorige.exclude(pk=adres.verstrekt_door_partij_id)
    for partij in vorige:
        oud = audit.snapshot(partij)
        partij.voorkeurs_digitaal_adres = None
        partij.save(update_fields=["voorkeurs_digitaal_adres"])
        vastleggen(wie, "update", partij, oud)


@transaction.atomic
def digitaal_adres_verwijderen(wie: Toegangen, obj: DigitaalAdres) -> None:
    verwijderd(wie, obj)
    obj.delete()
