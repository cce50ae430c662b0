"""Single-object reads of the Catalogi API: catalogussen, the three types and their children.

A read whose representation is cached costs the client's generation snapshot and one SELECT of
two columns: the row itself, its relations and Django's query compiler only on a cache miss.
What a client sees does not change: 403 for another gemeente's object, 404 for none, the same
representation and ETag from the cache as rendered fresh.
"""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.catalogi.api import refs
from iwerk.catalogi.api.views.common import _visible
from iwerk.catalogi.models import Eigenschap, ZaakObjectType
from iwerk.core.api.actor import Actor
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client

pytestmark = pytest.mark.django_db
BASE = "http://testserver/catalogi/api/v1"
LEZEN = [{"component": "ztc", "scopes": ["catalogi.lezen"]}]
RESOURCES = [
    "catalogussen",
    "zaaktypen",
    "informatieobjecttypen",
    "besluittypen",
    "statustypen",
    "roltypen",
    "resultaattypen",
    "eigenschappen",
    "zaakobjecttypen",
    "zaaktype-informatieobjecttypen",
]


def objects_of(catalogus) -> dict:
    iot = build.informatieobjecttype(catalogus, "Brief")
    besluittype = build.besluittype(catalogus, "Besluit", iots=[iot.omschrijving])
    zaaktype = build.complete_zaaktype(
        catalogus, identificatie="ZT-LEES", besluittype_omschrijvingen=["Besluit"]
    )
    statustype = zaaktype.statustypen.order_by("volgnummer").first()
    return {
        "catalogussen": catalogus,
        "zaaktypen": zaaktype,
        "informatieobjecttypen": iot,
        "besluittypen": besluittype,
        "statustypen": statustype,
        "roltypen": zaaktype.roltypen.get(),
        "resultaattypen": zaaktype.resultaattypen.get(),
        "eigenschappen": Eigenschap.objects.create(
            tenant=catalogus.tenant,
            zaaktype=zaaktype,
            naam="kenmerk",
            definitie="Een kenmerk",
            specificatie_formaat="tekst",
            specificatie_lengte="10",
            specificatie_kardinaliteit="1",
            statustype=statustype,
        ),
        "zaakobjecttypen": ZaakObjectType.objects.create(
            tenant=catalogus.tenant,
            zaaktype=zaaktype,
            objecttype="https://objecten.example.nl/1",
            relatie_omschrijving="Object",
        ),
        "zaaktype-informatieobjecttypen": build.ziot(zaaktype, iot.omschrijving),
    }


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_cached_read_costs_the_generations_and_one_small_select(
    superuser_client, catalogus, resource
):
    url = f"{BASE}/{resource}/{objects_of(catalogus)[resource].uuid}"
    assert superuser_client.get(url).status_code == 200  # renders and caches
    with CaptureQueriesContext(connection) as warm:
        response = superuser_client.get(url)
    assert response.status_code == 200
    # The generation snapshot and the visibility check; the client's actor is cached.
    assert len(warm) == 2, [q["sql"] for q in warm.captured_queries]
    assert warm.captured_queries[-1]["sql"].startswith("SELECT 1 FROM ")


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_cached_representation_and_etag_are_those_of_a_fresh_render(
    superuser_client, catalogus, resource
):
    url = f"{BASE}/{resource}/{objects_of(catalogus)[resource].uuid}"
    cache.clear()
    fresh = superuser_client.get(url)
    cached = superuser_client.get(url)
    assert fresh.status_code == cached.status_code == 200
    assert fresh.json() == cached.json()
    assert fresh.json()["url"] == url
    assert fresh["ETag"] == cached["ETag"]
    assert superuser_client.get(url, HTTP_IF_NONE_MATCH=fresh["ETag"]).status_code == 304
    cache.clear()
    assert superuser_client.get(url, HTTP_IF_NONE_MATCH=fresh["ETag"]).status_code == 304


@pytest.mark.parametrize("resource", RESOURCES)
def test_another_gemeentes_object_is_403_and_an_unknown_one_404(tenant, other_catalogus, resource):
    own = register_client("eigen", autorisaties=LEZEN, gemeenten=[tenant])
    without = register_client("zonder-gemeente", autorisaties=LEZEN)
    url = f"{BASE}/{resource}/{objects_of(other_catalogus)[resource].uuid}"
    # Cached by a client that may see it first: the cache never decides who may read.
    assert register_client("alles", alle=True).get(url).status_code == 200
    for client in (own, without):
        response = client.get(url)
        assert response.status_code == 403, response.content
        unknown = client.get(f"{BASE}/{resource}/{uuid.uuid4()}")
        assert unknown.status_code == 404, unknown.content


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_visibility_check_agrees_with_the_selectors(
    tenant, other_tenant, catalogus, other_catalogus, resource
):
    rows = [objects_of(catalogus)[resource], objects_of(other_catalogus)[resource]]
    keys = [row.uuid for row in rows] + [uuid.uuid4()]
    for tenant_ids in (
        None,
        frozenset(),
        frozenset({tenant.pk}),
        frozenset({other_tenant.pk}),
        frozenset({tenant.pk, other_tenant.pk}),
    ):
        actor = Actor(
            client_id="test",
            applicatie_uuid=None,
            applicatie_label="",
            heeft_alle_autorisaties=False,
            catalogi_tenant_ids=tenant_ids,
        )
        for key in keys:
            expected = refs.queryset(resource, actor).filter(uuid=key).exists()
            assert _visible(resource, actor, key) is expected, (tenant_ids, key)
            assert _visible(resource, actor, str(key)) is expected, (tenant_ids, key)


def test_a_change_renders_again_with_its_relations(superuser_client, catalogus):
    objects = objects_of(catalogus)
    url = f"{BASE}/besluittypen/{objects['besluittypen'].uuid}"
    before = superuser_client.get(url).json()
    assert before["informatieobjecttypeOmschrijvingen"] == ["Brief"]
    response = superuser_client.patch(url, {"informatieobjecttypen": [], "toelichting": "Nieuw"})
    assert response.status_code == 200, response.content
    after = superuser_client.get(url).json()
    assert after["toelichting"] == "Nieuw"
    assert after["informatieobjecttypeOmschrijvingen"] == []
