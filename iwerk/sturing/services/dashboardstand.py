"""The prepared first views of the dashboard (Dashboardstand): the worker builds the first view
of every gemeente and of all of them together right after each refresh of the figures, so no
request computes it (ADR 0035); `selectors.tabellen.bouwen` reads them."""

from __future__ import annotations

import time
from datetime import date

from django.utils import timezone

from iwerk.core import generations
from iwerk.core.models import Gemeente
from iwerk.sturing.models import Dashboardstand
from iwerk.sturing.selectors.selectie import Keuze, alle_gemeenten, maak_keuze
from iwerk.sturing.selectors.tabellen import _bouwen, naar_json, standsleutel


def standaardkeuzes(vandaag: date) -> list[Keuze]:
    """The first view of every gemeente and of all of them together."""
    gemeenten = list(Gemeente.objects.toegewezen().order_by("pk").values_list("pk", "naam"))
    keuzes = [
        maak_keuze(tenant_ids=(pk,), vandaag=vandaag, gemeente_label=naam) for pk, naam in gemeenten
    ]
    if len(gemeenten) > 1:
        keuzes.append(
            maak_keuze(tenant_ids=alle_gemeenten(), vandaag=vandaag, gemeente_label="", alle=True)
        )
    return keuzes


def voorbereiden(*, vandaag: date | None = None) -> int:
    """Prepare the first view of every gemeente and of all together, where the stored one is
    not of today's date and current figures (the worker, after each refresh and at its start).
    Returns how many were (re)built. Safe to run in several workers: the last write wins and
    every write holds figures at least as new as its generation says."""
    vandaag = vandaag or timezone.localdate()
    # Read before building: figures that change meanwhile are labelled older, and rebuilt.
    generatie = generations.current("sturing")
    keuzes = {standsleutel(k): k for k in standaardkeuzes(vandaag)}
    actueel = set(
        Dashboardstand.objects.filter(dag=vandaag, generatie=generatie).values_list(
            "sleutel", flat=True
        )
    )
    gebouwd = 0
    for sleutel, keuze in keuzes.items():
        if sleutel in actueel:
            continue
        begin = time.monotonic()
        data = naar_json(_bouwen(keuze))
        Dashboardstand.objects.update_or_create(
            sleutel=sleutel,
            defaults={
                "dag": vandaag,
                "generatie": generatie,
                "tabellen": data,
                "berekend": timezone.now(),
                "duur_ms": int((time.monotonic() - begin) * 1000),
            },
        )
        gebouwd += 1
    if gebouwd:  # and a gemeente no longer shown loses its view (no write when all is current)
        Dashboardstand.objects.exclude(sleutel__in=keuzes).delete()
    return gebouwd
