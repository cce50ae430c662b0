"""What the rol and the citizen get from the prefill: the register's data as the checked
identity with the citizen's own corrections beside it, the register's reason when it gave
nothing, a minor's name in its parts and no empty address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from iwerk.basisregistraties.gegevens import Persoon
from iwerk.basisregistraties.models import Bereik
from iwerk.portaal.models import Concept
from iwerk.portaal.services import vooraf
from iwerk.portaal.tests.conftest import SUZANNE, doelbinding, ingelogd
from iwerk.portaal.tests.test_vooraf import WMO, _start, _versturen

pytestmark = pytest.mark.django_db

EVENEMENT = "/deventer/producten/evenementenvergunning/aanvragen/"
DE_KWAST = "69599076"  # dissolved per 31 December 2023 in the KvK double
ELDERS = "999990020"  # an official BRP test person living in 's-Gravenhage
ONBEKEND = "999999308"  # passes the elfproef, unknown to the BRP double


def _melding(client: Client, pad: str) -> str:
    return client.get(_start(client, pad)).content.decode()


def test_changed_name_and_address_go_into_the_roltoelichting_beside_the_brp_data(
    regio: Any, registerdubbels: Any
) -> None:
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres"])
    client = ingelogd()
    stap1 = {"naam": "Suus Moulin", "adres": "Brink 14", "woonplaats": "Deventer"}
    rol = _versturen(client, _start(client), stap1)
    ident = rol.betrokkene_identificatie or {}
    assert (ident["voornamen"], ident["geslachtsnaam"]) == ("Suzanne", "Moulin")
    assert ident["verblijfsadres"]["aoaHuisnummer"] == 12
    assert rol.roltoelichting == (
        "Aanvrager. Gegevens uit de BRP. De aanvrager gaf op: Suus Moulin, Brink 14, Deventer."
    )


def test_unchanged_data_only_differing_in_case_and_spacing_is_no_correction(
    regio: Any, registerdubbels: Any
) -> None:
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres"])
    client = ingelogd()
    stap1 = {"naam": " suzanne  Moulin", "adres": "Brink 12 ", "woonplaats": "DEVENTER"}
    assert _versturen(client, _start(client), stap1).roltoelichting == "Aanvrager"


def test_a_changed_company_address_goes_into_the_roltoelichting(
    regio: Any, registerdubbels: Any
) -> None:
    doelbinding(regio["deventer"], "EVENEMENT", ["naam", "adres"], register="kvk")
    bedrijf = ingelogd("68750110", middel="eherkenning", niveau="eherkenning_eh3")
    concept_url = _start(bedrijf, EVENEMENT)
    ingevuld = bedrijf.get(concept_url).content.decode()
    assert 'value="Keizerstraat 7"' in ingevuld
    concept = Concept.objects.get(uuid=concept_url.split("/")[3])
    gegevens = {**concept.gegevens, "adres": "Keizerstraat 9"}
    opgave = vooraf.eigen_opgave(concept.product.formulier, gegevens)
    assert "Keizerstraat 9" in opgave
    assert vooraf.eigen_opgave(concept.product.formulier, concept.gegevens) == ""


def test_a_dissolved_company_is_told_so(regio: Any, registerdubbels: Any) -> None:
    doelbinding(regio["deventer"], "EVENEMENT", ["naam", "adres"], register="kvk")
    bedrijf = ingelogd(DE_KWAST, middel="eherkenning", niveau="eherkenning_eh3")
    page = _melding(bedrijf, EVENEMENT)
    assert "Volgens de KvK is dit bedrijf opgeheven per 31 december 2023." in page
    assert "konden nu niet worden opgehaald" not in page


def test_a_citizen_outside_the_gemeentes_purpose_is_told_so(
    regio: Any, registerdubbels: Any
) -> None:
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres"])
    page = _melding(ingelogd(ELDERS), WMO)
    assert "Wij vinden u niet in de BRP van Deventer. Vul uw gegevens zelf in." in page
    assert "konden nu niet worden opgehaald" not in page


def test_a_citizen_unknown_to_the_brp_is_told_so(regio: Any, registerdubbels: Any) -> None:
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres"], bereik=Bereik.nederland)
    page = _melding(ingelogd(ONBEKEND), WMO)
    assert "Wij vinden u niet in de BRP. Vul uw gegevens zelf in." in page


def _ouder(voorvoegsel: str = "", geslachtsnaam: str = "") -> Persoon:
    return Persoon(
        bsn=SUZANNE,
        groepen=frozenset({"naam", "gezag", "kinderen"}),
        voorvoegsel=voorvoegsel,
        geslachtsnaam=geslachtsnaam,
    )


def test_a_minors_name_is_split_by_the_parents_family_name() -> None:
    delen = vooraf._naamdelen_kind(
        "Yasmin Noor el Amrani", _ouder(voorvoegsel="el", geslachtsnaam="Amrani")
    )
    assert delen == {"voornamen": "Yasmin Noor", "voorvoegsel": "el", "geslachtsnaam": "Amrani"}


def test_a_minors_name_that_cannot_be_split_is_kept_whole_as_geslachtsnaam() -> None:
    """Another family name than the parent's: whether "de" is a voorvoegsel or a voornaam cannot
    be known from the full name, so nothing is guessed."""
    for ouder in (_ouder(geslachtsnaam="Amrani"), _ouder()):
        assert vooraf._naamdelen_kind("Sem de Vries", ouder) == {
            "voornamen": "",
            "voorvoegsel": "",
            "geslachtsnaam": "Sem de Vries",
        }
