"""Executing an approved vernietigingslijst: exactly the zaken that may go are destroyed, with
everything that belongs to them, through the registers; an interruption leaves nothing half
deleted and the next run finishes; a double execution, a zaak of another gemeente, a zaak changed
after approval or related to a zaak that is kept: nothing of those is destroyed (ADR 0046)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from iwerk.archief.models import (
    Itemstatus,
    Lijstitem,
    Lijststatus,
    Verklaring,
    Vernietigingslijst,
)
from iwerk.archief.services import uitvoering
from iwerk.archief.tests.uitvoering_bouw import (
    HOST,
    dossier,
    geen_wezen,
    goedgekeurde_lijst,
    leeg,
    op_lijst,
    verifieer,
)
from iwerk.besluiten.models import Besluit
from iwerk.besluiten.services import add_besluitinformatieobject
from iwerk.core import auditketen, periodiek
from iwerk.core.api.problems import Conflict
from iwerk.core.models import Ketenschakel
from iwerk.core.testing import archief as bouw
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.documenten import content
from iwerk.documenten.models import (
    EnkelvoudigInformatieObject,
    VervallenInhoud,
)
from iwerk.notificaties.models import Notificatie
from iwerk.zaken.models import (
    Zaak,
    ZaakInformatieObject,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def zaaktype(catalogus):
    return bouw.zaaktype_met_besluit(catalogus)


@pytest.fixture(autouse=True)
def _opslag(document_storage, settings, tmp_path):
    settings.IWERK_DOCUMENT_OPRUIMEN_NA = 0  # released content may go at once
    settings.IWERK_AUDIT_ANKER_MAP = str(tmp_path / "ankers")
    return document_storage


# --- the whole list -----------------------------------------------------------------------------


def test_a_list_of_three_with_one_excluded_destroys_exactly_two_with_all_they_hold(
    tenant, zaaktype, document_storage
):
    eerste = bouw.afgesloten_zaak(zaaktype, documenten=2, met_besluit=True)
    tweede = bouw.afgesloten_zaak(zaaktype, documenten=1, met_besluit=True)
    bewaard = bouw.afgesloten_zaak(zaaktype, documenten=1, met_besluit=True)
    # A document that belongs to the second zaak's besluit only.
    besluitdocument = zaakbouwer.document(
        tenant, tweede.zaaktype.catalogus.informatieobjecttypen.get(omschrijving="Beschikking")
    )
    add_besluitinformatieobject(
        actor=zaakbouwer.ALLES,
        besluit=Besluit.objects.get(zaak=tweede),
        document=besluitdocument,
    )
    lijst = goedgekeurde_lijst(tenant, [eerste, tweede])
    op_lijst(lijst, bewaard, status=Itemstatus.uitgezonderd, reden="Loopt nog een bezwaar.")
    auditketen.verzegelen()
    voor = {z.identificatie: dossier(z) for z in (eerste, tweede, bewaard)}
    assert voor[tweede.identificatie]["documenten"] == 2 and voor[eerste.identificatie]["zio"] == 2
    bestanden = {z: [document_storage / n for n in voor[z]["inhoud"]] for z in voor}
    assert all(pad.exists() for paden in bestanden.values() for pad in paden)

    resultaat = uitvoering.voer_uit(lijst.pk)

    assert resultaat.klaar and resultaat.fouten == [] and resultaat.van_de_lijst == []
    assert sorted(resultaat.vernietigd) == sorted([eerste.identificatie, tweede.identificatie])
    for zaak in (eerste, tweede):
        assert dossier(zaak) == leeg(voor[zaak.identificatie]), zaak.identificatie
    assert dossier(bewaard) == voor[bewaard.identificatie]  # not touched
    assert not EnkelvoudigInformatieObject.objects.filter(pk=besluitdocument.pk).exists()
    geen_wezen()
    # Content files: released in the deleting transaction, removed by the worker's clean-up.
    weg = [n for z in (eerste, tweede) for n in voor[z.identificatie]["inhoud"]]
    assert set(VervallenInhoud.objects.values_list("naam", flat=True)) == set(weg)
    content.remove_released()
    assert not any(pad.exists() for z in (eerste, tweede) for pad in bestanden[z.identificatie])
    assert all(pad.exists() for pad in bestanden[bewaard.identificatie])

    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.uitgevoerd and lijst.uitgevoerd_op is not None
    assert lijst.uitvoering_gestart_op is not None
    statussen = dict(lijst.items.values_list("identificatie", "status"))
    assert statussen == {
        eerste.identificatie: Itemstatus.vernietigd,
        tweede.identificatie: Itemstatus.vernietigd,
        bewaard.identificatie: Itemstatus.uitgezonderd,
    }
    assert not lijst.items.filter(status=Itemstatus.vernietigd, vernietigd_op__isnull=True).exists()
    assert Verklaring.objects.filter(lijst=lijst, schakel__isnull=False).exists()
    assert "Auditketen in orde" in verifieer()


def test_every_destroyed_object_is_announced_and_replaced_in_the_chain_by_a_link_to_the_list(
    tenant, zaaktype
):
    zaak = bouw.afgesloten_zaak(zaaktype, documenten=1, met_besluit=True)
    document = ZaakInformatieObject.objects.get(zaak=zaak).informatieobject
    besluit = Besluit.objects.get(zaak=zaak)
    lijst = goedgekeurde_lijst(tenant, [zaak])
    eerder = Notificatie.objects.count()

    uitvoering.voer_uit(lijst.pk)

    destroy = set(
        Notificatie.objects.filter(pk__gt=eerder, actie="destroy").values_list(
            "resource", "resource_url"
        )
    )
    assert {
        ("zaak", f"{HOST}/zaken/api/v1/zaken/{zaak.uuid}"),
        ("besluit", f"{HOST}/besluiten/api/v1/besluiten/{besluit.uuid}"),
        (
            "enkelvoudiginformatieobject",
            f"{HOST}/documenten/api/v1/enkelvoudiginformatieobjecten/{document.uuid}",
        ),
    } <= destroy
    assert Notificatie.objects.filter(pk__gt=eerder, actie="destroy", tenant_id=tenant.pk).exists()
    links = Ketenschakel.objects.filter(tabel="afvoer").order_by("volgnummer")
    assert [s.gegevens["object"].split("/")[-2] for s in links] == [
        "besluiten",
        "zaken",
        "enkelvoudiginformatieobjecten",
    ]
    for schakel in links:
        assert schakel.gegevens["reden"] == auditketen.VERNIETIGING
        assert schakel.gegevens["lijst"] == {
            "gemeente": "Deventer",
            "rsin": tenant.rsin,
            "nummer": "VL-2026-0001",
            "uuid": str(lijst.uuid),
        }
        assert schakel.gegevens["gebruiker"] == "archief VL-2026-0001"
        assert schakel.gegevens["applicatie"] == "iwerk-archief"


def test_the_system_actor_deletes_only_in_its_own_gemeente(tenant, other_tenant, catalogus):
    andere = build.catalogus(other_tenant)
    lijst = goedgekeurde_lijst(tenant, [])
    actor = uitvoering.systeemactor(lijst)
    assert actor.user_id == actor.user_representation == "archief VL-2026-0001"
    assert not actor.heeft_alle_autorisaties
    for component, scope in uitvoering.SCOPES:
        assert actor.permits(component, scope, type_id=None, catalogus_id=catalogus.pk)
        assert not actor.permits(component, scope, type_id=None, catalogus_id=andere.pk)
    assert not actor.permits("zrc", "zaken.lezen", type_id=None, catalogus_id=catalogus.pk)
    assert not actor.permits("zrc", "zaken.bijwerken", type_id=None, catalogus_id=catalogus.pk)


# --- interrupted, resumed -----------------------------------------------------------------------


def _storing(tabel: str, identificatie: str) -> None:
    """A real failure inside the database: deleting this row raises, once installed."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION archief_storing() RETURNS trigger AS $$ BEGIN "
                f"IF OLD.identificatie = '{identificatie}' THEN "
                "RAISE EXCEPTION 'storing tijdens het vernietigen'; END IF; RETURN OLD; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER archief_storing BEFORE DELETE ON {tabel} "
                "FOR EACH ROW EXECUTE FUNCTION archief_storing()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER archief_storing BEFORE DELETE ON {tabel} "
                f"WHEN OLD.identificatie = '{identificatie}' "
                "BEGIN SELECT RAISE(ABORT, 'storing tijdens het vernietigen'); END"
            )


