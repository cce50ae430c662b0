"""Builders for staff in tests: accounts with roles and a confirmed authenticator, and signing in.

An account built here signs in to the werkplek the way a demo account does (the demo password and
authenticator secret), so `sign_in(username)` works for both. Request the `werkplek_settings`
fixture (root conftest) in tests that sign in: it swaps the production password hasher for a fast
one and lets tests enter codes back to back.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from iwerk.core.models import Gemeente
from iwerk.medewerkers import services
from iwerk.medewerkers.demo import DEMO_TOTP_KEY, DEMO_WACHTWOORD, MEDEWERKERS
from iwerk.medewerkers.roles import Rol

WACHTWOORD = DEMO_WACHTWOORD


def medewerker(
    gemeente: Gemeente,
    username: str = "jdevries",
    rol: str = Rol.behandelaar,
    *,
    team: str | None = None,
    maximum: str = "zaakvertrouwelijk",
    voornaam: str = "",
    achternaam: str = "",
) -> User:
    """An account with rol in gemeente (in team, up to maximum) and a confirmed authenticator.

    Calling it again for the same username adds a role; the account itself is made once.
    """
    user, new = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": voornaam or username.title(),
            "last_name": achternaam or "Test",
            "email": f"{username}@iwerk.example.nl",
        },
    )
    if new:
        user.set_password(WACHTWOORD)
        user.save(update_fields=["password"])
        TOTPDevice.objects.create(
            user=user, name="Test-authenticator", key=DEMO_TOTP_KEY.hex(), confirmed=True
        )
    services.rol_toewijzen(
        user,
        gemeente,
        rol,
        team=services.team(gemeente, team) if team else None,
        maximum=maximum,
    )
    return user


def demo_medewerker(gemeenten: dict[str, Gemeente], username: str) -> User:
    """The demo account `username` (name, roles, teams, maxima as in medewerkers.demo), for the
    gemeenten given only; tests read like the demo without loading it."""
    for naam, voornaam, achternaam, rollen in MEDEWERKERS:
        if naam == username:
            user = None
            for slug, rol, team, maximum in rollen:
                if slug in gemeenten:
                    user = medewerker(
                        gemeenten[slug],
                        username,
                        rol,
                        team=team,
                        maximum=maximum,
                        voornaam=voornaam,
                        achternaam=achternaam,
                    )
            if user is None:
                raise ValueError(f"{username} has no role in {sorted(gemeenten)}")
            return user
    raise ValueError(f"no demo account {username}")


def current_code(user) -> str:
    """The next valid TOTP code for user: django-otp refuses a code twice, so step past the last one."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t is not None and totp.t() <= device.last_t:
        device.last_t = totp.t() - 1  # tests sign in faster than codes change
        device.save(update_fields=["last_t"])
    return f"{totp.token():0{device.digits}d}"


def sign_in(username: str, client: Client | None = None) -> Client:
    """A client signed in to the werkplek with password and authenticator code."""
    client = client or Client()
    response = client.post("/werkplek/inloggen/", {"username": username, "password": WACHTWOORD})
    assert response.status_code == 302, response.content[:500]
    user = get_user_model().objects.get(username=username)
    response = client.post("/werkplek/inloggen/code/", {"code": current_code(user)})
    assert response.status_code == 302 and response["Location"] == "/werkplek/"
    return client


def account_met_rol(gemeente: Gemeente, rol: str = "behandelaar", username: str = "fuzz") -> Client:
    """A signed-in client of one new account with one role."""
    medewerker(gemeente, username, rol)
    return sign_in(username)
