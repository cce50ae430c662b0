"""The one wrapper every ZGW endpoint goes through.

It authenticates the JWT, turns domain errors into Problem JSON, answers HEAD like
GET without a body, and stamps the API-version header. Handlers stay flat functions:
(request, **url kwargs) -> HttpResponse.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DatabaseError, transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

from iwerk.core import ratelimit, replica
from iwerk.core.api import tokens
from iwerk.core.api.problems import (
    ApiError,
    BadRequest,
    MethodNotAllowed,
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    TooManyRequests,
    ValidationFailed,
    problem_response,
)
from iwerk.core.api.references import ApiUrls, request_base
from iwerk.core.migratie import migratie

if TYPE_CHECKING:
    from iwerk.core.api.actor import Actor

logger = logging.getLogger(__name__)

Handler = Callable[..., HttpResponseBase]


class ApiRequest(HttpRequest):
    """What a handler receives: `route` adds the base of the API's URLs and, on an authenticated
    API, the actor. Only for annotations: requests stay Django's own."""

    urls: ApiUrls
    actor: Actor


WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Api:
    name: str
    version: str
    prefix: str  # "/catalogi/api/v1"
    authenticated: bool = True
    # Another way in than the ZGW JWT (the Klantinteracties API's `Token`): request -> Actor,
    # raising NotAuthenticated; it counts its own failures.
    authenticate: Callable[[HttpRequest], Actor] | None = None
    # The component whose autorisaties the API checks ("zrc", "drc", "brc", "ztc") and its scope
    # that makes every write of a client holding it a migration write (ADR 0063, point 5).
    component: str = ""
    migreren: str = ""

    def migrates(self, method: str, actor: Actor) -> bool:
        """Whether this request is a migration write: a write by a client granted `migreren`."""
        return (
            bool(self.migreren)
            and method in WRITES
            and actor.granted(self.component, self.migreren)
        )


@functools.cache
def _actor_resolver() -> Callable[[str], tuple[str, Actor] | None]:
    return import_string(settings.IWERK_ACTOR_RESOLVER)


def authenticate(request: HttpRequest) -> Actor:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Geef een JWT mee in de header 'Authorization: Bearer <token>'.")
    token = token.strip()
    client_id = tokens.client_id_of(token)
    resolved = _actor_resolver()(client_id)
    if resolved is None:
        raise NotAuthenticated(f"Onbekende client_id '{client_id}'.", code="unknown-client")
    secret, actor = resolved
    try:
        claims = tokens.verify(token, secret)
    except NotAuthenticated as error:
        error.client_id = client_id  # type: ignore[attr-defined]  # counted per client (ADR 0030)
        raise
    return actor.for_user(
        str(claims.get("user_id") or ""),
        str(claims.get("user_representation") or ""),
        request.META.get("HTTP_X_AUDIT_TOELICHTING", ""),
    )


def _refuse_nul(request: HttpRequest) -> None:
    """NUL characters have no meaning in any ZGW field and PostgreSQL cannot store them: refuse
    them up front (400) instead of failing in the database (found by the fuzzer). Bodies are
    checked where they are parsed (schemas.parse_body)."""
    if "%00" in request.META.get("QUERY_STRING", "") or any(
        "\x00" in value for values in request.GET.lists() for value in values[1]
    ):
        raise ValidationFailed.single("query", "nul-character", "De query bevat een NUL-teken.")


def authenticate_limited(request: HttpRequest) -> Actor:
    """Authenticate; failures are counted (per known client_id, else per address) and refused
    with 429 once too many. A valid token is never refused (ADR 0030)."""
    try:
        return authenticate(request)
    except NotAuthenticated as error:
        client_id = getattr(error, "client_id", None)
        if ratelimit.api_mislukt(request, client_id):
            wie = f"voor client_id '{client_id}'" if client_id else "vanaf dit adres"
            limited = TooManyRequests(
                f"Te veel mislukte aanmeldingen {wie}; probeer het over een minuut opnieuw."
            )
            limited.headers["Retry-After"] = "60"
            raise limited from error
        raise


