"""The portaal in Debian's chromium (Playwright): a citizen's request from DigiD sign-in to the
besluit, an anonymous melding with a photo, a keyboard-only melding — with axe-core (WCAG 2.1 AA)
on every page state, at desktop and phone width, and screenshots for the README."""

from __future__ import annotations

import io
import re

import pytest

from iwerk.core.testing.browser import (
    DESKTOP,
    PHONE,
    Checker,
    needs_browser,
    sign_in_page,
    submit,
    unfold,
)
from iwerk.portaal.demo import load_producten
from iwerk.portaal.tests.conftest import SUZANNE, png_bestand
from iwerk.zaken.models import Rol, Status, Zaak

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_browser,
]


def _context(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="nl-NL", accept_downloads=True)
    # No tiles from the internet in tests: the map must work (click to pick) without them.
    context.route(re.compile(r"https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    return context


TEGELS = "https://tegels.example.nl/kaart/{z}/{x}/{y}.png"
GEEN_KAART = "De kaart is niet beschikbaar. Vul het adres of een omschrijving van de plek in."


def _tegels(page, settings) -> None:
    """A configured tile server, answered in the browser with a plain tile (no internet)."""
    from PIL import Image

    settings.IWERK_KAART_TEGELS = TEGELS
    settings.IWERK_KAART_BRONVERMELDING = "Kaartgegevens © Voorbeeld"
    tegel = io.BytesIO()
    Image.new("RGB", (256, 256), (222, 235, 214)).save(tegel, "PNG")
    page.route(
        "https://tegels.example.nl/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=tegel.getvalue()),
    )


def _no_horizontal_scroll(page, viewport) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1


def test_portaal_pages_are_accessible(gemeenten, live_server, browser):
    checker = Checker(prefix="portaal")
    for viewport, width in ((DESKTOP, "desktop"), (PHONE, "telefoon")):
        page = _context(browser, viewport).new_page()
        for slug in ("deventer", "olst-wijhe", "raalte"):
            page.goto(f"{live_server.url}/{slug}/")
            checker.check(page, slug, screenshot=slug == "deventer", width=width)
        page.goto(f"{live_server.url}/deventer/")
        page.get_by_role("link", name="Ondersteuning thuis (Wmo)").click()
        page.wait_for_url("**/producten/wmo-ondersteuning/")
        checker.check(page, "product", screenshot=True, width=width)
        _no_horizontal_scroll(page, viewport)
        page.goto(f"{live_server.url}/deventer/inloggen/")
        checker.check(page, "inloggen", width=width)
    assert not checker.problems, checker.problems


def _download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_a_citizen_requests_wmo_follows_it_and_downloads_the_besluit(
    demo,
    live_server,
    browser,
    tmp_path,
):
    from iwerk.demo.basisregistraties import load_doelbindingen

    for gemeente in demo.values():
        load_producten(gemeente)
    load_doelbindingen(list(demo.values()))  # the BRP test double answers the prefill
    base = live_server.url
    checker = Checker(prefix="portaal")
    page = _context(browser, DESKTOP).new_page()

    # Sign in with DigiD (the test IdP) from the product page.
    page.goto(f"{base}/deventer/producten/wmo-ondersteuning/")
    page.get_by_role("link", name="Inloggen met DigiD en aanvragen").click()
    page.wait_for_url("**/testidp/authorize?**")
    checker.check(page, "testidp", screenshot=True)
    page.get_by_role("radio", name=re.compile("^Suzanne Moulin")).check()
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/deventer/producten/wmo-ondersteuning/")
    assert "Ingelogd met DigiD" in page.content()
    submit(page, "Aanvraag starten")

    # Step 1 is filled in from the BRP.
    assert page.get_by_label("Naam").input_value() == "Suzanne Moulin"
    checker.check(page, "stap", screenshot=True)
    submit(page, "Volgende stap")

    # Step 2: an error first (kept input, Dutch message), then the answers with an attachment.
    page.get_by_label("Beschrijf uw situatie").fill("Ik kan mijn huis niet meer schoonhouden.")
    submit(page, "Volgende stap")
    assert "Dit veld is verplicht." in page.content()
    assert page.get_by_label("Beschrijf uw situatie").input_value().startswith("Ik kan mijn huis")
    checker.check(page, "stap-fout", screenshot=True)
    page.get_by_label("Anders").check()
    assert page.get_by_label("Welke hulp?").is_visible()  # the conditional field appears
    page.get_by_label("Huishouden").check()
    assert not page.get_by_label("Welke hulp?").is_visible()
    pdf = tmp_path / "verklaring-huisarts.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Verklaring van arts of specialist").set_input_files(str(pdf))
    submit(page, "Volgende stap")
    page.get_by_label("Telefoonnummer").fill("0570 123456")
    page.get_by_label("E-mailadres").fill("suzanne@example.nl")
    submit(page, "Naar controleren")
    checker.check(page, "controleren", screenshot=True)
    assert "verklaring-huisarts.pdf" in page.content()
    page.get_by_label("Ik heb deze gegevens naar waarheid ingevuld.").check()
    submit(page, "Versturen")
    zaak = Zaak.objects.get(rollen__bsn=SUZANNE, zaaktype__identificatie="WMO-MAATWERK")
    assert zaak.identificatie in page.locator(".zaaknummer").inner_text()
    checker.check(page, "verzonden", screenshot=True)
    assert _download(page, "Download het ontvangstbewijs (PDF)").startswith(b"%PDF")

    # Mijn zaken.
    page.get_by_role("link", name="Volg uw aanvraag in Mijn zaken").click()
    page.wait_for_url(f"**/mijn-zaken/{zaak.uuid}/")
    checker.check(page, "mijn-zaak", screenshot=True)
    page.get_by_role("link", name="← Mijn zaken").click()
    checker.check(page, "mijn-zaken", screenshot=True)
    assert zaak.identificatie in page.content()

    # The Wmo consulent acts in the werkplek: a status and a besluit.
    handler = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(handler, base, "ewillems")
    handler.wait_for_url(f"{base}/werkplek/")
    handler.goto(f"{base}/werkplek/zaken/{zaak.uuid}/")
    assert "Aanvraag Ondersteuning thuis (Wmo)" in handler.content()
    unfold(handler, "Status zetten")
    handler.locator("#id_status_statustype").select_option(
        label="2. Onderzoek (keukentafelgesprek)"
    )
    submit(handler, "Status zetten")
    assert Status.objects.filter(zaak=zaak).count() == 2
    unfold(handler, "Besluit vastleggen")
    handler.locator("#id_besluit_besluittype").select_option(index=1)
    today = __import__("django.utils.timezone").utils.timezone.localdate().isoformat()
    handler.locator("#id_besluit_datum").fill(today)
    handler.locator("#id_besluit_ingangsdatum").fill(today)
    handler.locator("#id_besluit_toelichting").fill("Toegekend: hulp bij het huishouden.")
    # Click and wait for the result itself (under CI load a fast redirect can slip past
    # expect_navigation's listener).
    handler.locator("form[action$='besluiten/'] button[type=submit]").click()
    handler.get_by_text("Het besluit is vastgelegd.").wait_for(timeout=60000)

    # The citizen sees the new status and downloads the besluit.
    page.goto(f"{base}/deventer/mijn-zaken/{zaak.uuid}/")
    huidig = page.locator("[aria-current=step]").inner_text()
    assert "Onderzoek (keukentafelgesprek)" in huidig
    besluit = _download(page, re.compile(r"Beschikking Wmo-maatwerkvoorziening van .* \(PDF\)"))
    assert besluit.startswith(b"%PDF") and len(besluit) > 1000
    checker.check(page, "mijn-zaak-besluit")
    # The same pages on a phone.
    page.set_viewport_size(PHONE)
    checker.check(page, "mijn-zaak", screenshot=True, width="telefoon")
    _no_horizontal_scroll(page, PHONE)
    page.goto(f"{base}/deventer/mijn-zaken/")
    checker.check(page, "mijn-zaken", screenshot=True, width="telefoon")
    _no_horizontal_scroll(page, PHONE)
    # A message with an unacceptable file: the error state is accessible too.
    page.goto(f"{base}/deventer/mijn-zaken/{zaak.uuid}/")
    page.get_by_label("Uw bericht").fill("Zie bijlage.")
    nep = tmp_path / "brief.pdf"
    nep.write_bytes(b"MZ\x90\x00 geen pdf")
    page.get_by_label("Document meesturen (niet verplicht)").set_input_files(str(nep))
    submit(page, "Versturen")
    assert "Dit soort bestand kunnen we niet aannemen" in page.content()
    checker.check(page, "mijn-zaak-fout", width="telefoon")
    # Signing out, and a cancelled sign-in.
    submit(page, "Uitloggen")
    page.goto(f"{base}/deventer/inloggen/digid/")
    submit(page, "Annuleren")
    assert "U heeft het inloggen afgebroken." in page.content()
    checker.check(page, "inloggen-mislukt", width="telefoon")
    assert not checker.problems, checker.problems


def test_offline_the_melding_form_says_there_is_no_map_and_an_address_is_enough(
    gemeenten,
    live_server,
    browser,
):
    checker = Checker(prefix="portaal")
    page = _context(browser, PHONE).new_page()
    elders = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else elders.append(request.url)
        ),
    )
    page.goto(f"{live_server.url}/deventer/producten/melding-openbare-ruimte/")
    submit(page, "Melding doen")
    page.wait_for_load_state("networkidle")
    # No tile server is configured (the demo's and the tests' default): nothing is asked of
    # OpenStreetMap or any other server, and the form says there is no map.
    assert elders == []
    assert page.get_by_text(GEEN_KAART).is_visible()
    assert page.locator(".kaart__vlak").count() == 0
    assert "Rijsterborgherpark" in page.locator("#id_plek_helptext").inner_text()
    checker.check(page, "melding", screenshot=True, width="telefoon")
    _no_horizontal_scroll(page, PHONE)
    page.get_by_label("Bestrating").check()
    page.get_by_label("Omschrijving").fill("Losse stoeptegel voor de deur.")
    page.get_by_label("Adres of plek").fill("Brink 12")
    submit(page, "Naar controleren")
    page.get_by_label("Ik heb deze gegevens naar waarheid ingevuld.").check()
    submit(page, "Versturen")
    zaak = Zaak.objects.get(zaaktype__identificatie="MOR")
    assert zaak.identificatie in page.content()
    assert zaak.zaakgeometrie is None
    assert dict(zaak.zaakeigenschappen.values_list("naam", "waarde"))["locatie"] == "Brink 12"
    assert elders == []
    assert not checker.problems, checker.problems


