"""Catalogus, zaaktype, informatieobjecttype and besluittype: create, change, publish, delete."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Q

from iwerk.catalogi.gebeurtenissen import TypeGewijzigd
from iwerk.catalogi.models import (
    BesluitType,
    Catalogus,
    InformatieObjectType,
    ZaakType,
)
from iwerk.catalogi.services.common import (
    FORCED_WRITE,
    WRITE,
    _check_tenant,
    _fail,
    check_may_change,
    check_may_delete,
    save,
)
from iwerk.core import gebeurtenissen, generations
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.core.models import Gemeente
from iwerk.referentielijsten import selectors as referentielijsten

Type = TypeVar("Type", bound=ZaakType | InformatieObjectType | BesluitType)

# --- Catalogus ------------------------------------------------------------------------


@transaction.atomic
def save_catalogus(
    *,
    actor: Actor,
    catalogus: Catalogus | None,
    fields: dict,
    tenant: Gemeente | None = None,
    uuid: UUID | None = None,
) -> Catalogus:
    """Create or update a catalogus.

    A new catalogus gets its tenant from ``tenant_for_new_catalogus`` (ADR 0025) unless the caller
    (the import) names one; any RSIN that passes the 11-proef is accepted. The tenant never
    changes afterwards; the RSIN is data of the catalogus and may change. A new catalogus keeps
    the source's uuid in a migration write (ADR 0063), as every type below does.
    """
    if catalogus is None:
        actor.require(WRITE)
        if tenant is None:
            tenant = tenant_for_new_catalogus(actor, fields["rsin"])
        else:
            _check_tenant(actor, tenant.pk)
        catalogus = Catalogus(tenant=tenant)
    else:
        actor.require(WRITE, FORCED_WRITE)
        _check_tenant(actor, catalogus.tenant_id)
    for key, value in fields.items():
        setattr(
            catalogus,
            key,
            value if value is not None else ("" if key != "begindatum_versie" else None),
        )
    if (
        Catalogus.objects.filter(domein=catalogus.domein, rsin=catalogus.rsin)
        .exclude(pk=catalogus.pk)
        .exists()
    ):
        raise _fail(
            "nonFieldErrors", "unique", "Er bestaat al een catalogus met dit domein en RSIN."
        )
    save(catalogus, uuid)
    return catalogus


def tenant_for_new_catalogus(actor: Actor, rsin: str) -> Gemeente:
    """The tenant of a catalogus a client creates for ``rsin`` (ADR 0025); never a refusal.

    1. the gemeente with this RSIN, when the client works for it;
    2. otherwise the client's gemeente, when it works for exactly one;
    3. otherwise a tenant of its own for this RSIN, not yet assigned, that beheer assigns later
       (an all-gemeenten client, a client of several gemeenten or of none). The creating
       applicatie works for it (the Actor adds it, see ``autorisaties.selectors``).
    """
    allowed = actor.catalogi_tenant_ids

    def may(pk: int) -> bool:
        return allowed is None or pk in allowed

    owner = Gemeente.objects.filter(rsin=rsin).first()
    if owner is not None and may(owner.pk):
        return owner
    if allowed is not None:
        eigen = list(Gemeente.objects.filter(pk__in=allowed, toegewezen=True)[:2])
        if len(eigen) == 1:
            return eigen[0]
    # A tenant of its own made earlier for this RSIN (when a gemeente already had the RSIN).
    earlier = (
        Catalogus.objects.filter(
            rsin=rsin,
            tenant__toegewezen=False,
            tenant__aangemaakt_door_applicatie=actor.applicatie_uuid,
        )
        .select_related("tenant")
        .order_by("pk")
        .first()
        if actor.applicatie_uuid
        else None
    )
    if earlier is not None and may(earlier.tenant_id):
        return earlier.tenant
    return _new_pending_tenant(actor, rsin, rsin_free=owner is None)


def _new_pending_tenant(actor: Actor, rsin: str, *, rsin_free: bool) -> Gemeente:
    base_naam, base_slug = f"Nog toe te wijzen: RSIN {rsin}", f"nog-toe-te-wijzen-{rsin}"
    naam, slug, n = base_naam, base_slug, 1
    while Gemeente.objects.filter(Q(naam=naam) | Q(slug=slug)).exists():
        n += 1
        naam, slug = f"{base_naam} ({n})", f"{base_slug}-{n}"
    if rsin_free:
        eigen_rsin = rsin
    else:
        # Gemeente.rsin is unique and this RSIN belongs to a gemeente the client does not work
        # for: a placeholder that no real RSIN can equal (beheer fills in the right one).
        last = Gemeente.objects.filter(rsin__startswith="X").order_by("-rsin").first()
        eigen_rsin = f"X{int(last.rsin[1:]) + 1 if last else 1:08d}"
    gemeente = Gemeente.objects.create(
        naam=naam,
        slug=slug,
        rsin=eigen_rsin,
        toegewezen=False,
        aangemaakt_door_applicatie=actor.applicatie_uuid,
    )
    # The creating client works for the new tenant from its next request on.
    generations.bump("autorisaties")
    return gemeente


# --- Zaaktype -------------------------------------------------------------------------


def _same_catalogus(catalogus: Catalogus, related: Iterable, field: str) -> None:
    for index, obj in enumerate(related):
        if obj.catalogus_id != catalogus.pk:
            raise _fail(
                f"{field}.{index}" if field else "nonFieldErrors",
                "relations-incorrect-catalogus",
                "Relaties moeten binnen dezelfde catalogus blijven.",
            )


def _check_procestype(url: str, own_hosts: set[str]) -> None:
    if not url:
        return
    try:
        referentielijsten.procestype_uuid(url, own_hosts=own_hosts)
    except referentielijsten.ReferentieNotFound as exc:
        raise _fail(
            "selectielijstProcestype",
            "invalid-resource",
            "Dit is geen procestype uit de Selectielijst.",
        ) from exc


def _concept_or_changeable(
    actor: Actor,
    instance: Type | None,
    model: type[Type],
    catalogus: Catalogus,
    *,
    only_einde_geldigheid: bool,
) -> Type:
    """A new concept in ``catalogus``, or ``instance`` once it may change (ztc-009).

    A type never moves to another catalogus: its versions are tied together by it.
    """
    if instance is None:
        _check_tenant(actor, catalogus.tenant_id)
        actor.require(WRITE)
        return model(tenant_id=catalogus.tenant_id, catalogus=catalogus, concept=True)
    check_may_change(actor, instance, only_einde_geldigheid=only_einde_geldigheid)
    if catalogus.pk != instance.catalogus_id:
        raise _fail(
            "catalogus",
            "wijzigen-niet-toegelaten",
            f"Een {model.__name__.lower()} kan niet naar een andere catalogus verhuizen.",
        )
    return instance


@transaction.atomic
def save_zaaktype(
    *,
    actor: Actor,
    zaaktype: ZaakType | None,
    fields: dict,
    catalogus: Catalogus,
    besluittypen: Sequence[BesluitType],
    deelzaaktypen: Sequence[ZaakType],
    own_hosts: set[str],
    only_einde_geldigheid: bool = False,
    uuid: UUID | None = None,
) -> ZaakType:
    """Create a zaaktype concept or change one (ztc-001, ztc-009, same-catalogus rule)."""
    zaaktype = _concept_or_changeable(
        actor, zaaktype, ZaakType, catalogus, only_einde_geldigheid=only_einde_geldigheid
    )
    _same_catalogus(catalogus, besluittypen, "besluittypen")
    _same_catalogus(catalogus, deelzaaktypen, "deelzaaktypen")
    _check_procestype(fields.get("selectielijst_procestype", ""), own_hosts)
    _check_dates(fields)
    for key, value in fields.items():
        setattr(zaaktype, key, value)
    if not zaaktype.versiedatum:
        zaaktype.versiedatum = zaaktype.datum_begin_geldigheid
    zaaktype.besluittype_omschrijvingen = list(dict.fromkeys(b.omschrijving for b in besluittypen))
    zaaktype.deelzaaktype_identificaties = list(
        dict.fromkeys(z.identificatie for z in deelzaaktypen)
    )
    if not zaaktype.concept:
        _check_no_overlap(zaaktype)
    actie = "update" if zaaktype.pk else "create"
    save(zaaktype, uuid)
    gebeurtenissen.publiceer(TypeGewijzigd.van(zaaktype, actie))  # see iwerk/verbindingen.py
    return zaaktype


def _check_dates(fields: dict) -> None:
    begin, einde = fields.get("datum_begin_geldigheid"), fields.get("datum_einde_geldigheid")
    if begin and einde and einde < begin:
        raise _fail(
            "eindeGeldigheid",
            "date-mismatch",
            "Einde geldigheid moet op of na begin geldigheid liggen.",
        )


def _check_no_overlap(zaaktype: ZaakType) -> None:
    """ztc-016: published versions with one identificatie never overlap in geldigheid."""
    begin, einde = zaaktype.datum_begin_geldigheid, zaaktype.datum_einde_geldigheid
    others = ZaakType.objects.filter(
        catalogus_id=zaaktype.catalogus_id, identificatie=zaaktype.identificatie, concept=False
    ).exclude(pk=zaaktype.pk)
    overlapping = others.filter(
        Q(datum_einde_geldigheid__isnull=True) | Q(datum_einde_geldigheid__gte=begin)
    )
    if einde is not None:
        overlapping = overlapping.filter(datum_begin_geldigheid__lte=einde)
    if overlapping.exists():
        raise _fail(
            "beginGeldigheid",
            "overlap",
            "Er is al een gepubliceerde versie van dit zaaktype die in deze periode geldig is; "
            "zet eerst de einddatum geldigheid van die versie.",
        )


@transaction.atomic
def publish_zaaktype(*, actor: Actor, zaaktype: ZaakType) -> ZaakType:
    """Publish a concept zaaktype, with exactly the rules of the standard.

    ztc-012: its besluittypen and informatieobjecttypen must be published (concept-relation);
    ztc-016: no overlapping published version. Completeness (statustypen, resultaattype,
    roltype) is guidance for beheer, not a refusal: ``selectors.zaaktype_waarschuwingen``.
    """
    _check_tenant(actor, zaaktype.tenant_id)
    actor.require(WRITE)
    zaaktype = ZaakType.objects.select_for_update().get(pk=zaaktype.pk)
    errors: list[InvalidParam] = []
    published_bt = set(
        BesluitType.objects.filter(
            catalogus_id=zaaktype.catalogus_id,
            concept=False,
            omschrijving__in=zaaktype.besluittype_omschrijvingen,
        ).values_list("omschrijving", flat=True)
    )
    for name in zaaktype.besluittype_omschrijvingen:
        if name not in published_bt:
            errors.append(
                InvalidParam(
                    "besluittypen",
                    "concept-relation",
                    f"Besluittype '{name}' is nog niet gepubliceerd.",
                )
            )
    iot_names = set(
        zaaktype.zaaktypeinformatieobjecttypen.values_list(
            "informatieobjecttype_omschrijving", flat=True
        )
    )
    published_iot = set(
        InformatieObjectType.objects.filter(
            catalogus_id=zaaktype.catalogus_id, concept=False, omschrijving__in=iot_names
        ).values_list("omschrijving", flat=True)
    )
    for name in sorted(iot_names - published_iot):
        errors.append(
            InvalidParam(
                "informatieobjecttypen",
                "concept-relation",
                f"Informatieobjecttype '{name}' is nog niet gepubliceerd.",
            )
        )
    if errors:
        raise ValidationFailed(errors, code="concept-relation")
    zaaktype.concept = False
    _check_no_overlap(zaaktype)
    zaaktype.save(update_fields=["concept"])
    gebeurtenissen.publiceer(TypeGewijzigd.van(zaaktype, "update"))  # see iwerk/verbindingen.py
    return zaaktype


@transaction.atomic
def delete_zaaktype(*, actor: Actor, zaaktype: ZaakType) -> None:
    check_may_delete(actor, zaaktype)
    verwijderd = TypeGewijzigd.van(zaaktype, "destroy")
    try:
        with transaction.atomic():
            zaaktype.delete()
    except IntegrityError as exc:
        raise _fail(
            "nonFieldErrors",
            "pending-relations",
            "Dit zaaktype is nog in gebruik: er zijn zaken van dit zaaktype.",
        ) from exc
    gebeurtenissen.publiceer(verwijderd)  # see iwerk/verbindingen.py


# --- Informatieobjecttype en besluittype ------------------------------------------------


@transaction.atomic
def save_informatieobjecttype(
    *,
    actor: Actor,
    iot: InformatieObjectType | None,
    fields: dict,
    catalogus: Catalogus,
    only_einde_geldigheid: bool = False,
    uuid: UUID | None = None,
) -> InformatieObjectType:
    iot = _concept_or_changeable(
        actor, iot, InformatieObjectType, catalogus, only_einde_geldigheid=only_einde_geldigheid
    )
    _check_dates(fields)
    for key, value in fields.items():
        setattr(iot, key, value)
    actie = "update" if iot.pk else "create"
    save(iot, uuid)
    gebeurtenissen.publiceer(TypeGewijzigd.van(iot, actie))  # see iwerk/verbindingen.py
    return iot


@transaction.atomic
def save_besluittype(
    *,
    actor: Actor,
    besluittype: BesluitType | None,
    fields: dict,
    catalogus: Catalogus,
    informatieobjecttypen: Sequence[InformatieObjectType],
    only_einde_geldigheid: bool = False,
    uuid: UUID | None = None,
) -> BesluitType:
    besluittype = _concept_or_changeable(
        actor, besluittype, BesluitType, catalogus, only_einde_geldigheid=only_einde_geldigheid
    )
    _same_catalogus(catalogus, informatieobjecttypen, "informatieobjecttypen")
    _check_dates(fields)
    for key, value in fields.items():
        setattr(besluittype, key, value)
    besluittype.informatieobjecttype_omschrijvingen = list(
        dict.fromkeys(i.omschrijving for i in informatieobjecttypen)
    )
    actie = "update" if besluittype.pk else "create"
    save(besluittype, uuid)
    gebeurtenissen.publiceer(TypeGewijzigd.van(besluittype, actie))  # see iwerk/verbindingen.py
    return besluittype


@transaction.atomic
def publish_informatieobjecttype(
    *, actor: Actor, iot: InformatieObjectType
) -> InformatieObjectType:
    _check_tenant(actor, iot.tenant_id)
    actor.require(WRITE)
    iot.concept = False
    iot.save(update_fields=["concept"])
    gebeurtenissen.publiceer(TypeGewijzigd.van(iot, "update"))  # see iwerk/verbindingen.py
    return iot


@transaction.atomic
def publish_besluittype(*, actor: Actor, besluittype: BesluitType) -> BesluitType:
    """Publish a besluittype; the standard sets no precondition (its informatieobjecttypen may
    still be concepts: a zaaktype using it is checked when it is published, ztc-012)."""
    _check_tenant(actor, besluittype.tenant_id)
    actor.require(WRITE)
    besluittype.concept = False
    besluittype.save(update_fields=["concept"])
    gebeurtenissen.publiceer(TypeGewijzigd.van(besluittype, "update"))  # see iwerk/verbindingen.py
    return besluittype


@transaction.atomic
def delete_type(*, actor: Actor, obj: InformatieObjectType | BesluitType) -> None:
    check_may_delete(actor, obj)
    verwijderd = TypeGewijzigd.van(obj, "destroy")
    try:
        with transaction.atomic():
            obj.delete()
    except IntegrityError as exc:
        raise _fail(
            "nonFieldErrors",
            "pending-relations",
            f"Dit {type(obj)._meta.verbose_name} is nog in gebruik: er zijn "
            f"{'documenten' if isinstance(obj, InformatieObjectType) else 'besluiten'} van dit type.",
        ) from exc
    gebeurtenissen.publiceer(verwijderd)  # see iwerk/verbindingen.py
