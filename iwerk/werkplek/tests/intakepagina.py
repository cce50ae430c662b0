"""Reading and posting the intake page in tests of its register lookups."""

from __future__ import annotations

import html
import re

from django.utils import timezone

INTAKE = "/werkplek/zaken/nieuw/"
SUZANNE = "999990007"  # Suzanne Moulin, Brink 12, 7411 BS Deventer (gemeente 0150)


def tekst(response) -> str:
    """The page as text: tags out, entities resolved, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def formtoken(response) -> str:
    return re.search(r'name="formtoken" value="([^"]+)"', response.content.decode()).group(1)


def keuze(response, bron: str = "brp") -> str:
    return re.search(rf'name="kies_{bron}" value="([^"]+)"', response.content.decode()).group(1)


def waarde(response, naam: str) -> str:
    veld = re.search(rf'<input[^>]*name="{naam}"[^>]*>', response.content.decode()).group(0)
    gevonden = re.search(r'value="([^"]*)"', veld)
    return html.unescape(gevonden.group(1)) if gevonden else ""


def zaak_velden(zaaktype, **extra) -> dict:
    return {
        "zaaktype": zaaktype.pk,
        "kanaal": "telefoon",
        "omschrijving": "Aanvraag scootmobiel",
        "startdatum": timezone.localdate().isoformat(),
        "initiator_type": "natuurlijk_persoon",
        **extra,
    }
