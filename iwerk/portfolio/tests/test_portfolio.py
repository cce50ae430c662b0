"""Portfolio: GEMMA import (all or nothing), overlap and count-over-time on constructed data,
the demo landscape, the page, and incidents that touched an application."""

from __future__ import annotations

from datetime import date

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.portfolio.models import Applicatie, Gebruik, Referentiecomponent
from iwerk.portfolio.selectors import overzicht
from iwerk.portfolio.services import gemma

pytestmark = pytest.mark.django_db


@pytest.fixture
def drie(db):
    return [
        build.gemeente("Deventer", "deventer", "001902763"),
        build.gemeente("Olst-Wijhe", "olst-wijhe", "001795213"),
        build.gemeente("Raalte", "raalte", "001654937"),
    ]


def _app(naam, componenten, gebruik):
    app = Applicatie.objects.create(naam=naam)
    app.componenten.set(componenten)
    for gemeente, sinds, einde, status in gebruik:
        Gebruik.objects.create(
            applicatie=app, gemeente=gemeente, sinds=sinds, einde=einde, status=status
        )
    return app


def test_gemma_import_reports_every_broken_row_and_imports_nothing_then():
    tekst = "Naam;ID;Status\nZaakregistratiecomponent;G/1;In gebruik\n;G/2;In gebruik\nDocumentregistratie;;In gebruik\nBesluiten;G/1;In gebruik\n"
    verslag = gemma.importeren(tekst)
    assert verslag.fouten == [
        "Regel 3: de naam ontbreekt.",
        "Regel 4: het GEMMA-id ontbreekt.",
        "Regel 5: id G/1 staat ook op regel 2.",
    ]
    assert not Referentiecomponent.objects.exists()
    assert (
        gemma.importeren("Kop,Kolom\nx,y\n").fouten[0]
        == "Kolom voor 'naam' ontbreekt in de kopregel."
    )


def test_gemma_import_dry_run_then_real_then_update():
    tekst = "\ufeffNaam,GEMMA id,Beschrijving\nZaakregistratiecomponent,G/1,Zaken\nDocumentregistratiecomponent,G/2,Documenten\n"
    proef = gemma.importeren(tekst, proef=True)
    assert (proef.nieuw, proef.bijgewerkt, proef.gelukt) == (2, 0, True)
    assert not Referentiecomponent.objects.exists()
    assert gemma.importeren(tekst).nieuw == 2
    again = gemma.importeren(tekst.replace("Zaken", "Zaken en statussen"))
    assert (again.nieuw, again.bijgewerkt) == (0, 2)
    assert Referentiecomponent.objects.get(gemma_id="G/1").beschrijving == "Zaken en statussen"


def test_overlap_counts_distinct_applications_per_component_on_a_date(drie):
    deventer, olst, raalte = drie
    zrc = Referentiecomponent.objects.create(gemma_id="z", naam="Zaakregistratiecomponent")
    drc = Referentiecomponent.objects.create(gemma_id="d", naam="Documentregistratiecomponent")
    iwerk = _app("iwerk", [zrc, drc], [(g, date(2026, 1, 1), None, "in_gebruik") for g in drie])
    _app("Alfa", [zrc], [(deventer, date(2014, 1, 1), None, "uit_te_faseren")])
    _app("ZaakNet", [zrc], [(olst, date(2015, 1, 1), date(2026, 6, 30), "uitgefaseerd")])
    _app("Oud", [drc], [(raalte, date(2010, 1, 1), None, "uitgefaseerd")])  # phased out, no date

    rijen = {r.component: r for r in overzicht.overlap(drie, date(2026, 3, 1))}
    zaak = rijen["Zaakregistratiecomponent"]
    assert zaak.verschillend == 3 and zaak.kandidaat
    assert zaak.per_gemeente == {
        deventer.pk: ["Alfa", "iwerk"],
        olst.pk: ["ZaakNet", "iwerk"],
        raalte.pk: ["iwerk"],
    }
    assert rijen["Documentregistratiecomponent"].verschillend == 1
    assert not rijen["Documentregistratiecomponent"].kandidaat
    later = {r.component: r for r in overzicht.overlap(drie, date(2026, 7, 1))}
    assert later["Zaakregistratiecomponent"].verschillend == 2  # ZaakNet ended 30 June
    assert iwerk.pk


