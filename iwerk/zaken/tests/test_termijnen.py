"""Deadlines move with an opschorting and a verlenging, in the zaak service (update_zaak).

The werkplek and the API both call update_zaak; these tests pin the rule there, so a change
that stops moving the deadlines fails here and not only on a werkplek page.
"""

from datetime import date, timedelta

import pytest

from iwerk.core.api.actor import Actor
from iwerk.core.testing import catalogus as build
from iwerk.zaken.selectors import termijnen
from iwerk.zaken.services import ZaakGegevens, register_zaak, update_zaak

pytestmark = pytest.mark.django_db
ALLES = Actor(
    client_id="alles", applicatie_uuid=None, applicatie_label="", heeft_alle_autorisaties=True
)
START = date(2026, 3, 2)  # a Monday
SERVICENORM = date(2026, 4, 13)  # START + P6W
WETTELIJK = date(2026, 4, 27)  # START + P8W


@pytest.fixture
def zaak(catalogus, time_machine):
    time_machine.move_to(START, tick=False)
    zaaktype = build.complete_zaaktype(catalogus, servicenorm="P6W", doorlooptijd="P8W")
    zaaktype.concept = False
    zaaktype.save()
    zaak = register_zaak(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=ZaakGegevens(
            bronorganisatie="001902763",
            verantwoordelijke_organisatie="001902763",
            startdatum=START,
        ),
    )
    assert (zaak.einddatum_gepland, zaak.uiterlijke_einddatum_afdoening) == (
        SERVICENORM,
        WETTELIJK,
    )
    return zaak


def _change(zaak, **changes):
    update_zaak(actor=ALLES, zaak=zaak, changes=changes)
    zaak.refresh_from_db()
    return zaak


def test_ending_an_opschorting_moves_both_deadlines_by_the_days_it_lasted(zaak, time_machine):
    time_machine.move_to(date(2026, 3, 10), tick=False)
    _change(zaak, opschorting_indicatie=True, opschorting_reden="Wacht op advies")
    assert zaak.opgeschort_sinds == date(2026, 3, 10) and zaak.opschorting_eerdere_opschorting
    # While suspended the stored dates stay; the signal counts the standstill on top.
    assert (zaak.einddatum_gepland, zaak.uiterlijke_einddatum_afdoening) == (SERVICENORM, WETTELIJK)
    stand = termijnen.termijn(zaak, date(2026, 3, 17))
    assert stand.staat == termijnen.OPGESCHORT
    assert stand.wettelijk == WETTELIJK + timedelta(days=7)

    time_machine.move_to(date(2026, 3, 22), tick=False)  # 12 days later
    _change(zaak, opschorting_indicatie=False)
    assert not zaak.opschorting_indicatie and zaak.opgeschort_sinds is None
    assert zaak.einddatum_gepland == SERVICENORM + timedelta(days=12)
    assert zaak.uiterlijke_einddatum_afdoening == WETTELIJK + timedelta(days=12)
    assert zaak.opgeschorte_dagen == 12

    # A second opschorting adds its own days, to the dates and to the netto total.
    time_machine.move_to(date(2026, 4, 1), tick=False)
    _change(zaak, opschorting_indicatie=True, opschorting_reden="Wacht op aanvrager")
    time_machine.move_to(date(2026, 4, 4), tick=False)
    _change(zaak, opschorting_indicatie=False)
    assert zaak.uiterlijke_einddatum_afdoening == WETTELIJK + timedelta(days=15)
    assert zaak.einddatum_gepland == SERVICENORM + timedelta(days=15)
    assert zaak.opgeschorte_dagen == 15


def test_repeating_the_same_opschorting_state_moves_nothing(zaak, time_machine):
    time_machine.move_to(date(2026, 3, 10), tick=False)
    _change(zaak, opschorting_indicatie=True, opschorting_reden="Wacht op advies")
    time_machine.move_to(date(2026, 3, 20), tick=False)
    _change(zaak, opschorting_indicatie=True, opschorting_reden="Nog steeds")
    assert zaak.opgeschort_sinds == date(2026, 3, 10)  # the suspension did not restart
    _change(zaak, opschorting_indicatie=False)
    _change(zaak, opschorting_indicatie=False)  # already running: no second shift
    assert zaak.uiterlijke_einddatum_afdoening == WETTELIJK + timedelta(days=10)
    assert zaak.opgeschorte_dagen == 10


def test_a_first_verlenging_moves_both_deadlines_once(zaak):
    _change(zaak, verlenging_reden="Advies nodig", verlenging_duur="P14D")
    assert zaak.einddatum_gepland == SERVICENORM + timedelta(days=14)
    assert zaak.uiterlijke_einddatum_afdoening == WETTELIJK + timedelta(days=14)
    _change(zaak, verlenging_reden="Nog eens", verlenging_duur="P21D")  # not a first one
    assert zaak.uiterlijke_einddatum_afdoening == WETTELIJK + timedelta(days=14)


def test_dates_given_with_the_change_are_kept_as_given(zaak, time_machine):
    time_machine.move_to(date(2026, 3, 10), tick=False)
    _change(zaak, opschorting_indicatie=True, opschorting_reden="Wacht op advies")
    time_machine.move_to(date(2026, 3, 20), tick=False)
    _change(zaak, opschorting_indicatie=False, uiterlijke_einddatum_afdoening=date(2026, 6, 1))
    assert zaak.uiterlijke_einddatum_afdoening == date(2026, 6, 1)
    assert zaak.einddatum_gepland == SERVICENORM  # explicit dates: the service moves neither
    assert zaak.opgeschorte_dagen == 10  # but the netto days still count
