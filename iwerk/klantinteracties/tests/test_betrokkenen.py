"""betrokkenen: CRUD, references within the gemeente, every list filter, expand, query counts."""

from __future__ import annotations

import pytest

from iwerk.core import generations
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.api.bron import GENERATIE
from iwerk.klantinteracties.models import Betrokkene, Partij
from iwerk.klantinteracties.tests.test_klantcontacten import klantcontact, volledig

pytestmark = pytest.mark.django_db


def betrokkene_body(kc, **extra) -> dict:
    return {"hadKlantcontact": {"uuid": str(kc.uuid)}, "rol": "klant", "initiator": True, **extra}


def test_a_betrokkene_is_created_read_changed_listed_and_removed(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    kc = klantcontact(deventer)
    partij = Partij.objects.create(tenant=deventer, soort_partij="persoon")
    body = betrokkene_body(
        kc,
        wasPartij={"uuid": str(partij.uuid)},
        contactnaam={"voornaam": "Anna", "achternaam": "Jansen"},
        bezoekadres={"straatnaam": "Brink", "huisnummer": 1, "postcode": "7411 BR"},
        organisatienaam="Bakkerij",
    )

    nieuw = api.post(f"{BASE}/betrokkenen", body)
    assert nieuw.status_code == 201, nieuw.content
    data = nieuw.json()
    assert data["volledigeNaam"] == "Anna Jansen"
    assert data["wasPartij"]["uuid"] == str(partij.uuid)
    assert data["bezoekadres"] == {"straatnaam": "Brink", "huisnummer": 1, "postcode": "7411 BR"}
    assert data["correspondentieadres"] is None
    url = data["url"]
    assert api.get(f"{BASE}/klantcontacten/{kc.uuid}").json()["hadBetrokkenen"][0]["url"] == url

    assert api.patch(url, {"rol": "vertegenwoordiger"}).json()["rol"] == "vertegenwoordiger"
    gewijzigd = api.put(url, betrokkene_body(kc, wasPartij=None)).json()
    assert gewijzigd["wasPartij"] is None and gewijzigd["rol"] == "klant"
    assert gewijzigd["volledigeNaam"] == "Anna Jansen"  # PUT keeps what it leaves out
    assert api.get(f"{BASE}/betrokkenen").json()["count"] == 1
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_a_bad_postcode_or_an_unknown_partij_is_refused(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    kc = klantcontact(deventer)
    fout = api.post(f"{BASE}/betrokkenen", betrokkene_body(kc, bezoekadres={"postcode": "7411"}))
    assert fout.json()["invalidParams"][0]["name"] == "bezoekadres.postcode"
    elders = Partij.objects.create(tenant=gemeenten["raalte"], soort_partij="persoon")
    fout = api.post(
        f"{BASE}/betrokkenen", betrokkene_body(kc, wasPartij={"uuid": str(elders.uuid)})
    )
    assert fout.status_code == 400
    assert fout.json()["invalidParams"][0] == {
        "name": "wasPartij",
        "code": "does_not_exist",
        "reason": f'Ongeldige uuid "{elders.uuid}" - object bestaat niet.',
    }


def test_every_list_filter_and_expand(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    kc = volledig(deventer, nummer="0000000042", referentienummer="REF-1")
    Betrokkene.objects.filter(had_klantcontact=kc).update(
        contactnaam_voorletters="A",
        contactnaam_voornaam="Anna",
        contactnaam_voorvoegsel_achternaam="de",
        contactnaam_achternaam="Vries",
        organisatienaam="Bakkerij",
    )
    raak = kc.betrokkenen.get()
    adres = raak.digitale_adressen.get()
    partij = raak.was_partij
    Betrokkene.objects.create(
        tenant=deventer, had_klantcontact=klantcontact(deventer), rol="klant", initiator=False
    )

    def gevonden(**query) -> set[str]:
        antwoord = api.get(f"{BASE}/betrokkenen", query)
        assert antwoord.status_code == 200, antwoord.content
        return {r["uuid"] for r in antwoord.json()["results"]}

    alleen = {str(raak.uuid)}
    assert gevonden(contactnaamAchternaam="Vries") == alleen
    assert gevonden(contactnaamVoorletters="A") == alleen
    assert gevonden(contactnaamVoornaam="Anna") == alleen
    assert gevonden(contactnaamVoorvoegselAchternaam="de") == alleen
    assert gevonden(hadKlantcontact__nummer="0000000042") == alleen
    assert gevonden(hadKlantcontact__referentienummer="REF-1") == alleen
    assert gevonden(hadKlantcontact__url=f"{BASE}/klantcontacten/{kc.uuid}") == alleen
    assert gevonden(hadKlantcontact__uuid=str(kc.uuid)) == alleen
    assert gevonden(organisatienaam="Bakkerij") == alleen
    assert gevonden(verstrektedigitaalAdres__adres="Inwoner@Voorbeeld.nl") == alleen
    assert gevonden(verstrektedigitaalAdres__url=f"{BASE}/digitaleadressen/{adres.uuid}") == alleen
    assert gevonden(verstrektedigitaalAdres__uuid=str(adres.uuid)) == alleen
    assert gevonden(wasPartij__nummer="0000000007") == alleen
    prefix = "wasPartij__partijIdentificator__"
    assert gevonden(**{f"{prefix}codeObjecttype": "natuurlijk_persoon"}) == alleen
    assert gevonden(**{f"{prefix}codeRegister": "brp"}) == alleen
    assert gevonden(**{f"{prefix}codeSoortObjectId": "bsn"}) == alleen
    assert gevonden(**{f"{prefix}objectId": "111222333"}) == alleen
    assert gevonden(wasPartij__url=f"{BASE}/partijen/{partij.uuid}") == alleen
    assert gevonden(wasPartij__uuid=str(partij.uuid)) == alleen

    lijst = api.get(f"{BASE}/betrokkenen", {"expand": "digitaleAdressen"}).json()["results"]
    uitgeklapt = {r["uuid"]: r["_expand"]["digitaleAdressen"] for r in lijst}
    assert uitgeklapt[str(raak.uuid)][0]["adres"] == "Inwoner@Voorbeeld.nl"
    detail = api.get(f"{BASE}/betrokkenen/{raak.uuid}", {"expand": "digitaleAdressen"}).json()
    assert detail["_expand"]["digitaleAdressen"][0]["uuid"] == str(adres.uuid)


def test_list_costs_the_same_for_one_and_five(gemeenten, django_assert_num_queries):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    volledig(deventer)
    api.get(f"{BASE}/betrokkenen")

    def lijst(aantal: int) -> None:
        generations.bump(GENERATIE)
        # generation, count, page (with klantcontact and partij), digitale adressen, expanded
        with django_assert_num_queries(5):
            antwoord = api.get(f"{BASE}/betrokkenen", {"expand": "digitaleAdressen"}).json()
        assert antwoord["count"] == aantal

    lijst(1)
    for _ in range(4):
        volledig(deventer)
    lijst(5)