def test_the_count_over_time_shows_the_landscape_shrinking(drie):
    deventer, olst, raalte = drie
    c = Referentiecomponent.objects.create(gemma_id="z", naam="Zaakregistratiecomponent")
    _app("A", [c], [(deventer, date(2015, 1, 1), date(2026, 6, 30), "uitgefaseerd")])
    _app("B", [c], [(olst, date(2015, 1, 1), date(2026, 6, 30), "uitgefaseerd")])
    _app(
        "C",
        [c],
        [
            (raalte, date(2016, 6, 1), None, "in_gebruik"),
            (deventer, date(2016, 6, 1), None, "in_gebruik"),
        ],
    )
    _app("iwerk", [c], [(g, date(2026, 1, 1), None, "in_gebruik") for g in drie])
    tellingen = overzicht.aantal_in_de_tijd(
        drie, [date(2016, 1, 1), date(2017, 1, 1), date(2026, 3, 1), date(2027, 1, 1)]
    )
    assert [t["totaal"] for t in tellingen] == [2, 3, 4, 2]
    assert [t["per_gemeente"][deventer.pk] for t in tellingen] == [1, 2, 3, 2]
    assert [t["per_gemeente"][raalte.pk] for t in tellingen] == [0, 1, 2, 2]


def test_the_demo_landscape_and_the_portfolio_page(demo_staf):
    from iwerk.core.testing.medewerkers import sign_in
    from iwerk.portfolio.demo import load_portfolio

    assert load_portfolio(list(demo_staf.values())) >= 15
    assert load_portfolio(list(demo_staf.values())) == 0
    iwerk_app = Applicatie.objects.get(naam="iwerk")
    assert {"Zaakregistratiecomponent", "Documentregistratiecomponent"} <= set(
        iwerk_app.componenten.values_list("naam", flat=True)
    )
    client = sign_in("fbeheerder")
    client.post("/werkplek/gemeente/", {"gemeente": demo_staf["deventer"].pk})
    page = client.get("/werkplek/portfolio/").content.decode()
    assert (
        "kandidaat" in page
        and "Zaaksysteem Alfa" in page
        and "Aantal applicaties in de tijd" in page
        and "Kosten per referentiecomponent en gemeente" in page
    )
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="grafiek grafiek--breed"' in page
    assert "<title" in page and "applicaties in gebruik op 1 januari" in page
    import io

    from openpyxl import load_workbook

    blad = load_workbook(io.BytesIO(client.get("/werkplek/portfolio/kosten.xlsx").content)).active
    kop = [c.value for c in blad[2]]
    assert kop[:4] == ["Referentiecomponent", "Deventer", "Olst-Wijhe", "Raalte"]
    rijen = list(blad.iter_rows(min_row=3, values_only=True))
    # Every application's yearly cost in use ends up in the components, to the cent.
    assert sum(r[4] for r in rijen) > 0
    assert all(abs(sum(v or 0 for v in r[1:4]) - r[4]) < 0.005 for r in rijen)
    assert sign_in("jdevries").get("/werkplek/portfolio/").status_code == 403


