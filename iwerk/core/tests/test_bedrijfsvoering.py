"""Operations: liveness and readiness, Prometheus metrics (requests per endpoint, the
notification outbox), JSON log lines."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from iwerk.notificaties.models import Levering, Notificatie

pytestmark = pytest.mark.django_db


def test_health_and_readiness():
    assert Client().get("/health").json() == {"status": "ok", "database": "ok"}
    ready = Client().get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready", "database": "ok", "migrations": "ok", "documenten": "ok",
        "virusscanner": "off",
    }  # fmt: skip


def test_the_demo_start_page_says_uploads_are_not_scanned(settings):
    settings.DEMO_MODE = True
    settings.IWERK_CLAMAV = ""
    melding = "er is geen virusscanner ingesteld"
    assert melding in Client().get("/").content.decode()
    settings.IWERK_CLAMAV = "unix:///run/clamav/clamd.ctl"
    assert melding not in Client().get("/").content.decode()
    settings.DEMO_MODE, settings.IWERK_CLAMAV = False, ""
    assert melding not in Client().get("/").content.decode()


def test_readiness_fails_when_the_document_store_is_unreachable(settings, monkeypatch):
    from django.core.files.storage import storages

    def kapot(name):
        raise OSError("bucket unreachable")

    monkeypatch.setattr(storages["documenten"], "exists", kapot)
    ready = Client().get("/ready")
    assert ready.status_code == 503 and ready.json()["documenten"] == "unreachable"


def _metric(text: str, name: str, **labels) -> float | None:
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        head, _, value = line.rpartition(" ")
        if all(f'{k}="{v}"' in head for k, v in labels.items()):
            return float(value)
    return None


def test_metrics_count_requests_per_endpoint_and_show_the_outbox(settings):
    settings.IWERK_METRICS_TOKEN = "geheim-token"
    client = Client()
    voor = client.get("/metrics", HTTP_AUTHORIZATION="Bearer geheim-token").content.decode()
    telling = _metric(voor, "iwerk_http_requests_total", endpoint="/health", status="2xx") or 0
    for _ in range(3):
        client.get("/health")
    client.get("/zaken/api/v1/zaken/00000000-0000-0000-0000-000000000000")  # 403, no token
    nu = timezone.now()
    bericht = Notificatie.objects.create(
        kanaal="zaken", hoofd_object="/z/1", resource="zaak", resource_url="/z/1",
        actie="create", aanmaakdatum=nu - timedelta(minutes=5),
    )  # fmt: skip
    Levering.objects.create(notificatie=bericht, hoofd_object="/z/1", volgende_poging=nu)
    Levering.objects.create(
        notificatie=bericht, hoofd_object="/z/1", volgende_poging=nu, pogingen=2
    )
    Levering.objects.create(
        notificatie=bericht, hoofd_object="/z/1", volgende_poging=nu, status="geparkeerd"
    )

    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer geheim-token").content.decode()
    assert _metric(text, "iwerk_http_requests_total", endpoint="/health", status="2xx") == (
        telling + 3
    )
    assert _metric(text, "iwerk_http_request_duration_seconds_count", endpoint="/health") >= 3
    # A zaak URL counts under its pattern, not under its uuid; unknown paths under one label.
    assert "00000000-0000-0000-0000-000000000000" not in text
    for pad in ("/wp-admin/setup.php", "/.env", "/x/y/z"):
        client.get(pad)
    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer geheim-token").content.decode()
    assert "wp-admin" not in text and ".env" not in text
    assert _metric(text, "iwerk_http_requests_total", endpoint="unmatched", status="4xx") >= 3
    assert _metric(text, "iwerk_outbox_pending") == 2
    assert _metric(text, "iwerk_outbox_retrying") == 1
    assert _metric(text, "iwerk_outbox_parked") == 1
    assert 290 <= _metric(text, "iwerk_outbox_oldest_age_seconds") <= 400

    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer fout").status_code == 403
    settings.IWERK_METRICS_TOKEN = None
    assert client.get("/metrics").status_code == 200  # the test client is 127.0.0.1
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.8").status_code == 403
    settings.IWERK_BEHIND_PROXY = True  # then the loopback address is the proxy's: no scrape
    assert client.get("/metrics").status_code == 403


def test_json_log_lines(settings):
    from logging.config import dictConfig

    stream_config = {
        **settings.LOGGING,
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    }
    dictConfig(stream_config)
    try:
        handler = logging.getLogger().handlers[0]
        record = logging.makeLogRecord(
            {"name": "iwerk.test", "levelname": "WARNING", "levelno": 30,
             "msg": "zaak %s bijgewerkt", "args": ("ZAAK-1",), "gemeente": "deventer"}
        )  # fmt: skip
        regel = json.loads(handler.format(record))
        assert regel["level"] == "WARNING" and regel["logger"] == "iwerk.test"
        assert regel["message"] == "zaak ZAAK-1 bijgewerkt" and regel["gemeente"] == "deventer"
        assert "time" in regel
    finally:
        dictConfig(settings.LOGGING)
