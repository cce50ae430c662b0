"""Writes of onderwerpobjecten: what a klantcontact was about. One that names a zaak moves the
klantcontact's vertrouwelijkheid rank (services.klantcontacten.rang_bijwerken), and must name a
zaak of the klantcontact's own gemeente: that is what keeps a gemeente's contact from being
linked to another gemeente's zaak (ADR 0052)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from iwerk.core import audit
from iwerk.klantinteracties.models import DigitaalAdres, Klantcontact, Onderwerpobject, Scope
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import (
    fout,
    gemeente_voor,
    vastleggen,
    verwijderd,
    verwijzing,
)
from iwerk.klantinteracties.services.klantcontacten import (
    noemt_zaak,
    rang_bijwerken,
    zaak_bestaat,
    zaak_uuid,
)

RANG = "vertrouwelijkheid_rang"


@dataclass(frozen=True)
class OnderwerpobjectGegevens:
    """klantcontact / was_klantcontact: a reference ({"uuid": …}, a uuid or the object)."""

    klantcontact: Any = None
    was_klantcontact: Any = None
    object_id: str = ""
    code_objecttype: str = ""
    code_register: str = ""
    code_soort_object_id: str = ""


def _zaak_controleren(gemeente_id: int, gegevens: OnderwerpobjectGegevens) -> None:
    if noemt_zaak(gegevens.code_objecttype) and not zaak_bestaat(gemeente_id, gegevens.object_id):
        raise fout(
            "onderwerpobjectidentificator.objectId",
            "does_not_exist",
            "Er bestaat geen zaak met deze uuid in de gemeente van dit klantcontact.",
        )


def _zetten(obj: Onderwerpobject, gegevens: OnderwerpobjectGegevens) -> None:
    """As the client wrote it; the zaak it names is kept beside it (`zaak_uuid`), so the
    vertrouwelijkheid of its contacts follows the zaak whatever spelling the client used."""
    obj.object_id = gegevens.object_id
    obj.code_objecttype = gegevens.code_objecttype
    obj.zaak_uuid = zaak_uuid(gegevens.object_id) if noemt_zaak(gegevens.code_objecttype) else None
    obj.code_register = gegevens.code_register
    obj.code_soort_object_id = gegevens.code_soort_object_id


def nieuw_onderwerpobject(
    wie: Toegangen,
    gegevens: OnderwerpobjectGegevens,
    request: HttpRequest | None = None,
    *,
    klantcontact: Klantcontact | None = None,
) -> Onderwerpobject:
    """Create without the audit record. `klantcontact` given: the one it belongs to (made in the
    same transaction by maak-klantcontact), instead of the reference in gegevens."""
    if klantcontact is None:
        klantcontact = verwijzing(
            wie, Klantcontact, gegevens.klantcontact, "klantcontact", rang=RANG
        )
    was = verwijzing(wie, Klantcontact, gegevens.was_klantcontact, "wasKlantcontact", rang=RANG)
    gemeente_id = gemeente_voor(wie, request, klantcontact, was)
    _zaak_controleren(gemeente_id, gegevens)
    obj = Onderwerpobject(tenant_id=gemeente_id, klantcontact=klantcontact, was_klantcontact=was)
    _zetten(obj, gegevens)
    obj.save()
    if klantcontact is not None:
        rang_bijwerken(klantcontact)
    return obj


@transaction.atomic
def onderwerpobject_aanmaken(
    wie: Toegangen, gegevens: OnderwerpobjectGegevens, request: HttpRequest | None = None
) -> Onderwerpobject:
    """Record what a klantcontact was about. Rules: the klantcontacten it names are of one
    gemeente and visible to the caller; a zaak it names exists in that gemeente. Raises
    ValidationFailed."""
    obj = nieuw_onderwerpobject(wie, gegevens, request)
    vastleggen(wie, "create", obj)
    return obj


@transaction.atomic
def onderwerpobject_bijwerken(
    wie: Toegangen, obj: Onderwerpobject, gegevens: OnderwerpobjectGegevens
) -> Onderwerpobject:
    """Change an onderwerpobject (rules as onderwerpobject_aanmaken, in its own gemeente); the
    rank of the klantcontact it left and of the one it now belongs to are recomputed."""
    oud = audit.snapshot(obj)
    vorig = obj.klantcontact
    klantcontact = verwijzing(
        wie,
        Klantcontact,
        gegevens.klantcontact,
        "klantcontact",
        rang=RANG,
        gemeente_id=obj.tenant_id,
    )
    was = verwijzing(
        wie,
        Klantcontact,
        gegevens.was_klantcontact,
        "wasKlantcontact",
        rang=RANG,
        gemeente_id=obj.tenant_id,
    )
    _zaak_controleren(obj.tenant_id, gegevens)
    obj.klantcontact = klantcontact
    obj.was_klantcontact = was
    _zetten(obj, gegevens)
    obj.save()
    for geraakt in {k.pk: k for k in (vorig, klantcontact) if k is not None}.values():
        rang_bijwerken(geraakt)
    vastleggen(wie, "update", obj, oud)
    return obj


@transaction.atomic
def onderwerpobject_verwijderen(
    wie: Toegangen, obj: Onderwerpobject, *, cascade: bool = False
) -> list[Klantcontact]:
    """Remove an onderwerpobject; the klantcontact it belonged to gets its rank again.

    With cascade (the API's `?cascade=true`): the klantcontacten it named (klantcontact and
    wasKlantcontact) go too, with the digitale adressen their betrokkenen gave (those not also
    a partij's), unless another onderwerpobject still names them. Returns the klantcontacten
    kept that way (the answer's `behouden`); one the caller may not change is kept and not
    named (it does not exist for the caller).
    """
    gekoppeld = {k.pk: k for k in (obj.klantcontact, obj.was_klantcontact) if k is not None}
    verwijderd(wie, obj)
    obj.delete()
    behouden: list[Klantcontact] = []
    for klantcontact in gekoppeld.values():
        in_gebruik = Onderwerpobject.objects.filter(
            Q(klantcontact=klantcontact) | Q(was_klantcontact=klantcontact)
        ).exists()
        mag = Klantcontact.objects.filter(
            wie.zichtbaar(RANG, Scope.bijwerken), pk=klantcontact.pk
        ).exists()
        if not cascade or in_gebruik or not mag:
            rang_bijwerken(klantcontact)
            if cascade and mag:
                behouden.append(klantcontact)
            continue
        adressen = DigitaalAdres.objects.filter(
            verstrekt_door_betrokkene__had_klantcontact=klantcontact,
            verstrekt_door_partij__isnull=True,
        )
        for adres in adressen:
            verwijderd(wie, adres)
            adres.delete()
        verwijderd(wie, klantcontact)
        klantcontact.delete()
    return behouden
