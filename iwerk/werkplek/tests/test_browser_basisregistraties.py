"""The intake's BRP lookup and the zaak page's current BRP data in a real browser (Debian's
chromium via Playwright), against the BRP double over HTTP, with axe-core on every page: no
serious or critical violation."""

from __future__ import annotations

import pytest
from django.utils import timezone

from iwerk.catalogi.models import ZaakType, valid_on
from iwerk.core.models import Inzage
from iwerk.core.testing.browser import DESKTOP, PHONE, Checker, needs_browser, sign_in_page, submit
from iwerk.demo.basisregistraties import load_doelbindingen
from iwerk.zaken.models import Rol

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]


def test_intake_with_a_brp_lookup_in_the_browser(demo, live_server, browser, registerdubbels):
    load_doelbindingen(list(demo.values()))
    wmo = (
        ZaakType.objects.filter(
            tenant=demo["deventer"], identificatie="WMO-MAATWERK", concept=False
        )
        .filter(valid_on(timezone.localdate()))
        .get()
    )
    base = live_server.url
    checker = Checker()
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(page, base, "ewillems")  # Wmo consulent in Deventer
    page.wait_for_url(f"{base}/werkplek/")

    page.goto(f"{base}/werkplek/zaken/nieuw/")
    page.get_by_label("Zaaktype").select_option(str(wmo.pk))
    page.get_by_label("Korte omschrijving").fill("Aanvraag scootmobiel")
    page.get_by_label("BSN").fill("999990007")
    submit(page, "Zoek op BSN")
    resultaten = page.get_by_role("region", name="Gevonden in de BRP")
    assert "Suzanne Moulin" in resultaten.inner_text()
    assert "Brink 12, 7411 BS Deventer" in resultaten.inner_text()
    assert page.get_by_label("Korte omschrijving").input_value() == "Aanvraag scootmobiel"
    checker.check(page, "intake-brp", screenshot=True)

    submit(page, "Kies Suzanne Moulin")
    assert page.get_by_role("status").filter(has_text="Gegevens uit de BRP").count() == 1
    # The focus is on the chosen person, not at the top of the page.
    assert "Gegevens uit de BRP" in page.evaluate("document.activeElement.textContent")
    assert page.get_by_label("Achternaam").input_value() == "Moulin"
    assert page.get_by_label("Achternaam").get_attribute("readonly") is not None
    checker.check(page, "intake-brp-gekozen")

    # Enter in a field registers the zaak, as the last button does.
    page.get_by_label("Telefoonnummer").fill("0570 123456")
    with page.expect_navigation():
        page.get_by_label("Telefoonnummer").press("Enter")
    page.wait_for_url("**/werkplek/zaken/*/")
    assert "De zaak is geregistreerd." in page.content()
    rol = Rol.objects.get(
        zaak__zaaktype=wmo, roltype__omschrijving_generiek="initiator", bsn="999990007"
    )
    ident = rol.betrokkene_identificatie
    assert (ident["geslachtsnaam"], ident["geboortedatum"]) == ("Moulin", "1985-03-14")
    assert ident["verblijfsadres"]["gorOpenbareRuimteNaam"] == "Brink"
    assert "Gegevens uit de BRP (opgevraagd" in rol.roltoelichting
    assert (
        Inzage.objects.filter(soort="brp", bsn="999990007", gebruikers_id="ewillems").count() == 1
    )

    # On the zaak page: the current BRP data, on request.
    submit(page, "Actuele BRP-gegevens tonen")
    actueel = page.get_by_role("region", name="Actuele gegevens uit de BRP: Suzanne Moulin")
    assert "Gelijk aan de opgeslagen gegevens." in actueel.inner_text()
    checker.check(page, "zaak-brp", screenshot=True)
    assert Inzage.objects.filter(soort="brp", zaak_uuid=rol.zaak.uuid).count() == 1

    # Phone width: the results stack and stay within the screen.
    mobiel = browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True).new_page()
    sign_in_page(mobiel, base, "ewillems")
    mobiel.wait_for_url(f"{base}/werkplek/")
    mobiel.goto(f"{base}/werkplek/zaken/nieuw/")
    mobiel.get_by_label("Zaaktype").select_option(str(wmo.pk))
    mobiel.get_by_label("Postcode").fill("7411 BS")
    mobiel.get_by_label("Huisnummer").fill("12")
    submit(mobiel, "Zoek inwoners op dit adres")
    assert "Suzanne Moulin" in mobiel.get_by_role("region", name="Gevonden in de BRP").inner_text()
    checker.check(mobiel, "intake-brp", screenshot=True, width="telefoon")
    assert mobiel.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1

    assert not checker.problems, checker.problems
