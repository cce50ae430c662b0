"""The resultaat of a zaak: one per zaak, of a resultaattype of its zaaktype (zrc-020)."""

from __future__ import annotations

from uuid import UUID

from django.db import transaction

from iwerk.catalogi.models import ResultaatType
from iwerk.core import audit, gebeurtenissen
from iwerk.core.api.actor import Actor
from iwerk.core.api.bronwaarden import bewaarde_uuid
from iwerk.zaken.gebeurtenissen import ResultaatGewijzigd
from iwerk.zaken.models import Resultaat, Zaak
from iwerk.zaken.services.zaak import _fail, require


@transaction.atomic
def add_resultaat(
    *,
    actor: Actor,
    zaak: Zaak,
    resultaattype: ResultaatType,
    toelichting: str = "",
    uuid: UUID | None = None,
) -> Resultaat:
    """The one resultaat of a zaak (a second is refused); its type belongs to the zaaktype (zrc-020).

    A migration write keeps the source's uuid (ADR 0063; taken: uuid-bestaat)."""
    zaak = Zaak.objects.select_for_update(of=("self",)).select_related("zaaktype").get(pk=zaak.pk)
    scope = "zaken.geforceerd-bijwerken" if zaak.is_closed else "zaken.bijwerken"
    require(actor, scope, zaak.zaaktype, zaak.vertrouwelijkheidaanduiding)
    if resultaattype.zaaktype_id != zaak.zaaktype_id:
        raise _fail(
            "resultaattype",
            "zaaktype-mismatch",
            "Het resultaattype hoort niet bij het zaaktype van de zaak.",
        )
    if Resultaat.objects.filter(zaak=zaak).exists():
        raise _fail("zaak", "unique", "Deze zaak heeft al een resultaat.")
    resultaat = Resultaat(
        tenant_id=zaak.tenant_id, zaak=zaak, resultaattype=resultaattype, toelichting=toelichting
    )
    with bewaarde_uuid(resultaat, uuid):
        resultaat.save(force_insert=True)
    audit.record(
        actor=actor,
        actie="create",
        hoofd_object=zaak,
        resource=resultaat,
        nieuw=audit.snapshot(resultaat),
    )
    gebeurtenissen.publiceer(ResultaatGewijzigd(zaak.pk, "create"))  # see iwerk/verbindingen.py
    return resultaat


@transaction.atomic
def change_resultaat(
    *, actor: Actor, resultaat: Resultaat, resultaattype: ResultaatType, toelichting: str
) -> Resultaat:
    zaak = (
        Zaak.objects.select_for_update(of=("self",))
        .select_related("zaaktype")
        .get(pk=resultaat.zaak_id)
    )
    scope = "zaken.geforceerd-bijwerken" if zaak.is_closed else "zaken.bijwerken"
    require(actor, scope, zaak.zaaktype, zaak.vertrouwelijkheidaanduiding)
    if resultaattype.zaaktype_id != zaak.zaaktype_id:
        raise _fail(
            "resultaattype",
            "zaaktype-mismatch",
            "Het resultaattype hoort niet bij het zaaktype van de zaak.",
        )
    oud = audit.snapshot(resultaat)
    resultaat.resultaattype = resultaattype
    resultaat.toelichting = toelichting
    resultaat.save(update_fields=["resultaattype", "toelichting"])
    audit.record(
        actor=actor,
        actie="update",
        hoofd_object=zaak,
        resource=resultaat,
        oud=oud,
        nieuw=audit.snapshot(resultaat),
    )
    gebeurtenissen.publiceer(ResultaatGewijzigd(zaak.pk, "update"))  # see iwerk/verbindingen.py
    return resultaat


@transaction.atomic
def delete_resultaat(*, actor: Actor, resultaat: Resultaat) -> None:
    zaak = (
        Zaak.objects.select_for_update(of=("self",))
        .select_related("zaaktype")
        .get(pk=resultaat.zaak_id)
    )
    scope = "zaken.geforceerd-bijwerken" if zaak.is_closed else "zaken.bijwerken"
    require(actor, scope, zaak.zaaktype, zaak.vertrouwelijkheidaanduiding)
    oud = audit.snapshot(resultaat)
    audit.record(actor=actor, actie="destroy", hoofd_object=zaak, resource=resultaat, oud=oud)
    resultaat.delete()
    gebeurtenissen.publiceer(ResultaatGewijzigd(zaak.pk, "destroy"))  # see iwerk/verbindingen.py
