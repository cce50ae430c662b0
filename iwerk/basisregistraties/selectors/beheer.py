"""Which gemeenten a user may manage the connections and purposes of, in functioneel beheer.

Roles live in `medewerkers`, a layer above this app: it fills the slot from its
`AppConfig.ready` (`register_beheerders`) with the gemeenten where the user is functioneel
beheerder. Without it only superusers see anything (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BeheerdersBron = Callable[[int], set[int]]
_bron: BeheerdersBron | None = None


def register_beheerders(bron: BeheerdersBron) -> None:
    """bron(user_id) → the ids of the gemeenten the user manages."""
    global _bron
    _bron = bron


def beheerde_gemeenten(user: Any) -> set[int] | None:
    """The gemeente ids the user manages here; None: all of them (a superuser)."""
    if getattr(user, "is_superuser", False):
        return None
    if _bron is None or not getattr(user, "pk", None):
        return set()
    return _bron(user.pk)
