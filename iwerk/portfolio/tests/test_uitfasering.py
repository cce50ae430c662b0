"""An application migrated into iwerk (ADR 0065): when it can be switched off, and the rules of
linking a migratie and phasing the application out (services.gebruik, the list import)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from iwerk.portfolio.models import Applicatie, Gebruik
from iwerk.portfolio.selectors import uitfasering
from iwerk.portfolio.services import gebruik as gebruik_services
from iwerk.portfolio.services import lijst
from iwerk.portfolio.tests import migratie_hulp as hulp

pytestmark = pytest.mark.django_db


def _t(dag: int, uur: int = 12) -> datetime:
    return datetime(2026, 11, dag, uur, tzinfo=UTC)


@pytest.fixture
def deventer(gemeenten):
    return gemeenten["deventer"]


@pytest.fixture
def alfa(deventer):
    app = Applicatie.objects.create(naam="Zaaksysteem Alfa")
    return Gebruik.objects.create(
        applicatie=app,
        gemeente=deventer,
        sinds=date(2014, 3, 1),
        status="uit_te_faseren",
        einde_gepland=date(2027, 6, 30),
    )


def _wijzig(gebruik, **velden):
    waarden = {
        "status": gebruik.status,
        "einde_gepland": gebruik.einde_gepland,
        "einde": gebruik.einde,
        "migratie": gebruik.migratie,
    } | velden
    return gebruik_services.bijwerken(gebruik, **waarden)


def _fouten(gebruik, **velden):
    with pytest.raises(ValidationError) as refused:
        _wijzig(gebruik, **velden)
    gebruik.refresh_from_db()
    return refused.value.message_dict


def test_a_migratie_of_another_gemeente_is_refused_by_the_service(alfa, gemeenten):
    van_raalte = hulp.migratie(gemeenten["raalte"])
    assert _fouten(alfa, migratie=van_raalte) == {
        "migratie": ["Deze migratie hoort bij een andere gemeente."]
    }
    assert alfa.migratie_id is None  # nothing stored


def test_linking_and_unlinking_a_migratie_of_the_own_gemeente(alfa, deventer):
    eigen = hulp.migratie(deventer)
    _wijzig(alfa, migratie=eigen)  # no run yet: linking is fine while not phased out
    alfa.refresh_from_db()
    assert alfa.migratie == eigen
    _wijzig(alfa, migratie=None)
    alfa.refresh_from_db()
    assert alfa.migratie is None


def test_phasing_out_is_refused_while_the_migratie_is_not_clean(alfa, deventer):
    migratie = hulp.migratie(deventer)
    hulp.run(migratie, _t(20), _t(21), niet_gekopieerd=3)
    _wijzig(alfa, migratie=migratie)
    assert _fouten(alfa, status="uitgefaseerd", einde=date(2026, 12, 1)) == {
        "status": ["De migratie naar iwerk is nog niet schoon: 3 objecten niet gekopieerd."]
    }
    assert alfa.status == "uit_te_faseren"
    # Linking that migratie to a row that is already phased out is refused the same way.
    Gebruik.objects.filter(pk=alfa.pk).update(status="uitgefaseerd", migratie=None)
    alfa.refresh_from_db()
    assert "status" in _fouten(alfa, migratie=migratie)
    assert alfa.migratie_id is None


def test_every_reason_of_an_unclean_report_is_named(alfa, deventer):
    migratie = hulp.migratie(deventer)
    hulp.run(migratie, _t(20), _t(21), niet_gekopieerd=1, afwijkend=2, ontbrekend_in_iwerk=4)
    _wijzig(alfa, migratie=migratie)
    assert _fouten(alfa, status="uitgefaseerd")["status"] == [
        "De migratie naar iwerk is nog niet schoon: 1 object niet gekopieerd; 2 afwijkende "
        "documentversies (SHA-256); zaken: 10.412 bij de bron, 10.407 in iwerk."
    ]


def test_a_run_of_some_phases_is_not_clean_and_says_so(alfa, deventer):
    migratie = hulp.migratie(deventer)
    hulp.run(migratie, _t(20), _t(21), fasen=("catalogi", "documenten"))
    _wijzig(alfa, migratie=migratie)
    assert _fouten(alfa, status="uitgefaseerd")["status"] == [
        "De migratie naar iwerk is nog niet schoon: de laatste run deed alleen de fasen "
        "catalogi, documenten; een run van alle fasen is nodig."
    ]


def test_phasing_out_is_allowed_once_the_latest_run_is_clean(alfa, deventer):
    migratie = hulp.migratie(deventer)
    hulp.run(migratie, _t(14), _t(15), toestand="gestopt", melding="De bron is onbereikbaar.")
    hulp.run(migratie, _t(21), _t(22))
    _wijzig(alfa, migratie=migratie)
    _wijzig(alfa, status="uitgefaseerd", einde=date(2026, 12, 1))
    alfa.refresh_from_db()
    assert (alfa.status, alfa.einde, alfa.migratie) == ("uitgefaseerd", date(2026, 12, 1), migratie)
    # Unlinking afterwards is allowed.
    _wijzig(alfa, migratie=None)


def test_the_real_end_cannot_lie_before_the_clean_run(alfa, deventer):
    migratie = hulp.migratie(deventer)
    hulp.run(migratie, _t(21), _t(22))
    assert _fouten(alfa, status="uitgefaseerd", einde=date(2026, 11, 1), migratie=migratie) == {
        "einde": [
            "De migratie naar iwerk is pas op 22-11-2026 schoon afgerond; het werkelijke einde "
            "kan niet eerder liggen."
        ]
    }


@pytest.mark.parametrize(
    ("einde_gepland", "vanaf"),
    [
        (date(2027, 3, 14), date(2027, 3, 14)),  # planned later than the clean run: the plan
        (date(2026, 10, 1), date(2026, 11, 22)),  # planned earlier: the clean run's end
        (None, date(2026, 11, 22)),
    ],
)
def test_the_switch_off_date_is_the_later_of_the_clean_run_and_the_planned_end(
    alfa, deventer, einde_gepland, vanaf
):
    migratie = hulp.migratie(deventer)
    hulp.run(migratie, _t(21), _t(22, uur=7))
    Gebruik.objects.filter(pk=alfa.pk).update(migratie=migratie, einde_gepland=einde_gepland)
    alfa = Gebruik.objects.select_related("migratie").get(pk=alfa.pk)
    oordeel = uitfasering.voor_gebruik([alfa])[alfa.pk].oordeel
    assert (oordeel.kan_uit, oordeel.uitschakelen_vanaf, oordeel.redenen) == (True, vanaf, ())


@pytest.mark.parametrize(
    ("toestand", "reden", "melding"),
    [
        ("lopend", "er loopt een migratierun (gestart 23 november 2026 om 13:00)", ""),
        ("gestopt", "de laatste migratierun is gestopt en niet hervat", "De bron is weg."),
        ("mislukt", "de laatste migratierun is mislukt", "Onverwachte fout: KeyError: 'url'"),
    ],
)
def test_a_later_run_that_runs_stopped_or_failed_means_not_yet(
    alfa, deventer, toestand, reden, melding
):
    migratie = hulp.migratie(deventer)
    hulp.run(migratie, _t(21), _t(22))  # clean
    hulp.run(migratie, _t(23), None if toestand == "lopend" else _t(24), toestand=toestand,
             melding=melding)  # fmt: skip
    oordeel = uitfasering.oordeel_voor(migratie, date(2027, 6, 30))
    assert (oordeel.kan_uit, oordeel.uitschakelen_vanaf) == (False, None)
    assert oordeel.redenen == (reden,)
    assert oordeel.melding == melding  # apart: shown to the gemeente's own staff only
    # The latest report stays the clean one, for the counts.
    Gebruik.objects.filter(pk=alfa.pk).update(migratie=migratie)
    stand = uitfasering.voor_gebruik([Gebruik.objects.select_related("migratie").get()])[alfa.pk]
    assert stand.laatste_run.toestand == toestand
    if toestand == "lopend":  # no report yet: the counts are those of the clean run before it
        assert stand.rapport.schoon and stand.rapport.pk != stand.laatste_run.pk
    else:
        assert stand.rapport.pk == stand.laatste_run.pk


def test_without_a_run_or_a_report_it_is_not_yet(deventer):
    migratie = hulp.migratie(deventer)
    assert uitfasering.oordeel_voor(migratie, None).redenen == (
        "er is nog geen migratierun geweest",
    )
    hulp.run(migratie, _t(21), _t(22), met_rapport=False)
    assert uitfasering.oordeel_voor(migratie, None).redenen == (
        "de laatste migratierun heeft geen verificatierapport",
    )


def test_verdicts_for_many_rows_take_one_query(gemeenten, django_assert_num_queries):
    rijen = []
    for i, gemeente in enumerate(gemeenten.values()):
        for j in range(3):
            app = Applicatie.objects.create(naam=f"App {i}-{j}")
            migratie = hulp.migratie(gemeente, f"bron-{j}")
            for dag in (10, 14, 21):
                hulp.run(migratie, _t(dag), _t(dag + 1))
            rijen.append(
                Gebruik.objects.create(
                    applicatie=app, gemeente=gemeente, sinds=date(2020, 1, 1), migratie=migratie
                )
            )
    rijen = list(Gebruik.objects.select_related("migratie"))
    with django_assert_num_queries(1):
        stand = uitfasering.voor_gebruik(rijen)
    assert len(stand) == 9 and all(s.oordeel.kan_uit for s in stand.values())
    assert {s.laatste_run.gestart_op for s in stand.values()} == {_t(21)}
    with django_assert_num_queries(0):
        assert uitfasering.voor_gebruik([]) == {}


def test_the_report_page_shows_a_few_hundred_rows_of_each_list(deventer):
    rapport = hulp.rapport(hulp.migratie(deventer), niet_gekopieerd=1000, afwijkend=5)
    weergave = uitfasering.rapportweergave(rapport)
    assert len(weergave["niet_gekopieerd"]) == uitfasering.TONEN
    assert weergave["niet_gekopieerd_meer"] == 1000 - uitfasering.TONEN
    assert weergave["niet_gekopieerd_totaal"] == 1000
    assert weergave["niet_gekopieerd"][0]["label"] == "zaken"
    assert weergave["versies"]["afwijkend_totaal"] == 5 and len(weergave["afwijkend"]) == 5
    assert weergave["duur"] == "0:42:10" and weergave["toestand"] == "Klaar"


def test_the_list_import_refuses_to_phase_out_an_application_not_clean_yet(alfa, deventer):
    migratie = hulp.migratie(deventer)
    hulp.run(migratie, _t(20), _t(21), niet_gekopieerd=2)
    Gebruik.objects.filter(pk=alfa.pk).update(migratie=migratie)
    regel = "naam;gemeente;status;sinds\nZaaksysteem Alfa;Deventer;uitgefaseerd;2014-03-01\n"
    verslag = lijst.importeren(regel.encode(), "lijst.csv", proef=False)
    assert verslag.fouten == [
        "Regel 2: de migratie naar iwerk is nog niet schoon: 2 objecten niet gekopieerd."
    ]
    alfa.refresh_from_db()
    assert alfa.status == "uit_te_faseren"
    hulp.run(migratie, _t(22), _t(23))  # clean now
    assert lijst.importeren(regel.encode(), "lijst.csv", proef=False).gelukt
    alfa.refresh_from_db()
    assert alfa.status == "uitgefaseerd"
