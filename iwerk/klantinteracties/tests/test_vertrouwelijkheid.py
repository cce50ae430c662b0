"""The vertrouwelijkheid rank of klantcontacten (ADR 0052, decision 5): a caller below it does
not see the klantcontact nor anything of it."""

from __future__ import annotations

import pytest

from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.models import Klantcontact
from iwerk.klantinteracties.tests.test_klantcontacten import CONTACT, volledig
from iwerk.klantinteracties.tests.test_onderwerpobjecten import over_zaak, zaak

pytestmark = pytest.mark.django_db

DELEN = {
    "betrokkenen": "betrokkenen",
    "onderwerpobjecten": "onderwerpobjecten",
    "bijlagen": "bijlagen",
    "actorklantcontacten": "actor_klantcontacten",
}


def _onzichtbaar(api, kc: Klantcontact) -> None:
    assert api.get(f"{BASE}/klantcontacten/{kc.uuid}").status_code == 404
    assert api.get(f"{BASE}/klantcontacten").json()["count"] == 0
    for collectie, relatie in DELEN.items():
        deel = getattr(kc, relatie).get()
        assert api.get(f"{BASE}/{collectie}/{deel.uuid}").status_code == 404, collectie
        assert api.get(f"{BASE}/{collectie}").json()["count"] == 0, collectie


def test_a_vertrouwelijk_klantcontact_and_its_parts_do_not_exist_for_an_openbaar_token(gemeenten):
    deventer = gemeenten["deventer"]
    alles = ki_client(deventer)
    openbaar = ki_client(deventer, max_vertrouwelijkheidaanduiding="openbaar", label="Portaal")
    kc = volledig(deventer)
    url = f"{BASE}/klantcontacten/{kc.uuid}"

    assert openbaar.get(url).status_code == 200
    assert alles.patch(url, {"vertrouwelijk": True}).status_code == 200
    kc.refresh_from_db()
    assert kc.vertrouwelijkheid_rang == VERTROUWELIJKHEID_ORDER["vertrouwelijk"]
    _onzichtbaar(openbaar, kc)
    assert openbaar.patch(url, {"vertrouwelijk": False}).status_code == 404
    verwijzing = openbaar.post(
        f"{BASE}/bijlagen", {"wasBijlageVanKlantcontact": {"uuid": str(kc.uuid)}}
    )
    assert verwijzing.json()["invalidParams"][0]["code"] == "does_not_exist"
    assert alles.patch(url, {"vertrouwelijk": False}).status_code == 200
    assert openbaar.get(url).status_code == 200


def test_a_klantcontact_about_a_geheim_zaak_does_not_exist_for_an_openbaar_token(gemeenten):
    deventer = gemeenten["deventer"]
    alles = ki_client(deventer)
    openbaar = ki_client(deventer, max_vertrouwelijkheidaanduiding="openbaar", label="Portaal")
    kc = volledig(deventer)
    geheim = zaak(deventer, "geheim")
    kc.onderwerpobjecten.all().delete()

    assert alles.post(f"{BASE}/onderwerpobjecten", over_zaak(kc, geheim)).status_code == 201
    _onzichtbaar(openbaar, kc)
    # A zaak's aanduiding outranks the flag: clearing vertrouwelijk does not lower it.
    alles.patch(f"{BASE}/klantcontacten/{kc.uuid}", {"vertrouwelijk": False})
    kc.refresh_from_db()
    assert kc.vertrouwelijkheid_rang == VERTROUWELIJKHEID_ORDER["geheim"]


def test_a_klantcontact_made_vertrouwelijk_gets_its_rank_at_once(gemeenten):
    api = ki_client(gemeenten["deventer"])
    data = api.post(f"{BASE}/klantcontacten", {**CONTACT, "vertrouwelijk": True}).json()
    assert (
        Klantcontact.objects.get(uuid=data["uuid"]).vertrouwelijkheid_rang
        == VERTROUWELIJKHEID_ORDER["vertrouwelijk"]
    )


def test_contacts_follow_a_zaak_made_geheim_later_and_any_spelling_of_zaak(
    gemeenten, superuser_client
):
    deventer = gemeenten["deventer"]
    alles = ki_client(deventer)
    openbaar = ki_client(deventer, max_vertrouwelijkheidaanduiding="openbaar", label="Portaal")
    kc = volledig(deventer)
    kc.onderwerpobjecten.all().delete()
    z = zaak(deventer, "openbaar")
    body = over_zaak(kc, z)
    # As KISS writes it: "zgw-Zaak" (kept as sent), the uuid in capitals.
    body["onderwerpobjectidentificator"].update(
        codeObjecttype="zgw-Zaak", objectId=str(z.uuid).upper()
    )
    gemaakt = alles.post(f"{BASE}/onderwerpobjecten", body)
    assert gemaakt.status_code == 201
    assert gemaakt.json()["onderwerpobjectidentificator"]["codeObjecttype"] == "zgw-Zaak"
    assert openbaar.get(f"{BASE}/klantcontacten/{kc.uuid}").status_code == 200

    antwoord = superuser_client.patch(
        f"http://testserver/zaken/api/v1/zaken/{z.uuid}",
        {"vertrouwelijkheidaanduiding": "geheim"},
        HTTP_ACCEPT_CRS="EPSG:4326",
        HTTP_CONTENT_CRS="EPSG:4326",
    )
    assert antwoord.status_code == 200, antwoord.content

    kc.refresh_from_db()
    assert kc.vertrouwelijkheid_rang == VERTROUWELIJKHEID_ORDER["geheim"]
    _onzichtbaar(openbaar, kc)
