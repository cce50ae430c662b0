"""The werkplek in a real browser (Debian's chromium via Playwright), with axe-core on every page.

Run on the demo data: sign in with 2FA, find a zaak, assign it, upload a document, set statuses
up to closing with a resultaat, check the audit trail. Every page visited is checked by axe-core
(WCAG 2.1 A/AA rules): no serious or critical violation. Screenshots at desktop and phone width
go to docs/screenshots/ (CI keeps them as artefacts; the README shows them).
"""

from __future__ import annotations

import pytest

from iwerk.core.models import AuditTrail
from iwerk.core.testing.browser import (
    DESKTOP,
    PHONE,
    Checker,
    needs_browser,
    sign_in_page,
    submit,
    unfold,
)
from iwerk.core.testing.medewerkers import WACHTWOORD, current_code
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.zaken.models import Rol, Status, Zaak, ZaakInformatieObject

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]


def test_case_handling_in_the_browser(demo, live_server, browser, tmp_path):
    base = live_server.url
    checker = Checker()
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    sign_in_page(page, base, "jdevries", checker)
    page.wait_for_url(f"{base}/werkplek/")
    assert "Werkvoorraad" in page.title()
    checker.check(page, "werkvoorraad", screenshot=True)

    # Find an unassigned open zaak by its number.
    zaak = (
        Zaak.objects.filter(
            tenant=demo["deventer"],
            einddatum__isnull=True,
            vertrouwelijkheidaanduiding__in=[
                "openbaar",
                "intern",
                "zaakvertrouwelijk",
                "beperkt_openbaar",
            ],
        )
        .exclude(rollen__roltype__omschrijving_generiek="behandelaar")
        .order_by("pk")
        .first()
    )
    EnkelvoudigInformatieObject.objects.filter(
        pk__in=ZaakInformatieObject.objects.filter(zaak=zaak).values("informatieobject_id")
    ).update(indicatie_gebruiksrecht=False)
    page.get_by_role("link", name="Zoeken", exact=True).click()
    page.get_by_label("Zaaknummer, omschrijving, naam, adres, BSN of KvK-nummer").fill(
        zaak.omschrijving.split(" — ")[1]
    )
    page.get_by_role("button", name="Zoeken").click()
    checker.check(page, "zoeken", screenshot=True)
    page.goto(f"{base}/werkplek/zoeken/?q={zaak.identificatie}")
    page.get_by_role("link", name=zaak.identificatie).first.click()
    page.wait_for_url(f"**/zaken/{zaak.uuid}/")
    checker.check(page, "zaak", screenshot=True)

    # Assign it to myself.
    unfold(page, "Toewijzen")
    page.locator("#id_toewijzen_medewerker").select_option("jdevries")
    submit(page, "Toewijzen")
    assert "De zaak is toegewezen." in page.content()
    assert (
        Rol.objects.get(
            zaak=zaak, roltype__omschrijving_generiek="behandelaar"
        ).medewerker_identificatie
        == "jdevries"
    )

    # Upload a document.
    pdf = tmp_path / "besluitvoorstel.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("#id_document_bestand").set_input_files(str(pdf))
    page.locator("#id_document_titel").fill("Besluitvoorstel")
    page.locator("#id_document_informatieobjecttype").select_option(index=1)
    submit(page, "Document toevoegen")
    assert "Het document is toegevoegd." in page.content()
    assert ZaakInformatieObject.objects.filter(
        zaak=zaak, informatieobject__titel="Besluitvoorstel"
    ).exists()

    # Statuses up to closing with a resultaat.
    statustypen = list(zaak.zaaktype.statustypen.order_by("volgnummer"))
    for statustype in statustypen[1:-1]:
        if Status.objects.filter(zaak=zaak, statustype=statustype).exists():
            continue
        unfold(page, "Status zetten")
        page.locator("#id_status_statustype").select_option(str(statustype.pk))
        submit(page, "Status zetten")
        assert "De status is gezet." in page.content()
    unfold(page, "Afsluiten met resultaat")
    page.locator("#id_afsluiten_resultaattype").select_option(index=1)
    submit(page, "Zaak afsluiten")
    assert "De zaak is afgesloten." in page.content(), page.locator(
        ".formulier-fouten"
    ).all_inner_texts()
    zaak.refresh_from_db()
    assert zaak.einddatum is not None
    checker.check(page, "zaak-afgesloten")

    # The PDF preview opens on request (a viewer per document would weigh on the page).
    voorbeeld = page.get_by_title("Voorbeeld van Besluitvoorstel")
    assert not voorbeeld.is_visible()
    page.locator("summary", has_text="Voorbeeld tonen").click()
    voorbeeld.wait_for(state="visible")

    # The audit trail on the page shows what happened, by whom.
    audit = page.locator("#audit").inner_text()
    assert "Jan de Vries" in audit
    assert (
        AuditTrail.objects.filter(hoofd_object_uuid=zaak.uuid, gebruikers_id="jdevries").count()
        >= 4
    )

    # The remaining pages.
    page.goto(f"{base}/werkplek/zaken/nieuw/")
    checker.check(page, "intake", screenshot=True)
    page.get_by_role("button", name="Zaak registreren").click()  # empty: errors shown
    page.wait_for_load_state()
    assert "Dit veld is verplicht." in page.content()
    checker.check(page, "intake-fouten")
    page.goto(f"{base}/werkplek/?tab=vrij&termijn=overschreden")
    checker.check(page, "werkvoorraad-filter")

    # Phone width: the same pages, stacked.
    phone = browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    sign_in_page(mobile, base, "mbakker")
    mobile.wait_for_url(f"{base}/werkplek/")
    checker.check(mobile, "werkvoorraad", screenshot=True, width="telefoon")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    mobile.goto(f"{base}/werkplek/zaken/{zaak.uuid}/")
    checker.check(mobile, "zaak", screenshot=True, width="telefoon")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    mobile.goto(f"{base}/werkplek/zaken/nieuw/")
    checker.check(mobile, "intake", screenshot=True, width="telefoon")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1

    # Other roles' pages: gemeente choice, no access, lockout.
    other = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(other, base, "avandenberg")
    other.wait_for_url("**/werkplek/gemeente/**")
    checker.check(other, "gemeente-kiezen")
    manager = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(manager, base, "manager")
    manager.get_by_label("Deventer").check()
    manager.get_by_role("button", name="Verder").click()
    manager.wait_for_load_state()
    manager.goto(f"{base}/werkplek/zoeken/")
    checker.check(manager, "geen-toegang")
    locked = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    for _ in range(6):
        locked.goto(f"{base}/werkplek/inloggen/")
        locked.get_by_label("Gebruikersnaam").fill("syilmaz")
        locked.get_by_label("Wachtwoord").fill("fout-wachtwoord")
        locked.get_by_role("button", name="Verder").click()
        locked.wait_for_load_state()
    assert "tijdelijk geblokkeerd" in locked.content()
    checker.check(locked, "geblokkeerd")

    assert not checker.problems, checker.problems
    assert len(checker.checked) >= 14


