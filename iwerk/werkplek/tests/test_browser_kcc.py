"""The contact centre in a real browser (Debian's chromium via Playwright), with axe-core on every
page: a KCC employee finds a demo citizen, sees their zaken and contacts, records a call and sets
out a call-back for a team; a member of that team finds it in their werkvoorraad and handles it;
the KCC sees the answer in the caller's history (issue 28, ADR 0054)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from iwerk.catalogi.models import ZaakType, valid_on
from iwerk.core.models import Inzage
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.browser import DESKTOP, Checker, needs_browser, sign_in_page, submit
from iwerk.demo.basisregistraties import load_doelbindingen
from iwerk.demo.klantinteracties import load_klantinteracties
from iwerk.klantinteracties.models import InterneTaak, Klantcontact, TaakStatus

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]


def test_kcc_flow_from_call_to_handled_callback(demo, live_server, browser, registerdubbels):
    gemeenten = list(demo.values())
    load_doelbindingen(gemeenten)
    load_klantinteracties(gemeenten)
    mor = (
        ZaakType.objects.filter(tenant=demo["deventer"], identificatie="MOR", concept=False)
        .filter(valid_on(timezone.localdate()))
        .get()
    )
    zaak = bouw.zaak(
        mor,
        omschrijving="Losliggende stoeptegel Brink",
        initiator=bouw.aanvrager(bsn_nummer="999990007"),
    )
    base = live_server.url
    checker = Checker()

    kcc = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(kcc, base, "fhendriks")  # KCC Deventer: starts on the KCC page
    kcc.wait_for_url(f"{base}/werkplek/kcc/")
    checker.check(kcc, "kcc-zoeken", screenshot=True)

    kcc.get_by_label("Zoeken op").select_option("bsn")
    kcc.get_by_label("BSN, KvK-nummer, telefoonnummer, e-mailadres of zaaknummer").fill("999990007")
    submit(kcc, "Zoeken")
    # One caller found: straight to their screen.
    kcc.wait_for_url("**/werkplek/kcc/partijen/*/")
    assert kcc.get_by_role("heading", level=1).inner_text() == "Suzanne Moulin"
    zaken = kcc.get_by_role("region", name="Zaken").inner_text()
    assert zaak.identificatie in zaken
    assert "Niet toegewezen" in zaken
    eerder = kcc.get_by_role("region", name="Eerdere contacten").inner_text()
    assert eerder.strip() != "" and "Nog geen contacten." not in eerder
    assert Inzage.objects.filter(
        soort="klantbeeld", bsn="999990007", gebruikers_id="fhendriks"
    ).exists()
    checker.check(kcc, "kcc-klant", screenshot=True)

    kcc.get_by_label("Onderwerp").fill("Vraag over melding stoeptegel")
    kcc.get_by_label("Over zaak").select_option(str(zaak.uuid))
    kcc.get_by_label("Resultaat").select_option("contactverzoek")
    kcc.get_by_label("Korte notitie").fill("Wil weten wanneer de tegel gemaakt wordt.")
    kcc.locator("summary", has_text="Contactverzoek").click()
    kcc.get_by_label("Contactverzoek maken").check()
    kcc.get_by_label("Voor team").select_option(label="Vergunningen")
    kcc.get_by_label("Wat vraagt de klant?").fill("Graag terugbellen over de planning.")
    checker.check(kcc, "kcc-contact-invullen")
    submit(kcc, "Contact vastleggen")
    assert "Contact vastgelegd (nummer" in kcc.content()
    verzoeken = kcc.get_by_role("region", name="Open contactverzoeken").inner_text()
    assert "Terugbellen" in verzoeken and "Vergunningen" in verzoeken
    taak = InterneTaak.objects.get(tenant=demo["deventer"], actoren__naam="Vergunningen")
    assert taak.uiterlijk_op is not None and taak.uiterlijk_op > timezone.now()
    checker.check(kcc, "kcc-vastgelegd")

    team = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(team, base, "jdevries")  # team Vergunningen
    team.wait_for_url(f"{base}/werkplek/")
    sectie = team.get_by_role("region", name="Contactverzoeken voor u en uw team")
    assert "Suzanne Moulin" in sectie.inner_text()
    checker.check(team, "werkvoorraad-contactverzoek", screenshot=True)
    sectie.get_by_role("link", name=f"{taak.nummer} Terugbellen").click()
    team.wait_for_url(f"**/werkplek/kcc/verzoeken/{taak.uuid}/")
    assert "Graag terugbellen over de planning." in team.content()
    checker.check(team, "contactverzoek", screenshot=True)
    team.get_by_label("Antwoord aan de klant / wat er gebeurde").fill(
        "Teruggebeld: de tegel wordt volgende week gemaakt."
    )
    submit(team, "Vastleggen")
    team.wait_for_url(f"{base}/werkplek/kcc/verzoeken/")
    assert "Het contactverzoek is afgehandeld." in team.content()
    checker.check(team, "contactverzoeken-leeg")
    taak.refresh_from_db()
    assert taak.status == TaakStatus.verwerkt

    kcc.reload()
    # Handled: only the demo's own call-back for team Wmo is still open.
    assert (
        "Vergunningen" not in kcc.get_by_role("region", name="Open contactverzoeken").inner_text()
    )
    assert (
        "Terugbellen: Vraag over melding stoeptegel"
        in kcc.get_by_role("region", name="Eerdere contacten").inner_text()
    )
    assert Klantcontact.objects.filter(
        tenant=demo["deventer"], inhoud__startswith="Teruggebeld"
    ).exists()

    # Bad input: a contact without subject is refused with a Dutch message, nothing recorded.
    aantal = Klantcontact.objects.count()
    kcc.get_by_label("Onderwerp").fill("")
    submit(kcc, "Contact vastleggen")
    assert "Dit veld is verplicht." in kcc.content()
    assert Klantcontact.objects.count() == aantal
    checker.check(kcc, "kcc-fout")

    assert checker.problems == {}, checker.problems
