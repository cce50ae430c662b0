"""When a register does not give a usable answer: each failure becomes a clear Dutch message that
names the register, the user can go on with typed data, and the attempt is still logged."""

from __future__ import annotations

import socket

import pytest

from iwerk.basisregistraties.clients import bag, brp, kvk
from iwerk.basisregistraties.fouten import NietGevonden, OngeldigeInvoer, RegisterOnbereikbaar
from iwerk.basisregistraties.models import Register, Registerkoppeling
from iwerk.basisregistraties.selectors.koppelingen import verbinding
from iwerk.basisregistraties.services.bevragen import (
    adressen_zoeken,
    bedrijf_raadplegen,
    persoon_raadplegen,
)
from iwerk.basisregistraties.tests.hulp import bevraging
from iwerk.core.models import Inzage
from iwerk.core.testing.registerdubbels import valideer_brp_antwoord, valideer_brp_verzoek

pytestmark = pytest.mark.django_db

VERDER = "U kunt verder met de ingevulde gegevens; die zijn dan niet gecontroleerd."


@pytest.mark.parametrize(
    ("storing", "bericht"),
    [
        ("503", f"De BRP is tijdelijk niet beschikbaar (503). {VERDER}"),
        ("500", f"De BRP heeft een storing (500). {VERDER}"),
        ("onzin", f"De BRP gaf een antwoord dat iwerk niet kan lezen. {VERDER}"),
    ],
)
def test_a_brp_that_fails_is_unreachable_and_the_attempt_logged(
    regio, registerdubbels, storing, bericht
):
    registerdubbels.storing("brp", storing)

    with pytest.raises(RegisterOnbereikbaar) as fout:
        persoon_raadplegen(bevraging(regio["deventer"]), "999990007")

    assert fout.value.bericht == bericht
    valideer_brp_verzoek(registerdubbels.verzoeken("brp")[0].body)
    assert Inzage.objects.get().omschrijving.endswith("uitkomst: mislukt: register onbereikbaar")


def test_a_slow_brp_times_out_after_the_koppelings_read_timeout(regio, registerdubbels):
    Registerkoppeling.objects.create(
        gemeente=regio["deventer"],
        register=Register.brp,
        url=registerdubbels.brp_url,
        timeout_verbinden=1,
        timeout_lezen=0.3,
    )
    registerdubbels.storing("brp", "traag")

    with pytest.raises(RegisterOnbereikbaar) as fout:
        persoon_raadplegen(bevraging(regio["deventer"]), "999990007")

    assert fout.value.bericht == f"De BRP antwoordt niet (time-out na 0.3 s). {VERDER}"
    assert Inzage.objects.count() == 1


def test_a_register_nobody_listens_on(regio, registerdubbels):
    with socket.socket() as vrij:  # a port that was free a moment ago: nothing answers there
        vrij.bind(("127.0.0.1", 0))
        poort = vrij.getsockname()[1]
    Registerkoppeling.objects.create(
        gemeente=regio["deventer"], register=Register.kvk, url=f"http://127.0.0.1:{poort}/kvk"
    )

    with pytest.raises(RegisterOnbereikbaar) as fout:
        bedrijf_raadplegen(bevraging(regio["deventer"], "EVENEMENT"), "68750110")

    assert fout.value.bericht == f"Het Handelsregister antwoordt niet (geen verbinding). {VERDER}"
    assert Inzage.objects.get().soort == "kvk"


def test_a_register_not_connected_for_the_gemeente(regio, settings):
    settings.IWERK_BRP_URL = ""

    with pytest.raises(RegisterOnbereikbaar) as fout:
        persoon_raadplegen(bevraging(regio["deventer"]), "999990007")

    assert fout.value.bericht == f"De BRP is voor deze gemeente niet aangesloten. {VERDER}"
    assert Inzage.objects.count() == 1


def test_an_inactive_koppeling_falls_back_to_the_default(regio, registerdubbels, settings):
    Registerkoppeling.objects.create(
        gemeente=regio["deventer"],
        register=Register.brp,
        url="https://elders.invalid",
        actief=False,
    )

    persoon_raadplegen(bevraging(regio["deventer"]), "999990007")

    assert len(registerdubbels.verzoeken("brp")) == 1


# --- the clients against the contract ----------------------------------------------------------


def test_the_brps_400_for_an_invalid_bsn_becomes_its_reason(regio, registerdubbels):
    """The service checks the elfproef first; the client maps the register's own 400 too."""
    vraag = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["12345"],
             "fields": ["naam"]}  # fmt: skip

    with pytest.raises(OngeldigeInvoer) as fout:
        brp.personen(
            verbinding(regio["deventer"].pk, Register.brp),
            vraag,
            doelbinding="BRPACT-Wmo",
            verwerking="test",
            gebruiker="pjansen",
        )

    assert fout.value.bericht.startswith("De BRP wijst de vraag af: BSN")


def test_the_brps_answer_validates_against_its_oas(regio, registerdubbels):
    vraag = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990007"],
             "fields": ["burgerservicenummer", "naam"]}  # fmt: skip
    valideer_brp_verzoek(vraag)

    personen = brp.personen(
        verbinding(regio["deventer"].pk, Register.brp),
        vraag,
        doelbinding="BRPACT-Wmo",
        verwerking="test",
        gebruiker="pjansen",
    )

    valideer_brp_antwoord(200, {"type": vraag["type"], "personen": personen})
    assert personen[0]["naam"]["geslachtsnaam"] == "Moulin"


def test_header_values_are_ascii_on_one_line():
    assert brp.header_waarde("Zoë  Çelik\nvan Dijk") == "Zoe Celik van Dijk"
    assert len(brp.header_waarde("x" * 500)) == brp.HEADER_LENGTE


def test_an_unknown_bag_id_is_not_found(regio, registerdubbels):
    with pytest.raises(NietGevonden) as fout:
        bag.adres(verbinding(regio["deventer"].pk, Register.bag), "0150200000999999")

    assert fout.value.bericht == "De BAG kent geen adres met identificatie 0150200000999999."


def test_an_unknown_kvk_number_is_not_found(regio, registerdubbels):
    with pytest.raises(NietGevonden) as fout:
        kvk.basisprofiel(verbinding(regio["deventer"].pk, Register.kvk), "12345678")

    assert fout.value.bericht == "Het Handelsregister kent geen bedrijf met KvK-nummer 12345678."


def test_a_bag_that_is_down(regio, registerdubbels):
    registerdubbels.storing("bag", "503")

    with pytest.raises(RegisterOnbereikbaar) as fout:
        adressen_zoeken(regio["deventer"].pk, postcode="7411 BS", huisnummer=12)

    assert fout.value.bericht == f"De BAG is tijdelijk niet beschikbaar (503). {VERDER}"
    assert Inzage.objects.count() == 0  # addresses are public data: not logged
