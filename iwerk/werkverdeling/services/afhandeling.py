"""The werkplek's status change, closing and besluit, with the rules of werkverdeling: open
verplichte tasks block moving on; a vier-ogen rule turns the action into an approval task.

Each returns None when the action took effect, or the Dutch message to show when it waits for
approval. STUB (skeleton): the checks are implemented by the tasks work of issue 29.
"""

from __future__ import annotations

from iwerk.besluiten.services import BesluitGegevens, register_besluit
from iwerk.catalogi.models import BesluitType, ResultaatType, StatusType
from iwerk.core.api.actor import Actor
from iwerk.zaken.models import Zaak
from iwerk.zaken.services import set_status
from iwerk.zaken.services.afhandeling import close_zaak


def status_zetten(
    *, actor: Actor, zaak: Zaak, statustype: StatusType, toelichting: str
) -> str | None:
    from django.utils import timezone

    set_status(
        actor=actor,
        zaak=zaak,
        statustype=statustype,
        datum_status_gezet=timezone.now(),
        statustoelichting=toelichting,
    )
    return None


def afsluiten(
    *, actor: Actor, zaak: Zaak, resultaattype: ResultaatType, toelichting: str
) -> str | None:
    close_zaak(actor=actor, zaak=zaak, resultaattype=resultaattype, toelichting=toelichting)
    return None


def besluit_vastleggen(
    *, actor: Actor, zaak: Zaak, besluittype: BesluitType, gegevens: BesluitGegevens
) -> str | None:
    register_besluit(actor=actor, besluittype=besluittype, zaak=zaak, gegevens=gegevens)
    return None