def _with_replica(
    request: HttpRequest, method: str, handler: Handler, kwargs: dict[str, Any]
) -> HttpResponseBase:
    """Collection reads from the read replica (iwerk.core.replica); writes remembered."""
    client_id = request.actor.client_id  # type: ignore[attr-defined]
    if replica.eligible(handler):
        with replica.reading(client_id):
            return handler(request, **kwargs)
    response = handler(request, **kwargs)
    if method in WRITES and response.status_code < 400:
        transaction.on_commit(lambda: replica.remember_write(client_id))
    return response


def unexpected_error_response(request: HttpRequest, error: Exception) -> HttpResponse:
    """Problem JSON for an exception no handler expected: Django's own request errors keep
    their meaning (400, 403, 404); anything else is logged and answered 500, never as HTML.
    The writing transaction (services are atomic) has rolled back by now."""
    if isinstance(error, SuspiciousOperation):
        return problem_response(BadRequest("De request is ongeldig en is niet verwerkt."))
    if isinstance(error, DjangoPermissionDenied):
        return problem_response(PermissionDenied())
    if isinstance(error, Http404):
        return problem_response(NotFound(f"Geen resource op {request.path}."))
    logger.exception("unexpected error in %s %s", request.method, request.path)
    return problem_response(ApiError("Er ging iets mis; het verzoek is niet uitgevoerd."))


def route(api: Api, **handlers: Handler) -> Callable[..., HttpResponseBase]:
    """A Django view dispatching on HTTP method to flat handler functions."""
    allowed = {method.upper() for method in handlers}
    if "GET" in allowed:
        allowed.add("HEAD")

    @csrf_exempt
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        method = request.method or "GET"
        try:
            if method not in allowed:
                error = MethodNotAllowed(f"Methode '{method}' niet toegestaan.")
                error.headers["Allow"] = ", ".join(sorted(allowed))
                raise error
            request.urls = ApiUrls(request_base(request))  # type: ignore[attr-defined]
            _refuse_nul(request)
            if api.authenticated:
                request.actor = (  # type: ignore[attr-defined]
                    api.authenticate(request)
                    if api.authenticate is not None
                    else authenticate_limited(request)
                )
            handler = handlers["get" if method == "HEAD" else method.lower()]
            migrating = api.authenticated and api.migrates(method, request.actor)  # type: ignore[attr-defined]
            with migratie() if migrating else nullcontext():
                if api.authenticated and replica.configured():
                    response = _with_replica(request, method, handler, kwargs)
                else:
                    response = handler(request, **kwargs)
        except ApiError as error:
            response = problem_response(error)
        except RequestDataTooBig:
            response = problem_response(
                PayloadTooLarge(
                    f"De request body is groter dan {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
                )
            )
        except DatabaseError:
            logger.exception("database error in %s %s", method, request.path)
            response = problem_response(
                ApiError("Er ging iets mis bij het opslaan; er is niets gewijzigd.")
            )
        except Exception as error:  # noqa: BLE001 - every answer of an API is Problem JSON
            response = unexpected_error_response(request, error)
        if ignored := getattr(request, "ignored_fields", None):
            # Unknown body properties are ignored, as the reference does (ADR 0024); say which.
            # Names are the client's JSON keys: percent-encoded, so any character fits a header.
            names = ", ".join(quote(name, safe="._-~[]") for name in ignored)
            response["X-Ignored-Fields"] = names[:2000]
        if method == "HEAD":
            if isinstance(response, StreamingHttpResponse):  # streaming and file responses
                response.streaming_content = []
            elif isinstance(response, HttpResponse):
                response.content = b""
        response["API-version"] = api.version
        return response

    view.api = api  # type: ignore[attr-defined]
    view.handlers = handlers  # type: ignore[attr-defined]
    return view
