"""The portaal with the BRP in Debian's chromium: a parent signs in with the test DigiD, the form
is prefilled from the BRP test double and she chooses the child she holds gezag over; a
gemachtigde (DigiD Machtigen) sends a request for someone else and finds it in Mijn zaken.
axe-core (WCAG 2.1 AA) on every page; no connection leaves 127.0.0.1 (`netwerkwacht`)."""

from __future__ import annotations

import re

import pytest

from iwerk.core.testing.browser import DESKTOP, PHONE, Checker, needs_browser, submit
from iwerk.portaal.tests.conftest import FATIMA, PIETER, SUZANNE, YASMIN
from iwerk.zaken.models import Rol

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]


@pytest.fixture
def wereld(regio):
    from iwerk.demo.basisregistraties import load_doelbindingen

    load_doelbindingen(list(regio.values()))
    return regio


def _inloggen(page, base: str, gemeente: str, product: str, bsn: str, checker=None) -> None:
    page.goto(f"{base}/{gemeente}/producten/{product}/")
    page.get_by_role("link", name="Inloggen met DigiD en aanvragen").click()
    page.wait_for_url("**/testidp/authorize?**")
    if checker:
        checker.check(page, "testidp-machtigen", screenshot=True)
    page.locator(f'input[name="keuze"][value="{bsn}"]').check()


def test_a_parent_is_prefilled_from_the_brp_and_chooses_her_child(
    wereld, live_server, browser, registerdubbels
):
    checker = Checker(prefix="portaal")
    for viewport, breedte in ((DESKTOP, "desktop"), (PHONE, "telefoon")):
        registerdubbels.wis()
        page = browser.new_context(viewport=viewport, locale="nl-NL").new_page()
        _inloggen(page, live_server.url, "olst-wijhe", "jeugdhulp", FATIMA)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/olst-wijhe/producten/jeugdhulp/")
        assert "Ingelogd met DigiD" in page.content()
        submit(page, "Aanvraag starten")

        # For whom: the child the BRP says she holds gezag over.
        assert page.url.endswith("/voor-wie/")
        checker.check(page, "voor-wie", screenshot=True, width=breedte)
        submit(page, "Verder")  # nothing chosen: a Dutch message, nothing stored
        assert "Kies voor wie de aanvraag is." in page.content()
        checker.check(page, "voor-wie-fout", width=breedte)
        page.get_by_label("Yasmin el Amrani").check()
        submit(page, "Verder")

        # Step 1 is filled in from the BRP, asked once with who asked and why.
        assert page.get_by_label("Naam").input_value() == "Fatima el Amrani"
        assert page.get_by_label("Adres").input_value() == "Langstraat 41"
        checker.check(page, "stap-brp", screenshot=True, width=breedte)
        (verzoek,) = registerdubbels.verzoeken("brp")
        assert verzoek.headers["x-gebruiker"] == f"digid:{FATIMA}"
        assert verzoek.headers["x-doelbinding"] == "BRPACT-Jeugdwet"
        if breedte == "telefoon":
            break
        submit(page, "Volgende stap")
        page.get_by_label("Waarbij is hulp nodig?").fill("Begeleiding bij school en thuis.")
        page.get_by_label("Nee").check()
        submit(page, "Volgende stap")
        page.get_by_label("Telefoonnummer").fill("0570 123456")
        page.get_by_label("E-mailadres").fill("fatima@example.nl")
        submit(page, "Naar controleren")
        assert "Yasmin el Amrani" in page.content()
        checker.check(page, "controleren-voor-wie", width=breedte)
        page.get_by_label("Ik heb deze gegevens naar waarheid ingevuld.").check()
        submit(page, "Versturen")
        kind = Rol.objects.get(roltype__omschrijving_generiek="belanghebbende")
        assert kind.bsn == YASMIN and kind.zaak.zaaktype.identificatie == "JEUGDHULP"
        page.context.close()
    assert not checker.problems, checker.problems


def test_a_gemachtigde_sends_a_request_for_someone_else_and_finds_it_in_mijn_zaken(
    wereld, live_server, browser, registerdubbels
):
    checker = Checker(prefix="portaal")
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    _inloggen(page, live_server.url, "raalte", "wmo-ondersteuning", SUZANNE, checker)
    page.get_by_label("Namens Pieter de Boer").check()
    page.get_by_label(re.compile("Voor welke diensten")).fill("WMO-MAATWERK")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/raalte/producten/wmo-ondersteuning/")
    assert f"namens BSN {PIETER}" in page.content()
    submit(page, "Aanvraag starten")

    # Prefilled with the data of the person she acts for.
    assert page.get_by_label("Naam").input_value() == "Pieter de Boer"
    assert page.get_by_label("Adres").input_value() == "Grotestraat 3"
    (verzoek,) = registerdubbels.verzoeken("brp")
    assert verzoek.body["burgerservicenummer"] == [PIETER]
    assert verzoek.headers["x-gebruiker"] == f"digid:{SUZANNE}"
    checker.check(page, "stap-namens", screenshot=True)
    submit(page, "Volgende stap")
    page.get_by_label("Hulpmiddel").check()
    page.get_by_label("Beschrijf uw situatie").fill("Mijn buurman heeft een rollator nodig.")
    submit(page, "Volgende stap")
    page.get_by_label("Telefoonnummer").fill("0570 123456")
    page.get_by_label("E-mailadres").fill("suzanne@example.nl")
    submit(page, "Naar controleren")
    assert "DigiD Machtigen" in page.content()
    checker.check(page, "controleren-namens")
    page.get_by_label("Ik heb deze gegevens naar waarheid ingevuld.").check()
    submit(page, "Versturen")

    rollen = {r.indicatie_machtiging: r for r in Rol.objects.filter(zaak__tenant=wereld["raalte"])}
    assert rollen["gemachtigde"].bsn == SUZANNE and rollen["machtiginggever"].bsn == PIETER
    zaak = rollen["gemachtigde"].zaak
    page.get_by_role("link", name="Mijn zaken").first.click()
    page.wait_for_url("**/raalte/mijn-zaken/")
    assert zaak.identificatie in page.content() and "namens BSN" in page.content()
    checker.check(page, "mijn-zaken-namens", screenshot=True)
    page.get_by_role("link", name=zaak.zaaktype.omschrijving).first.click()
    page.wait_for_url(f"**/raalte/mijn-zaken/{zaak.uuid}/")
    checker.check(page, "mijn-zaak-namens")
    assert not checker.problems, checker.problems
