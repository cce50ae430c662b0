"""Helpers for the browser tests (Debian's chromium via Playwright, axe-core on every page), and
the guard that keeps them on this machine (Netwerkwacht).

The `browser` fixture is in the root conftest. A browser test module marks itself with
`needs_browser`: it is skipped where Playwright or Debian's chromium is missing.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import re
import shutil
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from iwerk.core.testing.medewerkers import WACHTWOORD, current_code

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1366, "height": 900}
# Chromium resolves no name but loopback's: a request the guard did not stop still cannot leave.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

needs_browser = pytest.mark.skipif(
    importlib.util.find_spec("playwright") is None or not Path(CHROMIUM).exists(),
    reason="Playwright or Debian's chromium is not installed",
)


class Checker:
    """Runs axe on a page and remembers what it found, per page name."""

    def __init__(self, prefix: str = "werkplek"):
        from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]  # no stubs

        self.prefix = prefix
        self.axe = Axe()
        self.problems: dict[str, list[str]] = {}
        self.checked: list[str] = []

    def check(
        self, page: Page, name: str, screenshot: bool = False, width: str = "desktop"
    ) -> None:
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


def submit(page: Page, button: str) -> None:
    """Click a submit button and wait for the page it leads to (post, redirect, get)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def unfold(page: Page, summary: str) -> None:
    """Unfold an action: focus its summary and press Enter, as a keyboard user does."""
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        page.locator("summary", has_text=summary).focus()
        page.keyboard.press("Enter")
    details.locator("button[type=submit]").wait_for(state="visible")


def sign_in_page(page: Page, base: str, username: str, checker: Checker | None = None) -> None:
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


# --- No socket leaves 127.0.0.1 -----------------------------------------------------------------
# The demo works offline, and the browser tests show it: while one runs, every connection the
# Python process opens (the test, the live server, the register doubles) and every request the
# browser makes stays on this machine. Anything else is refused and recorded, and the test fails
# at teardown naming the address. Python: an audit hook (PEP 578) on the socket events. Chromium:
# a route under every context for URLs of other hosts; a test's own routes (a tile server it
# answers itself) come first, as Playwright runs the last registered route first.

_ANDERE_HOST = re.compile(
    r"^(?:https?|wss?)://(?!(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?(?:[/?#]|$))",
    re.IGNORECASE,
)
_LOKALE_NAMEN = frozenset({"localhost", "ip6-localhost", "ip6-loopback"})
_HOSTNAAM = socket.gethostname().lower()
_SOCKET_EVENTS = frozenset(
    {"socket.connect", "socket.sendto", "socket.getaddrinfo", "socket.gethostbyname"}
)
_ACTIEF: list[Netwerkwacht] = []  # the guard of the running test (one per process)
_HAAK_GEZET = False


def lokaal(host: object) -> bool:
    """Whether a host (name or address, as socket calls get it) is this machine: loopback, its
    own name (resolved from /etc/hosts), or the unspecified address of a bind."""
    if host is None:
        return True
    naam = (host.decode(errors="replace") if isinstance(host, bytes) else str(host)).lower()
    naam = naam.strip("[]").split("%", 1)[0]
    if naam in _LOKALE_NAMEN or naam.endswith(".localhost") or naam == _HOSTNAAM:
        return True
    try:
        adres = ipaddress.ip_address(naam)
    except ValueError:
        return False
    if isinstance(adres, ipaddress.IPv6Address) and adres.ipv4_mapped is not None:
        return adres.ipv4_mapped.is_loopback
    return adres.is_loopback or adres.is_unspecified  # 0.0.0.0: a bind, or this machine


def _buiten(event: str, args: tuple) -> str | None:
    """The outside address a socket event goes to, or None when it stays on this machine."""
    if event in ("socket.connect", "socket.sendto"):
        sock, adres = args[0], args[-1]
        if getattr(sock, "family", None) == getattr(socket, "AF_UNIX", None):
            return None
        if isinstance(adres, tuple) and adres:
            return None if lokaal(adres[0]) else f"{adres[0]}:{adres[1]}"
        return None
    host = args[0] if args else None
    if lokaal(host) or host == "":
        return None
    return f"{host}:{args[1]}" if event == "socket.getaddrinfo" and args[1] else str(host)


def _haak(event: str, args: tuple) -> None:
    if event not in _SOCKET_EVENTS or not _ACTIEF:
        return
    adres = _buiten(event, args)
    if adres is None:
        return
    _ACTIEF[-1].noteer(adres)
    if event == "socket.getaddrinfo" or event == "socket.gethostbyname":
        raise socket.gaierror(socket.EAI_NONAME, f"netwerkwacht: {adres} is buiten deze machine")
    raise ConnectionRefusedError(f"netwerkwacht: {adres} is buiten deze machine")


class Netwerkwacht:
    """Refuses and records every connection out of 127.0.0.1 while it is active (a `with`
    block), in this process and, once `bewaak`ed, in a Playwright browser's contexts."""

    def __init__(self) -> None:
        self.adressen: list[str] = []

    def __enter__(self) -> Netwerkwacht:
        global _HAAK_GEZET
        if not _HAAK_GEZET:  # an audit hook cannot be removed: one for the whole process
            sys.addaudithook(_haak)
            _HAAK_GEZET = True
        _ACTIEF.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _ACTIEF.remove(self)

    def noteer(self, adres: str) -> None:
        if adres not in self.adressen:
            self.adressen.append(adres)

    def bewaak(self, browser: Browser) -> None:
        """Every context (and page) the browser makes from now on gets the route that refuses
        and records requests to other hosts."""
        nieuwe_context, nieuwe_pagina = browser.new_context, browser.new_page

        def new_context(*args: Any, **kwargs: Any) -> BrowserContext:
            context = nieuwe_context(*args, **kwargs)
            self.routeer(context)
            return context

        def new_page(*args: Any, **kwargs: Any) -> Page:
            page = nieuwe_pagina(*args, **kwargs)
            self.routeer(page.context)
            return page

        setattr(browser, "new_context", new_context)  # noqa: B010 (a method of the instance)
        setattr(browser, "new_page", new_page)  # noqa: B010

    def routeer(self, context: BrowserContext) -> None:
        def weigeren(route: Route) -> None:
            self.noteer(route.request.url)
            route.abort("blockedbyclient")

        context.route(_ANDERE_HOST, weigeren)

    def controleer(self) -> None:
        """Fails (AssertionError) naming every address outside 127.0.0.1 that was tried."""
        if self.adressen:
            raise AssertionError(
                "Verbinding buiten 127.0.0.1 tijdens een browsertest (de demo moet offline "
                "werken): " + ", ".join(self.adressen)
            )
