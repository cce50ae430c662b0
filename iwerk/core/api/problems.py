"""ZGW Problem JSON (RFC 7807) errors; one exception type per HTTP outcome.

Services raise these (or ValidationFailed) and the endpoint wrapper renders them, so
no view builds an error body by hand.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import orjson
from django.http import HttpResponse


@dataclass(frozen=True)
class InvalidParam:
    name: str
    code: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "code": self.code, "reason": self.reason}


class ApiError(Exception):
    status = 500
    code = "error"
    title = "Er is een fout opgetreden."

    def __init__(
        self, detail: str | None = None, *, code: str | None = None, title: str | None = None
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        if code:
            self.code = code
        if title:
            self.title = title
        self.headers: dict[str, str] = {}

    def body(self, instance: str) -> dict:
        return {
            "type": f"https://iwerk.nl/ref/fouten/{type(self).__name__}/",
            "code": self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": instance,
        }


class ValidationFailed(ApiError):
    status = 400
    code = "invalid"
    title = "Invalid input."

    def __init__(
        self, params: list[InvalidParam], detail: str | None = None, *, code: str | None = None
    ) -> None:
        super().__init__(detail or "De invoer is ongeldig.", code=code)
        self.title = "Ongeldige invoer."
        self.params = params

    @classmethod
    def single(cls, name: str, code: str, reason: str) -> ValidationFailed:
        return cls([InvalidParam(name, code, reason)])

    def body(self, instance: str) -> dict:
        data = super().body(instance)
        data["invalidParams"] = [p.as_json() for p in self.params]
        return data


class _RequestError(ApiError):
    """A 400 about the request as a whole; still carries invalidParams, as every 400 does."""

    status = 400

    def body(self, instance: str) -> dict:
        data = super().body(instance)
        data["invalidParams"] = [InvalidParam("nonFieldErrors", self.code, self.detail).as_json()]
        return data


class ParseError(_RequestError):
    """A body that cannot be read at all."""

    code = "parse_error"
    title = "De request body is geen geldige JSON."


class BadRequest(_RequestError):
    code = "bad_request"
    title = "Ongeldig verzoek."


class NotAuthenticated(ApiError):
    # The ZGW authorisation flow answers every failed step with 403 (see docs/adr/0003).
    status = 403
    code = "not_authenticated"
    title = "Authenticatiegegevens zijn niet opgegeven of ongeldig."


class PermissionDenied(ApiError):
    status = 403
    code = "permission_denied"
    title = "Je hebt geen toestemming om deze actie uit te voeren."


class NotFound(ApiError):
    status = 404
    code = "not_found"
    title = "Niet gevonden."


class MethodNotAllowed(ApiError):
    status = 405
    code = "method_not_allowed"
    title = "Methode niet toegestaan."


class NotAcceptable(ApiError):
    status = 406
    code = "not_acceptable"
    title = "Kan niet voldoen aan de opgegeven Accept header."


class Conflict(ApiError):
    status = 409
    code = "conflict"
    title = "Conflict met de huidige toestand van de resource."


class Gone(ApiError):
    """What was there is gone for good (e.g. content transferred to an archive repository)."""

    status = 410
    code = "gone"
    title = "Niet meer beschikbaar."


class PreconditionFailed(ApiError):
    status = 412
    code = "precondition_failed"
    title = "Precondition failed."


class PayloadTooLarge(ApiError):
    status = 413
    code = "payload_too_large"
    title = "De request body is te groot."


class UnsupportedMediaType(ApiError):
    status = 415
    code = "unsupported_media_type"
    title = "Ongeldig mediatype in de request."


def problem_response(error: ApiError, *, instance: str | None = None) -> HttpResponse:
    body = error.body(instance or f"urn:uuid:{uuid.uuid4()}")
    response = HttpResponse(
        orjson.dumps(body), status=error.status, content_type="application/problem+json"
    )
    for key, value in error.headers.items():
        response[key] = value
    return response


class TooManyRequests(ApiError):
    status = 429
    code = "throttled"
    title = "Te veel verzoeken."


class ServiceUnavailable(ApiError):
    status = 503
    code = "unavailable"
    title = "Tijdelijk niet beschikbaar."
