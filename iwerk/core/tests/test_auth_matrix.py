"""Authentication and authorisation outcomes on a ZGW endpoint: status + Problem JSON."""

import time

import jwt
import pytest
from django.test import Client, override_settings

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import ApiClient, make_token, register_client

pytestmark = pytest.mark.django_db
URL = "/catalogi/api/v1/zaaktypen"
SECRET = "test-secret-of-at-least-32-bytes-long"


@pytest.fixture
def reader(tenant):
    return register_client(
        "lezer",
        autorisaties=[{"component": "ztc", "scopes": ["catalogi.lezen"]}],
        gemeenten=[tenant],
    )


def call(token: str | None, url: str = URL):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(url, **headers)


def assert_problem(response, status: int, code: str):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["title"] and body["detail"] and body["instance"]


def test_no_token(reader):
    assert_problem(call(None), 403, "not_authenticated")


def test_not_a_jwt(reader):
    assert_problem(call("dit-is-geen-token"), 403, "not_authenticated")


def test_bad_signature(reader):
    assert_problem(
        call(make_token("lezer", "een-ander-geheim-van-voldoende-lengte!")),
        403,
        "jwt-invalid-signature",
    )


def test_unknown_client(reader):
    assert_problem(call(make_token("niemand", SECRET)), 403, "unknown-client")


def test_expired_token(reader):
    assert_problem(
        call(make_token("lezer", SECRET, iat=time.time() - 3600 - 301)), 403, "jwt-expired"
    )


def test_token_with_exp_in_the_past(reader):
    token = make_token("lezer", SECRET, exp=int(time.time()) - 600)
    assert_problem(call(token), 403, "jwt-expired")


def test_iat_in_the_future_beyond_leeway(reader):
    assert_problem(call(make_token("lezer", SECRET, iat=time.time() + 330)), 403, "jwt-immature")


def test_clock_drift_within_leeway_is_accepted(reader):
    assert call(make_token("lezer", SECRET, iat=time.time() + 240)).status_code == 200
    assert call(make_token("lezer", SECRET, iat=time.time() - 3600 - 240)).status_code == 200


@override_settings(IWERK_JWT_EXPIRY=60, IWERK_JWT_LEEWAY=0)
def test_expiry_and_leeway_are_configurable(reader):
    assert_problem(call(make_token("lezer", SECRET, iat=time.time() - 61)), 403, "jwt-expired")


def test_missing_iat(reader):
    token = jwt.encode({"client_id": "lezer"}, SECRET, algorithm="HS256")
    assert_problem(call(token), 403, "jwt-missing-iat")


def test_client_id_falls_back_to_iss(reader):
    token = jwt.encode({"iss": "lezer", "iat": int(time.time())}, SECRET, algorithm="HS256")
    assert call(token).status_code == 200


def test_other_algorithm_is_refused(reader):
    token = jwt.encode(
        {"client_id": "lezer", "iat": int(time.time())}, SECRET * 2, algorithm="HS512"
    )
    assert_problem(call(token), 403, "jwt-invalid")


def test_wrong_scope(reader, catalogus):
    response = reader.post(URL, {})
    assert_problem(response, 403, "permission_denied")


def test_secret_without_applicatie_may_do_nothing(db):
    from iwerk.autorisaties.models import JWTSecret

    JWTSecret.objects.create(client_id="los", secret=SECRET)
    assert_problem(ApiClient("los", SECRET).get(URL), 403, "permission_denied")


def test_zaaktype_of_another_gemeente(reader, other_catalogus):
    foreign = build.zaaktype(other_catalogus)
    assert_problem(reader.get(f"{URL}/{foreign.uuid}"), 403, "permission_denied")
    assert reader.get(URL).json()["count"] == 0


def test_documenten_and_zaken_scopes_read_catalogi(tenant):
    """ztc-014: zaken.lezen and documenten.lezen count as catalogi.lezen."""
    zaken = register_client(
        "zrc",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen"],
                "zaaktype": "http://testserver/x",
                "max_vertrouwelijkheidaanduiding": "openbaar",
            }
        ],
        gemeenten=[tenant],
    )
    assert zaken.get(URL).status_code == 200


def test_referentielijsten_need_no_token(db):
    assert Client().get("/referentielijsten/api/v1/procestypen").status_code == 200
