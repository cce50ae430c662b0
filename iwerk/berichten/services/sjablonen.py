"""The merge syntax of berichtsjablonen: `{groep.veld}` from a fixed list, nothing else.

Beheer edits these texts, so they are never fed to Django's template engine (no tags, no
attribute lookups, no filters: nothing to inject). A text is split into literal parts and
merge fields; `{{` and `}}` write a brace. Which fields exist depends on the event: a besluit
has no status. `controleer_sjabloon` refuses a text with an unknown field, naming it in Dutch,
and a known field between doubled braces (the letters' syntax, which here would reach citizens
as "{zaak.identificatie}"); `voorbeeld` renders a text for beheer with an invented zaak (ADR
0061).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats

from iwerk.berichten.models import Gebeurtenis, Kanaal

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")

ALGEMEEN = (
    "zaak.identificatie",
    "zaak.omschrijving",
    "zaak.startdatum",
    "zaak.einddatum_gepland",
    "zaak.uiterlijke_einddatum_afdoening",
    "zaak.link",
    "zaaktype.omschrijving",
    "zaaktype.identificatie",
    "gemeente.naam",
    "initiator.naam",
)
STATUS = ("status.omschrijving", "status.toelichting")
VELDEN: dict[str, tuple[str, ...]] = {
    Gebeurtenis.zaak_geregistreerd: ALGEMEEN,
    Gebeurtenis.status_gewijzigd: ALGEMEEN + STATUS,
    Gebeurtenis.zaak_gesloten: ALGEMEEN + STATUS + ("zaak.einddatum",),
    Gebeurtenis.besluit_genomen: ALGEMEEN
    + ("besluit.identificatie", "besluit.datum", "besluit.ingangsdatum", "besluit.toelichting"),
    Gebeurtenis.bericht: ALGEMEEN,
}

_MAIL_SLOT = "\n\nMet vriendelijke groet,\ngemeente {gemeente.naam}"
_BEKIJK = "\n\nU vindt uw zaak in Mijn zaken: {zaak.link}"
# (onderwerp, tekst) per event for e-mail and Mijn zaken, and the text of the sms.
STANDAARD: dict[str, tuple[str, str, str]] = {
    Gebeurtenis.zaak_geregistreerd: (
        "Uw {zaaktype.omschrijving} is ontvangen ({zaak.identificatie})",
        "Beste {initiator.naam},\n\nWij hebben uw {zaaktype.omschrijving} ontvangen en "
        "geregistreerd onder zaaknummer {zaak.identificatie}." + _BEKIJK + _MAIL_SLOT,
        "Gemeente {gemeente.naam}: uw {zaaktype.omschrijving} is ontvangen, zaaknummer "
        "{zaak.identificatie}.",
    ),
    Gebeurtenis.status_gewijzigd: (
        "Nieuwe status van uw zaak {zaak.identificatie}: {status.omschrijving}",
        "Beste {initiator.naam},\n\nUw zaak {zaak.identificatie} ({zaaktype.omschrijving}) "
        "heeft een nieuwe status: {status.omschrijving}.\n{status.toelichting}"
        + _BEKIJK
        + _MAIL_SLOT,
        "Gemeente {gemeente.naam}: uw zaak {zaak.identificatie} heeft een nieuwe status: "
        "{status.omschrijving}.",
    ),
    Gebeurtenis.besluit_genomen: (
        "Besluit over uw zaak {zaak.identificatie}",
        "Beste {initiator.naam},\n\nEr is op {besluit.datum} een besluit genomen over uw zaak "
        "{zaak.identificatie} ({zaaktype.omschrijving}). Het besluit gaat in op "
        "{besluit.ingangsdatum}." + _BEKIJK + _MAIL_SLOT,
        "Gemeente {gemeente.naam}: er is een besluit genomen over uw zaak {zaak.identificatie}.",
    ),
    Gebeurtenis.zaak_gesloten: (
        "Uw zaak {zaak.identificatie} is afgehandeld",
        "Beste {initiator.naam},\n\nUw zaak {zaak.identificatie} ({zaaktype.omschrijving}) is "
        "afgehandeld op {zaak.einddatum}: {status.omschrijving}." + _BEKIJK + _MAIL_SLOT,
        "Gemeente {gemeente.naam}: uw zaak {zaak.identificatie} is afgehandeld.",
    ),
    # A pointer only: what the handler wrote stays behind the sign-in of Mijn zaken (ADR 0055).
    Gebeurtenis.bericht: (
        "U heeft een nieuw bericht over uw zaak {zaak.identificatie}",
        "Beste {initiator.naam},\n\nU heeft een nieuw bericht over uw zaak {zaak.identificatie} "
        "({zaaktype.omschrijving}). U leest het na inloggen in Mijn zaken: {zaak.link}"
        + _MAIL_SLOT,
        "Gemeente {gemeente.naam}: u heeft een nieuw bericht over uw zaak {zaak.identificatie}. "
        "U leest het in Mijn zaken.",
    ),
}


@dataclass(frozen=True)
class Tekst:
    onderwerp: str
    tekst: str


def standaard(gebeurtenis: str, kanaal: str) -> Tekst:
    """The built-in text of an event on a channel (when the gemeente wrote none)."""
    onderwerp, tekst, sms = STANDAARD[gebeurtenis]
    return Tekst("", sms) if kanaal == Kanaal.sms else Tekst(onderwerp, tekst)


def velden_in(tekst: str) -> list[str]:
    """The merge fields a text uses, in order; ValueError names a stray brace."""
    gevonden = []
    for match in _TOKEN.finditer(tekst):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            raise ValueError("Losse accolade in de tekst; schrijf {{ of }} voor een accolade zelf.")
        gevonden.append(match.group(1).strip())
    return gevonden


BEKENDE_VELDEN = frozenset(naam for namen in VELDEN.values() for naam in namen)
DUBBELE_ACCOLADES = (
    "Gebruik {{{naam}}} met enkele accolades; dubbele accolades schrijven een accolade zelf."
)


def _dubbel_omsloten(tekst: str) -> list[str]:
    """Known field names written between doubled braces ({{zaak.identificatie}}, the letters'
    syntax): that writes the braces and the name literally, never the value."""
    tokens = list(_TOKEN.finditer(tekst))
    return [
        naam
        for open_, dicht in zip(tokens, tokens[1:], strict=False)
        if open_.group(0) == "{{"
        and dicht.group(0) == "}}"
        and (naam := tekst[open_.end() : dicht.start()].strip()) in BEKENDE_VELDEN
    ]


def controleer_sjabloon(gebeurtenis: str, *, onderwerp: str, tekst: str) -> None:
    """Raise ValidationError (per form field, in Dutch) for an unknown merge field, a stray
    brace or a known field between doubled braces; the fields allowed depend on the event."""
    toegestaan = VELDEN.get(gebeurtenis, ALGEMEEN)
    fouten: dict[str, list[str]] = {}
    for veld, waarde in (("onderwerp", onderwerp), ("tekst", tekst)):
        try:
            namen = velden_in(waarde)
        except ValueError as e:
            fouten[veld] = [str(e)]
            continue
        onbekend = [naam for naam in namen if naam not in toegestaan]
        if onbekend:
            fouten[veld] = [
                f"Onbekend samenvoegveld {{{naam}}}. Toegestaan zijn: "
                + ", ".join(f"{{{v}}}" for v in toegestaan)
                + "."
                for naam in dict.fromkeys(onbekend)
            ]
        dubbel = _dubbel_omsloten(waarde)
        if dubbel:
            fouten.setdefault(veld, []).extend(
                DUBBELE_ACCOLADES.format(naam=naam) for naam in dict.fromkeys(dubbel)
            )
    if fouten:
        raise ValidationError(fouten)


def _tekstwaarde(waarde: object) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, date):
        return formats.date_format(waarde, "j F Y")
    return str(waarde)


def render(tekst: str, waarden: dict[str, object]) -> str:
    """The text with every merge field replaced by its value (an empty string when the event
    has none); only names in `waarden` are ever looked up."""

    def vervang(match: re.Match) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if match.group(1) is None:
            return token
        return _tekstwaarde(waarden.get(match.group(1).strip()))

    return _TOKEN.sub(vervang, tekst)


# The example zaak of beheer's preview: invented, so beheer never shows a citizen's data.
VOORBEELD: dict[str, Any] = {
    "zaak.identificatie": "ZAAK-2026-0000123",
    "zaak.omschrijving": "Aanvraag gehandicaptenparkeerkaart",
    "zaak.startdatum": date(2026, 3, 2),
    "zaak.einddatum_gepland": date(2026, 4, 13),
    "zaak.uiterlijke_einddatum_afdoening": date(2026, 4, 27),
    "zaak.einddatum": date(2026, 4, 1),
    "zaak.link": "https://iwerk.example/gemeente/mijn-zaken/…/",
    "zaaktype.omschrijving": "Gehandicaptenparkeerkaart",
    "zaaktype.identificatie": "GPK",
    "initiator.naam": "J. de Vries",
    "status.omschrijving": "In behandeling",
    "status.toelichting": "Wij beoordelen uw aanvraag.",
    "besluit.identificatie": "BESLUIT-2026-0000045",
    "besluit.datum": date(2026, 3, 30),
    "besluit.ingangsdatum": date(2026, 4, 1),
    "besluit.toelichting": "De kaart is toegekend voor vijf jaar.",
}


def voorbeeld(gebeurtenis: str, *, gemeente_naam: str, onderwerp: str, tekst: str) -> Tekst:
    """A text as the initiator of the invented example zaak would get it from the gemeente.
    Raises ValidationError (controleer_sjabloon) rather than render a text with an unknown
    field."""
    controleer_sjabloon(gebeurtenis, onderwerp=onderwerp, tekst=tekst)
    waarden = {**VOORBEELD, "gemeente.naam": gemeente_naam}
    return Tekst(render(onderwerp, waarden), render(tekst, waarden))
