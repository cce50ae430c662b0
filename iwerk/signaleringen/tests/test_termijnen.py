"""Deadline signals (ADR 0057): three days ahead and passed yesterday, once per zaak or task, kind
and day however often the job runs; open, running zaken only; a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from iwerk.signaleringen.models import Signalering, Soort
from iwerk.signaleringen.services import termijnen
from iwerk.signaleringen.tests.hulp import ontvangers
from iwerk.werkverdeling.models import Taak, Taakstatus
from iwerk.zaken.models import Zaak

pytestmark = pytest.mark.django_db


def _termijn(zaak: Zaak, **velden) -> None:
    Zaak.objects.filter(pk=zaak.pk).update(**velden)


def test_a_servicenorm_three_days_away_is_signalled_once(wereld):
    vandaag = timezone.localdate()
    zaak = wereld.zaak(behandelaar=wereld.users["jdevries"])
    _termijn(zaak, einddatum_gepland=vandaag + timedelta(days=3))
    Signalering.objects.all().delete()

    termijnen.signaleren()
    termijnen.signaleren()  # a second run, or a second worker

    signaal = Signalering.objects.get()
    assert (signaal.gebruiker.username, signaal.soort) == ("jdevries", Soort.termijn_nadert)
    dag = vandaag + timedelta(days=3)
    assert signaal.tekst == (
        f"Bij zaak {zaak.identificatie} verloopt de servicenorm over 3 dagen ({dag:%d-%m-%Y})."
    )
    # The next day it is two days away: nothing new.
    termijnen.signaleren(vandaag + timedelta(days=1))
    assert Signalering.objects.count() == 1


def test_a_wettelijke_termijn_passed_yesterday_is_signalled_to_the_team_without_behandelaar(
    wereld,
):
    zaak = wereld.zaak()
    _termijn(
        zaak,
        team=wereld.team,
        uiterlijke_einddatum_afdoening=timezone.localdate() - timedelta(days=1),
    )
    termijnen.signaleren()
    termijnen.signaleren()
    assert ontvangers(Soort.termijn_verstreken) == {
        "jdevries": [""],
        "mbakker": [""],
        "pjansen": [""],
    }
    assert "de wettelijke termijn verstreken" in Signalering.objects.first().tekst


def test_closed_suspended_and_unrouted_zaken_and_other_days_are_not_signalled(wereld):
    dag = timezone.localdate() + timedelta(days=3)
    user = wereld.users["jdevries"]
    _termijn(wereld.zaak(behandelaar=user), einddatum_gepland=dag, einddatum=timezone.localdate())
    _termijn(wereld.zaak(behandelaar=user), einddatum_gepland=dag, opschorting_indicatie=True)
    _termijn(wereld.zaak(), einddatum_gepland=dag)  # in the intake
    _termijn(wereld.zaak(behandelaar=user), einddatum_gepland=dag + timedelta(days=1))
    Signalering.objects.all().delete()
    termijnen.signaleren()
    assert not Signalering.objects.exists()


def test_task_deadlines_go_to_the_assignee_or_the_team(wereld):
    vandaag = timezone.localdate()
    zaak = wereld.zaak(behandelaar=wereld.users["jdevries"])
    Signalering.objects.all().delete()
    for medewerker, team, deadline, status in (
        ("mbakker", None, vandaag + timedelta(days=3), Taakstatus.open),
        ("", wereld.team, vandaag - timedelta(days=1), Taakstatus.open),
        ("syilmaz", None, vandaag + timedelta(days=3), Taakstatus.afgerond),
    ):
        Taak.objects.create(
            tenant_id=zaak.tenant_id,
            zaak=zaak,
            titel="Advies",
            medewerker=medewerker,
            team=team,
            deadline=deadline,
            status=status,
        )
    termijnen.signaleren()
    termijnen.signaleren()
    assert ontvangers(Soort.termijn_nadert) == {"mbakker": [""]}
    assert ontvangers(Soort.termijn_verstreken) == {
        "jdevries": [""],
        "mbakker": [""],
        "pjansen": [""],
    }


def test_the_job_costs_the_same_queries_for_one_zaak_or_many(wereld, django_assert_num_queries):
    dag = timezone.localdate() + timedelta(days=3)
    zaken = [wereld.zaak(behandelaar=wereld.users["jdevries"]) for _ in range(4)]
    Signalering.objects.all().delete()
    _termijn(zaken[0], einddatum_gepland=dag)
    # Six day lookups (two per deadline kind), staff once, one insert.
    with django_assert_num_queries(8):
        termijnen.signaleren()
    Signalering.objects.all().delete()
    for zaak in zaken:
        _termijn(zaak, einddatum_gepland=dag)
    with django_assert_num_queries(8):
        termijnen.signaleren()
    assert Signalering.objects.count() == 4
