"""After a person is chosen from the BRP at intake, the address is the BRP's: the page shows
what the submit stores, a BAG lookup does not seem to replace it, and the chosen person's
summary takes the focus as a lookup's answer does."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.testing.medewerkers import sign_in
from iwerk.werkplek.tests.intakepagina import (
    INTAKE,
    SUZANNE,
    formtoken,
    keuze,
    tekst,
    waarde,
    zaak_velden,
)
from iwerk.zaken.models import Rol

pytestmark = pytest.mark.django_db

BRINK = {"straat": "Brink", "huisnummer": "12", "postcode": "7411 BS", "woonplaats": "Deventer"}
KEIZERSTRAAT = {"postcode": "7411 HE", "huisnummer": "7"}  # another address the BAG knows


def _kies_suzanne(client, zaaktype, **extra):
    gevonden = client.post(INTAKE, zaak_velden(zaaktype, actie="brp-bsn", bsn=SUZANNE))
    return client.post(INTAKE, zaak_velden(zaaktype, kies_brp=keuze(gevonden), **extra))


def _na_keuze(gekozen, zaaktype, **extra) -> dict:
    """The form as the browser sends it back after the choice (read-only fields included)."""
    return zaak_velden(
        zaaktype,
        formtoken=formtoken(gekozen),
        brp_keuze=waarde(gekozen, "brp_keuze"),
        bag_keuze=waarde(gekozen, "bag_keuze"),
        bsn=SUZANNE,
        voornamen="Suzanne",
        geslachtsnaam="Moulin",
        geboortedatum="1985-03-14",
        **{**BRINK, **extra},
    )


def test_with_a_chosen_brp_address_no_bag_lookup_is_offered_or_applied(
    basiswereld, registerdubbels
):
    client = sign_in("ewillems")
    gekozen = _kies_suzanne(client, basiswereld.wmo)
    assert "Adres opzoeken" not in gekozen.content.decode()
    assert "Het adres komt uit de BRP en wordt zo vastgelegd." in tekst(gekozen)

    # Posted anyway (an old page, a crafted request): refused with the reason, the BRP's
    # address stays on the page, and the BAG is not asked.
    velden = _na_keuze(gekozen, basiswereld.wmo, actie="bag", **KEIZERSTRAAT)
    response = client.post(INTAKE, velden)
    assert response.status_code == 200
    assert "Het adres komt uit de BRP bij de gekozen persoon en wordt zo vastgelegd." in tekst(
        response
    )
    assert "Andere persoon opzoeken of zelf invullen" in tekst(response)
    assert (waarde(response, "straat"), waarde(response, "postcode")) == ("Brink", "7411 BS")
    assert waarde(response, "huisnummer") == "12"
    assert registerdubbels.verzoeken("bag") == []

    # Registered from there: the address shown is the address stored.
    registreren = _na_keuze(response, basiswereld.wmo)
    assert client.post(INTAKE, registreren).status_code == 302
    adres = Rol.objects.get(roltype__omschrijving_generiek="initiator").betrokkene_identificatie[
        "verblijfsadres"
    ]
    assert (adres["gorOpenbareRuimteNaam"], adres["aoaHuisnummer"]) == ("Brink", 12)


def test_a_bag_choice_made_before_does_not_replace_the_chosen_address(basiswereld, registerdubbels):
    client = sign_in("ewillems")
    adressen = client.post(
        INTAKE, zaak_velden(basiswereld.wmo, actie="bag", postcode="7411 JB", huisnummer="51")
    )
    bag_token = re.findall(r'name="kies_bag" value="([^"]+)"', adressen.content.decode())[0]
    gekozen = _kies_suzanne(client, basiswereld.wmo)

    response = client.post(INTAKE, _na_keuze(gekozen, basiswereld.wmo, kies_bag=bag_token))
    assert "Het adres komt uit de BRP bij de gekozen persoon" in tekst(response)
    assert waarde(response, "straat") == "Brink" and waarde(response, "bag_keuze") == ""


def test_the_page_shows_the_chosen_address_whatever_the_request_carried(basiswereld):
    client = sign_in("ewillems")
    gekozen = _kies_suzanne(client, basiswereld.wmo)
    # Read-only fields typed over and the form refused (no omschrijving): the page shows the
    # BRP's values, which the submit would store, not what was posted.
    velden = _na_keuze(gekozen, basiswereld.wmo, straat="Keizerstraat", huisnummer="7")
    velden["omschrijving"] = ""
    response = client.post(INTAKE, velden)
    assert response.status_code == 400
    assert waarde(response, "straat") == "Brink" and waarde(response, "huisnummer") == "12"


def test_the_chosen_person_takes_the_focus(basiswereld):
    client = sign_in("ewillems")
    client.get(INTAKE)
    gevonden = client.post(INTAKE, zaak_velden(basiswereld.wmo, actie="brp-bsn", bsn=SUZANNE))
    with CaptureQueriesContext(connection) as queries:
        gekozen = client.post(INTAKE, zaak_velden(basiswereld.wmo, kies_brp=keuze(gevonden)))
    # Session, user, authenticator, generations, the zaaktype posted, the zaaktypen offered.
    assert len(queries) == 6, [q["sql"][:80] for q in queries.captured_queries]
    pagina = gekozen.content.decode()
    samenvatting = re.search(r"<div[^>]*data-zoekresultaten[^>]*>\s*<p[^>]*>", pagina)
    assert samenvatting and 'tabindex="-1"' in samenvatting.group(0)
    assert 'role="status"' in samenvatting.group(0)
    # Not on a page where nothing was just chosen (an error summary takes the focus there).
    velden = _na_keuze(gekozen, basiswereld.wmo)
    velden["omschrijving"] = ""
    assert "data-zoekresultaten" not in client.post(INTAKE, velden).content.decode()
