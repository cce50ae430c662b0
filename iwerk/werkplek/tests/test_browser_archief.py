"""Archiefbeheer in Debian's chromium, the whole flow of a destruction list: the records manager
builds a list and submits it, the process owner approves, the archivaris excludes one zaak with
a reason and approves, the worker executes it, and the records manager downloads the verklaring
as PDF and CSV — which name exactly the zaken destroyed. axe-core on every page visited (no
screenshots: the README's are made by the walkthrough of the demo)."""

from __future__ import annotations

import csv
import io

import pytest

from iwerk.archief.models import Itemstatus, Lijstitem, Lijststatus, Vernietigingslijst
from iwerk.archief.services import uitvoering
from iwerk.core.testing.browser import DESKTOP, Checker, needs_browser, sign_in_page, submit, unfold
from iwerk.werkplek.tests.test_archief import archiefwereld
from iwerk.zaken.models import Zaak

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]


def _aanmelden(browser, base: str, username: str):
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL", accept_downloads=True).new_page()
    sign_in_page(page, base, username)
    page.wait_for_url(f"{base}/werkplek/")
    return page


def _download(page, naam: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=naam).click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_a_destruction_list_from_building_to_the_verklaring(
    gemeenten, werkplek_settings, live_server, browser, tmp_path
):
    werkplek_settings.IWERK_AUDIT_ANKER_MAP = str(tmp_path / "ankers")
    werkplek_settings.IWERK_DOCUMENT_OPRUIMEN_NA = 0
    wereld = archiefwereld(gemeenten)
    base = live_server.url
    checker = Checker(prefix="archief")

    # The records manager builds the list from the due zaken of Kapvergunning and submits it.
    div = _aanmelden(browser, base, "ivermeulen")
    div.get_by_role("link", name="Archief", exact=True).click()
    div.wait_for_url("**/werkplek/archief/")
    checker.check(div, "overzicht")
    div.get_by_role("link", name="Nieuwe vernietigingslijst").click()
    div.wait_for_url("**/lijsten/nieuw/")
    checker.check(div, "nieuwe-lijst")
    div.get_by_label("Naam van de lijst").fill("Kapvergunningen afgehandeld")
    div.get_by_label("Kapvergunning (KAP)").check()
    submit(div, "Lijst samenstellen")
    assert "De vernietigingslijst is aangemaakt als concept." in div.content()
    lijst = Vernietigingslijst.objects.get()
    assert Lijstitem.objects.filter(lijst=lijst, status=Itemstatus.opgenomen).count() == 3
    checker.check(div, "lijst-concept")
    unfold(div, "Ter beoordeling indienen")
    div.get_by_label("Archivaris").select_option(label="Rutger Brinkman")
    submit(div, "Indienen")
    assert "De lijst is ter beoordeling ingediend." in div.content()
    checker.check(div, "lijst-ingediend")

    # The process owner of Kapvergunning (a teamleider: no archive role, so no menu item until a
    # step waits) finds it under Te beoordelen and approves.
    pv = _aanmelden(browser, base, "pjansen")
    pv.goto(f"{base}/werkplek/archief/")
    assert pv.get_by_role("link", name="Archief", exact=True).is_visible()
    checker.check(pv, "te-beoordelen")
    pv.get_by_role("link", name=f"{lijst.nummer} Kapvergunningen afgehandeld").click()
    pv.wait_for_url(f"**/lijsten/{lijst.uuid}/")
    checker.check(pv, "lijst-procesverantwoordelijke")
    unfold(pv, "Goedkeuren")
    pv.get_by_label("Opmerking").fill("Akkoord namens het team Vergunningen.")
    submit(pv, "Lijst goedkeuren")
    assert "U heeft de lijst goedgekeurd." in pv.content()

    # The archivaris keeps one zaak (with a reason) and approves the rest.
    bewaard = wereld.zaken[1]
    archivaris = _aanmelden(browser, base, "rbrinkman")
    archivaris.goto(f"{base}/werkplek/archief/lijsten/{lijst.uuid}/")
    checker.check(archivaris, "lijst-archivaris")
    archivaris.get_by_role("link", name=f"Uitzonderen {bewaard.identificatie}").click()
    archivaris.wait_for_url("**/uitzonderen/")
    checker.check(archivaris, "uitzonderen")
    archivaris.get_by_label("Reden van de uitzondering").fill("Hotspot: monumentale boom.")
    archivaris.get_by_label("Nieuwe archiefnominatie").select_option("blijvend_bewaren")
    submit(archivaris, "Zaak uitzonderen")
    assert f"Zaak {bewaard.identificatie} is uitgezonderd" in archivaris.content()
    unfold(archivaris, "Goedkeuren")
    submit(archivaris, "Lijst goedkeuren")
    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.goedgekeurd
    checker.check(archivaris, "lijst-goedgekeurd")

    # The worker executes it (its job, run here in the test process).
    resultaat = uitvoering.voer_volledig_uit(lijst.pk)
    weg = sorted(z.identificatie for z in (wereld.zaken[0], wereld.zaken[2]))
    assert sorted(resultaat.vernietigd) == weg
    assert not Zaak.objects.filter(identificatie__in=weg).exists()
    assert Zaak.objects.get(pk=bewaard.pk).archiefnominatie == "blijvend_bewaren"

    # The records manager sees the result and downloads the verklaring.
    div.reload()
    assert "Uitgevoerd" in div.locator("#kop-samenvatting + dl").inner_text()
    checker.check(div, "lijst-uitgevoerd")
    assert _download(div, "Verklaring van vernietiging (PDF)").startswith(b"%PDF")
    tekst = _download(div, "Vernietigde zaken (CSV)").decode("utf-8-sig")
    rijen = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    kolom = rijen[0].index("identificatie")
    assert sorted(r[kolom] for r in rijen[1:]) == weg

    div.goto(f"{base}/werkplek/archief/overbrengingen/")
    checker.check(div, "overbrengingen")
    assert len(checker.checked) == 11
    assert not checker.problems, checker.problems
