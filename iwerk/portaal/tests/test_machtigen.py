"""Machtigen, first step: DigiD Machtigen and eHerkenning bewindvoering through the test IdP;
the zaak names both (indicatieMachtiging); Mijn zaken within the machtiging's scope only."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.portaal.identiteit import SESSION_KEY
from iwerk.portaal.models import AangeleverdDocument, Concept
from iwerk.portaal.tests.conftest import (
    PIETER,
    SUZANNE,
    doelbinding,
    ingelogd,
    pdf_bestand,
    via_testidp,
)
from iwerk.portaal.tests.test_aanvragen import STAP2, STAP3
from iwerk.zaken.models import Rol, Zaak

pytestmark = pytest.mark.django_db

WMO = "/raalte/producten/wmo-ondersteuning/aanvragen/"


def _namens(diensten=("WMO-MAATWERK",), nummer: str = SUZANNE, **kwargs):
    """Suzanne signed in with DigiD Machtigen for Pieter (session as the sign-in stores it)."""
    return ingelogd(
        nummer,
        vertegenwoordigde=PIETER,
        machtiging="digid_machtigen",
        diensten=tuple(diensten),
        **kwargs,
    )


def _wmo(client, gemeente: str = "raalte") -> Zaak:
    url = client.post(f"/{gemeente}/producten/wmo-ondersteuning/aanvragen/")["Location"]
    page = client.get(url).content.decode()
    naam = re.search(r'name="naam"[^>]*value="([^"]*)"', page)
    stap1 = {"naam": naam.group(1) if naam else "X", "adres": "Grotestraat 3", "woonplaats": "R"}
    assert client.post(url, stap1).status_code == 302
    client.post(url.replace("/stap/1/", "/stap/2/"), {**STAP2, "verklaring": pdf_bestand()})
    client.post(url.replace("/stap/1/", "/stap/3/"), STAP3)
    response = client.post(url.replace("/stap/1/", "/controleren/"), {"akkoord": "ja"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Concept.objects.select_related("zaak").get(uuid=url.split("/")[3]).zaak


def _zichtbaar(client, gemeente: str = "raalte") -> set[str]:
    page = client.get(f"/{gemeente}/mijn-zaken/").content.decode()
    return set(re.findall(r"ZAAK-\d{4}-\d+", page))


def test_digid_machtigen_through_the_test_idp_knows_both_persons(regio):
    client = via_testidp(SUZANNE, gemeente="raalte", namens=PIETER, diensten="WMO-MAATWERK")
    wie = client.session[SESSION_KEY]
    assert (wie["nummer"], wie["vertegenwoordigde"]) == (SUZANNE, PIETER)
    assert wie["machtiging"] == "digid_machtigen" and wie["diensten"] == ["WMO-MAATWERK"]
    page = client.get("/raalte/mijn-zaken/").content.decode()
    assert "namens BSN 999990056" in page and "DigiD Machtigen" in page


def test_the_claim_names_are_settings(regio, settings):
    settings.IWERK_PORTAAL_MACHTIGEN_CLAIMS = {
        "vertegenwoordigde": "representee.identifier",
        "gemachtigde": "authorizee.legalSubject.identifier",
        "diensten": "urn:nl-eid-gdi:1.0:ServiceUUID",
        "soort": "mandate",
    }
    client = via_testidp(SUZANNE, gemeente="raalte", namens=PIETER, diensten="*")
    wie = client.session[SESSION_KEY]
    assert (wie["nummer"], wie["vertegenwoordigde"], wie["diensten"]) == (SUZANNE, PIETER, ["*"])


def test_an_invalid_represented_bsn_signs_nobody_in(regio):
    from iwerk.portaal import oidc

    with pytest.raises(oidc.OngeldigeClaims):
        oidc.identiteit("digid", {"acr": "x", "gemachtigde": {"bsn": SUZANNE},
                                  "aanvrager": {"bsn": "123456789"}})  # fmt: skip
    # No services named: the machtiging covers none (fail closed).
    wie = oidc.identiteit("digid", {"gemachtigde": {"bsn": SUZANNE}, "aanvrager": {"bsn": PIETER}})
    assert wie.diensten == () and not wie.mag_dienst("WMO-MAATWERK")


def test_a_gemachtigde_submits_for_someone_and_the_zaak_records_both(regio, registerdubbels):
    doelbinding(regio["raalte"], "WMO-MAATWERK", ["naam", "adres"])
    client = _namens()
    url = client.post(WMO)["Location"]
    page = client.get(url).content.decode()
    # Prefilled with the represented person's data, asked by the representative.
    assert 'value="Pieter de Boer"' in page and 'value="Grotestraat 3"' in page
    (verzoek,) = registerdubbels.verzoeken("brp")
    assert verzoek.body["burgerservicenummer"] == [PIETER]
    assert verzoek.headers["x-gebruiker"] == f"digid:{SUZANNE}"
    zaak = _wmo(client)
    rollen = {r.roltype.omschrijving_generiek: r for r in Rol.objects.filter(zaak=zaak)}
    initiator, vertegenwoordigde = rollen["initiator"], rollen["belanghebbende"]
    assert (initiator.bsn, initiator.indicatie_machtiging) == (SUZANNE, "gemachtigde")
    assert initiator.contactpersoon_rol["emailadres"] == STAP3["email"]
    assert "verblijfsadres" not in initiator.betrokkene_identificatie  # none known
    assert (vertegenwoordigde.bsn, vertegenwoordigde.indicatie_machtiging) == (
        PIETER,
        "machtiginggever",
    )
    ident = vertegenwoordigde.betrokkene_identificatie
    assert (ident["voornamen"], ident["voorvoegselGeslachtsnaam"], ident["geslachtsnaam"]) == (
        "Pieter",
        "de",
        "Boer",
    )
    assert ident["verblijfsadres"]["aoaIdentificatie"] == "0177200000200003"


def test_mijn_zaken_shows_the_represented_persons_zaken_within_the_machtiging(
    regio, registerdubbels
):
    namens = _wmo(_namens())  # Suzanne for Pieter
    eigen_pieter = _wmo(ingelogd(PIETER))  # Pieter himself
    eigen_suzanne = _wmo(ingelogd(SUZANNE))  # Suzanne for herself, in Raalte
    ids = {z: z.identificatie for z in (namens, eigen_pieter, eigen_suzanne)}
    # Acting for Pieter: his zaken (also the one he filed himself), not Suzanne's own.
    assert _zichtbaar(_namens()) == {ids[namens], ids[eigen_pieter]}
    # Pieter sees the zaak filed for him; Suzanne as herself does not.
    assert _zichtbaar(ingelogd(PIETER)) == {ids[namens], ids[eigen_pieter]}
    assert _zichtbaar(ingelogd(SUZANNE)) == {ids[eigen_suzanne]}
    # A machtiging for parking only shows none of his Wmo zaken.
    assert _zichtbaar(_namens(("PARKEERVERGUNNING",))) == set()
    assert _zichtbaar(_namens(("*",))) == {ids[namens], ids[eigen_pieter]}


def test_a_representative_cannot_reach_other_zaken_by_url(regio, registerdubbels):
    namens = _wmo(_namens())
    eigen_suzanne = _wmo(ingelogd(SUZANNE))
    parkeren = _namens(("PARKEERVERGUNNING",))
    for zaak in (namens, eigen_suzanne):
        assert parkeren.get(f"/raalte/mijn-zaken/{zaak.uuid}/").status_code == 404
    wmo = _namens()
    assert wmo.get(f"/raalte/mijn-zaken/{namens.uuid}/").status_code == 200
    assert wmo.get(f"/raalte/mijn-zaken/{eigen_suzanne.uuid}/").status_code == 404
    document = AangeleverdDocument.objects.filter(zaak=namens).select_related("document").first()
    pad = f"/raalte/mijn-zaken/{namens.uuid}/documenten/{document.document.uuid}/"
    assert wmo.get(pad).status_code == 200
    assert parkeren.get(pad).status_code == 404
    # Someone else's zaak, under another gemeente's address too.
    assert wmo.get(f"/deventer/mijn-zaken/{namens.uuid}/").status_code == 404


def test_a_product_outside_the_machtiging_cannot_be_started_or_continued(regio, registerdubbels):
    parkeren = _namens(("PARKEERVERGUNNING",))
    response = parkeren.post(WMO)
    assert response.status_code == 403
    assert "Uw machtiging geldt niet voor deze dienst" in response.content.decode()
    assert not Concept.objects.exists()
    # A draft made under a wider machtiging is out of reach under a narrower one.
    url = _namens().post(WMO)["Location"]
    assert parkeren.get(url).status_code == 404
    assert parkeren.get(url.replace("/stap/1/", "/controleren/")).status_code == 404


def test_drafts_for_someone_else_are_kept_apart_from_ones_own(regio, registerdubbels):
    eigen = ingelogd(SUZANNE).post(WMO)["Location"]
    namens = _namens().post(WMO)["Location"]
    assert eigen != namens
    assert _namens().get(eigen).status_code == 404
    assert ingelogd(SUZANNE).get(namens).status_code == 404
    assert ingelogd(PIETER).get(namens).status_code == 404


def test_a_bewindvoerder_with_eherkenning_requests_for_a_citizen(regio, registerdubbels):
    doelbinding(regio["raalte"], "WMO-MAATWERK", ["naam", "adres"])
    client = via_testidp(
        "69599084",
        middel="eherkenning",
        niveau="eherkenning_eh3",
        gemeente="raalte",
        namens=PIETER,
        soort="bewindvoering",
        diensten="*",
    )
    wie = client.session[SESSION_KEY]
    assert (wie["nummer"], wie["vertegenwoordigde"], wie["machtiging"]) == (
        "69599084",
        PIETER,
        "bewindvoering",
    )
    zaak = _wmo(client)
    rollen = {r.roltype.omschrijving_generiek: r for r in Rol.objects.filter(zaak=zaak)}
    assert rollen["initiator"].betrokkene_type == "vestiging"
    assert (rollen["initiator"].kvk_nummer, rollen["initiator"].indicatie_machtiging) == (
        "69599084",
        "gemachtigde",
    )
    assert (rollen["belanghebbende"].bsn, rollen["belanghebbende"].indicatie_machtiging) == (
        PIETER,
        "machtiginggever",
    )
    assert registerdubbels.verzoeken("brp")[0].headers["x-gebruiker"] == "eherkenning:69599084"
    assert zaak.identificatie in _zichtbaar(client)
    assert zaak.identificatie in _zichtbaar(ingelogd(PIETER))


def test_mijn_zaken_of_a_gemachtigde_asks_a_fixed_number_of_queries(regio, registerdubbels):
    client = _namens(("*",))
    _wmo(client)
    client.get("/raalte/mijn-zaken/")

    def tellen() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/raalte/mijn-zaken/").status_code == 200
        return len(queries.captured_queries)

    een = tellen()
    _wmo(client)
    _wmo(ingelogd(PIETER))
    assert tellen() == een <= 10
