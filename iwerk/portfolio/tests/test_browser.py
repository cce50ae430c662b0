"""The portfolio in Debian's chromium: import the sample application list, see the overlap
matrix, mark an application "uit te faseren" with an end date, see the roadmap update, open the
migration report of an application migrated into iwerk — with axe-core (WCAG 2.1 AA) on every
page state, at desktop and phone width."""

from __future__ import annotations

from pathlib import Path

import pytest

from iwerk.core.testing.browser import (
    DESKTOP,
    PHONE,
    WCAG,
    Checker,
    needs_browser,
    sign_in_page,
    submit,
)
from iwerk.portfolio.demo import load_portfolio
from iwerk.portfolio.models import Applicatie, Gebruik

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_browser,
]
VOORBEELD = Path(__file__).resolve().parents[1] / "data" / "applicatielijst-voorbeeld.csv"


def test_import_overlap_phase_out_and_roadmap(demo, live_server, browser):
    load_portfolio(list(demo.values()))
    checker = Checker(prefix="portfolio")
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(page, live_server.url, "fbeheerder")
    page.wait_for_load_state()
    if "/werkplek/gemeente/" in page.url:
        page.get_by_label("Deventer").check()
        submit(page, "Verder")
    page.get_by_role("link", name="Portfolio").click()
    page.wait_for_url("**/werkplek/portfolio/")
    checker.check(page, "overzicht", screenshot=True)

    # Import the sample list: preview first, then import.
    page.get_by_role("link", name="Applicatielijst importeren").click()
    page.get_by_label("Bestand").set_input_files(str(VOORBEELD))
    submit(page, "Controleren")
    assert "Controle geslaagd: 4 regels" in page.content()
    checker.check(page, "importeren", screenshot=True)
    submit(page, "Importeren")
    assert "4 regels geïmporteerd." in page.content()
    assert Applicatie.objects.filter(naam="iBabs").exists()

    # The overlap matrix now counts the raadsinformatiesystemen as a candidate.
    rij = page.locator(
        "section[aria-labelledby=kop-overlap] tr",
        has=page.locator("th", has_text="Managementinformatiecomponent"),
    )
    assert "kandidaat" in rij.inner_text() and "iBabs" in rij.inner_text()

    # Mark Suite4Sociaal Domein at Raalte "uit te faseren" with an end date; the roadmap follows.
    assert "Suite4Sociaal Domein" not in page.locator("#routekaart").inner_text()
    page.get_by_role("link", name="Suite4Sociaal Domein").first.click()
    checker.check(page, "applicatie", screenshot=True)
    gebruik = Gebruik.objects.get(applicatie__naam="Suite4Sociaal Domein", gemeente__slug="raalte")
    page.locator(f"#id_g{gebruik.pk}-status").select_option("uit_te_faseren")
    page.locator(f"#id_g{gebruik.pk}-einde_gepland").fill("2028-06-30")
    submit(page, "Opslaan (Raalte)")
    assert "Levensfase bij Raalte bijgewerkt." in page.content()
    page.get_by_role("link", name="← Portfolio").click()
    routekaart = page.locator("#routekaart").inner_text()
    assert "30 juni 2028 — Raalte: Suite4Sociaal Domein uitgefaseerd" in routekaart
    checker.check(page, "overzicht-routekaart")
    page.set_viewport_size(PHONE)
    checker.check(page, "overzicht", screenshot=True, width="telefoon")

    # Deventer migrated Zaaksysteem Alfa into iwerk (the demo): the verdict on the application
    # page, then the full report — without a single axe violation, not only no serious ones.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Zaaksysteem Alfa").first.click()
    assert "Kan worden uitgeschakeld vanaf 30-06-2027" in page.content()
    page.get_by_role("link", name="Volledig migratierapport van Deventer").click()
    page.wait_for_url("**/migratie/*/")
    assert "Verificatierapport van run" in page.content()
    for viewport, width in (({"width": 1280, "height": 900}, "desktop"), (PHONE, "telefoon")):
        page.set_viewport_size(viewport)
        checker.check(page, "migratierapport", width=width)
        assert checker.axe.run(page, options=WCAG).response["violations"] == [], width
        # Reflow (WCAG 1.4.10): long source URLs wrap, wide tables scroll in their own region.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert not checker.problems, checker.problems
