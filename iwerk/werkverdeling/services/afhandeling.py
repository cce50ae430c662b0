"""The werkplek's status change, closing and besluit, with the rules of werkverdeling: open
verplichte tasks keep the zaak from moving on; a vier-ogen rule turns the action into an approval
task (ADR 0056).

Each returns None when the action took effect, or the Dutch message to show when it waits for
approval. These are werkplek rules: through the ZGW API a client sets a status or creates a
besluit as the standard lets it (the standard has no tasks; zgw-rules §I).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from iwerk.besluiten.services import BesluitGegevens, register_besluit
from iwerk.catalogi.models import BesluitType, ResultaatType, StatusType
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ValidationFailed
from iwerk.werkverdeling.models import VierOgenActie
from iwerk.werkverdeling.services import taken, vierogen
from iwerk.zaken.models import Zaak
from iwerk.zaken.services import set_status
from iwerk.zaken.services.afhandeling import close_zaak


@transaction.atomic
def status_zetten(
    *, actor: Actor, zaak: Zaak, statustype: StatusType, toelichting: str
) -> str | None:
    """Set the status, unless an open verplichte task keeps the zaak at an earlier one.
    Raises ValidationFailed (field statustype, naming the tasks) and set_status's errors."""
    if fouten := taken.blokkades(zaak, statustype, veld="statustype"):
        raise ValidationFailed(fouten)
    set_status(
        actor=actor,
        zaak=zaak,
        statustype=statustype,
        datum_status_gezet=timezone.now(),
        statustoelichting=toelichting,
    )
    return None


@transaction.atomic
def afsluiten(
    *, actor: Actor, zaak: Zaak, resultaattype: ResultaatType, toelichting: str
) -> str | None:
    """Close the zaak with its resultaat, unless a verplichte task or an approval is open; with
    a vier-ogen rule for closing, ask approval instead. The open optional tasks lapse.
    Raises ValidationFailed (field resultaattype) and close_zaak's errors."""
    if regel := vierogen.regel_voor(zaak, VierOgenActie.afsluiten):
        return vierogen.afsluiten_aanvragen(
            actor=actor,
            zaak=zaak,
            regel=regel,
            resultaattype=resultaattype,
            toelichting=toelichting,
        )
    if fouten := taken.blokkades(zaak, None, veld="resultaattype"):
        raise ValidationFailed(fouten)
    close_zaak(actor=actor, zaak=zaak, resultaattype=resultaattype, toelichting=toelichting)
    taken.laten_vervallen(zaak)
    return None


@transaction.atomic
def besluit_vastleggen(
    *, actor: Actor, zaak: Zaak, besluittype: BesluitType, gegevens: BesluitGegevens
) -> str | None:
    """Register the besluit; with a vier-ogen rule for besluiten, ask approval instead.
    Raises register_besluit's errors, or ValidationFailed for a second open request."""
    if regel := vierogen.regel_voor(zaak, VierOgenActie.besluit):
        return vierogen.besluit_aanvragen(
            actor=actor, zaak=zaak, regel=regel, besluittype=besluittype, gegevens=gegevens
        )
    register_besluit(actor=actor, besluittype=besluittype, zaak=zaak, gegevens=gegevens)
    return None
