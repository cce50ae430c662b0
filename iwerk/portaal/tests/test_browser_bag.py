"""A melding openbare ruimte in Debian's chromium with postcode + huisnummer and no map: the BAG
(its double, on loopback) gives the address, a choice between toevoegingen, or a clear error;
axe-core finds nothing serious on any of those states, and nothing leaves this machine."""

from __future__ import annotations

import pytest

from iwerk.core.testing.browser import DESKTOP, PHONE, Checker, needs_browser, submit
from iwerk.zaken.models import Zaak, ZaakObject

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]


def test_a_melding_with_postcode_and_huisnummer_and_no_map(
    gemeenten, live_server, browser, registerdubbels, netwerkwacht
):
    checker = Checker(prefix="portaal")
    page = browser.new_context(viewport=PHONE, locale="nl-NL").new_page()
    page.goto(f"{live_server.url}/deventer/producten/melding-openbare-ruimte/")
    submit(page, "Melding doen")
    assert page.locator(".kaart__vlak").count() == 0  # no tiles configured: no map at all
    page.get_by_label("Bestrating").check()
    page.get_by_label("Omschrijving").fill("Losse stoeptegel voor de deur.")

    # An address the BAG does not know: the error is on the postcode, the rest is kept.
    page.locator("#id_plek_postcode").fill("7411 BS")
    page.locator("#id_plek_huisnummer").fill("99")
    submit(page, "Adres zoeken")
    assert "Wij vinden geen adres met deze postcode en dit huisnummer" in page.content()
    assert page.get_by_label("Omschrijving").input_value() == "Losse stoeptegel voor de deur."
    checker.check(page, "melding-adres-fout", width="telefoon")

    # Two addresses at one number: the citizen chooses.
    page.locator("#id_plek_postcode").fill("7411JB")
    page.locator("#id_plek_huisnummer").fill("51")
    submit(page, "Adres zoeken")
    assert page.get_by_text("Welk adres bedoelt u?").is_visible()
    checker.check(page, "melding-adres-keuze", width="telefoon")
    page.get_by_label("Assenstraat 51-2, 7411 JB Deventer").check()
    submit(page, "Naar controleren")

    # The summary shows the BAG address to confirm.
    assert "Assenstraat 51-2, 7411 JB Deventer" in page.content()
    checker.check(page, "melding-adres-controleren", width="telefoon")
    page.get_by_label("Ik heb deze gegevens naar waarheid ingevuld.").check()
    submit(page, "Versturen")
    zaak = Zaak.objects.get(zaaktype__identificatie="MOR")
    assert zaak.identificatie in page.content()
    adres = ZaakObject.objects.get(zaak=zaak, object_type="adres")
    assert adres.object_identificatie["identificatie"] == "0150200000100152"
    assert {v.query.get("postcode") for v in registerdubbels.verzoeken("bag")} == {
        "7411BS",
        "7411JB",
    }
    assert netwerkwacht.adressen == []
    assert not checker.problems, checker.problems


def test_the_address_found_is_shown_for_confirmation(
    gemeenten, live_server, browser, registerdubbels
):
    checker = Checker(prefix="portaal")
    page = browser.new_page(viewport=DESKTOP, locale="nl-NL")
    page.goto(f"{live_server.url}/deventer/producten/melding-openbare-ruimte/")
    submit(page, "Melding doen")
    page.locator("#id_plek_postcode").fill("7411BS")
    page.locator("#id_plek_huisnummer").fill("12")
    with page.expect_navigation():
        page.locator("#id_plek_huisnummer").press("Enter")  # Enter in the address looks it up
    gevonden = page.get_by_role("status").filter(has_text="Gevonden adres")
    assert gevonden.inner_text() == "Gevonden adres: Brink 12, 7411 BS Deventer"
    assert "foutenoverzicht" not in page.content()  # the other questions are not checked yet
    checker.check(page, "melding-adres-gevonden")
    # Enter in any other field is the step's main action, not another lookup.
    page.get_by_label("Bestrating").check()
    page.get_by_label("Omschrijving").fill("Losse stoeptegel.")
    with page.expect_navigation():
        page.locator("#id_plek").press("Enter")
    assert page.url.endswith("/controleren/")
    assert "Brink 12, 7411 BS Deventer" in page.content()
    assert not checker.problems, checker.problems
