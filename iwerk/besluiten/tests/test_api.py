"""Besluiten API 1.1.0: every operation, the brc rules, mirroring into Zaken and Documenten."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core import auditketen
from iwerk.core.models import AuditTrail, Ketenschakel
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.core.testing.documenten import document_body
from iwerk.documenten.models import ObjectInformatieObject
from iwerk.zaken.models import ZaakBesluit
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]
B = "http://testserver/besluiten/api/v1"
Z = "http://testserver/zaken/api/v1"
D = "http://testserver/documenten/api/v1"
C = "http://testserver/catalogi/api/v1"


@pytest.fixture
def besluittype(catalogus):
    build.informatieobjecttype(catalogus, "Besluitbrief")
    return build.besluittype(catalogus, "Toekenning", iots=["Besluitbrief"])


@pytest.fixture
def zaaktype(catalogus, besluittype):
    zt = build.complete_zaaktype(catalogus, besluittype_omschrijvingen=["Toekenning"])
    zt.concept = False
    zt.save()
    return zt


def besluit_body(bt, **extra) -> dict:
    body = {
        "verantwoordelijkeOrganisatie": "001902763",
        "besluittype": f"{C}/besluittypen/{bt.uuid}",
        "datum": "2026-11-20",
        "ingangsdatum": "2026-12-01",
    }
    body.update(extra)
    return body


def _brief(client, catalogus):
    from iwerk.catalogi.models import InformatieObjectType

    iot = InformatieObjectType.objects.get(omschrijving="Besluitbrief")
    return client.post(f"{D}/enkelvoudiginformatieobjecten", document_body(iot)).json()["url"]


@pytest.mark.conformance
def test_b23_e04_e05_e06_every_operation_conforms_and_mirrors(
    superuser_client, besluittype, zaaktype, catalogus
):
    api = ConformanceRecorder(superuser_client, "iwerk.besluiten", "/besluiten/api/v1")
    zrc = ConformanceRecorder(superuser_client, "iwerk.zaken", "/zaken/api/v1")
    zaak = zrc.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS).json()["url"]

    created = api.post(
        f"{B}/besluiten", besluit_body(besluittype, zaak=zaak, vervalreden="tijdelijk")
    )
    assert created.status_code == 201, created.json()
    besluit = created.json()
    assert besluit["identificatie"].startswith("BESLUIT-")
    assert besluit["vervalredenWeergave"] == "Besluit met tijdelijke werking"
    # brc-006: the zaakbesluit exists in the Zaken register, in the same transaction.
    zaakbesluiten = zrc.get(f"{zaak}/besluiten").json()
    assert [zb["besluit"] for zb in zaakbesluiten] == [besluit["url"]]
    assert (
        zrc.get(zaakbesluiten[0]["url"], {"expand": "besluit"}).json()["_expand"]["besluit"]["url"]
        == besluit["url"]
    )
    assert (
        zrc.post(f"{zaak}/besluiten", {"besluit": besluit["url"]}).json()["invalidParams"][0][
            "code"
        ]
        == "unique"
    )
    assert zrc.delete(zaakbesluiten[0]["url"]).status_code == 409
    assert zrc.delete(zaak, **CRS).status_code == 409  # a zaak with besluiten is not deleted

    listed = api.get(f"{B}/besluiten", {"zaak": zaak, "expand": "besluittype,zaak"}).json()
    assert listed["count"] == 1
    assert listed["results"][0]["_expand"]["besluittype"]["omschrijving"] == "Toekenning"
    assert api.get(besluit["url"], {"expand": "zaak"}).status_code == 200
    assert api.head(besluit["url"]).status_code == 200
    assert (
        api.patch(besluit["url"], {"toelichting": "Toegekend"}).json()["toelichting"] == "Toegekend"
    )
    assert api.put(besluit["url"], besluit_body(besluittype, zaak=zaak)).status_code == 200
    moved = api.patch(besluit["url"], {"zaak": ""})
    assert moved.json()["invalidParams"][0]["code"] == "wijzigen-niet-toegelaten"

    brief = _brief(superuser_client, catalogus)
    bio = api.post(
        f"{B}/besluitinformatieobjecten", {"besluit": besluit["url"], "informatieobject": brief}
    )
    assert bio.status_code == 201, bio.json()
    oio = ObjectInformatieObject.objects.get()
    assert (oio.object_type, oio.object) == (
        "besluit",
        besluit["url"].removeprefix("http://testserver"),
    )
    assert (
        api.get(f"{B}/besluitinformatieobjecten", {"besluit": besluit["url"]}).json()[0][
            "informatieobject"
        ]
        == brief
    )
    assert api.get(bio.json()["url"], {"expand": "informatieobject,besluit"}).status_code == 200
    trail = api.get(f"{besluit['url']}/audittrail").json()
    assert [t["resource"] for t in trail] == [
        "besluit",
        "besluit",
        "besluit",
        "besluitinformatieobject",
    ]
    assert api.get(f"{besluit['url']}/audittrail/{trail[0]['uuid']}").status_code == 200
    assert api.delete(bio.json()["url"]).status_code == 204
    assert not ObjectInformatieObject.objects.exists()

    # brc-009: deleting the besluit removes its BIOs (and their mirrors), zaakbesluit and trail.
    api.post(
        f"{B}/besluitinformatieobjecten", {"besluit": besluit["url"], "informatieobject": brief}
    )
    assert api.delete(besluit["url"]).status_code == 204
    assert not ZaakBesluit.objects.exists() and not ObjectInformatieObject.objects.exists()
    assert not AuditTrail.objects.filter(bron="brc").exists()
    assert zrc.delete(zaak, **CRS).status_code == 204
    # Each removal is a link of the audit chain with its approved reason (ADR 0032).
    afvoer = Ketenschakel.objects.filter(tabel="afvoer").values_list("afgevoerd", flat=True)
    assert sorted(afvoer) == ["brc-009", "zrc-023"] and auditketen.verifieren()[1] == []

    assert api.missing_operations() == set()
    assert api.server_errors == [] and zrc.server_errors == []
    assert api.violations == [] and zrc.violations == [], "\n".join(api.violations + zrc.violations)


@pytest.mark.parametrize(
    ("extra", "name", "code"),
    [
        ({"datum": "2099-01-01"}, "datum", "future-not-allowed"),
        ({"vervaldatum": "2026-01-01"}, "vervaldatum", "invalid"),
        (
            {"besluittype": f"{C}/zaaktypen/7c1f9a3e-1111-4a6b-9a34-1d2e3f4a5b6c"},
            "besluittype",
            "invalid-resource",
        ),
        ({"verantwoordelijkeOrganisatie": "123456789"}, "verantwoordelijkeOrganisatie", "invalid"),
    ],
)
def test_bad_input(superuser_client, besluittype, extra, name, code):
    response = superuser_client.post(f"{B}/besluiten", besluit_body(besluittype, **extra))
    assert response.status_code == 400
    assert (name, code) in {(p["name"], p["code"]) for p in response.json()["invalidParams"]}


def test_e01_e03_besluittype_must_be_published_and_belong_to_the_zaaktype(
    superuser_client, catalogus, zaaktype
):
    concept = build.besluittype(catalogus, "Afwijzing", concept=True)
    response = superuser_client.post(f"{B}/besluiten", besluit_body(concept))
    assert response.json()["invalidParams"][0]["code"] == "not-published"
    other = build.besluittype(catalogus, "Subsidie")
    zaak = superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS).json()["url"]
    response = superuser_client.post(f"{B}/besluiten", besluit_body(other, zaak=zaak))
    assert response.json()["invalidParams"][0]["code"] == "zaaktype-mismatch"
    assert not ZaakBesluit.objects.exists()


def test_e02_identificatie_unique_per_organisatie(superuser_client, besluittype):
    body = besluit_body(besluittype, identificatie="B-2026-1")
    assert superuser_client.post(f"{B}/besluiten", body).status_code == 201
    again = superuser_client.post(f"{B}/besluiten", body)
    assert again.json()["invalidParams"][0]["code"] == "identificatie-niet-uniek"
    elsewhere = superuser_client.post(
        f"{B}/besluiten", {**body, "verantwoordelijkeOrganisatie": "001654937"}
    )
    assert elsewhere.status_code == 201


def test_e03_document_type_must_belong_to_besluittype(superuser_client, besluittype, catalogus):
    besluit = superuser_client.post(f"{B}/besluiten", besluit_body(besluittype)).json()["url"]
    other = build.informatieobjecttype(catalogus, "Foto")
    document = superuser_client.post(
        f"{D}/enkelvoudiginformatieobjecten", document_body(other)
    ).json()["url"]
    response = superuser_client.post(
        f"{B}/besluitinformatieobjecten", {"besluit": besluit, "informatieobject": document}
    )
    assert (
        response.json()["invalidParams"][0]["code"]
        == "missing-besluittype-informatieobjecttype-relation"
    )


def test_isolation_by_besluittype(superuser_client, besluittype, other_catalogus):
    other = build.besluittype(other_catalogus, "Toekenning")
    mine = superuser_client.post(f"{B}/besluiten", besluit_body(besluittype)).json()
    theirs = superuser_client.post(
        f"{B}/besluiten", besluit_body(other, verantwoordelijkeOrganisatie="001654937")
    ).json()
    client = register_client(
        "brc-reader",
        autorisaties=[
            {
                "component": "brc",
                "scopes": ["besluiten.lezen"],
                "besluittype": f"{C}/besluittypen/{besluittype.uuid}",
            }
        ],
    )
    listed = client.get("/besluiten/api/v1/besluiten").json()
    assert [b["url"] for b in listed["results"]] == [mine["url"]]
    assert client.get(theirs["url"].removeprefix("http://testserver")).status_code == 403
    assert client.post("/besluiten/api/v1/besluiten", besluit_body(besluittype)).status_code == 403


def test_list_queries_flat(superuser_client, besluittype):
    for _ in range(2):
        superuser_client.post(f"{B}/besluiten", besluit_body(besluittype))
    cache.clear()
    superuser_client.get("/besluiten/api/v1/besluiten")
    with CaptureQueriesContext(connection) as small:
        superuser_client.get("/besluiten/api/v1/besluiten", {"expand": "besluittype"})
    for _ in range(10):
        superuser_client.post(f"{B}/besluiten", besluit_body(besluittype))
    cache.clear()
    superuser_client.get("/besluiten/api/v1/besluiten")
    with CaptureQueriesContext(connection) as large:
        superuser_client.get("/besluiten/api/v1/besluiten", {"expand": "besluittype"})
    assert len(large) == len(small)


def test_besluitinformatieobjecten_list_queries_flat(superuser_client, besluittype, catalogus):
    def grow(n):
        for _ in range(n):
            besluit = superuser_client.post(f"{B}/besluiten", besluit_body(besluittype)).json()[
                "url"
            ]
            superuser_client.post(
                f"{B}/besluitinformatieobjecten",
                {"besluit": besluit, "informatieobject": _brief(superuser_client, catalogus)},
            )

    def count():
        cache.clear()
        superuser_client.get("/besluiten/api/v1/besluitinformatieobjecten")
        with CaptureQueriesContext(connection) as queries:
            rows = superuser_client.get(
                "/besluiten/api/v1/besluitinformatieobjecten",
                {"expand": "informatieobject,besluit"},
            ).json()
        return len(rows), len(queries)

    grow(2)
    rows_small, small = count()
    grow(4)
    rows_large, large = count()
    assert (rows_small, rows_large) == (2, 6) and large == small
