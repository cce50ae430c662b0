"""Middleware: ZGW API paths skip the browser-oriented middleware stack."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404

from iwerk.core import generations
from iwerk.core.api.endpoint import unexpected_error_response
from iwerk.core.api.problems import NotFound, PayloadTooLarge, problem_response
from iwerk.core.api.routing import resolve

API_PREFIXES = (
    "/catalogi/api/",
    "/autorisaties/api/",
    "/zaken/api/",
    "/documenten/api/",
    "/besluiten/api/",
    "/notificaties/api/",
    "/referentielijsten/api/",
    "/klantinteracties/api/",
)


GetResponse = Callable[[HttpRequest], HttpResponseBase]


def _read_chunked_body(request: WSGIRequest) -> HttpResponse | None:
    """A body sent with Transfer-Encoding: chunked has no Content-Length, and Django reads such a
    body as empty; clients that stream their JSON (several Java and .NET HTTP clients do) then got
    "Verwachtte een JSON-object". Read it here, within the same limits as a counted body
    (documents have their own, larger one); a larger one is a 413 Problem JSON."""
    if "chunked" not in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        return None
    if request.META.get("CONTENT_LENGTH"):
        return None
    limit = (
        settings.IWERK_DOCUMENT_MAX_BODY
        if request.path_info.startswith("/documenten/api/")
        else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    data = request.environ["wsgi.input"].read(limit + 1)
    if len(data) > limit:
        return problem_response(PayloadTooLarge(f"De request body is groter dan {limit} bytes."))
    request.META["CONTENT_LENGTH"] = str(len(data))
    request._body = data
    request._stream = io.BytesIO(data)
    return None


class ApiFastPathMiddleware:
    """Dispatch API requests straight to their view.

    JWT endpoints need no sessions, CSRF, messages or user lookup; skipping them saves
    work on every API call (docs/adr/0004). Security headers are already applied by
    SecurityMiddleware, which runs before this one.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: WSGIRequest) -> HttpResponseBase:
        path = request.path_info
        if not path.startswith(API_PREFIXES) or path.endswith(
            (".yaml", "/schema", "/docs", "/docs/")
        ):
            return self.get_response(request)
        try:
            # Django's resolve() through a table of the APIs' own patterns (core.api.routing):
            # the same match in 5–8 µs instead of 25–60.
            match = resolve(path)
        except Resolver404:
            return problem_response(NotFound(f"Geen resource op {path}."))

        request.resolver_match = match
        try:
            if response := _read_chunked_body(request):
                return response
            return match.func(request, *match.args, **match.kwargs)
        except Exception as error:  # noqa: BLE001 - an API answers Problem JSON, never HTML
            return unexpected_error_response(request, error)


class PermissionsPolicyMiddleware:
    """Switch off browser features iwerk never uses (camera, microphone, payment, …);
    geolocation stays available to this site for the map of a melding."""

    HEADER = (
        "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    )

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.HEADER)
        return response


class GenerationsPerRequestMiddleware:
    """One read of every cache generation per request, however many caches it checks
    (iwerk.core.generations)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with generations.per_request():
            return self.get_response(request)
