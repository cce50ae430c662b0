"""Changes to staff: a team per gemeente, a role of a user in a gemeente.

Functioneel beheer changes roles in the admin (medewerkers.admin); the demo loader and tests come
here. The cached staff contexts follow either way (medewerkers.signals).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.models import Gemeente
from iwerk.medewerkers.models import Roltoewijzing, Team

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def team(gemeente: Gemeente, naam: str) -> Team:
    """The team of that name in the gemeente, made when it is not there yet."""
    return Team.objects.get_or_create(gemeente=gemeente, naam=naam)[0]


def rol_toewijzen(
    gebruiker: User,
    gemeente: Gemeente,
    rol: str,
    *,
    team: Team | None = None,
    maximum: str = Vertrouwelijkheidaanduiding.zaakvertrouwelijk,
) -> Roltoewijzing:
    """Give gebruiker the role in gemeente (one row per role and gemeente), in the team and up
    to the maximum vertrouwelijkheidaanduiding given; an existing row takes both over."""
    return Roltoewijzing.objects.update_or_create(
        gebruiker=gebruiker,
        gemeente=gemeente,
        rol=rol,
        defaults={"team": team, "max_vertrouwelijkheidaanduiding": maximum},
    )[0]
