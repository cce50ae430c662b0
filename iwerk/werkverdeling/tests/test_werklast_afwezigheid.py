"""Absence (medewerkers.services.afwezig_melden, terug_melden; selectors.afwezigen): only a
teamleider of a team the person is in, in that gemeente, and never a day in the past (ADR 0060)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from iwerk.core.api.problems import ValidationFailed
from iwerk.medewerkers import selectors, services
from iwerk.medewerkers.models import Afwezigheid
from iwerk.werkverdeling.tests.werklast_wereld import bouw_wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    return bouw_wereld(gemeenten)


def _melden(wereld, door, wie, dagen=7, gemeente=None):
    return services.afwezig_melden(
        door=wereld.users[door],
        gemeente=gemeente or wereld.deventer,
        gebruiker=wereld.users[wie],
        afwezig_tot=wereld.vandaag + timedelta(days=dagen),
    )


def _reden(excinfo) -> tuple[str, str]:
    param = excinfo.value.params[0]
    return param.code, param.reason


def test_a_teamleider_reports_a_member_away_and_back(wereld):
    afwezigheid = _melden(wereld, "pjansen", "jdevries", dagen=14)
    assert afwezigheid.afwezig_tot == wereld.vandaag + timedelta(days=14)
    assert afwezigheid.gemeld_door == "pjansen"
    assert selectors.afwezigen(["jdevries", "mbakker"], wereld.vandaag) == {
        "jdevries": wereld.vandaag + timedelta(days=14)
    }
    _melden(wereld, "pjansen", "jdevries", dagen=0)  # a new date replaces it: today is the last
    assert Afwezigheid.objects.get().afwezig_tot == wereld.vandaag
    assert services.terug_melden(
        door=wereld.users["pjansen"], gemeente=wereld.deventer, gebruiker=wereld.users["jdevries"]
    )
    assert not Afwezigheid.objects.exists()
    assert selectors.afwezigen(["jdevries"], wereld.vandaag) == {}


def test_a_day_in_the_past_is_refused(wereld):
    with pytest.raises(ValidationFailed) as excinfo:
        _melden(wereld, "pjansen", "jdevries", dagen=-1)
    assert _reden(excinfo) == (
        "datum-verleden",
        "Deze datum ligt in het verleden; kies vandaag of een latere dag.",
    )
    assert not Afwezigheid.objects.exists()


def test_more_than_a_year_ahead_is_refused(wereld):
    _melden(wereld, "pjansen", "jdevries", dagen=366)  # a year, leap day included, is fine
    with pytest.raises(ValidationFailed) as excinfo:
        _melden(wereld, "pjansen", "jdevries", dagen=367)
    assert _reden(excinfo)[0] == "datum-te-ver"
    assert Afwezigheid.objects.get().afwezig_tot == wereld.vandaag + timedelta(days=366)


def test_someone_outside_the_teamleiders_teams_is_refused(wereld):
    with pytest.raises(ValidationFailed) as excinfo:
        _melden(wereld, "pjansen", "syilmaz")  # Burgerzaken
    assert _reden(excinfo)[0] == "geen-teamlid"
    assert "niet in een team waarvan u teamleider bent" in _reden(excinfo)[1]
    with pytest.raises(ValidationFailed):
        services.terug_melden(
            door=wereld.users["pjansen"],
            gemeente=wereld.deventer,
            gebruiker=wereld.users["syilmaz"],
        )
    assert not Afwezigheid.objects.exists()


def test_only_a_teamleider_in_that_gemeente_reports_absence(wereld):
    with pytest.raises(ValidationFailed) as excinfo:
        _melden(wereld, "mbakker", "jdevries")  # a colleague, not the teamleider
    assert _reden(excinfo) == (
        "geen-teamleider",
        "Alleen een teamleider in Deventer kan afwezigheid melden.",
    )
    # Raalte's teamleider leads jdevries there, not in Deventer; pjansen not in Raalte.
    with pytest.raises(ValidationFailed):
        _melden(wereld, "lsmit", "jdevries")
    with pytest.raises(ValidationFailed):
        _melden(wereld, "pjansen", "jdevries", gemeente=wereld.raalte)
    _melden(wereld, "lsmit", "jdevries", gemeente=wereld.raalte)  # one row, for every gemeente
    assert Afwezigheid.objects.get().gemeld_door == "lsmit"


def test_an_absence_that_ended_counts_as_present(wereld):
    Afwezigheid.objects.create(
        gebruiker=wereld.users["mbakker"], afwezig_tot=wereld.vandaag - timedelta(days=1)
    )
    assert selectors.afwezigen(["mbakker"], wereld.vandaag) == {}
    assert selectors.afwezigen([], wereld.vandaag) == {}
