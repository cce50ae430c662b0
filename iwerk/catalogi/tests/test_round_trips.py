"""GET a catalogi resource, change one field, PUT the complete representation back: 200 (issue 21).

Read-only properties (url, concept, the derived lists of a zaaktype, zaaktypen of a besluittype …)
are echoed with whatever value the GET gave and ignored; writable relations stored by name
(zaaktype.besluittypen, besluittype.informatieobjecttypen) survive an echo even when they point to
concepts, which the representation does not list (ADR 0008).
"""

import pytest

from iwerk.catalogi.models import BesluitType, Eigenschap, ZaakObjectType, ZaakType
from iwerk.core.testing import catalogus as build

pytestmark = pytest.mark.django_db
BASE = "http://testserver/catalogi/api/v1"


@pytest.fixture
def concept_catalogue(catalogus):
    """A concept zaaktype with every kind of child, a besluittype and an informatieobjecttype."""
    iot = build.informatieobjecttype(catalogus, "Aanvraag", concept=True)
    bt = build.besluittype(catalogus, "Beschikking", concept=True, iots=["Aanvraag"])
    zt = build.complete_zaaktype(catalogus, besluittype_omschrijvingen=["Beschikking"])
    build.ziot(zt, "Aanvraag")
    Eigenschap.objects.create(
        tenant=zt.tenant,
        zaaktype=zt,
        naam="Kenteken",
        definitie="Kenteken van het voertuig",
        specificatie_formaat="tekst",
        specificatie_lengte="8",
        specificatie_kardinaliteit="1",
    )
    ZaakObjectType.objects.create(
        tenant=zt.tenant,
        zaaktype=zt,
        objecttype="http://example.com/objecttypes/1",
        relatie_omschrijving="Adres",
    )
    return zt, bt, iot


def round_trip(client, url: str, field: str, value) -> dict:
    current = client.get(url)
    assert current.status_code == 200, current.content
    body = {**current.json(), field: value}
    response = client.put(url, body)
    assert response.status_code == 200, response.content
    assert response.json()[field] == value
    return response.json()


def first_url(client, resource: str, zaaktype: ZaakType) -> str:
    query = {"zaaktype": f"{BASE}/zaaktypen/{zaaktype.uuid}"}
    if resource != "zaakobjecttypen":
        query["status"] = "alles"
    results = client.get(f"{BASE}/{resource}", query).json()["results"]
    assert results, resource
    return results[0]["url"]


@pytest.mark.parametrize(
    "resource,field,value",
    [
        ("statustypen", "statustekst", "Uw aanvraag is ontvangen."),
        ("roltypen", "omschrijving", "Indiener"),
        ("resultaattypen", "toelichting", "Voorziening toegekend"),
        ("eigenschappen", "toelichting", "Zoals op het kentekenbewijs"),
        ("zaakobjecttypen", "relatieOmschrijving", "Woonadres"),
        ("zaaktype-informatieobjecttypen", "richting", "intern"),
    ],
)
def test_round_trip_put_of_a_zaaktype_child(
    tenant_client, concept_catalogue, resource, field, value
):
    zt, _bt, _iot = concept_catalogue
    round_trip(tenant_client, first_url(tenant_client, resource, zt), field, value)


def test_round_trip_put_of_a_zaaktype_keeps_its_relations_by_name(tenant_client, concept_catalogue):
    zt, _bt, _iot = concept_catalogue
    data = round_trip(tenant_client, f"{BASE}/zaaktypen/{zt.uuid}", "omschrijving", "Anders")
    # The read-only derived lists came back as they were sent by GET, and nothing was dropped.
    assert len(data["statustypen"]) == 2 and len(data["roltypen"]) == 1
    zt.refresh_from_db()
    assert zt.besluittype_omschrijvingen == ["Beschikking"]
    assert zt.zaaktypeinformatieobjecttypen.count() == 1


def test_round_trip_put_of_a_zaaktype_with_published_relations(tenant_client, concept_catalogue):
    zt, bt, iot = concept_catalogue
    BesluitType.objects.filter(pk=bt.pk).update(concept=False)
    iot.concept = False
    iot.save()
    url = f"{BASE}/zaaktypen/{zt.uuid}"
    before = tenant_client.get(url).json()
    assert before["besluittypen"] == [f"{BASE}/besluittypen/{bt.uuid}"]
    assert before["informatieobjecttypen"] == [f"{BASE}/informatieobjecttypen/{iot.uuid}"]
    data = round_trip(tenant_client, url, "toelichting", "Nieuwe toelichting")
    assert data["besluittypen"] == before["besluittypen"]
    assert data["informatieobjecttypen"] == before["informatieobjecttypen"]


def test_round_trip_put_with_stale_read_only_values_is_accepted(tenant_client, concept_catalogue):
    """Read-only lists echoed with any value (here: emptied) are ignored."""
    zt, _bt, _iot = concept_catalogue
    url = f"{BASE}/zaaktypen/{zt.uuid}"
    body = {
        **tenant_client.get(url).json(),
        "statustypen": [],
        "roltypen": [],
        "informatieobjecttypen": [],
        "concept": False,
        "omschrijving": "Weer anders",
    }
    response = tenant_client.put(url, body)
    assert response.status_code == 200, response.content
    assert len(response.json()["statustypen"]) == 2
    assert response.json()["concept"] is True


def test_round_trip_put_of_a_besluittype_keeps_its_informatieobjecttypen(
    tenant_client, concept_catalogue
):
    _zt, bt, _iot = concept_catalogue
    round_trip(tenant_client, f"{BASE}/besluittypen/{bt.uuid}", "toelichting", "Met bezwaar")
    bt.refresh_from_db()
    assert bt.informatieobjecttype_omschrijvingen == ["Aanvraag"]


def test_round_trip_put_of_an_informatieobjecttype(tenant_client, concept_catalogue):
    _zt, _bt, iot = concept_catalogue
    round_trip(
        tenant_client,
        f"{BASE}/informatieobjecttypen/{iot.uuid}",
        "informatieobjectcategorie",
        "Brief",
    )


def test_round_trip_put_of_a_catalogus(tenant_client, catalogus):
    round_trip(tenant_client, f"{BASE}/catalogussen/{catalogus.uuid}", "naam", "Andere naam")
