"""The types inside one zaaktype version (ztc-002 … ztc-010, ztc-015); a new one keeps the
source's uuid in a migration write (common.save, ADR 0063)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from django.db import IntegrityError, transaction

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
from iwerk.catalogi.selectors import ZaakTypeChildModel
from iwerk.catalogi.services.common import (
    FORCED_DELETE,
    FORCED_WRITE,
    WRITE,
    _check_tenant,
    _fail,
    check_may_change_child,
    save,
)
from iwerk.core import generations
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.referentielijsten import selectors as referentielijsten

Child = TypeVar("Child", bound=ZaakTypeChildModel)

# --- Children of a zaaktype -------------------------------------------------------------


def _child_geldigheid(zaaktype: ZaakType, begin: date | None) -> None:
    # 1.3: a given beginGeldigheid must equal the zaaktype's (children inherit it).
    if begin and begin not in (zaaktype.datum_begin_geldigheid, zaaktype.versiedatum):
        raise _fail(
            "beginGeldigheid",
            "invalid",
            "Begin geldigheid moet gelijk zijn aan die van het zaaktype.",
        )


def _save_child(
    obj: Child, zaaktype: ZaakType, fields: dict[str, Any], *, actor: Actor, creating: bool
) -> Child:
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
    uuid: UUID | None = None,
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
    save(obj, uuid)
    Eigenschap.objects.filter(statustype=obj).exclude(pk__in=[e.pk for e in eigenschappen]).update(
        statustype=None
    )
    Eigenschap.objects.filter(pk__in=[e.pk for e in eigenschappen]).update(statustype=obj)
    generations.bump("catalogi")  # update() sends no signals
    return obj


@transaction.atomic
def save_roltype(
    *,
    actor: Actor,
    roltype: RolType | None,
    zaaktype: ZaakType,
    fields: dict,
    begin: date | None,
    uuid: UUID | None = None,
) -> RolType:
    _child_geldigheid(zaaktype, begin)
    obj = _save_child(roltype or RolType(), zaaktype, fields, actor=actor, creating=roltype is None)
    save(obj, uuid)
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
    uuid: UUID | None = None,
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
    save(obj, uuid)
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
    uuid: UUID | None = None,
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
    save(obj, uuid)
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
    uuid: UUID | None = None,
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
    bron = brondatum or {}
    obj.brondatum_afleidingswijze = bron.get("afleidingswijze", "")
    for name in BRONDATUM_FIELDS:
        value = bron.get(name)
        setattr(
            obj, f"brondatum_{name}", bool(value) if name == "einddatum_bekend" else (value or "")
        )
    save(obj, uuid)
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
    uuid: UUID | None = None,
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
    save(obj, uuid)
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


# What refers to a child type from the Zaken register, per model (for the reason of a refusal).
_IN_GEBRUIK = {
    StatusType: "er zijn zaken met een status van dit type",
    RolType: "er zijn zaken met een rol van dit type",
    ResultaatType: "er zijn zaken met een resultaat van dit type",
    Eigenschap: "er zijn zaken met een waarde voor deze eigenschap",
    ZaakObjectType: "er zijn zaakobjecten van dit type",
}


@transaction.atomic
def delete_child(*, actor: Actor, obj: ZaakTypeChildModel) -> None:
    """Delete a child type of a concept zaaktype (ztc-010); one still used by a zaak stays."""
    check_may_change_child(actor, obj.zaaktype, delete=True)
    try:
        with transaction.atomic():
            obj.delete()
    except IntegrityError as exc:  # ProtectedError: a status, rol, resultaat … refers to it
        raise _fail(
            "nonFieldErrors",
            "pending-relations",
            f"Dit {type(obj)._meta.verbose_name} is nog in gebruik: "
            f"{_IN_GEBRUIK.get(type(obj), 'het wordt nog gebruikt')}.",
        ) from exc
