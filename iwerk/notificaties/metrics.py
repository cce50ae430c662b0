"""The notification outbox in /metrics: queue depth, age of the oldest waiting message, deliveries
being retried after failures, parked deliveries (registered with core.metrics by NotificatiesConfig)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from iwerk.core.metrics import gauge
from iwerk.notificaties.models import Levering


class OutboxCollector:
    """The notification outbox as it is in the database at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        wachtend = Levering.objects.filter(status=Levering.Status.wachtend)
        oudste = wachtend.aggregate(m=Min("notificatie__aanmaakdatum"))["m"]
        yield gauge("iwerk_outbox_pending", "Deliveries waiting to be made.", wachtend.count())
        yield gauge(
            "iwerk_outbox_oldest_age_seconds",
            "Age of the oldest message still waiting for delivery (0 when none).",
            (timezone.now() - oudste).total_seconds() if oudste else 0,
        )
        yield gauge(
            "iwerk_outbox_parked",
            "Deliveries given up after their retries (dead letters).",
            Levering.objects.filter(status=Levering.Status.geparkeerd).count(),
        )
        yield gauge(
            "iwerk_outbox_retrying",
            "Waiting deliveries whose earlier attempts failed (receiver down or refusing).",
            wachtend.filter(pogingen__gt=0).count(),
        )
