"""Security suite: no anonymous access to any staff page or API endpoint; security headers and
cookie flags on every page; CSRF on every form; rate limits on the portaal and API sign-in."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from iwerk.catalogi.models import ZaakType
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import demo_medewerker, sign_in
from iwerk.core.testing.portaal import producten
from iwerk.demo.gemeenten import load_gemeenten

pytestmark = pytest.mark.django_db

# Public on purpose: health, start page, portaal (its own sign-in), the local Referentielijsten
# (public data), API contracts and docs, the demo-only test IdP, sign-in pages themselves.
# /metrics answers the loopback address (the test client's) without a token; its access rules
# are tested in test_bedrijfsvoering.
PUBLIEK = re.compile(
    r"^/(health$|ready$|metrics$|favicon\.ico$|$|referentielijsten/|testidp/|portaal/oidc/|werkplek/inloggen/|admin/login/|"
    r"admin/logout/|oidc/|static/|[^/]+/api/v1/($|schema|docs)|<slug:gemeente_slug>/)"
)
VOORBEELD = {"uuid": str(uuid.uuid4()), "slug": "deventer", "int": "1", "str": "x", "path": "x"}


@pytest.fixture
def portaal(db):
    """The demo gemeenten (with their look and contact details); Deventer's portaal products, with
    the demo's Melding openbare ruimte behind its product."""
    gemeenten = {g.slug: g for g in load_gemeenten()}
    producten(gemeenten["deventer"], "MOR")
    return gemeenten


@pytest.fixture
def deventer(portaal, werkplek_settings):
    """The portaal, and what the staff pages below show: jdevries (behandelaar in Deventer) and
    the FG (privacy officer in every gemeente) as in the demo; two openbare meldingen openbare
    ruimte assigned to jdevries: one past its term with a status on and a document (the zaak
    page below), one new."""
    deventer = portaal["deventer"]
    jdevries = demo_medewerker(portaal, "jdevries")
    demo_medewerker(portaal, "fg")
    mor = ZaakType.objects.get(tenant=deventer, identificatie="MOR")
    zaak = bouw.zaak(
        mor,
        omschrijving="Losliggende stoeptegel",
        startdatum=timezone.localdate() - timedelta(days=30),
        behandelaar=jdevries,
    )
    bouw.status(zaak, "In behandeling")
    bouw.zaakdocument(zaak, "Foto", titel="Foto van de stoeptegel")
    bouw.zaak(mor, omschrijving="Zwerfafval bij de Brink", behandelaar=jdevries)
    return deventer


def _paden(resolver=None, prefix="") -> list[str]:
    result = []
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            result += _paden(entry, pattern)
        elif isinstance(entry, URLPattern):
            result.append("/" + pattern.lstrip("^").rstrip("$").replace("\\Z", ""))
    return result


def _invullen(pad: str) -> str:
    return re.sub(r"<(\w+):\w+>", lambda m: VOORBEELD.get(m.group(1), "x"), pad)


def test_every_staff_page_and_api_endpoint_refuses_anonymous_callers(gemeenten):
    client = Client()
    gecontroleerd = 0
    for pad in sorted(set(_paden())):
        if PUBLIEK.match(pad) or "(?P<" in pad or "<path:" in pad:
            continue
        url = _invullen(pad)
        if "/api/v1/" in url:
            for method in ("get", "post"):
                response = getattr(client, method)(url, content_type="application/json")
                assert response.status_code in (401, 403, 405), (method, url, response.status_code)
                if response.status_code in (401, 403):
                    assert response["Content-Type"].startswith("application/problem+json")
        else:
            response = client.get(url)
            assert response.status_code in (302, 404, 405), (url, response.status_code)
            if response.status_code == 302:
                assert "inloggen" in response["Location"] or "login" in response["Location"], url
            response = client.post(url)
            assert response.status_code in (302, 403, 404, 405), (url, response.status_code)
        gecontroleerd += 1
    assert gecontroleerd > 150  # every register endpoint, werkplek and incident page, admin


def _pagina_s(deventer) -> list[tuple[Client, str]]:
    from iwerk.zaken.models import Zaak

    zaak = Zaak.objects.filter(tenant=deventer, vertrouwelijkheidaanduiding="openbaar").first()
    staff = sign_in("jdevries")
    fg = sign_in("fg")
    fg.post("/werkplek/gemeente/", {"gemeente": deventer.pk})
    anoniem = Client()
    return [
        (anoniem, "/"),
        (anoniem, "/werkplek/inloggen/"),
        (anoniem, "/admin/login/"),
        (anoniem, "/deventer/"),
        (anoniem, "/zaken/api/v1/docs/"),
        (staff, "/werkplek/"),
        (staff, "/werkplek/zoeken/?q=test"),
        (staff, "/werkplek/zaken/nieuw/"),
        (staff, f"/werkplek/zaken/{zaak.uuid}/"),
        (staff, "/werkplek/incidenten/"),
        (staff, "/werkplek/incidenten/melden/"),
        (fg, "/werkplek/audit/"),
        (fg, "/werkplek/incidenten/rapportage/"),
    ]


def test_security_headers_and_csrf_tokens_on_every_page(deventer):
    for client, url in _pagina_s(deventer):
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ):
            assert directive in csp, (url, directive)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        page = response.content.decode()
        assert 'style="' not in page, url  # the CSP would refuse it
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", page, re.S | re.I):
            assert "csrfmiddlewaretoken" in form, url
        for name, cookie in response.cookies.items():
            assert cookie["httponly"] and cookie["samesite"] == "Lax", (url, name)


