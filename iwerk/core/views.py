"""The start page and the health endpoint."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from iwerk.core.models import Gemeente

API_DOCS = [
    ("Catalogi API", "1.3.3", "/catalogi/api/v1/docs/"),
    ("Autorisaties API", "1.1.0", "/autorisaties/api/v1/docs/"),
    ("Zaken API", "1.7.0", "/zaken/api/v1/docs/"),
    ("Documenten API", "1.7.0", "/documenten/api/v1/docs/"),
    ("Besluiten API", "1.1.0", "/besluiten/api/v1/docs/"),
    ("Notificaties API", "1.0.1", "/notificaties/api/v1/docs/"),
    ("Referentielijsten API (lokaal)", "0.6.0", "/referentielijsten/api/v1/docs/"),
]


def start(request: HttpRequest) -> HttpResponse:
    return render(
        request, "core/start.html", {"gemeenten": Gemeente.objects.all(), "apis": API_DOCS}
    )


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 once the app can answer and reach its database; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means not ready
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
