"""Application-list import (CSV/XLSX): dry run, every broken row reported, all or nothing;
lifecycle changes move the roadmap; the Softwarecatalogus export."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from iwerk.core.testing.medewerkers import sign_in
from iwerk.portfolio.demo import load_portfolio
from iwerk.portfolio.models import Applicatie, Gebruik
from iwerk.portfolio.selectors import lijst as pakketoverzicht
from iwerk.portfolio.selectors import overzicht
from iwerk.portfolio.services import lijst

pytestmark = pytest.mark.django_db
KOP = "Naam;Leverancier;Gemeente;Status;In gebruik sinds;Einde gepland;Hosting;Kosten per jaar;Referentiecomponenten\n"


def _csv(*regels: str) -> bytes:
    return (KOP + "\n".join(regels) + "\n").encode()


def test_broken_rows_are_each_reported_and_nothing_is_imported(demo_staf):
    load_portfolio(list(demo_staf.values()))
    voor = (Applicatie.objects.count(), Gebruik.objects.count())
    inhoud = _csv(
        "Goed;X;Deventer;in gebruik;2020-01-01;;saas;1.000,50;Zaakregistratiecomponent",
        ";X;Deventer;in gebruik;2020-01-01;;saas;0;",
        "Twee;X;Amsterdam;in gebruik;2020-01-01;;saas;0;",
        "Drie;X;Raalte;misschien;32-13-2020;;onbekend;veel;Bestaat Niet",
        "Vier;X;Raalte;uit te faseren;2020-01-01;2019-01-01;saas;0;",
        "Goed;X;Deventer;in gebruik;2020-01-01;;saas;0;",
    )
    verslag = lijst.importeren(inhoud, "lijst.csv", proef=False)
    assert not verslag.gelukt
    fouten = verslag.fouten
    assert "Regel 3: de naam ontbreekt." in fouten
    assert "Regel 4: onbekende gemeente 'Amsterdam'." in fouten
    assert any(f.startswith("Regel 5: '32-13-2020' is geen datum") for f in fouten)
    assert "Regel 5: onbekende hosting 'onbekend'." in fouten
    assert any(f.startswith("Regel 5: onbekende status 'misschien'") for f in fouten)
    assert "Regel 5: 'veel' is geen bedrag." in fouten
    assert "Regel 5: onbekende referentiecomponent(en): Bestaat Niet." in fouten
    assert "Regel 6: het geplande einde ligt vóór het begin." in fouten
    assert "Regel 7: dezelfde applicatie en gemeente staan ook op regel 2." in fouten
    assert (Applicatie.objects.count(), Gebruik.objects.count()) == voor  # nothing half imported


def test_a_clean_list_is_previewed_then_imported_from_csv_or_xlsx(demo_staf):
    load_portfolio(list(demo_staf.values()))
    inhoud = _csv(
        "Notubiz;Notubiz;Deventer;in gebruik;2018-01-01;;saas;12.500,00;Managementinformatiecomponent",
        "Zaaksysteem Alfa;Alfa Software B.V.;Deventer;uit te faseren;2014-03-01;2027-03-31;on_premise;145000;",
    )
    proef = lijst.importeren(inhoud, "lijst.csv", proef=True)
    assert proef.gelukt and [r.actie for r in proef.regels] == ["nieuw", "bijgewerkt"]
    assert not Applicatie.objects.filter(naam="Notubiz").exists()
    assert lijst.importeren(inhoud, "lijst.csv", proef=False).gelukt
    notubiz = Applicatie.objects.get(naam="Notubiz")
    assert notubiz.kosten_per_jaar == 12500 and notubiz.gebruik.get().gemeente.slug == "deventer"
    assert Gebruik.objects.get(applicatie__naam="Zaaksysteem Alfa").einde_gepland == date(
        2027, 3, 31
    )

    from openpyxl import Workbook

    werkboek = Workbook()
    blad = werkboek.active
    blad.append(["Naam", "Gemeente", "In gebruik sinds", "Kosten per jaar"])
    blad.append(["Archiefkast", "Raalte", date(2021, 5, 1), 300])
    buffer = io.BytesIO()
    werkboek.save(buffer)
    assert lijst.importeren(buffer.getvalue(), "lijst.xlsx", proef=False).gelukt
    assert Gebruik.objects.get(applicatie__naam="Archiefkast").sinds == date(2021, 5, 1)
    assert not lijst.importeren(b"\x00\x01 geen spreadsheet", "lijst.xlsx", proef=True).gelukt


def test_the_import_page_previews_and_imports_the_same_file(demo_staf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    load_portfolio(list(demo_staf.values()))
    client = sign_in("fbeheerder")
    client.post("/werkplek/gemeente/", {"gemeente": demo_staf["deventer"].pk})
    pad = (
        __import__("pathlib").Path(lijst.__file__).parents[1]
        / "data"
        / "applicatielijst-voorbeeld.csv"
    )
    upload = SimpleUploadedFile("lijst.csv", pad.read_bytes())
    page = client.post(
        "/werkplek/portfolio/importeren/", {"bestand": upload, "controleren": ""}
    ).content.decode()
    assert (
        "Controle geslaagd: 4 regels" in page
        and not Applicatie.objects.filter(naam="iBabs").exists()
    )
    response = client.post("/werkplek/portfolio/importeren/", {"importeren": ""})
    assert response.status_code == 302 and Applicatie.objects.filter(naam="iBabs").exists()
    # "8.400" in a Dutch list is eight thousand four hundred, not 8,4.
    assert Applicatie.objects.get(naam="iBabs").kosten_per_jaar == 8400
    slecht = SimpleUploadedFile("lijst.csv", _csv("X;Y;Nergens;in gebruik;2020-01-01;;saas;0;"))
    response = client.post(
        "/werkplek/portfolio/importeren/", {"bestand": slecht, "controleren": ""}
    )
    assert response.status_code == 400 and "onbekende gemeente" in response.content.decode()
    assert sign_in("ciso").get("/werkplek/portfolio/importeren/").status_code in (302, 403)


def _beheerder_van_raalte(demo_staf):
    """Signed in as a functioneel beheerder of Raalte only, with the demo portfolio loaded."""
    from iwerk.core.testing.medewerkers import medewerker
    from iwerk.medewerkers.roles import Rol

    load_portfolio(list(demo_staf.values()))
    medewerker(demo_staf["raalte"], "fbraalte", Rol.functioneel_beheerder)
    return sign_in("fbraalte")


def _controleer(client, inhoud: bytes):
    """The dry run of the import page for this file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/werkplek/portfolio/importeren/",
        {"bestand": SimpleUploadedFile("lijst.csv", inhoud), "controleren": ""},
    )


