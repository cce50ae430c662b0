"""Sharing the costs of the i-werkorganisatie among the gemeenten, by a key per cost item.

Keys (research §5.2): fixed percentages; inhabitants; users; zaken (from the Sturing figures);
usage of an application (P × Q: the price per unit is the amount over all units used); a base
package shared by a base key plus the extras a gemeente takes, charged to it alone.

The advance (voorschot) shares the budget by the key's figures of the year before, as known
when the budget is set; the final charge shares the realised amount by the figures of the year
itself; the year-end settlement is their difference (ADR 0021). Amounts are shared to the cent
by the largest-remainder method, so the shares always add up to the amount.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Sum

from iwerk.core.models import Gemeente
from iwerk.sturing.models import (
    Dagcijfer,
    Kostenbedrag,
    Kostenpost,
    Sleutelwaarde,
    Verdeelgegevens,
    Verdeelsleutel,
)

CENT = Decimal("0.01")


class GeenGrondslag(ValueError):
    """The key has no figures to share by (or inconsistent ones): say which, do not guess."""


def verdeel(bedrag: Decimal, gewichten: dict[int, Decimal]) -> dict[int, Decimal]:
    """Share bedrag in proportion to the weights, to the cent, adding up exactly."""
    gewichten = {g: Decimal(w) for g, w in gewichten.items() if Decimal(w) > 0}
    totaal = sum(gewichten.values(), Decimal(0))
    if totaal <= 0:
        raise GeenGrondslag("Er is geen grondslag om te verdelen.")
    centen = int((Decimal(bedrag) / CENT).to_integral_value())
    ruw = {g: Decimal(centen) * w / totaal for g, w in gewichten.items()}
    basis = {g: int(r.to_integral_value(rounding=ROUND_FLOOR)) for g, r in ruw.items()}
    rest = centen - sum(basis.values())
    for g in sorted(ruw, key=lambda g: (-(ruw[g] - basis[g]), g))[:rest]:
        basis[g] += 1
    return {g: Decimal(c) * CENT for g, c in basis.items()}


def zaken_per_gemeente(jaar: int) -> dict[int, Decimal]:
    """Zaken started in a year per gemeente, from the Sturing aggregates."""
    return {
        t: Decimal(n)
        for t, n in Dagcijfer.objects.filter(dag__year=jaar)
        .values("tenant_id")
        .annotate(n=Sum("instroom"))
        .values_list("tenant_id", "n")
    }


@dataclass
class Grondslagen:
    """Every figure a key may use, for one year, read once."""

    jaar: int
    inwoners: dict[int, Decimal]
    gebruikers: dict[int, Decimal]
    zaken: dict[int, Decimal]
    sleutelwaarden: dict[tuple[int, int], dict[int, Decimal]]  # (post, jaar) → gemeente → waarde

    @classmethod
    def laden(cls, jaar: int) -> Grondslagen:
        inwoners, gebruikers = {}, {}
        for g, i, u in Verdeelgegevens.objects.filter(jaar=jaar).values_list(
            "gemeente_id", "inwoners", "gebruikers"
        ):
            inwoners[g], gebruikers[g] = Decimal(i), Decimal(u)
        waarden: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
        for post, j, g, w in Sleutelwaarde.objects.filter(jaar__in=[jaar, jaar - 1]).values_list(
            "post_id", "jaar", "gemeente_id", "waarde"
        ):
            waarden[(post, j)][g] = w
        return cls(jaar, inwoners, gebruikers, zaken_per_gemeente(jaar), dict(waarden))


def _eenvoudig(sleutel: str, grond: Grondslagen, post: Kostenpost) -> dict[int, Decimal]:
    if sleutel == Verdeelsleutel.inwoners:
        waarden = grond.inwoners
    elif sleutel == Verdeelsleutel.gebruikers:
        waarden = grond.gebruikers
    elif sleutel == Verdeelsleutel.zaken:
        waarden = grond.zaken
    elif sleutel == Verdeelsleutel.vast:
        waarden = grond.sleutelwaarden.get((post.pk, grond.jaar), {})
        som = sum(waarden.values(), Decimal(0))
        if waarden and som != 100:
            raise GeenGrondslag(f"De vaste percentages tellen op tot {som}% in plaats van 100%.")
    elif sleutel == Verdeelsleutel.gebruik:
        waarden = grond.sleutelwaarden.get((post.pk, grond.jaar), {})
    else:
        raise GeenGrondslag(f"Onbekende verdeelsleutel '{sleutel}'.")
    if not any(w > 0 for w in waarden.values()):
        label = dict(Verdeelsleutel.choices).get(sleutel, sleutel).lower()
        raise GeenGrondslag(f"Geen gegevens voor '{label}' in {grond.jaar}.")
    return waarden


def toerekenen(post: Kostenpost, bedrag: Decimal, grond: Grondslagen) -> dict[int, Decimal]:
    """The charge per gemeente of one amount of one cost item."""
    if post.verdeelsleutel != Verdeelsleutel.basis_plus:
        return verdeel(bedrag, _eenvoudig(post.verdeelsleutel, grond, post))
    extras = {g: w for g, w in grond.sleutelwaarden.get((post.pk, grond.jaar), {}).items() if w}
    som_extras = sum(extras.values(), Decimal(0))
    if som_extras > bedrag:
        raise GeenGrondslag(
            f"De extra's (€ {som_extras}) zijn meer dan het bedrag van de post (€ {bedrag})."
        )
    if not post.basissleutel:
        raise GeenGrondslag("Kies een sleutel voor het basispakket.")
    uitkomst = verdeel(bedrag - som_extras, _eenvoudig(post.basissleutel, grond, post))
    for g, extra in extras.items():
        uitkomst[g] = uitkomst.get(g, Decimal(0)) + extra
    return uitkomst


@dataclass
class Postregel:
    post: Kostenpost
    jaar: int
    begroot: Decimal | None
    gerealiseerd: Decimal | None
    voorschot: dict[int, Decimal] = field(default_factory=dict)
    definitief: dict[int, Decimal] = field(default_factory=dict)
    fout: str = ""

    @property
    def verschil(self) -> Decimal | None:
        if self.begroot is None or self.gerealiseerd is None:
            return None
        return self.gerealiseerd - self.begroot


@dataclass
class Jaaroverzicht:
    jaar: int
    gemeenten: list[Gemeente]
    posten: list[Postregel]

    def totaal(self, soort: str) -> dict[int, Decimal]:
        som: dict[int, Decimal] = defaultdict(Decimal)
        for regel in self.posten:
            for g, b in getattr(regel, soort).items():
                som[g] += b
        return dict(som)

    def afrekening(self) -> list[tuple[Gemeente, Decimal, Decimal | None, Decimal | None]]:
        """Per gemeente: advance paid, final charge and the difference to settle (positive:
        to pay; negative: to receive). Only when every item of the year is realised."""
        voorschot = self.totaal("voorschot")
        definitief = self.totaal("definitief")
        compleet = all(r.gerealiseerd is not None and not r.fout for r in self.posten)
        return [
            (
                g,
                voorschot.get(g.pk, Decimal(0)),
                definitief.get(g.pk, Decimal(0)) if compleet else None,
                definitief.get(g.pk, Decimal(0)) - voorschot.get(g.pk, Decimal(0))
                if compleet
                else None,
            )
            for g in self.gemeenten
        ]


def jaaroverzicht(jaar: int) -> Jaaroverzicht:
    """Budget vs. realised per item, and the shares per gemeente of both."""
    huidig = Grondslagen.laden(jaar)
    vorig = Grondslagen.laden(jaar - 1)
    regels = []
    for bedrag in (
        Kostenbedrag.objects.filter(jaar=jaar).select_related("post").order_by("post__naam")
    ):
        regel = Postregel(bedrag.post, jaar, bedrag.begroot, bedrag.gerealiseerd)
        try:
            # The advance is set with last year's figures when there are any (t-1).
            grond = vorig if _heeft(bedrag.post, vorig) else huidig
            if bedrag.post.verdeelsleutel in (Verdeelsleutel.vast, Verdeelsleutel.basis_plus):
                grond = _met_waarden_van(grond, huidig)
            regel.voorschot = toerekenen(bedrag.post, bedrag.begroot, grond)
            if bedrag.gerealiseerd is not None:
                regel.definitief = toerekenen(bedrag.post, bedrag.gerealiseerd, huidig)
        except GeenGrondslag as fout:
            regel.fout = str(fout)
        regels.append(regel)
    return Jaaroverzicht(jaar, list(Gemeente.objects.order_by("naam")), regels)


def _heeft(post: Kostenpost, grond: Grondslagen) -> bool:
    try:
        toerekenen(post, Decimal("1.00"), grond)
    except GeenGrondslag:
        return False
    return True


def _met_waarden_van(grond: Grondslagen, huidig: Grondslagen) -> Grondslagen:
    """Fixed percentages and agreed extras hold for the year itself, also in the advance."""
    waarden = dict(grond.sleutelwaarden)
    for (post, j), w in huidig.sleutelwaarden.items():
        if j == huidig.jaar:
            waarden[(post, grond.jaar)] = w
    return Grondslagen(grond.jaar, grond.inwoners, grond.gebruikers, grond.zaken, waarden)
