"""Who is calling the Klantinteracties API, and what they may see and change (ADR 0052).

Two ways in, both ending in one `Toegangen`: the API's own `Authorization: Token <key>` (a Token
of one Toegang: one applicatie in one gemeente), and iwerk's ZGW JWT (`Bearer`), whose
applicatie's Toegangen all hold. Resolved once per key and cached until a Toegang, Token or
applicatie changes (the generations "klantinteracties-toegang" and "autorisaties").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q

from iwerk.core import generations
from iwerk.core.api.actor import Actor
from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.core.models import Gemeente
from iwerk.klantinteracties.models import SCOPES, Scope, Toegang, Token
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.medewerkers.roles import KCC, ZAKEN

GENERATIE = "klantinteracties-toegang"
_CACHE_SECONDS = 300


def sleutel_hash(sleutel: str) -> str:
    """What is kept of a token: its SHA-256 (a token is a random 40+ character key, so a plain
    hash is enough; nothing to stretch)."""
    return hashlib.sha256(sleutel.encode()).hexdigest()


@dataclass(frozen=True)
class Recht:
    """One Toegang, as the request needs it."""

    gemeente_id: int
    scopes: frozenset[str]
    max_rang: int


@dataclass(frozen=True)
class Toegangen:
    """What the caller may do, per gemeente. `actor` is who it is in the audit trail."""

    actor: Actor
    rechten: tuple[Recht, ...] = ()
    _per_gemeente: dict[int, Recht] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._per_gemeente.update({r.gemeente_id: r for r in self.rechten})

    def gemeenten(self, scope: str = Scope.lezen) -> frozenset[int]:
        return frozenset(r.gemeente_id for r in self.rechten if scope in r.scopes)

    def mag(self, scope: str, gemeente_id: int | None = None) -> bool:
        if gemeente_id is None:
            return any(scope in r.scopes for r in self.rechten)
        recht = self._per_gemeente.get(gemeente_id)
        return recht is not None and scope in recht.scopes

    def max_rang(self, gemeente_id: int) -> int:
        recht = self._per_gemeente.get(gemeente_id)
        return -1 if recht is None else recht.max_rang

    def zichtbaar(self, rang_veld: str | None = None, scope: str = Scope.lezen) -> Q:
        """The rows this caller may read (or, with scope bijwerken, change): its gemeenten, and
        where `rang_veld` names a klantcontact's vertrouwelijkheid_rang, up to its maximum there."""
        voorwaarden = Q(pk__in=[])
        for recht in self.rechten:
            if scope not in recht.scopes:
                continue
            deel = Q(tenant_id=recht.gemeente_id)
            if rang_veld is not None:
                deel &= Q(**{f"{rang_veld}__lte": recht.max_rang})
            voorwaarden |= deel
        return voorwaarden


def _recht(toegang: Toegang) -> Recht:
    return Recht(
        gemeente_id=toegang.gemeente_id,
        scopes=frozenset(s for s in toegang.scopes if isinstance(s, str)),
        max_rang=VERTROUWELIJKHEID_ORDER.get(toegang.max_vertrouwelijkheidaanduiding, 0),
    )


def _sleutel(*delen: str) -> str:
    return (
        f"iwerk:ki-toegang:{generations.current(GENERATIE)}:"
        f"{generations.current('autorisaties')}:" + ":".join(delen)
    )


def voor_token(sleutel: str) -> Toegangen | None:
    """The Toegangen of an API token, or None when no active token has this key."""
    digest = sleutel_hash(sleutel)
    key = _sleutel("token", digest)
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    token = (
        Token.objects.filter(sleutel_hash=digest, actief=True)
        .select_related("toegang__applicatie")
        .first()
    )
    resolved: Toegangen | None = None
    if token is not None:
        applicatie = token.toegang.applicatie
        resolved = Toegangen(
            actor=Actor(
                client_id=f"token:{token.pk}",
                applicatie_uuid=str(applicatie.uuid),
                applicatie_label=applicatie.label,
                heeft_alle_autorisaties=False,
            ),
            rechten=(_recht(token.toegang),),
        )
    cache.set(key, resolved or (), _CACHE_SECONDS)
    return resolved


def voor_actor(actor: Actor) -> Toegangen:
    """The Toegangen of a ZGW client (JWT): every Toegang of its applicatie."""
    if actor.applicatie_uuid is None:
        return Toegangen(actor=actor)
    key = _sleutel("applicatie", actor.applicatie_uuid)
    rechten = cache.get(key)
    if rechten is None and actor.heeft_alle_autorisaties:
        # "Alle autorisaties" (the shared organisation's own tools): every gemeente, every
        # scope, every level, as on the ZGW APIs.
        rechten = tuple(
            Recht(
                gemeente_id=pk,
                scopes=frozenset(SCOPES),
                max_rang=max(VERTROUWELIJKHEID_ORDER.values()),
            )
            for pk in Gemeente.objects.order_by("pk").values_list("pk", flat=True)
        )
        cache.set(key, rechten, _CACHE_SECONDS)
    if rechten is None:
        rechten = tuple(
            _recht(t)
            for t in Toegang.objects.filter(applicatie__uuid=actor.applicatie_uuid).order_by(
                "gemeente_id"
            )
        )
        cache.set(key, rechten, _CACHE_SECONDS)
    return Toegangen(actor=actor, rechten=rechten)


def voor_medewerker(context: Werkplekcontext) -> Toegangen:
    """The Toegangen of a staff member in the werkplek's active gemeente (ADR 0054): they read
    klantinteracties there when a role lets them work with zaken or in the contact centre, up to
    the highest vertrouwelijkheid their roles let them read zaken at; they record contacts and
    contactverzoeken with the same reach. Without such a role: nothing."""
    if not (context.kan(ZAKEN) or context.kan(KCC)):
        return Toegangen(actor=context.actor)
    rangen = [g.max_rank for g in context.actor.grants if g.component == "zrc"]
    if not rangen:
        return Toegangen(actor=context.actor)
    return Toegangen(
        actor=context.actor,
        rechten=(
            Recht(
                gemeente_id=context.gemeente.pk,
                scopes=frozenset({Scope.lezen, Scope.bijwerken}),
                max_rang=max(rangen),
            ),
        ),
    )
