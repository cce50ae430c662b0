"""Prometheus metrics at /metrics: request rate and latency per endpoint, and the state of the
notification outbox (queue depth, age of the oldest waiting message, deliveries being retried after
failures, parked deliveries).

Request metrics are counted in each web process; `iwerk serve` runs several granian worker
processes and points PROMETHEUS_MULTIPROC_DIR at a folder it empties at start, so one scrape sums
them all (prometheus_client's multiprocess mode). The outbox figures are read from the database at
scrape time — the same for every node, no worker needs to export anything; notificaties registers
them (``register_collector``, notificaties.metrics).

Access: with IWERK_METRICS_TOKEN set, a scrape needs `Authorization: Bearer <token>`; without it,
only requests from the loopback address are answered (a local scraper) — and none at all behind
a reverse proxy (IWERK_BEHIND_PROXY), whose own address every request would carry.
"""

from __future__ import annotations

import hmac
import os
import re
import time
from collections.abc import Callable, Iterator
from typing import Protocol

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
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


def endpoint(request: HttpRequest, status: int) -> str:
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

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        begin = time.perf_counter()
        response = self.get_response(request)
        if request.path != "/metrics":
            naam = endpoint(request, response.status_code)
            LATENCY.labels(naam, request.method).observe(time.perf_counter() - begin)
            REQUESTS.labels(naam, request.method, f"{response.status_code // 100}xx").inc()
        return response


class Collector(Protocol):
    """A source of figures read at scrape time (prometheus_client's collector interface)."""

    def collect(self) -> Iterator[GaugeMetricFamily]: ...


_collectors: list[Collector] = []


def register_collector(collector: Collector) -> None:
    """Add figures to /metrics (from an AppConfig.ready): core imports no app above it, so the
    app that owns the figures registers them, as notificaties does for its outbox."""
    if collector not in _collectors:
        _collectors.append(collector)


def gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
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
    for collector in _collectors:
        registry.register(collector)
    return registry


def _toegestaan(request: HttpRequest) -> bool:
    token = settings.IWERK_METRICS_TOKEN
    if token:
        header = request.headers.get("Authorization", "")
        return hmac.compare_digest(header.encode(), f"Bearer {token}".encode())
    if settings.IWERK_BEHIND_PROXY:  # every request then comes from the proxy's address
        return False
    return request.META.get("REMOTE_ADDR") in ("127.0.0.1", "::1")


def metrics(request: HttpRequest) -> HttpResponse:
    if not _toegestaan(request):
        return HttpResponse("Geen toegang tot de metrics.", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
