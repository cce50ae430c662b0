"""A staff member as an actor of the registers: the same authorisation as an API client.

A user's roles in the active gemeente become autorisaties on that gemeente's catalogi
(catalogus-level grants with the role's maximum vertrouwelijkheid). Every list, page and action
then goes through the register selectors and services with this actor, so tenant isolation
and confidentiality are enforced in one place for the API and every staff page alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache

from iwerk.catalogi.models import Catalogus
from iwerk.core import generations
from iwerk.core.api.actor import Actor, Grant
from iwerk.core.models import Gemeente
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import CAPABILITIES, SCOPES

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The counter kept its name from before the move out of the werkplek: during an upgrade, processes
# of the previous version bump the same counter when a role changes (medewerkers.signals).
GENERATION = "werkplek"
_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Werkplekcontext:
    """Who works, in which gemeente, with which roles: attached to request.werkplek."""

    gemeente: Gemeente
    gemeenten: tuple[Gemeente, ...]  # every gemeente where the user holds a role
    rollen: frozenset[str]
    team_ids: frozenset[int]
    capabilities: frozenset[str]
    actor: Actor

    def kan(self, capability: str) -> bool:
        return capability in self.capabilities


def gemeenten_of(user: User) -> list[Gemeente]:
    ids = Roltoewijzing.objects.filter(gebruiker=user).values("gemeente_id")
    return list(Gemeente.objects.filter(pk__in=ids).order_by("naam"))


def context_for(user: User, gemeente_id: int) -> Werkplekcontext | None:
    """The context of user in gemeente, or None without a role there. Cached per generation."""
    key = f"iwerk:werkplek:{generations.current(GENERATION)}:{user.pk}:{gemeente_id}"
    cached = cache.get(key)
    if cached is None:
        cached = _build(user, gemeente_id) or ()
        cache.set(key, cached, _CACHE_SECONDS)
    return cached or None


def display_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _build(user: User, gemeente_id: int) -> Werkplekcontext | None:
    toewijzingen = list(Roltoewijzing.objects.filter(gebruiker=user).select_related("gemeente"))
    here = [t for t in toewijzingen if t.gemeente_id == gemeente_id]
    if not here:
        return None
    catalogus_ids = list(
        Catalogus.objects.filter(tenant_id=gemeente_id).values_list("pk", flat=True)
    )
    grants = []
    for toewijzing in here:
        for component, scopes in SCOPES[toewijzing.rol].items():
            if not scopes:
                continue
            grants += [
                Grant(
                    component=component,
                    scopes=frozenset(scopes),
                    catalogus_id=catalogus_id,
                    max_vertrouwelijkheid=toewijzing.max_vertrouwelijkheidaanduiding,
                )
                for catalogus_id in catalogus_ids
            ]
    actor = Actor(
        client_id="iwerk-werkplek",
        applicatie_uuid=None,
        applicatie_label="iwerk werkplek",
        heeft_alle_autorisaties=False,
        grants=tuple(grants),
        catalogi_tenant_ids=frozenset({gemeente_id}),
        user_id=user.get_username(),
        user_representation=display_name(user),
    )
    gemeenten = {t.gemeente_id: t.gemeente for t in toewijzingen}
    return Werkplekcontext(
        gemeente=gemeenten[gemeente_id],
        gemeenten=tuple(sorted(gemeenten.values(), key=lambda g: g.naam)),
        rollen=frozenset(t.rol for t in here),
        team_ids=frozenset(t.team_id for t in here if t.team_id),
        capabilities=frozenset(c for t in here for c in CAPABILITIES[t.rol]),
        actor=actor,
    )
