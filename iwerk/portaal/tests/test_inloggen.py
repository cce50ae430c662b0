"""Signing in with DigiD/eHerkenning: the real OpenID Connect flow against the test IdP, over HTTP."""

from __future__ import annotations

import re
import socket

import pytest
import requests
from django.http import JsonResponse
from django.test import Client
from joserfc.jwk import RSAKey

from iwerk.portaal import oidc, testidp
from iwerk.portaal.tests.conftest import SUZANNE, idp_formulier, ingelogd

pytestmark = pytest.mark.django_db(transaction=True)


def _form(page: str) -> dict:
    """The test IdP page's hidden fields (the authorization request it carries)."""
    return idp_formulier(page)


def _login(base: str, middel: str = "digid", niveau: str = "digid_midden", keuze: str = SUZANNE):
    session = requests.Session()
    start = session.get(
        f"{base}/deventer/inloggen/{middel}/",
        params={"niveau": niveau, "volgende": "/deventer/mijn-zaken/"},
        allow_redirects=False,
    )
    assert start.status_code == 302, start.text[:500]
    authorize = start.headers["Location"]
    page = session.get(authorize)
    assert page.status_code == 200 and "TEST-inlogvoorziening" in page.text
    answer = session.post(
        authorize.split("?")[0], data={**_form(page.text), "keuze": keuze}, allow_redirects=False
    )
    assert answer.status_code == 302, answer.text[:500]
    return session, authorize, answer.headers["Location"]


def test_a_citizen_signs_in_with_digid_through_the_test_idp(portaal, live_server):
    session, authorize, callback = _login(live_server.url)
    # Authorization code flow with PKCE, nonce, state and the assurance level asked for.
    for part in (
        "response_type=code",
        "code_challenge=",
        "code_challenge_method=S256",
        "nonce=",
        "state=",
    ):
        assert part in authorize
    assert (
        "acr_values=urn%3Aoasis%3Anames%3Atc%3ASAML%3A2.0%3Aac%3Aclasses%3AMobileTwoFactorContract"
        in authorize
    )
    assert callback.startswith(f"{live_server.url}/portaal/oidc/terug/?code=")
    landed = session.get(callback, allow_redirects=False)
    assert landed.status_code == 302 and landed.headers["Location"] == "/deventer/mijn-zaken/"
    page = session.get(f"{live_server.url}/deventer/mijn-zaken/")
    assert page.status_code == 200 and "Ingelogd met DigiD" in page.text
    assert "Suzanne Moulin" not in page.text  # a broker sends the BSN, no name
    assert page.headers["Cache-Control"] == "private, no-store"
    # The same callback a second time (replayed code, state used up) does not sign anyone in.
    replay = requests.get(callback, allow_redirects=False)
    assert replay.status_code == 400


def test_a_business_signs_in_with_eherkenning_and_gets_its_kvk_number(portaal, live_server):
    session, authorize, callback = _login(
        live_server.url, "eherkenning", "eherkenning_eh3", keuze="68750110"
    )
    assert "loa3" in authorize
    session.get(callback)
    page = session.get(f"{live_server.url}/deventer/mijn-zaken/").text
    assert "KvK-nummer 68750110" in page


def test_cancelling_or_tampering_signs_nobody_in(portaal, live_server):
    session = requests.Session()
    start = session.get(f"{live_server.url}/deventer/inloggen/digid/", allow_redirects=False)
    page = session.get(start.headers["Location"])
    cancelled = session.post(
        start.headers["Location"].split("?")[0],
        data={**_form(page.text), "annuleren": ""},
        allow_redirects=True,
    )
    assert cancelled.status_code == 400 and "afgebroken" in cancelled.text
    # A code for another session (state not in this session) is refused.
    _, _, callback = _login(live_server.url)
    other = requests.Session()
    other.get(f"{live_server.url}/deventer/inloggen/digid/", allow_redirects=False)
    assert other.get(callback, allow_redirects=False).status_code == 400
    assert "Ingelogd" not in other.get(f"{live_server.url}/deventer/").text