def _storing_weg(tabel: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER archief_storing ON {tabel}")
            cursor.execute("DROP FUNCTION archief_storing()")
        else:
            cursor.execute("DROP TRIGGER archief_storing")


def test_an_interrupted_execution_leaves_nothing_half_deleted_and_the_next_run_finishes(
    tenant, zaaktype, document_storage
):
    zaken = [bouw.afgesloten_zaak(zaaktype, documenten=2, met_besluit=True) for _ in range(3)]
    lijst = goedgekeurde_lijst(tenant, zaken)
    voor = {z.pk: dossier(z) for z in zaken}
    # The second zaak's last document refuses to go: after its besluit and the zaak itself were
    # deleted in the same transaction.
    laatste = (
        ZaakInformatieObject.objects.filter(zaak=zaken[1])
        .order_by("-informatieobject_id")
        .values_list("informatieobject__identificatie", flat=True)
        .first()
    )
    tabel = EnkelvoudigInformatieObject._meta.db_table
    _storing(tabel, laatste)

    eerste_ronde = uitvoering.voer_uit(lijst.pk)

    assert [i for i, _ in eerste_ronde.fouten] == [zaken[1].identificatie]
    assert sorted(eerste_ronde.vernietigd) == sorted(
        [zaken[0].identificatie, zaken[2].identificatie]
    )
    assert not eerste_ronde.klaar
    assert dossier(zaken[0]) == leeg(voor[zaken[0].pk])
    assert dossier(zaken[1]) == voor[zaken[1].pk]  # fully there, audit trail included
    assert all((document_storage / n).exists() for n in voor[zaken[1].pk]["inhoud"])
    assert not VervallenInhoud.objects.filter(naam__in=voor[zaken[1].pk]["inhoud"]).exists()
    geen_wezen()
    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.in_uitvoering
    assert lijst.items.get(zaak_uuid=zaken[1].uuid).status == Itemstatus.opgenomen
    assert not Verklaring.objects.filter(lijst=lijst).exists()
    assert "Auditketen in orde" in verifieer()  # in between, too

    _storing_weg(tabel)
    tweede_ronde = uitvoering.voer_uit(lijst.pk)

    assert tweede_ronde.klaar and tweede_ronde.vernietigd == [zaken[1].identificatie]
    assert dossier(zaken[1]) == leeg(voor[zaken[1].pk])
    geen_wezen()
    assert Verklaring.objects.get(lijst=lijst).inhoud["uitvoering"]["vernietigd"] == 3
    assert "Auditketen in orde" in verifieer()


def test_a_list_runs_in_batches_claimed_once(tenant, zaaktype):
    zaken = [bouw.afgesloten_zaak(zaaktype, documenten=0) for _ in range(3)]
    lijst = goedgekeurde_lijst(tenant, zaken)

    eerste = uitvoering.voer_uit(lijst.pk, batch=2)
    lijst.refresh_from_db()
    gestart = lijst.uitvoering_gestart_op
    assert len(eerste.vernietigd) == 2 and eerste.status == Lijststatus.in_uitvoering
    assert gestart is not None

    tweede = uitvoering.voer_uit(lijst.pk, batch=2)
    lijst.refresh_from_db()
    assert len(tweede.vernietigd) == 1 and tweede.klaar
    assert lijst.uitvoering_gestart_op == gestart  # claimed once


def test_the_worker_job_executes_approved_lists(tenant, zaaktype):
    assert periodiek._JOBS["archief-uitvoeren"] == (10, uitvoering.uitvoeren_wachtende)
    zaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    lijst = goedgekeurde_lijst(tenant, [zaak])
    concept = goedgekeurde_lijst(tenant, [], nummer="VL-2026-0002")
    Vernietigingslijst.objects.filter(pk=concept.pk).update(status=Lijststatus.concept)

    periodiek._LAST.clear()
    assert "archief-uitvoeren" in periodiek.run_due()

    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.uitgevoerd
    assert not Zaak.objects.filter(pk=zaak.pk).exists()
    assert Vernietigingslijst.objects.get(pk=concept.pk).status == Lijststatus.concept


def test_a_whole_list_in_small_batches_for_the_bench(tenant, zaaktype):
    zaken = [bouw.afgesloten_zaak(zaaktype, documenten=0) for _ in range(3)]
    lijst = goedgekeurde_lijst(tenant, zaken)

    resultaat = uitvoering.voer_volledig_uit(lijst.pk, batch=1)

    assert resultaat.klaar and len(resultaat.vernietigd) == 3
    assert not Zaak.objects.filter(pk__in=[z.pk for z in zaken]).exists()


def test_a_list_that_fails_to_finish_does_not_hold_up_the_next(tenant, zaaktype):
    eerste = goedgekeurde_lijst(tenant, [bouw.afgesloten_zaak(zaaktype, documenten=0)])
    # A verklaring left behind by hand: finishing the first list fails (one per list).
    Verklaring.objects.create(lijst=eerste, inhoud={}, sha256="0" * 64)
    tweede = goedgekeurde_lijst(
        tenant, [bouw.afgesloten_zaak(zaaktype, documenten=0)], nummer="VL-2026-0002"
    )

    assert uitvoering.uitvoeren_wachtende() == 2

    assert Vernietigingslijst.objects.get(pk=eerste.pk).status == Lijststatus.in_uitvoering
    assert Vernietigingslijst.objects.get(pk=tweede.pk).status == Lijststatus.uitgevoerd


# --- refused, or nothing to do ------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [
        Lijststatus.concept,
        Lijststatus.ter_beoordeling,
        Lijststatus.wijzigingen_gevraagd,
        Lijststatus.afgebroken,
    ],
)
def test_a_list_that_is_not_approved_is_refused(tenant, zaaktype, status):
    zaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    lijst = goedgekeurde_lijst(tenant, [zaak])
    Vernietigingslijst.objects.filter(pk=lijst.pk).update(status=status)

    with pytest.raises(Conflict) as fout:
        uitvoering.voer_uit(lijst.pk)

    assert fout.value.code == "lijst-niet-goedgekeurd"
    assert "is niet goedgekeurd" in fout.value.detail
    assert Zaak.objects.filter(pk=zaak.pk).exists()
    assert Vernietigingslijst.objects.get(pk=lijst.pk).status == status


