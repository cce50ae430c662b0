"""Zaken that must not go are never destroyed at execution: a zaak changed after approval, no
longer eligible, of another gemeente, deleted meanwhile, being edited, or related (hoofdzaak or
deelzaak, relevanteAndereZaken either way, a shared document, a besluit's document) to a zaak that
is kept; each is taken off the list with a Dutch reason (ADR 0046)."""

from __future__ import annotations

from datetime import date

import pytest

from iwerk.archief.models import Itemstatus, Lijstitem, Verklaring, Vernietigingslijst
from iwerk.archief.services import uitvoering
from iwerk.archief.tests.uitvoering_bouw import (
    dossier,
    goedgekeurde_lijst,
    leeg,
    op_lijst,
    verifieer,
)
from iwerk.besluiten.models import Besluit
from iwerk.besluiten.services import add_besluitinformatieobject
from iwerk.core.testing import archief as bouw
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.zaken.models import Zaak, ZaakInformatieObject

pytestmark = pytest.mark.django_db


@pytest.fixture
def zaaktype(catalogus):
    return bouw.zaaktype_met_besluit(catalogus)


@pytest.fixture(autouse=True)
def _opslag(document_storage, settings, tmp_path):
    settings.IWERK_DOCUMENT_OPRUIMEN_NA = 0  # released content may go at once
    settings.IWERK_AUDIT_ANKER_MAP = str(tmp_path / "ankers")
    return document_storage


def _reden(lijst: Vernietigingslijst, zaak: Zaak) -> tuple[str, str]:
    item = lijst.items.get(zaak_uuid=zaak.uuid)
    return item.status, item.reden


def test_a_zaak_changed_after_approval_is_taken_off_and_reported(tenant, zaaktype):
    gewijzigd = bouw.afgesloten_zaak(zaaktype, documenten=0)
    later = bouw.afgesloten_zaak(zaaktype, documenten=0)
    gaat = bouw.afgesloten_zaak(zaaktype, documenten=0)
    lijst = goedgekeurde_lijst(tenant, [gewijzigd, later, gaat])
    zaakbouwer.zaakdocument(gewijzigd, titel="Nagekomen bezwaar")  # audited on the zaak
    Zaak.objects.filter(pk=later.pk).update(archiefactiedatum=date(2030, 1, 1))

    resultaat = uitvoering.voer_uit(lijst.pk)

    assert resultaat.vernietigd == [gaat.identificatie] and resultaat.klaar
    assert Zaak.objects.filter(pk__in=[gewijzigd.pk, later.pk]).count() == 2
    assert _reden(lijst, gewijzigd) == (
        Itemstatus.gewijzigd,
        "De zaak is gewijzigd nadat de lijst ter beoordeling is aangeboden.",
    )
    assert _reden(lijst, later) == (
        Itemstatus.gewijzigd,
        "De archiefactiedatum (1 januari 2030) ligt niet meer op of voor de peildatum van de "
        "lijst (1 januari 2026).",
    )
    assert dict(resultaat.van_de_lijst) == {
        gewijzigd.identificatie: _reden(lijst, gewijzigd)[1],
        later.identificatie: _reden(lijst, later)[1],
    }
    uitzonderingen = Verklaring.objects.get(lijst=lijst).inhoud["uitzonderingen"]
    assert {(u["identificatie"], u["bij_uitvoering"]) for u in uitzonderingen} == {
        (gewijzigd.identificatie, True),
        (later.identificatie, True),
    }


@pytest.mark.parametrize(
    ("wijziging", "status", "reden"),
    [
        (
            {"archiefstatus": "gearchiveerd"},
            Itemstatus.automatisch_uitgezonderd,
            "De archiefstatus is ‘gearchiveerd’; alleen een zaak die nog te archiveren is, "
            "wordt vernietigd.",
        ),
        (
            {"archiefnominatie": "blijvend_bewaren"},
            Itemstatus.gewijzigd,
            "De archiefnominatie is niet meer ‘vernietigen’.",
        ),
        ({"einddatum": None}, Itemstatus.gewijzigd, "De zaak is heropend."),
    ],
)
def test_a_zaak_no_longer_eligible_is_not_destroyed(tenant, zaaktype, wijziging, status, reden):
    zaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    lijst = goedgekeurde_lijst(tenant, [zaak])
    Zaak.objects.filter(pk=zaak.pk).update(**wijziging)

    uitvoering.voer_uit(lijst.pk)

    assert Zaak.objects.filter(pk=zaak.pk).exists()
    assert _reden(lijst, zaak) == (status, reden)


def test_a_zaak_of_another_gemeente_put_on_the_list_is_not_destroyed(
    tenant, other_tenant, zaaktype
):
    elders = bouw.afgesloten_zaak(bouw.zaaktype_met_besluit(build.catalogus(other_tenant)))
    lijst = goedgekeurde_lijst(tenant, [])
    op_lijst(lijst, elders)  # by direct model manipulation
    voor = dossier(elders)

    resultaat = uitvoering.voer_uit(lijst.pk)

    assert resultaat.vernietigd == [] and resultaat.klaar
    assert dossier(elders) == voor
    assert _reden(lijst, elders) == (
        Itemstatus.automatisch_uitgezonderd,
        "De zaak hoort bij een andere gemeente dan de lijst; ze wordt niet vernietigd.",
    )


