"""The transactional outbox: every change of a register becomes a Notificatie in its own transaction.

`on_change` hears every recorded change of the audit trail (core.audit publishes it as a
`Change`, wired in iwerk/verbindingen.py), which every service of the Zaken, Documenten and
Besluiten registers records inside its transaction; `type_gewijzigd` and `applicatie_gewijzigd`
hear the events the Catalogi and Autorisaties services publish (those registers keep no trail);
`publish` is the same for external publishers (POST /notificaties). Each notificatie gets one Levering per abonnement whose
filter group for the kanaal matches, so a worker can deliver, retry and park them later without
ever losing or inventing one: they commit or roll back with the change itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

from iwerk.autorisaties.gebeurtenissen import ApplicatieGewijzigd
from iwerk.catalogi.gebeurtenissen import TypeGewijzigd
from iwerk.core import fastsql, generations
from iwerk.core.audit import Change
from iwerk.klantinteracties.models import Scope
from iwerk.klantinteracties.selectors import toegang as klantinteracties_toegang
from iwerk.notificaties.models import AbonnementKanaal, Levering, Notificatie, filters_match

T = TypeVar("T")
ABONNEMENTEN = "abonnementen"  # the generation of every abonnement and filter group


def absolute(value: T) -> T:
    """iwerk's own host-less paths in a message become URLs under the public base URL."""
    if isinstance(value, str) and value.startswith("/") and "/api/v1/" in value:
        return settings.IWERK_BASE_URL + value  # type: ignore[return-value]  # T is str here
    return value


def on_change(change: Change) -> Notificatie:
    return publish(
        kanaal=change.kanaal,
        hoofd_object=absolute(change.hoofd_object),
        resource=change.resource,
        resource_url=absolute(change.resource_url),
        actie=change.actie,
        kenmerken={key: absolute(value) for key, value in change.kenmerken.items()},
        tenant_id=change.tenant_id,
        lezers=change.lezers,
    )


def type_gewijzigd(gebeurtenis: TypeGewijzigd) -> Notificatie:
    """A catalogi type changed (kanalen zaaktypen, informatieobjecttypen, besluittypen; G3)."""
    url = absolute(f"/catalogi/api/v1/{gebeurtenis.kanaal}/{gebeurtenis.uuid}")
    return publish(
        kanaal=gebeurtenis.kanaal,
        hoofd_object=url,
        resource=gebeurtenis.resource,
        resource_url=url,
        actie=gebeurtenis.actie,
        kenmerken={
            "catalogus": absolute(f"/catalogi/api/v1/catalogussen/{gebeurtenis.catalogus_uuid}")
        },
        tenant_id=gebeurtenis.tenant_id,
    )


def applicatie_gewijzigd(gebeurtenis: ApplicatieGewijzigd) -> Notificatie:
    """An applicatie changed (kanaal autorisaties, G3)."""
    url = absolute(f"/autorisaties/api/v1/applicaties/{gebeurtenis.uuid}")
    return publish(
        kanaal="autorisaties",
        hoofd_object=url,
        resource="applicatie",
        resource_url=url,
        actie=gebeurtenis.actie,
        kenmerken={},
    )


