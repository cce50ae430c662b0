"""Every list endpoint of the Zaken and Documenten APIs costs a fixed, pinned number of queries,
the same for 2 objects as for 6 (no N+1), with and without `expand`."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.testing import catalogus as build
from iwerk.zaken.tests.test_isolation import _dossier, _zaaktype

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]

# (path, params, queries for one page in a steady state: actor and count caches warm)
LISTS = [
    ("/zaken/api/v1/zaken", {}, 3),
    ("/zaken/api/v1/zaken", {"expand": "zaaktype,status.statustype,rollen,resultaat"}, 10),
    ("/zaken/api/v1/statussen", {"expand": "statustype,zaak"}, 7),
    ("/zaken/api/v1/resultaten", {"expand": "resultaattype"}, 3),
    ("/zaken/api/v1/rollen", {"expand": "roltype"}, 3),
    ("/zaken/api/v1/zaakobjecten", {}, 2),
    ("/zaken/api/v1/klantcontacten", {}, 3),
    ("/zaken/api/v1/zaakcontactmomenten", {}, 2),
    ("/zaken/api/v1/zaakverzoeken", {}, 2),
    ("/zaken/api/v1/zaaknotities", {}, 3),
    ("/zaken/api/v1/zaakinformatieobjecten", {"expand": "informatieobject,zaak"}, 5),
    ("/documenten/api/v1/enkelvoudiginformatieobjecten", {"expand": "informatieobjecttype"}, 3),
    ("/documenten/api/v1/objectinformatieobjecten", {"expand": "informatieobject"}, 3),
    ("/documenten/api/v1/gebruiksrechten", {}, 2),
    ("/documenten/api/v1/verzendingen", {}, 3),
]
CRS = {"HTTP_ACCEPT_CRS": "EPSG:4326"}
EXPECTED = {f"{path}?{params}": queries for path, params, queries in LISTS}


def _counts(client) -> dict[str, int]:
    counts = {}
    for path, params, _ in LISTS:
        cache.clear()
        client.get(path, params, **CRS)  # warm the actor and count caches as a steady state would
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, params, **CRS)
        assert response.status_code == 200, (path, response.content[:300])
        body = response.json()
        assert body["results"] if isinstance(body, dict) else body, path  # never an empty page
        counts[f"{path}?{params}"] = len(queries)
    return counts


def test_list_query_counts_are_flat(superuser_client, catalogus):
    zt = _zaaktype(catalogus, "WMO")
    iot = build.informatieobjecttype(catalogus, "Aanvraag")

    def grow(n):
        for _ in range(n):
            urls = _dossier(superuser_client, zt, iot, "intern", "001902763")
            document = superuser_client.get(urls["zaakinformatieobjecten"]).json()[
                "informatieobject"
            ]
            superuser_client.post(
                "/documenten/api/v1/gebruiksrechten",
                {
                    "informatieobject": document,
                    "startdatum": "2026-11-01T00:00:00+01:00",
                    "omschrijvingVoorwaarden": "Openbaar",
                },
            )
            superuser_client.post(
                "/documenten/api/v1/verzendingen",
                {
                    "informatieobject": document,
                    "betrokkene": "https://klantinteracties.example.nl/api/v1/partijen/1",
                    "aardRelatie": "geadresseerde",
                    "contactPersoon": "https://klantinteracties.example.nl/api/v1/partijen/2",
                    "mijnOverheid": True,
                },
            )

    grow(2)
    small = _counts(superuser_client)
    grow(4)
    large = _counts(superuser_client)
    assert small == EXPECTED
    assert large == EXPECTED
