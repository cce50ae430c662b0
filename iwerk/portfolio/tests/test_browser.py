"""The portfolio page in Debian's chromium: axe-core (WCAG 2.1 AA) at desktop and phone width."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api")

from iwerk.portfolio.demo import load_portfolio  # noqa: E402
from iwerk.werkplek.tests.conftest import demo  # noqa: E402, F401 - fixture
from iwerk.werkplek.tests.test_browser import (  # noqa: E402, F401 - fixture and helpers
    CHROMIUM,
    DESKTOP,
    PHONE,
    Checker,
    _sign_in,
    _submit,
    browser,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="no chromium"),
]


def test_the_portfolio_page_is_accessible(demo, live_server, browser):
    load_portfolio(list(demo.values()))
    checker = Checker(prefix="portfolio")
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()
    _sign_in(page, live_server.url, "fbeheerder")
    page.wait_for_load_state()
    if "/werkplek/gemeente/" in page.url:
        page.get_by_label("Deventer").check()
        _submit(page, "Verder")
    page.get_by_role("link", name="Portfolio").click()
    page.wait_for_url("**/werkplek/portfolio/")
    assert "kandidaat" in page.content()
    checker.check(page, "overzicht", screenshot=True)
    page.set_viewport_size(PHONE)
    checker.check(page, "overzicht", width="telefoon")
    assert not checker.problems, checker.problems
