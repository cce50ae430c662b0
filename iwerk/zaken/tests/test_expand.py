"""expand on the Zaken API: any depth, into the Catalogi API, filtered by autorisaties, flat query counts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.zaken.tests.test_api import CRS, ZTC, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


def make_zaak(client, zaaktype):
    zaak = client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    statustype = zaaktype.statustypen.order_by("volgnummer").first()
    client.post(
        f"{BASE}/statussen",
        {
            "zaak": zaak["url"],
            "statustype": f"{ZTC}/statustypen/{statustype.uuid}",
            "datumStatusGezet": "2026-03-02T09:00:00+01:00",
        },
    )
    roltype = zaaktype.roltypen.first()
    client.post(
        f"{BASE}/rollen",
        {
            "zaak": zaak["url"],
            "roltype": f"{ZTC}/roltypen/{roltype.uuid}",
            "betrokkeneType": "medewerker",
            "roltoelichting": "Behandelaar",
            "betrokkeneIdentificatie": {"identificatie": "jdevries"},
        },
    )
    return zaak


def test_expand_zaak_into_catalogi_and_nested(superuser_client, zaaktype):
    api = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    zaak = make_zaak(superuser_client, zaaktype)
    data = api.get(
        zaak["url"], {"expand": "zaaktype,status.statustype,rollen.roltype,resultaat"}, **CRS
    ).json()
    embedded = data["_expand"]
    assert embedded["zaaktype"]["identificatie"] == zaaktype.identificatie
    assert embedded["status"]["_expand"]["statustype"]["volgnummer"] == 1
    assert embedded["rollen"][0]["_expand"]["roltype"]["omschrijvingGeneriek"] == "initiator"
    assert embedded["resultaat"] == {}  # no resultaat yet: EmptyObject
    listed = api.get(f"{BASE}/zaken", {"expand": "zaaktype,status"}, **CRS).json()
    assert listed["results"][0]["_expand"]["status"]["url"] == data["status"]
    assert (
        api.get(f"{BASE}/statussen", {"expand": "zaak,statustype"}).json()["results"][0]["_expand"][
            "zaak"
        ]["url"]
        == zaak["url"]
    )
    assert api.get(f"{BASE}/zaken", {"expand": "bestaatniet"}, **CRS).status_code == 400


def test_expanded_objects_respect_autorisaties(superuser_client, zaaktype, catalogus):
    hoofd = make_zaak(superuser_client, zaaktype)
    geheim_type = build.complete_zaaktype(catalogus, identificatie="GEHEIM")
    geheim_type.concept = False
    geheim_type.save()
    deel = superuser_client.post(
        f"{BASE}/zaken", zaak_body(geheim_type, hoofdzaak=hoofd["url"]), **CRS
    ).json()
    client = register_client(
        "wmo",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen"],
                "zaaktype": f"{ZTC}/zaaktypen/{zaaktype.uuid}",
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            },
            {"component": "ztc", "scopes": ["catalogi.lezen"]},
        ],
        gemeenten=[catalogus.tenant],
    )
    data = client.get(hoofd["url"], {"expand": "deelzaken"}, **CRS).json()
    assert data["deelzaken"] == [deel["url"]]
    assert (
        data["_expand"]["deelzaken"] == []
    )  # the deelzaak's zaaktype is not in this client's autorisaties


def test_expand_query_count_is_flat(superuser_client, zaaktype):
    params = {"expand": "zaaktype,status.statustype,rollen"}
    for _ in range(2):
        make_zaak(superuser_client, zaaktype)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        response = superuser_client.get(f"{BASE}/zaken", params, **CRS)
    assert response.status_code == 200 and response.json()["count"] == 2
    assert all(z["_expand"]["rollen"] for z in response.json()["results"])
    for _ in range(6):
        make_zaak(superuser_client, zaaktype)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert superuser_client.get(f"{BASE}/zaken", params, **CRS).json()["count"] == 8
    assert len(small) == len(large) == 18, [q["sql"] for q in large.captured_queries]
