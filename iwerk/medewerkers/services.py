"""Changes to staff: a team per gemeente, a role of a user in a gemeente.

Functioneel beheer changes roles in the admin (medewerkers.admin); the demo loader and tests come
here. The cached staff contexts follow either way (medewerkers.signals).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from iwerk.core.api.problems import ValidationFailed
from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.models import Gemeente
from iwerk.medewerkers.models import Afwezigheid, Roltoewijzing, Team
from iwerk.medewerkers.selectors import geleide_teams

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


# Absence (ADR 0060): one row per person, for every gemeente they work for. While it lasts their
# signals go to their teams (iwerk.signaleringen) and the workload view shows it.


def _mag_afwezigheid_melden(door: User, gemeente: Gemeente, gebruiker: User) -> None:
    """Only a teamleider of a team the person is in, in that gemeente, reports their absence."""
    geleid = [pk for pk, _naam in geleide_teams(door.pk, gemeente.pk)]
    if not geleid:
        raise ValidationFailed.single(
            "gebruiker",
            "geen-teamleider",
            f"Alleen een teamleider in {gemeente.naam} kan afwezigheid melden.",
        )
    if not Roltoewijzing.objects.filter(
        gebruiker=gebruiker, gemeente=gemeente, team_id__in=geleid
    ).exists():
        raise ValidationFailed.single(
            "gebruiker",
            "geen-teamlid",
            "Deze medewerker zit niet in een team waarvan u teamleider bent; "
            "u kunt de afwezigheid niet melden.",
        )


# Absence is reported for at most a year ahead (a typing error such as 9999 would silently move
# someone's signals to their team for good).
MAX_AFWEZIG = timedelta(days=366)


@transaction.atomic
def afwezig_melden(
    *, door: User, gemeente: Gemeente, gebruiker: User, afwezig_tot: date
) -> Afwezigheid:
    """Record that gebruiker is away up to and including afwezig_tot (replacing an earlier date).

    Rules: door leads (WERKLAST) a team in gemeente that gebruiker is in; the date is today or
    later. Raises ValidationFailed with the Dutch reason.
    """
    _mag_afwezigheid_melden(door, gemeente, gebruiker)
    if afwezig_tot < timezone.localdate():
        raise ValidationFailed.single(
            "afwezig_tot",
            "datum-verleden",
            "Deze datum ligt in het verleden; kies vandaag of een latere dag.",
        )
    if afwezig_tot > timezone.localdate() + MAX_AFWEZIG:
        raise ValidationFailed.single(
            "afwezig_tot",
            "datum-te-ver",
            "Meld een afwezigheid voor hoogstens een jaar vooruit; verleng haar zo nodig later.",
        )
    return Afwezigheid.objects.update_or_create(
        gebruiker=gebruiker,
        defaults={"afwezig_tot": afwezig_tot, "gemeld_door": door.get_username()},
    )[0]


@transaction.atomic
def terug_melden(*, door: User, gemeente: Gemeente, gebruiker: User) -> bool:
    """End gebruiker's absence now (the row goes); False when they were not absent.

    Rules and errors as afwezig_melden.
    """
    _mag_afwezigheid_melden(door, gemeente, gebruiker)
    deleted, _ = Afwezigheid.objects.filter(gebruiker=gebruiker).delete()
    return bool(deleted)
