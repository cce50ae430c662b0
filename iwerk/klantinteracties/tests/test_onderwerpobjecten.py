"""onderwerpobjecten: CRUD, filters, the zaak of the same gemeente, the rank they move, and
DELETE with cascade."""

from __future__ import annotations

import pytest

from iwerk.core import generations
from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.api.bron import GENERATIE
from iwerk.klantinteracties.models import Betrokkene, DigitaalAdres, Klantcontact, Onderwerpobject
from iwerk.klantinteracties.tests.test_klantcontacten import klantcontact, volledig

pytestmark = pytest.mark.django_db


def zaak(gemeente, vertrouwelijkheid: str = "openbaar"):
    zaaktype = build.gepubliceerd_zaaktype(build.catalogus(gemeente), "KAP")
    return zaakbouwer.zaak(zaaktype, vertrouwelijkheid=vertrouwelijkheid)


def over_zaak(kc, z) -> dict:
    return {
        "klantcontact": {"uuid": str(kc.uuid)},
        "onderwerpobjectidentificator": {
            "objectId": str(z.uuid),
            "codeObjecttype": "zaak",
            "codeRegister": "openzaak",
            "codeSoortObjectId": "uuid",
        },
    }


def test_an_onderwerpobject_is_created_read_changed_listed_and_removed(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    kc = klantcontact(deventer)
    eerder = klantcontact(deventer)

    nieuw = api.post(
        f"{BASE}/onderwerpobjecten",
        {
            "klantcontact": {"uuid": str(kc.uuid)},
            "onderwerpobjectidentificator": {"objectId": "afvalpas", "codeObjecttype": "product"},
        },
    )
    assert nieuw.status_code == 201, nieuw.content
    data = nieuw.json()
    assert data["wasKlantcontact"] is None
    url = data["url"]
    gewijzigd = api.patch(url, {"wasKlantcontact": {"uuid": str(eerder.uuid)}}).json()
    assert gewijzigd["wasKlantcontact"]["uuid"] == str(eerder.uuid)
    assert gewijzigd["onderwerpobjectidentificator"]["objectId"] == "afvalpas"
    put = api.put(url, {"klantcontact": {"uuid": str(kc.uuid)}}).json()
    assert put["wasKlantcontact"]["uuid"] == str(eerder.uuid)  # PUT keeps what it leaves out
    assert (
        api.get(f"{BASE}/klantcontacten/{kc.uuid}").json()["gingOverOnderwerpobjecten"][0]["url"]
        == url
    )
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert Klantcontact.objects.filter(pk=kc.pk).exists()


def test_an_onderwerpobject_without_klantcontact_is_visible_in_its_gemeente(gemeenten):
    api = ki_client(gemeenten["deventer"], max_vertrouwelijkheidaanduiding="openbaar")
    url = api.post(f"{BASE}/onderwerpobjecten", {}).json()["url"]
    assert api.get(url).json()["klantcontact"] is None
    assert ki_client(gemeenten["raalte"], label="R").get(url).status_code == 404


def test_every_list_filter(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    kc = klantcontact(deventer)
    eerder = klantcontact(deventer)
    raak = Onderwerpobject.objects.create(
        tenant=deventer,
        klantcontact=kc,
        was_klantcontact=eerder,
        object_id="o-1",
        code_objecttype="product",
        code_register="pdc",
        code_soort_object_id="code",
    )
    Onderwerpobject.objects.create(tenant=deventer, klantcontact=eerder, object_id="o-2")

    def gevonden(**query) -> set[str]:
        antwoord = api.get(f"{BASE}/onderwerpobjecten", query)
        assert antwoord.status_code == 200, antwoord.content
        return {r["uuid"] for r in antwoord.json()["results"]}

    alleen = {str(raak.uuid)}
    assert gevonden(klantcontact__url=f"{BASE}/klantcontacten/{kc.uuid}") == alleen
    assert gevonden(klantcontact__uuid=str(kc.uuid)) == alleen
    assert gevonden(onderwerpobjectidentificatorCodeObjecttype="product") == alleen
    assert gevonden(onderwerpobjectidentificatorCodeRegister="pdc") == alleen
    assert gevonden(onderwerpobjectidentificatorCodeSoortObjectId="code") == alleen
    assert gevonden(onderwerpobjectidentificatorObjectId="o-1") == alleen
    assert gevonden(wasKlantcontact__url=f"{BASE}/klantcontacten/{eerder.uuid}") == alleen
    assert gevonden(wasKlantcontact__uuid=str(eerder.uuid)) == alleen


def test_a_zaak_must_exist_in_the_gemeente_of_the_klantcontact(gemeenten):
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    api = ki_client(deventer)
    kc = klantcontact(deventer)
    elders = zaak(raalte)

    fout = api.post(f"{BASE}/onderwerpobjecten", over_zaak(kc, elders))
    assert fout.status_code == 400
    (param,) = fout.json()["invalidParams"]
    assert param["name"] == "onderwerpobjectidentificator.objectId"
    assert param["code"] == "does_not_exist"
    assert not Onderwerpobject.objects.exists()
    onzin = over_zaak(kc, elders)
    onzin["onderwerpobjectidentificator"]["objectId"] = "geen-uuid"
    assert api.post(f"{BASE}/onderwerpobjecten", onzin).status_code == 400
    eigen = zaak(deventer)
    assert api.post(f"{BASE}/onderwerpobjecten", over_zaak(kc, eigen)).status_code == 201


def test_the_rank_follows_the_zaken_the_contact_is_about(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    kc = klantcontact(deventer)
    geheim = zaak(deventer, "geheim")

    url = api.post(f"{BASE}/onderwerpobjecten", over_zaak(kc, geheim)).json()["url"]
    kc.refresh_from_db()
    assert kc.vertrouwelijkheid_rang == VERTROUWELIJKHEID_ORDER["geheim"]
    product = {"onderwerpobjectidentificator": {"objectId": "x", "codeObjecttype": "product"}}
    api.patch(url, product)
    kc.refresh_from_db()
    assert kc.vertrouwelijkheid_rang == 0
    api.patch(url, over_zaak(kc, geheim))
    api.delete(url)
    kc.refresh_from_db()
    assert kc.vertrouwelijkheid_rang == 0


def test_delete_with_cascade_removes_unused_klantcontacten_and_their_digitale_adressen(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    weg = volledig(deventer)
    blijft = klantcontact(deventer)
    eerste = Onderwerpobject.objects.create(
        tenant=deventer, klantcontact=blijft, was_klantcontact=weg, object_id="1"
    )
    Onderwerpobject.objects.filter(klantcontact=weg).delete()
    adres = DigitaalAdres.objects.get(verstrekt_door_betrokkene__had_klantcontact=weg)

    antwoord = api.delete(f"{BASE}/onderwerpobjecten/{eerste.uuid}?cascade=true")
    assert antwoord.status_code == 200, antwoord.content
    # Neither klantcontact is named by another onderwerpobject: both go, nothing is kept.
    assert antwoord.json() == {"behouden": []}
    assert not Klantcontact.objects.filter(pk__in=[weg.pk, blijft.pk]).exists()
    assert not DigitaalAdres.objects.filter(pk=adres.pk).exists()
    assert not Betrokkene.objects.filter(had_klantcontact_id=weg.pk).exists()


def test_delete_with_cascade_keeps_a_klantcontact_another_onderwerpobject_names(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    kc = klantcontact(deventer)
    een = Onderwerpobject.objects.create(tenant=deventer, klantcontact=kc, object_id="1")
    Onderwerpobject.objects.create(tenant=deventer, klantcontact=kc, object_id="2")

    antwoord = api.delete(f"{BASE}/onderwerpobjecten/{een.uuid}?cascade=true")
    assert antwoord.status_code == 200
    assert antwoord.json() == {"behouden": [f"{BASE}/klantcontacten/{kc.uuid}"]}
    assert Klantcontact.objects.filter(pk=kc.pk).exists()
    zonder = Onderwerpobject.objects.get(object_id="2")
    assert api.delete(f"{BASE}/onderwerpobjecten/{zonder.uuid}?cascade=false").status_code == 204
    assert Klantcontact.objects.filter(pk=kc.pk).exists()


def test_list_costs_the_same_for_one_and_five(gemeenten, django_assert_num_queries):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    volledig(deventer)
    api.get(f"{BASE}/onderwerpobjecten")

    def lijst(aantal: int) -> None:
        generations.bump(GENERATIE)
        with django_assert_num_queries(3):  # generation, count, page with its klantcontacten
            assert api.get(f"{BASE}/onderwerpobjecten").json()["count"] == aantal

    lijst(1)
    for _ in range(4):
        volledig(deventer)
    lijst(5)
