"""Every case KPI on constructed datasets: known answers, and the same figures counted
directly on the zaken (not through Zaakfeit or the aggregates)."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest
from django.db import transaction

from iwerk.core.api.actor import Actor
from iwerk.sturing.models import (
    Bijwerking,
    Dagcijfer,
    Doorlooptijdtelling,
    Openstand,
    Zaakfeit,
)
from iwerk.sturing.selectors import cijfers, klassen
from iwerk.sturing.selectors.cijfers import Selectie
from iwerk.sturing.services.verversen import herberekenen, verversen
from iwerk.sturing.tests.bouw import (
    gemeente_met_zaaktypen,
    medewerker,
    opslaan,
    verwijderen,
    zaak,
)
from iwerk.zaken.models import Resultaat, Zaak
from iwerk.zaken.services.zaak import update_zaak

pytestmark = pytest.mark.django_db
ALLES = Actor("test", None, "test", heeft_alle_autorisaties=True, catalogi_tenant_ids=None)
VANDAAG = date(2026, 4, 30)


def sel(gemeente, van=date(2026, 3, 1), tot=date(2026, 4, 1), **kwargs) -> Selectie:
    return Selectie(tenant_ids=(gemeente.pk,), van=van, tot=tot, vandaag=VANDAAG, **kwargs)


def nearest_rank(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)), 1) - 1]


def test_opschorting_and_verlenging_move_the_terms_and_leave_the_doorlooptijd_netto(
    time_machine,
):
    gemeente, wmo, _ = gemeente_met_zaaktypen()
    time_machine.move_to("2026-01-05 09:00+01:00")
    opgeschort = zaak(wmo, date(2026, 1, 5))
    verlengd = zaak(wmo, date(2026, 1, 5))
    time_machine.move_to("2026-01-10 09:00+01:00")
    update_zaak(actor=ALLES, zaak=opgeschort, changes={"opschorting_indicatie": True,
                                                        "opschorting_reden": "Wacht op stukken"})  # fmt: skip
    time_machine.move_to("2026-01-15 09:00+01:00")
    update_zaak(actor=ALLES, zaak=verlengd, changes={"verlenging_reden": "Advies nodig",
                                                      "verlenging_duur": "P4W"})  # fmt: skip
    time_machine.move_to("2026-01-20 09:00+01:00")
    update_zaak(actor=ALLES, zaak=opgeschort, changes={"opschorting_indicatie": False})
    opgeschort.refresh_from_db()
    assert opgeschort.opgeschorte_dagen == 10
    # Closed in March: 61 and 74 calendar days after the start.
    for z, eind in ((opgeschort, date(2026, 3, 7)), (verlengd, date(2026, 3, 20))):
        z.refresh_from_db()
        z.einddatum = eind
        z.save()
        Resultaat.objects.create(tenant=gemeente, zaak=z, resultaattype=wmo.resultaattypen.first())
    # Imported data: closed on 20 April while still opgeschort since 10 February (69 days).
    nog_opgeschort = zaak(wmo, date(2026, 2, 2), eind=date(2026, 4, 20),
                          opgeschort_sinds=date(2026, 2, 10))  # fmt: skip
    time_machine.move_to("2026-04-30 12:00+02:00")
    verversen(vandaag=VANDAAG)

    totaal, rijen = cijfers.per_zaaktype(sel(gemeente))
    assert (totaal.uitstroom, totaal.met_wettelijke_termijn, totaal.binnen_wettelijke_termijn) == (
        2,
        2,
        2,
    )  # 2 March (+10 d) → 12 March and 2 March (+28 d) → 30 March: both in time
    assert (totaal.met_servicenorm, totaal.binnen_servicenorm) == (2, 0)  # 26 Feb and 16 March
    assert (totaal.mediaan, totaal.p80, totaal.gemiddeld) == (51, 74, 62.5)  # 61 − 10 and 74
    assert [r.label for r in rijen] == ["Wmo maatwerkvoorziening"]

    april, _ = cijfers.per_zaaktype(sel(gemeente, date(2026, 4, 1), date(2026, 5, 1)))
    # The last opschorting ran until the end: 8 working days, deadlines moved by 69 days.
    assert (april.uitstroom, april.binnen_wettelijke_termijn, april.mediaan) == (1, 1, 8)
    feit = Zaakfeit.objects.get(zaak=nog_opgeschort)
    assert feit.wettelijke_datum == date(2026, 3, 30) + timedelta(days=69)

    # The same answers counted directly on the zaken.
    gesloten = Zaak.objects.filter(einddatum__gte=date(2026, 3, 1), einddatum__lt=date(2026, 4, 1))
    assert sum(z.einddatum <= z.uiterlijke_einddatum_afdoening for z in gesloten) == 2
    assert sum(z.einddatum <= z.einddatum_gepland for z in gesloten) == 0
    netto = [(z.einddatum - z.startdatum).days - z.opgeschorte_dagen for z in gesloten]
    assert (nearest_rank(netto, 50), nearest_rank(netto, 80)) == (51, 74)


def _dataset(gemeente, wmo, kap, seed=7):
    """About 300 zaken over four months, across period borders, teams, channels and states."""
    rng = random.Random(seed)
    medewerker(gemeente, "anna", "Wmo")
    medewerker(gemeente, "bert", "Wmo")
    medewerker(gemeente, "carla", "Vergunningen")
    kanalen = ["Internet", "E-mail", "Telefoon", "Balie", "Post", ""]
    for _ in range(300):
        zaaktype = rng.choice([wmo, kap])
        start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 125))
        eind = None
        if rng.random() < 0.6:
            eind = start + timedelta(days=rng.randint(0, 90))
            eind = eind if eind <= VANDAAG else None
        opgeschort = None
        if eind is None and rng.random() < 0.1:
            opgeschort = start + timedelta(days=rng.randint(0, 5))
            opgeschort = min(opgeschort, VANDAAG)
        zaak(
            zaaktype,
            start,
            eind=eind,
            wettelijk=start + timedelta(days=rng.choice([14, 30, 56])),
            behandelaar=rng.choice(["anna", "bert", "carla", ""]),
            kanaal=rng.choice(kanalen),
            resultaat=rng.random() < 0.95,
            opgeschort_sinds=opgeschort,
            opgeschorte_dagen=rng.choice([0, 0, 0, 3, 12]) if eind else 0,
        )


@pytest.fixture
def dataset():
    gemeente, wmo, kap = gemeente_met_zaaktypen()
    _dataset(gemeente, wmo, kap)
    verversen(vandaag=VANDAAG)
    return gemeente, wmo, kap


def test_trend_matches_a_direct_count_per_week(dataset):
    gemeente, _, _ = dataset
    weken = cijfers.trend(sel(gemeente))
    assert len(weken) == 13 and weken[-1].eind == VANDAAG and weken[0].begin.weekday() == 0
    for w in weken:
        zaken = Zaak.objects.filter(tenant=gemeente)
        assert w.instroom == zaken.filter(startdatum__gte=w.begin, startdatum__lte=w.eind).count()
        assert w.uitstroom == zaken.filter(einddatum__gte=w.begin, einddatum__lte=w.eind).count()
        open_einde = zaken.filter(startdatum__lte=w.eind).exclude(einddatum__lte=w.eind).count()
        assert w.werkvoorraad == open_einde, w
    assert len({w.werkvoorraad for w in weken}) > 3  # a moving backlog, not a constant


def test_period_figures_match_a_direct_count(dataset):
    gemeente, wmo, _ = dataset
    for van, tot in ((date(2026, 3, 1), date(2026, 4, 1)), (date(2026, 1, 1), date(2026, 5, 1))):
        s = sel(gemeente, van, tot)
        totaal, rijen = cijfers.per_zaaktype(s)
        zaken = Zaak.objects.filter(tenant=gemeente)
        gestart = zaken.filter(startdatum__gte=van, startdatum__lt=tot)
        gesloten = list(zaken.filter(einddatum__gte=van, einddatum__lt=tot))
        assert totaal.instroom == gestart.count()
        assert totaal.uitstroom == len(gesloten)
        assert totaal.binnen_wettelijke_termijn == sum(
            z.einddatum <= z.uiterlijke_einddatum_afdoening for z in gesloten
        )
        met_norm = [z for z in gesloten if z.einddatum_gepland]
        assert totaal.met_servicenorm == len(met_norm) > 0
        assert totaal.binnen_servicenorm == sum(
            z.einddatum <= z.einddatum_gepland for z in met_norm
        )
        netto = [(z.einddatum - z.startdatum).days - z.opgeschorte_dagen for z in gesloten]
        assert totaal.mediaan == nearest_rank(netto, 50)
        assert totaal.p80 == nearest_rank(netto, 80)
        assert totaal.zonder_resultaat == sum(
            not Resultaat.objects.filter(zaak=z).exists() for z in gesloten
        )
        internet = gestart.filter(communicatiekanaal__contains="7a01").count()
        assert totaal.kanalen["internet"] == internet
        assert totaal.kanalen["onbekend"] == gestart.filter(communicatiekanaal="").count()
        assert sum(totaal.kanalen.values()) == totaal.instroom
        wmo_rij = next(r for r in rijen if r.label == wmo.omschrijving)
        assert wmo_rij.uitstroom == sum(z.zaaktype_id == wmo.pk for z in gesloten)
        assert wmo_rij.norm_doorlooptijd == 56 and wmo_rij.norm_servicenorm == 42


def _klasse_direct(z: Zaak) -> str:
    if z.startdatum > VANDAAG:
        return klassen.TOEKOMSTIG
    if z.opschorting_indicatie:
        return klassen.OPGESCHORT
    over = (VANDAAG - z.uiterlijke_einddatum_afdoening).days
    if over >= 91:
        return klassen.OVER_90
    if over >= 31:
        return klassen.OVER_31_90
    if over >= 8:
        return klassen.OVER_8_30
    if over >= 1:
        return klassen.OVER_1_7
    if z.einddatum_gepland and z.einddatum_gepland < VANDAAG:
        return klassen.SERVICENORM
    eerste = min(d for d in (z.einddatum_gepland, z.uiterlijke_einddatum_afdoening) if d)
    return klassen.NADERT if (eerste - VANDAAG).days <= 5 else klassen.OP_SCHEMA


def test_open_zaken_by_deadline_and_age_bucket_match_a_direct_count(dataset, settings):
    settings.IWERK_TERMIJN_SIGNAAL_DAGEN = 5
    gemeente, _, _ = dataset
    herberekenen(vandaag=VANDAAG)  # the classes depend on the signal horizon
    open_ = list(Zaak.objects.filter(tenant=gemeente, einddatum__isnull=True))
    verwacht = dict.fromkeys(klassen.WERKVOORRAAD, 0)
    for z in open_:
        k = _klasse_direct(z)
        if k in verwacht:
            verwacht[k] += 1
    tellingen = cijfers.termijnklassen(sel(gemeente))
    assert tellingen == verwacht
    assert sum(tellingen[k] for k in klassen.OVERSCHREDEN) > 0 and tellingen[klassen.OPGESCHORT] > 0
    # The drill-down's conditions give the same zaken as the aggregate's classes.
    for k, n in tellingen.items():
        assert (
            Zaakfeit.objects.filter(klassen.klasse_q(k, VANDAAG), tenant_id=gemeente.pk).count()
            == n
        )


def test_workload_per_team_and_behandelaar(dataset):
    gemeente, _, _ = dataset
    teams, personen = cijfers.werklast(sel(gemeente), {})
    open_ = Zaak.objects.filter(tenant=gemeente, einddatum__isnull=True, startdatum__lte=VANDAAG)
    per_persoon = {r.sleutel: r for r in personen}
    for naam in ("anna", "bert", "carla", ""):
        mijn = open_.filter(behandelaar=naam)
        assert per_persoon[naam].open == mijn.count()
        assert (
            per_persoon[naam].overschreden
            == mijn.filter(
                opschorting_indicatie=False, uiterlijke_einddatum_afdoening__lt=VANDAAG
            ).count()
        )
        leeftijd = sum((VANDAAG - z.startdatum).days for z in mijn)
        assert per_persoon[naam].gemiddelde_leeftijd == round(leeftijd / mijn.count(), 1)
    assert per_persoon[""].niet_toegewezen == per_persoon[""].open
    # anna and bert are team Wmo, carla Vergunningen; unassigned zaken have no team.
    open_per_team = sorted(r.open for r in teams)
    assert open_per_team == sorted(
        [
            open_.filter(behandelaar__in=["anna", "bert"]).count(),
            open_.filter(behandelaar="carla").count(),
            open_.filter(behandelaar="").count(),
        ]
    )


def test_filters_on_zaaktype_and_team(dataset):
    gemeente, wmo, _ = dataset
    wmo_totaal, _ = cijfers.per_zaaktype(sel(gemeente, zaaktype="WMO"))
    assert (
        wmo_totaal.instroom
        == Zaak.objects.filter(
            zaaktype=wmo, startdatum__gte=date(2026, 3, 1), startdatum__lt=date(2026, 4, 1)
        ).count()
    )
    team = Zaakfeit.objects.filter(behandelaar="carla").values_list("team_id", flat=True)[0]
    team_totaal, _ = cijfers.per_zaaktype(sel(gemeente, team_id=team))
    assert (
        team_totaal.uitstroom
        == Zaak.objects.filter(
            behandelaar="carla", einddatum__gte=date(2026, 3, 1), einddatum__lt=date(2026, 4, 1)
        ).count()
    )


def _snapshot():
    def rows(model, *fields):
        return sorted(model.objects.values_list(*fields))

    return (
        rows(Zaakfeit, "zaak_id", "team_id", "behandelaar", "einddatum", "wettelijke_datum",
             "opgeschort_sinds", "netto_doorlooptijd", "heeft_resultaat", "kanaal"),
        rows(Dagcijfer, "tenant_id", "dag", "zaaktype_id", "team_id", "instroom", "uitstroom",
             "binnen_servicenorm", "binnen_wettelijke_termijn", "doorlooptijd_som",
             "zonder_resultaat", "instroom_internet"),
        rows(Doorlooptijdtelling, "tenant_id", "maand", "zaaktype_id", "team_id", "dagen", "aantal"),
        rows(Openstand, "tenant_id", "zaaktype_id", "team_id", "behandelaar", "klasse", "aantal",
             "leeftijd_som"),
    )  # fmt: skip


def test_an_incremental_refresh_gives_what_a_full_rebuild_gives(dataset):
    gemeente, wmo, kap = dataset
    rng = random.Random(3)
    zaken = list(Zaak.objects.filter(tenant=gemeente).order_by("pk"))
    for z in rng.sample([z for z in zaken if not z.einddatum], 20):  # close
        z.einddatum = VANDAAG - timedelta(days=rng.randint(0, 3))
        opslaan(z)
    for z in rng.sample([z for z in zaken if z.einddatum], 10):  # reopen
        z.einddatum = None
        opslaan(z)
    for z in rng.sample(zaken, 10):  # reassign, move the start across a month border
        z.behandelaar = rng.choice(["anna", "carla", ""])
        z.startdatum = z.startdatum - timedelta(days=20)
        opslaan(z)
    for resultaat in Resultaat.objects.filter(zaak__in=rng.sample(zaken, 5)):
        verwijderen(resultaat)
    verwijderen(zaken[0])
    zaak(kap, date(2026, 4, 29), behandelaar="bert")
    assert Bijwerking.objects.count() > 0
    verversen(vandaag=VANDAAG)
    assert Bijwerking.objects.count() == 0
    incrementeel = _snapshot()
    herberekenen(vandaag=VANDAAG)
    assert _snapshot() == incrementeel


def test_the_deadline_classes_move_with_the_day(dataset):
    gemeente, _, _ = dataset
    voor = cijfers.termijnklassen(sel(gemeente))
    verversen(vandaag=VANDAAG + timedelta(days=10))  # nothing changed, but a new day
    later = Selectie(
        (gemeente.pk,), date(2026, 3, 1), date(2026, 4, 1), VANDAAG + timedelta(days=10)
    )
    na = cijfers.termijnklassen(later)
    assert sum(na[k] for k in klassen.OVERSCHREDEN) > sum(voor[k] for k in klassen.OVERSCHREDEN)


def test_a_change_that_rolls_back_queues_nothing_and_a_commit_queues_it(db):
    gemeente, wmo, _ = gemeente_met_zaaktypen()
    z = zaak(wmo, date(2026, 4, 1))
    verversen(vandaag=VANDAAG)
    with pytest.raises(RuntimeError), transaction.atomic():
        z.behandelaar = "anna"
        opslaan(z)
        raise RuntimeError("crash mid-write")
    assert Bijwerking.objects.count() == 0
    z.refresh_from_db()
    z.einddatum = VANDAAG
    opslaan(z)
    assert list(Bijwerking.objects.values_list("zaak_id", flat=True)) == [z.pk]
    verversen(vandaag=VANDAAG)
    assert Zaakfeit.objects.get(zaak=z).einddatum == VANDAAG


@pytest.mark.parametrize("bulk_grens", [50_000, 10])
def test_zaken_loaded_in_bulk_are_picked_up_by_the_watermark(db, monkeypatch, bulk_grens):
    # Beyond BULK_GRENS new zaken the job rebuilds everything instead of going one by one.
    monkeypatch.setattr("iwerk.sturing.services.verversen.BULK_GRENS", bulk_grens)
    gemeente, wmo, _ = gemeente_met_zaaktypen()
    zaak(wmo, date(2026, 4, 1))
    verversen(vandaag=VANDAAG)
    template = Zaak.objects.get()
    Zaak.objects.bulk_create(
        [
            Zaak(
                tenant=gemeente, zaaktype=wmo, identificatie=f"BULK-{i}",
                bronorganisatie=gemeente.rsin, verantwoordelijke_organisatie=gemeente.rsin,
                registratiedatum=template.startdatum, startdatum=template.startdatum,
                vertrouwelijkheidaanduiding="openbaar",
            )
            for i in range(25)
        ]
    )  # fmt: skip
    assert Bijwerking.objects.count() == 0  # bulk inserts publish no events
    assert verversen(vandaag=VANDAAG) == (25 if bulk_grens > 25 else 26)
    assert Zaakfeit.objects.count() == 26
    assert verversen(vandaag=VANDAAG) == 0
    assert cijfers.werkvoorraad_nu(sel(gemeente)) == 26


def test_zaaktypen_without_norms_are_flagged(db):
    gemeente, _, _ = gemeente_met_zaaktypen()
    assert cijfers.zaaktypen_zonder_norm([gemeente.pk]) == ["Kapvergunning"]


def test_the_monthly_reports_werkvoorraad_at_a_past_month_end(dataset):
    from iwerk.sturing.selectors.cijfers import werkvoorraad_op

    gemeente, _, _ = dataset
    for dag in (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), VANDAAG):
        direct = (
            Zaak.objects.filter(tenant=gemeente, startdatum__lte=dag)
            .exclude(einddatum__lte=dag)
            .count()
        )
        assert werkvoorraad_op(sel(gemeente), dag) == direct, dag
