"""The Content-Security-Policy middleware builds the policy once and answers as django-csp does."""

import re

import csp.middleware
import pytest
from csp.exceptions import CSPNonceError
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory, override_settings

from iwerk.core.contentpolicy import CSPMiddleware

NONCE = re.compile(r"'nonce-[^']+'")


def test_api_responses_carry_the_policy_without_building_it_per_response(
    tenant_client, monkeypatch
):
    built: list[bool] = []
    build = csp.middleware.build_policy

    def counting(*args, **kwargs):
        built.append(True)
        return build(*args, **kwargs)

    monkeypatch.setattr(csp.middleware, "build_policy", counting)
    for _ in range(3):
        response = tenant_client.get("/catalogi/api/v1/zaaktypen")
        assert response.status_code == 200
        assert response["Content-Security-Policy"] == build()
    assert built == []


def _plain(request):
    return HttpResponse("ok")


def _own_update(request):
    response = HttpResponse("kaart")
    response._csp_update = {"img-src": ["https://tegels.example.nl"]}
    return response


def _uses_nonce(request):
    return HttpResponse(f"<style nonce='{request.csp_nonce}'></style>")


def _exempt(request):
    response = HttpResponse("ok")
    response._csp_exempt = True
    return response


def _already_set(request):
    response = HttpResponse("ok")
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def _not_found(request):
    return HttpResponseNotFound("weg")


REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-rapport"}}


@pytest.mark.parametrize(
    ("view", "path", "overrides"),
    [
        (_plain, "/zaken/api/v1/zaken", {}),
        (_plain, "/werkplek/", {}),
        (_own_update, "/deventer/aanvragen/", {}),
        (_uses_nonce, "/werkplek/", {}),
        (_exempt, "/werkplek/", {}),
        (_already_set, "/werkplek/", {}),
        (_not_found, "/nergens", {"DEBUG": True}),
        (_not_found, "/nergens", {}),
        (_plain, "/werkplek/", {"CONTENT_SECURITY_POLICY_REPORT_ONLY": REPORT_ONLY}),
        (
            _plain,
            "/uitgezonderd/pagina",
            {
                "CONTENT_SECURITY_POLICY": {
                    "EXCLUDE_URL_PREFIXES": ["/uitgezonderd"],
                    "DIRECTIVES": {"default-src": ["'self'"]},
                }
            },
        ),
    ],
)
def test_the_headers_are_django_csps_own(view, path, overrides):
    with override_settings(**overrides):
        ours = CSPMiddleware(view)(RequestFactory().get(path))
        theirs = csp.middleware.CSPMiddleware(view)(RequestFactory().get(path))
    assert {k: NONCE.sub("N", v) for k, v in ours.headers.items()} == {
        k: NONCE.sub("N", v) for k, v in theirs.headers.items()
    }


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    request = RequestFactory().get("/werkplek/")
    CSPMiddleware(_plain)(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_a_changed_setting_gives_a_new_policy():
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        response = CSPMiddleware(_plain)(RequestFactory().get("/werkplek/"))
        assert response["Content-Security-Policy"] == "default-src 'none'"
    response = CSPMiddleware(_plain)(RequestFactory().get("/werkplek/"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
