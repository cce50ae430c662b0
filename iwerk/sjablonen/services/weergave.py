"""Rendering a template version with the values of a zaak (or the beheer's sample values).

Every field used must have its group: a template with besluit fields needs a besluit, one with
aanvrager fields a zaak with an aanvrager; otherwise a Dutch ValidationFailed says which. The
environment has StrictUndefined, so nothing renders as an empty hole by accident: a field is ""
only where the catalogue says it may be (velden.Veld.kan_leeg).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import TemplateError, UndefinedError
from jinja2.sandbox import SecurityError

from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.sjablonen.services.controle import Gebruik, controleer, omgeving

_VEEL_WITREGELS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Brieftekst:
    """A rendered letter: its subject and its text of blank-line separated paragraphs."""

    onderwerp: str
    tekst: str

    @property
    def alineas(self) -> list[str]:
        return alineas(self.tekst)


def normaliseer(tekst: str) -> str:
    """Unix line ends, no trailing spaces, at most one blank line between paragraphs."""
    regels = [r.rstrip() for r in tekst.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _VEEL_WITREGELS.sub("\n\n", "\n".join(regels)).strip()


def alineas(tekst: str) -> list[str]:
    """The paragraphs of a text: separated by blank lines; a single line break stays inside."""
    return [a.strip("\n") for a in normaliseer(tekst).split("\n\n") if a.strip()]


_ONTBREKEND = {
    "besluit": (
        "besluit",
        "Deze brief gaat over een besluit ({velden}). Kies een besluit van de zaak; heeft de zaak "
        "nog geen besluit, leg het dan eerst vast.",
    ),
    "aanvrager": (
        "nonFieldErrors",
        "Deze brief noemt de aanvrager ({velden}), maar de zaak heeft geen aanvrager.",
    ),
}


def _groepen_aanwezig(gebruik: Gebruik, waarden: dict[str, object]) -> None:
    fouten = []
    for groep in sorted(gebruik.groepen):
        if groep in waarden:
            continue
        naam, tekst = _ONTBREKEND.get(
            groep, ("nonFieldErrors", "De gegevens voor {velden} ontbreken bij deze zaak.")
        )
        velden = ", ".join(
            "{{ " + v + " }}" for v in sorted(gebruik.velden) if v.split(".", 1)[0] == groep
        )
        fouten.append(InvalidParam(naam, f"{groep}-ontbreekt", tekst.format(velden=velden)))
    if fouten:
        raise ValidationFailed(fouten)


def render(*, onderwerp: str, tekst: str, waarden: dict[str, object]) -> Brieftekst:
    """Subject and text with every field filled from waarden (as selectors.waarden builds them).

    Raises ValidationFailed when the text is not a valid template (services.controle) or a group
    of fields it uses has no values for this zaak.
    """
    gebruik = controleer(onderwerp=onderwerp, tekst=tekst)
    _groepen_aanwezig(gebruik, waarden)
    env = omgeving()
    try:
        gevuld_onderwerp = env.from_string(onderwerp).render(waarden)
        gevuld = env.from_string(tekst).render(waarden)
    except (UndefinedError, SecurityError, TemplateError, RecursionError) as fout:
        # Not expected after the checks above (controleer refuses a text nested too deep for
        # Jinja's compiler); never a letter with a hole in it, never a server error.
        raise ValidationFailed.single(
            "tekst", "render", "De brief kon niet met de gegevens van de zaak worden gevuld."
        ) from fout
    return Brieftekst(onderwerp=" ".join(gevuld_onderwerp.split()), tekst=normaliseer(gevuld))


def gebruikt_besluit(*, onderwerp: str, tekst: str) -> bool:
    """Whether a (checked) template uses besluit fields: the werkplek then asks for a besluit."""
    try:
        return "besluit" in controleer(onderwerp=onderwerp, tekst=tekst).groepen
    except ValidationFailed:
        return False
