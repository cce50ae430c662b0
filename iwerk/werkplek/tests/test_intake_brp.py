"""The intake looks the initiator up in the BRP, bound to the zaaktype's purpose, over real HTTP
to the test double: by BSN, by achternaam and geboortedatum, by postcode and huisnummer; the
chosen person fills the rol. Every failure is a Dutch message at the lookup, never a 500, and the
handler can still register with typed data, marked as not checked."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.core.models import Inzage
from iwerk.core.testing.medewerkers import sign_in
from iwerk.werkplek import basisgegevens
from iwerk.werkplek.tests.intakepagina import (
    INTAKE,
    SUZANNE,
    formtoken,
    keuze,
    tekst,
    waarde,
    zaak_velden,
)
from iwerk.zaken.models import Rol, Zaak

pytestmark = pytest.mark.django_db


def brp_rijen(**filters) -> list[Inzage]:
    return list(Inzage.objects.filter(soort="brp", **filters).order_by("pk"))


def test_a_person_found_by_bsn_fills_the_rol_from_the_brp(basiswereld, registerdubbels):
    client = sign_in("ewillems")
    gevonden = client.post(
        INTAKE, zaak_velden(basiswereld.wmo, actie="brp-bsn", bsn=SUZANNE, telefoonnummer="0570")
    )
    assert gevonden.status_code == 200
    pagina = tekst(gevonden)
    assert "Gevonden in de BRP" in pagina and "Suzanne Moulin" in pagina
    assert "14-3-1985" in pagina and "Brink 12, 7411 BS Deventer" in pagina
    assert waarde(gevonden, "telefoonnummer") == "0570"  # what was typed stays
    assert Zaak.objects.count() == 0  # a lookup stores nothing but its inzage row
    (rij,) = brp_rijen(bsn=SUZANNE)
    assert rij.gebruikers_id == "ewillems" and rij.zaak_uuid is None and rij.kanaal == "werkplek"
    (verzoek,) = registerdubbels.verzoeken("brp")
    assert verzoek.headers["x-gebruiker"] == "ewillems"

    gekozen = client.post(
        INTAKE, zaak_velden(basiswereld.wmo, kies_brp=keuze(gevonden), telefoonnummer="0570")
    )
    assert len(registerdubbels.verzoeken("brp")) == 1  # choosing asks the BRP nothing again
    assert waarde(gekozen, "geslachtsnaam") == "Moulin" and waarde(gekozen, "bsn") == SUZANNE
    assert 'name="geslachtsnaam"' in gekozen.content.decode()
    assert re.search(r'<input[^>]*name="geslachtsnaam"[^>]*readonly', gekozen.content.decode())
    assert "Gegevens uit de BRP (opgevraagd" in tekst(gekozen)

    velden = zaak_velden(
        basiswereld.wmo,
        formtoken=formtoken(gekozen),
        brp_keuze=waarde(gekozen, "brp_keuze"),
        bsn=SUZANNE,
        voornamen="Suzanne",
        geslachtsnaam="Anders",  # typed over the read-only field: the BRP's name is kept
        straat="Brink",
        huisnummer="12",
        postcode="7411 BS",
        woonplaats="Deventer",
        telefoonnummer="0570",
    )
    response = client.post(INTAKE, velden)
    assert response.status_code == 302, tekst(response)
    rol = Rol.objects.get(roltype__omschrijving_generiek="initiator")
    ident = rol.betrokkene_identificatie
    assert rol.bsn == SUZANNE and ident["geslachtsnaam"] == "Moulin"
    assert ident["voornamen"] == "Suzanne" and ident["geboortedatum"] == "1985-03-14"
    adres = ident["verblijfsadres"]
    assert (adres["gorOpenbareRuimteNaam"], adres["aoaHuisnummer"]) == ("Brink", 12)
    assert (adres["aoaPostcode"], adres["wplWoonplaatsNaam"]) == ("7411BS", "Deventer")
    assert re.fullmatch(r"\d{16}", adres["aoaIdentificatie"])
    assert rol.roltoelichting.startswith("Aanvrager. Gegevens uit de BRP (opgevraagd ")
    assert rol.roltoelichting.endswith("): BSN, naam, geboortedatum, adres.")
    assert rol.contactpersoon_rol["telefoonnummer"] == "0570"
    assert len(registerdubbels.verzoeken("brp")) == 1


def test_people_are_found_by_name_and_birth_date_and_by_address(basiswereld, registerdubbels):
    client = sign_in("ewillems")
    op_naam = client.post(
        INTAKE,
        zaak_velden(
            basiswereld.wmo, actie="brp-naam", geslachtsnaam="Moulin", geboortedatum="1985-03-14"
        ),
    )
    assert "Suzanne Moulin" in tekst(op_naam) and "1 persoon gevonden." in tekst(op_naam)
    op_adres = client.post(
        INTAKE,
        zaak_velden(basiswereld.wmo, actie="brp-adres", postcode="7411 bs", huisnummer="12"),
    )
    assert "Suzanne Moulin" in tekst(op_adres)
    soorten = [v.body["type"] for v in registerdubbels.verzoeken("brp")]
    assert soorten == ["ZoekMetGeslachtsnaamEnGeboortedatum", "ZoekMetPostcodeEnHuisnummer"]
    assert all(
        v.body["gemeenteVanInschrijving"] == "0150" for v in registerdubbels.verzoeken("brp")
    )
    assert len(brp_rijen(gebruikers_id="ewillems")) == 2
    # The chosen search result fills the rol the same way.
    gekozen = client.post(INTAKE, zaak_velden(basiswereld.wmo, kies_brp=keuze(op_adres)))
    assert waarde(gekozen, "bsn") == SUZANNE and waarde(gekozen, "straat") == "Brink"


def test_an_invalid_bsn_is_refused_without_asking_the_brp_and_the_attempt_is_logged(
    basiswereld, registerdubbels
):
    client = sign_in("ewillems")
    response = client.post(INTAKE, zaak_velden(basiswereld.wmo, actie="brp-bsn", bsn="123456780"))
    assert response.status_code == 200
    assert "elfproef" in tekst(response)
    assert registerdubbels.verzoeken("brp") == []
    (rij,) = brp_rijen()
    assert "geweigerd" in rij.omschrijving


def test_an_unknown_person_is_said_in_dutch(basiswereld, registerdubbels):
    client = sign_in("ewillems")
    onbekend = "999989911"  # passes the elfproef, in neither data set
    response = client.post(INTAKE, zaak_velden(basiswereld.parkeren, actie="brp-bsn", bsn=onbekend))
    assert response.status_code == 200
    assert "De BRP kent geen persoon met dit BSN." in tekst(response)
    assert 'name="kies_brp"' not in response.content.decode()
    (rij,) = brp_rijen(bsn=onbekend)
    assert "PARKEERVERGUNNING" in rij.omschrijving


def test_a_purpose_for_the_address_only_shows_and_fills_the_address_only(basiswereld):
    client = sign_in("ewillems")
    gevonden = client.post(INTAKE, zaak_velden(basiswereld.parkeren, actie="brp-bsn", bsn=SUZANNE))
    pagina = tekst(gevonden)
    assert "Brink 12, 7411 BS Deventer" in pagina
    assert "Moulin" not in pagina and "1985" not in pagina  # naam and geboorte: not allowed
    gekozen = client.post(INTAKE, zaak_velden(basiswereld.parkeren, kies_brp=keuze(gevonden)))
    assert waarde(gekozen, "straat") == "Brink" and waarde(gekozen, "geslachtsnaam") == ""
    page = gekozen.content.decode()
    assert not re.search(r'<input[^>]*name="geslachtsnaam"[^>]*readonly', page)  # typed
    velden = zaak_velden(
        basiswereld.parkeren,
        formtoken=formtoken(gekozen),
        brp_keuze=waarde(gekozen, "brp_keuze"),
        geslachtsnaam="Moulin",
    )
    assert client.post(INTAKE, velden).status_code == 302
    rol = Rol.objects.get(roltype__omschrijving_generiek="initiator")
    assert rol.betrokkene_identificatie["verblijfsadres"]["gorOpenbareRuimteNaam"] == "Brink"
    assert rol.roltoelichting.endswith("): BSN, adres.")


def test_with_the_brp_down_the_handler_registers_typed_data_marked_unchecked(
    basiswereld, registerdubbels
):
    registerdubbels.storing("brp", "503")
    client = sign_in("ewillems")
    response = client.post(INTAKE, zaak_velden(basiswereld.wmo, actie="brp-bsn", bsn=SUZANNE))
    assert response.status_code == 200
    assert "BRP" in tekst(response) and 'role="alert"' in response.content.decode()
    assert 'name="kies_brp"' not in response.content.decode()
    (rij,) = brp_rijen(bsn=SUZANNE)
    assert "mislukt: register onbereikbaar" in rij.omschrijving

    velden = zaak_velden(
        basiswereld.wmo,
        formtoken=formtoken(response),
        bsn=SUZANNE,
        voornamen="Suzanne",
        geslachtsnaam="Moulin",
        straat="Brink",
        huisnummer="12",
        postcode="7411 BS",
        woonplaats="Deventer",
    )
    assert client.post(INTAKE, velden).status_code == 302
    rol = Rol.objects.get(roltype__omschrijving_generiek="initiator")
    assert rol.roltoelichting == "Aanvrager. Niet gecontroleerd in de BRP."
    assert rol.bsn == SUZANNE and rol.betrokkene_identificatie["geslachtsnaam"] == "Moulin"


def test_a_zaaktype_without_a_purpose_looks_nobody_up(basiswereld, registerdubbels):
    client = sign_in("ewillems")
    response = client.post(INTAKE, zaak_velden(basiswereld.kap, actie="brp-bsn", bsn=SUZANNE))
    assert response.status_code == 200
    assert "Voor zaaktype KAP is geen doelbinding voor de BRP ingesteld" in tekst(response)
    assert registerdubbels.verzoeken("brp") == []
    (rij,) = brp_rijen()
    assert "geen doelbinding" in rij.omschrijving


def test_a_lookup_needs_the_zaaktype_first(basiswereld, registerdubbels):
    client = sign_in("ewillems")
    velden = {**zaak_velden(basiswereld.wmo, actie="brp-bsn", bsn=SUZANNE), "zaaktype": ""}
    response = client.post(INTAKE, velden)
    assert "Kies eerst het zaaktype" in tekst(response)
    assert registerdubbels.verzoeken("brp") == [] and brp_rijen() == []


def test_a_raalte_handler_cannot_look_up_a_deventer_resident(basiswereld, registerdubbels):
    client = sign_in("rmeijer")
    response = client.post(
        INTAKE, zaak_velden(basiswereld.mor_raalte, actie="brp-bsn", bsn=SUZANNE)
    )
    assert response.status_code == 200
    pagina = tekst(response)
    assert "Geen persoon gevonden met dit BSN in Raalte" in pagina
    assert "alleen bevragingen van inwoners van Raalte" in pagina
    assert "Moulin" not in pagina and "Brink" not in pagina
    (verzoek,) = registerdubbels.verzoeken("brp")
    assert verzoek.body["gemeenteVanInschrijving"] == "0177"
    (rij,) = brp_rijen(bsn=SUZANNE)
    assert (
        rij.tenant_id == basiswereld.gemeenten["raalte"].pk and "buiten bereik" in rij.omschrijving
    )


def _registreer_met(client, zaaktype, token: str, pagina):
    velden = zaak_velden(
        zaaktype,
        formtoken=formtoken(pagina),
        brp_keuze=token,
        bsn=SUZANNE,
        geslachtsnaam="Moulin",
    )
    return client.post(INTAKE, velden)


def test_an_edited_forged_or_misused_choice_is_refused(basiswereld):
    client = sign_in("ewillems")
    gevonden = client.post(INTAKE, zaak_velden(basiswereld.wmo, actie="brp-bsn", bsn=SUZANNE))
    echt = keuze(gevonden)
    inhoud = signing.loads(echt, salt=basisgegevens.SALT)

    bewerkt = echt[:10] + ("A" if echt[10] != "A" else "B") + echt[11:]
    vervalst = signing.dumps({**inhoud, "d": {**inhoud["d"], "bsn": "999990056"}}, salt="anders")
    ander_doel = signing.dumps({**inhoud, "z": "KAP"}, salt=basisgegevens.SALT, compress=True)
    ander_mens = signing.dumps({**inhoud, "u": "jdevries"}, salt=basisgegevens.SALT, compress=True)
    for token, reden in (
        (bewerkt, "ongeldig"),
        (vervalst, "ongeldig"),
        (ander_doel, "opgevraagd voor een ander zaaktype"),
        (ander_mens, "ongeldig"),
    ):
        response = _registreer_met(client, basiswereld.wmo, token, gevonden)
        assert response.status_code == 400, reden
        assert reden in tekst(response)
        assert waarde(response, "brp_keuze") == ""  # dropped: the handler looks up again
    assert Zaak.objects.count() == 0

    # A choice made for WMO-MAATWERK does not hold for another zaaktype's intake.
    response = _registreer_met(client, basiswereld.parkeren, echt, gevonden)
    assert response.status_code == 400 and Zaak.objects.count() == 0
    # The genuine one still works.
    assert _registreer_met(client, basiswereld.wmo, echt, gevonden).status_code == 302


def test_a_lookup_costs_a_fixed_number_of_queries(basiswereld):
    client = sign_in("ewillems")
    client.get(INTAKE)
    tellingen = []
    for velden in (
        zaak_velden(basiswereld.wmo, actie="brp-bsn", bsn=SUZANNE),
        zaak_velden(basiswereld.wmo, actie="brp-adres", postcode="7411BS", huisnummer="12"),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.post(INTAKE, velden).status_code == 200
        tellingen.append(len(queries))
    # Session, user, authenticator, generations (the cached werkplek context), the zaaktype
    # posted, its purpose, the gemeente's connection, the inzage row, the zaaktypen offered: none
    # per person found.
    assert tellingen == [9, 9]


def test_the_received_date_is_filled_in_a_form_a_date_input_shows(basiswereld):
    # A date input drops a value that is not ISO ("6-12-2026"): the field looked empty.
    page = sign_in("ewillems").get(INTAKE)
    assert waarde(page, "startdatum") == timezone.localdate().isoformat()


def test_a_lookup_for_a_zaaktype_the_user_may_not_register_asks_nothing(
    basiswereld, registerdubbels
):
    client = sign_in("ewillems")  # Deventer: Raalte's MOR is not hers to register
    response = client.post(
        INTAKE, zaak_velden(basiswereld.mor_raalte, actie="brp-bsn", bsn=SUZANNE)
    )
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert "Moulin" not in tekst(response)
    assert registerdubbels.verzoeken("brp") == [] and brp_rijen() == []
