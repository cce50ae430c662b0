"""Klantcontacten and the links to contactmomenten and verzoeken of a Klantinteracties register."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.db.models import Model

from iwerk.core import gebeurtenissen
from iwerk.core.api.actor import Actor
from iwerk.zaken.gebeurtenissen import KlantcontactToegevoegd
from iwerk.zaken.models import KlantContact, Zaak, ZaakContactMoment, ZaakVerzoek
from iwerk.zaken.services.common import delete_part, lock_for_change, save_part


@transaction.atomic
def add_klantcontact(
    *,
    actor: Actor,
    zaak: Zaak,
    datumtijd: datetime,
    identificatie: str = "",
    kanaal: str = "",
    onderwerp: str = "",
    toelichting: str = "",
    uuid: UUID | None = None,
) -> KlantContact:
    """Record a contact with the klant; identificatie is generated per zaak when absent.

    A migration write keeps the source's uuid (ADR 0063)."""
    zaak = lock_for_change(actor, zaak.pk)
    if not identificatie:
        identificatie = f"KC-{KlantContact.objects.filter(zaak=zaak).count() + 1:05d}"
    klantcontact = save_part(
        actor=actor,
        zaak=zaak,
        obj=KlantContact(tenant_id=zaak.tenant_id, zaak=zaak),
        fields={
            "identificatie": identificatie,
            "datumtijd": datumtijd,
            "kanaal": kanaal,
            "onderwerp": onderwerp,
            "toelichting": toelichting,
        },
        uuid=uuid,
    )
    gebeurtenissen.publiceer(KlantcontactToegevoegd(zaak.pk))  # see iwerk/verbindingen.py
    return klantcontact


@transaction.atomic
def add_link(
    *,
    actor: Actor,
    zaak: Zaak,
    model: type[ZaakContactMoment] | type[ZaakVerzoek],
    url: str,
    uuid: UUID | None = None,
) -> Model:
    """Link a contactmoment or verzoek. The target lives in another register; its URL is kept as
    given. A migration write keeps the source's uuid (ADR 0063)."""
    zaak = lock_for_change(actor, zaak.pk)
    field = "contactmoment" if model is ZaakContactMoment else "verzoek"
    return save_part(
        actor=actor,
        zaak=zaak,
        obj=model(tenant_id=zaak.tenant_id, zaak=zaak),
        fields={field: url},
        uuid=uuid,
    )


@transaction.atomic
def delete_link(*, actor: Actor, obj: ZaakContactMoment | ZaakVerzoek) -> None:
    delete_part(actor=actor, obj=obj, zaak_id=obj.zaak_id)
