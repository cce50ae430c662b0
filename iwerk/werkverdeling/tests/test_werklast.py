"""The teamleider's workload figures (selectors.werklast): per member, the team queue and the
intake, never another gemeente's work, in a fixed number of queries (ADR 0060)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.actor import context_for
from iwerk.medewerkers.models import Afwezigheid
from iwerk.medewerkers.roles import Rol
from iwerk.werkverdeling.selectors import werklast
from iwerk.werkverdeling.selectors.werklast import Aantallen
from iwerk.werkverdeling.tests.werklast_wereld import bouw_wereld, taak

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    return bouw_wereld(gemeenten)


def _stand(wereld, username="pjansen"):
    return werklast.werklast(
        gemeente=wereld.deventer, leider_id=wereld.users[username].pk, vandaag=wereld.vandaag
    )


def test_counts_per_member_team_queue_and_intake(wereld):
    Afwezigheid.objects.create(
        gebruiker=wereld.users["jdevries"], afwezig_tot=wereld.vandaag + timedelta(days=10)
    )
    stand = _stand(wereld)
    assert [t.naam for t in stand.teams] == ["Vergunningen"]  # not Burgerzaken
    team = stand.teams[0]
    leden = {lid.username: lid for lid in team.leden}
    assert set(leden) == {"jdevries", "mbakker", "pjansen"}
    # jdevries: j1 (late), j2, j3 (geheim); not the closed zaak, not his Raalte zaak.
    assert leden["jdevries"].zaken == Aantallen(open=3, te_laat=1)
    # t1 (late), t2, t3; not the finished task, not his Raalte task.
    assert leden["jdevries"].taken == Aantallen(open=3, te_laat=1)
    assert leden["jdevries"].afwezig_tot == wereld.vandaag + timedelta(days=10)
    assert leden["mbakker"].zaken == Aantallen(1, 1)
    assert leden["mbakker"].taken == Aantallen(1, 0)
    assert leden["mbakker"].afwezig_tot is None
    assert leden["pjansen"].zaken == Aantallen(0, 0)
    assert team.wachtrij == Aantallen(1, 1)
    assert team.teamtaken == Aantallen(2, 1)  # t5 (late) and the approval
    assert stand.intake == Aantallen(2, 1)  # i1, i2: not Raalte's r2
    assert stand.afwezig == 1


def test_an_absence_that_ended_is_not_shown(wereld):
    Afwezigheid.objects.create(
        gebruiker=wereld.users["mbakker"], afwezig_tot=wereld.vandaag - timedelta(days=1)
    )
    leden = {lid.username: lid for lid in _stand(wereld).teams[0].leden}
    assert leden["mbakker"].afwezig_tot is None


def test_another_gemeente_sees_only_its_own_work(wereld):
    stand = werklast.werklast(
        gemeente=wereld.raalte, leider_id=wereld.users["lsmit"].pk, vandaag=wereld.vandaag
    )
    leden = {lid.username: lid for lid in stand.teams[0].leden}
    assert leden["jdevries"].zaken == Aantallen(1, 1)  # r1 only
    assert leden["jdevries"].taken == Aantallen(1, 1)
    assert stand.intake == Aantallen(1, 1)
    # pjansen leads no team in Raalte: nothing of Raalte's teams.
    assert (
        werklast.werklast(
            gemeente=wereld.raalte, leider_id=wereld.users["pjansen"].pk, vandaag=wereld.vandaag
        ).teams
        == []
    )


def test_a_behandelaar_leads_no_team(wereld):
    assert _stand(wereld, "jdevries").teams == []


def test_a_teamleider_without_a_team_leads_every_team_of_the_gemeente(wereld):
    wereld.users["coordinator"] = medewerker(wereld.deventer, "coordinator", Rol.teamleider)
    namen = [t.naam for t in _stand(wereld, "coordinator").teams]
    assert namen == ["Burgerzaken", "Vergunningen"]


def test_the_number_of_queries_does_not_grow_with_the_team(wereld, django_assert_num_queries):
    with django_assert_num_queries(7):
        _stand(wereld)
    zaaktype = wereld.zaken["j1"].zaaktype
    for n in range(6):
        user = medewerker(wereld.deventer, f"extra{n}", team="Vergunningen")
        zaak = bouw.zaak(zaaktype, behandelaar=user)
        taak(zaak, "Extra", medewerker=user.username)
    with django_assert_num_queries(7):
        stand = _stand(wereld)
    assert len(stand.teams[0].leden) == 9
    # Every team: one query more.
    wereld.users["coordinator"] = medewerker(wereld.deventer, "coordinator", Rol.teamleider)
    with django_assert_num_queries(8):
        _stand(wereld, "coordinator")


def test_a_member_page_names_colleagues_and_teams_of_the_teamleider_only(wereld):
    lid = werklast.lid(
        gemeente=wereld.deventer,
        leider_id=wereld.users["pjansen"].pk,
        username="jdevries",
        vandaag=wereld.vandaag,
    )
    assert lid is not None
    assert lid.teams == [(wereld.vergunningen.pk, "Vergunningen")]  # not his Raalte team
    assert [c[0] for c in lid.collegas] == ["mbakker", "pjansen"]
    for buiten in ("syilmaz", "rmeijer", "nobody"):
        assert (
            werklast.lid(
                gemeente=wereld.deventer,
                leider_id=wereld.users["pjansen"].pk,
                username=buiten,
                vandaag=wereld.vandaag,
            )
            is None
        )


def test_the_lists_for_redistribution_hold_only_what_the_teamleider_may_read(wereld):
    tleider = medewerker(wereld.deventer, "tleider", Rol.teamleider, team="Vergunningen")
    actor = context_for(wereld.users["pjansen"], wereld.deventer.pk).actor
    laag = context_for(tleider, wereld.deventer.pk).actor
    zaken = [z.identificatie for z in werklast.zaken_van(actor, wereld.deventer, "jdevries")]
    # First deadline first; the vertrouwelijke j3 for pjansen (geheim), not for tleider.
    assert zaken == [wereld.zaken[k].identificatie for k in ("j1", "j3", "j2")]
    assert [z.identificatie for z in werklast.zaken_van(laag, wereld.deventer, "jdevries")] == [
        wereld.zaken[k].identificatie for k in ("j1", "j2")
    ]
    # First deadline first, a task without one last.
    assert [t.titel for t in werklast.taken_van(actor, wereld.deventer, "jdevries")] == [
        "Advies vragen",
        "Locatie bekijken",
        "Geheim overleg",
    ]
    taken = {t.titel for t in werklast.taken_van(laag, wereld.deventer, "jdevries")}
    assert taken == {"Advies vragen", "Locatie bekijken"}
    assert werklast.verborgen(laag, wereld.deventer, "jdevries") == werklast.Verborgen(1, 1)
    assert werklast.verborgen(actor, wereld.deventer, "jdevries") == werklast.Verborgen(0, 0)
