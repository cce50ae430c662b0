"""The review of destruction lists (archief.services.beoordeling): named reviewers in turn,
exclusions recorded on the zaak (zaken.services.archiefbeheer), changes requested and a new
round, the korte procedure, and who is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from iwerk.archief.models import (
    Archiefinstelling,
    Beoordelingsstap,
    Itemstatus,
    Lijstitem,
    Lijststatus,
    Procesverantwoordelijke,
    Vernietigingslijst,
)
from iwerk.archief.selectors.lijsten import huidige_stap, open_stappen_van
from iwerk.archief.services.beoordeling import beoordeel, sluit_uit
from iwerk.archief.services.lijsten import breek_af, dien_in, maak_lijst, verwijder_items
from iwerk.core.api.problems import ApiError, Conflict, PermissionDenied, ValidationFailed
from iwerk.core.models import AuditTrail
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.archief import afgesloten_zaak, deel_document, zaaktype_met_besluit
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak, ZaakNotitie
from iwerk.zaken.services.archiefbeheer import wijzig_archivering

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]

GOED = "goedgekeurd"
WIJZIGEN = "wijzigingen_gevraagd"


@pytest.fixture
def wereld(gemeenten):
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    cat = build.catalogus(deventer)
    pv = medewerker(deventer, "pv", Rol.behandelaar)
    Procesverantwoordelijke.objects.create(
        gemeente=deventer, zaaktype_identificatie="KAP", gebruiker=pv
    )
    pv_raalte = medewerker(raalte, "pvraalte", Rol.behandelaar)
    Procesverantwoordelijke.objects.create(
        gemeente=raalte, zaaktype_identificatie="KAP", gebruiker=pv_raalte
    )
    return {
        "gemeente": deventer,
        "cat": cat,
        "kap": zaaktype_met_besluit(cat, "KAP"),
        "div": medewerker(deventer, "div", Rol.div_medewerker),
        "archivaris": medewerker(deventer, "archivaris", Rol.archivaris),
        "pv": pv,
        "pv_raalte": pv_raalte,
        "archivaris_raalte": medewerker(raalte, "archraalte", Rol.archivaris),
        "behandelaar": medewerker(deventer, "behandelaar", Rol.behandelaar),
    }


def _ingediend(wereld, zaken: int = 1, **zaak) -> Vernietigingslijst:
    for _ in range(zaken):
        afgesloten_zaak(wereld["kap"], **{"documenten": 0, **zaak})
    lijst = maak_lijst(
        gebruiker=wereld["div"],
        gemeente=wereld["gemeente"],
        naam="Kapvergunningen",
        peildatum=timezone.localdate(),
    )
    return dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])


def _item(lijst: Vernietigingslijst, zaak: Zaak) -> Lijstitem:
    return Lijstitem.objects.get(lijst=lijst, zaak=zaak)


def _code(excinfo: pytest.ExceptionInfo[ApiError]) -> str:
    error = excinfo.value
    return error.params[0].code if isinstance(error, ValidationFailed) else error.code


def test_one_of_three_excluded_the_others_go_and_it_keeps_only_its_new_date_and_reason(wereld):
    zaken = [afgesloten_zaak(wereld["kap"], documenten=1, met_besluit=True) for _ in range(3)]
    lijst = maak_lijst(
        gebruiker=wereld["div"],
        gemeente=wereld["gemeente"],
        naam="Drie kapvergunningen",
        peildatum=timezone.localdate(),
    )
    dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])
    uitgezonderd = zaken[1]
    voor = {
        z.pk: {
            k: v
            for k, v in Zaak.objects.filter(pk=z.pk).values()[0].items()
            if k != "archiefactiedatum"
        }
        for z in zaken
    }
    audit_voor = AuditTrail.objects.filter(hoofd_object_uuid=uitgezonderd.uuid).count()
    nieuwe_datum = timezone.localdate() + timedelta(days=365 * 5)

    beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit=GOED)
    sluit_uit(
        gebruiker=wereld["archivaris"],
        lijst=lijst,
        item=_item(lijst, uitgezonderd),
        reden="Lopend bezwaar bij de rechtbank",
        nieuwe_archiefactiedatum=nieuwe_datum,
    )
    beoordeel(gebruiker=wereld["archivaris"], lijst=lijst, besluit=GOED)

    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.goedgekeurd
    assert lijst.goedgekeurd_op is not None
    statussen = {i.zaak_id: i.status for i in Lijstitem.objects.filter(lijst=lijst)}
    assert statussen == {
        zaken[0].pk: Itemstatus.opgenomen,
        uitgezonderd.pk: Itemstatus.uitgezonderd,
        zaken[2].pk: Itemstatus.opgenomen,
    }
    item = _item(lijst, uitgezonderd)
    assert (item.reden, item.uitgezonderd_door) == (
        "Lopend bezwaar bij de rechtbank",
        wereld["archivaris"],
    )
    # The zaak: its new date, nothing else of its own fields.
    zaak = Zaak.objects.get(pk=uitgezonderd.pk)
    assert zaak.archiefactiedatum == nieuwe_datum
    for z in zaken:
        assert {
            k: v
            for k, v in Zaak.objects.filter(pk=z.pk).values()[0].items()
            if k != "archiefactiedatum"
        } == voor[z.pk]
    # The reason on the zaak: a notitie and the audit trail (the change and the notitie).
    notitie = ZaakNotitie.objects.get(gerelateerd_aan=zaak)
    assert notitie.onderwerp == f"Uitgezonderd van vernietigingslijst {lijst.nummer}"
    assert "Lopend bezwaar bij de rechtbank" in notitie.tekst
    assert f"{nieuwe_datum:%d-%m-%Y}" in notitie.tekst
    assert notitie.aangemaakt_door == "Archivaris Test"
    nieuw = AuditTrail.objects.filter(hoofd_object_uuid=zaak.uuid).order_by("pk")[audit_voor:]
    assert [(a.resource, a.actie) for a in nieuw] == [
        ("zaak", "partial_update"),
        ("zaaknotitie", "create"),
    ]
    assert {a.toelichting for a in nieuw} == {"Lopend bezwaar bij de rechtbank"}
    assert {(a.gebruikers_id, a.gebruikers_weergave) for a in nieuw} == {
        ("archivaris", "Archivaris Test")
    }
    assert nieuw[0].oud["archiefactiedatum"] == zaken[1].archiefactiedatum.isoformat()
    assert nieuw[0].nieuw["archiefactiedatum"] == nieuwe_datum.isoformat()
    assert ZaakNotitie.objects.count() == 1


def test_steps_go_in_order_and_show_as_pending_for_their_reviewer(
    wereld, django_assert_num_queries
):
    lijst = _ingediend(wereld)

    with django_assert_num_queries(1):
        [stap] = open_stappen_van(wereld["pv"])
    assert (stap.lijst, stap.lijst.gemeente) == (lijst, wereld["gemeente"])
    assert open_stappen_van(wereld["archivaris"]) == []

    beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit=GOED, opmerking="Akkoord")

    assert open_stappen_van(wereld["pv"]) == []
    [stap] = open_stappen_van(wereld["archivaris"])
    assert stap.volgorde == 2
    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.ter_beoordeling
    eerste = lijst.stappen.get(volgorde=1)
    assert (eerste.besluit, eerste.opmerking) == (GOED, "Akkoord")
    assert eerste.beslist_op is not None


def _weigeringen(wereld, lijst: Vernietigingslijst, item: Lijstitem) -> dict[str, set[str]]:
    """The code each other person gets on approving and on excluding, now."""
    uitkomst: dict[str, set[str]] = {}
    pogingen = (
        lambda wie: beoordeel(gebruiker=wie, lijst=lijst, besluit=GOED),
        lambda wie: sluit_uit(gebruiker=wie, lijst=lijst, item=item, reden="Niet vernietigen"),
    )
    for naam in ("div", "behandelaar", "pv", "archivaris", "pv_raalte", "archivaris_raalte"):
        if huidige_stap(lijst).beoordelaar == wereld[naam]:
            continue
        codes = set()
        for poging in pogingen:
            with pytest.raises(PermissionDenied) as excinfo:
                poging(wereld[naam])
            codes.add(excinfo.value.code)
        uitkomst[naam] = codes
    return uitkomst


def test_every_step_refuses_a_wrong_role_a_wrong_gemeente_and_a_person_not_on_the_list(wereld):
    lijst = _ingediend(wereld)
    item = Lijstitem.objects.get(lijst=lijst)
    tweede_pv = medewerker(wereld["gemeente"], "pvtwee", Rol.behandelaar)
    Procesverantwoordelijke.objects.create(
        gemeente=wereld["gemeente"], zaaktype_identificatie="KAP", gebruiker=tweede_pv
    )
    # tweede_pv is process owner of KAP since the submission: not on the list.

    weigeringen = _weigeringen(wereld, lijst, item)
    with pytest.raises(PermissionDenied) as niet_genoemd:
        beoordeel(gebruiker=tweede_pv, lijst=lijst, besluit=GOED)

    assert weigeringen == {
        "div": {"verkeerde-rol"},
        "behandelaar": {"verkeerde-rol"},
        "archivaris": {"niet-aan-de-beurt"},
        "pv_raalte": {"andere-gemeente"},
        "archivaris_raalte": {"andere-gemeente"},
    }
    assert niet_genoemd.value.code == "niet-op-de-lijst"

    beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit=GOED)
    tweede_archivaris = medewerker(wereld["gemeente"], "archtwee", Rol.archivaris)
    weigeringen = _weigeringen(wereld, lijst, item)
    with pytest.raises(PermissionDenied) as niet_genoemd:
        sluit_uit(gebruiker=tweede_archivaris, lijst=lijst, item=item, reden="Nee")

    assert weigeringen == {
        "div": {"verkeerde-rol"},
        "behandelaar": {"verkeerde-rol"},
        "pv": {"al-beoordeeld"},
        "pv_raalte": {"andere-gemeente"},
        "archivaris_raalte": {"andere-gemeente"},
    }
    assert niet_genoemd.value.code == "niet-op-de-lijst"
    item.refresh_from_db()
    assert item.status == Itemstatus.opgenomen
    assert not ZaakNotitie.objects.exists()
    assert set(lijst.stappen.values_list("besluit", flat=True)) == {GOED, ""}


def test_a_named_reviewer_who_lost_the_role_is_refused(wereld):
    lijst = _ingediend(wereld)
    Procesverantwoordelijke.objects.filter(gebruiker=wereld["pv"]).delete()
    with pytest.raises(PermissionDenied) as pv:
        beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit=GOED)
    assert pv.value.code == "verkeerde-rol"

    Procesverantwoordelijke.objects.create(
        gemeente=wereld["gemeente"], zaaktype_identificatie="KAP", gebruiker=wereld["pv"]
    )
    beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit=GOED)
    medewerker(wereld["gemeente"], "archivaris", Rol.behandelaar)
    Roltoewijzing.objects.filter(gebruiker=wereld["archivaris"], rol=Rol.archivaris).delete()
    with pytest.raises(PermissionDenied) as archivaris:
        beoordeel(gebruiker=wereld["archivaris"], lijst=lijst, besluit=GOED)
    assert archivaris.value.code == "verkeerde-rol"


def test_a_process_owner_excludes_only_items_of_their_zaaktypen(wereld):
    bouw = zaaktype_met_besluit(wereld["cat"], "BOUW")
    Procesverantwoordelijke.objects.create(
        gemeente=wereld["gemeente"], zaaktype_identificatie="BOUW", gebruiker=wereld["archivaris"]
    )
    bouwzaak = afgesloten_zaak(bouw, documenten=0)
    lijst = _ingediend(wereld)
    # Steps: Archivaris Test (BOUW), Pv Test (KAP), the archivaris.
    beoordeel(gebruiker=wereld["archivaris"], lijst=lijst, besluit=GOED)

    with pytest.raises(PermissionDenied) as excinfo:
        sluit_uit(gebruiker=wereld["pv"], lijst=lijst, item=_item(lijst, bouwzaak), reden="Bewaren")
    assert excinfo.value.code == "ander-zaaktype"


def test_exclusion_checks_its_input_and_changes_nothing_when_refused(wereld):
    lijst = _ingediend(wereld)
    item = Lijstitem.objects.get(lijst=lijst)
    gisteren = timezone.localdate() - timedelta(days=1)

    for kwargs, code in (
        ({"reden": "  "}, "required"),
        (
            {"reden": "Later", "nieuwe_archiefactiedatum": timezone.localdate()},
            "datum-niet-in-toekomst",
        ),
        ({"reden": "Later", "nieuwe_archiefactiedatum": gisteren}, "datum-niet-in-toekomst"),
        ({"reden": "Bewaren", "nieuwe_archiefnominatie": "bewaren"}, "invalid_choice"),
    ):
        with pytest.raises(ValidationFailed) as excinfo:
            sluit_uit(gebruiker=wereld["pv"], lijst=lijst, item=item, **kwargs)
        assert _code(excinfo) == code

    item.refresh_from_db()
    assert item.status == Itemstatus.opgenomen
    assert not ZaakNotitie.objects.exists()
    assert Zaak.objects.get().archiefactiedatum == date(2020, 1, 1)


def test_excluding_with_a_new_nominatie_keeps_the_zaak_for_good(wereld):
    lijst = _ingediend(wereld)
    item = Lijstitem.objects.get(lijst=lijst)

    sluit_uit(
        gebruiker=wereld["pv"],
        lijst=lijst,
        item=item,
        reden="Historisch monument",
        nieuwe_archiefnominatie="blijvend_bewaren",
    )

    zaak = Zaak.objects.get()
    assert zaak.archiefnominatie == "blijvend_bewaren"
    assert "archiefnominatie ‘blijvend bewaren’" in ZaakNotitie.objects.get().tekst
    with pytest.raises(Conflict) as nogmaals:
        sluit_uit(gebruiker=wereld["pv"], lijst=lijst, item=item, reden="Nog eens")
    assert nogmaals.value.code == "niet-opgenomen"


def test_excluding_a_zaak_excludes_what_depends_on_it(wereld):
    een = afgesloten_zaak(wereld["kap"])
    twee = afgesloten_zaak(wereld["kap"])
    los = afgesloten_zaak(wereld["kap"])
    deel_document(een, twee)
    lijst = _ingediend(wereld, zaken=0)

    sluit_uit(gebruiker=wereld["pv"], lijst=lijst, item=_item(lijst, een), reden="Bezwaar")

    assert _item(lijst, twee).status == Itemstatus.automatisch_uitgezonderd
    assert een.identificatie in _item(lijst, twee).reden
    assert _item(lijst, los).status == Itemstatus.opgenomen
    assert ZaakNotitie.objects.filter(gerelateerd_aan=twee).count() == 0


def test_changes_requested_go_back_and_a_resubmission_starts_a_new_round(wereld):
    lijst = _ingediend(wereld, zaken=2)
    with pytest.raises(ValidationFailed) as zonder_opmerking:
        beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit=WIJZIGEN)
    with pytest.raises(ValidationFailed) as onbekend:
        beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit="misschien")
    assert (_code(zonder_opmerking), _code(onbekend)) == ("required", "invalid_choice")

    beoordeel(
        gebruiker=wereld["pv"], lijst=lijst, besluit=WIJZIGEN, opmerking="Haal de eerste eraf"
    )

    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.wijzigingen_gevraagd
    assert open_stappen_van(wereld["pv"]) == []
    with pytest.raises(Conflict):
        beoordeel(gebruiker=wereld["archivaris"], lijst=lijst, besluit=GOED)
    eerste = Lijstitem.objects.filter(lijst=lijst).order_by("pk").first()
    verwijder_items(gebruiker=wereld["div"], lijst=lijst, item_ids=[eerste.pk])
    dien_in(gebruiker=wereld["div"], lijst=lijst, archivaris=wereld["archivaris"])

    lijst.refresh_from_db()
    assert (lijst.status, lijst.ronde) == (Lijststatus.ter_beoordeling, 2)
    assert list(lijst.stappen.values_list("ronde", "volgorde", "besluit")) == [
        (1, 1, WIJZIGEN),
        (1, 2, ""),
        (2, 1, ""),
        (2, 2, ""),
    ]
    assert huidige_stap(lijst).beoordelaar == wereld["pv"]
    beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit=GOED)
    beoordeel(gebruiker=wereld["archivaris"], lijst=lijst, besluit=GOED)
    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.goedgekeurd
    assert Lijstitem.objects.filter(lijst=lijst, status=Itemstatus.opgenomen).count() == 1


def test_korte_procedure_the_archivaris_approves_alone(wereld):
    Archiefinstelling.objects.create(gemeente=wereld["gemeente"], korte_procedure=True)
    lijst = _ingediend(wereld)

    with pytest.raises(PermissionDenied) as pv:
        beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit=GOED)
    beoordeel(gebruiker=wereld["archivaris"], lijst=lijst, besluit=GOED)

    assert pv.value.code == "verkeerde-rol"
    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.goedgekeurd
    assert list(lijst.stappen.values_list("volgorde", "besluit")) == [(1, GOED)]


def test_a_list_with_every_zaak_excluded_is_not_approved(wereld):
    lijst = _ingediend(wereld)
    beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit=GOED)
    sluit_uit(
        gebruiker=wereld["archivaris"],
        lijst=lijst,
        item=Lijstitem.objects.get(lijst=lijst),
        reden="Bewaren",
    )

    with pytest.raises(Conflict) as excinfo:
        beoordeel(gebruiker=wereld["archivaris"], lijst=lijst, besluit=GOED)
    assert excinfo.value.code == "lege-lijst"
    beoordeel(gebruiker=wereld["archivaris"], lijst=lijst, besluit=WIJZIGEN, opmerking="Leeg")


def test_an_aborted_list_or_one_in_execution_refuses_every_review(wereld):
    lijst = _ingediend(wereld)
    item = Lijstitem.objects.get(lijst=lijst)
    breek_af(gebruiker=wereld["div"], lijst=lijst, reden="Verkeerde selectie")
    with pytest.raises(Conflict) as afgebroken:
        beoordeel(gebruiker=wereld["pv"], lijst=lijst, besluit=GOED)
    assert afgebroken.value.code == "lijst-afgesloten"

    tweede = _ingediend(wereld)
    Vernietigingslijst.objects.filter(pk=tweede.pk).update(status=Lijststatus.in_uitvoering)
    with pytest.raises(Conflict) as bezig:
        sluit_uit(
            gebruiker=wereld["pv"],
            lijst=tweede,
            item=Lijstitem.objects.filter(lijst=tweede).first(),
            reden="Te laat",
        )
    assert bezig.value.code == "lijst-afgesloten"
    assert open_stappen_van(wereld["pv"]) == []
    item.refresh_from_db()
    assert item.status == Itemstatus.opgenomen
    assert not Beoordelingsstap.objects.exclude(besluit="").exists()


def test_an_item_of_another_list_is_not_excluded(wereld):
    lijst = _ingediend(wereld)
    Vernietigingslijst.objects.filter(pk=lijst.pk).update(status=Lijststatus.afgebroken)
    tweede = _ingediend(wereld)
    with pytest.raises(ApiError) as excinfo:
        sluit_uit(
            gebruiker=wereld["pv"],
            lijst=tweede,
            item=Lijstitem.objects.get(lijst=lijst),
            reden="Bewaren",
        )
    assert excinfo.value.status == 404


def test_an_archived_zaak_keeps_its_archive_fields(wereld):
    zaak = afgesloten_zaak(wereld["kap"], documenten=0)
    Zaak.objects.filter(pk=zaak.pk).update(archiefstatus="gearchiveerd")
    with pytest.raises(Conflict) as excinfo:
        wijzig_archivering(
            zaak=zaak,
            reden="Toch niet",
            gebruikers_id="archivaris",
            gebruikers_weergave="Archivaris Test",
            onderwerp="Test",
            archiefnominatie="blijvend_bewaren",
        )
    assert excinfo.value.code == "al-gearchiveerd"
    assert Zaak.objects.get(pk=zaak.pk).archiefnominatie == "vernietigen"