def test_a_sign_in_through_the_test_idp_opens_no_connection_to_this_server(portaal, monkeypatch):
    """`iwerk serve` runs one thread per worker: a request that fetched the test IdP's discovery
    document, keys or token from its own server would wait on itself. The browser side runs in
    process here too, so any socket connection at all is a self-call and fails the test."""
    verbindingen = []

    def geen_verbinding(sock, address):
        verbindingen.append(address)
        raise OSError("no connections in this test")

    monkeypatch.setattr(socket.socket, "connect", geen_verbinding)
    monkeypatch.setattr(socket.socket, "connect_ex", geen_verbinding)
    browser = Client()
    start = browser.get(
        "/deventer/inloggen/digid/", {"niveau": "digid_midden", "volgende": "/deventer/mijn-zaken/"}
    )
    assert start.status_code == 302, start.content.decode()[:500]
    authorize = start["Location"].removeprefix("http://testserver")
    page = browser.get(authorize).content.decode()
    answer = browser.post(authorize.split("?")[0], {**_form(page), "keuze": SUZANNE})
    assert answer.status_code == 302
    landed = browser.get(answer["Location"].removeprefix("http://testserver"))
    assert landed.status_code == 302 and landed["Location"] == "/deventer/mijn-zaken/"
    assert "Ingelogd met DigiD" in browser.get("/deventer/mijn-zaken/").content.decode()
    assert verbindingen == []


def test_an_id_token_signed_with_another_key_signs_nobody_in(portaal, monkeypatch):
    """The id_token must verify against the broker's published keys; one that does not is a
    failed sign-in on the portaal's own page, not a server error."""
    vreemd = RSAKey.generate_key(2048, parameters={"kid": testidp._sleutel().kid})
    views = {
        **oidc.InProcesTestIdp.VIEWS,
        "/testidp/jwks": lambda request: JsonResponse({"keys": [vreemd.as_dict(private=False)]}),
    }
    monkeypatch.setattr(oidc.InProcesTestIdp, "VIEWS", views)
    browser = Client()
    start = browser.get("/deventer/inloggen/digid/", {"niveau": "digid_midden"})
    authorize = start["Location"].removeprefix("http://testserver")
    page = browser.get(authorize).content.decode()
    answer = browser.post(authorize.split("?")[0], {**_form(page), "keuze": SUZANNE})
    landed = browser.get(answer["Location"].removeprefix("http://testserver"))
    assert landed.status_code == 400 and "Inloggen is niet gelukt" in landed.content.decode()
    assert "Ingelogd" not in browser.get("/deventer/").content.decode()


def test_the_oidc_clients_wait_a_bounded_time(portaal, settings, rf):
    """Authlib ignores a `timeout` client option; `default_timeout` is what reaches requests."""
    settings.IWERK_EXTERNAL_TIMEOUT = 7
    settings.IWERK_PORTAAL_OIDC = {
        **settings.IWERK_PORTAAL_OIDC,
        "eherkenning": {**settings.IWERK_PORTAAL_OIDC["eherkenning"],
                        "discovery": "https://broker.example/.well-known/openid-configuration"},
    }  # fmt: skip
    oidc._geconfigureerd.cache_clear()
    try:
        for middel in ("digid", "eherkenning"):  # the test IdP and a configured broker
            with oidc.client(rf.get("/"), middel)._get_session() as session:
                assert session.default_timeout == 7
    finally:
        oidc._geconfigureerd.cache_clear()


def test_the_token_endpoint_checks_client_code_and_pkce(portaal, live_server):
    _, authorize, callback = _login(live_server.url)
    code = re.search(r"code=([^&]+)", callback).group(1)
    redirect_uri = f"{live_server.url}/portaal/oidc/terug/"
    token_url = f"{live_server.url}/testidp/token"
    data = {
        "grant_type": "authorization_code",
        "code": requests.utils.unquote(code),
        "redirect_uri": redirect_uri,
    }
    wrong_secret = requests.post(token_url, data=data, auth=(testidp.CLIENT_ID, "fout"))
    assert wrong_secret.status_code == 401 and wrong_secret.json()["error"] == "invalid_client"
    auth = (testidp.CLIENT_ID, testidp.client_secret())
    no_verifier = requests.post(token_url, data=data, auth=auth)
    assert no_verifier.json()["error"] == "invalid_grant"  # PKCE: the verifier is required
    used = requests.post(token_url, data={**data, "code_verifier": "x" * 43}, auth=auth)
    assert used.json()["error"] == "invalid_grant"  # a code is used once, even a failed use


