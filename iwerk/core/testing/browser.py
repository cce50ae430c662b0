"""Helpers for the browser tests (Debian's chromium via Playwright, axe-core on every page).

The `browser` fixture is in the root conftest. A browser test module marks itself with
`needs_browser`: it is skipped where Playwright or Debian's chromium is missing.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from iwerk.core.testing.medewerkers import WACHTWOORD, current_code

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1366, "height": 900}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

needs_browser = pytest.mark.skipif(
    importlib.util.find_spec("playwright") is None or not Path(CHROMIUM).exists(),
    reason="Playwright or Debian's chromium is not installed",
)


class Checker:
    """Runs axe on a page and remembers what it found, per page name."""

    def __init__(self, prefix: str = "werkplek"):
        from axe_playwright_python.sync_playwright import Axe

        self.prefix = prefix
        self.axe = Axe()
        self.problems: dict[str, list[str]] = {}
        self.checked: list[str] = []

    def check(self, page, name: str, screenshot: bool = False, width: str = "desktop") -> None:
        page.wait_for_load_state("networkidle")
        results = self.axe.run(page, options=WCAG)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        self.checked.append(f"{name}/{width}")
        if serious:
            self.problems[f"{name}/{width}"] = serious
        if screenshot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(SCREENSHOTS / f"{self.prefix}-{name}-{width}.png"),
                full_page=width == "telefoon",
            )


def submit(page, button: str) -> None:
    """Click a submit button and wait for the page it leads to (post, redirect, get)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def unfold(page, summary: str) -> None:
    """Unfold an action: focus its summary and press Enter, as a keyboard user does."""
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        page.locator("summary", has_text=summary).focus()
        page.keyboard.press("Enter")
    details.locator("button[type=submit]").wait_for(state="visible")


def sign_in_page(page, base: str, username: str, checker: Checker | None = None) -> None:
    """Sign in to the werkplek in the browser: password, then the authenticator code."""
    from django.contrib.auth import get_user_model

    page.goto(f"{base}/werkplek/inloggen/")
    if checker:
        checker.check(page, "inloggen", screenshot=True)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/inloggen/code/")
    if checker:
        checker.check(page, "code")
    page.get_by_label("Code uit uw authenticator-app").fill(
        current_code(get_user_model().objects.get(username=username))
    )
    page.get_by_role("button", name="Inloggen").click()
