"""Handlers see the documents of the zaken they handle (issue 23.1), in a real browser.

The demo catalogue once gave every zaaktype the Wmo's *vertrouwelijk* Aanvraagformulier, so a
behandelaar of a Parkeervergunning or Evenementenvergunning (up to zaakvertrouwelijk) read
"2 document(en) vallen boven uw vertrouwelijkheidsniveau" instead of the application.
"""

from __future__ import annotations

import pytest

from iwerk.core.testing.browser import (
    DESKTOP,
    Checker,
    needs_browser,
    sign_in_page,
)
from iwerk.zaken.models import Zaak, ZaakInformatieObject

pytestmark = [pytest.mark.django_db(transaction=True), needs_browser]


def _zaak_met_aanvraag(gemeente, identificatie: str) -> tuple[Zaak, list[str]]:
    """The first demo zaak of the zaaktype with an inkomend document, and its document titles."""
    zaak = (
        Zaak.objects.filter(tenant=gemeente, zaaktype__identificatie=identificatie)
        .filter(zaakinformatieobjecten__isnull=False)
        .order_by("pk")
        .first()
    )
    titels = list(
        ZaakInformatieObject.objects.filter(zaak=zaak).values_list(
            "informatieobject__titel", flat=True
        )
    )
    assert any(t.startswith("Aanvraag") for t in titels), titels
    return zaak, titels


def test_handlers_see_the_application_documents_of_permit_requests(
    demo,
    live_server,
    browser,
):
    base = live_server.url
    checker = Checker()
    for username, gemeente, identificatie in (
        ("rmeijer", "raalte", "PARKEERVERGUNNING"),
        ("jdevries", "deventer", "EVENEMENT"),
    ):
        zaak, titels = _zaak_met_aanvraag(demo[gemeente], identificatie)
        page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
        sign_in_page(page, base, username)
        page.wait_for_url(f"{base}/werkplek/")
        page.goto(f"{base}/werkplek/zaken/{zaak.uuid}/")
        checker.check(page, f"zaak-{identificatie.lower()}")
        documenten = page.locator("#documenten").inner_text()
        for titel in titels:
            assert titel in documenten, (username, titel, documenten)
        assert "boven uw vertrouwelijkheidsniveau" not in page.content()
        assert "vertrouwelijkheidsniveau" not in documenten
        page.context.close()
    assert not checker.problems, checker.problems