def test_the_redirect_must_return_to_this_installation(portaal, live_server):
    response = requests.get(
        f"{live_server.url}/testidp/authorize",
        params={
            "client_id": testidp.CLIENT_ID,
            "redirect_uri": "https://kwaadwillend.example/terug",
            "response_type": "code",
            "scope": "openid",
        },
        allow_redirects=False,
    )
    assert response.status_code == 400 and "Onbekende applicatie" in response.text


def test_a_configured_broker_is_used_instead_of_the_test_idp(portaal, live_server, settings):
    # The test IdP stands in for a real broker here: configured like one, by discovery URL.
    settings.IWERK_PORTAAL_OIDC = {
        **settings.IWERK_PORTAAL_OIDC,
        "digid": {
            "discovery": f"{live_server.url}/testidp/.well-known/openid-configuration",
            "client_id": testidp.CLIENT_ID,
            "client_secret": testidp.client_secret(),
            "claim": "bsn",
        },
    }
    oidc._geconfigureerd.cache_clear()
    try:
        session, _, callback = _login(live_server.url)
        session.get(callback)
        assert "Ingelogd met DigiD" in session.get(f"{live_server.url}/deventer/mijn-zaken/").text
    finally:
        oidc._geconfigureerd.cache_clear()


def test_outside_demo_mode_the_test_idp_refuses_and_login_needs_a_broker(portaal, settings):
    settings.IWERK_TESTIDP = False
    client = Client()
    for path in (
        "/testidp/.well-known/openid-configuration",
        "/testidp/jwks",
        f"/testidp/authorize?client_id={testidp.CLIENT_ID}",
    ):
        assert client.get(path).status_code == 404
    assert client.post("/testidp/token").status_code == 404
    response = client.get("/deventer/inloggen/digid/")
    assert response.status_code == 503 and "nog niet ingericht" in response.content.decode()


def test_a_sign_in_ends_after_inactivity_and_on_sign_out(portaal, settings, time_machine):
    settings.IWERK_PORTAAL_INACTIEF = 900
    time_machine.move_to("2026-11-02 10:00", tick=False)
    client = ingelogd()
    assert client.get("/deventer/mijn-zaken/").status_code == 200
    time_machine.move_to("2026-11-02 10:14", tick=False)
    assert client.get("/deventer/mijn-zaken/").status_code == 200  # activity extends it
    time_machine.move_to("2026-11-02 10:30", tick=False)
    assert client.get("/deventer/mijn-zaken/").status_code == 302
    client = ingelogd()
    assert client.post("/deventer/uitloggen/").status_code == 302
    assert client.get("/deventer/mijn-zaken/").status_code == 302


def test_the_test_idp_sends_what_a_broker_sends(settings):
    """The BSN or KvK-nummer only (with sub and acr from the token endpoint); name and address
    only when asked for, and a machtiging in the configured claims."""
    from django.http import QueryDict

    def claims(middel: str, **velden: str) -> dict:
        gekozen, fout = testidp._gekozen(middel, QueryDict(mutable=True) | velden)
        assert fout == "", fout
        return gekozen

    assert claims("digid", keuze=SUZANNE) == {"bsn": SUZANNE}
    assert claims("eherkenning", keuze="68750110") == {"kvk": "68750110"}
    assert claims("digid", keuze="999990056")["bsn"] == "999990056"  # Pieter de Boer
    met = claims("digid", keuze=SUZANNE, met_naw="1")
    assert met["name"] == "Suzanne Moulin" and met["address"]["postal_code"] == "7411BS"
    namens = claims("digid", keuze=SUZANNE, namens="999990056", diensten="WMO-MAATWERK JEUGDHULP")
    assert namens == {
        "sub": SUZANNE,
        "gemachtigde": {"bsn": SUZANNE},
        "aanvrager": {"bsn": "999990056"},
        "diensten": ["WMO-MAATWERK", "JEUGDHULP"],
    }
    bewind = claims("eherkenning", keuze="69599084", namens="999990056", diensten="*")
    assert bewind["kvk"] == "69599084" and bewind["machtiging"] == "bewindvoering"
    _, fout = testidp._gekozen(
        "digid", QueryDict(mutable=True) | {"keuze": SUZANNE, "namens": SUZANNE}
    )
    assert fout == "Vul een geldig BSN in van de persoon namens wie u handelt."
