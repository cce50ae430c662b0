"""Which incidents someone sees: their own reports, and every incident of a gemeente where they
are FG or CISO. Another gemeente's incident stays invisible unless that gemeente is added to it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from iwerk.incidenten.models import Incident, IncidentGemeente
from iwerk.incidenten.selectors import klok, ontvangers

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def zichtbaar(user: User) -> QuerySet[Incident]:
    gemeenten = ontvangers.beoordeelt_in(user)
    betrokken = IncidentGemeente.objects.filter(gemeente_id__in=gemeenten).values("incident_id")
    return Incident.objects.filter(Q(gemeld_door=user) | Q(pk__in=betrokken))


def met_gemeenten(qs: QuerySet[Incident]) -> QuerySet[Incident]:
    return qs.prefetch_related(
        Prefetch(
            "betrokken",
            queryset=IncidentGemeente.objects.select_related("gemeente").order_by("gemeente__naam"),
        )
    )


def met_klok(incidenten: Iterable[Incident]) -> list[tuple[Incident, klok.Stand]]:
    return [(i, klok.stand(i, list(i.betrokken.all()))) for i in incidenten]


def lopende_klokken(user: User) -> list[tuple[Incident, klok.Stand]]:
    """Open (possible) datalekken whose clock runs, for the signal in the werkplek (FG/CISO)."""
    qs = met_gemeenten(
        zichtbaar(user).filter(klok.loopt_q(per_gemeente=False)).order_by("ontdekt_op")
    )[:20]
    return [(i, s) for i, s in met_klok(qs) if s.toestand != "gestopt"]
