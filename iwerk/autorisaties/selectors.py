"""Reads of the Autorisaties register, including the per-request actor resolution."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from iwerk.autorisaties.models import Applicatie, ApplicatieClient, JWTSecret
from iwerk.autorisaties.scopes import TYPE_FIELD
from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.core import generations
from iwerk.core.api.actor import Actor, Grant
from iwerk.core.models import Gemeente

_TYPE_PATH = re.compile(
    r"/catalogi/api/v1/(zaaktypen|informatieobjecttypen|besluittypen)/([0-9a-fA-F-]{36})/?$"
)
_CACHE_SECONDS = 300


def current_generation() -> int:
    return generations.current("autorisaties")


def resolve_actor(client_id: str) -> tuple[str, Actor] | None:
    """(secret, Actor) for a client id, or None when no secret is registered for it.

    Costs one query per request when cached (the generation counter); a cache miss
    costs a fixed handful, never one per autorisatie.
    """
    key = f"iwerk:actor:{current_generation()}:{client_id}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    resolved = _build_actor(client_id)
    cache.set(key, resolved or (), _CACHE_SECONDS)
    return resolved


def _build_actor(client_id: str) -> tuple[str, Actor] | None:
    secret = JWTSecret.objects.filter(client_id=client_id).values_list("secret", flat=True).first()
    if secret is None:
        return None
    client = (
        ApplicatieClient.objects.filter(client_id=client_id)
        .select_related("applicatie")
        .prefetch_related(
            "applicatie__autorisaties",
            "applicatie__catalogus_autorisaties__catalogus",
            "applicatie__gemeenten",
        )
        .first()
    )
    if client is None:
        # A registered secret without applicatie authenticates but may do nothing.
        return secret, Actor(
            client_id=client_id,
            applicatie_uuid=None,
            applicatie_label="",
            heeft_alle_autorisaties=False,
        )
    applicatie = client.applicatie
    grants, tenant_ids = _grants(applicatie)
    # Its tenancy (ADR 0026): all gemeenten, or the set built in _grants.
    alle = applicatie.heeft_alle_autorisaties or applicatie.alle_gemeenten
    return secret, Actor(
        client_id=client_id,
        applicatie_uuid=str(applicatie.uuid),
        applicatie_label=applicatie.label,
        heeft_alle_autorisaties=applicatie.heeft_alle_autorisaties,
        grants=tuple(grants),
        catalogi_tenant_ids=None if alle else frozenset(tenant_ids),
        alleen_is_gereed_voor_publicatie=applicatie.alleen_is_gereed_voor_publicatie,
    )


def _grants(applicatie: Applicatie) -> tuple[list[Grant], set[int]]:
    tenant_ids = {g.pk for g in applicatie.gemeenten.all()}
    # Tenants made for the catalogi this applicatie created for an RSIN of no gemeente of its own
    # (catalogi ADR 0025); the catalogi service bumps the generation when it makes one.
    tenant_ids |= set(
        Gemeente.objects.filter(aangemaakt_door_applicatie=applicatie.uuid).values_list(
            "pk", flat=True
        )
    )
    autorisaties = list(applicatie.autorisaties.all())
    wanted: dict[str, set[str]] = {
        "zaaktypen": set(),
        "informatieobjecttypen": set(),
        "besluittypen": set(),
    }
    for autorisatie in autorisaties:
        url = (
            getattr(autorisatie, TYPE_FIELD.get(autorisatie.component, ""), "")
            if autorisatie.component in TYPE_FIELD
            else ""
        )
        if url and (match := _TYPE_PATH.search(url)):
            wanted[match.group(1)].add(match.group(2).lower())
    local = {
        kind: catalogi_selectors.type_refs_by_uuid(kind, uuids)
        for kind, uuids in wanted.items()
        if uuids
    }

    grants: list[Grant] = []
    for autorisatie in autorisaties:
        type_url = (
            getattr(autorisatie, TYPE_FIELD[autorisatie.component])
            if autorisatie.component in TYPE_FIELD
            else ""
        )
        ref = None
        if type_url and (match := _TYPE_PATH.search(type_url)):
            ref = local.get(match.group(1), {}).get(match.group(2).lower())
        if ref is not None:
            tenant_ids.add(ref.tenant_id)
        grants.append(
            Grant(
                component=autorisatie.component,
                scopes=frozenset(autorisatie.scopes),
                type_id=ref.pk if ref else None,
                type_url=type_url or None,
                max_vertrouwelijkheid=autorisatie.max_vertrouwelijkheidaanduiding or None,
            )
        )
    for ca in applicatie.catalogus_autorisaties.all():
        tenant_ids.add(ca.catalogus.tenant_id)
        grants.append(
            Grant(
                component=ca.component,
                scopes=frozenset(ca.scopes),
                catalogus_id=ca.catalogus_id,
                max_vertrouwelijkheid=ca.max_vertrouwelijkheidaanduiding or None,
            )
        )
    return grants, tenant_ids


def applicaties_visible_to(actor: Actor) -> QuerySet[Applicatie]:
    """Applicaties an Autorisaties API client may see and change (ADR 0026).

    A client of all gemeenten sees all. A client limited to some gemeenten sees only applicaties
    that work for its gemeenten and no other: never one of all gemeenten, with
    heeftAlleAutorisaties, of no gemeente, or shared with a gemeente it does not work for.
    """
    qs = Applicatie.objects.all()
    tenants = actor.catalogi_tenant_ids
    if tenants is None:
        return qs
    links = Applicatie.gemeenten.through.objects
    return qs.filter(
        heeft_alle_autorisaties=False,
        alle_gemeenten=False,
        pk__in=links.filter(gemeente_id__in=tenants).values("applicatie_id"),
    ).exclude(pk__in=links.exclude(gemeente_id__in=tenants).values("applicatie_id"))


def applicatie_for_api(pk: int) -> Applicatie:
    """One applicatie with everything applicatie_to_json reads (e.g. the one just saved)."""
    return with_api_relations(Applicatie.objects.filter(pk=pk)).get()


def with_api_relations(qs: QuerySet[Applicatie]) -> QuerySet[Applicatie]:
    """Everything applicatie_to_json reads, in a fixed number of queries."""
    return qs.prefetch_related(
        Prefetch("clients", queryset=ApplicatieClient.objects.order_by("pk")),
        "autorisaties",
        "catalogus_autorisaties",
    )


def catalogus_types(applicaties: Iterable[Applicatie]) -> dict[int, dict[str, list]]:
    """Types per catalogus for the catalogus-level autorisaties of these applicaties (one query per kind)."""
    catalogus_ids = {ca.catalogus_id for a in applicaties for ca in a.catalogus_autorisaties.all()}
    return catalogi_selectors.types_per_catalogus(catalogus_ids) if catalogus_ids else {}
