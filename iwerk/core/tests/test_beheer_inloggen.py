"""Signing in to functioneel beheer (/admin/): password and authenticator code in one step, Dutch
errors, the same lockout as the werkplek; and the admin's own texts in Dutch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from iwerk.core.admin import permissie_label
from iwerk.core.testing.medewerkers import current_code
from iwerk.medewerkers.demo import DEMO_TOTP_KEY

pytestmark = pytest.mark.django_db

WACHTWOORD = "beheer-wachtwoord-2026"
LOCALE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES"


@pytest.fixture
def beheerder(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # codes are tried back to back
    user = get_user_model().objects.create_superuser("beheerder", "b@example.nl", WACHTWOORD)
    TOTPDevice.objects.create(user=user, name="app", key=DEMO_TOTP_KEY.hex(), confirmed=True)
    return user


def _inloggen(client: Client, code: str, wachtwoord: str = WACHTWOORD, username="beheerder"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": wachtwoord, "otp_token": code, "next": "/admin/"},
    )


def test_password_and_code_sign_in_at_the_first_attempt(beheerder):
    client = Client()
    response = _inloggen(client, current_code(beheerder))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_sign_in_page_asks_for_the_code_in_dutch(beheerder):
    page = Client().get("/admin/login/").content.decode()
    assert 'name="otp_token"' in page and "Code uit uw authenticator-app" in page
    assert "otp_device" not in page and "OTP" not in page


@pytest.mark.parametrize(
    ("code", "wachtwoord", "fout"),
    [
        ("", WACHTWOORD, "Vul de code uit uw authenticator-app in."),
        ("12ab", WACHTWOORD, "Vul de zes cijfers uit uw authenticator-app in."),
        ("000000", WACHTWOORD, "Deze code klopt niet of is verlopen."),
        ("000000", "fout-wachtwoord", "Voer de correcte gebruikersnaam en wachtwoord"),
    ],
    ids=["geen-code", "geen-zes-cijfers", "foute-code", "fout-wachtwoord"],
)
def test_a_failed_sign_in_says_why_in_dutch(beheerder, code, wachtwoord, fout):
    client = Client()
    response = _inloggen(client, code, wachtwoord)
    body = response.content.decode()
    assert response.status_code == 200 and fout in body
    assert "Please" not in body and "select a device" not in body
    assert client.get("/admin/").status_code == 302


def test_without_a_linked_app_the_beheerder_is_sent_to_the_werkplek(beheerder):
    TOTPDevice.objects.filter(user=beheerder).delete()
    body = _inloggen(Client(), "123456").content.decode()
    assert "nog geen authenticator-app gekoppeld" in body and "/werkplek/" in body


def test_wrong_codes_lock_the_account_like_wrong_passwords(beheerder, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _inloggen(client, "000000")
    assert response.status_code == 429
    # Locked: the right password and code are refused too, in the admin and in the werkplek.
    assert _inloggen(Client(), current_code(beheerder)).status_code == 429
    response = Client().post(
        "/werkplek/inloggen/", {"username": "beheerder", "password": WACHTWOORD}
    )
    assert response.status_code == 429


def test_a_code_is_accepted_once(beheerder):
    code = current_code(beheerder)
    assert _inloggen(Client(), code).status_code == 302
    response = _inloggen(Client(), code)
    assert response.status_code == 200 and "Deze code klopt niet" in response.content.decode()


def test_permissions_read_in_dutch(db):
    permissie = Permission.objects.get(codename="change_gemeente")
    assert permissie_label(permissie) == "Basis | gemeente | wijzigen"
    assert permissie_label(Permission.objects.get(codename="view_authenticator")).endswith(
        "| authenticator-app | inzien"
    )


def test_every_translation_in_the_catalogue_is_compiled():
    """iwerk/locale's .mo files say what their .po files say (msgfmt was run after a change)."""
    for domein in ("django", "djangojs"):
        po = (LOCALE / f"{domein}.po").read_text()
        entries = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', po, flags=re.MULTILINE)
        assert entries
        catalogus = translation.trans_real.DjangoTranslation("nl", domain=domein)
        for msgid, msgstr in entries:
            msgid = msgid.replace('\\"', '"')
            assert catalogus.gettext(msgid) == msgstr.replace('\\"', '"'), msgid
