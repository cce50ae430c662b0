"""The text of the handler's message to the aanvrager from a template (soort email, ADR 0062).

The message itself is berichten.services.gesprek's (ADR 0055: an extern notitie in Mijn zaken,
the aanvrager only pointed to it); this module only fills the text, with the same merge fields
and the same sandbox as a letter (services.weergave), and checks it when it is sent: a template
that is not bewerkbaar sends its own text, unchanged, from its current version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from iwerk.besluiten import selectors as besluiten_selectors
from iwerk.besluiten.models import Besluit
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ValidationFailed
from iwerk.sjablonen.models import Sjabloon, SjabloonVersie
from iwerk.sjablonen.selectors.sjablonen import huidige_versie
from iwerk.sjablonen.selectors.waarden import Behandelaar, zaakwaarden
from iwerk.sjablonen.services.brieven import buiten_bereik, controleer_beschikbaar
from iwerk.sjablonen.services.controle import controleer
from iwerk.sjablonen.services.weergave import normaliseer, render
from iwerk.zaken.models import Zaak


@dataclass(frozen=True)
class Berichttekst:
    """A message template's text filled in for a zaak."""

    sjabloon: Sjabloon
    versie: SjabloonVersie
    tekst: str


def _fail(naam: str, code: str, tekst: str) -> ValidationFailed:
    return ValidationFailed.single(naam, code, tekst)


def _controleer(actor: Actor, zaak: Zaak, sjabloon: Sjabloon) -> None:
    controleer_beschikbaar(zaak, sjabloon)
    if not sjabloon.is_bericht:
        raise _fail(
            "sjabloon",
            "brief-geen-bericht",
            "Dit sjabloon is voor een brief, niet voor een bericht aan de aanvrager.",
        )
    if reden := buiten_bereik(actor, zaak, sjabloon):
        raise _fail("sjabloon", "boven-bereik", reden)


def _vul(
    *,
    actor: Actor,
    zaak: Zaak,
    versie: SjabloonVersie,
    behandelaar: Behandelaar,
    vandaag: date,
) -> str:
    gebruik = controleer(onderwerp=versie.onderwerp, tekst=versie.tekst)
    naam = versie.sjabloon.naam
    besluit: Besluit | None = None
    if "besluit" in gebruik.groepen:
        # A message names no besluit of its own choosing: the zaak's newest the handler reads.
        besluit = (
            besluiten_selectors.besluiten(actor)
            .filter(zaak=zaak)
            .select_related("besluittype")
            .order_by("-datum", "-pk")
            .first()
        )
        if besluit is None:
            raise _fail(
                "sjabloon",
                "besluit-ontbreekt",
                f"De tekst uit sjabloon ‘{naam}’ noemt het besluit, maar deze zaak heeft nog "
                "geen besluit. Leg het besluit eerst vast, of schrijf het bericht zelf.",
            )
    waarden = zaakwaarden(zaak, behandelaar=behandelaar, besluit=besluit, vandaag=vandaag)
    if "aanvrager" in gebruik.groepen and "aanvrager" not in waarden:
        raise _fail(
            "sjabloon",
            "aanvrager-ontbreekt",
            f"De tekst uit sjabloon ‘{naam}’ noemt de aanvrager, maar deze zaak heeft geen "
            "aanvrager.",
        )
    try:
        return render(onderwerp=versie.onderwerp, tekst=versie.tekst, waarden=waarden).tekst
    except ValidationFailed as fout:
        # A field without a value (StrictUndefined) or a text beheer broke: never a message
        # with a hole in it, and never a server error for the handler.
        raise _fail(
            "sjabloon",
            "niet-te-vullen",
            f"De tekst uit sjabloon ‘{naam}’ kon niet met de gegevens van deze zaak worden "
            "gevuld. Schrijf het bericht zelf, en vraag functioneel beheer het sjabloon na te "
            "kijken.",
        ) from fout


def berichttekst(
    *,
    actor: Actor,
    zaak: Zaak,
    sjabloon: Sjabloon,
    behandelaar: Behandelaar,
    vandaag: date | None = None,
) -> Berichttekst:
    """The text the current version of a message template gives for zaak (nothing is stored).

    Rules: the template is a message template (soort email), active, of the zaak's gemeente and
    for its zaaktype or for all; the actor may write on the zaak (brieven.buiten_bereik); every
    field it uses has a value for this zaak: the aanvrager, and for besluit fields the zaak's
    newest besluit the actor may read. Raises ValidationFailed (Dutch, on "sjabloon").
    """
    _controleer(actor, zaak, sjabloon)
    versie = huidige_versie(sjabloon)
    if versie is None:
        raise _fail("sjabloon", "geen-tekst", "Dit sjabloon heeft nog geen tekst.")
    tekst = _vul(
        actor=actor,
        zaak=zaak,
        versie=versie,
        behandelaar=behandelaar,
        vandaag=vandaag or timezone.localdate(),
    )
    return Berichttekst(sjabloon=sjabloon, versie=versie, tekst=tekst)


def te_versturen(
    *,
    actor: Actor,
    zaak: Zaak,
    versie_id: int,
    tekst: str,
    behandelaar: Behandelaar,
) -> str:
    """The text to send for a message filled in from template version versie_id.

    Rules: the version's template passes berichttekst's rules for this zaak (another gemeente's
    version is "not available", as is an unknown id); a bewerkbaar template sends the handler's
    text as it is; otherwise the text must be the template's own for this zaak, from its current
    version, unchanged (line ends and blank lines aside). Raises ValidationFailed: on "sjabloon"
    when the template cannot be used, on "tekst" when its text was changed.
    """
    versie = (
        SjabloonVersie.objects.select_related("sjabloon")
        .filter(pk=versie_id, sjabloon__gemeente_id=zaak.tenant_id)
        .first()
    )
    if versie is None:
        raise _fail("sjabloon", "onbekend", "Dit sjabloon is niet (meer) beschikbaar.")
    sjabloon = versie.sjabloon
    _controleer(actor, zaak, sjabloon)
    if sjabloon.bewerkbaar:
        return tekst
    opnieuw = "Kies het sjabloon opnieuw en klik op ‘Tekst invullen’, of schrijf het bericht zelf."
    huidig = huidige_versie(sjabloon)
    if huidig is None or huidig.pk != versie.pk:
        raise _fail(
            "sjabloon",
            "nieuwe-versie",
            f"Sjabloon ‘{sjabloon.naam}’ is intussen gewijzigd. {opnieuw}",
        )
    eigen = _vul(
        actor=actor, zaak=zaak, versie=versie, behandelaar=behandelaar, vandaag=timezone.localdate()
    )
    if normaliseer(tekst) != eigen:
        raise _fail(
            "tekst",
            "niet-bewerkbaar",
            f"De tekst uit sjabloon ‘{sjabloon.naam}’ mag niet worden aangepast. {opnieuw}",
        )
    return eigen
