"""The case KPIs, read from the aggregates only (Dagcijfer, Doorlooptijdtelling, Openstand).

Definitions (ADR 0021):
- instroom: zaken by startdatum; uitstroom: by einddatum; werkvoorraad at the end of a day:
  started on or before it and not closed on or before it;
- binnen servicenorm / wettelijke termijn: closed on or before einddatumGepland /
  uiterlijkeEinddatumAfdoening as moved by verlenging and opschorting; zaken whose zaaktype has
  no servicenorm are left out of that share (and flagged under datakwaliteit);
- doorlooptijd: days from startdatum to einddatum minus the days the zaak was opgeschort;
  median and p80 by the nearest-rank method over the zaken closed in the period.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any, cast

from django.db.models import Q, Sum

from iwerk.catalogi.models import ZaakType
from iwerk.core import durations
from iwerk.sturing.models import KANALEN, Dagcijfer, Doorlooptijdtelling, Openstand
from iwerk.sturing.selectors import klassen

TREND_WEKEN = 13
_NORM_REFERENTIE = date(2025, 1, 1)


@dataclass(frozen=True)
class Selectie:
    tenant_ids: tuple[int, ...]
    van: date  # period, first day
    tot: date  # period, day after the last
    vandaag: date
    zaaktype: str | None = None  # zaaktype identificatie (all its versions)
    team_id: int | None = None

    @cached_property
    def _zaaktype_ids(self) -> list[int] | None:
        if not self.zaaktype:
            return None
        return list(
            ZaakType.objects.filter(
                tenant_id__in=self.tenant_ids, identificatie=self.zaaktype
            ).values_list("pk", flat=True)
        )

    def q(self) -> Q:
        """Conditions on an aggregate or Zaakfeit for this selection (without the period)."""
        q = Q(tenant_id__in=self.tenant_ids)
        ids = self._zaaktype_ids
        if ids is not None:
            q &= Q(zaaktype_id__in=ids)
        if self.team_id is not None:
            q &= Q(team_id=self.team_id)
        return q


def norm_dagen(duur: str) -> int | None:
    if not duur:
        return None
    return (durations.add(_NORM_REFERENTIE, duur) - _NORM_REFERENTIE).days


@dataclass(frozen=True)
class Zaaktypegroep:
    identificatie: str
    omschrijving: str
    doorlooptijd: int | None  # wettelijke termijn in days
    servicenorm: int | None


def zaaktypegroepen(tenant_ids: Iterable[int]) -> dict[int, Zaaktypegroep]:
    """zaaktype pk → its group (identificatie), described by its newest version."""
    rows = list(
        ZaakType.objects.filter(tenant_id__in=tenant_ids)
        .order_by("identificatie", "versiedatum", "pk")
        .values("pk", "identificatie", "omschrijving", "doorlooptijd", "servicenorm")
    )
    nieuwste = {r["identificatie"]: r for r in rows}
    return {
        r["pk"]: Zaaktypegroep(
            r["identificatie"],
            nieuwste[r["identificatie"]]["omschrijving"],
            norm_dagen(nieuwste[r["identificatie"]]["doorlooptijd"]),
            norm_dagen(nieuwste[r["identificatie"]]["servicenorm"]),
        )
        for r in rows
    }


def percentiel(histogram: dict[int, int], p: float) -> int | None:
    """Nearest-rank percentile of a {value: count} histogram."""
    n = sum(histogram.values())
    if not n:
        return None
    rang = max(math.ceil(p / 100 * n), 1)
    gezien = 0
    for waarde in sorted(histogram):
        gezien += histogram[waarde]
        if gezien >= rang:
            return waarde
    return None  # pragma: no cover - rang <= n


def aandeel(deel: int, geheel: int) -> float | None:
    return round(100 * deel / geheel, 1) if geheel else None


# --- Trend --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    begin: date  # Monday
    eind: date  # Sunday, or today for the running week
    instroom: int
    uitstroom: int
    werkvoorraad: int


def werkvoorraad_nu(sel: Selectie) -> int:
    return (
        Openstand.objects.filter(sel.q())
        .exclude(klasse=klassen.TOEKOMSTIG)
        .aggregate(n=Sum("aantal"))["n"]
        or 0
    )


def werkvoorraad_op(sel: Selectie, dag: date) -> int:
    """The werkvoorraad at the end of a past day: today's, less the flows since."""
    if dag >= sel.vandaag:
        return werkvoorraad_nu(sel)
    sommen = Dagcijfer.objects.filter(sel.q(), dag__gt=dag, dag__lte=sel.vandaag).aggregate(
        i=Sum("instroom"), u=Sum("uitstroom")
    )
    return werkvoorraad_nu(sel) - (sommen["i"] or 0) + (sommen["u"] or 0)