def test_the_demo_migrated_alfa_into_iwerk_and_shows_when_it_can_be_switched_off(demo_staf):
    from iwerk.core.testing.medewerkers import sign_in
    from iwerk.migratie.models import Migratierun
    from iwerk.portfolio.demo import load_portfolio

    load_portfolio(list(demo_staf.values()))
    load_portfolio(list(demo_staf.values()))  # idempotent: one migratie, two runs
    alfa = Gebruik.objects.select_related("migratie").get(applicatie__naam="Zaaksysteem Alfa")
    assert alfa.migratie.naam == "zaaksysteem-alfa" and alfa.migratie.tenant == alfa.gemeente
    runs = list(Migratierun.objects.filter(migratie=alfa.migratie).order_by("gestart_op"))
    assert [r.toestand for r in runs] == ["gestopt", "klaar"]
    # Both reports in the shape the copier stores (rapport.maak), the last one clean.
    sleutels = {
        "migratie", "gemeente", "run", "gestart_op", "toestand", "melding", "seconden",
        "verzoeken", "verzoeken_per_pad", "eenheden_geschreven", "soorten", "documentversies",
        "niet_gekopieerd", "waarschuwingen", "verdwenen", "schoon",
    }  # fmt: skip
    assert all(set(r.rapport) == sleutels for r in runs)
    assert [r.rapport["schoon"] for r in runs] == [False, True]
    zaken = next(s for s in runs[1].rapport["soorten"] if s["soort"] == "zaak")
    assert zaken["bron"] == zaken["iwerk"] > 100_000

    client = sign_in("fbeheerder")
    client.post("/werkplek/gemeente/", {"gemeente": demo_staf["deventer"].pk})
    app = f"/werkplek/portfolio/applicaties/{alfa.applicatie_id}/"
    page = client.get(app).content.decode()
    # The clean run ended 22-11-2026; the planned end is later.
    assert "Kan worden uitgeschakeld vanaf 30-06-2027" in page
    assert "gemigreerd naar iwerk" in client.get("/werkplek/portfolio/").content.decode()
    rapport = client.get(f"{app}migratie/{alfa.pk}/").content.decode()
    assert (
        "Gestopt (te hervatten)" in rapport
        and "Schoon: alles van de bron staat in iwerk." in rapport
    )


def test_an_incident_records_the_applications_it_touched(demo_staf):
    from iwerk.incidenten.tests.test_register import _actie, _melden
    from iwerk.incidenten.tests.test_register import sign_in as sign_in_gemeente
    from iwerk.portfolio.demo import load_portfolio

    load_portfolio(list(demo_staf.values()))
    incident = _melden(sign_in_gemeente("jdevries"))
    app = Applicatie.objects.get(naam="Zaaksysteem Alfa")
    fg = sign_in_gemeente("fg")
    assert _actie(fg, incident, "koppelen", {"applicatie": app.pk}).status_code == 302
    assert list(app.incidenten.all()) == [incident]
    beheer = sign_in_gemeente("fbeheerder")
    assert incident.nummer in beheer.get("/werkplek/portfolio/").content.decode()


