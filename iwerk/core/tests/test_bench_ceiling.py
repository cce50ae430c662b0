"""The ceiling of bench/ceiling.py answers every operation it stands in for with what iwerk's API
answers for the same objects: the same fields and values, the same visibility, and on a create
the same rows (audit record, notificatie and levering, search text, Sturing queue) with a
writer's seal iwerk's audit chain accepts. Called in-process (WSGI, no server) on the test
database, through the connection Django holds, so it sees and writes in the test's transaction.
"""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest
from django.conf import settings
from django.db import connection

from iwerk.autorisaties import services as autorisaties
from iwerk.core import auditketen
from iwerk.core.models import AuditTrail, Generatie, Inzage
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.api import ApiClient, make_token
from iwerk.notificaties.models import (
    Abonnement,
    AbonnementKanaal,
    Kanaal,
    Levering,
    Notificatie,
)
from iwerk.sturing.models import Bijwerking
from iwerk.zaken.models import ZaakZoektekst

pytestmark = pytest.mark.django_db
BENCH = Path(__file__).resolve().parents[3] / "bench"
SECRET = "plafond-geheim-van-minstens-32-tekens-lang"
CRS = {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}
Z, C = "/zaken/api/v1", "/catalogi/api/v1"


@pytest.fixture
def ceiling(monkeypatch):
    """The ceiling's WSGI application on Django's own connection (so: the test's transaction)."""
    monkeypatch.syspath_prepend(str(BENCH))
    import ceiling as module

    connection.ensure_connection()
    config = module.Config(
        secret_key=settings.SECRET_KEY,
        audit_sleutels=settings.IWERK_AUDIT_SLEUTELS,
        jwt_expiry=settings.IWERK_JWT_EXPIRY,
        jwt_leeway=settings.IWERK_JWT_LEEWAY,
        page_size=settings.IWERK_PAGE_SIZE,
        base_url=settings.IWERK_BASE_URL,
        time_zone=settings.TIME_ZONE,
    )
    sqlite = connection.vendor == "sqlite"
    app = module.Ceiling(
        config, lambda: module.Db(connection.connection, sqlite=sqlite, owns=False)
    )

    def call(method: str, path: str, body: bytes = b"", query: str = "", client_id="plafond"):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_AUTHORIZATION": f"Bearer {make_token(client_id, SECRET)}",
            **CRS,
        }
        answer = {}

        def start_response(status, headers):
            answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

        answer["body"] = b"".join(app(environ, start_response))
        return answer

    return call


@pytest.fixture
def world(tenant, other_tenant, catalogus, other_catalogus):
    """Two zaaktypen of Deventer, one of Raalte, and a client of Deventer up to zaakvertrouwelijk
    (catalogus-level grants, as the demo's clients have)."""
    kap = build.gepubliceerd_zaaktype(catalogus, "KAP", besluittypen=("Vergunning",))
    kap.gerelateerde_zaaktypen = [{"zaaktype": "WMO", "aardRelatie": "vervolg", "toelichting": ""}]
    kap.save()
    wmo = build.gepubliceerd_zaaktype(catalogus, "WMO", deelzaaktype_identificaties=["KAP"])
    elders = build.gepubliceerd_zaaktype(other_catalogus, "KAP")
    autorisaties.register_client(
        client_id="plafond",
        secret=SECRET,
        gemeenten=[tenant],
        max_vertrouwelijkheidaanduiding="zaakvertrouwelijk",
    )
    zaken = [bouw.zaak(kap, omschrijving=f"Eik {n}") for n in range(3)]
    bouw.status(zaken[0], "In behandeling")
    geheim = bouw.zaak(kap, vertrouwelijkheid="geheim")
    return {
        "kap": kap,
        "wmo": wmo,
        "elders": elders,
        "zaken": zaken,
        "geheim": geheim,
        "van_raalte": bouw.zaak(elders),
        "iwerk": ApiClient("plafond", SECRET),
    }


def _json(answer: dict) -> dict:
    assert answer["status"] == 200, answer["body"]
    return orjson.loads(answer["body"])


def test_zaak_reads_and_lists_are_iwerks(ceiling, world):
    iwerk, kap = world["iwerk"], world["kap"]
    zaaktype = f"http://testserver{C}/zaaktypen/{kap.uuid}"
    for zaak in world["zaken"]:
        path = f"{Z}/zaken/{zaak.uuid}"
        assert _json(ceiling("GET", path)) == iwerk.get(path, **CRS).json()
    query = f"bronorganisatie={kap.tenant.rsin}&zaaktype={zaaktype}"
    listed = _json(ceiling("GET", f"{Z}/zaken", query=query))
    assert listed == iwerk.get(f"{Z}/zaken?{query}", **CRS).json()
    # Visibility: the geheim zaak and Raalte's are neither listed nor readable, for either.
    assert listed["count"] == 3
    for hidden in (world["geheim"], world["van_raalte"]):
        path = f"{Z}/zaken/{hidden.uuid}"
        assert ceiling("GET", path)["status"] == iwerk.get(path, **CRS).status_code == 403
    body = {"zaaktype__in": [zaaktype, f"http://testserver{C}/zaaktypen/{world['wmo'].uuid}"]}
    found = ceiling("POST", f"{Z}/zaken/_zoek", orjson.dumps(body))
    assert _json(found) == iwerk.post(f"{Z}/zaken/_zoek", body, **CRS).json()


