"""Companies from the Handelsregister (the KvK basisprofiel), bound to the zaaktype's purpose."""

from __future__ import annotations

from datetime import date

import pytest

from iwerk.basisregistraties.fouten import GeenDoelbinding, NietGevonden, OngeldigeInvoer, Opgeheven
from iwerk.basisregistraties.services.bevragen import bedrijf_raadplegen
from iwerk.basisregistraties.tests.hulp import bevraging
from iwerk.core.models import Inzage

pytestmark = pytest.mark.django_db


def test_a_company_with_the_groups_of_the_purpose(regio, registerdubbels):
    bedrijf = bedrijf_raadplegen(bevraging(regio["deventer"], "EVENEMENT"), "68750110")

    (verzoek,) = registerdubbels.verzoeken("kvk")
    assert verzoek.path.endswith("/api/v1/basisprofielen/68750110")
    assert bedrijf.kvk_nummer == "68750110"
    assert bedrijf.groepen == {"naam", "adres", "rechtsvorm"}
    assert bedrijf.naam == "Evenementenbureau IJsselvallei B.V."
    assert bedrijf.rechtsvorm
    assert bedrijf.adres is not None
    assert bedrijf.adres.regel == "Keizerstraat 7, 7411 HE Deventer"
    assert bedrijf.activiteiten is None  # not in the purpose
    assert bedrijf.datum_einde is None
    rij = Inzage.objects.get()
    assert (rij.soort, rij.bsn) == ("kvk", "")
    assert rij.omschrijving == (
        "KvK basisprofiel 68750110 · velden: naam, adres, rechtsvorm · doelbinding "
        "KVK-Evenementen · verwerking Evenementenvergunning behandelen · zaaktype EVENEMENT · "
        "uitkomst: gevonden"
    )


def test_a_dissolved_company(regio, registerdubbels):
    with pytest.raises(Opgeheven) as fout:
        bedrijf_raadplegen(bevraging(regio["raalte"], "EVENEMENT"), "69599076")

    assert fout.value.bericht == "Dit bedrijf is opgeheven per 31 december 2023."
    assert fout.value.bedrijf is not None
    assert fout.value.bedrijf.datum_einde == date(2023, 12, 31)
    assert fout.value.bedrijf.naam
    assert Inzage.objects.get().omschrijving.endswith("uitkomst: opgeheven per 2023-12-31")


def test_an_unknown_company(regio, registerdubbels):
    with pytest.raises(NietGevonden):
        bedrijf_raadplegen(bevraging(regio["deventer"], "EVENEMENT"), "12345678")

    assert Inzage.objects.get().omschrijving.endswith("uitkomst: niet gevonden")


@pytest.mark.parametrize("nummer", ["1234567", "6875011a", ""])
def test_an_invalid_kvk_number_sends_nothing(regio, registerdubbels, nummer):
    with pytest.raises(OngeldigeInvoer) as fout:
        bedrijf_raadplegen(bevraging(regio["deventer"], "EVENEMENT"), nummer)

    assert fout.value.bericht == "Een KvK-nummer bestaat uit precies 8 cijfers."
    assert registerdubbels.verzoeken("kvk") == []
    assert Inzage.objects.count() == 1


def test_a_zaaktype_without_a_kvk_purpose(regio, registerdubbels):
    with pytest.raises(GeenDoelbinding) as fout:
        bedrijf_raadplegen(bevraging(regio["deventer"], "WMO-MAATWERK"), "68750110")

    assert fout.value.bericht == (
        "Voor zaaktype WMO-MAATWERK is geen doelbinding voor het Handelsregister ingesteld; "
        "vraag de functioneel beheerder."
    )
    assert registerdubbels.verzoeken("kvk") == []


def test_a_company_lookup_costs_three_queries(regio, registerdubbels, django_assert_num_queries):
    vraag = bevraging(regio["deventer"], "EVENEMENT")

    with django_assert_num_queries(3):
        bedrijf_raadplegen(vraag, "68750110")
