"""Deep pages are fetched keys-first; they must list exactly what the plain OFFSET query lists."""

import pytest

from iwerk.core.api import responses
from iwerk.core.testing import catalogus as build
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db


def test_deferred_join_pages_equal_plain_pages(superuser_client, catalogus, settings, monkeypatch):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    for day in range(1, 13):
        superuser_client.post(
            "/zaken/api/v1/zaken", zaak_body(zt, startdatum=f"2026-03-{day % 4 + 1:02d}"), **CRS
        )
    settings.IWERK_PAGE_SIZE = 5

    def pages(ordering: str) -> list[list[str]]:
        return [
            [
                z["url"]
                for z in superuser_client.get(
                    "/zaken/api/v1/zaken", {"page": n, "ordering": ordering}, **CRS
                ).json()["results"]
            ]
            for n in (1, 2, 3)
        ]

    plain = {o: pages(o) for o in ("-startdatum", "identificatie")}
    monkeypatch.setattr(responses, "DEFERRED_JOIN_FROM", 1)
    deferred = {o: pages(o) for o in ("-startdatum", "identificatie")}
    assert deferred == plain
    assert [len(p) for p in plain["-startdatum"]] == [5, 5, 2]