def test_posts_without_csrf_token_are_refused(deventer):
    strict = Client(enforce_csrf_checks=True)
    assert (
        strict.post("/werkplek/inloggen/", {"username": "jdevries", "password": "x"}).status_code
        == 403
    )
    assert strict.post("/deventer/producten/melding-openbare-ruimte/aanvragen/").status_code == 403
    staff = sign_in("jdevries")
    staff.handler.enforce_csrf_checks = True
    assert staff.post("/werkplek/incidenten/melden/", {"titel": "x"}).status_code == 403


def test_session_and_csrf_cookies_are_secure_outside_development():
    from iwerk.core import productie

    problemen = productie.problemen(
        {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": ["a"], "IWERK_BASE_URL": "https://a",
         "SECURE_HSTS_SECONDS": 31536000, "SESSION_COOKIE_SECURE": False,
         "CSRF_COOKIE_SECURE": True, "IWERK_TESTIDP": False, "IWERK_CLAMAV": "uit",
         "IWERK_AUDIT_SLEUTELS": "a:" + "x" * 40}
    )  # fmt: skip
    assert problemen == ["Sessie- en CSRF-cookies moeten Secure zijn."]


def test_failed_api_sign_ins_are_rate_limited_per_address(db, settings):
    settings.IWERK_API_AUTH_RATELIMIT = "3/m"
    from django.core.cache import cache

    cache.clear()
    client = Client(REMOTE_ADDR="203.0.113.7")
    codes = [
        client.get("/zaken/api/v1/zaken", HTTP_AUTHORIZATION="Bearer fout").status_code
        for _ in range(5)
    ]
    assert codes[:3] == [codes[0]] * 3 and codes[0] in (401, 403) and codes[3:] == [429, 429]
    refused = client.get("/zaken/api/v1/zaken", HTTP_AUTHORIZATION="Bearer fout")
    assert refused["Retry-After"] == "60" and refused.json()["code"] == "throttled"
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert (
        other.get("/zaken/api/v1/zaken", HTTP_AUTHORIZATION="Bearer fout").status_code == codes[0]
    )
    cache.clear()


def test_the_public_portaal_limits_posts_per_address(portaal, settings):
    from django.core.cache import cache

    settings.IWERK_PORTAAL_RATELIMIT = "4/m"
    cache.clear()
    client = Client(REMOTE_ADDR="198.51.100.4")
    codes = [
        client.post("/deventer/producten/melding-openbare-ruimte/aanvragen/").status_code
        for _ in range(6)
    ]
    assert codes == [302, 302, 302, 302, 429, 429]
    assert (
        "Even geduld"
        in client.post("/deventer/producten/melding-openbare-ruimte/aanvragen/").content.decode()
    )
    assert client.get("/deventer/").status_code == 200  # reading goes on
    cache.clear()


def test_the_password_policy_refuses_weak_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for zwak in ("kort1", "wachtwoord123", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(zwak)
    validate_password("paard-batterij-nietje-correct")


def test_nul_characters_are_refused_with_400_not_a_database_error(superuser_client):
    """Found by the fuzzer on PostgreSQL, which cannot store NUL."""
    response = superuser_client.get(
        "/zaken/api/v1/zaken", {"identificatie": "a\x00b"}, HTTP_ACCEPT_CRS="EPSG:4326"
    )
    assert (
        response.status_code == 400
        and response.json()["invalidParams"][0]["code"] == "nul-character"
    )
    response = superuser_client.post(
        "/autorisaties/api/v1/applicaties", {"clientIds": ["a\x00"], "label": "x"}
    )
    assert (
        response.status_code == 400
        and response.json()["invalidParams"][0]["code"] == "nul-character"
    )


def test_failed_api_sign_ins_never_lock_out_a_valid_token(db, settings):
    """Issue 22.5: failures count per presented client_id (per address only for unknown client
    ids), and a valid token is never refused, whatever failed before it (ADR 0030)."""
    from iwerk.core.testing.api import make_token, register_client

    settings.IWERK_API_AUTH_RATELIMIT = "3/m"
    goed = register_client("gemeente-app", alle=True)
    register_client("kapotte-app", alle=True)
    gateway = Client(REMOTE_ADDR="203.0.113.9")  # one municipal gateway, many clients behind it

    def status(client, token):
        return client.get(
            "/catalogi/api/v1/catalogussen", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).status_code

    # A misconfigured client behind the gateway (wrong secret) and one with an unknown id.
    fout = make_token("kapotte-app", "een-verkeerd-geheim-van-ruim-32-tekens-lang")
    onbekend = make_token("bestaat-niet", "een-verkeerd-geheim-van-ruim-32-tekens-lang")
    assert [status(gateway, fout) for _ in range(5)] == [403, 403, 403, 429, 429]
    assert [status(gateway, onbekend) for _ in range(5)] == [403, 403, 403, 429, 429]
    # Every other client behind the same gateway goes on working.
    geldig = make_token("gemeente-app", goed.secret)
    assert status(gateway, geldig) == 200
    # Guessing one client's secret is throttled per client_id, from any address...
    for adres in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        assert status(Client(REMOTE_ADDR=adres), make_token("gemeente-app", "x" * 40)) == 403
    geweigerd = Client(REMOTE_ADDR="198.51.100.4").get(
        "/catalogi/api/v1/catalogussen",
        HTTP_AUTHORIZATION=f"Bearer {make_token('gemeente-app', 'y' * 40)}",
    )
    assert geweigerd.status_code == 429 and geweigerd["Retry-After"] == "60"
    assert "gemeente-app" in geweigerd.json()["detail"]
    # ...but the client's own valid token is still accepted, from anywhere.
    assert status(gateway, geldig) == 200
    assert status(Client(REMOTE_ADDR="198.51.100.4"), geldig) == 200