def trend(sel: Selectie) -> list[Week]:
    """Inflow, outflow and werkvoorraad of the last 13 weeks up to today.

    The werkvoorraad at the end of an earlier week is today's minus what came in since plus what
    went out since: the window's Dagcijfers are enough, history is never scanned.
    """
    maandag = sel.vandaag - timedelta(days=sel.vandaag.weekday())
    eerste = maandag - timedelta(weeks=TREND_WEKEN - 1)
    per_dag: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for dag, instroom, uitstroom in (
        Dagcijfer.objects.filter(sel.q(), dag__gte=eerste, dag__lte=sel.vandaag)
        .values("dag")
        .annotate(i=Sum("instroom"), u=Sum("uitstroom"))
        .values_list("dag", "i", "u")
    ):
        per_dag[dag] = [instroom, uitstroom]
    voorraad = werkvoorraad_nu(sel)
    weken = []
    dag = sel.vandaag
    # Walk back from today: the stock at the end of each week.
    eind_voorraad = voorraad
    for w in range(TREND_WEKEN - 1, -1, -1):
        begin = eerste + timedelta(weeks=w)
        eind = min(begin + timedelta(days=6), sel.vandaag)
        while dag > eind:
            i, u = per_dag.get(dag, (0, 0))
            eind_voorraad += u - i
            dag -= timedelta(days=1)
        i = sum(per_dag.get(begin + timedelta(days=d), (0, 0))[0] for d in range(7))
        u = sum(per_dag.get(begin + timedelta(days=d), (0, 0))[1] for d in range(7))
        weken.append(Week(begin, eind, i, u, eind_voorraad))
    return list(reversed(weken))


# --- Period figures -----------------------------------------------------------------------------


@dataclass
class Periodecijfers:
    label: str
    instroom: int = 0
    uitstroom: int = 0
    met_servicenorm: int = 0
    binnen_servicenorm: int = 0
    met_wettelijke_termijn: int = 0
    binnen_wettelijke_termijn: int = 0
    doorlooptijd_som: int = 0
    zonder_resultaat: int = 0
    zonder_archiefnominatie: int = 0
    kanalen: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KANALEN, 0))
    histogram: dict[int, int] = field(default_factory=dict)
    norm_doorlooptijd: int | None = None
    norm_servicenorm: int | None = None

    @property
    def pct_servicenorm(self) -> float | None:
        return aandeel(self.binnen_servicenorm, self.met_servicenorm)

    @property
    def pct_wettelijk(self) -> float | None:
        return aandeel(self.binnen_wettelijke_termijn, self.met_wettelijke_termijn)

    @property
    def mediaan(self) -> int | None:
        return percentiel(self.histogram, 50)

    @property
    def p80(self) -> int | None:
        return percentiel(self.histogram, 80)

    @property
    def gemiddeld(self) -> float | None:
        return round(self.doorlooptijd_som / self.uitstroom, 1) if self.uitstroom else None

    @property
    def pct_internet(self) -> float | None:
        return aandeel(self.kanalen["internet"], self.instroom)


_SOMMEN = (
    "instroom",
    "uitstroom",
    "met_servicenorm",
    "binnen_servicenorm",
    "met_wettelijke_termijn",
    "binnen_wettelijke_termijn",
    "doorlooptijd_som",
    "zonder_resultaat",
    "zonder_archiefnominatie",
)


