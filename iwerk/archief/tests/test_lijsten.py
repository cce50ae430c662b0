"""Building, editing, submitting and aborting destruction lists (archief.services.lijsten), and
the list selectors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.archief.models import (
    Archiefinstelling,
    Beoordelingsrol,
    Itemstatus,
    Lijstitem,
    Lijststatus,
    Procesverantwoordelijke,
    Vernietigingslijst,
)
from iwerk.archief.selectors import lijsten as lijst_selectors
from iwerk.archief.selectors.kandidaten import Kandidaatfilters
from iwerk.archief.selectors.lijsten import vingerafdrukken
from iwerk.archief.services.lijsten import (
    breek_af,
    dien_in,
    maak_lijst,
    verwijder_items,
    voeg_zaken_toe,
)
from iwerk.core.api.problems import ApiError, Conflict, PermissionDenied, ValidationFailed
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.archief import afgesloten_zaak, deel_document, zaaktype_met_besluit
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.actor import context_for
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]

JAAR = timezone.localdate().year


@pytest.fixture
def wereld(gemeenten):
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    cat = build.catalogus(deventer)
    pv = medewerker(deventer, "pv", Rol.behandelaar)
    Procesverantwoordelijke.objects.create(
        gemeente=deventer, zaaktype_identificatie="KAP", gebruiker=pv
    )
    return {
        "gemeente": deventer,
        "raalte": raalte,
        "cat": cat,
        "kap": zaaktype_met_besluit(cat, "KAP"),
        "div": medewerker(deventer, "div", Rol.div_medewerker),
        "archivaris": medewerker(deventer, "archivaris", Rol.archivaris),
        "pv": pv,
        "behandelaar": medewerker(deventer, "behandelaar", Rol.behandelaar),
        "div_raalte": medewerker(raalte, "divraalte", Rol.div_medewerker),
    }


def _maak(wereld, **kwargs) -> Vernietigingslijst:
    kwargs.setdefault("gebruiker", wereld["div"])
    kwargs.setdefault("gemeente", wereld["gemeente"])
    kwargs.setdefault("naam", "Kapvergunningen tot 2020")
    kwargs.setdefault("peildatum", timezone.localdate())
    return maak_lijst(**kwargs)


def _items(lijst: Vernietigingslijst) -> dict[str, Lijstitem]:
    return {i.identificatie: i for i in Lijstitem.objects.filter(lijst=lijst)}


def _code(excinfo: pytest.ExceptionInfo[ApiError]) -> str:
    error = excinfo.value
    if isinstance(error, ValidationFailed):
        return error.params[0].code
    return error.code


def test_a_records_manager_builds_a_numbered_list_with_a_snapshot_of_each_zaak(wereld):
    zaak = afgesloten_zaak(wereld["kap"], documenten=2, met_besluit=True)

    lijst = _maak(wereld, filters=Kandidaatfilters(zaaktypen=("KAP",)))

    assert lijst.nummer == f"VL-{JAAR}-0001"
    assert lijst.status == Lijststatus.concept
    assert lijst.filters["zaaktypen"] == ["KAP"]
    [item] = Lijstitem.objects.filter(lijst=lijst)
    assert item.zaak_id == zaak.pk
    assert item.zaak_uuid == zaak.uuid
    assert item.identificatie == zaak.identificatie
    assert item.omschrijving == zaak.omschrijving
    assert (item.zaaktype_identificatie, item.zaaktype_omschrijving) == ("KAP", "Zaaktype KAP")
    assert item.resultaattype_omschrijving == "Verleend"
    assert item.selectielijstklasse.endswith("/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f")
    assert item.selectielijstklasse_weergave
    assert item.bewaartermijn == "P10Y"
    assert item.einddatum == zaak.einddatum
    assert item.archiefactiedatum == zaak.archiefactiedatum
    assert item.vertrouwelijkheidaanduiding == "zaakvertrouwelijk"
    assert item.status == Itemstatus.opgenomen
    assert len(item.inhoud["documenten"]) == 2 and len(item.inhoud["besluiten"]) == 1


def test_numbers_count_per_gemeente_and_year(wereld):
    afgesloten_zaak(wereld["kap"], documenten=0)
    eerste = _maak(wereld)
    breek_af(gebruiker=wereld["div"], lijst=eerste, reden="Opnieuw")
    tweede = _maak(wereld)
    raalte_kap = zaaktype_met_besluit(build.catalogus(wereld["raalte"]), "KAP")
    afgesloten_zaak(raalte_kap, documenten=0)
    elders = _maak(wereld, gebruiker=wereld["div_raalte"], gemeente=wereld["raalte"])

    assert (eerste.nummer, tweede.nummer) == (f"VL-{JAAR}-0001", f"VL-{JAAR}-0002")
    assert elders.nummer == f"VL-{JAAR}-0001"


def test_a_zaak_that_something_kept_depends_on_is_taken_up_as_excluded(wereld):
    gaat = afgesloten_zaak(wereld["kap"])
    blijft = afgesloten_zaak(wereld["kap"], archiefnominatie="blijvend_bewaren")
    deel_document(gaat, blijft)
    los = afgesloten_zaak(wereld["kap"])

    items = _items(_maak(wereld))

    assert items[gaat.identificatie].status == Itemstatus.automatisch_uitgezonderd
    assert blijft.identificatie in items[gaat.identificatie].reden
    assert items[los.identificatie].status == Itemstatus.opgenomen


def test_only_a_records_manager_of_the_gemeente_builds_a_list(wereld):
    afgesloten_zaak(wereld["kap"], documenten=0)
    with pytest.raises(PermissionDenied) as rol:
        _maak(wereld, gebruiker=wereld["behandelaar"])
    with pytest.raises(PermissionDenied) as gemeente:
        _maak(wereld, gebruiker=wereld["div_raalte"])

    assert _code(rol) == "verkeerde-rol"
    assert "DIV-medewerker" in rol.value.detail
    assert _code(gemeente) == "andere-gemeente"
    assert not Vernietigingslijst.objects.exists()


def test_a_list_without_any_eligible_zaak_is_refused(wereld):
    afgesloten_zaak(wereld["kap"], documenten=0, archiefnominatie="blijvend_bewaren")
    with pytest.raises(ValidationFailed) as leeg:
        _maak(wereld)
    assert _code(leeg) == "geen-zaken"

    gaat = afgesloten_zaak(wereld["kap"])
    deel_document(gaat, Zaak.objects.get(archiefnominatie="blijvend_bewaren"))
    with pytest.raises(ValidationFailed) as uitgezonderd:
        _maak(wereld)
    assert _code(uitgezonderd) == "alles-uitgezonderd"
    assert not Vernietigingslijst.objects.exists()


def test_a_peildatum_after_today_is_refused(wereld):
    afgesloten_zaak(wereld["kap"], documenten=0)
    with pytest.raises(ValidationFailed) as excinfo:
        _maak(wereld, peildatum=timezone.localdate() + timedelta(days=1))
    assert _code(excinfo) == "peildatum-in-toekomst"


def test_a_zaak_of_another_gemeente_is_refused_and_nothing_changes(wereld):
    afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    eigen = afgesloten_zaak(wereld["kap"], documenten=0)
    elders = afgesloten_zaak(zaaktype_met_besluit(build.catalogus(wereld["raalte"]), "KAP"))

    with pytest.raises(ValidationFailed) as excinfo:
        voeg_zaken_toe(gebruiker=wereld["div"], lijst=lijst, zaak_uuids=[eigen.uuid, elders.uuid])

    assert _code(excinfo) == "andere-gemeente"
    assert elders.identificatie in excinfo.value.params[0].reason
    assert "niets toegevoegd" in excinfo.value.params[0].reason
    assert Lijstitem.objects.filter(lijst=lijst).count() == 1


def test_adding_an_eligible_zaak_puts_it_on_the_list(wereld):
    afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    later = afgesloten_zaak(wereld["kap"], documenten=1)

    aantal = voeg_zaken_toe(gebruiker=wereld["div"], lijst=lijst, zaak_uuids=[str(later.uuid)])

    assert aantal == 1
    item = _items(lijst)[later.identificatie]
    assert item.status == Itemstatus.opgenomen
    assert len(item.inhoud["documenten"]) == 1


def test_adding_a_zaak_that_is_not_eligible_is_refused(wereld):
    afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    blijft = afgesloten_zaak(wereld["kap"], documenten=0, archiefnominatie="blijvend_bewaren")

    with pytest.raises(ValidationFailed) as excinfo:
        voeg_zaken_toe(gebruiker=wereld["div"], lijst=lijst, zaak_uuids=[blijft.uuid])
    assert _code(excinfo) == "niet-vernietigbaar"
    with pytest.raises(ValidationFailed) as onzin:
        voeg_zaken_toe(gebruiker=wereld["div"], lijst=lijst, zaak_uuids=["geen-uuid"])
    assert _code(onzin) == "invalid"


def test_adding_an_excluded_item_again_takes_it_up_when_nothing_kept_depends_on_it(wereld):
    gaat = afgesloten_zaak(wereld["kap"])
    blijft = afgesloten_zaak(wereld["kap"], archiefnominatie="blijvend_bewaren")
    deel_document(gaat, blijft)
    afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    assert _items(lijst)[gaat.identificatie].status == Itemstatus.automatisch_uitgezonderd
    Zaak.objects.filter(pk=blijft.pk).update(archiefnominatie="vernietigen")

    aantal = voeg_zaken_toe(
        gebruiker=wereld["div"], lijst=lijst, zaak_uuids=[gaat.uuid, blijft.uuid]
    )

    items = _items(lijst)
    assert aantal == 2
    assert items[gaat.identificatie].status == Itemstatus.opgenomen
    assert items[gaat.identificatie].reden == ""
    assert items[blijft.identificatie].status == Itemstatus.opgenomen


def test_removing_an_item_excludes_what_depends_on_its_zaak(wereld):
    een = afgesloten_zaak(wereld["kap"])
    twee = afgesloten_zaak(wereld["kap"])
    deel_document(een, twee)
    lijst = _maak(wereld)
    items = _items(lijst)

    assert (
        verwijder_items(
            gebruiker=wereld["div"], lijst=lijst, item_ids=[items[een.identificatie].pk]
        )
        == 1
    )

    over = _items(lijst)
    assert list(over) == [twee.identificatie]
    assert over[twee.identificatie].status == Itemstatus.automatisch_uitgezonderd
    assert een.identificatie in over[twee.identificatie].reden


def test_removing_an_item_of_another_list_changes_nothing(wereld):
    afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    with pytest.raises(ValidationFailed):
        verwijder_items(gebruiker=wereld["div"], lijst=lijst, item_ids=[999_999])
    with pytest.raises(PermissionDenied):
        verwijder_items(
            gebruiker=wereld["div_raalte"],
            lijst=lijst,
            item_ids=list(Lijstitem.objects.values_list("pk", flat=True)),
        )
    assert Lijstitem.objects.filter(lijst=lijst).count() == 1


def test_submitting_makes_a_step_per_process_owner_then_the_archivaris(wereld):
    bouw = zaaktype_met_besluit(wereld["cat"], "BOUW")
    pv_bouw = medewerker(wereld["gemeente"], "bouwer", Rol.teamleider)
    Procesverantwoordelijke.objects.create(
        gemeente=wereld["gemeente"], zaaktype_identificatie="BOUW", gebruiker=pv_bouw
    )
    kap = afgesloten_zaak(wereld["kap"], documenten=0)
    afgesloten_zaak(bouw, documenten=0)
    lijst = _maak(wereld)

    dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])

    lijst.refresh_from_db()
    assert (lijst.status, lijst.ronde) == (Lijststatus.ter_beoordeling, 1)
    assert lijst.ingediend_op is not None
    stappen = list(lijst.stappen.order_by("volgorde"))
    assert [(s.volgorde, s.rol, s.beoordelaar) for s in stappen] == [
        (1, Beoordelingsrol.procesverantwoordelijke, pv_bouw),  # Bouwer before Pv, by name
        (2, Beoordelingsrol.procesverantwoordelijke, wereld["pv"]),
        (3, Beoordelingsrol.archivaris, wereld["archivaris"]),
    ]
    assert [s.zaaktype_identificaties for s in stappen] == [["BOUW"], ["KAP"], []]
    item = _items(lijst)[kap.identificatie]
    assert item.vingerafdruk == vingerafdrukken([kap.pk])[kap.pk]


def test_one_process_owner_of_two_zaaktypen_gets_one_step(wereld):
    bouw = zaaktype_met_besluit(wereld["cat"], "BOUW")
    Procesverantwoordelijke.objects.create(
        gemeente=wereld["gemeente"], zaaktype_identificatie="BOUW", gebruiker=wereld["pv"]
    )
    afgesloten_zaak(wereld["kap"], documenten=0)
    afgesloten_zaak(bouw, documenten=0)
    lijst = _maak(wereld)

    dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])

    assert [s.zaaktype_identificaties for s in lijst.stappen.order_by("volgorde")] == [
        ["BOUW", "KAP"],
        [],
    ]


def test_korte_procedure_has_the_archivaris_alone(wereld):
    Archiefinstelling.objects.create(gemeente=wereld["gemeente"], korte_procedure=True)
    afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)

    dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])

    assert [(s.volgorde, s.rol) for s in lijst.stappen.all()] == [(1, Beoordelingsrol.archivaris)]


def test_a_zaaktype_without_process_owner_is_named_and_nothing_is_submitted(wereld):
    afgesloten_zaak(zaaktype_met_besluit(wereld["cat"], "BOUW"), documenten=0)
    afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)

    with pytest.raises(ValidationFailed) as excinfo:
        dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])

    assert _code(excinfo) == "geen-procesverantwoordelijke"
    assert "BOUW (Zaaktype BOUW)" in excinfo.value.params[0].reason
    lijst.refresh_from_db()
    assert (lijst.status, lijst.ronde) == (Lijststatus.concept, 0)
    assert not lijst.stappen.exists()


def test_the_archivaris_must_hold_that_role_in_the_gemeente(wereld):
    afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    archivaris_raalte = medewerker(wereld["raalte"], "archraalte", Rol.archivaris)

    for wie in (wereld["behandelaar"], archivaris_raalte):
        with pytest.raises(ValidationFailed) as excinfo:
            dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wie)
        assert _code(excinfo) == "geen-archivaris"
    with pytest.raises(PermissionDenied):
        dien_in(gebruiker=wereld["archivaris"], lijst=lijst, archivaris=wereld["archivaris"])


def test_submitting_checks_the_zaken_again(wereld):
    veranderd = afgesloten_zaak(wereld["kap"], documenten=0)
    blijft_gaan = afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    Zaak.objects.filter(pk=veranderd.pk).update(archiefactiedatum=date(2099, 1, 1))

    dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])

    items = _items(lijst)
    assert items[veranderd.identificatie].status == Itemstatus.automatisch_uitgezonderd
    assert "na de peildatum" in items[veranderd.identificatie].reden
    assert items[veranderd.identificatie].vingerafdruk == ""
    assert items[blijft_gaan.identificatie].status == Itemstatus.opgenomen


def test_an_item_whose_zaak_no_longer_exists_is_excluded_at_submission(wereld):
    weg = afgesloten_zaak(wereld["kap"], documenten=0)
    blijft_gaan = afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    Zaak.objects.filter(pk=weg.pk).delete()  # test set-up: deleted outside the list

    dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])

    items = _items(lijst)
    assert items[weg.identificatie].status == Itemstatus.automatisch_uitgezonderd
    assert items[weg.identificatie].reden == "De zaak bestaat niet meer."
    assert items[blijft_gaan.identificatie].status == Itemstatus.opgenomen


def test_a_list_with_nothing_left_to_destroy_is_not_submitted(wereld):
    zaak = afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    Zaak.objects.filter(pk=zaak.pk).update(archiefnominatie="blijvend_bewaren")

    with pytest.raises(Conflict) as excinfo:
        dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])
    assert excinfo.value.code == "lege-lijst"


def test_a_list_under_review_is_not_edited(wereld):
    afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])
    later = afgesloten_zaak(wereld["kap"], documenten=0)

    with pytest.raises(Conflict) as excinfo:
        voeg_zaken_toe(gebruiker=wereld["div"], lijst=lijst, zaak_uuids=[later.uuid])
    assert excinfo.value.code == "niet-bewerkbaar"


def test_an_aborted_list_frees_its_zaken_and_refuses_every_change(wereld):
    zaak = afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])

    with pytest.raises(ValidationFailed):
        breek_af(gebruiker=wereld["div"], lijst=lijst, reden=" ")
    with pytest.raises(PermissionDenied):
        breek_af(gebruiker=wereld["archivaris"], lijst=lijst, reden="Ik wil niet")
    breek_af(gebruiker=wereld["div"], lijst=lijst, reden="Verkeerde selectie")

    lijst.refresh_from_db()
    assert (lijst.status, lijst.toelichting) == (Lijststatus.afgebroken, "Verkeerde selectie")
    for poging in (
        lambda: breek_af(gebruiker=wereld["div"], lijst=lijst, reden="Nog eens"),
        lambda: voeg_zaken_toe(gebruiker=wereld["div"], lijst=lijst, zaak_uuids=[zaak.uuid]),
        lambda: dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"]),
    ):
        with pytest.raises(Conflict) as excinfo:
            poging()
        assert excinfo.value.code == "lijst-afgesloten"
    assert _items(_maak(wereld))[zaak.identificatie].status == Itemstatus.opgenomen


@pytest.mark.parametrize("status", [Lijststatus.in_uitvoering, Lijststatus.uitgevoerd])
def test_a_list_in_or_after_execution_is_not_aborted(wereld, status):
    afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    Vernietigingslijst.objects.filter(pk=lijst.pk).update(status=status)

    with pytest.raises(Conflict) as excinfo:
        breek_af(gebruiker=wereld["div"], lijst=lijst, reden="Te laat")
    assert excinfo.value.code == "lijst-afgesloten"


def _bouw(wereld, aantal: int, totaal: int) -> int:
    """Queries to build a list of `totaal` zaken after adding `aantal` (the list is then
    aborted, so its zaken count again for the next)."""
    for n in range(aantal):
        afgesloten_zaak(wereld["kap"], met_besluit=n % 2 == 0)
    context_for(wereld["div"], wereld["gemeente"].pk)  # the staff context, cached as in use
    with CaptureQueriesContext(connection) as queries:
        lijst = _maak(wereld)
    assert Lijstitem.objects.filter(lijst=lijst, status=Itemstatus.opgenomen).count() == totaal
    breek_af(gebruiker=wereld["div"], lijst=lijst, reden="Meting")
    return len(queries)


def test_building_a_list_takes_the_same_queries_for_3_and_30_zaken(wereld):
    """The staff context's generation (1), the analysis (7: no related zaak outside the list),
    the gemeente lock and the numbers of the year (2), the list and its items (2), the two
    generations its change moves (2: the werkvoorraad's review count and Sturing), the
    transaction's savepoint and its release (2). On PostgreSQL the items go in by COPY, which
    Django's query log does not see."""
    verwacht = 15 if connection.vendor == "postgresql" else 16
    assert _bouw(wereld, 3, 3) == _bouw(wereld, 27, 30) == verwacht


def test_list_selectors_take_fixed_queries(wereld, django_assert_num_queries):
    for _ in range(3):
        afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = _maak(wereld)
    dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])

    with django_assert_num_queries(3):
        geladen = lijst_selectors.lijst_met_items(lijst.pk, wereld["gemeente"])
        assert len(geladen.items.all()) == 3
        assert [s.beoordelaar.username for s in geladen.stappen.all()] == ["pv", "archivaris"]
    with django_assert_num_queries(1):
        [rij] = lijst_selectors.lijsten(wereld["gemeente"], status=Lijststatus.ter_beoordeling)
        assert (rij.aantal_opgenomen, rij.aantal_uitgezonderd) == (3, 0)
    assert list(lijst_selectors.lijsten(wereld["gemeente"], status=Lijststatus.concept)) == []
    with pytest.raises(ApiError):
        lijst_selectors.lijst_met_items(lijst.pk, wereld["raalte"])

    # Executed: the overview counts what went and what did not, not what "goes" (nothing).
    Lijstitem.objects.filter(pk=lijst.items.order_by("pk").first().pk).update(status="vernietigd")
    Lijstitem.objects.filter(pk=lijst.items.order_by("pk").last().pk).update(status="gewijzigd")
    [rij] = lijst_selectors.lijsten(wereld["gemeente"], status=Lijststatus.ter_beoordeling)
    assert (rij.aantal_opgenomen, rij.aantal_vernietigd, rij.aantal_uitgezonderd) == (1, 1, 1)
