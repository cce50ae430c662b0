"""Which zaken a destruction list may take (kandidaten), what goes with each and which must stay
because something kept depends on them (analyseer), and the fingerprint of a zaak's state."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.archief.models import Itemstatus, Lijstitem, Lijststatus, Vernietigingslijst
from iwerk.archief.selectors.kandidaten import (
    Kandidaatfilters,
    analyseer,
    kandidaten,
    selectielijstklasse_weergave,
)
from iwerk.archief.selectors.lijsten import vingerafdrukken
from iwerk.besluiten.models import Besluit
from iwerk.besluiten.services import add_besluitinformatieobject
from iwerk.catalogi.models import ResultaatType
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.core.testing.archief import (
    afgesloten_zaak,
    deel_document,
    zaaktype_met_besluit,
)
from iwerk.core.testing.medewerkers import medewerker
from iwerk.documenten.models import ObjectInformatieObject
from iwerk.medewerkers.actor import context_for
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]

KLASSE = f"{build.REF}/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f"


@pytest.fixture
def wereld(gemeenten):
    deventer = gemeenten["deventer"]
    cat = build.catalogus(deventer)
    div = medewerker(deventer, "div", Rol.div_medewerker)
    return {
        "gemeente": deventer,
        "raalte": gemeenten["raalte"],
        "cat": cat,
        "kap": zaaktype_met_besluit(cat, "KAP"),
        "actor": context_for(div, deventer.pk).actor,
    }


def _kandidaten(wereld, filters: Kandidaatfilters | None = None, peildatum: date | None = None):
    return kandidaten(
        gemeente=wereld["gemeente"],
        actor=wereld["actor"],
        peildatum=peildatum or timezone.localdate(),
        filters=filters,
    )


def _analyse(wereld, **kwargs) -> dict[str, object]:
    return {
        k.identificatie: k for k in analyseer(_kandidaten(wereld, **kwargs), actor=wereld["actor"])
    }


def _relateer(zaak: Zaak, *andere: Zaak) -> None:
    """Test set-up: zaak names the others as relevante andere zaken."""
    Zaak.objects.filter(pk=zaak.pk).update(
        relevante_andere_zaken=[
            {"url": f"http://testserver/zaken/api/v1/zaken/{a.uuid}", "aardRelatie": "vervolg"}
            for a in andere
        ]
    )


def test_only_closed_zaken_to_destroy_whose_date_has_come_are_candidates(wereld):
    kap = wereld["kap"]
    goed = afgesloten_zaak(kap, documenten=0)
    afgesloten_zaak(kap, documenten=0, archiefnominatie="blijvend_bewaren")
    afgesloten_zaak(kap, documenten=0, archiefactiedatum=timezone.localdate() + timedelta(days=1))
    gearchiveerd = afgesloten_zaak(kap, documenten=0)
    Zaak.objects.filter(pk=gearchiveerd.pk).update(archiefstatus="gearchiveerd")
    heropend = afgesloten_zaak(kap, documenten=0)
    Zaak.objects.filter(pk=heropend.pk).update(einddatum=None)
    elders = afgesloten_zaak(zaaktype_met_besluit(build.catalogus(wereld["raalte"]), "KAP"))

    gevonden = list(_kandidaten(wereld))

    assert gevonden == [goed]
    assert elders not in gevonden


def test_a_zaak_the_records_manager_may_not_read_is_no_candidate(wereld):
    zichtbaar = afgesloten_zaak(wereld["kap"], documenten=0)
    afgesloten_zaak(wereld["kap"], documenten=0, vertrouwelijkheid="geheim")

    assert list(_kandidaten(wereld)) == [zichtbaar]


def test_a_zaak_on_another_active_list_is_no_candidate_until_that_list_is_aborted(wereld):
    zaak = afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = Vernietigingslijst.objects.create(
        gemeente=wereld["gemeente"],
        nummer="VL-2026-0001",
        naam="Eerder",
        peildatum=timezone.localdate(),
        aangemaakt_door=medewerker(wereld["gemeente"], "div", Rol.div_medewerker),
    )
    Lijstitem.objects.create(
        lijst=lijst,
        zaak=zaak,
        zaak_uuid=zaak.uuid,
        identificatie=zaak.identificatie,
        zaaktype_identificatie="KAP",
        zaaktype_omschrijving="Kap",
    )
    assert list(_kandidaten(wereld)) == []

    Vernietigingslijst.objects.filter(pk=lijst.pk).update(status=Lijststatus.afgebroken)
    assert list(_kandidaten(wereld)) == [zaak]


def test_filters_select_by_zaaktype_resultaattype_period_and_category(wereld):
    kap = wereld["kap"]
    nieuwe_versie = zaaktype_met_besluit(wereld["cat"], "KAP", begin=date(2025, 1, 1))
    bouw = zaaktype_met_besluit(wereld["cat"], "BOUW")
    oud = afgesloten_zaak(kap, documenten=0)
    nieuw = afgesloten_zaak(nieuwe_versie, documenten=0)
    anders = afgesloten_zaak(bouw, documenten=0)
    Zaak.objects.filter(pk=oud.pk).update(einddatum=date(2019, 5, 1))
    ResultaatType.objects.filter(zaaktype=bouw).update(
        selectielijstklasse=f"{build.REF}/resultaten/ander"
    )

    assert set(_kandidaten(wereld, Kandidaatfilters(zaaktypen=("KAP",)))) == {oud, nieuw}
    assert set(_kandidaten(wereld, Kandidaatfilters(resultaattypen=("Verleend",)))) == {
        oud,
        nieuw,
        anders,
    }
    assert set(_kandidaten(wereld, Kandidaatfilters(resultaattypen=("Geweigerd",)))) == set()
    assert set(
        _kandidaten(
            wereld,
            Kandidaatfilters(einddatum_vanaf=date(2019, 1, 1), einddatum_tot=date(2019, 12, 31)),
        )
    ) == {oud}
    assert set(_kandidaten(wereld, Kandidaatfilters(selectielijstklassen=(KLASSE,)))) == {
        oud,
        nieuw,
    }


def test_filters_survive_storage_as_json():
    filters = Kandidaatfilters(
        zaaktypen=("KAP",),
        resultaattypen=("Verleend",),
        einddatum_vanaf=date(2019, 1, 1),
        einddatum_tot=date(2019, 12, 31),
        selectielijstklassen=(KLASSE,),
    )
    assert Kandidaatfilters.from_json(filters.as_json()) == filters


def test_what_goes_lists_documents_with_versions_besluiten_and_snapshot(wereld):
    zaak = afgesloten_zaak(wereld["kap"], documenten=2, met_besluit=True)

    kandidaat = _analyse(wereld)[zaak.identificatie]

    assert kandidaat.reden == ""
    assert [d["titel"] for d in kandidaat.inhoud["documenten"]] == [
        f"Document 1 van {zaak.identificatie}",
        f"Document 2 van {zaak.identificatie}",
    ]
    assert all(d["versies"] == 1 and d["identificatie"] for d in kandidaat.inhoud["documenten"])
    assert len(kandidaat.inhoud["besluiten"]) == 1
    assert kandidaat.zaaktype_identificatie == "KAP"
    assert kandidaat.resultaattype_omschrijving == "Verleend"
    assert kandidaat.selectielijstklasse == KLASSE
    assert kandidaat.selectielijstklasse_weergave.startswith("1.")
    assert kandidaat.bewaartermijn == "P10Y"
    assert kandidaat.archiefactiedatum == zaak.archiefactiedatum
    assert kandidaat.vertrouwelijkheidaanduiding == "zaakvertrouwelijk"


def test_a_zaak_sharing_a_document_with_a_kept_zaak_is_excluded_with_the_reason(wereld):
    gaat = afgesloten_zaak(wereld["kap"])
    blijft = afgesloten_zaak(wereld["kap"], archiefnominatie="blijvend_bewaren")
    deel_document(gaat, blijft)
    los = afgesloten_zaak(wereld["kap"])

    analyse = _analyse(wereld)

    reden = analyse[gaat.identificatie].reden
    assert reden.startswith("Document ")
    assert f"hoort ook bij zaak {blijft.identificatie}, die bewaard blijft" in reden
    assert analyse[los.identificatie].reden == ""


def test_a_document_shared_by_two_zaken_that_both_go_excludes_neither(wereld):
    een = afgesloten_zaak(wereld["kap"])
    twee = afgesloten_zaak(wereld["kap"])
    deel_document(een, twee)

    analyse = _analyse(wereld)

    assert analyse[een.identificatie].reden == analyse[twee.identificatie].reden == ""
    assert len(analyse[twee.identificatie].inhoud["documenten"]) == 2


def test_hoofdzaak_and_deelzaak_stay_together(wereld):
    hoofd = afgesloten_zaak(wereld["kap"], documenten=0)
    deel = afgesloten_zaak(wereld["kap"], documenten=0, archiefactiedatum=date(2099, 1, 1))
    Zaak.objects.filter(pk=deel.pk).update(hoofdzaak=hoofd)
    kind = afgesloten_zaak(wereld["kap"], documenten=0)
    ouder = afgesloten_zaak(wereld["kap"], documenten=0, archiefnominatie="blijvend_bewaren")
    Zaak.objects.filter(pk=kind.pk).update(hoofdzaak=ouder)

    analyse = _analyse(wereld)

    assert analyse[hoofd.identificatie].reden == f"Deelzaak {deel.identificatie} blijft bewaard."
    assert (
        analyse[kind.identificatie].reden == f"De hoofdzaak {ouder.identificatie} blijft bewaard."
    )
    assert analyse[hoofd.identificatie].inhoud["relaties"] == [
        {"aard": "deelzaak", "identificatie": deel.identificatie}
    ]


def test_relevante_andere_zaken_in_either_direction_keep_a_zaak(wereld):
    noemt = afgesloten_zaak(wereld["kap"], documenten=0)
    genoemd = afgesloten_zaak(wereld["kap"], documenten=0)
    blijft_a = afgesloten_zaak(wereld["kap"], documenten=0, archiefnominatie="blijvend_bewaren")
    blijft_b = afgesloten_zaak(wereld["kap"], documenten=0, archiefnominatie="blijvend_bewaren")
    _relateer(noemt, blijft_a)
    _relateer(blijft_b, genoemd)
    samen_a = afgesloten_zaak(wereld["kap"], documenten=0)
    samen_b = afgesloten_zaak(wereld["kap"], documenten=0)
    _relateer(samen_a, samen_b)

    analyse = _analyse(wereld)

    assert blijft_a.identificatie in analyse[noemt.identificatie].reden
    assert blijft_b.identificatie in analyse[genoemd.identificatie].reden
    assert "relevante andere zaak" in analyse[genoemd.identificatie].reden
    assert analyse[samen_a.identificatie].reden == analyse[samen_b.identificatie].reden == ""


def test_a_besluit_whose_document_a_kept_zaak_shares_keeps_its_zaak(wereld):
    gaat = afgesloten_zaak(wereld["kap"], documenten=1, met_besluit=True)
    blijft = afgesloten_zaak(wereld["kap"], archiefnominatie="blijvend_bewaren")
    het_besluit = Besluit.objects.get(zaak=gaat)
    document = zaakbouwer.zaakdocument(blijft, titel="Gedeeld via het besluit")
    add_besluitinformatieobject(
        actor=zaakbouwer.ALLES, besluit=het_besluit, document=document.informatieobject
    )

    reden = _analyse(wereld)[gaat.identificatie].reden

    assert reden.startswith(f"Besluit {het_besluit.identificatie} deelt document ")
    assert f"met zaak {blijft.identificatie}, die bewaard blijft" in reden


def test_exclusion_spreads_to_what_depends_on_an_excluded_zaak(wereld):
    blijft = afgesloten_zaak(wereld["kap"], archiefnominatie="blijvend_bewaren")
    eerste = afgesloten_zaak(wereld["kap"])
    tweede = afgesloten_zaak(wereld["kap"], documenten=0)
    deel_document(eerste, blijft)
    _relateer(tweede, eerste)

    analyse = _analyse(wereld)

    assert blijft.identificatie in analyse[eerste.identificatie].reden
    assert eerste.identificatie in analyse[tweede.identificatie].reden


def test_a_document_also_related_outside_iwerk_keeps_its_zaak(wereld):
    zaak = afgesloten_zaak(wereld["kap"])
    zio = zaak.zaakinformatieobjecten.get()
    ObjectInformatieObject.objects.create(
        tenant=wereld["gemeente"],
        informatieobject=zio.informatieobject,
        object_type="zaak",
        object="https://elders.example.nl/zaken/api/v1/zaken/5b2c5c8e-1c3c-4f6f-9b5f-0d8a2e1f1a11",
    )

    reden = _analyse(wereld)[zaak.identificatie].reden

    assert "buiten iwerk" in reden


def test_a_related_zaak_the_records_manager_may_not_read_is_not_named(wereld):
    zaak = afgesloten_zaak(wereld["kap"], documenten=0)
    geheim = afgesloten_zaak(
        wereld["kap"], documenten=0, vertrouwelijkheid="geheim", omschrijving="Geheim"
    )
    _relateer(zaak, geheim)

    reden = _analyse(wereld)[zaak.identificatie].reden

    assert geheim.identificatie not in reden
    assert "niet mag inzien" in reden


def test_a_zaak_that_no_longer_qualifies_on_the_peildatum_is_excluded_on_a_second_check(wereld):
    zaak = afgesloten_zaak(wereld["kap"], documenten=0)
    Zaak.objects.filter(pk=zaak.pk).update(archiefnominatie="blijvend_bewaren")

    [kandidaat] = analyseer(
        Zaak.objects.filter(pk=zaak.pk), actor=wereld["actor"], peildatum=timezone.localdate()
    )

    assert kandidaat.reden == "De archiefnominatie van de zaak is niet meer ‘vernietigen’."


def _queries(wereld, aantal: int) -> int:
    for n in range(aantal):
        zaak = afgesloten_zaak(wereld["kap"], met_besluit=n % 2 == 0)
        if n % 3 == 0:
            blijft = afgesloten_zaak(
                wereld["kap"], documenten=0, archiefnominatie="blijvend_bewaren"
            )
            _relateer(zaak, blijft)
    with CaptureQueriesContext(connection) as queries:
        gevonden = analyseer(_kandidaten(wereld), actor=wereld["actor"])
    assert len(gevonden) == aantal
    assert sum(1 for k in gevonden if k.reden) == (aantal + 2) // 3
    return len(queries)


def test_analysis_takes_the_same_queries_for_3_and_30_zaken(wereld):
    """Zaken, deelzaken, relevante andere zaken, besluiten, zaak- and besluitdocumenten, outside
    objects, the related zaken outside the list: eight, however many zaken."""
    klein = _queries(wereld, 3)
    Zaak.objects.update(archiefnominatie="blijvend_bewaren")
    groot = _queries(wereld, 30)
    assert klein == groot == 8


def test_the_fingerprint_changes_with_any_change_of_the_zaak(wereld):
    zaak = afgesloten_zaak(wereld["kap"], documenten=0)
    andere = afgesloten_zaak(wereld["kap"], documenten=0)
    voor = vingerafdrukken([zaak.pk, andere.pk])

    zaakbouwer.zaakdocument(zaak, titel="Later toegevoegd")

    na = vingerafdrukken([zaak.pk, andere.pk])
    assert na[zaak.pk] != voor[zaak.pk]
    assert na[andere.pk] == voor[andere.pk]
    Zaak.objects.filter(pk=andere.pk).update(archiefactiedatum=date(2021, 1, 1))
    assert vingerafdrukken([andere.pk])[andere.pk] != voor[andere.pk]


def test_fingerprints_take_one_query(wereld, django_assert_num_queries):
    zaken = [afgesloten_zaak(wereld["kap"], documenten=0) for _ in range(3)]
    with django_assert_num_queries(1):
        assert len(vingerafdrukken(z.pk for z in zaken)) == 3


def test_category_name_comes_from_the_shipped_selectielijst():
    assert selectielijstklasse_weergave(KLASSE).startswith("1.")
    assert selectielijstklasse_weergave("https://elders.example.nl/resultaten/x") == ""
    assert selectielijstklasse_weergave("") == ""


def test_items_of_an_excluded_status_do_not_block(wereld):
    """Only items that go hold a zaak: one excluded from an active list is a candidate again."""
    zaak = afgesloten_zaak(wereld["kap"], documenten=0)
    lijst = Vernietigingslijst.objects.create(
        gemeente=wereld["gemeente"],
        nummer="VL-2026-0009",
        naam="Eerder",
        peildatum=timezone.localdate(),
        aangemaakt_door=medewerker(wereld["gemeente"], "div", Rol.div_medewerker),
    )
    Lijstitem.objects.create(
        lijst=lijst,
        zaak=zaak,
        zaak_uuid=zaak.uuid,
        identificatie=zaak.identificatie,
        zaaktype_identificatie="KAP",
        zaaktype_omschrijving="Kap",
        status=Itemstatus.uitgezonderd,
    )
    assert list(_kandidaten(wereld)) == [zaak]
