"""Signalling for archiefbeheer: how many zaken are due for destruction or for transfer, per
gemeente and zaaktype, and how many destruction lists wait for review.

A zaak is *due* when it is closed, still `nog_te_archiveren`, its archiefactiedatum has come
(on or before today) and no work on it is under way: it is not on an active destruction list
(an item `opgenomen` on a list that is not executed or aborted) and not in a transfer package
that awaits the repository's receipt. Archiefnominatie `vernietigen` makes it due for
destruction, `blijvend_bewaren` due for transfer. *Binnenkort* counts the zaken whose date
comes within the next BINNENKORT_DAGEN days; *achterstallig* those whose date passed more than
a year ago (the archival backlog management is shown in Sturing).

All counts of any number of gemeenten come from one grouped query over the zaken, bounded by the
index on archiefactiedatum (zaken whose date lies further ahead are never read), plus one query
naming the zaaktypen and one counting the lists: three queries, whatever the number of zaken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from iwerk.archief.models import (
    ACTIEVE_LIJSTSTATUSSEN,
    Itemstatus,
    Lijstitem,
    Lijststatus,
    Overbrengingsitem,
    Overbrengingsstatus,
    Vernietigingslijst,
)
from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.zaken.models import Archiefstatus, Zaak

BINNENKORT_DAGEN = 90
VERNIETIGEN = "vernietigen"
BLIJVEND_BEWAREN = "blijvend_bewaren"


@dataclass(frozen=True)
class Telling:
    """Due zaken of one archiefnominatie: now, within BINNENKORT_DAGEN days, and (part of
    `nu`) those whose archiefactiedatum passed more than a year ago."""

    nu: int = 0
    binnenkort: int = 0
    achterstallig: int = 0

    def __add__(self, other: Telling) -> Telling:
        return Telling(
            self.nu + other.nu,
            self.binnenkort + other.binnenkort,
            self.achterstallig + other.achterstallig,
        )


@dataclass(frozen=True)
class Zaaktypestand:
    """The due zaken of one zaaktype (all its versions), named by its newest version."""

    identificatie: str
    omschrijving: str
    vernietigen: Telling
    overbrengen: Telling


@dataclass(frozen=True)
class Archiefstand:
    """The archival state of one gemeente on one day."""

    gemeente_id: int
    vandaag: date
    zaaktypen: list[Zaaktypestand] = field(default_factory=list)  # by omschrijving
    lijsten_ter_beoordeling: int = 0

    @property
    def vernietigen(self) -> Telling:
        return sum((z.vernietigen for z in self.zaaktypen), Telling())

    @property
    def overbrengen(self) -> Telling:
        return sum((z.overbrengen for z in self.zaaktypen), Telling())


def archiefstand(gemeente: Gemeente, *, vandaag: date | None = None) -> Archiefstand:
    """The zaken of one gemeente due for destruction and for transfer per zaaktype, those due
    within BINNENKORT_DAGEN days, the backlog older than a year, and its lists in review.

    For the records manager's werkplek; at most three queries."""
    vandaag = vandaag or timezone.localdate()
    return archiefstanden([gemeente.pk], vandaag=vandaag)[gemeente.pk]


def archiefstanden(gemeente_ids: Iterable[int], *, vandaag: date) -> dict[int, Archiefstand]:
    """`archiefstand` of several gemeenten at once (Sturing's joint view), by gemeente id: every
    asked gemeente is in the result, with zeros when nothing is due. At most three queries."""
    ids = sorted(set(gemeente_ids))
    per_zaaktype = _tellingen(ids, vandaag)
    namen = _zaaktypenamen({zaaktype_id for _, zaaktype_id in per_zaaktype})
    lijsten = lijsten_ter_beoordeling(ids)

    # Versions of one zaaktype are counted together, under its identificatie.
    gegroepeerd: dict[int, dict[str, tuple[Telling, Telling]]] = {pk: {} for pk in ids}
    omschrijvingen: dict[tuple[int, str], str] = {}
    for (gemeente_id, zaaktype_id), (vernietigen, overbrengen) in per_zaaktype.items():
        identificatie, omschrijving = namen[zaaktype_id]
        omschrijvingen[gemeente_id, identificatie] = omschrijving
        oud = gegroepeerd[gemeente_id].get(identificatie, (Telling(), Telling()))
        gegroepeerd[gemeente_id][identificatie] = (oud[0] + vernietigen, oud[1] + overbrengen)
    return {
        gemeente_id: Archiefstand(
            gemeente_id=gemeente_id,
            vandaag=vandaag,
            zaaktypen=sorted(
                (
                    Zaaktypestand(identificatie, omschrijvingen[gemeente_id, identificatie], v, o)
                    for identificatie, (v, o) in gegroepeerd[gemeente_id].items()
                ),
                key=lambda z: (z.omschrijving.lower(), z.identificatie),
            ),
            lijsten_ter_beoordeling=lijsten.get(gemeente_id, 0),
        )
        for gemeente_id in ids
    }


