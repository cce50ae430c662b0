"""What a citizen or business may see of its own zaken: matched on the BSN/KvK of its rol.

Every query is bound to one gemeente and one identity; a zaak of another person or another
gemeente is simply not in the result (and its URL answers 404, like a zaak that does not exist).
A gemachtigde acting for someone sees that person's zaken of the services the authorisation
covers, only while acting for them (ADR 0051).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.catalogi.models import StatusType, ZaakTypeInformatieObjectType
from iwerk.core.models import Gemeente
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.portaal.identiteit import ALLE_DIENSTEN, Identiteit
from iwerk.portaal.models import AangeleverdDocument
from iwerk.zaken.models import Rol, Status, Zaak, ZaakInformatieObject, ZaakNotitie

# Documents of the gemeente reach the citizen once final, never while being worked on.
_AF = ("definitief", "gearchiveerd")


def zaken(gemeente: Gemeente, wie: Identiteit) -> QuerySet[Zaak]:
    """The zaken of the person or business `wie` is about (`wie.betrokkene`): those it asked
    for itself (initiator, not as someone's gemachtigde) and those asked for it by a gemachtigde
    (its rol says machtiginggever). Acting for someone: only the zaaktypen the machtiging covers.
    Nothing a signed-in person filed for someone else shows among their own zaken."""
    nummer = {"kvk_nummer": wie.nummer} if wie.is_bedrijf else {"bsn": wie.betrokkene}
    eigen = Q(roltype__omschrijving_generiek="initiator") & ~Q(indicatie_machtiging="gemachtigde")
    rollen = Rol.objects.filter(
        eigen | Q(indicatie_machtiging="machtiginggever"), tenant=gemeente, **nummer
    ).values("zaak_id")
    result = Zaak.objects.filter(tenant=gemeente, pk__in=rollen)
    if wie.handelt_namens and ALLE_DIENSTEN not in wie.diensten:
        result = result.filter(zaaktype__identificatie__in=wie.diensten)
    return result.select_related("zaaktype")


def huidige_statussen(zaak_ids: list[int]) -> dict[int, Status]:
    """The latest status per zaak, in one query."""
    latest: dict[int, Status] = {}
    for status in (
        Status.objects.filter(zaak_id__in=zaak_ids)
        .select_related("statustype")
        .order_by("zaak_id", "datum_status_gezet", "pk")
    ):
        latest[status.zaak_id] = status
    return latest


def voortgang(zaak: Zaak) -> list[dict]:
    """Every statustype of the zaaktype in order: reached (with its date), current or still to come."""
    gezet = {
        s.statustype_id: s
        for s in Status.objects.filter(zaak=zaak).order_by("datum_status_gezet", "pk")
    }
    huidige = max(gezet.values(), key=lambda s: (s.datum_status_gezet, s.pk), default=None)
    stappen = []
    for statustype in StatusType.objects.filter(zaaktype_id=zaak.zaaktype_id).order_by(
        "volgnummer"
    ):
        status = gezet.get(statustype.pk)
        stappen.append(
            {
                "naam": statustype.omschrijving,
                "tekst": statustype.statustekst,
                "datum": status.datum_status_gezet if status else None,
                "huidig": huidige is not None and status is huidige,
                "bereikt": status is not None,
            }
        )
    return stappen


def documenten(
    zaak: Zaak,
) -> tuple[list[EnkelvoudigInformatieObject], list[EnkelvoudigInformatieObject]]:
    """(from the gemeente, sent by the citizen): final outgoing documents and the besluiten's
    documents; and what the citizen sent. Nothing internal, nothing in progress."""
    uitgaand = ZaakTypeInformatieObjectType.objects.filter(
        zaaktype_id=zaak.zaaktype_id, richting="uitgaand"
    ).values("informatieobjecttype_omschrijving")
    op_zaak = ZaakInformatieObject.objects.filter(zaak=zaak).values("informatieobject_id")
    van_besluit = BesluitInformatieObject.objects.filter(besluit__zaak=zaak).values(
        "informatieobject_id"
    )
    eigen_ids = set(
        AangeleverdDocument.objects.filter(zaak=zaak).values_list("document_id", flat=True)
    )
    gemeente = list(
        EnkelvoudigInformatieObject.objects.filter(tenant_id=zaak.tenant_id, status__in=_AF)
        .filter(
            Q(pk__in=op_zaak, informatieobjecttype__omschrijving__in=uitgaand)
            | Q(pk__in=van_besluit)
        )
        .exclude(pk__in=eigen_ids)
        .select_related("huidige_versie")
        .order_by("pk")
    )
    eigen = list(
        EnkelvoudigInformatieObject.objects.filter(pk__in=eigen_ids)
        .select_related("huidige_versie")
        .order_by("pk")
    )
    return gemeente, eigen


def besluiten(zaak: Zaak) -> list[Besluit]:
    return list(Besluit.objects.filter(zaak=zaak).select_related("besluittype").order_by("datum"))


def berichten(zaak: Zaak) -> list[ZaakNotitie]:
    """Notes meant for the initiator (notitieType extern), both ways."""
    return list(
        ZaakNotitie.objects.filter(gerelateerd_aan=zaak, notitie_type="extern").order_by(
            "aanmaakdatum"
        )
    )
