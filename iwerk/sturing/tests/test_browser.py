"""Sturing in Debian's chromium: the management user of Deventer filters on Wmo, drills down to
the overdue zaken and downloads them as XLSX; the management user of Raalte sees Raalte only;
the steering group sees the gemeenten together. axe-core on every page state."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from iwerk.core.testing.browser import (
    DESKTOP,
    PHONE,
    Checker,
    needs_browser,
    sign_in_page,
    submit,
)
from iwerk.sturing.demo import load_kosten
from iwerk.sturing.services.verversen import verversen
from iwerk.sturing.tests.bouw import opslaan
from iwerk.zaken.models import Zaak

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_browser,
]


def test_management_dashboard_drill_down_export_and_isolation(demo, live_server, browser):
    vandaag = timezone.localdate()
    overdue = list(
        Zaak.objects.filter(
            tenant=demo["deventer"], zaaktype__identificatie="WMO-MAATWERK", einddatum__isnull=True
        )[:2]
    )
    for z in overdue:
        z.opschorting_indicatie, z.opgeschort_sinds = False, None
        z.uiterlijke_einddatum_afdoening = vandaag - timedelta(days=12)
        opslaan(z)
    load_kosten()
    verversen()
    checker = Checker(prefix="sturing")
    base = live_server.url

    page = browser.new_context(viewport=DESKTOP, locale="nl-NL", accept_downloads=True).new_page()
    sign_in_page(page, base, "tbos")
    page.wait_for_url("**/werkplek/sturing/")
    assert page.get_by_role("heading", name="Sturing: zaken Deventer").is_visible()
    checker.check(page, "dashboard", screenshot=True)

    page.get_by_role("combobox", name="Zaaktype").select_option(label="Wmo maatwerkvoorziening")
    submit(page, "Toon")
    assert "zaaktype=WMO-MAATWERK" in page.url
    checker.check(page, "dashboard-wmo")
    termijnen = page.locator(
        "section", has=page.get_by_role("heading", name="Open zaken naar termijn")
    )
    cel = termijnen.locator("tr", has_text="8–30 dagen over termijn").get_by_role("link")
    assert cel.inner_text() == "2"
    with page.expect_navigation():
        cel.click()
    assert page.get_by_role("heading", name="Open zaken: 8–30 dagen over termijn").is_visible()
    for z in overdue:
        assert page.get_by_role("rowheader", name=z.identificatie).is_visible()
    checker.check(page, "zaken", screenshot=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX").click()
    blad = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert {r[0] for r in blad.iter_rows(min_row=3, values_only=True)} == {
        z.identificatie for z in overdue
    }

    page.goto(f"{base}/werkplek/sturing/kosten/?jaar={vandaag.year - 1}")
    assert page.get_by_role(
        "heading", name=f"Kosten en investeringen {vandaag.year - 1}"
    ).is_visible()
    checker.check(page, "kosten", screenshot=True)

    raalte = browser.new_context(viewport=PHONE, locale="nl-NL").new_page()
    sign_in_page(raalte, base, "gmulder")
    raalte.wait_for_url("**/werkplek/sturing/")
    assert raalte.get_by_role("heading", name="Sturing: zaken Raalte").is_visible()
    assert (
        raalte.get_by_role("combobox", name="Gemeente").count() == 0
    )  # no choice of gemeente at all
    raalte.goto(f"{base}/werkplek/sturing/?gemeente=alle")
    assert "Alleen de stuurgroep ziet de gemeenten samen" in raalte.content()
    assert raalte.get_by_role("heading", name="Sturing: zaken Raalte").is_visible()
    checker.check(raalte, "dashboard-raalte", screenshot=True, width="telefoon")

    stuurgroep = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(stuurgroep, base, "manager")
    stuurgroep.get_by_label("Olst-Wijhe").check()
    submit(stuurgroep, "Verder")
    stuurgroep.get_by_role("combobox", name="Gemeente").select_option(label="Alle gemeenten samen")
    submit(stuurgroep, "Toon")
    assert stuurgroep.get_by_role(
        "heading", name="Sturing: zaken Alle gemeenten samen"
    ).is_visible()
    checker.check(stuurgroep, "dashboard-samen")

    assert not checker.problems, checker.problems
    assert len(checker.checked) == 6


def test_tables_fit_beside_their_charts_and_charts_stay_readable_on_a_phone(
    demo,
    live_server,
    browser,
):
    verversen()
    base = live_server.url
    # A common laptop screen: every table shows whole, nothing scrolls sideways.
    page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-NL").new_page()
    sign_in_page(page, base, "tbos")
    page.wait_for_url("**/werkplek/sturing/")
    vakken = page.locator(".tabelvak")
    assert vakken.count() == 8  # with the archival backlog (issue 26)
    for i in range(vakken.count()):
        maat = vakken.nth(i).evaluate(
            "e => ({naam: e.getAttribute('aria-label'), scroll: e.scrollWidth,"
            " zicht: e.clientWidth, rechts: e.getBoundingClientRect().right})"
        )
        assert maat["scroll"] <= maat["zicht"] + 1, maat
        assert maat["rechts"] <= 1366, maat
    # Every chart is an inline, scalable SVG with a name, next to (or above) its table.
    for naam in ("trend", "termijnen", "zaaktypen", "teams", "kanalen"):
        sectie = page.locator(f"section[aria-labelledby='kop-{naam}']")
        grafiek = sectie.locator("svg[role=img]:visible")
        assert grafiek.count() == 1, naam
        assert grafiek.get_attribute("viewBox")
        assert grafiek.locator("title").text_content().startswith("Grafiek: ")
        assert sectie.locator(".sturing-vak .tabelvak table").count() == 1

    # A phone 375 px wide: the narrow drawing, at (nearly) its own size, so the text stays
    # readable (glyph boxes at least 13 px high), with the table below it.
    telefoon = browser.new_context(viewport={"width": 375, "height": 800}, locale="nl-NL")
    phone = telefoon.new_page()
    sign_in_page(phone, base, "tbos")
    phone.wait_for_url("**/werkplek/sturing/")
    for naam in ("trend", "termijnen", "zaaktypen", "teams", "kanalen"):
        grafiek = phone.locator(f"section[aria-labelledby='kop-{naam}'] svg[role=img]:visible")
        assert grafiek.count() == 1, naam
        maat = grafiek.evaluate(
            "g => ({breed: g.getBoundingClientRect().width, eigen: g.viewBox.baseVal.width,"
            " letters: Math.min(...[...g.querySelectorAll('text')].map("
            "t => t.getBoundingClientRect().height))})"
        )
        assert maat["breed"] <= 375, (naam, maat)
        assert maat["breed"] / maat["eigen"] >= 0.9, (naam, maat)
        assert maat["letters"] >= 13, (naam, maat)
