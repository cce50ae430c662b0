"""The conversation in Mijn zaken between the initiator of a zaak and its handler (ADR 0055).

Each message is an extern notitie on the zaak (what both sides read: Mijn zaken lists them, the
werkplek shows them among the notes) and a klantcontact in the gemeente's Klantinteracties
register (what the contact centre sees beside calls and visits), written in one transaction:
both or neither. The handler's answer also becomes a Bericht: the initiator is told on their own
channel that there is a message, with a link to Mijn zaken, never with its text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from iwerk.berichten import selectors
from iwerk.berichten.services import aanmaken
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ValidationFailed
from iwerk.klantinteracties.models import Partij
from iwerk.klantinteracties.selectors.toegang import Toegangen, voor_medewerker
from iwerk.klantinteracties.services import portaalcontact
from iwerk.klantinteracties.services.kcc import actor_voor_medewerker
from iwerk.klantinteracties.services.portaalcontact import Inwoner
from iwerk.zaken.models import Zaak, ZaakNotitie
from iwerk.zaken.services import save_notitie

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from iwerk.medewerkers.actor import Werkplekcontext

GEEN_AANVRAGER = "Deze zaak heeft geen aanvrager die een bericht kan ontvangen."
# The longest message the handler can send (the werkplek's form); a message template (sjablonen,
# ADR 0062) may not be longer, or its text could never be sent.
MAX_BERICHT = 4000


def _partij(wie: Toegangen, gemeente_id: int, inwoner: Inwoner | None) -> Partij | None:
    """The partij of the citizen, made now when there is none; None when the register refuses
    their number (no elfproef): the message is kept, its betrokkene then names no partij."""
    if inwoner is None:
        return None
    try:
        with transaction.atomic():
            return portaalcontact.partij_voor(wie, gemeente_id, inwoner)
    except ValidationFailed:
        return None


@transaction.atomic
def bericht_van_aanvrager(
    *,
    actor: Actor,
    zaak: Zaak,
    tekst: str,
    aangemaakt_door: str,
    inwoner: Inwoner,
    namens: bool = False,
) -> ZaakNotitie:
    """The initiator (or their gemachtigde, `namens`) wrote to the handler from Mijn zaken: an
    extern notitie and a klantcontact with them as initiating betrokkene. actor: the portaal's
    actor for them (the audit trail names them). Raises ApiError from the zaken register (a
    closed zaak, a zaak the actor may not change)."""
    notitie = save_notitie(
        actor=actor,
        zaak=zaak,
        fields={
            "onderwerp": selectors.VAN_AANVRAGER,
            "tekst": tekst,
            "notitie_type": "extern",
            "status": "definitief",
            "aangemaakt_door": aangemaakt_door,
        },
    )
    wie = portaalcontact.toegangen_voor_inwoner(actor, zaak.tenant_id)
    portaalcontact.bericht_vastleggen(
        wie,
        zaak=zaak,
        tekst=tekst,
        partij=_partij(wie, zaak.tenant_id, inwoner),
        van_aanvrager=True,
        namens=namens,
    )
    return notitie


def _inwoner(initiator: selectors.Initiator) -> Inwoner | None:
    """The initiator as a new partij would name them: by BSN or KvK-nummer (a vestigingsnummer
    alone makes no partij: it needs its KvK-nummer as well)."""
    for soort, nummer in initiator.nummers:
        if soort == "bsn":
            return Inwoner(soort, nummer, achternaam=initiator.naam)
        if soort == "kvk_nummer":
            return Inwoner(soort, nummer, organisatienaam=initiator.naam)
    return None


@transaction.atomic
def antwoord_aan_aanvrager(
    *, context: Werkplekcontext, gebruiker: User, zaak: Zaak, tekst: str
) -> ZaakNotitie:
    """The handler writes to the initiator from the werkplek: an extern notitie (shown in Mijn
    zaken), a klantcontact with the handler as actor and the initiator's partij as betrokkene,
    and a Bericht on the initiator's channel (services/aanmaken.bericht_geschreven).

    Rules: the zaak has an initiator that is a person or company with a number; the handler may
    change the zaak (the zaken register checks it). Raises ValidationFailed ("tekst":
    no initiator) and the zaken register's ApiError."""
    initiator = selectors.get_initiator(zaak.pk)
    if initiator is None:
        raise ValidationFailed.single("tekst", "geen-aanvrager", GEEN_AANVRAGER)
    notitie = save_notitie(
        actor=context.actor,
        zaak=zaak,
        fields={
            "onderwerp": selectors.AAN_AANVRAGER,
            "tekst": tekst,
            "notitie_type": "extern",
            "status": "definitief",
        },
    )
    wie = voor_medewerker(context)
    partij = selectors.get_bereikbaarheid(zaak.tenant_id, initiator).partij or _partij(
        wie, zaak.tenant_id, _inwoner(initiator)
    )
    portaalcontact.bericht_vastleggen(
        wie,
        zaak=zaak,
        tekst=tekst,
        partij=partij,
        van_aanvrager=False,
        medewerker=actor_voor_medewerker(zaak.tenant_id, gebruiker),
    )
    aanmaken.bericht_geschreven(zaak.pk, notitie.pk)
    return notitie
