"""What the landscape costs per GEMMA referentiecomponent and per gemeente.

An application's yearly cost is shared among the gemeenten that use it on the peildatum with
the key of its cost item in the Sturing register (iwerk.sturing.selectors.kosten) when it has one — e.g.
usage (P × Q) for a licensed package — and otherwise by inhabitants of the gemeenten using it
(equal shares when those are not recorded). An application that fulfils several components
counts for each of them in equal parts (ADR 0021)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from iwerk.core.models import Gemeente
from iwerk.portfolio.models import Applicatie, Gebruik
from iwerk.portfolio.selectors.overzicht import in_gebruik_op
from iwerk.sturing.selectors import kosten as sturing_kosten


@dataclass
class Componentkosten:
    component: str
    per_gemeente: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    applicaties: set[str] = field(default_factory=set)

    @property
    def totaal(self) -> Decimal:
        return sum(self.per_gemeente.values(), Decimal(0))


def per_applicatie(peildatum: date) -> dict[int, dict[int, Decimal]]:
    """Application → gemeente → its share of the yearly cost."""
    grond = sturing_kosten.Grondslagen.laden(peildatum.year)
    gebruikers: dict[int, set[int]] = defaultdict(set)
    for applicatie_id, gemeente_id in Gebruik.objects.filter(in_gebruik_op(peildatum)).values_list(
        "applicatie_id", "gemeente_id"
    ):
        gebruikers[applicatie_id].add(gemeente_id)
    uitkomst = {}
    for app in Applicatie.objects.filter(pk__in=gebruikers).prefetch_related("kostenposten"):
        bedrag = Decimal(app.kosten_per_jaar)
        if not bedrag:
            continue
        gemeenten = gebruikers[app.pk]
        post = next(iter(app.kostenposten.all()), None)
        aandelen = None
        if post is not None:
            try:
                aandelen = sturing_kosten.toerekenen(post, bedrag, grond)
            except sturing_kosten.GeenGrondslag:
                aandelen = None
        if aandelen is None:
            gewichten = {g: grond.inwoners.get(g, Decimal(0)) for g in gemeenten}
            if not any(gewichten.values()):
                gewichten = dict.fromkeys(gemeenten, Decimal(1))
            aandelen = sturing_kosten.verdeel(bedrag, gewichten)
        uitkomst[app.pk] = aandelen
    return uitkomst


def per_component(peildatum: date) -> list[Componentkosten]:
    aandelen = per_applicatie(peildatum)
    rijen: dict[str, Componentkosten] = {}
    for app in Applicatie.objects.filter(pk__in=aandelen).prefetch_related("componenten"):
        componenten = list(app.componenten.all())
        if not componenten:
            continue
        for component in componenten:
            rij = rijen.setdefault(component.naam, Componentkosten(component.naam))
            rij.applicaties.add(app.naam)
            # An equal part per component, to the cent, adding up to the application's share.
            for gemeente_id, bedrag in aandelen[app.pk].items():
                delen = sturing_kosten.verdeel(bedrag, {c.pk: Decimal(1) for c in componenten})
                rij.per_gemeente[gemeente_id] += delen[component.pk]
    return sorted(rijen.values(), key=lambda r: (-r.totaal, r.component))


def totaal_per_gemeente(rijen: list[Componentkosten], gemeenten: list[Gemeente]) -> list[Decimal]:
    return [
        sum((r.per_gemeente.get(g.pk, Decimal(0)) for r in rijen), Decimal(0)) for g in gemeenten
    ]
