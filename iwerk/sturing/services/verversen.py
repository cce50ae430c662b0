"""The refresh job: keep Zaakfeit and the aggregates current, touching only what changed.

Every run takes the queued zaken (Bijwerking) and zaken created in bulk beyond the watermark,
recomputes their facts, and moves the aggregates by the difference: each old fact's
contribution out, each new fact's in (Delta) — work in proportion to the changes, not to the
data. Once a day the deadline classes of all open zaken are recomputed, because they move with
the date. A full rebuild
(`iwerk sturing_herberekenen`, or automatically when a bulk load exceeds BULK_GRENS) does the
same for everything in a few set-based queries.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, TypeVar, cast

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from iwerk.core import generations
from iwerk.sturing.models import (
    KANALEN,
    Bijwerking,
    Dagcijfer,
    Doorlooptijdtelling,
    Openstand,
    Verversing,
    Zaakfeit,
)
from iwerk.sturing.selectors import feiten, klassen
from iwerk.zaken.models import Zaak

logger = logging.getLogger(__name__)

GENERATION = "sturing"
BATCH = 5_000
BULK_GRENS = 50_000  # more new zaken than this at once: rebuild everything set-based

_Rij = TypeVar("_Rij", Dagcijfer, Doorlooptijdtelling, Openstand)  # an aggregate row


def _state() -> Verversing:
    """The job's state row, locked for this transaction: one refresh at a time, also on SQLite
    (whose SELECT FOR UPDATE is a no-op: the first write takes the database's write lock, so a
    second worker waits here instead of applying the same changes twice)."""
    Verversing.objects.get_or_create(pk=1)
    Verversing.objects.filter(pk=1).update(verwerkt=F("verwerkt"))
    return Verversing.objects.select_for_update().get(pk=1)


def verversen(*, vandaag: date | None = None, max_batches: int = 40) -> int:
    """Process what changed; returns the number of zaken whose facts were recomputed."""
    begin = time.monotonic()
    vandaag = vandaag or timezone.localdate()
    totaal = 0
    for _ in range(max_batches):
        with transaction.atomic():
            state = _state()
            nieuw = Zaak.objects.filter(pk__gt=state.laatste_zaak_id).count() if totaal == 0 else 0
            # A bulk load beyond BULK_GRENS: rebuild set-based rather than zaak by zaak.
            bulk = nieuw > BULK_GRENS
            verwerkt = _herbereken(state, vandaag) if bulk else _batch(state, vandaag)
            totaal += verwerkt
            nieuwe_dag = state.openstand_datum != vandaag
            if nieuwe_dag:
                _openstand_alles(vandaag)
                state.openstand_datum = vandaag
            if verwerkt or state.bijgewerkt is None:
                state.bijgewerkt = timezone.now()
                state.duur_ms = int((time.monotonic() - begin) * 1000)
                state.verwerkt = totaal
            state.save()
        if verwerkt or nieuwe_dag:  # new deadline classes: prepared views are out of date
            generations.bump(GENERATION)
        if verwerkt < BATCH or bulk:
            break
    return totaal


def herberekenen(*, vandaag: date | None = None) -> int:
    """Rebuild every fact and aggregate from the registers."""
    begin = time.monotonic()
    vandaag = vandaag or timezone.localdate()
    with transaction.atomic():
        state = _state()
        totaal = _herbereken(state, vandaag)
        state.duur_ms = int((time.monotonic() - begin) * 1000)
        state.save()
    generations.bump(GENERATION)
    return totaal


def _herbereken(state: Verversing, vandaag: date) -> int:
    hoogste = Zaak.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    Zaakfeit.objects.all().delete()
    team_van = feiten.teams()
    totaal = 0
    laatste = 0
    while True:
        ids = list(
            Zaak.objects.filter(pk__gt=laatste).order_by("pk").values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        Zaakfeit.objects.bulk_create(feiten.bereken(ids, team_van), batch_size=2000)
        totaal += len(ids)
        laatste = ids[-1]
    Dagcijfer.objects.all().delete()
    Doorlooptijdtelling.objects.all().delete()
    tenants = list(Zaakfeit.objects.values_list("tenant_id", flat=True).distinct())
    for tenant in tenants:
        _dagcijfers(tenant)
        _doorlooptijden(tenant)
    _openstand_alles(vandaag)
    # The queue stays: a change committed while this ran is then applied on top (recomputing a
    # fact that is already current changes nothing).
    state.laatste_zaak_id = max(hoogste, state.laatste_zaak_id)
    state.openstand_datum = vandaag
    state.bijgewerkt = timezone.now()
    state.verwerkt = totaal
    return totaal


def _batch(state: Verversing, vandaag: date) -> int:
    queued = list(Bijwerking.objects.order_by("pk").values_list("pk", "zaak_id")[:BATCH])
    nieuw = list(
        Zaak.objects.filter(pk__gt=state.laatste_zaak_id)
        .order_by("pk")
        .values_list("pk", flat=True)[: BATCH - len(queued)]
    )
    ids = sorted({z for _, z in queued} | set(nieuw))
    if not ids:
        return 0
    oud = list(Zaakfeit.objects.filter(zaak_id__in=ids))
    nieuwe_feiten = feiten.bereken(ids, feiten.teams())
    # The aggregates hold the sum of every fact's contribution: take the old facts' out and put
    # the new ones' in. The deadline classes only when they were computed for today already
    # (otherwise the daily recomputation follows).
    delta = Delta(openstand=state.openstand_datum == vandaag, vandaag=vandaag)
    for feit in oud:
        delta.bijdrage(feit, -1)
    for feit in nieuwe_feiten:
        delta.bijdrage(feit, +1)
    Zaakfeit.objects.filter(zaak_id__in=ids).delete()
    Zaakfeit.objects.bulk_create(nieuwe_feiten, batch_size=2000)
    delta.toepassen()
    # Exactly the rows read: a row with a lower id committed meanwhile waits for the next run.
    Bijwerking.objects.filter(pk__in=[pk for pk, _ in queued]).delete()
    if nieuw:
        state.laatste_zaak_id = max(state.laatste_zaak_id, nieuw[-1])
    return len(ids)


_DAGVELDEN = (
    "instroom",
    *(f"instroom_{k}" for k in KANALEN),
    "uitstroom",
    "met_servicenorm",
    "binnen_servicenorm",
    "met_wettelijke_termijn",
    "binnen_wettelijke_termijn",
    "doorlooptijd_som",
    "zonder_resultaat",
    "zonder_archiefnominatie",
)


class Delta:
    """What changed facts add to and take from each aggregate row, applied in a few queries."""

    def __init__(self, *, openstand: bool, vandaag: date):
        self.openstand = openstand
        self.vandaag = vandaag
        self.dag: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.doorlooptijd: dict[tuple, int] = defaultdict(int)
        self.open: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])

    def bijdrage(self, f: Zaakfeit, teken: int) -> None:
        instroom = self.dag[(f.tenant_id, f.startdatum, f.zaaktype_id, f.team_id)]
        instroom["instroom"] += teken
        instroom[f"instroom_{f.kanaal}"] += teken
        if f.einddatum:
            uit = self.dag[(f.tenant_id, f.einddatum, f.zaaktype_id, f.team_id)]
            uit["uitstroom"] += teken
            if f.servicenorm_datum:
                uit["met_servicenorm"] += teken
                uit["binnen_servicenorm"] += teken * (f.einddatum <= f.servicenorm_datum)
            if f.wettelijke_datum:
                uit["met_wettelijke_termijn"] += teken
                uit["binnen_wettelijke_termijn"] += teken * (f.einddatum <= f.wettelijke_datum)
            uit["doorlooptijd_som"] += teken * (f.netto_doorlooptijd or 0)
            uit["zonder_resultaat"] += teken * (not f.heeft_resultaat)
            uit["zonder_archiefnominatie"] += teken * (not f.heeft_archiefnominatie)
            maand = f.einddatum.replace(day=1)
            self.doorlooptijd[
                (f.tenant_id, maand, f.zaaktype_id, f.team_id, f.netto_doorlooptijd)
            ] += teken
        elif self.openstand:
            velden = tuple(getattr(f, naam) for naam in _OPEN_VELDEN)
            sleutel, leeftijd = _open_bijdrage(velden, self.vandaag)
            telling = self.open[sleutel]
            telling[0] += teken
            telling[1] += teken * leeftijd

    def toepassen(self) -> None:
        self._dagcijfers()
        self._doorlooptijden()
        self._openstanden()

    def _dagcijfers(self) -> None:
        wijzigingen = {k: v for k, v in self.dag.items() if any(v.values())}
        per_tenant: dict[int, set[date]] = defaultdict(set)
        for tenant, dag, _, _ in wijzigingen:
            per_tenant[tenant].add(dag)
        bestaand = {}
        for tenant, dagen in per_tenant.items():
            for brok in _chunks(dagen):
                for rij in Dagcijfer.objects.filter(tenant_id=tenant, dag__in=brok):
                    bestaand[(rij.tenant_id, rij.dag, rij.zaaktype_id, rij.team_id)] = rij
        rijen = []
        for (tenant, dag, zaaktype_id, team_id), veranderd in wijzigingen.items():
            rij = bestaand.get((tenant, dag, zaaktype_id, team_id)) or Dagcijfer(
                tenant_id=tenant, dag=dag, zaaktype_id=zaaktype_id, team_id=team_id
            )
            for veld, waarde in veranderd.items():
                setattr(rij, veld, getattr(rij, veld) + waarde)
            rijen.append(rij)
        _opslaan(Dagcijfer, rijen, lambda r: any(getattr(r, v) for v in _DAGVELDEN))

    def _doorlooptijden(self) -> None:
        wijzigingen = {k: v for k, v in self.doorlooptijd.items() if v}
        bestaand = {}
        # By exact key (a histogram row per month, zaaktype, team and number of days): IN lists
        # per column would match most of the table once changes spread over the years.
        sleutels = sorted(wijzigingen)
        for start in range(0, len(sleutels), 200):
            q = Q(pk__in=[])
            for tenant, maand, zaaktype_id, team_id, dagen in sleutels[start : start + 200]:
                q |= Q(
                    tenant_id=tenant, maand=maand, zaaktype_id=zaaktype_id, team_id=team_id,
                    dagen=dagen,
                )  # fmt: skip
            for rij in Doorlooptijdtelling.objects.filter(q):
                bestaand[(rij.tenant_id, rij.maand, rij.zaaktype_id, rij.team_id, rij.dagen)] = rij
        rijen = []
        for (tenant, maand, zaaktype_id, team_id, dagen), aantal in wijzigingen.items():
            rij = bestaand.get((tenant, maand, zaaktype_id, team_id, dagen)) or Doorlooptijdtelling(
                tenant_id=tenant, maand=maand, zaaktype_id=zaaktype_id, team_id=team_id,
                dagen=dagen, aantal=0,
            )  # fmt: skip
            rij.aantal += aantal
            rijen.append(rij)
        _opslaan(Doorlooptijdtelling, rijen, lambda r: r.aantal)

    def _openstanden(self) -> None:
        wijzigingen = {k: v for k, v in self.open.items() if v[0] or v[1]}
        groepen: dict[int, tuple[set, set]] = defaultdict(lambda: (set(), set()))
        for tenant, zaaktype_id, _, behandelaar, _ in wijzigingen:
            groepen[tenant][0].add(zaaktype_id)
            groepen[tenant][1].add(behandelaar)
        bestaand = {}
        for tenant, (zaaktypen, behandelaars) in groepen.items():
            for rij in Openstand.objects.filter(
                tenant_id=tenant, zaaktype_id__in=zaaktypen, behandelaar__in=behandelaars
            ):
                sleutel = (tenant, rij.zaaktype_id, rij.team_id, rij.behandelaar, rij.klasse)
                bestaand[sleutel] = rij
        rijen = []
        for sleutel, (aantal, leeftijd) in wijzigingen.items():
            tenant, zaaktype_id, team_id, behandelaar, klasse = sleutel
            rij = bestaand.get(sleutel) or Openstand(
                tenant_id=tenant, zaaktype_id=zaaktype_id, team_id=team_id,
                behandelaar=behandelaar, klasse=klasse, aantal=0, leeftijd_som=0,
            )  # fmt: skip
            rij.aantal += aantal
            rij.leeftijd_som += leeftijd
            rijen.append(rij)
        _opslaan(Openstand, rijen, lambda r: r.aantal)


def _opslaan(model: type[_Rij], rijen: list[_Rij], telt: Callable[[_Rij], object]) -> None:
    """Write changed aggregate rows: the old ones out, the ones that still count anything in.
    (Delete and insert by primary key beats a bulk UPDATE with a CASE per column.)"""
    oud = [r.pk for r in rijen if r.pk]
    for start in range(0, len(oud), 1000):
        model.objects.filter(pk__in=oud[start : start + 1000]).delete()
    for r in rijen:
        r.pk = None
    model.objects.bulk_create([r for r in rijen if telt(r)], batch_size=1000)


def _chunks(values: Iterable, size: int = 500) -> Iterator[list]:
    values = sorted(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _dagcijfers(tenant: int) -> None:
    """Every Dagcijfer of one gemeente from its facts, set-based (the full rebuild)."""
    rows: dict[tuple, Dagcijfer] = {}

    def row(dag: date, zaaktype_id: int, team_id: int) -> Dagcijfer:
        key = (dag, zaaktype_id, team_id)
        if key not in rows:
            rows[key] = Dagcijfer(
                tenant_id=tenant, dag=dag, zaaktype_id=zaaktype_id, team_id=team_id
            )
        return rows[key]

    kanaal_tellers = {f"instroom_{k}": Count("pk", filter=Q(kanaal=k)) for k in KANALEN}
    uit_tellers = {
        "uitstroom": Count("pk"),
        "met_servicenorm": Count("pk", filter=Q(servicenorm_datum__isnull=False)),
        "binnen_servicenorm": Count("pk", filter=Q(einddatum__lte=F("servicenorm_datum"))),
        "met_wettelijke_termijn": Count("pk", filter=Q(wettelijke_datum__isnull=False)),
        "binnen_wettelijke_termijn": Count("pk", filter=Q(einddatum__lte=F("wettelijke_datum"))),
        "doorlooptijd_som": Sum("netto_doorlooptijd"),
        "zonder_resultaat": Count("pk", filter=Q(heeft_resultaat=False)),
        "zonder_archiefnominatie": Count("pk", filter=Q(heeft_archiefnominatie=False)),
    }
    feiten_ = Zaakfeit.objects.filter(tenant_id=tenant)
    instroom = feiten_.values("startdatum", "zaaktype_id", "team_id").annotate(
        instroom=Count("pk"), **kanaal_tellers
    )
    for r in cast("Iterable[dict[str, Any]]", instroom):  # values() rows are plain dicts
        d = row(r.pop("startdatum"), r.pop("zaaktype_id"), r.pop("team_id"))
        for name, value in r.items():
            setattr(d, name, value)
    uitstroom = (
        feiten_.filter(einddatum__isnull=False)
        .values("einddatum", "zaaktype_id", "team_id")
        .annotate(**uit_tellers)
    )
    for r in cast("Iterable[dict[str, Any]]", uitstroom):
        d = row(r.pop("einddatum"), r.pop("zaaktype_id"), r.pop("team_id"))
        for name, value in r.items():
            setattr(d, name, value or 0)
    Dagcijfer.objects.bulk_create(rows.values(), batch_size=2000)


def _doorlooptijden(tenant: int) -> None:
    """The doorlooptijd histogram of one gemeente from its facts, set-based (the full rebuild)."""
    Doorlooptijdtelling.objects.bulk_create(
        (
            Doorlooptijdtelling(tenant_id=tenant, **r)
            for r in Zaakfeit.objects.filter(tenant_id=tenant, einddatum__isnull=False)
            .annotate(maand=TruncMonth("einddatum"))
            .values("maand", "zaaktype_id", "team_id", dagen=F("netto_doorlooptijd"))
            .annotate(aantal=Count("pk"))
            .order_by()
        ),
        batch_size=2000,
    )


_OPEN_VELDEN = (
    "tenant_id",
    "zaaktype_id",
    "team_id",
    "behandelaar",
    "startdatum",
    "opgeschort_sinds",
    "servicenorm_datum",
    "wettelijke_datum",
)


def _open_bijdrage(velden: tuple, vandaag: date) -> tuple[tuple, int]:
    """The Openstand row an open fact counts in (its _OPEN_VELDEN), and its age in days."""
    tenant, zaaktype_id, team_id, behandelaar, start, opgeschort, servicenorm, wettelijk = velden
    k = klassen.klasse(
        startdatum=start,
        opgeschort_sinds=opgeschort,
        servicenorm_datum=servicenorm,
        wettelijke_datum=wettelijk,
        vandaag=vandaag,
    )
    return (tenant, zaaktype_id, team_id, behandelaar, k), max((vandaag - start).days, 0)


def _openstand(feiten_qs: QuerySet[Zaakfeit], vandaag: date) -> list[Openstand]:
    tellingen: dict[tuple, list[int]] = {}
    for velden in feiten_qs.values_list(*_OPEN_VELDEN).iterator(chunk_size=5000):
        sleutel, leeftijd = _open_bijdrage(velden, vandaag)
        telling = tellingen.setdefault(sleutel, [0, 0])
        telling[0] += 1
        telling[1] += leeftijd
    return [
        Openstand(
            tenant_id=t,
            zaaktype_id=zt,
            team_id=team,
            behandelaar=beh,
            klasse=k,
            aantal=aantal,
            leeftijd_som=leeftijd,
        )
        for (t, zt, team, beh, k), (aantal, leeftijd) in tellingen.items()
    ]


def _openstand_alles(vandaag: date) -> None:
    Openstand.objects.all().delete()
    Openstand.objects.bulk_create(
        _openstand(Zaakfeit.objects.filter(einddatum__isnull=True), vandaag), batch_size=2000
    )
