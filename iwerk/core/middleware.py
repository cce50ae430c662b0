"""Middleware: ZGW API paths skip the browser-oriented middleware stack."""

from __future__ import annotations

from django.urls import Resolver404, resolve

from iwerk.core import generations
from iwerk.core.api.endpoint import unexpected_error_response
from iwerk.core.api.problems import NotFound, problem_response

API_PREFIXES = (
    "/catalogi/api/",
    "/autorisaties/api/",
    "/zaken/api/",
    "/documenten/api/",
    "/besluiten/api/",
    "/notificaties/api/",
    "/referentielijsten/api/",
)


class ApiFastPathMiddleware:
    """Dispatch API requests straight to their view.

    JWT endpoints need no sessions, CSRF, messages or user lookup; skipping them saves
    work on every API call (docs/adr/0004). Security headers are already applied by
    SecurityMiddleware, which runs before this one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.startswith(API_PREFIXES) or path.endswith(
            (".yaml", "/schema", "/docs", "/docs/")
        ):
            return self.get_response(request)
        try:
            match = resolve(path)
        except Resolver404:
            response = problem_response(NotFound(f"Geen resource op {path}."))
            return response
        request.resolver_match = match
        try:
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

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.HEADER)
        return response


class GenerationsPerRequestMiddleware:
    """One read of every cache generation per request, however many caches it checks
    (iwerk.core.generations)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with generations.per_request():
            return self.get_response(request)
