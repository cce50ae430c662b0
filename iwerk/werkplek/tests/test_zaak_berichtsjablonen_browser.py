"""A message to the aanvrager from a template in a real browser (Debian's chromium via Playwright)
with axe-core on every page: the handler chooses a text on the zaak page, fills it in, sends it
and sees it under Berichten (ADR 0062)."""

from __future__ import annotations

import pytest

from iwerk.core.testing.browser import DESKTOP, Checker, needs_browser, sign_in_page, submit
from iwerk.sjablonen.tests import wereld
from iwerk.zaken.models import ZaakNotitie

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]


def test_a_handler_sends_a_message_from_a_template(
    gemeenten, werkplek_settings, live_server, browser
):
    briefwereld = wereld.maak(gemeenten)
    wereld.maak_berichtsjablonen(briefwereld)
    base = live_server.url
    checker = Checker()
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(page, base, "jdevries")
    page.wait_for_url(f"{base}/werkplek/")

    page.goto(f"{base}/werkplek/zaken/{briefwereld.zaak.uuid}/")
    # Two forms in this fold (the template's text, the message), so not core.testing's unfold.
    page.locator("summary", has_text="Bericht aan de aanvrager").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Tekst invullen").wait_for(state="visible")
    checker.check(page, "zaak-bericht-sjablonen")
    page.get_by_label("Tekst uit sjabloon").select_option(label="Aanvraag compleet")
    submit(page, "Tekst invullen")

    tekst = page.get_by_label("Bericht aan de aanvrager")
    assert tekst.input_value().startswith("Geachte heer/mevrouw Jansen,")
    assert briefwereld.zaak.identificatie in tekst.input_value()
    assert not tekst.is_editable()  # this template's text may not be changed
    checker.check(page, "bericht-uit-sjabloon")
    submit(page, "Bericht versturen")

    assert page.url.endswith(f"/werkplek/zaken/{briefwereld.zaak.uuid}/#berichten")
    assert "Uw bericht staat in Mijn zaken" in page.content()
    berichten = page.get_by_role("region", name="Berichten met de aanvrager")
    assert "Uw aanvraag" in berichten.inner_text() and "is compleet" in berichten.inner_text()
    checker.check(page, "zaak-bericht-verstuurd")
    notitie = ZaakNotitie.objects.get(notitie_type="extern")
    assert notitie.tekst.startswith("Geachte heer/mevrouw Jansen,")
    assert checker.problems == {}, checker.problems