def test_a_zaak_read_records_a_sealed_inzage(ceiling, world):
    zaak = world["zaken"][1]
    assert ceiling("GET", f"{Z}/zaken/{zaak.uuid}")["status"] == 200
    row = Inzage.objects.get(object_uuid=zaak.uuid)
    assert (row.applicatie_id, row.soort, row.omschrijving) == (
        "plafond",
        "zaak",
        zaak.identificatie,
    )
    assert auditketen._zegelfout(row, auditketen.sleutels().alle) is None


def test_zaaktype_reads_and_lists_are_iwerks(ceiling, world):
    iwerk = world["iwerk"]
    assert _json(ceiling("GET", f"{C}/zaaktypen")) == iwerk.get(f"{C}/zaaktypen").json()
    for zaaktype in (world["kap"], world["wmo"]):
        path = f"{C}/zaaktypen/{zaaktype.uuid}"
        assert _json(ceiling("GET", path)) == iwerk.get(path).json()
    path = f"{C}/zaaktypen/{world['elders'].uuid}"
    assert ceiling("GET", path)["status"] == iwerk.get(path).status_code == 403


def _rows() -> dict[str, int]:
    return {
        "audit": AuditTrail.objects.count(),
        "notificaties": Notificatie.objects.count(),
        "leveringen": Levering.objects.count(),
        "zoektekst": ZaakZoektekst.objects.count(),
        "bijwerkingen": Bijwerking.objects.count(),
        "generatie": Generatie.objects.get(naam="zaken").waarde,
    }


def test_a_create_writes_what_iwerks_create_writes(ceiling, world):
    abonnement = Abonnement.objects.create(callback_url="http://127.0.0.1:9/z", client_id="plafond")
    AbonnementKanaal.objects.create(abonnement=abonnement, kanaal=Kanaal.objects.get(naam="zaken"))
    kap, iwerk = world["kap"], world["iwerk"]
    body = {
        "bronorganisatie": kap.tenant.rsin,
        "verantwoordelijkeOrganisatie": kap.tenant.rsin,
        "zaaktype": f"http://testserver{C}/zaaktypen/{kap.uuid}",
        "startdatum": "2026-03-02",
        "omschrijving": "Kap van een eik",
    }
    before = _rows()
    by_iwerk = iwerk.post(f"{Z}/zaken", body, **CRS)
    assert by_iwerk.status_code == 201, by_iwerk.content
    between = _rows()
    answer = ceiling("POST", f"{Z}/zaken", orjson.dumps(body))
    assert answer["status"] == 201, answer["body"]
    after = _rows()
    assert {k: after[k] - between[k] for k in after} == {k: between[k] - before[k] for k in after}
    assert after["leveringen"] - between["leveringen"] == 1

    created = orjson.loads(answer["body"])
    assert answer["headers"]["Location"] == created["url"]
    assert created.keys() == by_iwerk.json().keys()
    assert created == iwerk.get(created["url"], **CRS).json()  # what iwerk reads back
    number = int(by_iwerk.json()["identificatie"].rsplit("-", 1)[1])
    assert created["identificatie"].endswith(f"-{number + 1:010d}")  # the same series
    record = AuditTrail.objects.get(hoofd_object_uuid=created["uuid"])
    assert auditketen._zegelfout(record, auditketen.sleutels().alle) is None
    assert record.nieuw == orjson.loads(orjson.dumps(created).replace(b"http://testserver", b""))
    ours, theirs = (
        Notificatie.objects.get(resource_url__endswith=key)
        for key in (created["uuid"], by_iwerk.json()["uuid"])
    )
    assert ours.kenmerken == theirs.kenmerken
    assert ours.hoofd_object == f"{settings.IWERK_BASE_URL}{Z}/zaken/{created['uuid']}"


def test_the_api_root_is_iwerks(ceiling, client):
    root = ceiling("GET", f"{Z}/")
    assert root["status"] == 200
    assert orjson.loads(root["body"]) == client.get(f"{Z}/").json()


def test_refusals_are_problem_json(ceiling, world):
    assert ceiling("GET", f"{Z}/zaken", client_id="onbekend")["status"] == 401
    answer = ceiling("POST", f"{Z}/zaken", b'{"startdatum": "2026-03-02"}')
    assert answer["status"] == 400
    assert answer["headers"]["Content-Type"] == "application/problem+json"
