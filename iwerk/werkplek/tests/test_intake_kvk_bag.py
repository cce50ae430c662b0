"""The intake looks a company up in the KvK (bound to the zaaktype's purpose) and an address in
the BAG (public data, no purpose), over real HTTP to the test doubles; without JavaScript, and
keeping what was typed."""

from __future__ import annotations

import re

import pytest

from iwerk.core.models import Inzage
from iwerk.core.testing.medewerkers import sign_in
from iwerk.werkplek.tests.intakepagina import (
    INTAKE,
    formtoken,
    keuze,
    tekst,
    waarde,
    zaak_velden,
)
from iwerk.zaken.models import Rol

pytestmark = pytest.mark.django_db


def bedrijf_velden(zaaktype, **extra) -> dict:
    return zaak_velden(
        zaaktype, initiator_type="vestiging", omschrijving="Braderie op de Brink", **extra
    )


def test_a_company_from_the_kvk_fills_the_rol(basiswereld, registerdubbels):
    client = sign_in("ewillems")
    gevonden = client.post(
        INTAKE, bedrijf_velden(basiswereld.evenement, actie="kvk", kvk_nummer="68750110")
    )
    assert gevonden.status_code == 200
    pagina = tekst(gevonden)
    assert "Gevonden in de KvK" in pagina and "Evenementenbureau IJsselvallei B.V." in pagina
    assert "Keizerstraat 7, 7411 HE Deventer" in pagina
    (rij,) = Inzage.objects.filter(soort="kvk")
    assert "68750110" in rij.omschrijving and "zaaktype EVENEMENT" in rij.omschrijving

    gekozen = client.post(
        INTAKE, bedrijf_velden(basiswereld.evenement, kies_kvk=keuze(gevonden, "kvk"))
    )
    assert waarde(gekozen, "handelsnaam") == "Evenementenbureau IJsselvallei"  # the handelsnaam
    assert (
        waarde(gekozen, "straat") == "Keizerstraat" and waarde(gekozen, "kvk_nummer") == "68750110"
    )
    assert "Gegevens uit de KvK (opgevraagd" in tekst(gekozen)
    assert len(registerdubbels.verzoeken("kvk")) == 1

    velden = bedrijf_velden(
        basiswereld.evenement,
        formtoken=formtoken(gekozen),
        kvk_keuze=waarde(gekozen, "kvk_keuze"),
        kvk_nummer="68750110",
        handelsnaam="Iets anders",  # read-only on the page; the KvK's name is kept
    )
    response = client.post(INTAKE, velden)
    assert response.status_code == 302, tekst(response)
    rol = Rol.objects.get(roltype__omschrijving_generiek="initiator")
    assert rol.betrokkene_type == "vestiging" and rol.kvk_nummer == "68750110"
    ident = rol.betrokkene_identificatie
    assert ident["handelsnaam"] == ["Evenementenbureau IJsselvallei"]
    assert ident["verblijfsadres"]["gorOpenbareRuimteNaam"] == "Keizerstraat"
    assert rol.roltoelichting.startswith("Aanvrager. Gegevens uit de KvK (opgevraagd ")


def test_a_dissolved_company_is_said_and_cannot_be_chosen(basiswereld):
    client = sign_in("ewillems")
    response = client.post(
        INTAKE, bedrijf_velden(basiswereld.evenement, actie="kvk", kvk_nummer="69599076")
    )
    assert response.status_code == 200
    assert "Schildersbedrijf De Kwast: Dit bedrijf is opgeheven per 31 december 2023." in tekst(
        response
    )
    assert 'name="kies_kvk"' not in response.content.decode()
    (rij,) = Inzage.objects.filter(soort="kvk")
    assert "opgeheven" in rij.omschrijving
    # Typed in anyway, it is registered as not checked.
    velden = bedrijf_velden(
        basiswereld.evenement,
        formtoken=formtoken(response),
        kvk_nummer="69599076",
        handelsnaam="Schildersbedrijf De Kwast",
    )
    assert client.post(INTAKE, velden).status_code == 302
    rol = Rol.objects.get(roltype__omschrijving_generiek="initiator")
    assert rol.roltoelichting == "Aanvrager. Niet gecontroleerd in de KvK."


