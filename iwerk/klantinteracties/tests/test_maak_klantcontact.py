"""POST /maak-klantcontact: one transaction for the klantcontact and its parts."""

from __future__ import annotations

import pytest

from iwerk.core.models import AuditTrail
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.models import Betrokkene, Klantcontact, Onderwerpobject, Partij
from iwerk.klantinteracties.tests.test_klantcontacten import CONTACT
from iwerk.klantinteracties.tests.test_onderwerpobjecten import zaak

pytestmark = pytest.mark.django_db


def test_a_klantcontact_is_made_with_its_betrokkene_and_onderwerpobject(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    partij = Partij.objects.create(tenant=deventer, soort_partij="persoon")
    eigen = zaak(deventer)

    antwoord = api.post(
        f"{BASE}/maak-klantcontact",
        {
            "klantcontact": CONTACT,
            "betrokkene": {
                "wasPartij": {"uuid": str(partij.uuid)},
                "rol": "klant",
                "initiator": True,
                "contactnaam": {"achternaam": "Jansen"},
            },
            "onderwerpobject": {
                "onderwerpobjectidentificator": {
                    "objectId": str(eigen.uuid),
                    "codeObjecttype": "zaak",
                }
            },
        },
    )
    assert antwoord.status_code == 201, antwoord.content
    data = antwoord.json()
    kc = data["klantcontact"]
    assert kc["nummer"] == "0000000001"
    assert data["betrokkene"]["hadKlantcontact"]["uuid"] == kc["uuid"]
    assert data["onderwerpobject"]["klantcontact"]["uuid"] == kc["uuid"]
    assert kc["hadBetrokkenen"][0]["uuid"] == data["betrokkene"]["uuid"]
    assert api.get(kc["url"]).status_code == 200
    resources = AuditTrail.objects.filter(bron="kic").values_list("resource", flat=True)
    assert sorted(resources) == ["betrokkene", "klantcontact", "onderwerpobject"]


def test_only_the_klantcontact_is_needed(gemeenten):
    api = ki_client(gemeenten["deventer"])
    antwoord = api.post(f"{BASE}/maak-klantcontact", {"klantcontact": CONTACT})
    assert antwoord.status_code == 201
    assert set(antwoord.json()) == {"klantcontact"}


def test_a_bad_onderwerpobject_leaves_nothing(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    elders = zaak(gemeenten["raalte"])

    antwoord = api.post(
        f"{BASE}/maak-klantcontact",
        {
            "klantcontact": CONTACT,
            "betrokkene": {"rol": "klant", "initiator": True},
            "onderwerpobject": {
                "onderwerpobjectidentificator": {
                    "objectId": str(elders.uuid),
                    "codeObjecttype": "zaak",
                }
            },
        },
    )
    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == (
        "onderwerpobject.onderwerpobjectidentificator.objectId"
    )
    assert not Klantcontact.objects.exists()
    assert not Betrokkene.objects.exists() and not Onderwerpobject.objects.exists()
    assert not AuditTrail.objects.filter(bron="kic").exists()
    # The numbering rolled back too: the next contact is still the first.
    goed = api.post(f"{BASE}/maak-klantcontact", {"klantcontact": CONTACT})
    assert goed.json()["klantcontact"]["nummer"] == "0000000001"


def test_a_read_only_token_cannot_make_one(gemeenten):
    api = ki_client(gemeenten["deventer"], scopes=["klantinteracties.lezen"])
    assert api.post(f"{BASE}/maak-klantcontact", {"klantcontact": CONTACT}).status_code == 403
