"""The demo case load tells the story of a healthy but busy organisation, in Sturing's own figures.

Per gemeente: most open zaken within term with a visible backlog, a steady inflow with a summer
dip, closures spread over the weeks (no bulk closed on the load date), and how many zaken are
open does not depend on the day the demo is loaded (README's figures hold on every day).
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db.models import Sum

from iwerk.catalogi.demo import load_catalogus
from iwerk.catalogi.models import ZaakType
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.sturing.models import Dagcijfer, Openstand
from iwerk.sturing.selectors import klassen
from iwerk.sturing.services.verversen import herberekenen
from iwerk.zaken.demo import HISTORIE_DAGEN, WERK_PER_DAG, Werkkalender, _plannen, load_zaken
from iwerk.zaken.models import Zaak

pytestmark = pytest.mark.django_db

# A Monday just after the summer holidays (the backlog at its largest) and an ordinary Wednesday.
NA_DE_ZOMER = date(2026, 9, 14)
VOORJAAR = date(2027, 3, 3)


def _weken(per_dag: dict[date, int], vandaag: date) -> tuple[list[int], int]:
    """Totals of the 52 whole weeks before the load week (oldest first), and the load week's."""
    maandag = vandaag - timedelta(days=vandaag.weekday())
    per_week: Counter[int] = Counter()
    for dag, aantal in per_dag.items():
        per_week[(maandag - (dag - timedelta(days=dag.weekday()))).days // 7] += aantal
    return [per_week[w] for w in range(52, 0, -1)], per_week[0]


def _vorm(vandaag: date) -> dict[str, dict]:
    gemeenten = load_gemeenten()
    for gemeente in gemeenten:
        load_catalogus(gemeente, "http://testserver")
        load_zaken(gemeente, per_zaaktype=150, today=vandaag)
    herberekenen(vandaag=vandaag)
    vorm = {}
    for gemeente in gemeenten:
        klassen_nu = dict(
            Openstand.objects.filter(tenant_id=gemeente.pk)
            .values("klasse")
            .annotate(n=Sum("aantal"))
            .values_list("klasse", "n")
        )
        dagen = (
            Dagcijfer.objects.filter(tenant_id=gemeente.pk)
            .values("dag")
            .annotate(i=Sum("instroom"), u=Sum("uitstroom"))
        )
        instroom, _ = _weken({d["dag"]: d["i"] for d in dagen}, vandaag)
        uitstroom, uitstroom_nu = _weken({d["dag"]: d["u"] for d in dagen}, vandaag)
        jaar = vandaag.year if vandaag > date(vandaag.year, 8, 16) else vandaag.year - 1
        zomer = [  # the last summer's weeks from 20 July to 16 August
            instroom[52 - w]
            for w in range(1, 53)
            if date(jaar, 7, 20)
            <= vandaag - timedelta(days=vandaag.weekday(), weeks=w)
            <= date(jaar, 8, 10)
        ]
        vorm[gemeente.slug] = {
            "open": sum(klassen_nu.get(k, 0) for k in klassen.WERKVOORRAAD),
            "overschreden": sum(klassen_nu.get(k, 0) for k in klassen.OVERSCHREDEN),
            "over_90": klassen_nu.get(klassen.OVER_90, 0),
            "gesloten": Zaak.objects.filter(tenant=gemeente, einddatum__isnull=False).count(),
            "instroom": instroom,
            "uitstroom": uitstroom,
            "uitstroom_nu": uitstroom_nu,
            "uitstroom_vandaag": sum(d["u"] for d in dagen if d["dag"] == vandaag),
            "zomer": zomer,
        }
    return vorm


def _gezond(slug: str, v: dict) -> None:
    assert 0.05 <= v["overschreden"] / v["open"] <= 0.25, (slug, v["overschreden"], v["open"])
    assert v["over_90"] / v["open"] < 0.05, (slug, v["over_90"], v["open"])
    mediaan = statistics.median(v["uitstroom"])
    assert max(v["uitstroom"]) <= 2.5 * mediaan, (slug, v["uitstroom"])
    assert v["uitstroom_nu"] <= 1.5 * mediaan, (slug, v["uitstroom_nu"], mediaan)
    assert v["uitstroom_vandaag"] <= mediaan / 5, (slug, v["uitstroom_vandaag"])
    mediaan = statistics.median(v["instroom"])
    assert max(v["instroom"]) <= 1.5 * mediaan, (slug, v["instroom"])
    zomer = statistics.mean(v["zomer"])
    assert 0.5 * mediaan <= zomer <= 0.85 * mediaan, (slug, v["zomer"], mediaan)


def test_the_demo_is_a_healthy_busy_organisation():
    for slug, v in _vorm(NA_DE_ZOMER).items():
        _gezond(slug, v)


def test_which_zaken_are_open_does_not_depend_on_the_load_date():
    # README's figures (besluiten on closed zaken) hold on every day: only the dates move.
    gemeente = load_gemeenten()[0]
    load_catalogus(gemeente, "http://testserver")
    zaaktypen = ZaakType.objects.filter(tenant=gemeente, concept=False).order_by("pk")
    zomer, voorjaar = (
        Werkkalender(dag, HISTORIE_DAGEN * WERK_PER_DAG) for dag in (NA_DE_ZOMER, VOORJAAR)
    )
    for zaaktype in zaaktypen:
        statustypen = list(zaaktype.statustypen.order_by("volgnummer"))
        a = _plannen(zaaktype, statustypen, 150, zomer, random.Random(zaaktype.pk))
        b = _plannen(zaaktype, statustypen, 150, voorjaar, random.Random(zaaktype.pk))
        assert [(p.closed, len(p.statusdagen)) for p in a] == [
            (p.closed, len(p.statusdagen)) for p in b
        ]
        assert max(p.start for p in b) <= VOORJAAR
        assert all(p.statusdagen[-1] < NA_DE_ZOMER for p in a if p.closed)  # never on the day