def test_a_beheerder_imports_only_rows_of_the_gemeenten_they_manage(demo_staf):
    client = _beheerder_van_raalte(demo_staf)
    voor = {(g.applicatie.naam, g.gemeente.slug): g.status for g in Gebruik.objects.all()}
    inhoud = _csv(
        "Zaaksysteem Alfa;Alfa Software B.V.;Deventer;uitgefaseerd;2014-03-01;;on_premise;0;",
        "Nieuw Raalte;X;Raalte;in gebruik;2020-01-01;;saas;0;",
    )
    response = _controleer(client, inhoud)
    assert response.status_code == 400
    assert (
        "u beheert het applicatieportfolio van gemeente Deventer niet" in response.content.decode()
    )
    # Nothing was kept for a later "importeren" either.
    assert client.post("/werkplek/portfolio/importeren/", {"importeren": ""}).status_code == 400
    assert {(g.applicatie.naam, g.gemeente.slug): g.status for g in Gebruik.objects.all()} == voor
    # Raalte's own row alone goes in.
    _controleer(client, _csv("Nieuw Raalte;X;Raalte;in gebruik;2020-01-01;;saas;0;"))
    assert client.post("/werkplek/portfolio/importeren/", {"importeren": ""}).status_code == 302
    assert Gebruik.objects.filter(applicatie__naam="Nieuw Raalte", gemeente__slug="raalte").exists()


