"""A letter from a template in a real browser (Debian's chromium via Playwright) with axe-core on
every page: the handler chooses a template on the zaak page, checks the besluit and the text,
edits it, saves it as a document and opens it (issue 29, ADR 0058)."""

from __future__ import annotations

import pytest

from iwerk.core.testing.browser import DESKTOP, Checker, needs_browser, sign_in_page, submit
from iwerk.sjablonen.models import Brief
from iwerk.sjablonen.tests import wereld

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]


def test_a_handler_makes_a_letter_and_opens_it(gemeenten, werkplek_settings, live_server, browser):
    briefwereld = wereld.maak(gemeenten)
    base = live_server.url
    checker = Checker()
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(page, base, "jdevries")
    page.wait_for_url(f"{base}/werkplek/")

    page.goto(f"{base}/werkplek/zaken/{briefwereld.zaak.uuid}/")
    brieven = page.get_by_role("region", name="Brieven")
    assert "Nog geen brieven uit sjablonen." in brieven.inner_text()
    checker.check(page, "zaak-brieven")
    page.get_by_label("Nieuwe brief uit sjabloon").select_option(
        label="Besluitbrief kapvergunning (besluitbrief)"
    )
    submit(page, "Brief voorbereiden")

    assert (
        page.get_by_role("heading", level=1).inner_text().startswith("Besluitbrief kapvergunning")
    )
    tekst = page.get_by_label("Tekst van de brief")
    assert "Geachte heer/mevrouw Jansen," in tekst.input_value()
    assert briefwereld.besluit.identificatie in tekst.input_value()
    checker.check(page, "brief-voorbeeld")
    tekst.fill(tekst.input_value() + "\n\nMet dank voor uw geduld.")
    submit(page, "Opslaan als document")

    assert page.url.endswith(f"/werkplek/zaken/{briefwereld.zaak.uuid}/#brieven")
    assert "De brief is als document bij de zaak opgeslagen." in page.content()
    brieven = page.get_by_role("region", name="Brieven")
    assert "Besluitbrief kapvergunning" in brieven.inner_text()
    checker.check(page, "zaak-met-brief")
    brief = Brief.objects.get()
    assert brief.tekst_aangepast
    with page.expect_response(f"**/documenten/{brief.informatieobject_uuid}/") as antwoord:
        brieven.get_by_role("link", name="PDF openen").first.click()
    assert antwoord.value.status == 200
    assert antwoord.value.headers["content-type"] == "application/pdf"
    assert checker.problems == {}, checker.problems
