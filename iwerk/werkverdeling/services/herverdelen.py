"""Redistributing the work of a team member (sick leave, a backlog): the teamleider moves their
open zaken and tasks in bulk to a colleague, or back to the team (ADR 0060).

Only what the teamleider may read is moved (selectors.werklast.zaken_van, taken_van). Each zaak
and task goes in its own transaction: one that fails (the colleague may not see the zaak, it
was closed meanwhile) is reported with its reason and the others still move.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ApiError, ValidationFailed
from iwerk.core.models import Gemeente
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.medewerkers.formulieren import describe
from iwerk.medewerkers.models import Team
from iwerk.werkverdeling.selectors import werklast
from iwerk.werkverdeling.services import taken as taken_services
from iwerk.zaken.models import Zaak
from iwerk.zaken.services.toewijzing import Medewerker, assign, release, team_toewijzen

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_PER_KEER = 200  # as the werkvoorraad's bulk assignment


@dataclass(frozen=True)
class Bestemming:
    """Where the work goes: a colleague (user name) or, without one, the team's queue."""

    username: str = ""
    team_id: int | None = None


@dataclass
class Uitkomst:
    """What moved (zaaknummers, task titles), what did not and why (in Dutch), and how many of
    the chosen ones were no longer the member's open work the teamleider may read."""

    gelukt: list[str] = field(default_factory=list)
    mislukt: list[tuple[str, str]] = field(default_factory=list)
    niet_gevonden: int = 0


@dataclass(frozen=True)
class _Doel:
    lid: werklast.Lid
    gebruiker: User | None  # the colleague, or None: the team
    team: Team | None  # the team chosen for the queue (or the colleague's fallback: None)


def _doel(*, door: User, gemeente: Gemeente, van: str, naar: Bestemming) -> _Doel:
    """Check who moves whose work where; raises ValidationFailed with the Dutch reason."""
    vandaag = timezone.localdate()
    lid = werklast.lid(gemeente=gemeente, leider_id=door.pk, username=van, vandaag=vandaag)
    if lid is None:
        raise ValidationFailed.single(
            "van",
            "geen-teamlid",
            "Deze medewerker zit niet in een team waarvan u teamleider bent; "
            "u kunt hun werk niet herverdelen.",
        )
    if naar.username:
        collega = {c[0]: c for c in lid.collegas}.get(naar.username)
        if collega is None:
            raise ValidationFailed.single(
                "naar",
                "geen-collega",
                f"Kies een collega uit het team van {lid.naam} die zaken behandelt.",
            )
        if collega[2] is not None:
            raise ValidationFailed.single(
                "naar",
                "collega-afwezig",
                f"{collega[1]} is afwezig tot en met {collega[2]:%d-%m-%Y}; "
                "kies een collega die er is.",
            )
        gebruiker = get_user_model().objects.get(username=naar.username)
        return _Doel(lid, gebruiker, None)
    teams = dict(lid.teams)
    if naar.team_id is None and len(teams) == 1:
        naar = Bestemming(team_id=next(iter(teams)))
    if naar.team_id not in teams:
        raise ValidationFailed.single(
            "naar",
            "geen-team",
            f"Kies een collega of een team van {lid.naam} dat u leidt.",
        )
    return _Doel(lid, None, Team.objects.get(pk=naar.team_id))


def _medewerker(user: User) -> Medewerker:
    return Medewerker(
        identificatie=user.get_username(),
        achternaam=user.last_name or user.get_username(),
        voorletters=f"{user.first_name[0]}." if user.first_name else "",
    )


def zaken_herverdelen(
    *,
    context: Werkplekcontext,
    door: User,
    van: str,
    zaak_uuids: Iterable[str],
    naar: Bestemming,
) -> Uitkomst:
    """Move the chosen open zaken of van (a user name) to a colleague or back to the team.

    Rules: door (the user of context) leads a team van is in, in context's gemeente; the colleague is in such a team,
    handles zaken and is not away; the team is one of those. A zaak to a colleague goes through
    zaken.services.toewijzing.assign (which refuses a colleague who may not see it); back to the
    team, its behandelaars are removed (zaken.services.toewijzing.release) and a zaak without a
    team gets the chosen one (team_toewijzen). Only zaken van handles that actor may read are touched. Raises
    ValidationFailed for a wrong choice; per zaak errors are in the Uitkomst.
    """
    actor = context.actor
    doel = _doel(door=door, gemeente=context.gemeente, van=van, naar=naar)
    uuids = list(dict.fromkeys(zaak_uuids))[:MAX_PER_KEER]
    uitkomst = Uitkomst()
    zaken = list(werklast.zaken_van(actor, context.gemeente, van).filter(uuid__in=uuids))
    uitkomst.niet_gevonden = len(uuids) - len(zaken)
    medewerker = _medewerker(doel.gebruiker) if doel.gebruiker else None
    for zaak in zaken:
        try:
            with transaction.atomic():
                if medewerker is not None:
                    assign(actor=actor, zaak=zaak, medewerker=medewerker)
                else:
                    assert doel.team is not None
                    _naar_team(actor, zaak, doel.team)
        except ApiError as error:
            uitkomst.mislukt.append((zaak.identificatie, describe(error)))
        else:
            uitkomst.gelukt.append(zaak.identificatie)
    return uitkomst


def _naar_team(actor: Actor, zaak: Zaak, team: Team) -> None:
    """The zaak back to a team queue: no behandelaar; its team kept, else the chosen team."""
    release(actor=actor, zaak=zaak)
    if zaak.team_id is None:
        team_toewijzen(actor=actor, zaak=zaak, team=team)


def taken_herverdelen(
    *,
    context: Werkplekcontext,
    door: User,
    van: str,
    taak_uuids: Iterable[str],
    naar: Bestemming,
) -> Uitkomst:
    """Move the chosen open tasks of van to a colleague or to the team (Taak.medewerker "").

    Rules as zaken_herverdelen, and those of services.taken.toewijzen per task (the colleague
    may handle the task's zaak; an approval is not given to a person). A task to the team keeps
    its team; one without gets the chosen team. TaakToegewezen is published per task.
    """
    doel = _doel(door=door, gemeente=context.gemeente, van=van, naar=naar)
    uuids = list(dict.fromkeys(taak_uuids))[:MAX_PER_KEER]
    uitkomst = Uitkomst()
    taken = list(werklast.taken_van(context.actor, context.gemeente, van).filter(uuid__in=uuids))
    uitkomst.niet_gevonden = len(uuids) - len(taken)
    for taak in taken:
        naam = f"{taak.titel} ({taak.zaak.identificatie})"
        try:
            if doel.gebruiker is not None:
                taken_services.toewijzen(
                    context=context, taak=taak, medewerker=doel.gebruiker.get_username()
                )
            else:
                assert doel.team is not None
                taken_services.toewijzen(
                    context=context, taak=taak, team_id=taak.team_id or doel.team.pk
                )
        except ApiError as error:
            uitkomst.mislukt.append((naam, describe(error)))
        else:
            uitkomst.gelukt.append(naam)
    return uitkomst