def zaken_met_archiefactie(gemeente_ids: Iterable[int], *, tot_en_met: date) -> QuerySet[Zaak]:
    """The zaken of these gemeenten whose archiefactiedatum is on or before `tot_en_met` and
    that are due by every other condition (closed, nog_te_archiveren, a nominatie, no list or
    package under way). The base of the counts; the werkplek may list them."""
    op_actieve_lijst = Lijstitem.objects.filter(
        zaak_id=OuterRef("pk"),
        status=Itemstatus.opgenomen,
        lijst__status__in=ACTIEVE_LIJSTSTATUSSEN,
    )
    in_open_pakket = Overbrengingsitem.objects.filter(
        zaak_id=OuterRef("pk"), overbrenging__status=Overbrengingsstatus.klaargezet
    )
    return Zaak.objects.filter(
        tenant_id__in=list(gemeente_ids),
        archiefactiedatum__lte=tot_en_met,
        archiefstatus=Archiefstatus.nog_te_archiveren,
        archiefnominatie__in=(VERNIETIGEN, BLIJVEND_BEWAREN),
        einddatum__isnull=False,
    ).filter(~Exists(op_actieve_lijst), ~Exists(in_open_pakket))


def _tellingen(ids: list[int], vandaag: date) -> dict[tuple[int, int], tuple[Telling, Telling]]:
    """(gemeente id, zaaktype id) → (vernietigen, overbrengen), in one grouped query."""
    return {
        (gemeente_id, zaaktype_id): (Telling(*getallen[:3]), Telling(*getallen[3:]))
        for gemeente_id, zaaktype_id, *getallen in gegroepeerd(ids, vandaag)
    }


def gegroepeerd(ids: list[int], vandaag: date) -> QuerySet[Zaak, tuple[Any, ...]]:
    """The grouped count as rows (gemeente id, zaaktype id, then per nominatie now, soon and
    overdue); public for the test of its query plan."""
    grens = vandaag + timedelta(days=BINNENKORT_DAGEN)
    jaar_terug = vandaag - relativedelta(years=1)
    nu = Q(archiefactiedatum__lte=vandaag)
    later = Q(archiefactiedatum__gt=vandaag)
    te_laat = Q(archiefactiedatum__lt=jaar_terug)
    aantallen = {}
    for soort, nominatie in (("v", VERNIETIGEN), ("o", BLIJVEND_BEWAREN)):
        q = Q(archiefnominatie=nominatie)
        aantallen[f"{soort}_nu"] = Count("pk", filter=q & nu)
        aantallen[f"{soort}_later"] = Count("pk", filter=q & later)
        aantallen[f"{soort}_te_laat"] = Count("pk", filter=q & te_laat)
    return (
        zaken_met_archiefactie(ids, tot_en_met=grens)
        .order_by()
        # Grouped by expressions, not by the columns: SQLite would otherwise walk the index on
        # (tenant, zaaktype, startdatum) to avoid sorting the groups — every zaak of the
        # gemeente read (2 to 6 s at a million zaken) instead of the range on archiefactiedatum.
        .annotate(gemeente=F("tenant_id") + Value(0), type=F("zaaktype_id") + Value(0))
        .values("gemeente", "type")
        .annotate(**aantallen)
        .values_list("gemeente", "type", *aantallen)
    )


def _zaaktypenamen(zaaktype_ids: set[int]) -> dict[int, tuple[str, str]]:
    """zaaktype pk → (identificatie, omschrijving of the newest version in its gemeente), for
    the given pks: one query over the versions of their zaaktypen."""
    if not zaaktype_ids:
        return {}
    rijen = list(
        ZaakType.objects.filter(
            tenant_id__in=ZaakType.objects.filter(pk__in=zaaktype_ids).values("tenant_id"),
            identificatie__in=ZaakType.objects.filter(pk__in=zaaktype_ids).values("identificatie"),
        )
        .order_by("versiedatum", "pk")
        .values_list("pk", "tenant_id", "identificatie", "omschrijving")
    )
    nieuwste = {(tenant_id, ident): omschrijving for _, tenant_id, ident, omschrijving in rijen}
    return {
        pk: (ident, nieuwste[tenant_id, ident])
        for pk, tenant_id, ident, _ in rijen
        if pk in zaaktype_ids
    }


def lijsten_ter_beoordeling(gemeente_ids: Iterable[int]) -> dict[int, int]:
    """Gemeente id → the number of its destruction lists in review (status ter_beoordeling);
    gemeenten without one are left out. One query."""
    return dict(
        Vernietigingslijst.objects.filter(
            gemeente_id__in=list(gemeente_ids), status=Lijststatus.ter_beoordeling
        )
        .order_by()
        .values("gemeente_id")
        .annotate(n=Count("pk"))
        .values_list("gemeente_id", "n")
    )
