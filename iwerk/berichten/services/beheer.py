"""Berichtsjablonen in beheer: checked, saved and versioned (ADR 0061).

A change of onderwerp, tekst or actief adds a version beside the old ones, which never change.
The versions are beheer's history: a Bericht keeps the text it was rendered with, and sending
reads the Sjabloon itself (services/aanmaken.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from iwerk.berichten.models import Kanaal, Sjabloon, SjabloonVersie
from iwerk.berichten.services.sjablonen import controleer_sjabloon
from iwerk.catalogi.models import ZaakType


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


# The longest text per channel. An sms: 918 characters is the most NotifyNL (GOV.UK Notify)
# accepts, six joined sms; an e-mail and a message in Mijn zaken: as a letter template.
MAX_TEKST = 20_000
MAX_SMS = 918
MAX_ONDERWERP = 200


def _inhoud_fouten(sjabloon: Sjabloon) -> dict[str, list[str]]:
    fouten: dict[str, list[str]] = {}
    try:
        controleer_sjabloon(
            sjabloon.gebeurtenis, onderwerp=sjabloon.onderwerp, tekst=sjabloon.tekst
        )
    except ValidationError as fout:
        fouten.update(fout.message_dict)
    if sjabloon.kanaal == Kanaal.sms:
        if len(sjabloon.tekst) > MAX_SMS:
            fouten.setdefault("tekst", []).append(
                f"Een sms is hoogstens {MAX_SMS} tekens (het maximum van NotifyNL, zes "
                f"sms'en); deze tekst heeft er {len(sjabloon.tekst)}. Samenvoegvelden maken "
                "de verstuurde tekst nog langer."
            )
    elif sjabloon.kanaal:
        if len(sjabloon.tekst) > MAX_TEKST:
            fouten.setdefault("tekst", []).append(
                f"De tekst is te lang (hoogstens {MAX_TEKST} tekens); deze heeft er "
                f"{len(sjabloon.tekst)}."
            )
        if not sjabloon.onderwerp.strip():
            fouten.setdefault("onderwerp", []).append(
                "Vul het onderwerp in: zonder onderwerp krijgt "
                + ("een e-mail" if sjabloon.kanaal == Kanaal.email else "een bericht in Mijn zaken")
                + " geen onderwerpregel."
            )
    if len(sjabloon.onderwerp) > MAX_ONDERWERP:
        fouten.setdefault("onderwerp", []).append(
            f"Het onderwerp is te lang (hoogstens {MAX_ONDERWERP} tekens)."
        )
    return fouten


def _zaaktype_fouten(sjabloon: Sjabloon) -> dict[str, list[str]]:
    identificatie = sjabloon.zaaktype_identificatie.strip()
    if not identificatie or sjabloon.tenant_id is None:
        return {}
    oud = (
        Sjabloon.objects.filter(pk=sjabloon.pk).values_list("zaaktype_identificatie", flat=True)
        if sjabloon.pk
        else []
    )
    if identificatie in oud:
        # Unchanged: a zaaktype that left the catalogue keeps its sjabloon editable.
        return {}
    if ZaakType.objects.filter(tenant_id=sjabloon.tenant_id, identificatie=identificatie).exists():
        return {}
    return {
        "zaaktype_identificatie": [
            f"Zaaktype {identificatie} staat niet in een catalogus van {sjabloon.tenant.naam}; "
            "kies een zaaktype uit de lijst, of laat het leeg voor alle zaaktypen."
        ]
    }


def controleer(sjabloon: Sjabloon) -> None:
    """Raise ValidationError (per field, in Dutch) when the sjabloon breaks a rule other than
    being a second one for its zaaktype, event and channel (controleer_dubbel): merge fields
    known for the event, written with single braces (controleer_sjabloon); the text at most
    MAX_SMS for an sms, MAX_TEKST otherwise; an onderwerp, at most MAX_ONDERWERP, for e-mail
    and Mijn zaken; a zaaktype (when given, and changed) in the gemeente's catalogi; a sjabloon
    stays with its gemeente. The admin form runs it (Sjabloon.clean) to show the errors at the
    fields; sjabloon_opslaan runs it again."""
    fouten = _inhoud_fouten(sjabloon)
    for veld, lijst in _zaaktype_fouten(sjabloon).items():
        fouten.setdefault(veld, []).extend(lijst)
    if sjabloon.pk:
        oud = Sjabloon.objects.filter(pk=sjabloon.pk).values_list("tenant_id", flat=True).first()
        if oud is not None and oud != sjabloon.tenant_id:
            fouten["tenant"] = [
                "Een sjabloon blijft bij zijn gemeente; maak voor een andere gemeente een nieuw "
                "sjabloon."
            ]
    if fouten:
        raise ValidationError(fouten)


def _controleer(sjabloon: Sjabloon) -> None:
    fouten: dict[str, list[str]] = {}
    try:
        controleer(sjabloon)
    except ValidationError as fout:
        fouten.update(fout.message_dict)
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

    Rules: those of controleer (merge fields, lengths per channel, an onderwerp for e-mail and
    Mijn zaken, a known zaaktype, the gemeente unchanged); one sjabloon per gemeente, zaaktype,
    event and channel. Returns the new version, or
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
