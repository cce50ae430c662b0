"""One zaak by its uuid (read, update, delete; issue 25): one query written once per connection,
the autorisaties checked on the row by the rule visible_q writes in SQL, and the zaak's create
writing its audit record and search text without compiling an ORM statement."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler, SQLInsertCompiler
from django.test.utils import CaptureQueriesContext

from iwerk.core import auditketen
from iwerk.core.api.actor import Actor, Grant
from iwerk.core.api.references import ApiUrls
from iwerk.core.models import AuditTrail
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.zaken import selectors
from iwerk.zaken.api import output as out
from iwerk.zaken.models import Zaak, ZaakZoektekst
from iwerk.zaken.tests.test_api import CRS, zaak_body
from iwerk.zaken.tests.test_isolation import _zaaktype

pytestmark = pytest.mark.django_db
Z = "/zaken/api/v1/zaken"
ZTC = "http://testserver/catalogi/api/v1"
AANDUIDINGEN = ("openbaar", "intern", "vertrouwelijk", "geheim", "zeer_geheim")


def _zaak(zaaktype, vertrouwelijkheid: str, nummer: int) -> Zaak:
    return Zaak.objects.create(
        tenant_id=zaaktype.tenant_id,
        zaaktype=zaaktype,
        identificatie=f"ZAAK-TEST-{nummer}",
        bronorganisatie="001902763",
        verantwoordelijke_organisatie="001902763",
        registratiedatum=date(2026, 3, 2),
        startdatum=date(2026, 3, 2),
        vertrouwelijkheidaanduiding=vertrouwelijkheid,
    )


def test_visible_is_the_rule_visible_q_writes_in_sql(catalogus, other_catalogus):
    """For every kind of grant (type, catalogus, both on one type, with and without a maximum,
    another scope, another component) the zaken `visible` admits are exactly those
    zaken(actor, scope) selects."""
    wmo = build.zaaktype(catalogus, identificatie="WMO")
    jeugd = build.zaaktype(catalogus, identificatie="JEUGD")
    raalte = build.zaaktype(other_catalogus, identificatie="WMO")
    zaken = [
        _zaak(zaaktype, aanduiding, nummer)
        for nummer, (zaaktype, aanduiding) in enumerate(
            itertools.product((wmo, jeugd, raalte), AANDUIDINGEN)
        )
    ]
    lezen = frozenset({"zaken.lezen"})
    grants = [
        Grant("zrc", lezen, type_id=wmo.pk, max_vertrouwelijkheid="intern"),
        Grant("zrc", lezen, type_id=wmo.pk, max_vertrouwelijkheid="geheim"),
        Grant("zrc", lezen, type_id=jeugd.pk, max_vertrouwelijkheid=None),
        Grant("zrc", lezen, catalogus_id=catalogus.pk, max_vertrouwelijkheid="openbaar"),
        Grant("zrc", lezen, catalogus_id=other_catalogus.pk, max_vertrouwelijkheid="geheim"),
        Grant("zrc", frozenset({"zaken.bijwerken"}), type_id=raalte.pk),
        Grant("drc", lezen, type_id=raalte.pk),
        Grant("zrc", lezen, type_url="https://elders.example.nl/zaaktypen/1"),
    ]
    actors = [
        Actor("alles", None, "alles", heeft_alle_autorisaties=True),
        Actor("niets", None, "niets", heeft_alle_autorisaties=False),
        *(
            Actor(f"c{n}", None, "c", heeft_alle_autorisaties=False, grants=tuple(combinatie))
            for n, combinatie in enumerate(
                c for size in (1, 2, 3) for c in itertools.combinations(grants, size)
            )
        ),
    ]
    catalogi = {wmo.pk: catalogus.pk, jeugd.pk: catalogus.pk, raalte.pk: other_catalogus.pk}
    for actor, scope in itertools.product(actors, ("zaken.lezen", "zaken.bijwerken")):
        in_sql = set(selectors.zaken(actor, scope).values_list("pk", flat=True))
        on_row = {
            z.pk for z in zaken if selectors.visible(actor, scope, z, catalogi[z.zaaktype_id])
        }
        assert on_row == in_sql, (actor.grants, scope)


def _client(zaaktype, maximum: str = "zaakvertrouwelijk"):
    return register_client(
        "wmo-lezer",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen"],
                "zaaktype": f"{ZTC}/zaaktypen/{zaaktype.uuid}",
                "max_vertrouwelijkheidaanduiding": maximum,
            }
        ],
    )


def _compiled(monkeypatch) -> list:
    """The models of every query the ORM compiles from now on."""
    models: list = []
    for compiler in (SQLCompiler, SQLInsertCompiler):
        original = compiler.as_sql

        def as_sql(self, *args, _original=original, **kwargs):
            models.append(self.query.model)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(compiler, "as_sql", as_sql)
    return models


def test_a_zaak_reads_as_the_orm_query_loaded_it_without_compiling_one(
    superuser_client, catalogus, monkeypatch
):
    zt = _zaaktype(catalogus, "WMO")
    hoofdzaak = superuser_client.post(Z, zaak_body(zt), **CRS).json()
    body = zaak_body(
        zt,
        hoofdzaak=hoofdzaak["url"],
        laatsteBetaaldatum="2026-03-04T10:15:00+01:00",
        betalingsindicatie="gedeeltelijk",
        zaakgeometrie={"type": "Point", "coordinates": [6.16, 52.25]},
        kenmerken=[{"kenmerk": "K-1", "bron": "balie"}],
        verlenging={"reden": "Advies", "duur": "P14D"},
        opschorting={"indicatie": True, "reden": "Wacht op stukken"},
        vertrouwelijkheidaanduiding="vertrouwelijk",
    )
    created = superuser_client.post(Z, body, **CRS)
    assert created.status_code == 201, created.content
    zaak = Zaak.objects.get(uuid=created.json()["uuid"])
    superuser_client.get(created.json()["url"], **CRS)  # warm: the plan, the actor
    models = _compiled(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(created.json()["url"], **CRS)
    assert response.status_code == 200
    assert Zaak not in models, models  # the zaak's query was written once, not compiled
    # Four statements as before: generations, the zaak, its relations, the inzage row.
    assert len(queries) == 4, [q["sql"][:60] for q in queries.captured_queries]
    monkeypatch.undo()
    # Exactly what the ORM query with the visibility filter loads, rendered the same way.
    everything = Actor("alles", None, "alles", heeft_alle_autorisaties=True)
    loaded = selectors.zaken(everything).get(pk=zaak.pk)
    context = out.ZakenContext(
        ApiUrls("http://testserver"), relations=selectors.zaak_relations([zaak.pk])
    )
    assert response.json() == out.zaak_json(loaded, context)
    assert response.json()["hoofdzaak"] == hoofdzaak["url"]
    assert response.json()["laatsteBetaaldatum"].startswith("2026-03-04T")


@pytest.mark.parametrize(("aanduiding", "status"), [("intern", 200), ("geheim", 403), (None, 404)])
def test_a_refused_or_missing_zaak_costs_one_query(catalogus, aanduiding, status):
    """403 above the client's maximum, 404 for no zaak: from the one row query (the ORM path
    asked a second time whether the zaak exists)."""
    zt = _zaaktype(catalogus, "WMO")
    client = _client(zt)
    other = build.zaaktype(catalogus, identificatie="ANDER")
    _zaak(other, "openbaar", 99)  # another zaaktype: not granted at all
    target = f"{Z}/{'00000000-0000-4000-8000-000000000000'}"
    if aanduiding:
        target = f"{Z}/{_zaak(zt, aanduiding, 1).uuid}"
    client.get(f"{Z}/{Zaak.objects.get(identificatie='ZAAK-TEST-99').uuid}", **CRS)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(target, **CRS)
    assert response.status_code == status, response.content
    zaak_queries = [q for q in queries.captured_queries if '"zaken_zaak"."uuid" =' in q["sql"]]
    assert len(zaak_queries) == 1, [q["sql"][:80] for q in queries.captured_queries]
    assert (
        client.get(f"{Z}/{Zaak.objects.get(identificatie='ZAAK-TEST-99').uuid}", **CRS).status_code
        == 403
    )


def test_a_zaak_create_writes_its_audit_record_and_search_text_without_compiling_them(
    superuser_client, catalogus, monkeypatch
):
    zt = _zaaktype(catalogus, "WMO")
    superuser_client.post(Z, zaak_body(zt), **CRS)  # warm
    models = _compiled(monkeypatch)
    response = superuser_client.post(Z, zaak_body(zt, toelichting="Woning Brink"), **CRS)
    assert response.status_code == 201, response.content
    assert not {Zaak, AuditTrail, ZaakZoektekst} & set(models), models
    monkeypatch.undo()
    zaak = Zaak.objects.get(uuid=response.json()["uuid"])
    assert ZaakZoektekst.objects.get(zaak=zaak).tekst.endswith("Aanvraag rolstoel Woning Brink")
    record = AuditTrail.objects.get(hoofd_object_uuid=zaak.uuid)
    assert record.aanmaakdatum is not None and record.schakel is None
    assert record.resource_url == f"{Z}/{zaak.uuid}" and record.resultaat == 201
    # The writer's seal covers the row as stored: nothing was written differently.
    assert auditketen._zegelfout(record, auditketen.sleutels().alle) is None
    auditketen.verzegelen()
    assert auditketen.verifieren()[1] == []
