"""The cache of verified JWTs (core.api.tokens, ADR 0042): used, and never wrong."""

import time
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from django.test import Client, override_settings

from iwerk.autorisaties import services
from iwerk.autorisaties.models import Applicatie
from iwerk.core.api import tokens
from iwerk.core.api.actor import Actor
from iwerk.core.testing.api import make_token, register_client

pytestmark = pytest.mark.django_db
URL = "/catalogi/api/v1/zaaktypen"
SECRET = "test-secret-of-at-least-32-bytes-long"
NEW_SECRET = "a-new-secret-of-at-least-32-bytes-long"
T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _empty_token_cache():
    tokens.verified_tokens.clear()
    yield
    tokens.verified_tokens.clear()


@pytest.fixture
def reader(tenant):
    return register_client(
        "lezer",
        autorisaties=[{"component": "ztc", "scopes": ["catalogi.lezen"]}],
        gemeenten=[tenant],
    )


@pytest.fixture
def decodes(monkeypatch):
    """Every jwt.decode the token module does (signature checked or not)."""
    calls: list[bool] = []
    decode = jwt.decode

    def counting(*args, **kwargs):
        calls.append(bool(args[1:] or kwargs.get("key")))
        return decode(*args, **kwargs)

    monkeypatch.setattr(tokens.jwt, "decode", counting)
    return calls


def call(token: str):
    return Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")


def code_of(response) -> str:
    assert response.status_code == 403, response.content
    return response.json()["code"]


def test_a_token_seen_before_is_not_decoded_again(reader, decodes):
    token = make_token("lezer", SECRET)
    assert call(token).status_code == 200
    assert len(decodes) == 2  # its client_id, then the signature
    assert call(token).status_code == 200
    assert call(token).status_code == 200
    assert len(decodes) == 2


def test_a_rotated_secret_refuses_the_cached_token_at_once(reader):
    token = make_token("lezer", SECRET)
    assert call(token).status_code == 200
    services.set_secret(client_id="lezer", secret=NEW_SECRET)
    assert code_of(call(token)) == "jwt-invalid-signature"
    assert call(make_token("lezer", NEW_SECRET)).status_code == 200
    assert code_of(call(token)) == "jwt-invalid-signature"


def test_a_removed_applicatie_refuses_the_cached_token_at_once(reader):
    token = make_token("lezer", SECRET)
    assert call(token).status_code == 200
    beheerder = Actor(
        client_id="beheer", applicatie_uuid=None, applicatie_label="", heeft_alle_autorisaties=True
    )
    applicatie = Applicatie.objects.get(clients__client_id="lezer")
    services.delete_applicatie(actor=beheerder, applicatie=applicatie)
    assert code_of(call(token)) == "permission_denied"  # its secret remains, and may do nothing


def test_withdrawn_autorisaties_apply_to_the_cached_token_at_once(reader):
    token = make_token("lezer", SECRET)
    assert call(token).status_code == 200
    applicatie = Applicatie.objects.get(clients__client_id="lezer")
    applicatie.autorisaties.all().delete()  # each delete bumps the autorisatie generation
    assert code_of(call(token)) == "permission_denied"


def test_a_cached_token_expires_on_time(reader, time_machine, settings):
    time_machine.move_to(T0, tick=False)
    token = make_token("lezer", SECRET)
    assert call(token).status_code == 200
    lifetime = settings.IWERK_JWT_EXPIRY + settings.IWERK_JWT_LEEWAY
    time_machine.move_to(T0 + timedelta(seconds=lifetime), tick=False)
    assert call(token).status_code == 200
    time_machine.move_to(T0 + timedelta(seconds=lifetime + 1), tick=False)
    assert code_of(call(token)) == "jwt-expired"


def test_a_cached_token_with_exp_expires_at_exp(reader, time_machine, settings):
    time_machine.move_to(T0, tick=False)
    token = make_token("lezer", SECRET, exp=int(T0.timestamp()) + 60)
    assert call(token).status_code == 200
    time_machine.move_to(T0 + timedelta(seconds=60 + settings.IWERK_JWT_LEEWAY - 1), tick=False)
    assert call(token).status_code == 200
    time_machine.move_to(T0 + timedelta(seconds=60 + settings.IWERK_JWT_LEEWAY), tick=False)
    assert code_of(call(token)) == "jwt-expired"


def test_a_smaller_leeway_applies_to_a_cached_token(reader):
    token = make_token("lezer", SECRET, iat=time.time() + 120)  # a client clock 2 minutes ahead
    assert call(token).status_code == 200
    with override_settings(IWERK_JWT_LEEWAY=60):
        assert code_of(call(token)) == "jwt-immature"
    not_yet = make_token("lezer", SECRET, nbf=int(time.time()) + 120)
    assert call(not_yet).status_code == 200
    with override_settings(IWERK_JWT_LEEWAY=60):
        assert code_of(call(not_yet)) == "jwt-invalid"
    with override_settings(IWERK_JWT_EXPIRY=60, IWERK_JWT_LEEWAY=0):
        assert code_of(call(make_token("lezer", SECRET, iat=time.time() - 61))) == "jwt-expired"


def test_a_token_with_another_signature_is_checked_in_full(reader):
    token = make_token("lezer", SECRET)
    assert call(token).status_code == 200
    header, payload, _ = token.split(".")
    forged = jwt.encode(jwt.decode(token, options={"verify_signature": False}), "x" * 40)
    assert forged.split(".")[:2] == [header, payload]
    assert code_of(call(forged)) == "jwt-invalid-signature"
    assert call(token).status_code == 200


def test_refused_tokens_are_not_remembered(reader):
    assert code_of(call(make_token("lezer", "een-ander-geheim-van-voldoende-lengte!"))) == (
        "jwt-invalid-signature"
    )
    assert code_of(call("dit-is-geen-token")) == "not_authenticated"
    assert len(tokens.verified_tokens) == 0


def test_the_cache_is_bounded_and_drops_the_least_recently_used():
    cache = tokens._VerifiedTokens(size=2)
    for name in ("a", "b"):
        cache.put(name, tokens._Verified(name, SECRET, {"iat": 1}))
    assert cache.get("a") is not None  # a is now the most recently used
    cache.put("c", tokens._Verified("c", SECRET, {"iat": 1}))
    assert cache.get("b") is None
    assert cache.get("a") is not None and cache.get("c") is not None
    cache.put("x" * (tokens.CACHE_MAX_TOKEN + 1), tokens._Verified("x", SECRET, {}))
    assert len(cache) == 2


def test_returned_claims_do_not_change_the_cache(reader):
    token = make_token("lezer", SECRET)
    claims = tokens.verify(token, SECRET)
    claims["user_id"] = "iemand anders"
    assert tokens.verify(token, SECRET)["user_id"] == "tester"