def test_the_portfolio_page_does_not_grow_in_queries_with_applications(
    demo_staf, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from iwerk.core.testing.medewerkers import sign_in
    from iwerk.portfolio.demo import load_portfolio

    load_portfolio(list(demo_staf.values()))
    client = sign_in("fbeheerder")
    client.post("/werkplek/gemeente/", {"gemeente": demo_staf["deventer"].pk})
    with CaptureQueriesContext(connection) as eerst:
        assert client.get("/werkplek/portfolio/").status_code == 200
    n = len(eerst.captured_queries)
    component = Referentiecomponent.objects.first()
    for i in range(10):
        _app(
            f"Extra {i}", [component], [(demo_staf["raalte"], date(2020, 1, 1), None, "in_gebruik")]
        )
    with django_assert_max_num_queries(n):
        client.get("/werkplek/portfolio/")


def test_cost_per_component_and_gemeente_uses_the_sturing_keys(drie):
    from decimal import Decimal as D

    from iwerk.portfolio.selectors import kosten
    from iwerk.sturing.models import Kostenpost, Sleutelwaarde, Verdeelgegevens

    deventer, olst, raalte = drie
    for g, inwoners in ((deventer, 60_000), (olst, 10_000), (raalte, 30_000)):
        Verdeelgegevens.objects.create(gemeente=g, jaar=2026, inwoners=inwoners, gebruikers=1)
    zrc = Referentiecomponent.objects.create(gemma_id="G/zrc", naam="Zaakregistratiecomponent")
    drc = Referentiecomponent.objects.create(gemma_id="G/drc", naam="Documentregistratiecomponent")
    soc = Referentiecomponent.objects.create(gemma_id="G/soc", naam="Sociaal domein")
    sinds, nu = date(2020, 1, 1), date(2026, 6, 1)
    # Used by all three, no cost item: by inhabitants; two components: half each.
    platform = _app("Platform", [zrc, drc], [(g, sinds, None, "in_gebruik") for g in drie])
    platform.kosten_per_jaar = D("100000")
    platform.save()
    # Used by Deventer and Raalte, with a usage key (licences 3 : 1) in the cost register.
    suite = _app(
        "Suite", [soc], [(deventer, sinds, None, "in_gebruik"), (raalte, sinds, None, "in_gebruik")]
    )
    suite.kosten_per_jaar = D("40000")
    suite.save()
    post = Kostenpost.objects.create(naam="Suite", verdeelsleutel="gebruik", applicatie=suite)
    Sleutelwaarde.objects.create(post=post, gemeente=deventer, jaar=2026, waarde=3)
    Sleutelwaarde.objects.create(post=post, gemeente=raalte, jaar=2026, waarde=1)
    # Phased out before the peildatum: costs nothing any more.
    oud = _app("Oud", [soc], [(olst, sinds, date(2025, 1, 1), "uitgefaseerd")])
    oud.kosten_per_jaar = D("99999")
    oud.save()

    rijen = {r.component: r for r in kosten.per_component(nu)}
    assert dict(rijen["Zaakregistratiecomponent"].per_gemeente) == {
        deventer.pk: D("30000.00"), olst.pk: D("5000.00"), raalte.pk: D("15000.00")
    }  # fmt: skip
    assert rijen["Documentregistratiecomponent"].totaal == D("50000.00")
    assert dict(rijen["Sociaal domein"].per_gemeente) == {
        deventer.pk: D("30000.00"), raalte.pk: D("10000.00")
    }  # fmt: skip
    assert rijen["Sociaal domein"].applicaties == {"Suite"}
    assert kosten.totaal_per_gemeente(list(rijen.values()), drie) == [
        D("90000.00"), D("10000.00"), D("40000.00")
    ]  # fmt: skip


def test_a_change_of_levensfase_goes_through_the_service_with_its_rules(drie):
    """The werkplek form and any other caller share one rule (portfolio.services.gebruik)."""
    from django.core.exceptions import ValidationError

    from iwerk.portfolio.services import gebruik as gebruik_services

    app = _app("Zaaksysteem", [], [(drie[0], date(2020, 1, 1), None, "in_gebruik")])
    rij = app.gebruik.get()
    with pytest.raises(ValidationError) as refused:
        gebruik_services.bijwerken(
            rij,
            status="uit_te_faseren",
            einde_gepland=None,
            einde=date(2019, 12, 31),
            migratie=None,
        )
    assert refused.value.message_dict == {
        "einde_gepland": ["Geef aan wanneer de applicatie uitgefaseerd moet zijn."],
        "einde": ["Deze datum ligt vóór het begin van het gebruik (01-01-2020)."],
    }
    rij.refresh_from_db()
    assert rij.status == "in_gebruik"  # nothing stored
    gebruik_services.bijwerken(
        rij, status="uit_te_faseren", einde_gepland=date(2027, 6, 30), einde=None, migratie=None
    )
    rij.refresh_from_db()
    assert (rij.status, rij.einde_gepland) == ("uit_te_faseren", date(2027, 6, 30))
