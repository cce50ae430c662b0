"""The demo world, small: three gemeenten, their catalogi, a few zaken each, every demo role."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from iwerk.besluiten.demo import load_dossiers
from iwerk.catalogi.demo import load_catalogus
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.medewerkers.demo import DEMO_TOTP_KEY, DEMO_WACHTWOORD, behandelaars, load_medewerkers
from iwerk.zaken.demo import load_zaken


@pytest.fixture
def demo(db, settings, tmp_path):
    # Hashing a dozen demo passwords with the production hasher costs seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # django-otp slows down guessing after a wrong code; tests try codes back to back.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "documenten": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documenten")},
        },
    }
    gemeenten = {g.slug: g for g in load_gemeenten()}
    for gemeente in gemeenten.values():
        load_catalogus(gemeente, "http://testserver")
        load_zaken(gemeente, per_zaaktype=4, medewerkers=behandelaars(gemeente.slug))
        load_dossiers(gemeente)
    load_medewerkers(list(gemeenten.values()))
    return gemeenten


def current_code(user) -> str:
    """The next valid TOTP code for user: django-otp refuses a code twice, so step past the last one."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t is not None and totp.t() <= device.last_t:
        device.last_t = totp.t() - 1  # tests sign in faster than codes change
        device.save(update_fields=["last_t"])
    return f"{totp.token():0{device.digits}d}"


def sign_in(username: str, client: Client | None = None) -> Client:
    from django.contrib.auth import get_user_model

    client = client or Client()
    response = client.post(
        "/werkplek/inloggen/", {"username": username, "password": DEMO_WACHTWOORD}
    )
    assert response.status_code == 302, response.content[:500]
    user = get_user_model().objects.get(username=username)
    response = client.post("/werkplek/inloggen/code/", {"code": current_code(user)})
    assert response.status_code == 302 and response["Location"] == "/werkplek/"
    return client


@pytest.fixture
def login():
    return sign_in


def totp_for_key(key: bytes) -> str:
    return f"{TOTP(key).token():06d}"


DEMO_KEY = DEMO_TOTP_KEY


def _account_met_rol(gemeente, rol: str = "behandelaar", username: str = "fuzz") -> Client:
    """A signed-in client of one new account with one role, without the demo world."""
    from django.contrib.auth import get_user_model

    from iwerk.medewerkers.models import Roltoewijzing

    user = get_user_model().objects.create_user(username, password=DEMO_WACHTWOORD)
    Roltoewijzing.objects.create(gebruiker=user, gemeente=gemeente, rol=rol)
    TOTPDevice.objects.create(user=user, name="test", key=DEMO_TOTP_KEY.hex(), confirmed=True)
    return sign_in(username)
