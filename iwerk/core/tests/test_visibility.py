"""Source filtering by zaaktype and maxVertrouwelijkheidaanduiding (the Zaken/Documenten mechanism).

ZaakType rows stand in for register objects here: each has a type (itself), a catalogus and a
vertrouwelijkheidaanduiding, which is all visible_q reads.
"""

import pytest

from iwerk.catalogi.models import ZaakType
from iwerk.core.api.actor import Actor, Grant
from iwerk.core.api.visibility import visible_q
from iwerk.core.testing import catalogus as build

pytestmark = pytest.mark.django_db


def actor(*grants, alle=False):
    return Actor(
        client_id="c",
        applicatie_uuid=None,
        applicatie_label="",
        heeft_alle_autorisaties=alle,
        grants=tuple(grants),
    )


def visible(a, scope="zaken.lezen"):
    q = visible_q(
        a,
        component="zrc",
        scope=scope,
        type_field="pk",
        catalogus_field="catalogus_id",
        vertrouwelijkheid_field="vertrouwelijkheidaanduiding",
    )
    qs = ZaakType.objects.all() if q is None else ZaakType.objects.filter(q)
    return set(qs.values_list("identificatie", flat=True))


@pytest.fixture
def types(catalogus, other_catalogus):
    return {
        "openbaar": build.zaaktype(
            catalogus, identificatie="openbaar", vertrouwelijkheid="openbaar"
        ),
        "geheim": build.zaaktype(catalogus, identificatie="geheim", vertrouwelijkheid="geheim"),
        "raalte": build.zaaktype(
            other_catalogus, identificatie="raalte", vertrouwelijkheid="openbaar"
        ),
    }


def test_above_max_vertrouwelijkheidaanduiding_is_invisible(types):
    grant = Grant(
        "zrc",
        frozenset({"zaken.lezen"}),
        type_id=types["geheim"].pk,
        max_vertrouwelijkheid="vertrouwelijk",
    )
    assert visible(actor(grant)) == set()
    grant = Grant(
        "zrc",
        frozenset({"zaken.lezen"}),
        type_id=types["geheim"].pk,
        max_vertrouwelijkheid="geheim",
    )
    assert visible(actor(grant)) == {"geheim"}


def test_type_of_another_gemeente_is_invisible(types, catalogus):
    grant = Grant(
        "zrc",
        frozenset({"zaken.lezen"}),
        catalogus_id=catalogus.pk,
        max_vertrouwelijkheid="zeer_geheim",
    )
    assert visible(actor(grant)) == {"openbaar", "geheim"}


def test_wrong_scope_sees_nothing(types):
    grant = Grant(
        "zrc",
        frozenset({"zaken.aanmaken"}),
        type_id=types["openbaar"].pk,
        max_vertrouwelijkheid="geheim",
    )
    assert visible(actor(grant)) == set()


def test_highest_maximum_of_several_grants_wins(types):
    low = Grant(
        "zrc",
        frozenset({"zaken.lezen"}),
        type_id=types["geheim"].pk,
        max_vertrouwelijkheid="openbaar",
    )
    high = Grant(
        "zrc",
        frozenset({"zaken.lezen"}),
        type_id=types["geheim"].pk,
        max_vertrouwelijkheid="zeer_geheim",
    )
    assert visible(actor(low, high)) == {"geheim"}
    assert visible(actor(high, low)) == {"geheim"}


def test_all_autorisaties_is_unrestricted(types):
    assert visible(actor(alle=True)) == {"openbaar", "geheim", "raalte"}


def test_external_type_grants_nothing_locally(types):
    grant = Grant(
        "zrc",
        frozenset({"zaken.lezen"}),
        type_url="https://elders.example.nl/zaaktypen/1",
        max_vertrouwelijkheid="geheim",
    )
    assert visible(actor(grant)) == set()
