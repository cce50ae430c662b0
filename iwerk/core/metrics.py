"""Prometheus metrics at /metrics: request rate and latency per endpoint, and the state of the
notification outbox (queue depth, age of the oldest waiting message, deliveries being retried after
failures, parked deliveries).

Request metrics are counted in each web process; `iwerk serve` runs several granian worker
processes and points PROMETHEUS_MULTIPROC_DIR at a folder it empties at start, so one scrape sums
them all (prometheus_client's multiprocess mode). The outbox figures are read from the database at
scrape time — the same for every node, no worker needs to export anything.

Access: with IWERK_METRICS_TOKEN set, a scrape needs `Authorization: Bearer <token>`; without it,
only requests from the loopback address are answered (a local scraper) — and none at all behind
a reverse proxy (IWERK_BEHIND_PROXY), whose own address every request would carry.
"""

from __future__ import annotations

import hmac
import os
import re
import time

from django.conf import settings
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

REQUESTS = Counter(
    "iwerk_http_requests",
    "HTTP requests handled, per endpoint, method and status class.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "iwerk_http_request_duration_seconds",
    "Time from request to response, per endpoint and method.",
    ["endpoint", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_NUMBER = re.compile(r"/\d+(?=/|$)")


def endpoint(request, status: int) -> str:
    """The URL pattern of the request, or its path with ids taken out — and "unmatched" for a
    path nothing answers, so that scanners cannot grow the label values without bound."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route.lstrip("^")
    if status in (301, 302, 404, 405):
        return "unmatched"
    return _NUMBER.sub("/{n}", _UUID.sub("{uuid}", request.path))[:120]


class MetricsMiddleware:
    """Outermost: times every request, the API fast path included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        begin = time.perf_counter()
        response = self.get_response(request)
        if request.path != "/metrics":
            naam = endpoint(request, response.status_code)
            LATENCY.labels(naam, request.method).observe(time.perf_counter() - begin)
            REQUESTS.labels(naam, request.method, f"{response.status_code // 100}xx").inc()
        return response


class OutboxCollector:
    """The notification outbox as it is in the database at scrape time."""

    def collect(self):
        from iwerk.notificaties.models import Levering

        wachtend = Levering.objects.filter(status=Levering.Status.wachtend)
        oudste = wachtend.aggregate(m=Min("notificatie__aanmaakdatum"))["m"]
        yield _gauge("iwerk_outbox_pending", "Deliveries waiting to be made.", wachtend.count())
        yield _gauge(
            "iwerk_outbox_oldest_age_seconds",
            "Age of the oldest message still waiting for delivery (0 when none).",
            (timezone.now() - oudste).total_seconds() if oudste else 0,
        )
        yield _gauge(
            "iwerk_outbox_parked",
            "Deliveries given up after their retries (dead letters).",
            Levering.objects.filter(status=Levering.Status.geparkeerd).count(),
        )
        yield _gauge(
            "iwerk_outbox_retrying",
            "Waiting deliveries whose earlier attempts failed (receiver down or refusing).",
            wachtend.filter(pogingen__gt=0).count(),
        )


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation)
    family.add_metric([], value)
    return family


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(OutboxCollector())
    return registry


def _toegestaan(request) -> bool:
    token = settings.IWERK_METRICS_TOKEN
    if token:
        header = request.headers.get("Authorization", "")
        return hmac.compare_digest(header.encode(), f"Bearer {token}".encode())
    if settings.IWERK_BEHIND_PROXY:  # every request then comes from the proxy's address
        return False
    return request.META.get("REMOTE_ADDR") in ("127.0.0.1", "::1")


def metrics(request) -> HttpResponse:
    if not _toegestaan(request):
        return HttpResponse("Geen toegang tot de metrics.", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
