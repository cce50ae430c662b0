"""Every state change of the Catalogi register, with the ZTC rules it must obey.

The API, the beheer screens and the import command all call these functions. URLs are
resolved to objects by the caller (the API layer); rules across objects live here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q

from iwerk.catalogi.models import (
    BesluitType,
    Catalogus,
    Eigenschap,
    InformatieObjectType,
    ResultaatType,
    RolType,
    StatusType,
    ZaakObjectType,
    ZaakType,
    ZaakTypeInformatieObjectType,
)
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.core.models import Gemeente
from iwerk.referentielijsten import selectors as referentielijsten

WRITE = ("ztc", "catalogi.schrijven")
FORCED_WRITE = ("ztc", "catalogi.geforceerd-schrijven")
FORCED_DELETE = ("ztc", "catalogi.geforceerd-verwijderen")


def _fail(name: str, code: str, reason: str) -> ValidationFailed:
    return ValidationFailed([InvalidParam(name, code, reason)])


def _check_tenant(actor: Actor, tenant_id: int) -> None:
    if actor.catalogi_tenant_ids is not None and tenant_id not in actor.catalogi_tenant_ids:
        raise PermissionDenied("Deze applicatie mag de catalogus van deze gemeente niet wijzigen.")


def check_may_change(
    actor: Actor,
    obj: ZaakType | InformatieObjectType | BesluitType,
    *,
    only_einde_geldigheid: bool = False,
) -> None:
    """ztc-009: a published type is frozen, except eindeGeldigheid and a correctie (geforceerd-schrijven)."""
    _check_tenant(actor, obj.tenant_id)
    if obj.concept or only_einde_geldigheid:
        actor.require(WRITE, FORCED_WRITE)
        return
    if not actor.has_scope(*FORCED_WRITE):
        raise _fail(
            "nonFieldErrors",
            "non-concept-object",
            "Dit object is gepubliceerd en kan niet meer gewijzigd worden (alleen met een correctie).",
        )


def check_may_delete(actor: Actor, obj: ZaakType | InformatieObjectType | BesluitType) -> None:
    _check_tenant(actor, obj.tenant_id)
    if obj.concept:
        actor.require(WRITE, FORCED_DELETE)
        return
    if not actor.has_scope(*FORCED_DELETE):
        raise _fail(
            "nonFieldErrors",
            "non-concept-object",
            "Een gepubliceerd object kan niet verwijderd worden.",
        )


def check_may_change_child(actor: Actor, zaaktype: ZaakType, *, delete: bool = False) -> None:
    """ztc-010: children of a published zaaktype are frozen (except a correctie / forced delete)."""
    _check_tenant(actor, zaaktype.tenant_id)
    if zaaktype.concept:
        actor.require(WRITE, FORCED_DELETE if delete else FORCED_WRITE)
        return
    forced = FORCED_DELETE if delete else FORCED_WRITE
    if not actor.has_scope(*forced):
        raise _fail(
            "nonFieldErrors",
            "non-concept-zaaktype",
            "Het zaaktype is gepubliceerd; onderdelen ervan kunnen niet meer gewijzigd worden.",
        )


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
    if zaaktype is None:
        _check_tenant(actor, catalogus.tenant_id)
        actor.require(WRITE)
        zaaktype = ZaakType(tenant_id=catalogus.tenant_id, catalogus=catalogus, concept=True)
    else:
        check_may_change(actor, zaaktype, only_einde_geldigheid=only_einde_geldigheid)
        if catalogus.pk != zaaktype.catalogus_id:
            raise _fail(
                "catalogus",
                "wijzigen-niet-toegelaten",
                "Een zaaktype kan niet naar een andere catalogus verhuizen.",
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
    if iot is None:
        _check_tenant(actor, catalogus.tenant_id)
        actor.require(WRITE)
        iot = InformatieObjectType(tenant_id=catalogus.tenant_id, catalogus=catalogus, concept=True)
    else:
        check_may_change(actor, iot, only_einde_geldigheid=only_einde_geldigheid)
        if catalogus.pk != iot.catalogus_id:
            raise _fail(
                "catalogus",
                "wijzigen-niet-toegelaten",
                "Een informatieobjecttype kan niet naar een andere catalogus verhuizen.",
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
    if besluittype is None:
        _check_tenant(actor, catalogus.tenant_id)
        actor.require(WRITE)
        besluittype = BesluitType(tenant_id=catalogus.tenant_id, catalogus=catalogus, concept=True)
    else:
        check_may_change(actor, besluittype, only_einde_geldigheid=only_einde_geldigheid)
        if catalogus.pk != besluittype.catalogus_id:
            raise _fail(
                "catalogus",
                "wijzigen-niet-toegelaten",
                "Een besluittype kan niet naar een andere catalogus verhuizen.",
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


# --- Children of a zaaktype -------------------------------------------------------------


def _child_geldigheid(zaaktype: ZaakType, begin: date | None) -> None:
    # 1.3: a given beginGeldigheid must equal the zaaktype's (children inherit it).
    if begin and begin not in (zaaktype.datum_begin_geldigheid, zaaktype.versiedatum):
        raise _fail(
            "beginGeldigheid",
            "invalid",
            "Begin geldigheid moet gelijk zijn aan die van het zaaktype.",
        )


def _save_child(obj, zaaktype: ZaakType, fields: dict, *, actor: Actor, creating: bool):
    check_may_change_child(actor, zaaktype)
    if not creating and obj.zaaktype_id != zaaktype.pk:
        raise _fail(
            "zaaktype", "wijzigen-niet-toegelaten", "Het zaaktype kan niet gewijzigd worden."
        )
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.zaaktype = zaaktype
    obj.tenant_id = zaaktype.tenant_id
    return obj


@transaction.atomic
def save_statustype(
    *,
    actor: Actor,
    statustype: StatusType | None,
    zaaktype: ZaakType,
    fields: dict,
    eigenschappen: Sequence[Eigenschap],
    begin: date | None,
) -> StatusType:
    _child_geldigheid(zaaktype, begin)
    obj = _save_child(
        statustype or StatusType(), zaaktype, fields, actor=actor, creating=statustype is None
    )
    if (
        StatusType.objects.filter(zaaktype=zaaktype, volgnummer=obj.volgnummer)
        .exclude(pk=obj.pk)
        .exists()
    ):
        raise _fail(
            "volgnummer", "unique", "Dit zaaktype heeft al een statustype met dit volgnummer."
        )
    for index, eigenschap in enumerate(eigenschappen):
        if eigenschap.zaaktype_id != zaaktype.pk:
            raise _fail(
                f"eigenschappen.{index}",
                "zaaktype-mismatch",
                "De eigenschap hoort bij een ander zaaktype.",
            )
    obj.save()
    Eigenschap.objects.filter(statustype=obj).exclude(pk__in=[e.pk for e in eigenschappen]).update(
        statustype=None
    )
    Eigenschap.objects.filter(pk__in=[e.pk for e in eigenschappen]).update(statustype=obj)
    return obj


@transaction.atomic
def save_roltype(
    *, actor: Actor, roltype: RolType | None, zaaktype: ZaakType, fields: dict, begin: date | None
) -> RolType:
    _child_geldigheid(zaaktype, begin)
    obj = _save_child(roltype or RolType(), zaaktype, fields, actor=actor, creating=roltype is None)
    obj.save()
    return obj


@transaction.atomic
def save_eigenschap(
    *,
    actor: Actor,
    eigenschap: Eigenschap | None,
    zaaktype: ZaakType,
    fields: dict,
    statustype: StatusType | None,
    begin: date | None,
) -> Eigenschap:
    """ztc-015: formaat datum has lengte 8 (YYYYMMDD), datum_tijd lengte 14 (YYYYMMDDhhmmss)."""
    _child_geldigheid(zaaktype, begin)
    expected = {"datum": "8", "datum_tijd": "14"}.get(fields["specificatie_formaat"])
    if expected and fields["specificatie_lengte"] != expected:
        raise _fail(
            "specificatie.lengte",
            "invalid-length",
            f"Bij formaat '{fields['specificatie_formaat']}' moet de lengte {expected} zijn.",
        )
    if statustype is not None and statustype.zaaktype_id != zaaktype.pk:
        raise _fail(
            "statustype", "zaaktype-mismatch", "Het statustype hoort bij een ander zaaktype."
        )
    obj = _save_child(
        eigenschap or Eigenschap(), zaaktype, fields, actor=actor, creating=eigenschap is None
    )
    obj.statustype = statustype
    if Eigenschap.objects.filter(zaaktype=zaaktype, naam=obj.naam).exclude(pk=obj.pk).exists():
        raise _fail("naam", "unique", "Dit zaaktype heeft al een eigenschap met deze naam.")
    obj.save()
    return obj


@transaction.atomic
def save_zaakobjecttype(
    *,
    actor: Actor,
    zaakobjecttype: ZaakObjectType | None,
    zaaktype: ZaakType,
    fields: dict,
    catalogus: Catalogus,
    begin: date | None,
) -> ZaakObjectType:
    _child_geldigheid(zaaktype, begin)
    if catalogus.pk != zaaktype.catalogus_id:
        raise _fail(
            "catalogus",
            "relations-incorrect-catalogus",
            "De catalogus moet die van het zaaktype zijn.",
        )
    obj = _save_child(
        zaakobjecttype or ZaakObjectType(),
        zaaktype,
        fields,
        actor=actor,
        creating=zaakobjecttype is None,
    )
    obj.save()
    return obj


BRONDATUM_FIELDS = (
    "datumkenmerk",
    "einddatum_bekend",
    "objecttype",
    "registratie",
    "procestermijn",
)


def _check_brondatum(b: dict | None, procestermijn: str) -> list[InvalidParam]:
    """ztc-003 … ztc-008: which brondatumArchiefprocedure fields go with which afleidingswijze."""
    if not b:
        return []
    prefix = "brondatumArchiefprocedure"
    errors: list[InvalidParam] = []
    wijze = b["afleidingswijze"]

    def must(name: str, present: bool, camel: str) -> None:
        value = b.get(name)
        filled = bool(value)
        if present and not filled:
            errors.append(
                InvalidParam(
                    f"{prefix}.{camel}",
                    "required",
                    f"Dit veld is verplicht bij afleidingswijze '{wijze}'.",
                )
            )
        if not present and filled:
            errors.append(
                InvalidParam(
                    f"{prefix}.{camel}",
                    "must-be-empty",
                    f"Dit veld moet leeg zijn bij afleidingswijze '{wijze}'.",
                )
            )

    if procestermijn == "nihil" and wijze != "afgehandeld":
        errors.append(
            InvalidParam(
                f"{prefix}.afleidingswijze",
                "invalid-afleidingswijze-for-procestermijn",
                "Bij procestermijn 'nihil' is de afleidingswijze 'afgehandeld'.",
            )
        )
    if procestermijn == "ingeschatte_bestaansduur_procesobject" and wijze != "termijn":
        errors.append(
            InvalidParam(
                f"{prefix}.afleidingswijze",
                "invalid-afleidingswijze-for-procestermijn",
                "Bij procestermijn 'ingeschatte bestaansduur procesobject' is de afleidingswijze 'termijn'.",
            )
        )
    must(
        "datumkenmerk", wijze in ("eigenschap", "zaakobject", "ander_datumkenmerk"), "datumkenmerk"
    )
    if wijze in ("afgehandeld", "termijn") and b.get("einddatum_bekend"):
        errors.append(
            InvalidParam(
                f"{prefix}.einddatumBekend",
                "must-be-empty",
                f"Dit veld moet leeg zijn bij afleidingswijze '{wijze}'.",
            )
        )
    must("objecttype", wijze in ("zaakobject", "ander_datumkenmerk"), "objecttype")
    must("registratie", wijze == "ander_datumkenmerk", "registratie")
    must("procestermijn", wijze == "termijn", "procestermijn")
    return errors


@transaction.atomic
def save_resultaattype(
    *,
    actor: Actor,
    resultaattype: ResultaatType | None,
    zaaktype: ZaakType,
    fields: dict,
    brondatum: dict | None,
    besluittypen: Sequence[BesluitType],
    informatieobjecttypen: Sequence[InformatieObjectType],
    begin: date | None,
    own_hosts: set[str],
) -> ResultaatType:
    """ztc-002 … ztc-008: Selectielijst consistency, derived archiving and brondatum rules."""
    _child_geldigheid(zaaktype, begin)
    errors: list[InvalidParam] = []
    try:
        fields["omschrijving_generiek"] = referentielijsten.resultaattypeomschrijving_text(
            fields["resultaattypeomschrijving"], own_hosts=own_hosts
        )
    except referentielijsten.ReferentieNotFound:
        errors.append(
            InvalidParam(
                "resultaattypeomschrijving",
                "invalid-resource",
                "Dit is geen resultaattypeomschrijving uit de Referentielijsten.",
            )
        )
    facts = None
    try:
        facts = referentielijsten.resultaat_facts(
            fields["selectielijstklasse"], own_hosts=own_hosts
        )
    except referentielijsten.ReferentieNotFound:
        errors.append(
            InvalidParam(
                "selectielijstklasse",
                "invalid-resource",
                "Dit is geen resultaat uit de Selectielijst.",
            )
        )
    if facts is not None and zaaktype.selectielijst_procestype:
        try:
            procestype = referentielijsten.procestype_uuid(
                zaaktype.selectielijst_procestype, own_hosts=own_hosts
            )
        except referentielijsten.ReferentieNotFound:
            procestype = ""
        if procestype and facts.procestype_uuid != procestype:
            errors.append(
                InvalidParam(
                    "selectielijstklasse",
                    "procestype-mismatch",
                    "Het Selectielijst-resultaat hoort niet bij het procestype van het zaaktype.",
                )
            )
    if facts is not None:
        if not fields.get("archiefnominatie") and facts.waardering:
            fields["archiefnominatie"] = facts.waardering
        if not fields.get("archiefactietermijn") and facts.bewaartermijn:
            fields["archiefactietermijn"] = facts.bewaartermijn
        errors += _check_brondatum(brondatum, facts.procestermijn)
    else:
        errors += _check_brondatum(brondatum, "")
    for index, b in enumerate(besluittypen):
        if b.catalogus_id != zaaktype.catalogus_id:
            errors.append(
                InvalidParam(
                    f"besluittypen.{index}",
                    "relations-incorrect-catalogus",
                    "Relaties moeten binnen dezelfde catalogus blijven.",
                )
            )
    for index, i in enumerate(informatieobjecttypen):
        if i.catalogus_id != zaaktype.catalogus_id:
            errors.append(
                InvalidParam(
                    f"informatieobjecttypen.{index}",
                    "relations-incorrect-catalogus",
                    "Relaties moeten binnen dezelfde catalogus blijven.",
                )
            )
    if errors:
        raise ValidationFailed(errors)
    obj = _save_child(
        resultaattype or ResultaatType(),
        zaaktype,
        fields,
        actor=actor,
        creating=resultaattype is None,
    )
    b = brondatum or {}
    obj.brondatum_afleidingswijze = b.get("afleidingswijze", "")
    for name in BRONDATUM_FIELDS:
        value = b.get(name)
        setattr(
            obj, f"brondatum_{name}", bool(value) if name == "einddatum_bekend" else (value or "")
        )
    obj.save()
    obj.besluittypen.set(besluittypen)
    obj.informatieobjecttypen.set(informatieobjecttypen)
    return obj


@transaction.atomic
def save_ziot(
    *,
    actor: Actor,
    ziot: ZaakTypeInformatieObjectType | None,
    zaaktype: ZaakType,
    informatieobjecttype: InformatieObjectType,
    fields: dict,
    statustype: StatusType | None,
) -> ZaakTypeInformatieObjectType:
    """A zaaktype–informatieobjecttype relation; frozen only when both sides are published (ztc-010)."""
    _check_tenant(actor, zaaktype.tenant_id)
    if informatieobjecttype.catalogus_id != zaaktype.catalogus_id:
        raise _fail(
            "informatieobjecttype",
            "relations-incorrect-catalogus",
            "Het informatieobjecttype moet in de catalogus van het zaaktype staan.",
        )
    if statustype is not None and statustype.zaaktype_id != zaaktype.pk:
        raise _fail(
            "statustype", "zaaktype-mismatch", "Het statustype hoort bij een ander zaaktype."
        )
    _check_ziot_frozen(actor, zaaktype, informatieobjecttype)
    obj = ziot or ZaakTypeInformatieObjectType()
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.zaaktype = zaaktype
    obj.tenant_id = zaaktype.tenant_id
    obj.informatieobjecttype_omschrijving = informatieobjecttype.omschrijving
    obj.statustype = statustype
    if (
        ZaakTypeInformatieObjectType.objects.filter(zaaktype=zaaktype, volgnummer=obj.volgnummer)
        .exclude(pk=obj.pk)
        .exists()
    ):
        raise _fail(
            "volgnummer",
            "unique",
            "Dit zaaktype heeft al een informatieobjecttype met dit volgnummer.",
        )
    obj.save()
    return obj


def _check_ziot_frozen(
    actor: Actor, zaaktype: ZaakType, iot: InformatieObjectType | None, *, delete: bool = False
) -> None:
    both_published = not zaaktype.concept and (iot is None or not iot.concept)
    forced = FORCED_DELETE if delete else FORCED_WRITE
    if both_published and not actor.has_scope(*forced):
        raise _fail(
            "nonFieldErrors",
            "non-concept-relation",
            "Zaaktype en informatieobjecttype zijn allebei gepubliceerd; de relatie kan niet meer wijzigen.",
        )
    actor.require(WRITE, forced)


@transaction.atomic
def delete_ziot(*, actor: Actor, ziot: ZaakTypeInformatieObjectType) -> None:
    _check_tenant(actor, ziot.tenant_id)
    iot = (
        InformatieObjectType.objects.filter(
            catalogus_id=ziot.zaaktype.catalogus_id,
            omschrijving=ziot.informatieobjecttype_omschrijving,
        )
        .order_by("concept")
        .first()
    )
    _check_ziot_frozen(actor, ziot.zaaktype, iot, delete=True)
    ziot.delete()


@transaction.atomic
def delete_child(*, actor: Actor, obj) -> None:
    check_may_change_child(actor, obj.zaaktype, delete=True)
    obj.delete()
