"""Archiving parameters derived when a zaak closes (zrc-021).

A pure function over the facts it needs, so every afleidingswijze is tested by table and the
service only gathers the facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from iwerk.catalogi.models import ResultaatType
from iwerk.core import durations


@dataclass(frozen=True)
class BrondatumGegevens:
    """What the brondatum can be derived from, gathered by the caller."""

    einddatum: date | None
    hoofdzaak_einddatum: date | None = None
    eigenschappen: dict[str, str] = field(default_factory=dict)  # zaakeigenschap naam -> waarde
    zaakobject_datums: tuple[date, ...] = ()
    gerelateerde_einddatums: tuple[date, ...] = ()
    besluit_ingangsdatums: tuple[date, ...] = ()
    besluit_vervaldatums: tuple[date, ...] = ()


# (ingangsdatums, vervaldatums) of the besluiten of a zaak, by its pk.
BesluitDatums = Callable[[int], tuple[tuple[date, ...], tuple[date, ...]]]
_besluitdatums: list[BesluitDatums] = []


def register_besluitdatums(bron: BesluitDatums) -> None:
    """Name where the besluiten of a zaak are read (from the Besluiten register's AppConfig.ready).

    The Besluiten register builds on this one (a besluit names its zaak), so this register never
    imports it; the ``*_besluit`` afleidingswijzen get their dates through this slot instead.
    """
    if bron not in _besluitdatums:
        _besluitdatums.append(bron)


def besluitdatums(zaak_id: int) -> tuple[tuple[date, ...], tuple[date, ...]]:
    """The ingangsdatum and vervaldatum of every besluit of the zaak (none without a source)."""
    ingangsdatums: tuple[date, ...] = ()
    vervaldatums: tuple[date, ...] = ()
    for bron in _besluitdatums:
        ingang, verval = bron(zaak_id)
        ingangsdatums += ingang
        vervaldatums += verval
    return ingangsdatums, vervaldatums


def parse_date(value: str) -> date | None:
    """A date in the forms the standard gives (YYYYMMDD, ISO, YYYYMMDDHHMMSS), or None."""
    for fmt in ("%Y%m%d", "%Y-%m-%d", "%Y%m%d%H%M%S"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def brondatum(resultaattype: ResultaatType, gegevens: BrondatumGegevens) -> date | None:
    """The date the archiefactietermijn runs from, or None when it cannot (yet) be determined."""
    wijze = resultaattype.brondatum_afleidingswijze or "afgehandeld"
    if wijze == "afgehandeld":
        return gegevens.einddatum
    if wijze == "hoofdzaak":
        return gegevens.hoofdzaak_einddatum
    if wijze == "eigenschap":
        value = gegevens.eigenschappen.get(resultaattype.brondatum_datumkenmerk)
        return parse_date(value) if value else None
    if wijze == "termijn":
        if gegevens.einddatum is None or not resultaattype.brondatum_procestermijn:
            return None
        try:
            return durations.add(gegevens.einddatum, resultaattype.brondatum_procestermijn)
        except (ValueError, OverflowError):
            return None
    candidates = {
        "zaakobject": gegevens.zaakobject_datums,
        "gerelateerde_zaak": gegevens.gerelateerde_einddatums,
        "ingangsdatum_besluit": gegevens.besluit_ingangsdatums,
        "vervaldatum_besluit": gegevens.besluit_vervaldatums,
    }.get(wijze)
    if candidates:
        return max(candidates)
    return None  # ander_datumkenmerk, or nothing to derive from: set by hand


def derive_archiving(
    resultaattype: ResultaatType,
    gegevens: BrondatumGegevens,
    *,
    archiefnominatie: str,
    archiefactiedatum: date | None,
) -> tuple[str, date | None, date | None]:
    """(archiefnominatie, archiefactiedatum, startdatum_bewaartermijn); values already set are kept."""
    nominatie = archiefnominatie or resultaattype.archiefnominatie
    start = brondatum(resultaattype, gegevens)
    actiedatum = archiefactiedatum
    if actiedatum is None and start is not None and resultaattype.archiefactietermijn:
        try:
            actiedatum = durations.add(start, resultaattype.archiefactietermijn)
        except (ValueError, OverflowError):
            # Past the last date there is (a brondatum of 9999-12-31, the "no end" placeholder,
            # plus a termijn): it cannot be determined, so no date is set (zrc-021).
            actiedatum = None
    return nominatie, actiedatum, start