def test_a_beheerder_cannot_change_an_application_another_gemeente_uses_too(demo_staf):
    client = _beheerder_van_raalte(demo_staf)
    Applicatie.objects.filter(naam="Zaaksysteem Alfa").update(contract_einde=date(2027, 3, 31))
    alfa = Applicatie.objects.get(naam="Zaaksysteem Alfa")  # Deventer's
    voor = (alfa.leverancier, alfa.kosten_per_jaar, alfa.contract_einde, alfa.persoonsgegevens)
    # Raalte's own row for the same application, with the application's fields changed.
    inhoud = _csv(
        f"Zaaksysteem Alfa;Kwaadwillend BV;Raalte;in gebruik;2020-01-01;;{alfa.hosting};999999;",
        "Nieuw Raalte;X;Raalte;in gebruik;2020-01-01;;saas;0;",
        "Nieuw Raalte;X;gemeente raalte;uitgefaseerd;2020-01-01;;saas;0;",
    )
    response = _controleer(client, inhoud)
    page = response.content.decode()
    assert response.status_code == 400
    assert "wordt ook gebruikt door Deventer" in page and "leverancier, kosten per jaar" in page
    # Leaving a field empty would empty it for Deventer too.
    leeg = (
        "Naam;Leverancier;Gemeente;Status;In gebruik sinds;Hosting;Kosten per jaar;"
        "Contract einde;Persoonsgegevens\n"
        f"Zaaksysteem Alfa;{alfa.leverancier};Raalte;in gebruik;2020-01-01;{alfa.hosting};"
        f"{alfa.kosten_per_jaar};;{'ja' if alfa.persoonsgegevens else 'nee'}\n"
    ).encode()
    response = _controleer(client, leeg)
    assert response.status_code == 400 and "(contracteinde)" in response.content.decode()
    # The same application and gemeente spelled twice is one row twice.
    assert "dezelfde applicatie en gemeente staan ook op regel 3" in page
    alfa.refresh_from_db()
    assert (alfa.leverancier, alfa.kosten_per_jaar, alfa.contract_einde, alfa.persoonsgegevens) == (
        voor
    )
    # Using it too, with the application's fields as they are, is Raalte's own business.
    eigen = (
        "Naam;Leverancier;Gemeente;Status;In gebruik sinds;Hosting;Kosten per jaar;"
        "Contract einde;Persoonsgegevens\n"
        f"Zaaksysteem Alfa;{alfa.leverancier};Raalte;in gebruik;2020-01-01;{alfa.hosting};"
        f"{alfa.kosten_per_jaar};{alfa.contract_einde or ''};"
        f"{'ja' if alfa.persoonsgegevens else 'nee'}\n"
    ).encode()
    response = _controleer(client, eigen)
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert client.post("/werkplek/portfolio/importeren/", {"importeren": ""}).status_code == 302
    assert Gebruik.objects.filter(applicatie=alfa, gemeente__slug="raalte").exists()


def test_marking_an_application_for_phase_out_updates_the_roadmap(demo_staf):
    load_portfolio(list(demo_staf.values()))
    client = sign_in("fbeheerder")
    client.post("/werkplek/gemeente/", {"gemeente": demo_staf["deventer"].pk})
    gebruik = Gebruik.objects.get(
        applicatie__naam="Suite4Sociaal Domein", gemeente=demo_staf["raalte"]
    )
    url = f"/werkplek/portfolio/applicaties/{gebruik.applicatie_id}/"
    p = f"g{gebruik.pk}"
    response = client.post(
        url, {"gebruik": gebruik.pk, f"{p}-status": "uit_te_faseren", f"{p}-einde_gepland": ""}
    )
    assert response.status_code == 400 and "Geef aan wanneer" in response.content.decode()
    response = client.post(
        url,
        {
            "gebruik": gebruik.pk,
            f"{p}-status": "uit_te_faseren",
            f"{p}-einde_gepland": "2028-01-01",
        },
    )
    assert response.status_code == 302
    plan = [
        r
        for r in overzicht.routekaart(list(demo_staf.values()))
        if str(r["applicatie"]) == "Suite4Sociaal Domein"
    ]
    assert plan[0]["datum"] == date(2028, 1, 1) and plan[0]["gemeente"].slug == "raalte"
    page = client.get("/werkplek/portfolio/").content.decode()
    assert re.search(
        r"1 januari 2028</strong>.*?Raalte: <a[^>]*>Suite4Sociaal Domein</a>", page, re.S
    )
    # Only functioneel beheer changes the portfolio.
    ciso = sign_in("ciso")
    ciso.post("/werkplek/gemeente/", {"gemeente": demo_staf["deventer"].pk})
    response = ciso.post(url, {"gebruik": gebruik.pk, f"{p}-status": "in_gebruik"})
    assert response.status_code == 403


def test_the_softwarecatalogus_export_lists_every_use(demo_staf):
    load_portfolio(list(demo_staf.values()))
    rijen = pakketoverzicht.export_rijen()
    assert (
        rijen[0] == list(pakketoverzicht.EXPORT_KOLOMMEN)
        and len(rijen) - 1 == Gebruik.objects.count()
    )
    iwerk_deventer = next(r for r in rijen if r[1] == "iwerk" and r[0] == "Gemeente Deventer")
    assert "GEMMA2/voorbeeld/id-zrc" in iwerk_deventer[4] and iwerk_deventer[5] == "In gebruik"
    client = sign_in("fbeheerder")
    client.post("/werkplek/gemeente/", {"gemeente": demo_staf["deventer"].pk})
    csv = client.get("/werkplek/portfolio/pakketoverzicht.csv").content.decode()
    assert csv.splitlines()[0].startswith("Organisatie;Pakket;Leverancier")
    xlsx = client.get("/werkplek/portfolio/pakketoverzicht.xlsx")
    assert xlsx.content[:2] == b"PK"
