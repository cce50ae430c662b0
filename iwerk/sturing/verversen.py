"""The refresh job: keep Zaakfeit and the aggregates current, touching only what changed.

Every run takes the queued zaken (Bijwerking) and zaken created in bulk beyond the watermark,
recomputes their facts, and recomputes only the aggregate rows those facts were or are part
of: the days of their old and new startdatum and einddatum, the months of their einddatum, the
(gemeente, behandelaar, zaaktype) groups of the open ones. Once a day the deadline classes of
all open zaken are recomputed, because they move with the date. A full rebuild
(`iwerk sturing_herberekenen`, or automatically when a bulk load exceeds BULK_GRENS) does the
same for everything in a few set-based queries.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from iwerk.core import generations
from iwerk.sturing import feiten, klassen
from iwerk.sturing.models import (
    KANALEN,
    Bijwerking,
    Dagcijfer,
    Doorlooptijdtelling,
    Openstand,
    Verversing,
    Zaakfeit,
)
from iwerk.zaken.models import Zaak

logger = logging.getLogger(__name__)

GENERATION = "sturing"
BATCH = 5_000
BULK_GRENS = 50_000  # more new zaken than this at once: rebuild everything set-based


def _state() -> Verversing:
    state = Verversing.objects.select_for_update().filter(pk=1).first()
    return state or Verversing.objects.create(pk=1)


def verversen(*, vandaag: date | None = None, max_batches: int = 40) -> int:
    """Process what changed; returns the number of zaken whose facts were recomputed."""
    begin = time.monotonic()
    vandaag = vandaag or timezone.localdate()
    totaal = 0
    for _ in range(max_batches):
        with transaction.atomic():
            state = _state()
            nieuw = Zaak.objects.filter(pk__gt=state.laatste_zaak_id).count() if totaal == 0 else 0
            if nieuw > BULK_GRENS:
                totaal += _herbereken(state, vandaag)
                break
            verwerkt = _batch(state, vandaag)
            totaal += verwerkt
            if state.openstand_datum != vandaag:
                _openstand_alles(vandaag)
                state.openstand_datum = vandaag
            if verwerkt or state.bijgewerkt is None:
                state.bijgewerkt = timezone.now()
                state.duur_ms = int((time.monotonic() - begin) * 1000)
                state.verwerkt = totaal
            state.save()
        if verwerkt:
            generations.bump(GENERATION)
        if verwerkt < BATCH:
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
    queued_tot = Bijwerking.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
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
        _dagcijfers(tenant, None)
        _doorlooptijden(tenant, None)
    _openstand_alles(vandaag)
    Bijwerking.objects.filter(pk__lte=queued_tot).delete()
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
    oud = {f.zaak_id: f for f in Zaakfeit.objects.filter(zaak_id__in=ids)}
    tenant_ids = {f.tenant_id for f in oud.values()}
    nieuwe_feiten = feiten.bereken(ids, feiten.teams())
    tenant_ids |= {f.tenant_id for f in nieuwe_feiten}

    dagen: dict[int, set[date]] = defaultdict(set)
    maanden: dict[int, set[date]] = defaultdict(set)
    groepen: set[tuple[int, str, int]] = set()
    for f in [*oud.values(), *nieuwe_feiten]:
        dagen[f.tenant_id].add(f.startdatum)
        if f.einddatum:
            dagen[f.tenant_id].add(f.einddatum)
            maanden[f.tenant_id].add(f.einddatum.replace(day=1))
        else:
            groepen.add((f.tenant_id, f.behandelaar, f.zaaktype_id))

    Zaakfeit.objects.filter(zaak_id__in=ids).delete()
    Zaakfeit.objects.bulk_create(nieuwe_feiten, batch_size=2000)
    for tenant in tenant_ids:
        if dagen[tenant]:
            _dagcijfers(tenant, dagen[tenant])
        for maand in maanden[tenant]:
            _doorlooptijden(tenant, maand)
    _openstand_groepen(groepen, vandaag)
    if queued:
        Bijwerking.objects.filter(pk__lte=queued[-1][0]).delete()
    if nieuw:
        state.laatste_zaak_id = max(state.laatste_zaak_id, nieuw[-1])
    return len(ids)


def _chunks(values: Iterable, size: int = 500):
    values = sorted(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _dagcijfers(tenant: int, dagen: set[date] | None) -> None:
    """Recompute the Dagcijfers of these days of one gemeente (all days when None)."""
    rows: dict[tuple, Dagcijfer] = {}

    def row(dag, zaaktype_id, team_id) -> Dagcijfer:
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
    brokken = [None] if dagen is None else list(_chunks(dagen))
    for brok in brokken:
        base = Zaakfeit.objects.filter(tenant_id=tenant)
        instroom = base if brok is None else base.filter(startdatum__in=brok)
        for r in instroom.values("startdatum", "zaaktype_id", "team_id").annotate(
            instroom=Count("pk"), **kanaal_tellers
        ):
            d = row(r.pop("startdatum"), r.pop("zaaktype_id"), r.pop("team_id"))
            for name, value in r.items():
                setattr(d, name, value)
        uitstroom = base.filter(einddatum__isnull=False)
        if brok is not None:
            uitstroom = base.filter(einddatum__in=brok)
        for r in uitstroom.values("einddatum", "zaaktype_id", "team_id").annotate(**uit_tellers):
            d = row(r.pop("einddatum"), r.pop("zaaktype_id"), r.pop("team_id"))
            for name, value in r.items():
                setattr(d, name, value or 0)
        if brok is not None:
            Dagcijfer.objects.filter(tenant_id=tenant, dag__in=brok).delete()
    Dagcijfer.objects.bulk_create(rows.values(), batch_size=2000)


def _doorlooptijden(tenant: int, maand: date | None) -> None:
    """Recompute the doorlooptijd histogram of one month of one gemeente (all when None)."""
    feiten_ = Zaakfeit.objects.filter(tenant_id=tenant, einddatum__isnull=False)
    if maand is not None:
        volgende = date(maand.year + maand.month // 12, maand.month % 12 + 1, 1)
        feiten_ = feiten_.filter(einddatum__gte=maand, einddatum__lt=volgende)
        Doorlooptijdtelling.objects.filter(tenant_id=tenant, maand=maand).delete()
    Doorlooptijdtelling.objects.bulk_create(
        (
            Doorlooptijdtelling(tenant_id=tenant, **r)
            for r in feiten_.annotate(maand=TruncMonth("einddatum"))
            .values("maand", "zaaktype_id", "team_id", dagen=F("netto_doorlooptijd"))
            .annotate(aantal=Count("pk"))
            .order_by()
        ),
        batch_size=2000,
    )


def _openstand(feiten_qs, vandaag: date) -> list[Openstand]:
    tellingen: dict[tuple, list[int]] = {}
    for t, zt, team, beh, start, opg, sn, wt in feiten_qs.values_list(
        "tenant_id",
        "zaaktype_id",
        "team_id",
        "behandelaar",
        "startdatum",
        "opgeschort_sinds",
        "servicenorm_datum",
        "wettelijke_datum",
    ).iterator(chunk_size=5000):
        k = klassen.klasse(
            startdatum=start,
            opgeschort_sinds=opg,
            servicenorm_datum=sn,
            wettelijke_datum=wt,
            vandaag=vandaag,
        )
        telling = tellingen.setdefault((t, zt, team, beh, k), [0, 0])
        telling[0] += 1
        telling[1] += max((vandaag - start).days, 0)
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


def _openstand_groepen(groepen: set[tuple[int, str, int]], vandaag: date) -> None:
    per_tenant: dict[tuple[int, str], set[int]] = defaultdict(set)
    for tenant, behandelaar, zaaktype_id in groepen:
        per_tenant[(tenant, behandelaar)].add(zaaktype_id)
    for (tenant, behandelaar), zaaktype_ids in per_tenant.items():
        groep = Q(tenant_id=tenant, behandelaar=behandelaar, zaaktype_id__in=zaaktype_ids)
        Openstand.objects.filter(groep).delete()
        Openstand.objects.bulk_create(
            _openstand(Zaakfeit.objects.filter(groep, einddatum__isnull=True), vandaag)
        )