def test_an_item_whose_zaak_is_another_than_its_snapshot_is_not_destroyed(tenant, zaaktype):
    zaak, andere = (bouw.afgesloten_zaak(zaaktype, documenten=0) for _ in range(2))
    lijst = goedgekeurde_lijst(tenant, [zaak])
    Lijstitem.objects.filter(lijst=lijst).update(zaak=andere)

    uitvoering.voer_uit(lijst.pk)

    assert Zaak.objects.filter(pk__in=[zaak.pk, andere.pk]).count() == 2
    assert _reden(lijst, zaak)[0] == Itemstatus.gewijzigd


def test_a_zaak_deleted_outside_the_list_is_reported(tenant, zaaktype):
    from iwerk.zaken.services.zaak import delete_zaak

    zaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    lijst = goedgekeurde_lijst(tenant, [zaak])
    delete_zaak(actor=zaakbouwer.ALLES, zaak=zaak)

    resultaat = uitvoering.voer_uit(lijst.pk)

    assert resultaat.van_de_lijst == [(zaak.identificatie, "De zaak bestaat niet meer.")]
    assert resultaat.klaar


def test_a_zaak_with_a_document_being_edited_is_taken_off(tenant, zaaktype):
    from iwerk.documenten.services import lock_document

    zaak = bouw.afgesloten_zaak(zaaktype, documenten=1)
    lijst = goedgekeurde_lijst(tenant, [zaak])
    document = ZaakInformatieObject.objects.get(zaak=zaak).informatieobject
    lock_document(actor=zaakbouwer.ALLES, document=document)

    uitvoering.voer_uit(lijst.pk)

    assert Zaak.objects.filter(pk=zaak.pk).exists()
    status, reden = _reden(lijst, zaak)
    assert status == Itemstatus.gewijzigd
    assert reden.startswith(f"Document {document.identificatie} is vergrendeld")


def test_a_zaak_sharing_a_document_with_a_kept_zaak_is_excluded_and_the_document_stays(
    tenant, zaaktype
):
    gaat = bouw.afgesloten_zaak(zaaktype, documenten=1)
    blijft = bouw.afgesloten_zaak(zaaktype, documenten=0, archiefnominatie="blijvend_bewaren")
    bouw.deel_document(gaat, blijft)
    lijst = goedgekeurde_lijst(tenant, [gaat])

    uitvoering.voer_uit(lijst.pk)

    assert Zaak.objects.filter(pk=gaat.pk).exists()
    assert _reden(lijst, gaat) == (
        Itemstatus.automatisch_uitgezonderd,
        f"Hangt samen met zaak {blijft.identificatie} (deelt een document), die bewaard blijft.",
    )


def test_zaken_sharing_a_document_that_both_go_take_it_along_once_the_last_goes(tenant, zaaktype):
    eerste = bouw.afgesloten_zaak(zaaktype, documenten=1)
    tweede = bouw.afgesloten_zaak(zaaktype, documenten=0)
    bouw.deel_document(eerste, tweede)
    gedeeld = ZaakInformatieObject.objects.get(zaak=eerste).informatieobject_id
    lijst = goedgekeurde_lijst(tenant, [eerste, tweede])

    resultaat = uitvoering.voer_uit(lijst.pk)

    assert len(resultaat.vernietigd) == 2
    assert not EnkelvoudigInformatieObject.objects.filter(pk=gedeeld).exists()
    aantallen = dict(lijst.items.values_list("identificatie", "inhoud__vernietigd__documenten"))
    assert aantallen == {eerste.identificatie: 0, tweede.identificatie: 1}


def test_a_zaak_whose_document_belongs_to_a_besluit_of_a_kept_zaak_is_excluded(tenant, zaaktype):
    gaat = bouw.afgesloten_zaak(zaaktype, documenten=1)
    blijft = bouw.afgesloten_zaak(zaaktype, documenten=0, met_besluit=True)
    Zaak.objects.filter(pk=blijft.pk).update(archiefnominatie="blijvend_bewaren")
    add_besluitinformatieobject(
        actor=zaakbouwer.ALLES,
        besluit=Besluit.objects.get(zaak=blijft),
        document=ZaakInformatieObject.objects.get(zaak=gaat).informatieobject,
    )
    lijst = goedgekeurde_lijst(tenant, [gaat])

    uitvoering.voer_uit(lijst.pk)

    assert Zaak.objects.filter(pk=gaat.pk).exists()
    assert _reden(lijst, gaat)[1] == (
        f"Hangt samen met zaak {blijft.identificatie} (een besluit van die zaak deelt een "
        "document), die bewaard blijft."
    )


def _relateer(van: Zaak, naar: Zaak) -> None:
    """Set up a relevanteAndereZaken entry (test set-up, as an earlier update left it)."""
    Zaak.objects.filter(pk=van.pk).update(
        relevante_andere_zaken=[
            {"url": f"http://testserver/zaken/api/v1/zaken/{naar.uuid}", "aardRelatie": "vervolg"}
        ]
    )


