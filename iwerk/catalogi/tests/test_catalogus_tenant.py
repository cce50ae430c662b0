"""A catalogus may be created for any RSIN (ADR 0025): which tenant it gets, and who sees it."""

import pytest

from iwerk.catalogi.models import Catalogus
from iwerk.catalogi.tests.test_api_zaaktypen import zaaktype_body
from iwerk.core.models import Gemeente
from iwerk.core.testing.api import register_client
from iwerk.core.validators import is_valid_rsin

pytestmark = pytest.mark.django_db
BASE = "http://testserver/catalogi/api/v1"
ZTC = [{"component": "ztc", "scopes": ["catalogi.lezen", "catalogi.schrijven"]}]
DEVENTER, RAALTE, ONBEKEND = "001902763", "001654937", "123456782"


def create(client, rsin: str, domein: str = "ZAKEN"):
    response = client.post(
        f"{BASE}/catalogussen",
        {"domein": domein, "rsin": rsin, "contactpersoonBeheerNaam": "Beheer"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["rsin"] == rsin
    return response.json()


def tenant_of(data: dict) -> Gemeente:
    return (
        Catalogus.objects.select_related("tenant").get(uuid=data["url"].rsplit("/", 1)[-1]).tenant
    )


def assert_works_in(client, data: dict) -> None:
    """The creating client reads the catalogus, lists it and builds a zaaktype in it."""
    assert client.get(data["url"]).status_code == 200
    assert data["url"] in [c["url"] for c in client.get(f"{BASE}/catalogussen").json()["results"]]
    catalogus = Catalogus.objects.get(uuid=data["url"].rsplit("/", 1)[-1])
    response = client.post(f"{BASE}/zaaktypen", zaaktype_body(catalogus))
    assert response.status_code == 201, response.content
    assert client.get(response.json()["url"]).status_code == 200


def assert_hidden_from(client, data: dict) -> None:
    assert client.get(data["url"]).status_code == 403
    assert data["url"] not in [
        c["url"] for c in client.get(f"{BASE}/catalogussen").json()["results"]
    ]


@pytest.fixture
def raalte_client(other_tenant):
    return register_client("raalte-app", autorisaties=ZTC, gemeenten=[other_tenant])


def test_rsin_11_proef_as_the_reference_computes_it():
    assert is_valid_rsin("000000000")  # weighted sum 0: divisible by 11, nothing more asked
    assert is_valid_rsin(DEVENTER) and is_valid_rsin(ONBEKEND)
    assert not is_valid_rsin("123456789")
    assert not is_valid_rsin("12345678")


def test_rsin_000000000_is_accepted_and_a_failing_rsin_refused(tenant_client):
    create(tenant_client, "000000000")
    response = tenant_client.post(
        f"{BASE}/catalogussen",
        {"domein": "ANDER", "rsin": "123456789", "contactpersoonBeheerNaam": "Beheer"},
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["rsin"]


def test_catalogus_for_the_rsin_of_the_clients_gemeente_belongs_to_that_gemeente(
    tenant, tenant_client, raalte_client
):
    data = create(tenant_client, DEVENTER, "NIEUW")
    assert tenant_of(data) == tenant
    assert_works_in(tenant_client, data)
    assert_hidden_from(raalte_client, data)


def test_catalogus_for_an_unknown_rsin_belongs_to_the_clients_only_gemeente(
    tenant, tenant_client, raalte_client
):
    data = create(tenant_client, ONBEKEND)
    assert tenant_of(data) == tenant
    assert_works_in(tenant_client, data)
    assert_hidden_from(raalte_client, data)


def test_catalogus_for_another_gemeentes_rsin_belongs_to_the_clients_own_gemeente(
    tenant, other_tenant, tenant_client, raalte_client
):
    data = create(tenant_client, RAALTE)
    assert tenant_of(data) == tenant
    assert_works_in(tenant_client, data)
    assert_hidden_from(raalte_client, data)


def test_all_gemeenten_client_uses_the_gemeente_that_has_the_rsin(
    other_tenant, superuser_client, tenant_client
):
    data = create(superuser_client, RAALTE)
    assert tenant_of(data) == other_tenant
    assert_hidden_from(tenant_client, data)


def test_all_gemeenten_client_gets_a_tenant_of_its_own_for_an_unknown_rsin(
    tenant, superuser_client, tenant_client
):
    data = create(superuser_client, ONBEKEND)
    pending = tenant_of(data)
    assert pending != tenant
    assert pending.toegewezen is False
    assert pending.rsin == ONBEKEND
    assert "Nog toe te wijzen" in pending.naam
    assert_works_in(superuser_client, data)
    assert_hidden_from(tenant_client, data)
    # A second catalogus for the same RSIN joins that tenant.
    assert tenant_of(create(superuser_client, ONBEKEND, "ANDER")) == pending


def test_client_of_several_gemeenten_uses_the_one_with_the_rsin(
    tenant, other_tenant, raalte_client
):
    both = register_client("beide", autorisaties=ZTC, gemeenten=[tenant, other_tenant])
    data = create(both, RAALTE)
    assert tenant_of(data) == other_tenant
    assert_hidden_from(
        register_client("alleen-deventer", autorisaties=ZTC, gemeenten=[tenant]), data
    )


def test_client_of_several_gemeenten_gets_a_tenant_of_its_own_for_an_unknown_rsin(
    tenant, other_tenant, tenant_client, raalte_client
):
    both = register_client("beide", autorisaties=ZTC, gemeenten=[tenant, other_tenant])
    data = create(both, ONBEKEND)
    assert tenant_of(data).toegewezen is False
    assert_works_in(both, data)
    assert_hidden_from(tenant_client, data)
    assert_hidden_from(raalte_client, data)


def test_client_without_gemeente_gets_a_tenant_of_its_own(tenant, tenant_client):
    """An applicatie registered through the Autorisaties API with only a ztc autorisatie."""
    bare = register_client("zonder-gemeente", autorisaties=ZTC)
    data = create(bare, ONBEKEND)
    assert tenant_of(data).toegewezen is False
    assert_works_in(bare, data)
    assert_hidden_from(tenant_client, data)


def test_client_without_gemeente_may_use_the_rsin_of_a_gemeente_it_does_not_work_for(
    tenant, tenant_client
):
    """Gemeente.rsin is unique: the tenant of its own gets a placeholder RSIN for beheer to fix."""
    bare = register_client("zonder-gemeente", autorisaties=ZTC)
    data = create(bare, DEVENTER, "EIGEN")
    pending = tenant_of(data)
    assert pending != tenant and pending.toegewezen is False
    assert pending.rsin.startswith("X")
    assert_works_in(bare, data)
    assert_hidden_from(tenant_client, data)
    assert tenant_of(create(bare, DEVENTER, "TWEE")) == pending
    # Another such client gets its own tenant, not this one.
    other = register_client("ook-zonder-gemeente", autorisaties=ZTC)
    assert tenant_of(create(other, DEVENTER, "DRIE")) != pending
