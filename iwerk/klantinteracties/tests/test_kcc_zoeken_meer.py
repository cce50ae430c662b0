"""The contact centre's search (selectors.kcc), continued: phone numbers and e-mail addresses in
any writing, zaaknummers, who may search, the query counts, and the normaliser behind
`DigitaalAdres.zoekwaarde` with its backfill. The world: kcc_wereld.py."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.models import (
    Betrokkene,
    DigitaalAdres,
    Klantcontact,
)
from iwerk.klantinteracties.normaliseren import zoekwaarde
from iwerk.klantinteracties.selectors.kcc import (
    Zoekvraag,
    zoeken,
)
from iwerk.klantinteracties.tests.kcc_wereld import (
    BEDRIJF_KVK,
    GEHEIM_BSN,
    JAN_BSN,
    ONBEKEND_BSN,
    RAALTE_BSN,
    ZAAK_BSN,
    digitaal,
    een,
    fout,
    kcc_context,
    kcc_wereld,  # noqa: F401 - the fixture `wereld`
    partij,
)
from iwerk.medewerkers.roles import Rol

pytestmark = pytest.mark.django_db


# --- phone and e-mail -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nummer", ["0612345678", "06-12345678", "+31 6 1234 5678", "0031612345678", "+31 (0)6 12345678"]
)
def test_a_phone_number_in_any_writing_finds_the_partij(wereld, nummer):
    treffer = een(zoeken(wereld.context, Zoekvraag("telefoon", nummer)))

    assert (treffer.partij_uuid, treffer.bsn) == (wereld.jan.uuid, JAN_BSN)


@pytest.mark.parametrize("nummer", ["12345", "06-1234567", "bel me", "+31", "06123456789"])
def test_what_is_not_a_phone_number_is_refused(wereld, nummer):
    fout_ = fout(wereld.context, soort="telefoon", waarde=nummer)

    assert fout_.veld == "waarde"
    assert fout_.bericht.startswith("Dit is geen telefoonnummer.")


def test_a_phone_number_nobody_gave_is_not_found(wereld):
    assert fout(wereld.context, soort="telefoon", waarde="0570 123 456").bericht == (
        "Geen klant gevonden met dit telefoonnummer."
    )


def test_an_email_address_in_any_case_finds_the_partij(wereld):
    treffer = een(zoeken(wereld.context, Zoekvraag("email", "  JAN.jansen@example.NL ")))

    assert treffer.partij_uuid == wereld.jan.uuid


@pytest.mark.parametrize(("waarde", "bericht"), [
    ("", "Vul een e-mailadres in."),
    ("jan@", "Dit is geen e-mailadres, zoals naam@voorbeeld.nl."),
    ("jan jansen@example.nl", "Dit is geen e-mailadres, zoals naam@voorbeeld.nl."),
])  # fmt: skip
def test_what_is_not_an_email_address_is_refused(wereld, waarde, bericht):
    fout_ = fout(wereld.context, soort="email", waarde=waarde)

    assert (fout_.bericht, fout_.veld) == (bericht, "waarde")


def test_an_address_a_betrokkene_gave_finds_its_partij_only_below_the_staffs_rank(wereld):
    piet = partij(wereld.deventer, contactnaam_achternaam="Pieterse")
    contact = Klantcontact.objects.create(
        tenant=wereld.deventer,
        kanaal="telefoon",
        onderwerp="Vraag",
        taal="nld",
        plaatsgevonden_op=timezone.now(),
        vertrouwelijk=True,
        vertrouwelijkheid_rang=5,  # vertrouwelijk: above zaakvertrouwelijk
    )
    betrokkene = Betrokkene.objects.create(
        tenant=wereld.deventer,
        had_klantcontact=contact,
        was_partij=piet,
        rol="klant",
        initiator=True,
    )
    DigitaalAdres.objects.create(
        tenant=wereld.deventer,
        verstrekt_door_betrokkene=betrokkene,
        adres="piet@example.nl",
        soort_digitaal_adres="email",
        zoekwaarde="piet@example.nl",
    )

    assert fout(wereld.context, soort="email", waarde="piet@example.nl").bericht.startswith("Geen")
    Klantcontact.objects.filter(pk=contact.pk).update(vertrouwelijk=False, vertrouwelijkheid_rang=0)
    assert (
        een(zoeken(wereld.context, Zoekvraag("email", "piet@example.nl"))).partij_uuid == piet.uuid
    )


def test_an_address_written_through_the_api_is_found(wereld):
    api = ki_client(wereld.deventer)
    body = {
        "verstrektDoorPartij": {"uuid": str(wereld.bedrijf.uuid)},
        "adres": "0570123456",
        "soortDigitaalAdres": "telefoonnummer",
    }
    antwoord = api.post(f"{BASE}/digitaleadressen", body)
    assert antwoord.status_code == 201, antwoord.content
    assert "zoekwaarde" not in antwoord.json()  # iwerk's own column, not the API's

    assert een(zoeken(wereld.context, Zoekvraag("telefoon", "0570 12 34 56"))).kvk == BEDRIJF_KVK

    url = f"{BASE}/digitaleadressen/{antwoord.json()['uuid']}"
    assert api.patch(url, {"adres": "+31570654321"}).status_code == 200
    assert DigitaalAdres.objects.get(uuid=antwoord.json()["uuid"]).zoekwaarde == "0570654321"
    assert een(zoeken(wereld.context, Zoekvraag("telefoon", "0570654321"))).kvk == BEDRIJF_KVK


# --- zaaknummer -------------------------------------------------------------------------------


def test_a_zaaknummer_finds_its_initiator_as_the_register_knows_them(wereld, registerdubbels):
    zaak = bouw.zaak(wereld.zaaktype, initiator=bouw.aanvrager(bsn_nummer=JAN_BSN))

    treffer = een(zoeken(wereld.context, Zoekvraag("zaak", zaak.identificatie.lower())))

    assert (treffer.partij_uuid, treffer.bron) == (wereld.jan.uuid, "klantregister")


def test_a_zaaknummer_of_someone_the_register_does_not_know_names_the_rol(wereld, registerdubbels):
    treffer = een(zoeken(wereld.context, Zoekvraag("zaak", wereld.zaak.identificatie)))

    assert (treffer.naam, treffer.bsn, treffer.bron) == ("Piet Zaakman", ZAAK_BSN, "zaak")
    assert registerdubbels.verzoeken("brp") == []  # the zaak names them: nothing to ask


def test_a_geheim_zaak_is_not_found_by_its_number(wereld, registerdubbels):
    fout_ = fout(wereld.context, soort="zaak", waarde=wereld.geheim.identificatie)

    assert (fout_.bericht, fout_.veld) == ("Geen zaak gevonden met dit zaaknummer.", "")


def test_a_zaaknummer_nobody_has_and_an_empty_one(wereld):
    assert fout(wereld.context, soort="zaak", waarde="ZAAK-1").bericht == (
        "Geen zaak gevonden met dit zaaknummer."
    )
    assert fout(wereld.context, soort="zaak", waarde=" ").bericht == "Vul een zaaknummer in."


def test_a_zaak_without_an_initiator_says_so(wereld):
    wereld.zaak.rollen.all().delete()

    assert fout(wereld.context, soort="zaak", waarde=wereld.zaak.identificatie).bericht == (
        "Bij deze zaak is geen initiator bekend."
    )


# --- who may search ---------------------------------------------------------------------------


def test_staff_without_a_role_for_klantgegevens_cannot_search(wereld):
    manager = kcc_context(wereld.deventer, "manager", rol=Rol.management)

    assert fout(manager, soort="bsn", waarde=JAN_BSN).bericht == (
        "U mag in deze gemeente geen klantgegevens inzien."
    )


def test_an_unknown_kind_of_search_is_refused(wereld):
    assert (fout(wereld.context, soort="naam en toenaam").veld) == "soort"


def test_kcc_staff_of_raalte_find_raaltes_partij_not_deventers(wereld):
    build.catalogus(wereld.raalte)  # zaken to read: what gives a role its reach (toegang)
    raalte = kcc_context(wereld.raalte, "dvos")

    assert een(zoeken(raalte, Zoekvraag("bsn", RAALTE_BSN))).naam == "Raalter"
    assert fout(raalte, soort="email", waarde="jan.jansen@example.nl").bericht.startswith("Geen")


# --- queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vraag", "queries"),
    [
        # identificator with its partij
        (Zoekvraag("bsn", JAN_BSN), 1),
        # identificator; the newest rol on a visible zaak
        (Zoekvraag("bsn", ZAAK_BSN), 2),
        (Zoekvraag("kvk", BEDRIJF_KVK), 1),
        # the addresses with their partij; the partijen's identificatoren
        (Zoekvraag("telefoon", "0612345678"), 2),
        (Zoekvraag("email", "jan.jansen@example.nl"), 2),
        # the initiator rol of the visible zaak; the partij by its BSN
        (Zoekvraag("zaak", "{zaak}"), 2),
    ],
)
def test_each_kind_costs_a_fixed_number_of_queries(
    wereld, django_assert_num_queries, vraag, queries
):
    for n in range(3):  # more partijen with the same address change nothing
        digitaal(
            partij(wereld.deventer, contactnaam_achternaam=f"Ander {n}"),
            "email",
            "jan.jansen@example.nl",
        )
    if vraag.soort == "zaak":
        vraag = Zoekvraag("zaak", wereld.zaak.identificatie)

    with django_assert_num_queries(queries):
        zoeken(wereld.context, vraag)


def test_an_address_search_costs_a_fixed_number_of_queries(
    wereld, registerdubbels, django_assert_num_queries
):
    for n in range(4):
        partij(
            wereld.deventer,
            nummer=("bsn", [ONBEKEND_BSN, ZAAK_BSN, GEHEIM_BSN, ""][n]),
            bezoekadres_postcode="7411BS",
            bezoekadres_huisnummer=12,
        )

    # the partijen at the address; their identificatoren; the BRP's purpose (with its gemeente);
    # its koppeling; the inzage row; the partijen of the BSNs the BRP found
    with django_assert_num_queries(6):
        resultaat = zoeken(wereld.context, Zoekvraag("adres", postcode="7411BS", huisnummer=12))
    assert len(resultaat.treffers) == 5


# --- the normaliser and its backfill ----------------------------------------------------------


@pytest.mark.parametrize(
    ("soort", "adres", "verwacht"),
    [
        ("telefoonnummer", "+31 6 1234 5678", "0612345678"),
        ("telefoonnummer", "0031612345678", "0612345678"),
        ("telefoonnummer", "06-12345678", "0612345678"),
        ("telefoonnummer", "06 12 34 56 78", "0612345678"),
        ("telefoonnummer", "(06) 12345678", "0612345678"),
        ("telefoonnummer", "+31 (0)6 12345678", "0612345678"),
        ("telefoonnummer", "+31 06 12345678", "0612345678"),
        ("telefoonnummer", "0570.693.000", "0570693000"),
        ("telefoonnummer", "+32 2 123 45 67", "+3221234567"),
        ("telefoonnummer", "0032 2 123 45 67", "+3221234567"),
        ("telefoonnummer", " 0612345678 ", "0612345678"),
        ("telefoonnummer", "06 1234 5678 (privé)", "06 1234 5678 (privé)"),
        ("telefoonnummer", "+31 6 12+34", "+31 6 12+34"),
        ("email", " Jan.Jansen@Example.NL ", "jan.jansen@example.nl"),
        ("email", "info@gemeente.nl", "info@gemeente.nl"),
        ("overig", "@jan op Mastodon", ""),
    ],
)
def test_the_zoekwaarde_of_an_adres(soort, adres, verwacht):
    assert zoekwaarde(soort, adres) == verwacht


def test_the_backfill_fills_every_zoekwaarde_and_a_second_run_writes_nothing(
    wereld, monkeypatch, django_assert_num_queries
):
    DigitaalAdres.objects.update(zoekwaarde="")
    migratie = importlib.import_module("iwerk.klantinteracties.migrations.0004_zoekwaarde_vullen")
    monkeypatch.setattr(migratie, "BATCH", 2)  # several batches
    editor = SimpleNamespace(connection=connection)  # what vullen reads of a schema editor

    migratie.vullen(apps, editor)

    assert DigitaalAdres.objects.filter(zoekwaarde="").count() == 0
    assert DigitaalAdres.objects.get(adres="+31 6 1234 5678").zoekwaarde == "0612345678"
    assert DigitaalAdres.objects.get(adres="Jan.Jansen@Example.nl").zoekwaarde == (
        "jan.jansen@example.nl"
    )
    with django_assert_num_queries(3):  # three batches read, none written
        migratie.vullen(apps, editor)
