"""Random and mutated input on every Catalogi and Autorisaties write: never a 5xx, always Problem JSON."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iwerk.catalogi.tests.test_api_zaaktypen import zaaktype_body
from iwerk.core.testing import catalogus as build

pytestmark = pytest.mark.django_db
BASE = "http://testserver/catalogi/api/v1"

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_clean(response):
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


@FUZZ
@given(
    field=st.sampled_from(sorted(zaaktype_body(type("C", (), {"uuid": "x"})()).keys())),
    value=json_values,
)
def test_mutated_zaaktype_bodies_never_crash(superuser_client, catalogus, field, value):
    body = zaaktype_body(catalogus, **{field: value})
    assert_clean(superuser_client.post(f"{BASE}/zaaktypen", body))


@FUZZ
@given(
    resource=st.sampled_from(
        [
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
    ),
    body=json_values,
)
def test_random_bodies_on_every_create_never_crash(superuser_client, catalogus, resource, body):
    assert_clean(superuser_client.post(f"{BASE}/{resource}", body))


@FUZZ
@given(body=json_values)
def test_random_patch_never_crashes(superuser_client, catalogus, body):
    zaaktype = build.zaaktype(catalogus, concept=True, identificatie="FUZZ")
    assert_clean(superuser_client.patch(f"{BASE}/zaaktypen/{zaaktype.uuid}", body))


@FUZZ
@given(
    resource=st.sampled_from(
        ["zaaktypen", "besluittypen", "statustypen", "resultaattypen", "catalogussen"]
    ),
    params=st.dictionaries(
        st.sampled_from(
            [
                "status",
                "catalogus",
                "datumGeldigheid",
                "page",
                "expand",
                "zaaktype",
                "identificatie",
                "trefwoorden",
                "rsin__in",
                "x",
            ]
        ),
        st.text(max_size=40),
        max_size=3,
    ),
)
def test_random_query_parameters_never_crash(superuser_client, catalogus, resource, params):
    assert_clean(superuser_client.get(f"{BASE}/{resource}", params))


@FUZZ
@given(body=json_values)
def test_random_applicatie_bodies_never_crash(superuser_client, body):
    assert_clean(superuser_client.post("http://testserver/autorisaties/api/v1/applicaties", body))