def test_a_double_execution_is_refused_and_destroys_nothing_more(tenant, zaaktype):
    zaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    lijst = goedgekeurde_lijst(tenant, [zaak])
    uitvoering.voer_uit(lijst.pk)
    # Put on the executed list afterwards, behind the services' back.
    later = bouw.afgesloten_zaak(zaaktype, documenten=0)
    op_lijst(lijst, later)
    schakels = Ketenschakel.objects.count()

    with pytest.raises(Conflict) as fout:
        uitvoering.voer_uit(lijst.pk)

    assert fout.value.code == "lijst-al-uitgevoerd"
    assert fout.value.detail.startswith("Vernietigingslijst VL-2026-0001 is al uitgevoerd")
    assert Zaak.objects.filter(pk=later.pk).exists()
    assert Verklaring.objects.filter(lijst=lijst).count() == 1
    assert Ketenschakel.objects.count() == schakels
    assert uitvoering.uitvoeren_wachtende() == 0  # the worker does not pick it up either


def test_a_second_executor_leaves_a_list_another_one_holds_alone(
    transactional_db, tenant, zaaktype, document_storage
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only (SQLite has no SELECT … FOR UPDATE)")
    zaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    lijst = goedgekeurde_lijst(tenant, [zaak])
    gezien: list[uitvoering.Uitvoeringsresultaat] = []

    def tweede_uitvoerder() -> None:
        try:
            gezien.append(uitvoering.voer_uit(lijst.pk))
        finally:
            connections.close_all()

    with transaction.atomic():  # the first executor holds the list
        Vernietigingslijst.objects.select_for_update().get(pk=lijst.pk)
        draad = threading.Thread(target=tweede_uitvoerder)
        draad.start()
        draad.join()

    assert gezien[0].bezet and gezien[0].vernietigd == []
    assert Zaak.objects.filter(pk=zaak.pk).exists()
    assert Vernietigingslijst.objects.get(pk=lijst.pk).status == Lijststatus.goedgekeurd


def test_an_item_another_executor_finished_is_skipped(tenant, zaaktype):
    zaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    lijst = goedgekeurde_lijst(tenant, [zaak])
    uitvoering._claim(lijst.pk)
    item = lijst.items.get()
    Lijstitem.objects.filter(pk=item.pk).update(status=Itemstatus.vernietigd)
    run = uitvoering._Run(
        lijst=Vernietigingslijst.objects.get(pk=lijst.pk),
        actor=uitvoering.systeemactor(lijst),
        grond=auditketen.Afvoergrond(auditketen.VERNIETIGING, {}),
        verwijzers={},
        gezocht=set(),
    )

    gedaan = uitvoering._verwerk(run, item.pk)

    assert gedaan is not None and gedaan.vernietigd == [] and gedaan.van_de_lijst == []
    assert Zaak.objects.filter(pk=zaak.pk).exists()


# --- cost ---------------------------------------------------------------------------------------


def _queries(tenant, zaaktype, n: int, nummer: str) -> int:
    zaken = [bouw.afgesloten_zaak(zaaktype, documenten=1, met_besluit=True) for _ in range(n)]
    lijst = goedgekeurde_lijst(tenant, zaken, nummer=nummer)
    auditketen.verzegelen()
    with CaptureQueriesContext(connection) as queries:
        resultaat = uitvoering.voer_uit(lijst.pk)
    assert resultaat.klaar and len(resultaat.vernietigd) == n
    return len(queries)


def test_the_work_per_zaak_does_not_grow_with_the_list(tenant, zaaktype):
    een, twee, vier = (_queries(tenant, zaaktype, n, f"VL-2026-000{n}") for n in (1, 2, 4))
    per_zaak = twee - een
    assert vier - twee == 2 * per_zaak  # linear: nothing re-read per zaak
    # A zaak with a document and a besluit: about 25 for the checks, the rest the registers'
    # own deletes (Django's cascade, audit, chain links, notifications). Issue 29 gave a zaak
    # four more tables that cascade (tasks, routing, signals, letters): 110 → 114.
    assert per_zaak <= 114