def test_when_no_tile_loads_the_map_makes_way_for_the_message(
    gemeenten,
    live_server,
    browser,
    settings,
):
    settings.IWERK_KAART_TEGELS = TEGELS  # configured, but unreachable (the context aborts it)
    checker = Checker(prefix="portaal")
    page = _context(browser, DESKTOP).new_page()
    page.goto(f"{live_server.url}/raalte/producten/melding-openbare-ruimte/")
    submit(page, "Melding doen")
    page.get_by_text(GEEN_KAART).wait_for(state="visible")
    assert not page.locator(".kaart").is_visible()
    # Raalte's own example of a place, not Deventer's.
    hulp = page.locator("#id_plek_helptext").inner_text()
    assert "Raalte" in hulp and "Rijsterborgherpark" not in hulp
    checker.check(page, "melding-zonder-kaart")
    assert not checker.problems, checker.problems


def test_an_anonymous_melding_with_a_photo_on_a_phone(
    gemeenten,
    live_server,
    browser,
    tmp_path,
    settings,
):
    checker = Checker(prefix="portaal")
    page = _context(browser, PHONE).new_page()
    _tegels(page, settings)
    page.goto(f"{live_server.url}/deventer/producten/melding-openbare-ruimte/")
    submit(page, "Melding doen")
    page.locator(".kaart__vlak .leaflet-tile-loaded").first.wait_for()
    assert "Kaartgegevens © Voorbeeld" in page.locator(".leaflet-control-attribution").inner_text()
    assert not page.get_by_text(GEEN_KAART).is_visible()
    checker.check(page, "melding-kaart", width="telefoon")
    page.get_by_label("Afval").check()
    page.get_by_label("Omschrijving").fill("Vuilniszakken naast de container.")
    page.get_by_label("Adres of plek").fill("Brink bij de Waag")
    kaart = page.locator(".kaart__vlak")
    box = kaart.bounding_box()
    kaart.click(position={"x": box["width"] / 2 + 20, "y": box["height"] / 2})
    assert "Gekozen plek" in page.locator("[data-kaart-keuze]").inner_text()
    foto = tmp_path / "afval.png"
    foto.write_bytes(png_bestand().getvalue())
    page.get_by_label("Foto").set_input_files(str(foto))
    page.get_by_label("E-mailadres voor updates").fill("melder@example.nl")
    submit(page, "Naar controleren")
    page.get_by_label("Ik heb deze gegevens naar waarheid ingevuld.").check()
    submit(page, "Versturen")
    checker.check(page, "melding-verzonden", screenshot=True, width="telefoon")
    _no_horizontal_scroll(page, PHONE)
    zaak = Zaak.objects.get(zaaktype__identificatie="MOR")
    assert zaak.zaakgeometrie["type"] == "Point"
    assert zaak.identificatie in page.content()
    assert not Rol.objects.filter(zaak=zaak).exclude(bsn="").exists()
    assert not checker.problems, checker.problems


