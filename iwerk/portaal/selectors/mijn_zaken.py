"""What a citizen or business may see of its own zaken: matched on the BSN/KvK of its rol.

Every query is bound to one gemeente and one identity; a zaak of another person or another
gemeente is simply not in the result (and its URL answers 404, like a zaak that does not exist).
A gemachtigde acting for someone sees that person's zaken of the services the authorisation
covers, only while acting for them (ADR 0051).
"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from django.db.models import Q, QuerySet

from iwerk.berichten import selectors as berichten_selectors
from iwerk.berichten.models import Bericht
from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.catalogi.models import StatusType, ZaakTypeInformatieObjectType
from iwerk.core.models import Gemeente
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.klantinteracties.services.portaalcontact import Inwoner
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


def mijn_berichten(
    gemeente: Gemeente, wie: Identiteit, zaak_uuids: Collection[UUID], aantal: int = 20
) -> list[Bericht]:
    """The newest messages in Mijn zaken addressed to the one signed in (a gemachtigde: to them,
    as the initiator they are), about the zaken the page shows. One query."""
    berichten = berichten_selectors.list_mijn_zaken_berichten(
        gemeente_id=gemeente.pk,
        identificatie_soort="kvk_nummer" if wie.middel == "eherkenning" else "bsn",
        identificatie=wie.nummer,
        zaak_uuids=zaak_uuids,
    )
    velden = ("uuid", "zaak_uuid", "zaak_identificatie", "onderwerp", "tekst", "aangemaakt")
    return list(berichten.only(*velden)[:aantal])


def inwoner(gemeente: Gemeente, wie: Identiteit, zaak: Zaak | None = None) -> Inwoner:
    """The one signed in as the Klantinteracties register names a new partij: by BSN or
    KvK-nummer, with the name their newest initiator rol (on this zaak, else any of the gemeente)
    gives, else the sign-in's. One indexed query."""
    bedrijf = wie.middel == "eherkenning"
    rollen = Rol.objects.filter(
        tenant=gemeente,
        roltype__omschrijving_generiek="initiator",
        **({"kvk_nummer": wie.nummer} if bedrijf else {"bsn": wie.nummer}),
    )
    if zaak is not None:
        rollen = rollen.filter(zaak=zaak)
    rol = rollen.order_by("-pk").only("betrokkene_identificatie").first()
    ident = (rol.betrokkene_identificatie or {}) if rol is not None else {}
    if bedrijf:
        handelsnamen = ident.get("handelsnaam") or []
        naam = str(ident.get("statutaireNaam") or (handelsnamen[0] if handelsnamen else ""))
        return Inwoner("kvk_nummer", wie.nummer, organisatienaam=naam or wie.naam)
    if ident.get("geslachtsnaam"):
        return Inwoner(
            "bsn",
            wie.nummer,
            voornaam=str(ident.get("voornamen") or ""),
            voorvoegsel=str(ident.get("voorvoegselGeslachtsnaam") or ""),
            achternaam=str(ident["geslachtsnaam"]),
        )
    return Inwoner("bsn", wie.nummer, achternaam=wie.naam)
