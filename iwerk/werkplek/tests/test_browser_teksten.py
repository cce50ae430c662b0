"""What a handler reads is Dutch prose (issue 23.4), in a real browser.

The audit trail on the zaak page once read "Object aangemaakt — resultaat (506: 7)"; it now says
what happened ("Resultaat vastgesteld: Verleend") by name, and counts read "1 zaak", "2 zaken".
"""

from __future__ import annotations

import re

import pytest

from iwerk.core.models import AuditTrail
from iwerk.core.testing.browser import (
    DESKTOP,
    Checker,
    needs_browser,
    sign_in_page,
    submit,
    unfold,
)
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.zaken.models import Zaak, ZaakInformatieObject

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]

TECHNISCH = re.compile(
    r"\(\d+: \d+\)|\d+: \d+ op|Object (aangemaakt|bijgewerkt)|\b(resultaat|status|rol|zaak)"
    r" \(|zaakinformatieobject|/api/v1/|\d{4}-\d{2}-\d{2}T"
)


def test_the_audit_trail_tells_what_happened_in_words(demo, live_server, browser):
    base = live_server.url
    checker = Checker()
    zaak = (
        Zaak.objects.filter(
            tenant=demo["deventer"],
            einddatum__isnull=True,
            verlenging_duur="",
            opschorting_indicatie=False,
            vertrouwelijkheidaanduiding__in=["openbaar", "intern", "zaakvertrouwelijk"],
            zaaktype__opschorting_en_aanhouding_mogelijk=True,
            zaaktype__verlenging_mogelijk=True,
        )
        .exclude(rollen__roltype__omschrijving_generiek="behandelaar")
        .order_by("pk")
        .first()
    )
    EnkelvoudigInformatieObject.objects.filter(
        pk__in=ZaakInformatieObject.objects.filter(zaak=zaak).values("informatieobject_id")
    ).update(indicatie_gebruiksrecht=False)
    resultaattype = zaak.zaaktype.resultaattypen.order_by("pk").first()
    tussen = list(zaak.zaaktype.statustypen.order_by("volgnummer"))[-2]

    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(page, base, "jdevries")
    page.wait_for_url(f"{base}/werkplek/")
    page.goto(f"{base}/werkplek/zoeken/?q={zaak.identificatie}")
    assert "1 zaak gevonden" in page.locator("[role=status]").inner_text()
    page.goto(f"{base}/werkplek/zaken/{zaak.uuid}/")

    unfold(page, "Toewijzen")
    page.locator("#id_toewijzen_medewerker").select_option("jdevries")
    submit(page, "Toewijzen")
    unfold(page, "Status zetten")
    page.locator("#id_status_statustype").select_option(str(tussen.pk))
    page.locator("#id_status_toelichting").fill("Aanvullende stukken ontvangen")
    submit(page, "Status zetten")
    unfold(page, "Opschorten")
    page.locator("#id_opschorten_reden").fill("Wacht op advies welstand")
    submit(page, "Opschorten")
    unfold(page, "Behandeling hervatten")
    submit(page, "Hervatten")
    unfold(page, "Termijn verlengen")
    page.locator("#id_verlengen_weken").fill("6")
    page.locator("#id_verlengen_reden").fill("Complexe aanvraag")
    submit(page, "Verlengen")
    unfold(page, "Notitie toevoegen")
    page.locator("#id_notitie_onderwerp").fill("Telefoon")
    page.locator("#id_notitie_tekst").fill("Aanvrager gebeld")
    submit(page, "Notitie opslaan")
    unfold(page, "Afsluiten met resultaat")
    page.locator("#id_afsluiten_resultaattype").select_option(str(resultaattype.pk))
    submit(page, "Zaak afsluiten")
    assert "De zaak is afgesloten." in page.content()
    assert AuditTrail.objects.filter(hoofd_object_uuid=zaak.uuid, resource="resultaat").exists()

    audit = page.locator("#audit").inner_text()
    for zin in (
        "Betrokkene toegevoegd: Behandelaar, J. de Vries",
        f"Status gezet: {tussen.omschrijving} — Aanvullende stukken ontvangen",
        "Zaak opgeschort: Wacht op advies welstand",
        "Opschorting beëindigd",
        "Termijn verlengd met 6 weken: Complexe aanvraag",
        "Notitie toegevoegd: Telefoon",
        f"Resultaat vastgesteld: {resultaattype.omschrijving}",
    ):
        assert zin in audit, (zin, audit)
    assert not TECHNISCH.search(audit), TECHNISCH.search(audit)
    assert re.search(r"\d{1,2} [a-z]+ \d{4}, \d{2}:\d{2}", audit)  # "5 december 2026, 14:03"
    checker.check(page, "zaak-audittrail")
    page.locator("#audit").scroll_into_view_if_needed()
    page.locator("#audit").screenshot(path=str(_screenshot("werkplek-zaak-audittrail.png")))
    assert not checker.problems, checker.problems


def _screenshot(name: str):
    from iwerk.core.testing.browser import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / name