def test_a_zaak_a_kept_zaak_refers_to_is_excluded_and_so_is_one_that_refers_to_a_kept_one(
    tenant, zaaktype
):
    genoemd, verwijzer, blijft = (bouw.afgesloten_zaak(zaaktype, documenten=0) for _ in range(3))
    _relateer(blijft, genoemd)  # a kept zaak names a zaak on the list
    _relateer(verwijzer, blijft)  # a zaak on the list names a kept zaak
    lijst = goedgekeurde_lijst(tenant, [genoemd, verwijzer])

    resultaat = uitvoering.voer_uit(lijst.pk)

    assert resultaat.vernietigd == []
    assert _reden(lijst, genoemd)[1] == (
        f"Hangt samen met zaak {blijft.identificatie} (verwijst naar deze zaak), die bewaard blijft."
    )
    assert _reden(lijst, verwijzer)[1] == (
        f"Hangt samen met zaak {blijft.identificatie} (een relevante andere zaak), die bewaard "
        "blijft."
    )


def test_related_zaken_that_are_both_on_the_list_both_go(tenant, zaaktype):
    eerste, tweede = (bouw.afgesloten_zaak(zaaktype, documenten=0) for _ in range(2))
    _relateer(tweede, eerste)
    lijst = goedgekeurde_lijst(tenant, [eerste, tweede])
    # Snapshots after the relation was made (the update is no audited change in this set-up).

    resultaat = uitvoering.voer_uit(lijst.pk)

    assert sorted(resultaat.vernietigd) == sorted([eerste.identificatie, tweede.identificatie])


def test_a_zaak_related_to_one_on_the_list_that_changed_is_excluded(tenant, zaaktype):
    eerste, tweede = (bouw.afgesloten_zaak(zaaktype, documenten=0) for _ in range(2))
    _relateer(eerste, tweede)
    lijst = goedgekeurde_lijst(tenant, [eerste, tweede])
    zaakbouwer.zaakdocument(tweede, titel="Nagekomen stuk")  # the second changed

    resultaat = uitvoering.voer_uit(lijst.pk)

    assert resultaat.vernietigd == []
    assert _reden(lijst, eerste)[0] == Itemstatus.automatisch_uitgezonderd
    assert _reden(lijst, tweede)[0] == Itemstatus.gewijzigd


def test_a_hoofdzaak_goes_with_its_deelzaken_when_all_are_on_the_list(tenant, zaaktype):
    hoofdzaak = bouw.afgesloten_zaak(zaaktype, documenten=1)
    deelzaak = bouw.afgesloten_zaak(zaaktype, documenten=1, met_besluit=True)
    Zaak.objects.filter(pk=deelzaak.pk).update(hoofdzaak=hoofdzaak)
    lijst = goedgekeurde_lijst(tenant, [hoofdzaak, deelzaak])  # the hoofdzaak comes first
    voor = dossier(deelzaak)

    resultaat = uitvoering.voer_uit(lijst.pk)

    assert resultaat.vernietigd == [deelzaak.identificatie, hoofdzaak.identificatie]
    assert dossier(deelzaak) == leeg(voor)
    assert not Zaak.objects.filter(pk=hoofdzaak.pk).exists()
    assert lijst.items.get(zaak_uuid=deelzaak.uuid).inhoud["vernietigd"] == {
        "documenten": 1,
        "besluiten": 1,
        "documenten_bewaard": 0,
    }
    assert "Auditketen in orde" in verifieer()


def test_a_hoofdzaak_whose_deelzaak_is_kept_stays_and_so_does_the_deelzaak(tenant, zaaktype):
    hoofdzaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    deelzaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    Zaak.objects.filter(pk=deelzaak.pk).update(hoofdzaak=hoofdzaak)
    lijst = goedgekeurde_lijst(tenant, [hoofdzaak])

    uitvoering.voer_uit(lijst.pk)

    assert Zaak.objects.filter(pk__in=[hoofdzaak.pk, deelzaak.pk]).count() == 2
    assert _reden(lijst, hoofdzaak) == (
        Itemstatus.automatisch_uitgezonderd,
        f"Deelzaak {deelzaak.identificatie} staat niet op deze lijst en blijft bewaard.",
    )


def test_a_deelzaak_whose_hoofdzaak_is_kept_stays(tenant, zaaktype):
    hoofdzaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    deelzaak = bouw.afgesloten_zaak(zaaktype, documenten=0)
    Zaak.objects.filter(pk=deelzaak.pk).update(hoofdzaak=hoofdzaak)
    lijst = goedgekeurde_lijst(tenant, [deelzaak])

    uitvoering.voer_uit(lijst.pk)

    assert Zaak.objects.filter(pk=deelzaak.pk).exists()
    assert _reden(lijst, deelzaak)[1] == (
        f"Hangt samen met zaak {hoofdzaak.identificatie} (de hoofdzaak), die bewaard blijft."
    )
