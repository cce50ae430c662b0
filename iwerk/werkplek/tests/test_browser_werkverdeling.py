"""Werk in goede banen in a real browser (Debian's chromium via Playwright), with axe-core on every
page (issue 29): a melding lands in the intake; the teamleider moves it to a team and a handler;
the handler is signalled, reaches "In behandeling", finds its checklist, is stopped by the open
mandatory task, completes it, makes a letter from a template and opens it, and asks to close the
zaak; the teamleider approves the closing (vier ogen). Then the teamleider marks the handler
absent and moves their zaken to a colleague from the workload view."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from iwerk.catalogi.models import ZaakType, valid_on
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.browser import DESKTOP, Checker, needs_browser, sign_in_page, submit
from iwerk.demo.werkverdeling import load_werkverdeling
from iwerk.medewerkers.models import Afwezigheid
from iwerk.sjablonen.demo import load_sjablonen
from iwerk.sjablonen.models import Brief
from iwerk.werkverdeling.models import Taak, Taakstatus, VierOgenActie, VierOgenRegel
from iwerk.werkverdeling.services import routering, vierogen
from iwerk.zaken.models import Zaak

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]


def _zaaktype(gemeente, identificatie: str) -> ZaakType:
    return (
        ZaakType.objects.filter(tenant=gemeente, identificatie=identificatie, concept=False)
        .filter(valid_on(timezone.localdate()))
        .get()
    )


def test_from_intake_to_approved_closing_and_redistribution(demo, live_server, browser):
    deventer = demo["deventer"]
    load_werkverdeling(deventer)
    load_sjablonen(deventer)
    routering.routeer_open_zaken(deventer.pk)  # the fixture's zaken came in bulk
    vierogen.regel_opslaan(
        VierOgenRegel(
            gemeente=deventer,
            zaaktype_identificatie="MOR",
            actie=VierOgenActie.afsluiten,
            goedkeurder_rol="teamleider",
        )
    )
    # A melding without category or location: no rule fits, so the intake has it.
    melding = bouw.zaak(_zaaktype(deventer, "MOR"), omschrijving="Bankje in park kapot")
    melding.refresh_from_db()
    assert melding.team_id is None and melding.behandelaar == ""
    # Work of Jan de Vries that must move when he is away.
    jan = get_user_model().objects.get(username="jdevries")
    bouw.zaak(
        _zaaktype(deventer, "EVENEMENT"),
        omschrijving="Braderie Lange Bisschopstraat",
        behandelaar=jan,
    )
    base = live_server.url
    checker = Checker()

    leider = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(leider, base, "pjansen")
    leider.wait_for_url(f"{base}/werkplek/")
    leider.goto(f"{base}/werkplek/?tab=intake")
    assert melding.identificatie in leider.content()
    checker.check(leider, "werkvoorraad-intake", screenshot=True)
    leider.get_by_role("link", name=melding.identificatie).click()
    leider.wait_for_url(f"**/werkplek/zaken/{melding.uuid}/")
    assert "Intake (nog geen team)" in leider.locator("#team").inner_text()
    leider.locator("summary", has_text="Naar team").click()
    leider.locator("#id_team_team").select_option(label="Vergunningen")
    submit(leider, "Verplaatsen")
    assert leider.locator("#team").inner_text().strip() == "Vergunningen"
    leider.locator("summary", has_text="Toewijzen").first.click()
    leider.locator("#id_toewijzen_medewerker").select_option(label="Jan de Vries")
    submit(leider, "Toewijzen")
    melding.refresh_from_db()
    assert melding.behandelaar == "jdevries" and melding.team.naam == "Vergunningen"
    checker.check(leider, "zaak-toegewezen")

    handler = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(handler, base, "jdevries")
    handler.wait_for_url(f"{base}/werkplek/")
    handler.get_by_role("link", name="Signaleringen").click()
    handler.wait_for_url("**/werkplek/signaleringen/")
    assert melding.identificatie in handler.content()
    checker.check(handler, "signaleringen", screenshot=True)
    handler.goto(f"{base}/werkplek/zaken/{melding.uuid}/")
    handler.locator("summary", has_text="Status zetten").click()
    handler.locator("#id_status_statustype").select_option(label="2. In behandeling")
    submit(handler, "Status zetten")
    taken = handler.get_by_role("region", name="Taken")
    assert (
        "Herstel uitvoeren" in taken.inner_text() and "Ter plekke beoordelen" in taken.inner_text()
    )
    checker.check(handler, "zaak-taken", screenshot=True)

    # The mandatory task stops the closing, with a reason.
    handler.locator("summary", has_text="Afsluiten met resultaat").click()
    handler.locator("#id_afsluiten_resultaattype").select_option(label="Opgelost")
    submit(handler, "Zaak afsluiten")
    acties = handler.get_by_role("region", name="Acties").inner_text()
    assert "verplichte taak" in acties and "Herstel uitvoeren" in acties
    assert Zaak.objects.get(pk=melding.pk).einddatum is None
    checker.check(handler, "afsluiten-geblokkeerd")
    handler.goto(f"{base}/werkplek/zaken/{melding.uuid}/#taken")
    taken = handler.get_by_role("region", name="Taken")
    taken.locator("summary", has_text="Afronden: Herstel uitvoeren").click()
    taak = Taak.objects.get(zaak=melding, titel="Herstel uitvoeren")
    handler.locator(f"#id_afronden_{taak.uuid.hex}_resultaat").fill("Bankje vervangen.")
    with handler.expect_navigation():
        taken.get_by_role("button", name="Taak afronden").first.click()
    taak.refresh_from_db()
    assert taak.status == Taakstatus.afgerond and taak.resultaat == "Bankje vervangen."

    # A letter from the gemeente's template, saved with the zaak and opened.
    handler.get_by_label("Nieuwe brief uit sjabloon").select_option(
        label="Ontvangstbevestiging (ontvangstbevestiging)"
    )
    submit(handler, "Brief voorbereiden")
    checker.check(handler, "brief-voorbeeld", screenshot=True)
    submit(handler, "Opslaan als document")
    brief = Brief.objects.get(zaak=melding)
    brieven = handler.get_by_role("region", name="Brieven")
    with handler.expect_response(f"**/documenten/{brief.informatieobject_uuid}/") as antwoord:
        brieven.get_by_role("link", name="PDF openen").first.click()
    assert antwoord.value.status == 200
    assert antwoord.value.headers["content-type"] == "application/pdf"

    # Closing a MOR zaak needs a teamleider's approval.
    handler.goto(f"{base}/werkplek/zaken/{melding.uuid}/")
    handler.locator("summary", has_text="Afsluiten met resultaat").click()
    handler.locator("#id_afsluiten_resultaattype").select_option(label="Opgelost")
    submit(handler, "Zaak afsluiten")
    assert "goedkeuring" in handler.content()
    assert Zaak.objects.get(pk=melding.pk).einddatum is None

    leider.goto(f"{base}/werkplek/taken/?tab=goedkeuren")
    assert melding.identificatie in leider.content()
    checker.check(leider, "taken-goedkeuren", screenshot=True)
    leider.goto(f"{base}/werkplek/zaken/{melding.uuid}/#taken")
    taken = leider.get_by_role("region", name="Taken")
    taken.locator("summary", has_text="Goedkeuren").first.click()
    with leider.expect_navigation():
        taken.get_by_role("button", name="Goedkeuren", exact=True).first.click()
    assert Zaak.objects.get(pk=melding.pk).einddatum is not None
    checker.check(leider, "zaak-goedgekeurd")

    # Jan is away: his open zaken go to Mira Bakker.
    open_van_jan = set(
        Zaak.objects.filter(tenant=deventer, behandelaar="jdevries", einddatum__isnull=True)
        .filter(vertrouwelijkheidaanduiding__in=["openbaar", "beperkt_openbaar", "intern",
                                                 "zaakvertrouwelijk"])
        .values_list("identificatie", flat=True)
    )  # fmt: skip
    assert open_van_jan
    leider.get_by_role("link", name="Werklast").click()
    leider.wait_for_url("**/werkplek/werklast/")
    checker.check(leider, "werklast", screenshot=True)
    leider.get_by_role("link", name="Jan de Vries").first.click()
    leider.wait_for_url("**/werkplek/werklast/jdevries/")
    tot = timezone.localdate() + timezone.timedelta(days=10)
    leider.get_by_label("Afwezig tot en met").first.fill(tot.isoformat())
    submit(leider, "Afwezig melden")
    assert Afwezigheid.objects.get(gebruiker=jan).afwezig_tot == tot
    for checkbox in leider.get_by_role("region", name="Open zaken").get_by_role("checkbox").all():
        checkbox.check()
    leider.locator("select[name=zaken-naar]").select_option(label="Mira Bakker")
    submit(leider, "Geselecteerde zaken verplaatsen")
    checker.check(leider, "werklast-verplaatst")
    verplaatst = set(
        Zaak.objects.filter(identificatie__in=open_van_jan, behandelaar="mbakker").values_list(
            "identificatie", flat=True
        )
    )
    assert verplaatst == open_van_jan
    assert checker.problems == {}, checker.problems
