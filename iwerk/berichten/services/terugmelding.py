"""Every message sent (or given up) becomes a klantcontact in the Klantinteracties register, so
the contact centre sees it beside calls and visits: kanaal e-mail, sms or mijn zaken; the partij
as betrokkene; the zaak as onderwerpobject (codeObjecttype "zaak", codeRegister "iwerk", objectId
its uuid). Written with the register's own numbering and audit trail (and so its notifications
on kanaal klantinteracties), as iwerk itself: the actor "iwerk-berichten".
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db import transaction

from iwerk.core.api.actor import Actor
from iwerk.klantinteracties.models import (
    Betrokkene,
    Klantcontact,
    Onderwerpobject,
    Partij,
    Rol,
)
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import nummer, vastleggen

IWERK = Toegangen(
    actor=Actor(
        client_id="iwerk-berichten",
        applicatie_uuid=None,
        applicatie_label="iwerk berichten",
        heeft_alle_autorisaties=True,
    )
)
# Bericht.kanaal -> Klantcontact.kanaal (free text in the API; the words the KCC reads).
KANALEN = {"email": "e-mail", "sms": "sms", "mijn_zaken": "mijn zaken"}


@transaction.atomic
def bericht_vastgelegd(
    *,
    gemeente_id: int,
    kanaal: str,
    onderwerp: str,
    inhoud: str,
    gelukt: bool,
    zaak_uuid: UUID,
    partij_uuid: UUID | None,
    plaatsgevonden_op: datetime,
    vertrouwelijkheid_rang: int = 0,
) -> Klantcontact:
    """Record one message as a klantcontact with its betrokkene and onderwerpobject.

    Rules: the klantcontact gets the gemeente's next nummer; its vertrouwelijkheid_rang is at
    least that of the zaak (ADR 0052: a reader who may not see the zaak does not see this
    either); a partij that no longer exists leaves the betrokkene without one. Raises nothing
    of its own; a database error rolls the whole record back with the caller's transaction.
    """
    klantcontact = Klantcontact.objects.create(
        tenant_id=gemeente_id,
        nummer=nummer(gemeente_id, "klantcontact", Klantcontact),
        kanaal=KANALEN.get(kanaal, kanaal),
        onderwerp=onderwerp[:200],
        inhoud=inhoud[:1000],
        indicatie_contact_gelukt=gelukt,
        taal="nld",
        vertrouwelijk=False,
        plaatsgevonden_op=plaatsgevonden_op,
        vertrouwelijkheid_rang=vertrouwelijkheid_rang,
    )
    vastleggen(IWERK, "create", klantcontact)
    partij = (
        Partij.objects.filter(tenant_id=gemeente_id, uuid=partij_uuid).first()
        if partij_uuid is not None
        else None
    )
    betrokkene = Betrokkene.objects.create(
        tenant_id=gemeente_id,
        was_partij=partij,
        had_klantcontact=klantcontact,
        rol=Rol.klant,
        initiator=False,  # the gemeente began this contact
        organisatienaam=partij.naam if partij is not None else "",
        contactnaam_voorletters=partij.contactnaam_voorletters if partij else "",
        contactnaam_voornaam=partij.contactnaam_voornaam if partij else "",
        contactnaam_voorvoegsel_achternaam=partij.contactnaam_voorvoegsel_achternaam
        if partij
        else "",
        contactnaam_achternaam=partij.contactnaam_achternaam if partij else "",
    )
    vastleggen(IWERK, "create", betrokkene)
    onderwerpobject = Onderwerpobject.objects.create(
        tenant_id=gemeente_id,
        klantcontact=klantcontact,
        code_objecttype="zaak",
        code_register="iwerk",
        code_soort_object_id="uuid",
        object_id=str(zaak_uuid),
        zaak_uuid=zaak_uuid,
    )
    vastleggen(IWERK, "create", onderwerpobject)
    return klantcontact
