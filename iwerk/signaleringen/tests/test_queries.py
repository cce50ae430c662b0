"""Signals for a status change cost a bounded number of queries (issue 29): the same for a team
of one as for a team of five, with the status change itself, a task for the team and the zaak
entering the team's queue."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.gebeurtenissen import publiceer
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.models import Team
from iwerk.signaleringen.models import Signalering
from iwerk.werkverdeling.gebeurtenissen import TaakToegewezen
from iwerk.werkverdeling.models import Taak, Taaksjabloon, Toewijzingsdoel
from iwerk.zaken.gebeurtenissen import ZaakTeamGewijzigd
from iwerk.zaken.models import Zaak

# The status change with its audit, notifications and Sturing queue, the checklist, and the
# signals (three queries per event): 41 measured when the checklist was still a stub; room for
# the werkverdeling's own reads and writes.
MAX_QUERIES = 60


def _team(wereld, naam: str, leden: int) -> Team:
    for nummer in range(leden):
        medewerker(wereld.deventer, f"{naam.lower()}{nummer}", team=naam)
    team = Team.objects.get(gemeente=wereld.deventer, naam=naam)
    Taaksjabloon.objects.create(
        gemeente=wereld.deventer,
        zaaktype_identificatie="KAP",
        statustype_omschrijving="In behandeling",
        titel=f"Advies {naam}",
        toewijzen_aan=Toewijzingsdoel.team,
        team=team,
    )
    return team


def _klaarzetten(wereld, team: Team):
    """A zaak in the team's queue with an ad-hoc task for the team; returns the change to
    measure: its next status, the task announced, the zaak announced in the queue."""
    zaak = wereld.zaak()
    Zaak.objects.filter(pk=zaak.pk).update(team=team)
    taak = Taak.objects.create(tenant_id=zaak.tenant_id, zaak=zaak, titel="Ad hoc", team=team)

    def wijziging() -> None:
        bouw.status(zaak, "In behandeling")
        publiceer(TaakToegewezen(taak.pk))
        publiceer(ZaakTeamGewijzigd(zaak.pk, team.pk, None))

    return wijziging


def _tel(wijziging) -> int:
    with CaptureQueriesContext(connection) as queries:
        wijziging()
    return len(queries)


def test_signals_of_a_status_change_do_not_cost_a_query_per_team_member(
    wereld, django_assert_max_num_queries
):
    klein, groot = _team(wereld, "Klein", 1), _team(wereld, "Groot", 5)
    _klaarzetten(wereld, _team(wereld, "Opwarmen", 2))()  # first-use caches
    Signalering.objects.all().delete()

    assert _tel(_klaarzetten(wereld, klein)) == _tel(_klaarzetten(wereld, groot))
    wijziging = _klaarzetten(wereld, groot)
    with django_assert_max_num_queries(MAX_QUERIES):
        wijziging()
    # Each of the five: the task and the queue, twice (and the checklist task, once made).
    assert Signalering.objects.filter(gebruiker__username__startswith="groot").count() >= 20
