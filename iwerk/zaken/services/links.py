"""Klantcontacten and the links to contactmomenten and verzoeken of a Klantinteracties register."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Model

from iwerk.core import audit
from iwerk.core.api.actor import Actor
from iwerk.zaken.models import KlantContact, Zaak, ZaakContactMoment, ZaakVerzoek
from iwerk.zaken.services.common import may_change


def _locked(zaak: Zaak) -> Zaak:
    return Zaak.objects.select_for_update(of=("self",)).select_related("zaaktype").get(pk=zaak.pk)


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
) -> KlantContact:
    """Record a contact with the klant; identificatie is generated per zaak when absent."""
    zaak = _locked(zaak)
    may_change(actor, zaak)
    if not identificatie:
        identificatie = f"KC-{KlantContact.objects.filter(zaak=zaak).count() + 1:05d}"
    obj = KlantContact.objects.create(
        tenant_id=zaak.tenant_id,
        zaak=zaak,
        identificatie=identificatie,
        datumtijd=datumtijd,
        kanaal=kanaal,
        onderwerp=onderwerp,
        toelichting=toelichting,
    )
    audit.record(
        actor=actor, actie="create", hoofd_object=zaak, resource=obj, nieuw=audit.snapshot(obj)
    )
    return obj


@transaction.atomic
def add_link(
    *, actor: Actor, zaak: Zaak, model: type[ZaakContactMoment] | type[ZaakVerzoek], url: str
) -> Model:
    """Link a contactmoment or verzoek. The target lives in another register; its URL is kept as given."""
    zaak = _locked(zaak)
    may_change(actor, zaak)
    field = "contactmoment" if model is ZaakContactMoment else "verzoek"
    obj = model.objects.create(tenant_id=zaak.tenant_id, zaak=zaak, **{field: url})
    audit.record(
        actor=actor, actie="create", hoofd_object=zaak, resource=obj, nieuw=audit.snapshot(obj)
    )
    return obj


@transaction.atomic
def delete_link(*, actor: Actor, obj: ZaakContactMoment | ZaakVerzoek) -> None:
    zaak = _locked(obj.zaak)
    may_change(actor, zaak)
    audit.record(
        actor=actor, actie="destroy", hoofd_object=zaak, resource=obj, oud=audit.snapshot(obj)
    )
    obj.delete()
