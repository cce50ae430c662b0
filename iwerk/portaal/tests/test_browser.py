"""The portaal pages in Debian's chromium: axe-core (WCAG 2.1 AA) at desktop and phone width."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api")

from iwerk.portaal.tests.test_producten import gemeenten  # noqa: E402, F401 - fixture
from iwerk.werkplek.tests.test_browser import (  # noqa: E402, F401 - fixture and helpers
    CHROMIUM,
    DESKTOP,
    PHONE,
    Checker,
    browser,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="no chromium"),
]


def test_portaal_pages_are_accessible(gemeenten, live_server, browser):  # noqa: F811
    checker = Checker(prefix="portaal")
    for viewport, width in ((DESKTOP, "desktop"), (PHONE, "telefoon")):
        page = browser.new_context(viewport=viewport, locale="nl-NL").new_page()
        for slug in ("deventer", "olst-wijhe", "raalte"):
            page.goto(f"{live_server.url}/{slug}/")
            checker.check(page, slug, screenshot=slug == "deventer", width=width)
        page.goto(f"{live_server.url}/deventer/")
        page.get_by_role("link", name="Ondersteuning thuis (Wmo)").click()
        page.wait_for_url("**/producten/wmo-ondersteuning/")
        checker.check(page, "product", screenshot=True, width=width)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    assert not checker.problems, checker.problems
