"""New versions of a published zaaktype, without touching the live one."""

from __future__ import annotations

import uuid as uuid_module
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Q

from iwerk.catalogi.gebeurtenissen import TypeGewijzigd
from iwerk.catalogi.models import (
    StatusType,
    ZaakType,
)
from iwerk.catalogi.selectors import ZaakTypeChildModel
from iwerk.catalogi.services.common import (
    WRITE,
    _check_tenant,
    _fail,
)
from iwerk.core import gebeurtenissen
from iwerk.core.api.actor import Actor

Child = TypeVar("Child", bound=ZaakTypeChildModel)

# --- Versions ----------------------------------------------------------------------------


@transaction.atomic
def create_new_version(*, actor: Actor, zaaktype: ZaakType, begin: date) -> ZaakType:
    """Copy a zaaktype (with all its children) into a new concept version starting on `begin`.

    The live version is not touched; publishing the new one later needs the old one's
    eindeGeldigheid set before `begin` (ztc-016) — see close_previous_version.
    """
    _check_tenant(actor, zaaktype.tenant_id)
    actor.require(WRITE)
    if begin <= zaaktype.datum_begin_geldigheid:
        raise _fail(
            "beginGeldigheid",
            "invalid",
            "Een nieuwe versie moet na de begindatum van de huidige versie beginnen.",
        )
    source = ZaakType.objects.get(pk=zaaktype.pk)
    statustype_map: dict[int | None, StatusType] = {}  # looked up by a nullable statustype_id
    new = ZaakType.objects.get(pk=zaaktype.pk)
    new.pk = None
    new.id = None
    new.uuid = uuid_module.uuid4()
    new.concept = True
    new.datum_begin_geldigheid = begin
    new.versiedatum = begin
    new.datum_einde_geldigheid = None
    new.save()
    gebeurtenissen.publiceer(TypeGewijzigd.van(new, "create"))  # see iwerk/verbindingen.py
    for old in source.statustypen.order_by("volgnummer"):
        copy = _copy_child(old, new)
        statustype_map[old.pk] = copy
    for relation in ("roltypen", "zaakobjecttypen"):
        for old in getattr(source, relation).all():
            _copy_child(old, new)
    for eigenschap in source.eigenschappen.all():
        _copy_child(eigenschap, new, statustype=statustype_map.get(eigenschap.statustype_id))
    for ziot in source.zaaktypeinformatieobjecttypen.all():
        _copy_child(ziot, new, statustype=statustype_map.get(ziot.statustype_id))
    for resultaattype in source.resultaattypen.prefetch_related(
        "besluittypen", "informatieobjecttypen"
    ):
        besluittypen = list(resultaattype.besluittypen.all())
        iots = list(resultaattype.informatieobjecttypen.all())
        kopie = _copy_child(resultaattype, new)
        kopie.besluittypen.set(besluittypen)
        kopie.informatieobjecttypen.set(iots)
    return new


def _copy_child(obj: Child, zaaktype: ZaakType, **overrides: Any) -> Child:
    # Prefetched relations belong to the original row; the copy must not inherit them.
    obj.__dict__.pop("_prefetched_objects_cache", None)
    obj.pk = None
    obj.id = None
    obj.uuid = uuid_module.uuid4()
    obj.zaaktype = zaaktype
    for key, value in overrides.items():
        setattr(obj, key, value)
    obj.save()
    return obj


@transaction.atomic
def close_previous_version(*, actor: Actor, zaaktype: ZaakType) -> ZaakType | None:
    """Set eindeGeldigheid of the published version that is open at zaaktype's begin to the day before."""
    _check_tenant(actor, zaaktype.tenant_id)
    actor.require(WRITE)
    previous = (
        ZaakType.objects.filter(
            catalogus_id=zaaktype.catalogus_id,
            identificatie=zaaktype.identificatie,
            concept=False,
            datum_begin_geldigheid__lt=zaaktype.datum_begin_geldigheid,
        )
        .filter(
            Q(datum_einde_geldigheid__isnull=True)
            | Q(datum_einde_geldigheid__gte=zaaktype.datum_begin_geldigheid)
        )
        .exclude(pk=zaaktype.pk)
        .first()
    )
    if previous is not None:
        previous.datum_einde_geldigheid = zaaktype.datum_begin_geldigheid - timedelta(days=1)
        previous.save(update_fields=["datum_einde_geldigheid"])
        gebeurtenissen.publiceer(TypeGewijzigd.van(previous, "update"))  # iwerk/verbindingen.py
    return previous
