"""Issue 22.6: one rule (and one message) for every JWT secret, wherever it is set."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command

from iwerk.autorisaties.models import JWTSecret
from iwerk.autorisaties.services import register_client, set_secret
from iwerk.core.models import Gemeente
from iwerk.core.validators import GEHEIM_TE_KORT, check_secret

pytestmark = pytest.mark.django_db

KORT = "a" * 31
LANG = "b" * 32
TE_KORT = re.escape(GEHEIM_TE_KORT)


def test_the_rule_itself():
    check_secret(LANG)
    for kort in ("", KORT, "kort"):
        with pytest.raises(ValueError, match=TE_KORT):
            check_secret(kort)


def test_create_applicatie_and_jwt_geheim_share_the_rule_and_message():
    with pytest.raises(CommandError, match=TE_KORT):
        call_command("create-applicatie", "--client-id", "app", "--alle-autorisaties",
                     "--secret", KORT)  # fmt: skip
    call_command("create-applicatie", "--client-id", "app", "--alle-autorisaties", "--secret", LANG)
    with pytest.raises(CommandError, match=TE_KORT):
        call_command("jwt-geheim", "--client-id", "app", "--secret", KORT)
    assert JWTSecret.objects.get(client_id="app").secret == LANG


def test_the_services_refuse_a_short_secret():
    with pytest.raises(ValueError, match=TE_KORT):
        register_client(client_id="app", secret=KORT, alle_autorisaties=True)
    assert not JWTSecret.objects.exists()
    register_client(client_id="app", secret=LANG, alle_autorisaties=True)
    with pytest.raises(ValueError, match=TE_KORT):
        set_secret(client_id="app", secret=KORT)


def test_a_short_demo_secret_is_refused_before_anything_is_loaded(settings):
    settings.DEMO_MODE = True
    settings.IWERK_DEMO_SECRET = KORT
    with pytest.raises(CommandError, match=re.escape(f"IWERK_DEMO_SECRET: {GEHEIM_TE_KORT}")):
        call_command("load_demo")
    assert not Gemeente.objects.exists() and not JWTSecret.objects.exists()


def test_the_admin_refuses_a_short_secret(client, django_user_model):
    from iwerk.core.testing.beheer import verified_client

    user = django_user_model.objects.create_superuser("b", "b@example.nl", "een-lang-wachtwoord-26")
    beheerder = verified_client(client, user)
    url = "/admin/autorisaties/jwtsecret/add/"
    page = beheerder.post(url, {"client_id": "app", "secret": KORT}).content.decode()
    assert GEHEIM_TE_KORT in page and not JWTSecret.objects.exists()
    assert beheerder.post(url, {"client_id": "app", "secret": LANG}).status_code == 302
    assert JWTSecret.objects.get(client_id="app").secret == LANG
