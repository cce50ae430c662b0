"""Functioneel beheer (/admin/) in Debian's chromium: the beheerder signs in once with password and
authenticator code, then every app and every list and add page of the admin answers in Dutch.

Also the start page: every card leads somewhere. Screenshots of the start page, the admin sign-in
and its index go to docs/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from iwerk.core.testing.browser import (
    DESKTOP,
    Checker,
    needs_browser,
)
from iwerk.core.testing.medewerkers import current_code
from iwerk.medewerkers.demo import DEMO_TOTP_KEY

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_browser,
]

WACHTWOORD = "beheer-wachtwoord-2026"

# What the admin showed in English before: django-otp's sign-in, Django 5.2's new admin texts
# that its Dutch translation lacks, django-axes' and django-otp's models, Django's permissions.
ENGLISH = [
    "Please select a device",
    "Please enter your OTP token",
    "Invalid token",
    "OTP Token",
    "OTP Device",
    "Add",
    "Model name",
    "Add link",
    "Change or view list link",
    "Axes",
    "Access attempts",
    "Access failures",
    "Access logs",
    "access attempt",
    "access failure",
    "access log",
    "Attempt Time",
    "User Agent",
    "IP Address",
    "Failed Logins",
    "Logout Time",
    "Locked Out",
    "Clean up expired attempts",
    "Otp_Totp",
    "TOTP device",
    "TOTP devices",
    "Created at",
    "Last used at",
    "Confirmed",
    "Search by user",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Client id",
    "client ids",
    "Callback url",
    "Contact email",
    "Secret",
    "After you’ve created a user",
    "zaakidentificatiereekss",
]
_ENGLISH = re.compile("|".join(rf"(?<![\w-]){re.escape(s)}(?![\w-])" for s in ENGLISH))


def _english(page) -> list[str]:
    """The English strings a person reads or hears on the page, options of selects included."""
    text = page.inner_text("body") + "\n" + page.title()
    text += "\n".join(page.eval_on_selector_all("option", "els => els.map(e => e.textContent)"))
    return sorted(set(_ENGLISH.findall(text)))


@pytest.fixture
def beheerder(demo):
    user = get_user_model().objects.create_superuser("beheerder", "beheer@example.nl", WACHTWOORD)
    TOTPDevice.objects.create(
        user=user, name="Demo-authenticator", key=DEMO_TOTP_KEY.hex(), confirmed=True
    )
    return user


def test_the_beheerder_signs_in_once_and_the_admin_is_dutch(beheerder, live_server, browser):
    base = live_server.url
    checker = Checker(prefix="beheer")
    page = browser.new_context(viewport=DESKTOP, locale="nl-NL").new_page()

    page.goto(f"{base}/")
    Checker(prefix="iwerk").check(page, "start", screenshot=True)
    for name in ("Catalogusbeheer", "Functioneel beheer", "Portaal Deventer", "Werkplek"):
        href = page.get_by_role("link", name=name, exact=True).get_attribute("href")
        assert page.request.get(f"{base}{href}").status == 200, name

    page.goto(f"{base}/admin/")
    page.wait_for_url("**/admin/login/**")
    checker.check(page, "inloggen", screenshot=True)
    assert _english(page) == []
    # One attempt: user name, password and the code of the authenticator app together.
    page.locator("input[name=username]").fill("beheerder")
    page.locator("input[name=password]").fill(WACHTWOORD)
    page.locator("input[name=otp_token]").fill(current_code(beheerder))
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert errors == [] and page.url == f"{base}/admin/", (page.url, errors)
    checker.check(page, "index", screenshot=True)

    # Every app, every list and every add page the index and the app pages lead to.
    english: dict[str, list[str]] = {}
    seen: set[str] = set()
    todo = ["/admin/", f"/admin/auth/user/{beheerder.pk}/change/"]
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        if found := _english(page):
            english[path] = found
        if path == "/admin/" or re.fullmatch(r"/admin/\w+/", path):
            for href in page.locator("#content-main a[href]").evaluate_all(
                "els => els.map(e => e.getAttribute('href'))"
            ):
                if re.fullmatch(r"/admin/\w+/(\w+/(add/)?)?", href) and href not in seen:
                    todo.append(href)
    assert len(seen) > 40, sorted(seen)  # every app, list and add page
    assert english == {}
    assert not checker.problems, checker.problems
