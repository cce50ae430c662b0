"""Signing in to the werkplek: password and TOTP, enrolment, lockout, timeout, gemeente switch."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from iwerk.core.testing.medewerkers import WACHTWOORD, current_code, demo_medewerker, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staf(gemeenten, werkplek_settings):
    """The demo accounts these tests sign in with, in the demo's three gemeenten."""
    for username in (
        "jdevries",
        "mbakker",
        "syilmaz",
        "kvisser",
        "avandenberg",
        "rmeijer",
        "manager",
    ):
        demo_medewerker(gemeenten, username)


def test_password_alone_does_not_open_the_werkplek(gemeenten):
    client = Client()
    response = client.post("/werkplek/inloggen/", {"username": "jdevries", "password": WACHTWOORD})
    assert response["Location"] == "/werkplek/inloggen/code/"
    response = client.get("/werkplek/")
    assert response.status_code == 302
    assert response["Location"].startswith("/werkplek/inloggen/")


def test_password_and_code_open_the_werkplek(gemeenten):
    client = sign_in("jdevries")
    response = client.get("/werkplek/")
    assert response.status_code == 200
    assert "Werkvoorraad" in response.content.decode()
    assert "Deventer" in response.content.decode()


def test_wrong_password_shows_a_dutch_error_and_keeps_the_username(gemeenten):
    response = Client().post("/werkplek/inloggen/", {"username": "jdevries", "password": "fout"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Deze combinatie van gebruikersnaam en wachtwoord is onbekend." in body
    assert 'value="jdevries"' in body


def test_repeated_wrong_codes_lock_the_account_even_for_the_right_code(gemeenten, settings):
    client = Client()
    client.post("/werkplek/inloggen/", {"username": "mbakker", "password": WACHTWOORD})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/werkplek/inloggen/code/", {"code": "000000"})
    assert response.status_code == 429
    user = get_user_model().objects.get(username="mbakker")
    response = client.post("/werkplek/inloggen/code/", {"code": current_code(user)})
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    # The password step is locked too, from any browser.
    response = Client().post("/werkplek/inloggen/", {"username": "mbakker", "password": WACHTWOORD})
    assert response.status_code == 429


def test_repeated_wrong_passwords_lock_the_account(gemeenten, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/werkplek/inloggen/", {"username": "syilmaz", "password": "fout"})
    response = Client().post("/werkplek/inloggen/", {"username": "syilmaz", "password": WACHTWOORD})
    assert response.status_code == 429


def test_first_sign_in_enrols_an_authenticator_app(gemeenten):
    user = get_user_model().objects.create_user("nieuw", password="Een-lang-wachtwoord-2026")
    from iwerk.medewerkers.models import Roltoewijzing

    Roltoewijzing.objects.create(gebruiker=user, gemeente=gemeenten["raalte"], rol="behandelaar")
    client = Client()
    response = client.post(
        "/werkplek/inloggen/", {"username": "nieuw", "password": "Een-lang-wachtwoord-2026"}
    )
    assert response["Location"] == "/werkplek/inloggen/koppelen/"
    page = client.get("/werkplek/inloggen/koppelen/").content.decode()
    assert "<svg" in page and "Sleutel" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/werkplek/inloggen/koppelen/", {"code": "123456"})
    assert response.status_code == 400
    assert "klopt niet" in response.content.decode()
    code = f"{TOTP(device.bin_key).token():06d}"
    response = client.post("/werkplek/inloggen/koppelen/", {"code": code})
    assert response["Location"] == "/werkplek/"
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/werkplek/").status_code == 200


def test_a_code_cannot_be_used_twice(gemeenten):
    user = get_user_model().objects.get(username="kvisser")
    code = current_code(user)
    first = Client()
    first.post("/werkplek/inloggen/", {"username": "kvisser", "password": WACHTWOORD})
    assert first.post("/werkplek/inloggen/code/", {"code": code}).status_code == 302
    second = Client()
    second.post("/werkplek/inloggen/", {"username": "kvisser", "password": WACHTWOORD})
    assert second.post("/werkplek/inloggen/code/", {"code": code}).status_code == 400


def test_idle_session_is_signed_out(gemeenten, settings):
    client = sign_in("rmeijer")
    session = client.session
    session["iwerk_laatst_actief"] = int(time.time()) - settings.IWERK_WERKPLEK_INACTIEF - 5
    session.save()
    response = client.get("/werkplek/")
    assert response.status_code == 302
    assert response["Location"] == "/werkplek/inloggen/"
    assert client.get("/werkplek/").status_code == 302  # really signed out


def test_staff_of_several_gemeenten_switch_explicitly(gemeenten):
    client = sign_in("avandenberg")
    response = client.get("/werkplek/")
    assert response.status_code == 302
    assert response["Location"].startswith("/werkplek/gemeente/")
    page = client.get(response["Location"]).content.decode()
    assert (
        f'value="{gemeenten["olst-wijhe"].pk}"' in page
        and f'value="{gemeenten["raalte"].pk}"' in page
    )
    assert f'value="{gemeenten["deventer"].pk}"' not in page
    client.post("/werkplek/gemeente/", {"gemeente": gemeenten["raalte"].pk, "next": "/werkplek/"})
    assert "· Raalte" in client.get("/werkplek/").content.decode()
    # A gemeente without a role cannot be chosen.
    client.post("/werkplek/gemeente/", {"gemeente": gemeenten["deventer"].pk})
    assert "· Raalte" in client.get("/werkplek/").content.decode()


def test_management_sees_no_individual_zaken(gemeenten):
    client = sign_in("manager")
    client.post("/werkplek/gemeente/", {"gemeente": gemeenten["deventer"].pk})
    # Management starts on its dashboard; the werkvoorraad and search stay closed.
    response = client.get("/werkplek/")
    assert response.status_code == 302 and response.url == "/werkplek/sturing/"
    assert client.get("/werkplek/zoeken/?q=ZAAK").status_code == 403
    assert client.get("/werkplek/zaken/nieuw/").status_code == 403


def test_sign_out(gemeenten):
    client = sign_in("jdevries")
    client.post("/werkplek/uitloggen/")
    assert client.get("/werkplek/").status_code == 302


def test_functioneel_beheer_gives_a_role_and_the_werkplek_follows_at_once(gemeenten, admin_user):
    from iwerk.core.testing.beheer import verified_client
    from iwerk.medewerkers.models import Roltoewijzing

    admin_client = verified_client(Client(), admin_user)
    user = get_user_model().objects.get(username="rmeijer")
    client = sign_in("rmeijer")
    assert client.get("/werkplek/").status_code == 200
    response = admin_client.post(
        "/admin/medewerkers/roltoewijzing/add/",
        {
            "gebruiker": user.pk,
            "gemeente": gemeenten["olst-wijhe"].pk,
            "rol": "behandelaar",
            "max_vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
        },
    )
    assert response.status_code == 302
    assert Roltoewijzing.objects.filter(gebruiker=user, gemeente=gemeenten["olst-wijhe"]).exists()
    # Two gemeenten now: the cached context is renewed and the switch offers Olst-Wijhe.
    page = client.get("/werkplek/gemeente/").content.decode()
    assert f'value="{gemeenten["olst-wijhe"].pk}"' in page


def test_the_admin_asks_for_the_second_factor_too(gemeenten, admin_user):
    client = Client()
    client.force_login(admin_user)  # password only
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    page = client.get("/admin/login/").content.decode()
    assert 'name="otp_token"' in page
