"""Who is calling: the API client (applicatie) and what its autorisaties allow.

An Actor is built once per client by the autorisaties register (and cached there);
core only defines its shape, so core stays free of imports from other apps.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from iwerk.core.api.problems import PermissionDenied
from iwerk.core.choices import VERTROUWELIJKHEID_ORDER

ALL = None  # marker: no restriction


@dataclass(frozen=True)
class Grant:
    """One autorisatie: scopes in a component, for one type or a whole catalogus."""

    component: str
    scopes: frozenset[str]
    type_id: int | None = None  # local zaaktype / informatieobjecttype / besluittype pk
    type_url: str | None = None  # as registered, also for types outside this installation
    catalogus_id: int | None = None  # catalogus-level grant: every type of the catalogus
    max_vertrouwelijkheid: str | None = None

    @property
    def max_rank(self) -> int:
        if self.max_vertrouwelijkheid is None:
            return max(VERTROUWELIJKHEID_ORDER.values())
        return VERTROUWELIJKHEID_ORDER[self.max_vertrouwelijkheid]


@dataclass(frozen=True)
class Actor:
    client_id: str
    applicatie_uuid: str | None
    applicatie_label: str
    heeft_alle_autorisaties: bool
    grants: tuple[Grant, ...] = ()
    # Gemeenten (tenant ids) whose catalogi this client may read; ALL for every one.
    catalogi_tenant_ids: frozenset[int] | None = frozenset()
    user_id: str = ""
    user_representation: str = ""
    alleen_is_gereed_voor_publicatie: bool = False
    audit_toelichting: str = ""  # X-Audit-Toelichting of the current request
    _scope_index: dict = field(default_factory=dict, compare=False, repr=False)

    def for_user(
        self, user_id: str, user_representation: str, audit_toelichting: str = ""
    ) -> Actor:
        return replace(
            self,
            user_id=user_id,
            user_representation=user_representation,
            audit_toelichting=audit_toelichting,
        )

    def has_scope(self, component: str, scope: str) -> bool:
        if self.heeft_alle_autorisaties:
            return True
        return any(component == g.component and scope in g.scopes for g in self.grants)

    def granted(self, component: str, scope: str) -> bool:
        """Whether one of the actor's autorisaties names scope, for any type or catalogus.

        heeftAlleAutorisaties does not count here: this asks for a scope that changes what a
        write is rather than allowing it (`<component>.migreren`, ADR 0063), which a client
        only has when it was given on purpose.
        """
        return any(component == g.component and scope in g.scopes for g in self.grants)

    def has_any(self, *pairs: tuple[str, str]) -> bool:
        return any(self.has_scope(component, scope) for component, scope in pairs)

    def require(self, *pairs: tuple[str, str]) -> None:
        """Raise 403 unless the actor holds at least one of the (component, scope) pairs."""
        if not self.has_any(*pairs):
            wanted = " of ".join(scope for _, scope in pairs)
            raise PermissionDenied(f"Deze applicatie mist de benodigde scope ({wanted}).")

    def permits(
        self,
        component: str,
        scope: str,
        *,
        type_id: int | None,
        catalogus_id: int | None,
        vertrouwelijkheid: str | None = None,
    ) -> bool:
        """Whether scope is granted for one object of a type (and confidentiality), ZGW A5/A6."""
        if self.heeft_alle_autorisaties:
            return True
        for grant in self.grants_with(component, scope):
            covers = (grant.type_id is not None and grant.type_id == type_id) or (
                grant.catalogus_id is not None and grant.catalogus_id == catalogus_id
            )
            if covers and (
                vertrouwelijkheid is None
                or VERTROUWELIJKHEID_ORDER[vertrouwelijkheid] <= grant.max_rank
            ):
                return True
        return False

    def grants_with(self, component: str, scope: str) -> list[Grant]:
        return [g for g in self.grants if g.component == component and scope in g.scopes]
