"""Catalogus, zaaktype, informatieobjecttype and besluittype: create, change, publish, delete."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Q

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
)
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.core.models import Gemeente
from iwerk.referentielijsten import selectors as referentielijsten

# --- Catalogus ------------------------------------------------------------------------


@transaction.atomic
def save_catalogus(*, actor: Actor, catalogus: Catalogus | None, fields: dict) -> Catalogus:
    """Create or update a catalogus; it belongs to the gemeente whose RSIN it carries."""
    gemeente = Gemeente.objects.filter(rsin=fields["rsin"]).first()
    if gemeente is None:
        raise _fail(
            "rsin",
            "invalid",
            "Er is geen gemeente in iwerk met dit RSIN; een catalogus hoort bij een gemeente.",
        )
    _check_tenant(actor, gemeente.pk)
    if catalogus is None:
        actor.require(WRITE)
        catalogus = Catalogus(tenant=gemeente)
    else:
        actor.require(WRITE, FORCED_WRITE)
        _check_tenant(actor, catalogus.tenant_id)
        if catalogus.tenant_id != gemeente.pk:
            raise _fail(
                "rsin",
                "wijzigen-niet-toegelaten",
                "Een catalogus kan niet naar een andere gemeente verhuizen.",
            )
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
    catalogus.save()
    return catalogus


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


def _concept_or_changeable(actor, instance, model, catalogus, *, only_einde_geldigheid):
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
    zaaktype.save()
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
    """Publish a concept zaaktype.

    Rules: its besluittypen and informatieobjecttypen must be published (concept-relation);
    it needs at least two statustypen, one resultaattype and one roltype to carry a zaak
    from start to end (docs/adr/0005); no overlapping published version (ztc-016).
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
    if zaaktype.statustypen.count() < 2:
        errors.append(
            InvalidParam(
                "statustypen",
                "missing-statustypen",
                "Een zaaktype heeft minstens twee statustypen nodig (begin en eind).",
            )
        )
    if not zaaktype.resultaattypen.exists():
        errors.append(
            InvalidParam(
                "resultaattypen",
                "missing-resultaattypen",
                "Een zaaktype heeft minstens één resultaattype nodig.",
            )
        )
    if not zaaktype.roltypen.exists():
        errors.append(
            InvalidParam(
                "roltypen", "missing-roltypen", "Een zaaktype heeft minstens één roltype nodig."
            )
        )
    if errors:
        raise ValidationFailed(
            errors,
            code="concept-relation"
            if any(e.code == "concept-relation" for e in errors)
            else "invalid",
        )
    zaaktype.concept = False
    _check_no_overlap(zaaktype)
    zaaktype.save(update_fields=["concept"])
    return zaaktype


@transaction.atomic
def delete_zaaktype(*, actor: Actor, zaaktype: ZaakType) -> None:
    check_may_delete(actor, zaaktype)
    try:
        with transaction.atomic():
            zaaktype.delete()
    except IntegrityError as exc:
        raise _fail(
            "nonFieldErrors", "pending-relations", "Er zijn nog zaken van dit zaaktype."
        ) from exc


# --- Informatieobjecttype en besluittype ------------------------------------------------


@transaction.atomic
def save_informatieobjecttype(
    *,
    actor: Actor,
    iot: InformatieObjectType | None,
    fields: dict,
    catalogus: Catalogus,
    only_einde_geldigheid: bool = False,
) -> InformatieObjectType:
    iot = _concept_or_changeable(
        actor, iot, InformatieObjectType, catalogus, only_einde_geldigheid=only_einde_geldigheid
    )
    _check_dates(fields)
    for key, value in fields.items():
        setattr(iot, key, value)
    iot.save()
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
    besluittype.save()
    return besluittype


@transaction.atomic
def publish_informatieobjecttype(
    *, actor: Actor, iot: InformatieObjectType
) -> InformatieObjectType:
    _check_tenant(actor, iot.tenant_id)
    actor.require(WRITE)
    iot.concept = False
    iot.save(update_fields=["concept"])
    return iot


@transaction.atomic
def publish_besluittype(*, actor: Actor, besluittype: BesluitType) -> BesluitType:
    """Publish a besluittype; its informatieobjecttypen must be published first (concept-relation)."""
    _check_tenant(actor, besluittype.tenant_id)
    actor.require(WRITE)
    names = besluittype.informatieobjecttype_omschrijvingen
    published = set(
        InformatieObjectType.objects.filter(
            catalogus_id=besluittype.catalogus_id, concept=False, omschrijving__in=names
        ).values_list("omschrijving", flat=True)
    )
    missing = [n for n in names if n not in published]
    if missing:
        raise ValidationFailed(
            [
                InvalidParam(
                    "informatieobjecttypen",
                    "concept-relation",
                    f"Informatieobjecttype '{name}' is nog niet gepubliceerd.",
                )
                for name in missing
            ],
            code="concept-relation",
        )
    besluittype.concept = False
    besluittype.save(update_fields=["concept"])
    return besluittype


@transaction.atomic
def delete_type(*, actor: Actor, obj: InformatieObjectType | BesluitType) -> None:
    check_may_delete(actor, obj)
    try:
        with transaction.atomic():
            obj.delete()
    except IntegrityError as exc:
        raise _fail("nonFieldErrors", "pending-relations", "Dit type is nog in gebruik.") from exc
