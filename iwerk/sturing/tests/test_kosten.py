"""Every allocation key with known answers, the settlement, and the published seed figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.sturing.models import (
    Besparingsdoel,
    Investering,
    Kostenbedrag,
    Kostenpost,
    Sleutelwaarde,
    Verdeelgegevens,
    Verdeelsleutel,
)
from iwerk.sturing.selectors import kosten
from iwerk.sturing.services.verversen import verversen
from iwerk.sturing.tests.bouw import zaak

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def gemeenten():
    deventer = build.gemeente("Deventer", "deventer", "001902763")
    olst = build.gemeente("Olst-Wijhe", "olst-wijhe", "001637425")
    raalte = build.gemeente("Raalte", "raalte", "001654937")
    for jaar, (d, o, r) in ((2025, (100_000, 18_000, 38_000)), (2026, (101_500, 18_600, 38_900))):
        Verdeelgegevens.objects.create(gemeente=deventer, jaar=jaar, inwoners=d, gebruikers=600)
        Verdeelgegevens.objects.create(gemeente=olst, jaar=jaar, inwoners=o, gebruikers=100)
        Verdeelgegevens.objects.create(gemeente=raalte, jaar=jaar, inwoners=r, gebruikers=300)
    return deventer, olst, raalte


def post(naam, sleutel, bedrag, gerealiseerd=None, jaar=2026, **kwargs):
    p = Kostenpost.objects.create(naam=naam, verdeelsleutel=sleutel, **kwargs)
    Kostenbedrag.objects.create(post=p, jaar=jaar, begroot=D(bedrag),
                                gerealiseerd=None if gerealiseerd is None else D(gerealiseerd))  # fmt: skip
    return p


def test_largest_remainder_adds_up_to_the_cent():
    assert kosten.verdeel(D("100.00"), {1: 1, 2: 1, 3: 1}) == {
        1: D("33.34"),
        2: D("33.33"),
        3: D("33.33"),
    }
    uitkomst = kosten.verdeel(D("1000000.01"), {1: D("60"), 2: D("13.3"), 3: D("26.7")})
    assert sum(uitkomst.values()) == D("1000000.01")
    assert uitkomst == {1: D("600000.01"), 2: D("133000.00"), 3: D("267000.00")}
    with pytest.raises(kosten.GeenGrondslag):
        kosten.verdeel(D("10"), {1: 0})


def _per_naam(uitkomst, gemeenten):
    return {g.slug: uitkomst.get(g.pk) for g in gemeenten}


def test_every_key_gives_the_known_shares(gemeenten):
    deventer, olst, raalte = gemeenten
    grond = kosten.Grondslagen.laden(2026)

    vast = post("Formatie", Verdeelsleutel.vast, 1_000_000)
    for g, pct in ((deventer, "60"), (olst, "13.3"), (raalte, "26.7")):
        Sleutelwaarde.objects.create(post=vast, gemeente=g, jaar=2026, waarde=D(pct))
    grond = kosten.Grondslagen.laden(2026)
    assert _per_naam(kosten.toerekenen(vast, D(1_000_000), grond), gemeenten) == {
        "deventer": D("600000.00"), "olst-wijhe": D("133000.00"), "raalte": D("267000.00")
    }  # fmt: skip

    inwoners = post("Netwerk", Verdeelsleutel.inwoners, 159_000)
    assert _per_naam(kosten.toerekenen(inwoners, D(159_000), grond), gemeenten) == {
        "deventer": D("101500.00"), "olst-wijhe": D("18600.00"), "raalte": D("38900.00")
    }  # fmt: skip

    gebruikers = post("Werkplekken", Verdeelsleutel.gebruikers, 100_000)
    assert _per_naam(kosten.toerekenen(gebruikers, D(100_000), grond), gemeenten) == {
        "deventer": D("60000.00"), "olst-wijhe": D("10000.00"), "raalte": D("30000.00")
    }  # fmt: skip

    gebruik = post("Sociaal domein", Verdeelsleutel.gebruik, 195_000)
    Sleutelwaarde.objects.create(post=gebruik, gemeente=deventer, jaar=2026, waarde=D(140))
    Sleutelwaarde.objects.create(post=gebruik, gemeente=raalte, jaar=2026, waarde=D(55))
    grond = kosten.Grondslagen.laden(2026)
    # P × Q: € 1.000 per licence; Olst-Wijhe uses none and pays nothing.
    assert _per_naam(kosten.toerekenen(gebruik, D(195_000), grond), gemeenten) == {
        "deventer": D("140000.00"), "olst-wijhe": None, "raalte": D("55000.00")
    }  # fmt: skip

    basis = post("Beveiliging", Verdeelsleutel.basis_plus, 207_000, basissleutel="inwoners")
    Sleutelwaarde.objects.create(post=basis, gemeente=deventer, jaar=2026, waarde=D(48_000))
    grond = kosten.Grondslagen.laden(2026)
    # 159.000 base by inhabitants, plus Deventer's own extra of 48.000.
    assert _per_naam(kosten.toerekenen(basis, D(207_000), grond), gemeenten) == {
        "deventer": D("149500.00"), "olst-wijhe": D("18600.00"), "raalte": D("38900.00")
    }  # fmt: skip
    with pytest.raises(kosten.GeenGrondslag, match="meer dan het bedrag"):
        kosten.toerekenen(basis, D(40_000), grond)


def test_the_zaken_key_counts_the_zaken_started_in_the_year(gemeenten):
    deventer, olst, raalte = gemeenten
    for gemeente, aantal in ((deventer, 3), (olst, 1), (raalte, 0)):
        zt = build.zaaktype(build.catalogus(gemeente), identificatie="ZT")
        for _ in range(aantal):
            zaak(zt, date(2026, 2, 1))
        zaak(zt, date(2025, 12, 31))  # another year
    verversen(vandaag=date(2026, 4, 30))
    p = post("Zaaksysteem", Verdeelsleutel.zaken, 1_000)
    grond = kosten.Grondslagen.laden(2026)
    assert _per_naam(kosten.toerekenen(p, D(1000), grond), gemeenten) == {
        "deventer": D("750.00"), "olst-wijhe": D("250.00"), "raalte": None
    }  # fmt: skip


def test_fixed_percentages_must_add_up_and_missing_figures_are_named(gemeenten):
    deventer, olst, _ = gemeenten
    vast = post("Formatie", Verdeelsleutel.vast, 1000)
    Sleutelwaarde.objects.create(post=vast, gemeente=deventer, jaar=2026, waarde=D(60))
    Sleutelwaarde.objects.create(post=vast, gemeente=olst, jaar=2026, waarde=D(30))
    with pytest.raises(kosten.GeenGrondslag, match="90.00% in plaats van 100%"):
        kosten.toerekenen(vast, D(1000), kosten.Grondslagen.laden(2026))
    with pytest.raises(kosten.GeenGrondslag, match="aantal inwoners"):
        kosten.toerekenen(
            post("Leeg", Verdeelsleutel.inwoners, 10), D(10), kosten.Grondslagen.laden(2030)
        )


def test_year_end_settlement_advance_by_last_year_final_by_this_year(gemeenten):
    deventer, olst, raalte = gemeenten
    post("Netwerk", Verdeelsleutel.inwoners, 156_000, gerealiseerd=159_000)
    overzicht = kosten.jaaroverzicht(2026)
    regel = overzicht.posten[0]
    assert regel.verschil == D(3000)
    # Advance: 156.000 by the 2025 inhabitants (100.000 / 18.000 / 38.000 of 156.000).
    assert _per_naam(regel.voorschot, gemeenten) == {
        "deventer": D("100000.00"), "olst-wijhe": D("18000.00"), "raalte": D("38000.00")
    }  # fmt: skip
    afrekening = {g.slug: (v, d, s) for g, v, d, s in overzicht.afrekening()}
    assert afrekening["deventer"] == (D("100000.00"), D("101500.00"), D("1500.00"))
    assert afrekening["olst-wijhe"] == (D("18000.00"), D("18600.00"), D("600.00"))
    assert afrekening["raalte"] == (D("38000.00"), D("38900.00"), D("900.00"))
    assert sum(s for _, _, s in afrekening.values()) == regel.verschil

    post("Nog open", Verdeelsleutel.gebruikers, 1000)  # not realised yet: no settlement
    assert all(s is None for _, _, _, s in kosten.jaaroverzicht(2026).afrekening())


def test_the_demo_seed_holds_the_published_figures(gemeenten):
    from iwerk.sturing.demo import load_kosten

    load_kosten()
    load_kosten()  # idempotent
    per_gemeente = {}
    for i in Investering.objects.select_related("gemeente"):
        assert (i.van_jaar, i.tot_en_met_jaar) == (2016, 2018)
        per_gemeente.setdefault(i.gemeente.slug, {})[i.soort] = i.begroot
    assert per_gemeente == {
        "deventer": {"continuiteit": D("1200000"), "ontwikkeling": D("600000")},
        "olst-wijhe": {"continuiteit": D("200000"), "ontwikkeling": D("200000")},
        "raalte": {"continuiteit": D("500000"), "ontwikkeling": D("300000")},
    }
    assert set(Besparingsdoel.objects.values_list("doel", flat=True)) == {D("1000000")}
    # Every example item can be allocated with the seeded figures; without zaken the zaken key
    # says so instead of guessing.
    jaar = date.today().year
    fouten = {r.post.naam: r.fout for r in kosten.jaaroverzicht(jaar - 1).posten if r.fout}
    assert fouten == {
        "Zaaksysteem iwerk: beheer en hosting": f"Geen gegevens voor 'aantal zaken' in {jaar - 1}."
    }
    assert len(kosten.jaaroverzicht(jaar - 1).posten) == 6
