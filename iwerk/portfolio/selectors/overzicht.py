"""What the landscape looks like: overlap per referentiecomponent and gemeente, and the count of
applications over time (is the landscape shrinking?). Two queries each, counted in Python."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from iwerk.core.models import Gemeente
from iwerk.portfolio.models import Gebruik, Levensfase


def in_gebruik_op(peildatum: date) -> Q:
    """In use on that day: started, not yet ended (a phase-out in progress still counts)."""
    return (
        Q(sinds__lte=peildatum)
        & (Q(einde__isnull=True) | Q(einde__gt=peildatum))
        & ~Q(status=Levensfase.uitgefaseerd, einde__isnull=True)
    )


@dataclass
class Rij:
    component: str
    per_gemeente: dict[int, list[str]] = field(default_factory=dict)
    verschillend: int = 0

    @property
    def kandidaat(self) -> bool:
        """More than one application for one component across the shared organisation."""
        return self.verschillend > 1


def overlap(gemeenten: list[Gemeente], peildatum: date) -> list[Rij]:
    rijen: dict[str, Rij] = {}
    apps_per_component: dict[str, set[int]] = defaultdict(set)
    gebruik = (
        Gebruik.objects.filter(in_gebruik_op(peildatum), gemeente__in=gemeenten)
        .select_related("applicatie")
        .prefetch_related("applicatie__componenten")
    )
    for g in gebruik:
        for component in g.applicatie.componenten.all():
            rij = rijen.setdefault(component.naam, Rij(component.naam))
            rij.per_gemeente.setdefault(g.gemeente_id, []).append(str(g.applicatie))
            apps_per_component[component.naam].add(g.applicatie_id)
    for naam, rij in rijen.items():
        rij.verschillend = len(apps_per_component[naam])
        for namen in rij.per_gemeente.values():
            namen.sort()
    return sorted(rijen.values(), key=lambda r: (-r.verschillend, r.component))


def aantal_in_de_tijd(gemeenten: list[Gemeente], peildata: list[date]) -> list[dict]:
    """Per date: distinct applications in use in the organisation, and per gemeente."""
    rows = list(
        Gebruik.objects.filter(gemeente__in=gemeenten).values(
            "applicatie_id", "gemeente_id", "sinds", "einde", "status"
        )
    )
    result = []
    for dag in peildata:
        actief = [
            r for r in rows
            if r["sinds"] <= dag and (r["einde"] is None or r["einde"] > dag)
            and not (r["status"] == Levensfase.uitgefaseerd and r["einde"] is None)
        ]  # fmt: skip
        result.append(
            {
                "peildatum": dag,
                "totaal": len({r["applicatie_id"] for r in actief}),
                "per_gemeente": {
                    g.pk: len({r["applicatie_id"] for r in actief if r["gemeente_id"] == g.pk})
                    for g in gemeenten
                },
            }
        )
    return result


def routekaart(gemeenten: list[Gemeente]) -> list[dict]:
    """Planned phase-outs by date, each with what takes over: the applications of the same
    referentiecomponenten that stay in use in that gemeente."""
    gebruik = list(
        Gebruik.objects.filter(gemeente__in=gemeenten)
        .select_related("applicatie", "gemeente")
        .prefetch_related("applicatie__componenten")
    )
    blijvend: dict[tuple[int, int], set[str]] = defaultdict(set)
    for g in gebruik:
        if g.status == Levensfase.in_gebruik and g.einde is None:
            for c in g.applicatie.componenten.all():
                blijvend[(g.gemeente_id, c.pk)].add(str(g.applicatie))
    result = []
    for g in gebruik:
        if g.status != Levensfase.uit_te_faseren or g.einde_gepland is None:
            continue
        vervangers = set()
        for c in g.applicatie.componenten.all():
            vervangers |= blijvend[(g.gemeente_id, c.pk)]
        vervangers.discard(str(g.applicatie))
        result.append(
            {
                "datum": g.einde_gepland,
                "applicatie": g.applicatie,
                "gemeente": g.gemeente,
                "vervangers": sorted(vervangers),
            }
        )
    return sorted(result, key=lambda r: (r["datum"], r["gemeente"].naam, str(r["applicatie"])))
