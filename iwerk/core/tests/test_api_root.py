"""GET /<api>/api/v1/ answers the links to the API's collections, as the reference does
(issue 25, ADR 0043): without a token, without a query, for the host the caller used."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from iwerk.core.api.docs import load_spec

pytestmark = pytest.mark.django_db

APIS = {
    "catalogi": "1.3.3",
    "autorisaties": "1.1.0",
    "zaken": "1.7.0",
    "documenten": "1.7.0",
    "besluiten": "1.1.0",
    "notificaties": "1.0.1",
    "referentielijsten": "0.6.0",
}


def _collections(api: str) -> list[str]:
    """The contract's top-level collections: paths of one segment without a parameter."""
    return [p[1:] for p in load_spec(f"iwerk.{api}")["paths"] if re.fullmatch(r"/[a-z_-]+", p)]


def _camel(name: str) -> str:
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)


@pytest.mark.parametrize("api", APIS)
def test_every_api_root_answers_the_links_of_the_collections_in_its_contract(api):
    response = Client().get(f"/{api}/api/v1/")  # no token: the reference asks none either
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert response["API-version"] == APIS[api]
    expected = {
        _camel(name): f"http://testserver/{api}/api/v1/{name}" for name in _collections(api)
    }
    assert expected  # the contract names collections
    assert response.json() == expected


def test_the_zaken_root_has_the_keys_open_zaak_renders():
    # Open Zaak's renderer writes the router's prefixes in camelCase; the URLs keep the path.
    links = Client().get("/zaken/api/v1/").json()
    assert links["zaken"] == "http://testserver/zaken/api/v1/zaken"
    assert links["zaaknummerReserveren"] == "http://testserver/zaken/api/v1/zaaknummer_reserveren"
    assert "audittrail" not in links and "_zoek" not in links  # nested and search: not collections


@pytest.mark.parametrize("api", APIS)
def test_every_link_of_a_root_leads_to_its_collection(api, superuser_client):
    anonymous = Client()
    for key, url in Client().get(f"/{api}/api/v1/").json().items():
        path = url.removeprefix("http://testserver")
        response = superuser_client.get(path, HTTP_ACCEPT_CRS="EPSG:4326")  # zaken asks it
        # A collection that is only created (zaaknummer_reserveren, notificaties) answers GET
        # with 405 and names POST; every other one lists.
        assert response.status_code in (200, 405), (key, response.status_code, response.content)
        if response.status_code == 405:
            assert "POST" in response["Allow"], key
        if api != "referentielijsten":  # public data; every other API asks a token
            refused = anonymous.get(path)
            assert refused.status_code in (403, 405), (key, refused.status_code)
            assert refused["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("api", APIS)
def test_an_api_root_costs_no_query(api, django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(0):
        first = client.get(f"/{api}/api/v1/")
        again = client.get(f"/{api}/api/v1/")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_to_an_api_root_is_a_problem_405(method):
    response = getattr(Client(), method)("/zaken/api/v1/", b"{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["status"] == 405


def test_head_and_options_answer_like_on_every_other_endpoint(superuser_client):
    client = Client()
    head = client.head("/zaken/api/v1/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == "application/json"
    root = client.options("/zaken/api/v1/")
    collection = superuser_client.http.options("/zaken/api/v1/zaken")
    assert root.status_code == collection.status_code == 405
    assert root["Content-Type"] == collection["Content-Type"] == "application/problem+json"


def test_links_follow_the_host_and_scheme_a_proxy_forwards(settings):
    settings.ALLOWED_HOSTS = ["testserver", "zaken.example.nl", "intern.example.nl"]
    settings.USE_X_FORWARDED_HOST = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    plain = client.get("/besluiten/api/v1/").json()
    outside = client.get(
        "/besluiten/api/v1/",
        HTTP_X_FORWARDED_HOST="zaken.example.nl",
        HTTP_X_FORWARDED_PROTO="https",
    ).json()
    inside = client.get("/besluiten/api/v1/", HTTP_HOST="intern.example.nl").json()
    # Each host gets its own links, also after another host's were cached.
    assert plain["besluiten"] == "http://testserver/besluiten/api/v1/besluiten"
    assert outside["besluiten"] == "https://zaken.example.nl/besluiten/api/v1/besluiten"
    assert inside["besluiten"] == "http://intern.example.nl/besluiten/api/v1/besluiten"


def test_a_host_outside_allowed_hosts_gets_no_links():
    response = Client().get("/zaken/api/v1/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
