"""Every state change of the Besluiten register, with the BRC rules it must obey (brc-001 … brc-009)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.catalogi.models import BesluitType
from iwerk.core import audit, auditketen, generations, migratie
from iwerk.core.api.actor import Actor
from iwerk.core.api.bronwaarden import bewaarde_uuid
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.core.identificatie import continue_after, next_in_series
from iwerk.core.models import AuditTrail, IdentificatieReeks
from iwerk.documenten import services as documenten
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.zaken import services as zaken
from iwerk.zaken.models import Zaak

PATH = "/besluiten/api/v1/besluiten"


def besluit_path(besluit: Besluit) -> str:
    return f"{PATH}/{besluit.uuid}"


@dataclass
class BesluitGegevens:
    verantwoordelijke_organisatie: str
    datum: date
    ingangsdatum: date
    identificatie: str = ""
    toelichting: str = ""
    bestuursorgaan: str = ""
    vervaldatum: date | None = None
    vervalreden: str = ""
    publicatiedatum: date | None = None
    verzenddatum: date | None = None
    uiterlijke_reactiedatum: date | None = None
    uuid: UUID | None = None  # the source's, kept in a migration write only (ADR 0063)


def _fail(name: str, code: str, reason: str) -> ValidationFailed:
    return ValidationFailed([InvalidParam(name, code, reason)])


def require(actor: Actor, scope: str, besluittype: BesluitType) -> None:
    if not actor.permits(
        "brc", scope, type_id=besluittype.pk, catalogus_id=besluittype.catalogus_id
    ):
        raise PermissionDenied(f"Deze applicatie mist de scope {scope} voor dit besluittype.")


def _check(besluittype: BesluitType, zaak: Zaak | None, gegevens: BesluitGegevens) -> None:
    errors: list[InvalidParam] = []
    if besluittype.concept:
        errors.append(
            InvalidParam(
                "besluittype", "not-published", "Het besluittype is nog niet gepubliceerd."
            )
        )
    if zaak is not None and not (
        besluittype.catalogus_id == zaak.zaaktype.catalogus_id
        and besluittype.omschrijving in (zaak.zaaktype.besluittype_omschrijvingen or [])
    ):
        errors.append(
            InvalidParam(
                "nonFieldErrors",
                "zaaktype-mismatch",
                "Het besluittype hoort niet bij het zaaktype van de zaak (brc-007).",
            )
        )
    if gegevens.datum > timezone.localdate():
        errors.append(
            InvalidParam("datum", "future-not-allowed", "De besluitdatum ligt in de toekomst.")
        )
    if gegevens.vervaldatum and gegevens.vervaldatum < gegevens.ingangsdatum:
        errors.append(
            InvalidParam("vervaldatum", "invalid", "De vervaldatum ligt vóór de ingangsdatum.")
        )
    if errors:
        raise ValidationFailed(errors)


def next_identificatie(organisatie: str, jaar: int) -> str:
    return next_in_series(
        IdentificatieReeks,
        {"soort": "BESLUIT", "organisatie": organisatie, "jaar": jaar},
        "BESLUIT",
        jaar,
        lambda candidate: Besluit.objects.filter(
            verantwoordelijke_organisatie=organisatie, identificatie=candidate
        ).exists(),
    )


def _fields(gegevens: BesluitGegevens) -> dict:
    return {
        "datum": gegevens.datum,
        "toelichting": gegevens.toelichting,
        "bestuursorgaan": gegevens.bestuursorgaan,
        "ingangsdatum": gegevens.ingangsdatum,
        "vervaldatum": gegevens.vervaldatum,
        "vervalreden": gegevens.vervalreden,
        "publicatiedatum": gegevens.publicatiedatum,
        "verzenddatum": gegevens.verzenddatum,
        "uiterlijke_reactiedatum": gegevens.uiterlijke_reactiedatum,
    }


@transaction.atomic
def register_besluit(
    *, actor: Actor, besluittype: BesluitType, zaak: Zaak | None, gegevens: BesluitGegevens
) -> Besluit:
    """Register a besluit; with a zaak, the zaakbesluit is written in the same transaction (brc-006).

    A migration write (ADR 0063) keeps the source's uuid (taken: uuid-bestaat; the zaakbesluit,
    iwerk's own mirror, gets a fresh one) and an identificatie of the generated form raises its
    series' counter.
    """
    require(actor, "besluiten.aanmaken", besluittype)
    _check(besluittype, zaak, gegevens)
    identificatie = gegevens.identificatie
    if identificatie:
        if Besluit.objects.filter(
            verantwoordelijke_organisatie=gegevens.verantwoordelijke_organisatie,
            identificatie=identificatie,
        ).exists():
            raise _fail(
                "identificatie",
                "identificatie-niet-uniek",
                "Deze identificatie bestaat al voor deze verantwoordelijke organisatie.",
            )
        if migratie.actief():
            continue_after(
                IdentificatieReeks,
                {"soort": "BESLUIT", "organisatie": gegevens.verantwoordelijke_organisatie},
                "BESLUIT",
                identificatie,
            )
    else:
        identificatie = next_identificatie(
            gegevens.verantwoordelijke_organisatie, timezone.localdate().year
        )
    besluit = Besluit(
        tenant_id=besluittype.tenant_id,
        besluittype=besluittype,
        zaak=zaak,
        identificatie=identificatie,
        verantwoordelijke_organisatie=gegevens.verantwoordelijke_organisatie,
        **_fields(gegevens),
    )
    with bewaarde_uuid(besluit, gegevens.uuid):
        besluit.save(force_insert=True)
    if zaak is not None:
        zaken.link_besluit(actor=actor, zaak=zaak, besluit_path=besluit_path(besluit))
    audit.record(
        actor=actor,
        actie="create",
        hoofd_object=besluit,
        resource=besluit,
        nieuw=audit.snapshot(besluit),
    )
    return besluit


@transaction.atomic
def update_besluit(
    *,
    actor: Actor,
    besluit: Besluit,
    besluittype: BesluitType,
    zaak: Zaak | None,
    gegevens: BesluitGegevens,
) -> Besluit:
    """Change a besluit; besluittype, zaak, identificatie and organisation are fixed (brc-001/002/006)."""
    besluit = (
        Besluit.objects.select_for_update(of=("self",))
        .select_related("besluittype")
        .get(pk=besluit.pk)
    )
    require(actor, "besluiten.bijwerken", besluit.besluittype)
    fixed = {
        "besluittype": besluittype.pk != besluit.besluittype_id,
        "zaak": (zaak.pk if zaak else None) != besluit.zaak_id,
        "identificatie": bool(gegevens.identificatie)
        and gegevens.identificatie != besluit.identificatie,
        "verantwoordelijkeOrganisatie": gegevens.verantwoordelijke_organisatie
        != besluit.verantwoordelijke_organisatie,
    }
    errors = [
        InvalidParam(name, "wijzigen-niet-toegelaten", f"{name} kan niet gewijzigd worden.")
        for name, changed in fixed.items()
        if changed
    ]
    if errors:
        raise ValidationFailed(errors)
    if gegevens.datum > timezone.localdate():
        raise _fail("datum", "future-not-allowed", "De besluitdatum ligt in de toekomst.")
    oud = audit.snapshot(besluit)
    for key, value in _fields(gegevens).items():
        setattr(besluit, key, value)
    besluit.save()
    audit.record(
        actor=actor,
        actie="update",
        hoofd_object=besluit,
        resource=besluit,
        oud=oud,
        nieuw=audit.snapshot(besluit),
    )
    return besluit


@transaction.atomic
def delete_besluit(
    *, actor: Actor, besluit: Besluit, afvoergrond: auditketen.Afvoergrond | None = None
) -> None:
    """Hard delete with its BIOs, their OIOs, the zaakbesluit and the audit trail (brc-009).

    `afvoergrond`: why the audit trail goes, when not simply with the besluit (a
    vernietigingslijst).
    """
    require(actor, "besluiten.verwijderen", besluit.besluittype)
    path = besluit_path(besluit)
    documenten.unlink_objects([path])
    zaken.unlink_besluit(actor=actor, besluit_path=path)
    grond = afvoergrond or auditketen.Afvoergrond("brc-009")
    auditketen.afvoeren(
        AuditTrail.objects.filter(hoofd_object_uuid=besluit.uuid),
        grond.reden,
        actor=actor,
        object_path=audit.object_path(besluit),
        verwijzing=grond.verwijzing,
    )
    audit.announce_destroy(besluit)
    besluit.delete()
    generations.bump("besluiten")  # no audit record survives this change to move it


@transaction.atomic
def add_besluitinformatieobject(
    *,
    actor: Actor,
    besluit: Besluit,
    document: EnkelvoudigInformatieObject,
    uuid: UUID | None = None,
) -> BesluitInformatieObject:
    """Relate a document to a besluit and mirror it as objectinformatieobject (brc-003 … brc-005, brc-008).

    A migration write keeps the source's uuid (ADR 0063); the objectinformatieobject gets a
    fresh one."""
    besluit = (
        Besluit.objects.select_for_update(of=("self",))
        .select_related("besluittype")
        .get(pk=besluit.pk)
    )
    require(actor, "besluiten.aanmaken", besluit.besluittype)
    iot = document.informatieobjecttype
    if not (
        iot.catalogus_id == besluit.besluittype.catalogus_id
        and iot.omschrijving in (besluit.besluittype.informatieobjecttype_omschrijvingen or [])
    ):
        raise _fail(
            "nonFieldErrors",
            "missing-besluittype-informatieobjecttype-relation",
            "Het informatieobjecttype van het document hoort niet bij het besluittype.",
        )
    if BesluitInformatieObject.objects.filter(besluit=besluit, informatieobject=document).exists():
        raise _fail("nonFieldErrors", "unique", "Dit document hoort al bij dit besluit.")
    obj = BesluitInformatieObject(
        tenant_id=besluit.tenant_id, besluit=besluit, informatieobject=document
    )
    with bewaarde_uuid(obj, uuid):
        obj.save(force_insert=True)
    documenten.link(document=document, object_type="besluit", object_path=besluit_path(besluit))
    audit.record(
        actor=actor, actie="create", hoofd_object=besluit, resource=obj, nieuw=audit.snapshot(obj)
    )
    return obj


@transaction.atomic
def delete_besluitinformatieobject(*, actor: Actor, bio: BesluitInformatieObject) -> None:
    besluit = (
        Besluit.objects.select_for_update(of=("self",))
        .select_related("besluittype")
        .get(pk=bio.besluit_id)
    )
    require(actor, "besluiten.verwijderen", besluit.besluittype)
    audit.record(
        actor=actor, actie="destroy", hoofd_object=besluit, resource=bio, oud=audit.snapshot(bio)
    )
    documenten.unlink(document_id=bio.informatieobject_id, object_path=besluit_path(besluit))
    bio.delete()


def relation_exists(object_path: str, document_id: int) -> bool:
    """The Documenten register's question to the source (drc-004): does this besluit hold the document?"""
    key = object_path.rstrip("/").rsplit("/", 1)[-1]
    return BesluitInformatieObject.objects.filter(
        besluit__uuid=key, informatieobject_id=document_id
    ).exists()


def dates_for_zaak(zaak_id: int) -> tuple[tuple[date, ...], tuple[date, ...]]:
    """ingangsdatum and vervaldatum of a zaak's besluiten (zrc-021 afleidingswijzen *_besluit)."""
    rows = list(Besluit.objects.filter(zaak_id=zaak_id).values_list("ingangsdatum", "vervaldatum"))
    return tuple(r[0] for r in rows), tuple(r[1] for r in rows if r[1])
