"""Berichtsjablonen in beheer: checked, saved and versioned (ADR 0061).

A change of onderwerp, tekst or actief adds a version beside the old ones, which never change.
The versions are beheer's history: a Bericht keeps the text it was rendered with, and sending
reads the Sjabloon itself (services/aanmaken.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from iwerk.berichten.models import Sjabloon, SjabloonVersie
from iwerk.berichten.services.sjablonen import controleer_sjabloon


def schoon(tekst: str) -> str:
    """A text as stored: Unix line ends (a browser posts CRLF), no surrounding white space."""
    return tekst.replace("\r\n", "\n").replace("\r", "\n").strip()


def controleer_dubbel(sjabloon: Sjabloon) -> None:
    """Raise ValidationError (in Dutch) when the gemeente already has a sjabloon for this
    zaaktype, event and channel (the unique constraint, said with the names)."""
    dubbel = (
        Sjabloon.objects.filter(
            tenant_id=sjabloon.tenant_id,
            zaaktype_identificatie=sjabloon.zaaktype_identificatie.strip(),
            gebeurtenis=sjabloon.gebeurtenis,
            kanaal=sjabloon.kanaal,
        )
        .exclude(pk=sjabloon.pk)
        .exists()
    )
    if dubbel:
        wat = sjabloon.zaaktype_identificatie.strip() or "elk zaaktype"
        raise ValidationError(
            f"Er is al een sjabloon voor {sjabloon.get_gebeurtenis_display().lower()} via "
            f"{sjabloon.get_kanaal_display().lower()} ({wat}) van deze gemeente; pas dat aan.",
            code="dubbel",
        )


def _controleer(sjabloon: Sjabloon) -> None:
    fouten: dict[str, list[str]] = {}
    try:
        controleer_sjabloon(
            sjabloon.gebeurtenis, onderwerp=sjabloon.onderwerp, tekst=sjabloon.tekst
        )
    except ValidationError as fout:
        fouten.update(fout.message_dict)
    if sjabloon.pk:
        oud = Sjabloon.objects.filter(pk=sjabloon.pk).values_list("tenant_id", flat=True).first()
        if oud is not None and oud != sjabloon.tenant_id:
            fouten["tenant"] = [
                "Een sjabloon blijft bij zijn gemeente; maak voor een andere gemeente een nieuw "
                "sjabloon."
            ]
    try:
        controleer_dubbel(sjabloon)
    except ValidationError as fout:
        fouten.setdefault("__all__", []).extend(fout.messages)
    if fouten:
        raise ValidationError(fouten)


@transaction.atomic
def sjabloon_opslaan(*, sjabloon: Sjabloon, door: str = "") -> SjabloonVersie | None:
    """Save a sjabloon and, when its onderwerp, tekst or actief differ from its newest version
    (or it has none yet), a new version (versie + 1) recording `door`; all or nothing.

    Rules: merge fields known for the event (controleer_sjabloon); one sjabloon per gemeente,
    zaaktype, event and channel; a sjabloon stays with its gemeente. Returns the new version, or
    None when nothing changed. Raises ValidationError per field, in Dutch.
    """
    sjabloon.zaaktype_identificatie = sjabloon.zaaktype_identificatie.strip()
    sjabloon.onderwerp = schoon(sjabloon.onderwerp)
    sjabloon.tekst = schoon(sjabloon.tekst)
    if sjabloon.pk:
        # One writer at a time per sjabloon: version numbers follow each other.
        Sjabloon.objects.select_for_update().filter(pk=sjabloon.pk).first()
    _controleer(sjabloon)
    sjabloon.save()
    huidige = SjabloonVersie.objects.filter(sjabloon=sjabloon).order_by("-versie").first()
    nu = (sjabloon.onderwerp, sjabloon.tekst, sjabloon.actief)
    if huidige is not None and (huidige.onderwerp, huidige.tekst, huidige.actief) == nu:
        return None
    return SjabloonVersie.objects.create(
        sjabloon=sjabloon,
        versie=huidige.versie + 1 if huidige else 1,
        onderwerp=sjabloon.onderwerp,
        tekst=sjabloon.tekst,
        actief=sjabloon.actief,
        aangemaakt_door=door,
    )