def test_keyboard_only_sign_in_and_navigation(demo, live_server, browser):
    from django.contrib.auth import get_user_model

    base = live_server.url
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    page.goto(f"{base}/werkplek/inloggen/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Direct naar de inhoud"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type("rmeijer")
    page.keyboard.press("Tab")
    page.keyboard.type(WACHTWOORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/inloggen/code/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type(current_code(get_user_model().objects.get(username="rmeijer")))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/werkplek/")
    # The first zaak link is reachable and opens with Enter.
    link = page.locator("table a").first
    link.focus()
    target = link.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert "Statusverloop" in page.content()


def test_enrolment_and_no_role_pages_are_accessible(demo, live_server, browser):
    from django.contrib.auth import get_user_model

    from iwerk.medewerkers.models import Roltoewijzing

    get_user_model().objects.create_user("zonderrol", password=WACHTWOORD)
    nieuw = get_user_model().objects.create_user("nieuwkomer", password=WACHTWOORD)
    Roltoewijzing.objects.create(gebruiker=nieuw, gemeente=demo["raalte"], rol="behandelaar")
    checker = Checker()
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    page.goto(f"{live_server.url}/werkplek/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("nieuwkomer")
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/inloggen/koppelen/")
    assert page.locator(".qr svg").count() == 1
    checker.check(page, "koppelen", screenshot=True)
    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    submit(page, "Koppelen en inloggen")
    checker.check(page, "koppelen-fout")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/werkplek/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("zonderrol")
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/inloggen/koppelen/")
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="zonderrol")
    page.get_by_label("Code uit uw authenticator-app").fill(f"{TOTP(device.bin_key).token():06d}")
    submit(page, "Koppelen en inloggen")
    assert "nog geen rol" in page.content()
    checker.check(page, "geen-rollen")
    assert not checker.problems, checker.problems
