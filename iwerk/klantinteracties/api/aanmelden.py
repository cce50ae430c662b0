"""Signing in to the Klantinteracties API: `Authorization: Token <key>` as the API defines it
(tokenAuth), so clients written for Open Klant connect unchanged; or iwerk's ZGW JWT
(`Bearer`), for clients that already have one (ADR 0052). Failures are counted and refused with
429 once too many, as on the ZGW APIs (ADR 0030)."""

from __future__ import annotations

from django.http import HttpRequest

from iwerk.core import ratelimit
from iwerk.core.api.actor import Actor
from iwerk.core.api.endpoint import authenticate_limited
from iwerk.core.api.problems import NotAuthenticated, TooManyRequests
from iwerk.klantinteracties.selectors import toegang


class TokenOntbreekt(NotAuthenticated):
    """401 with `WWW-Authenticate: Token`, as the reference implementation answers."""

    status = 401

    def __init__(self, detail: str, *, code: str) -> None:
        super().__init__(detail, code=code)
        self.headers["WWW-Authenticate"] = "Token"


def aanmelden(request: HttpRequest) -> Actor:
    """The caller's Actor (for the audit trail); its rights on `request.toegangen`."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, sleutel = header.partition(" ")
    if scheme.lower() == "bearer":
        actor = authenticate_limited(request)
        request.toegangen = toegang.voor_actor(actor)  # type: ignore[attr-defined]
        return actor
    sleutel = sleutel.strip()
    if scheme.lower() != "token" or not sleutel:
        raise TokenOntbreekt(
            "Geef een token mee in de header 'Authorization: Token <token>'.",
            code="not_authenticated",
        )
    toegangen = toegang.voor_token(sleutel)
    if toegangen is None:
        if ratelimit.api_mislukt(request, None):
            limited = TooManyRequests(
                "Te veel mislukte aanmeldingen vanaf dit adres; probeer het over een minuut "
                "opnieuw."
            )
            limited.headers["Retry-After"] = "60"
            raise limited
        raise TokenOntbreekt("Ongeldig token.", code="authentication_failed")
    request.toegangen = toegangen  # type: ignore[attr-defined]
    return toegangen.actor.for_user("", "", request.META.get("HTTP_X_AUDIT_TOELICHTING", ""))
