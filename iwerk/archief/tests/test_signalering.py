"""Signalling: the zaken due for destruction and for transfer per gemeente and zaaktype, those
due soon, the backlog older than a year and the lists in review — in three queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext

from iwerk.archief.models import (
    Lijstitem,
    Lijststatus,
    Overbrenging,
    Overbrengingsitem,
    Vernietigingslijst,
)
from iwerk.archief.selectors import signalering
from iwerk.archief.selectors.signalering import Archiefstand, Telling
from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.core.testing.archief import afgesloten_zaak
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]

VANDAAG = date(2026, 6, 15)
Wereld = tuple[Gemeente, ZaakType, ZaakType]  # Deventer, its KAP and MOR


def _zaak(
    zaaktype: ZaakType, nominatie: str = "vernietigen", dagen: int = -10, **velden: Any
) -> Zaak:
    """A closed zaak whose archiefactiedatum is `dagen` from VANDAAG (negative: passed)."""
    zaak = afgesloten_zaak(
        zaaktype,
        archiefnominatie=nominatie,
        archiefactiedatum=VANDAAG + timedelta(days=dagen),
        documenten=0,
    )
    if velden:
        Zaak.objects.filter(pk=zaak.pk).update(**velden)
    return zaak


def _lijst(
    gemeente: Gemeente, status: str, *zaken: Zaak, nummer: str = "VL-2026-0001"
) -> Vernietigingslijst:
    lijst = Vernietigingslijst.objects.create(
        gemeente=gemeente,
        nummer=nummer,
        naam="Lijst",
        peildatum=VANDAAG,
        status=status,
        aangemaakt_door=medewerker(gemeente, "div", Rol.div_medewerker),
    )
    for zaak in zaken:
        Lijstitem.objects.create(
            lijst=lijst,
            zaak=zaak,
            zaak_uuid=zaak.uuid,
            identificatie=zaak.identificatie,
            zaaktype_identificatie=zaak.zaaktype.identificatie,
            zaaktype_omschrijving=zaak.zaaktype.omschrijving,
        )
    return lijst


@pytest.fixture
def deventer(tenant: Gemeente) -> Wereld:
    cat = build.catalogus(tenant)
    kap = build.gepubliceerd_zaaktype(cat, "KAP", omschrijving="Kapvergunning")
    mor = build.gepubliceerd_zaaktype(cat, "MOR", omschrijving="Melding openbare ruimte")
    return tenant, kap, mor


def test_counts_due_soon_and_overdue_per_zaaktype(deventer: Wereld) -> None:
    gemeente, kap, mor = deventer
    _zaak(kap, dagen=-500)  # more than a year overdue
    _zaak(kap, dagen=-10)
    _zaak(kap, dagen=0)  # today counts as due
    _zaak(kap, dagen=30)  # due within 90 days
    _zaak(kap, dagen=120)  # further ahead: not counted
    _zaak(kap, "blijvend_bewaren", dagen=-5)
    _zaak(kap, "blijvend_bewaren", dagen=89)
    _zaak(mor, dagen=-1)
    # Not due: already archived, still open, without a nominatie.
    _zaak(kap, dagen=-10, archiefstatus="gearchiveerd")
    _zaak(mor, dagen=-10, einddatum=None)
    _zaak(mor, dagen=-10, archiefnominatie="")
    # A newer version of KAP: its zaken count under KAP, named after the newest version.
    kap2 = build.gepubliceerd_zaaktype(
        kap.catalogus,
        "KAP",
        omschrijving="Omgevingsvergunning kappen",
        versiedatum=date(2025, 1, 1),
    )
    _zaak(kap2, dagen=-20)

    stand = signalering.archiefstand(gemeente, vandaag=VANDAAG)

    assert [(z.identificatie, z.omschrijving) for z in stand.zaaktypen] == [
        ("MOR", "Melding openbare ruimte"),
        ("KAP", "Omgevingsvergunning kappen"),
    ]
    per_type = {z.identificatie: z for z in stand.zaaktypen}
    assert per_type["KAP"].vernietigen == Telling(nu=4, binnenkort=1, achterstallig=1)
    assert per_type["KAP"].overbrengen == Telling(nu=1, binnenkort=1, achterstallig=0)
    assert per_type["MOR"].vernietigen == Telling(nu=1)
    assert per_type["MOR"].overbrengen == Telling()
    assert stand.vernietigen == Telling(nu=5, binnenkort=1, achterstallig=1)
    assert stand.overbrengen == Telling(nu=1, binnenkort=1)
    assert stand.lijsten_ter_beoordeling == 0


def test_a_zaak_on_an_active_list_or_in_an_open_package_is_not_due_again(deventer: Wereld) -> None:
    gemeente, kap, _ = deventer
    op_lijst = _zaak(kap)
    uitgezonderd = _zaak(kap)
    op_afgebroken_lijst = _zaak(kap)
    in_pakket = _zaak(kap, "blijvend_bewaren")
    na_bevestiging_afgebroken = _zaak(kap, "blijvend_bewaren")
    lijst = _lijst(gemeente, Lijststatus.ter_beoordeling, op_lijst, uitgezonderd)
    lijst.items.filter(zaak=uitgezonderd).update(status="uitgezonderd", reden="Nog nodig")
    _lijst(gemeente, Lijststatus.afgebroken, op_afgebroken_lijst, nummer="VL-2026-0002")
    for status, zaak in (("klaargezet", in_pakket), ("afgebroken", na_bevestiging_afgebroken)):
        pakket = Overbrenging.objects.create(
            gemeente=gemeente,
            nummer=f"OB-2026-{zaak.pk:04d}",
            status=status,
            peildatum=VANDAAG,
            aangemaakt_door=lijst.aangemaakt_door,
        )
        Overbrengingsitem.objects.create(
            overbrenging=pakket, zaak=zaak, identificatie=zaak.identificatie
        )

    stand = signalering.archiefstand(gemeente, vandaag=VANDAAG)

    # Counted: the excluded one and the one of the aborted list; not the one under review.
    assert stand.vernietigen.nu == 2
    assert stand.overbrengen.nu == 1  # the package awaiting its receipt holds the other
    assert stand.lijsten_ter_beoordeling == 1
    due = signalering.zaken_met_archiefactie([gemeente.pk], tot_en_met=VANDAAG)
    assert set(due.values_list("pk", flat=True)) == {
        uitgezonderd.pk,
        op_afgebroken_lijst.pk,
        na_bevestiging_afgebroken.pk,
    }


def test_each_gemeente_sees_only_its_own_zaken_and_lists(
    deventer: Wereld, other_tenant: Gemeente
) -> None:
    gemeente, kap, _ = deventer
    _zaak(kap)
    raalte_kap = build.gepubliceerd_zaaktype(build.catalogus(other_tenant), "KAP")
    for _ in range(3):
        _zaak(raalte_kap)
    _zaak(raalte_kap, "blijvend_bewaren")
    _lijst(other_tenant, Lijststatus.ter_beoordeling)
    _lijst(other_tenant, Lijststatus.ter_beoordeling, nummer="VL-2026-0002")
    _lijst(gemeente, Lijststatus.concept)  # not in review

    deventer_stand = signalering.archiefstand(gemeente, vandaag=VANDAAG)
    assert deventer_stand.vernietigen.nu == 1 and deventer_stand.overbrengen.nu == 0
    assert deventer_stand.lijsten_ter_beoordeling == 0

    samen = signalering.archiefstanden([gemeente.pk, other_tenant.pk], vandaag=VANDAAG)
    assert samen[gemeente.pk] == deventer_stand
    assert samen[other_tenant.pk].vernietigen.nu == 3
    assert samen[other_tenant.pk].overbrengen.nu == 1
    assert samen[other_tenant.pk].lijsten_ter_beoordeling == 2
    assert [z.omschrijving for z in samen[other_tenant.pk].zaaktypen] == ["Zaaktype KAP"]


def test_a_gemeente_with_nothing_due_gets_zeros(tenant: Gemeente) -> None:
    assert signalering.archiefstand(tenant, vandaag=VANDAAG) == Archiefstand(
        gemeente_id=tenant.pk, vandaag=VANDAAG
    )


def test_three_queries_whatever_the_number_of_zaken_and_gemeenten(
    deventer: Wereld, other_tenant: Gemeente
) -> None:
    gemeente, kap, mor = deventer
    _zaak(kap)

    def tel() -> int:
        with CaptureQueriesContext(connection) as queries:
            signalering.archiefstanden([gemeente.pk, other_tenant.pk], vandaag=VANDAAG)
        return len(queries.captured_queries)

    weinig = tel()
    for zaaktype in (kap, mor, kap, mor):
        _zaak(zaaktype)
    _zaak(build.gepubliceerd_zaaktype(build.catalogus(other_tenant), "WOO"), "blijvend_bewaren")
    assert tel() == weinig == 3


# Distinct values per column of a million zaken in three gemeenten: statistics as ANALYZE
# writes them, so SQLite plans the count as it would on such a database.
_DISTINCT = {"tenant_id": 3, "zaaktype_id": 24, "archiefactiedatum": 3333, "archiefstatus": 1}
_UNIEK = {"id", "uuid", "identificatie"}


def _statistieken_van_een_miljoen_zaken(cursor: CursorWrapper) -> None:
    cursor.execute("ANALYZE")
    cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'zaken_zaak'")
    cursor.execute("INSERT INTO sqlite_stat1 VALUES ('zaken_zaak', NULL, '1000000')")
    for naam, info in connection.introspection.get_constraints(cursor, "zaken_zaak").items():
        if not info["index"] and not info["unique"]:
            continue
        rijen, stat = 1_000_000, ["1000000"]
        for kolom in info["columns"]:
            deler = (
                1_000_000
                if kolom in _UNIEK
                else _DISTINCT.get(kolom, 3 if "nominatie" in kolom else 100)
            )
            rijen = max(rijen // deler, 1)
            stat.append(str(rijen))
        cursor.execute(
            "INSERT INTO sqlite_stat1 VALUES ('zaken_zaak', %s, %s)", [naam, " ".join(stat)]
        )
    cursor.execute("ANALYZE sqlite_schema")  # reload the statistics


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL: bench")
def test_the_count_reads_the_range_of_archiefactiedatum_not_every_zaak_of_the_gemeente() -> None:
    # Grouped by the columns, SQLite walked the index on (tenant, zaaktype, startdatum) to skip
    # sorting the groups: every zaak of the gemeente read, 2 to 6 s at a million zaken.
    with connection.cursor() as cursor:
        _statistieken_van_een_miljoen_zaken(cursor)
        sql, params = signalering.gegroepeerd([1], VANDAAG).query.sql_with_params()
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [str(r[-1]) for r in cursor.fetchall()]
    zaken = [stap for stap in plan if "zaken_zaak" in stap]
    assert len(zaken) == 1 and "SEARCH zaken_zaak USING INDEX zaken_zaak_archief" in zaken[0], plan
    assert "(archiefactiedatum<?)" in zaken[0], plan


def test_an_open_zaak_is_never_counted_whatever_its_fields(deventer: Wereld) -> None:
    gemeente, kap, _ = deventer
    zaak = zaakbouwer.zaak(kap)
    Zaak.objects.filter(pk=zaak.pk).update(
        archiefnominatie="vernietigen", archiefactiedatum=VANDAAG - timedelta(days=1)
    )
    assert signalering.archiefstand(gemeente, vandaag=VANDAAG).vernietigen == Telling()
