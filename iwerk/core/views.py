"""The start page and the health endpoint."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from iwerk.core import virusscan
from iwerk.core.api.problems import NotFound, problem_response
from iwerk.core.middleware import API_PREFIXES
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
        request,
        "core/start.html",
        {
            "gemeenten": Gemeente.objects.toegewezen(),
            "apis": API_DOCS,
            "zonder_virusscan": settings.DEMO_MODE and not virusscan.aan(),
        },
    )


def niet_gevonden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the look of the channel the address belongs to (handler404, issue 23): the API
    answers Problem JSON, the werkplek its own page, /<gemeente>/… that gemeente's portaal and
    anything else a neutral iwerk page. A resident must never see werkplek text."""
    path = request.path_info
    if path.startswith(API_PREFIXES):
        return problem_response(NotFound(f"Geen resource op {path}."))
    if path.startswith("/werkplek/"):
        return render(request, "404.html", status=404)
    slug = path.strip("/").split("/")[0]
    gemeente = Gemeente.objects.toegewezen().filter(slug=slug).first() if slug else None
    if gemeente is not None:
        return render(request, "portaal/404.html", {"gemeente": gemeente}, status=404)
    return render(request, "core/404.html", status=404)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico of every site; the icon itself is a static SVG."""
    return HttpResponsePermanentRedirect(static("core/favicon.svg"))


_MIGRATED = False


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers, every migration is applied, documents can be stored.
    A load balancer sends traffic only to a node that says 200 here; /health is liveness."""
    global _MIGRATED
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        if not _MIGRATED:  # once true it stays true for this process
            from django.db.migrations.executor import MigrationExecutor

            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            _MIGRATED = not plan
        checks["migrations"] = "ok" if _MIGRATED else "pending"
    except Exception:  # noqa: BLE001 - any failure means not ready
        checks["database"] = "unreachable"
    try:
        from django.core.files.storage import storages

        storages["documenten"].exists("gereedheid")  # reachable (local folder or bucket)
        checks["documenten"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means not ready
        checks["documenten"] = "unreachable"
    klaar = all(v == "ok" for v in checks.values())
    # Reported, not gating (ADR 0031): without clamd only uploads are refused (fail closed), and a
    # shared clamd that is down must not take every node out of the load balancer.
    checks["virusscanner"] = virusscan.toestand()
    return JsonResponse({"status": "ready" if klaar else "not_ready", **checks},
                        status=200 if klaar else 503)  # fmt: skip


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 once the app can answer and reach its database; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means not ready
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
