"""The incident register in Debian's chromium: a lost laptop, from report to AP notification PDF,
with axe-core (WCAG 2.1 AA) on every page state and screenshots."""

from __future__ import annotations

import re

import pytest

from iwerk.core.models import Gemeente
from iwerk.core.testing.browser import (
    DESKTOP,
    PHONE,
    Checker,
    needs_browser,
    sign_in_page,
    submit,
    unfold,
)
from iwerk.incidenten.models import Besluit, Incident

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_browser,
]


def _choose(page, base: str, gemeente: str) -> None:
    if "/werkplek/gemeente/" in page.url:
        page.get_by_label(gemeente).check()
        submit(page, "Verder")


def test_a_lost_laptop_from_report_to_the_ap_notification(demo, live_server, browser):
    base = live_server.url
    checker = Checker(prefix="incidenten")

    # A behandelaar of Olst-Wijhe reports the lost laptop.
    melder = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(melder, base, "kvisser")
    melder.wait_for_url(f"{base}/werkplek/")
    melder.get_by_role("link", name="Incidenten").click()
    melder.get_by_role("link", name="Incident melden").click()
    checker.check(melder, "melden", screenshot=True)
    melder.get_by_label("Wat is er gebeurd? (kort)").fill("Laptop met inwonergegevens verloren")
    melder.get_by_label("Soort incident").select_option("verlies_apparaat")
    melder.get_by_label("Beschrijving").fill(
        "In de trein laten liggen; bevat een export met BSN's."
    )
    melder.get_by_label("Ontdekt op").fill(_vandaag(-3))
    melder.get_by_label("Er zijn (mogelijk) persoonsgegevens bij betrokken").check()
    submit(melder, "Melden")
    assert "Het incident is gemeld." in melder.content()
    incident = Incident.objects.get()
    checker.check(melder, "incident-melder")

    # The FG (of all three gemeenten) triages it as a datalek for Olst-Wijhe and Raalte.
    fg = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    sign_in_page(fg, base, "fg")
    fg.wait_for_load_state()
    _choose(fg, base, "Olst-Wijhe")
    assert "Meldtermijn datalekken" in fg.content()  # the werkplek signal
    fg.get_by_role("link", name=re.compile("Laptop met inwonergegevens verloren")).first.click()
    fg.wait_for_url(f"**/incidenten/{incident.uuid}/")
    klok = fg.locator(".klokvak .klok").inner_text()
    assert re.match(r"Nog (68|69) uur en \d+ min om te melden", klok), klok
    checker.check(fg, "incident", screenshot=True)
    fg.get_by_label("Ja").first.check()
    fg.get_by_label("Deventer").uncheck()
    fg.get_by_label("Olst-Wijhe").check()
    fg.get_by_label("Raalte").check()
    fg.locator("#beoordelen textarea[name=reden]").fill(
        "Onversleutelde export met BSN's van inwoners."
    )
    submit(fg, "Beoordeling vastleggen")
    assert "Beoordeling vastgelegd." in fg.content()
    incident.refresh_from_db()
    assert incident.datalek is True
    assert set(incident.betrokken.values_list("gemeente__slug", flat=True)) == {
        "olst-wijhe",
        "raalte",
    }

    fg.get_by_label("Hoog risico (ook betrokkenen informeren)").check()
    fg.get_by_label("Onderbouwing").fill("BSN en zorggegevens, niet versleuteld.")
    submit(fg, "Risico vastleggen")

    # Decide to report, for Raalte.
    raalte = Gemeente.objects.get(slug="raalte")
    unfold(fg, "Besluit: melden bij de AP (Raalte)")
    kaart = fg.locator("article", has=fg.locator("h3", has_text="Raalte"))
    kaart.locator(f"#id_ap_besluit-{raalte.pk}-melden_0").check()
    kaart.locator(f"#id_ap_besluit-{raalte.pk}-reden").fill("Hoog risico voor betrokkenen.")
    with fg.expect_navigation():
        kaart.get_by_role("button", name="Besluit vastleggen").first.click()
    assert "Besluit over de melding aan de AP vastgelegd." in fg.content()
    assert Besluit.objects.filter(soort="ap_melden", gemeente=raalte, uitkomst="Melden").exists()
    checker.check(fg, "incident-besluit", screenshot=True)

    # Export the AP notification as PDF.
    kaart = fg.locator("article", has=fg.locator("h3", has_text="Raalte"))
    with fg.expect_download() as info:
        kaart.get_by_role("link", name="PDF").first.click()
    with open(info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert info.value.suggested_filename == f"ap-nieuw-{incident.nummer}-raalte.pdf"

    fg.get_by_role("link", name="← Incidenten").click()
    checker.check(fg, "lijst", screenshot=True)
    fg.set_viewport_size(PHONE)
    checker.check(fg, "lijst", screenshot=True, width="telefoon")
    fg.goto(f"{base}/werkplek/incidenten/rapportage/")
    checker.check(fg, "rapportage")
    assert not checker.problems, checker.problems


def _vandaag(uren: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localtime() + timedelta(hours=uren)).strftime("%Y-%m-%dT%H:%M")