def test_a_melding_with_the_keyboard_only(gemeenten, live_server, browser, settings):
    page = _context(browser, DESKTOP).new_page()
    _tegels(page, settings)
    page.goto(f"{live_server.url}/deventer/producten/melding-openbare-ruimte/")
    # The skip link is the first stop and leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Direct naar de inhoud"

    def tab_to(selector: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"{selector} not reachable with Tab")

    tab_to("button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.kaart__vlak.leaflet-container') !== null")
    tab_to("input[name=soort]")
    page.keyboard.press("ArrowDown")  # radio group: arrows choose (Straatverlichting → Afval)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    tab_to("textarea[name=omschrijving]")
    page.keyboard.type("Lantaarnpaal knippert.")
    tab_to("input[name=plek]")
    page.keyboard.type("Keizerstraat 7")
    tab_to(".kaart__vlak")
    page.keyboard.press("Enter")  # the map's centre as the point
    tab_to("button[name=volgende]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to("input[name=akkoord]")
    page.keyboard.press("Space")
    tab_to("button[name=verzenden]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    zaak = Zaak.objects.get(zaaktype__identificatie="MOR")
    assert zaak.zaakgeometrie is not None
    assert dict(zaak.zaakeigenschappen.values_list("naam", "waarde"))["locatie"] == "Keizerstraat 7"
