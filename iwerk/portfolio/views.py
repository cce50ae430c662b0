"""The portfolio in the werkplek: overlap per component, the count over time, the register."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render
from django.utils import timezone

from iwerk.core.models import Gemeente
from iwerk.portfolio import overzicht
from iwerk.portfolio.models import Applicatie
from iwerk.werkplek.access import werkplek_view
from iwerk.werkplek.roles import PORTFOLIO


@werkplek_view(PORTFOLIO)
def portfolio(request):
    gemeenten = list(Gemeente.objects.order_by("naam"))
    vandaag = timezone.localdate()
    peildata = [date(jaar, 1, 1) for jaar in range(vandaag.year - 10, vandaag.year + 2)]
    rijen = overzicht.overlap(gemeenten, vandaag)
    tijd = overzicht.aantal_in_de_tijd(gemeenten, peildata)
    applicaties = Applicatie.objects.prefetch_related(
        "componenten", "gebruik__gemeente", "incidenten"
    ).order_by("naam")
    return render(
        request,
        "portfolio/overzicht.html",
        {
            "nav": "portfolio",
            "gemeenten": gemeenten,
            "vandaag": vandaag,
            "matrix": [(r, [r.per_gemeente.get(g.pk, []) for g in gemeenten]) for r in rijen],
            "kandidaten": sum(1 for r in rijen if r.kandidaat),
            "tijd": [(t, [t["per_gemeente"][g.pk] for g in gemeenten]) for t in tijd],
            "applicaties": applicaties,
        },
    )