def per_zaaktype(sel: Selectie) -> tuple[Periodecijfers, list[Periodecijfers]]:
    """The period's figures in total and per zaaktype (by identificatie)."""
    groepen = zaaktypegroepen(sel.tenant_ids)
    totaal = Periodecijfers("Totaal")
    rijen: dict[str, Periodecijfers] = {}

    def rij(zaaktype_id: int) -> Periodecijfers:
        g = groepen.get(zaaktype_id) or Zaaktypegroep("?", "Onbekend zaaktype", None, None)
        if g.identificatie not in rijen:
            rijen[g.identificatie] = Periodecijfers(
                g.omschrijving, norm_doorlooptijd=g.doorlooptijd, norm_servicenorm=g.servicenorm
            )
        return rijen[g.identificatie]

    kanaalvelden = [f"instroom_{k}" for k in KANALEN]
    sommen = (
        Dagcijfer.objects.filter(sel.q(), dag__gte=sel.van, dag__lt=sel.tot)
        .values("zaaktype_id")
        .annotate(**{n: Sum(n) for n in (*_SOMMEN, *kanaalvelden)})
    )
    for r in cast("Iterable[dict[str, Any]]", sommen):  # values() rows are plain dicts
        for target in (totaal, rij(r["zaaktype_id"])):
            for n in _SOMMEN:
                setattr(target, n, getattr(target, n) + (r[n] or 0))
            for k in KANALEN:
                target.kanalen[k] += r[f"instroom_{k}"] or 0
    # The histogram counts whole months: those that begin in the period ("Laatste 12 maanden"
    # from 6 December: January to this month so far), so it never spans 13 months.
    maand_van = sel.van.replace(day=1)
    if sel.van.day != 1:
        maand_van = (maand_van + timedelta(days=32)).replace(day=1)
    for zaaktype_id, dagen, aantal in (
        Doorlooptijdtelling.objects.filter(sel.q(), maand__gte=maand_van, maand__lt=sel.tot)
        .values("zaaktype_id", "dagen")
        .annotate(n=Sum("aantal"))
        .values_list("zaaktype_id", "dagen", "n")
    ):
        for target in (totaal, rij(zaaktype_id)):
            target.histogram[dagen] = target.histogram.get(dagen, 0) + aantal
    return totaal, sorted(rijen.values(), key=lambda r: r.label)


# --- Open zaken ---------------------------------------------------------------------------------


@dataclass
class Voorraadregel:
    sleutel: str  # team id or behandelaar identificatie ("" = niet toegewezen)
    label: str
    open: int = 0
    overschreden: int = 0
    nadert: int = 0
    opgeschort: int = 0
    niet_toegewezen: int = 0
    leeftijd_som: int = 0

    @property
    def gemiddelde_leeftijd(self) -> float | None:
        return round(self.leeftijd_som / self.open, 1) if self.open else None


def termijnklassen(sel: Selectie) -> dict[str, int]:
    tellingen = dict.fromkeys(klassen.WERKVOORRAAD, 0)
    for k, n in (
        Openstand.objects.filter(sel.q())
        .values("klasse")
        .annotate(n=Sum("aantal"))
        .values_list("klasse", "n")
    ):
        if k in tellingen:
            tellingen[k] = n
    return tellingen


def werklast(
    sel: Selectie, teamnamen: dict[int, str]
) -> tuple[list[Voorraadregel], list[Voorraadregel]]:
    """The open werkvoorraad per team and per behandelaar."""
    per_team: dict[int, Voorraadregel] = {}
    per_persoon: dict[str, Voorraadregel] = {}
    for team_id, behandelaar, k, aantal, leeftijd in (
        Openstand.objects.filter(sel.q())
        .exclude(klasse=klassen.TOEKOMSTIG)
        .values("team_id", "behandelaar", "klasse")
        .annotate(n=Sum("aantal"), l=Sum("leeftijd_som"))
        .values_list("team_id", "behandelaar", "klasse", "n", "l")
    ):
        team = per_team.setdefault(
            team_id, Voorraadregel(str(team_id), teamnamen.get(team_id, "Geen team"))
        )
        persoon = per_persoon.setdefault(
            behandelaar,
            Voorraadregel(
                behandelaar,
                behandelaar or "Niet toegewezen",
            ),
        )
        for regel in (team, persoon):
            regel.open += aantal
            regel.leeftijd_som += leeftijd
            if k in klassen.OVERSCHREDEN:
                regel.overschreden += aantal
            elif k == klassen.NADERT:
                regel.nadert += aantal
            elif k == klassen.OPGESCHORT:
                regel.opgeschort += aantal
            if not behandelaar:
                regel.niet_toegewezen += aantal
    return (
        sorted(per_team.values(), key=lambda r: r.label),
        sorted(per_persoon.values(), key=lambda r: (r.sleutel == "", r.label)),
    )


def zaaktypen_zonder_norm(tenant_ids: Iterable[int]) -> list[str]:
    """Published zaaktypen without a servicenorm: their zaken cannot be measured against it."""
    return sorted(
        set(
            ZaakType.objects.filter(tenant_id__in=tenant_ids, concept=False)
            .filter(Q(servicenorm="") | Q(doorlooptijd=""))
            .values_list("omschrijving", flat=True)
        )
    )