def test_the_bag_fills_street_and_place_and_typing_stays_possible(basiswereld, registerdubbels):
    client = sign_in("ewillems")
    velden = zaak_velden(
        basiswereld.kap, actie="bag", postcode="7411bs", huisnummer="12", geslachtsnaam="Jansen"
    )
    gevonden = client.post(INTAKE, velden)
    assert gevonden.status_code == 200
    assert "Adres gevonden in de BAG: Brink 12, 7411 BS Deventer." in tekst(gevonden)
    assert waarde(gevonden, "straat") == "Brink" and waarde(gevonden, "woonplaats") == "Deventer"
    assert waarde(gevonden, "geslachtsnaam") == "Jansen"  # typed before the lookup: kept
    page = gevonden.content.decode()
    assert not re.search(r'<input[^>]*name="straat"[^>]*readonly', page)
    assert Inzage.objects.count() == 0  # public data: no inzage row
    assert len(registerdubbels.verzoeken("bag")) == 1

    registreren = zaak_velden(
        basiswereld.kap,
        formtoken=formtoken(gevonden),
        bag_keuze=waarde(gevonden, "bag_keuze"),
        geslachtsnaam="Jansen",
        straat="Brink",
        huisnummer="12",
        postcode="7411 BS",
        woonplaats="Deventer",
    )
    assert client.post(INTAKE, registreren).status_code == 302
    rol = Rol.objects.get(roltype__omschrijving_generiek="initiator")
    assert rol.betrokkene_identificatie["verblijfsadres"]["aoaIdentificatie"] == "0150200000100012"
    assert rol.roltoelichting == "Aanvrager. Niet gecontroleerd in de BRP."

    # Typed over after the lookup: the BAG identification no longer belongs to it.
    anders = {**registreren, "formtoken": "x" * 24, "straat": "Brinkstraat"}
    assert client.post(INTAKE, anders).status_code == 302
    rol = Rol.objects.filter(roltype__omschrijving_generiek="initiator").order_by("-pk").first()
    assert rol.betrokkene_identificatie["verblijfsadres"]["aoaIdentificatie"] == ""


def test_several_bag_addresses_are_offered_to_choose_from(basiswereld):
    client = sign_in("ewillems")
    gevonden = client.post(
        INTAKE, zaak_velden(basiswereld.kap, actie="bag", postcode="7411 JB", huisnummer="51")
    )
    assert "2 adressen gevonden." in tekst(gevonden)
    tokens = re.findall(r'name="kies_bag" value="([^"]+)"', gevonden.content.decode())
    assert len(tokens) == 2
    gekozen = client.post(INTAKE, zaak_velden(basiswereld.kap, kies_bag=tokens[1]))
    assert waarde(gekozen, "huisnummertoevoeging") in ("1", "2")
    assert waarde(gekozen, "straat") and waarde(gekozen, "bag_keuze") == tokens[1]


def test_an_address_the_bag_does_not_know_and_a_bag_that_is_down(basiswereld, registerdubbels):
    client = sign_in("ewillems")
    onbekend = client.post(
        INTAKE, zaak_velden(basiswereld.kap, actie="bag", postcode="1234 AB", huisnummer="1")
    )
    assert "De BAG kent dit adres niet." in tekst(onbekend)
    fout = client.post(
        INTAKE, zaak_velden(basiswereld.kap, actie="bag", postcode="7411", huisnummer="1")
    )
    assert "Vul een postcode in als 1234 AB." in tekst(fout)
    registerdubbels.storing("bag", "503")
    plat = client.post(
        INTAKE, zaak_velden(basiswereld.kap, actie="bag", postcode="7411 HE", huisnummer="7")
    )
    assert plat.status_code == 200 and 'role="alert"' in plat.content.decode()
    assert "BAG" in tekst(plat)
