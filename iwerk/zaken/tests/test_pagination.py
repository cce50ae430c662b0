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


def _page_sql(client, params: dict) -> tuple[list[str], str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        urls = [
            z["url"] for z in client.get("/zaken/api/v1/zaken", params, **CRS).json()["results"]
        ]
    page = [
        q["sql"]
        for q in queries.captured_queries
        if "LIMIT" in q["sql"] and "zaken_zaak" in q["sql"]
    ]
    return urls, page[-1]


def test_a_small_result_ending_in_the_past_is_sorted_not_walked_along_the_primary_key(
    superuser_client, catalogus, settings, monkeypatch
):
    # A date filter that ends in the past picks old zaken, whose ids are low: walking the primary
    # key backwards until a page is full passes every newer zaak first (230-380 ms at 1,000,000
    # zaken). A result of at most SMALL_RESULT rows is sorted instead, in the same order; a large
    # one still walks, and so does a filter open towards today (its zaken are the newest).
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    for day in range(1, 9):
        superuser_client.post(
            "/zaken/api/v1/zaken", zaak_body(zt, startdatum=f"2026-03-{day:02d}"), **CRS
        )
    settings.IWERK_PAGE_SIZE = 3
    params = {"startdatum__lt": "2026-03-07", "page": 2}
    sorted_urls, sorted_sql = _page_sql(superuser_client, params)
    assert '"id" + 0) DESC' in sorted_sql.replace("zaken_zaak.", "").replace('"zaken_zaak".', "")

    monkeypatch.setattr(responses, "SMALL_RESULT", 5)  # 6 zaken match: now a large result
    walked_urls, walked_sql = _page_sql(superuser_client, params)
    assert "+ 0" not in walked_sql
    assert sorted_urls == walked_urls and len(sorted_urls) == 3

    monkeypatch.setattr(responses, "SMALL_RESULT", 50_000)
    _, recent_sql = _page_sql(superuser_client, {"startdatum__gte": "2026-03-02", "page": 2})
    assert "+ 0" not in recent_sql
    zoek_sql = _zoek_sql(superuser_client, {"startdatum__lte": "2026-03-06"})
    assert "+ 0" in zoek_sql


def _zoek_sql(client, body: dict) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.post("/zaken/api/v1/zaken/_zoek", body, **CRS)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == 3
    page = [
        q["sql"]
        for q in queries.captured_queries
        if "LIMIT" in q["sql"] and "zaken_zaak" in q["sql"]
    ]
    return page[-1]