def publish(
    *,
    kanaal: str,
    hoofd_object: str,
    resource: str,
    resource_url: str,
    actie: str,
    kenmerken: dict,
    aanmaakdatum: datetime | None = None,
    tenant_id: int | None = None,
    lezers: tuple | None = None,
    gemeenten: frozenset[int] | None = None,
) -> Notificatie:
    """Store a notificatie and its deliveries; call inside the transaction of the change.

    With lezers (component, type, catalogus, vertrouwelijkheid) an abonnement of an applicatie
    only gets the message when that applicatie may read the object (rules H3): a subscriber of
    one gemeente never learns of another gemeente's zaken, not even their kenmerken. With
    gemeenten (an external publisher's message about an object outside iwerk, ADR 0028) only
    applicaties working for every one of these gemeenten get it.
    """
    now = timezone.now()
    notificatie = Notificatie(
        kanaal=kanaal,
        hoofd_object=hoofd_object,
        resource=resource,
        resource_url=resource_url,
        actie=actie,
        aanmaakdatum=aanmaakdatum or now,
        kenmerken={key: "" if value is None else str(value) for key, value in kenmerken.items()},
        tenant_id=tenant_id,
    )
    fastsql.insert(notificatie)  # objects.create, its statement written once per database
    leveringen = []
    if settings.IWERK_NOTIFICATIES_LOKAAL:
        leveringen = [
            Levering(
                notificatie=notificatie,
                abonnement_id=group.abonnement_id,
                ontvanger=f"abonnement:{group.abonnement_id}",
                hoofd_object=hoofd_object,
                volgende_poging=now,
            )
            for group in filtergroepen(kanaal)
            if group.matches(notificatie.kenmerken) and may_read(group.client_id, lezers, gemeenten)
        ]
    if settings.IWERK_NOTIFICATIES_DOORSTUREN:
        # Forwarding to an external Notificaties API: the same outbox, retries and order.
        leveringen.append(
            Levering(
                notificatie=notificatie,
                ontvanger="doorsturen",
                hoofd_object=hoofd_object,
                volgende_poging=now,
            )
        )
    Levering.objects.bulk_create(leveringen)
    return notificatie


@dataclass(frozen=True)
class Filtergroep:
    """What the outbox needs of one AbonnementKanaal (plain values, so they can be cached)."""

    abonnement_id: int
    client_id: str
    filters: dict

    def matches(self, kenmerken: dict) -> bool:
        return filters_match(self.filters, kenmerken)


def filtergroepen(kanaal: str) -> list[Filtergroep]:
    """The filter groups listening to kanaal.

    Every change of a register asks this in its transaction; within a request the answer is
    cached per generation of the abonnementen (bumped by every change to them, see
    notificaties.signals), which the request reads once anyway (core.generations). Not cached
    when this request changed the abonnementen itself: that generation may still roll back.
    """
    cacheable = generations.in_request() and not generations.bumped_here(ABONNEMENTEN)
    key = f"iwerk:filtergroepen:{generations.current(ABONNEMENTEN)}:{kanaal}" if cacheable else ""
    groups = cache.get(key) if cacheable else None
    if groups is None:
        groups = [
            Filtergroep(group.abonnement_id, group.abonnement.client_id, group.filters)
            for group in AbonnementKanaal.objects.filter(kanaal__naam=kanaal)
            .select_related("abonnement")
            .order_by("pk")
        ]
        if cacheable:
            cache.set(key, groups, timeout=3600)
    return groups


READ_SCOPE = {"zrc": "zaken.lezen", "drc": "documenten.lezen", "brc": "besluiten.lezen"}


def may_read(client_id: str, lezers: tuple | None, gemeenten: frozenset[int] | None = None) -> bool:
    if (lezers is None and gemeenten is None) or not client_id:
        return True  # objects without readers, and abonnementen beheer made without an applicatie
    resolved = import_string(settings.IWERK_ACTOR_RESOLVER)(client_id)
    if resolved is None:
        return False
    tenants = resolved[1].catalogi_tenant_ids
    if gemeenten is not None and tenants is not None and not gemeenten <= tenants:
        return False
    if lezers is None:
        return True
    component, type_id, catalogus_id, vertrouwelijkheid = lezers
    if component == "kic":
        # Klantinteracties (ADR 0052): (gemeente, rank of the klantcontact's vertrouwelijkheid).
        toegangen = klantinteracties_toegang.voor_actor(resolved[1])
        return toegangen.mag(Scope.lezen, type_id) and vertrouwelijkheid <= toegangen.max_rang(
            type_id
        )
    return resolved[1].permits(
        component,
        READ_SCOPE[component],
        type_id=type_id,
        catalogus_id=catalogus_id,
        vertrouwelijkheid=vertrouwelijkheid,
    )
