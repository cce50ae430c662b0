"""Autorisaties API 1.1.0: conformance, the ac-rules and actor caching."""

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.core.testing.conformance import ConformanceRecorder

pytestmark = pytest.mark.django_db
BASE = "http://testserver/autorisaties/api/v1"
ZTC = "http://testserver/catalogi/api/v1"


def applicatie_body(client_ids, zaaktype_url, **overrides):
    body = {
        "clientIds": client_ids,
        "label": "Zaaksysteem Wmo",
        "heeftAlleAutorisaties": False,
        "autorisaties": [
            {
                "component": "zrc",
                "scopes": ["zaken.lezen", "zaken.aanmaken"],
                "zaaktype": zaaktype_url,
                "maxVertrouwelijkheidaanduiding": "vertrouwelijk",
            },
            {"component": "ztc", "scopes": ["catalogi.lezen"]},
        ],
    }
    body.update(overrides)
    return body


@pytest.mark.conformance
def test_autorisaties_api_conforms_to_spec(superuser_client, catalogus):
    zaaktype = build.zaaktype(catalogus)
    zt_url = f"{ZTC}/zaaktypen/{zaaktype.uuid}"
    api = ConformanceRecorder(superuser_client, "iwerk.autorisaties", "/autorisaties/api/v1")

    response = api.post(f"{BASE}/applicaties", applicatie_body(["wmo-app"], zt_url))
    assert response.status_code == 201, response.content
    url = response.json()["url"]
    assert api.get(f"{BASE}/applicaties").json()["count"] == 2  # this one and the superuser's own
    assert api.get(f"{BASE}/applicaties", {"clientIds": "wmo-app"}).json()["count"] == 1
    assert api.get(f"{BASE}/applicaties/consumer", {"clientId": "wmo-app"}).json()["url"] == url
    assert api.get(f"{BASE}/applicaties/consumer", {"clientId": "niemand"}).status_code == 404
    current = api.get(url).json()
    assert api.put(url, {**current, "label": "Wmo-zaaksysteem"}).status_code == 200
    assert api.patch(url, {"clientIds": ["wmo-app", "wmo-app-2"]}).json()["clientIds"] == [
        "wmo-app",
        "wmo-app-2",
    ]
    assert api.post(f"{BASE}/applicaties", {"clientIds": ["x"]}).status_code == 400
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404

    assert api.server_errors == []
    assert api.violations == [], "\n".join(api.violations)
    assert api.missing_operations() == set()


def test_ac_001_client_id_unique_across_applicaties(superuser_client, catalogus):
    zt_url = f"{ZTC}/zaaktypen/{build.zaaktype(catalogus).uuid}"
    assert (
        superuser_client.post(
            f"{BASE}/applicaties", applicatie_body(["dubbel"], zt_url)
        ).status_code
        == 201
    )
    response = superuser_client.post(f"{BASE}/applicaties", applicatie_body(["dubbel"], zt_url))
    assert response.status_code == 400
    assert response.json()["invalidParams"][0] == {
        "name": "clientIds",
        "code": "clientId-exists",
        "reason": "De client_id 'dubbel' is al in gebruik bij een andere applicatie.",
    }


def test_ac_002_exactly_one_of_all_or_autorisaties(superuser_client, catalogus):
    zt_url = f"{ZTC}/zaaktypen/{build.zaaktype(catalogus).uuid}"
    both = superuser_client.post(
        f"{BASE}/applicaties", applicatie_body(["a"], zt_url, heeftAlleAutorisaties=True)
    )
    assert both.json()["invalidParams"][0]["code"] == "ambiguous-authorizations-specified"
    neither = superuser_client.post(
        f"{BASE}/applicaties", applicatie_body(["b"], zt_url, autorisaties=[])
    )
    assert neither.json()["invalidParams"][0]["code"] == "missing-authorizations"


def test_ac_003_required_fields_per_component_with_main_resource_scopes(superuser_client):
    body = {
        "clientIds": ["c"],
        "label": "x",
        "autorisaties": [
            {"component": "zrc", "scopes": ["zaken.lezen"]},
            {
                "component": "drc",
                "scopes": ["documenten.lezen"],
                "informatieobjecttype": f"{ZTC}/informatieobjecttypen/x",
            },
            {"component": "brc", "scopes": ["besluiten.lezen"]},
        ],
    }
    params = {
        p["name"]: p["code"]
        for p in superuser_client.post(f"{BASE}/applicaties", body).json()["invalidParams"]
    }
    assert params == {
        "autorisaties.0.zaaktype": "required",
        "autorisaties.0.maxVertrouwelijkheidaanduiding": "required",
        "autorisaties.1.maxVertrouwelijkheidaanduiding": "required",
        "autorisaties.2.besluittype": "required",
    }


def test_changes_take_effect_on_the_next_request(superuser_client, catalogus):
    """AC F5: no stale cache after an applicatie loses its autorisaties."""
    reader = register_client(
        "lezer",
        autorisaties=[{"component": "ztc", "scopes": ["catalogi.lezen"]}],
        gemeenten=[catalogus.tenant],
    )
    assert reader.get(f"{ZTC}/zaaktypen").status_code == 200
    applicatie = superuser_client.get(f"{BASE}/applicaties/consumer", {"clientId": "lezer"}).json()
    superuser_client.patch(
        applicatie["url"],
        {"autorisaties": [{"component": "nrc", "scopes": ["notificaties.consumeren"]}]},
    )
    assert reader.get(f"{ZTC}/zaaktypen").status_code == 403


def test_tenant_limited_client_cannot_grant_all_or_foreign_types(tenant, other_catalogus):
    beheerder = register_client(
        "beheer-deventer",
        gemeenten=[tenant],
        autorisaties=[
            {"component": "ac", "scopes": ["autorisaties.lezen", "autorisaties.bijwerken"]}
        ],
    )
    foreign = f"{ZTC}/zaaktypen/{build.zaaktype(other_catalogus).uuid}"
    response = beheerder.post(f"{BASE}/applicaties", applicatie_body(["x"], foreign))
    assert response.status_code == 403
    response = beheerder.post(
        f"{BASE}/applicaties", {"clientIds": ["y"], "label": "y", "heeftAlleAutorisaties": True}
    )
    assert response.status_code == 403


def test_actor_resolution_is_cached_per_generation(superuser_client, django_assert_max_num_queries):
    superuser_client.get(f"{ZTC}/catalogussen")  # warm the cache
    with django_assert_max_num_queries(3):  # generation + count + page
        assert superuser_client.get(f"{ZTC}/catalogussen").status_code == 200


def test_resolved_actor_binds_type_urls_to_local_types(tenant, other_catalogus):
    from iwerk.autorisaties.selectors import resolve_actor

    zaaktype = build.zaaktype(other_catalogus)
    register_client(
        "wmo",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen"],
                "zaaktype": f"{ZTC}/zaaktypen/{zaaktype.uuid}",
                "max_vertrouwelijkheidaanduiding": "intern",
            }
        ],
        gemeenten=[tenant],
    )
    _, actor = resolve_actor("wmo")
    (grant,) = actor.grants
    assert (grant.type_id, grant.max_vertrouwelijkheid) == (zaaktype.pk, "intern")
    assert actor.catalogi_tenant_ids == {tenant.pk, other_catalogus.tenant_id}
    assert resolve_actor("niemand") is None
