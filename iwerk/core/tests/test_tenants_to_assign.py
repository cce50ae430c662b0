"""A tenant made for an API client's catalogus (ADR 0025) stays out of the channels until beheer
assigns it: no portaal, no card on the start page, no column in Sturing or the portfolio."""

import pytest
from django.test import Client

from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build

pytestmark = pytest.mark.django_db


@pytest.fixture
def te_wijzen(db):
    build.gemeente("Deventer", "deventer", "001902763")
    return Gemeente.objects.create(
        naam="Nog toe te wijzen: RSIN 000000000",
        slug="nog-toe-te-wijzen-000000000",
        rsin="000000000",
        toegewezen=False,
    )


def test_the_start_page_and_portaal_skip_a_tenant_still_to_assign(te_wijzen):
    client = Client()
    start = client.get("/").content.decode()
    assert "Deventer" in start
    assert te_wijzen.naam not in start
    assert client.get(f"/{te_wijzen.slug}/").status_code == 404
    assert client.get("/deventer/").status_code == 200


def test_the_channels_list_only_assigned_gemeenten(te_wijzen):
    assert list(Gemeente.objects.toegewezen().values_list("slug", flat=True)) == ["deventer"]
    te_wijzen.toegewezen = True
    te_wijzen.save()
    assert Gemeente.objects.toegewezen().count() == 2
