"""Who is responsible for incidents in a gemeente: its privacy officer (FG) and CISO."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import Rol

if TYPE_CHECKING:
    from django.contrib.auth.models import User

BEOORDELAARS = (Rol.privacy_officer, Rol.ciso)


def fg_en_ciso(gemeente_id: int) -> list[User]:
    ids = Roltoewijzing.objects.filter(gemeente_id=gemeente_id, rol__in=BEOORDELAARS).values(
        "gebruiker_id"
    )
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username"))


def beoordeelt_in(user: User) -> set[int]:
    """The gemeenten where this user triages incidents (FG or CISO)."""
    return set(
        Roltoewijzing.objects.filter(gebruiker=user, rol__in=BEOORDELAARS).values_list(
            "gemeente_id", flat=True
        )
    )
