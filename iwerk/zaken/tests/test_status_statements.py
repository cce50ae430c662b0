"""A status create is one transaction of a fixed, small number of statements (issue 25: status
create was ten times a zaak create), and every consequence set_status lists still holds: the
huidige statustype, indicatieLaatstGezetteStatus, the audit snapshot (which is also the answer),
the notification, the Sturing queue, the search text, einddatum and archiving on the eindstatus."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core import audit
from iwerk.core.models import AuditTrail
from iwerk.core.testing.api import ApiClient, register_client
from iwerk.notificaties.models import Levering
from iwerk.sturing.models import Bijwerking
from iwerk.zaken.models import Zaak, ZaakZoektekst
from iwerk.zaken.tests.test_api import CRS, zaak_body
from iwerk.zaken.tests.test_create_statements import _shape as _create_shape
from iwerk.zaken.tests.test_create_statements import _subscribe
from iwerk.zaken.tests.test_isolation import _zaaktype

pytestmark = pytest.mark.django_db
Z = "/zaken/api/v1"
ZTC = "http://testserver/catalogi/api/v1"
# A status that neither closes nor reopens the zaak, every statement in order. The actor, the
# statustype and the highest volgnummer of its zaaktype come from caches of the generations.
# No second read of the zaak, no UPDATE of fields that do not change, no read-back for the answer.
NEXT_STATUS = [
    "SELECT core_generatie",  # the generations
    "BEGIN",
    "SELECT zaken_zaak",  # the zaak, once, FOR UPDATE (PostgreSQL)
    "INSERT zaken_status",
    "UPDATE zaken_zaak",  # huidige statustype, when the new status is the most recent
    "INSERT notificaties_notificatie",  # the outbox (core.audit.Change → outbox.on_change)
    "INSERT notificaties_levering",
    # No search text: a status changes nothing it holds (zaken.services.zoektekst._INDEXED).
    "INSERT core_audittrail",
    "UPDATE core_generatie",
    "INSERT sturing_bijwerking",  # StatusGezet → the Sturing queue
    "SELECT portaal_concept",  # StatusGezet → the citizen's mail, when the portaal made the zaak
    "SELECT zaken_rol",  # StatusGezet → berichten: the zaak's initiator (ADR 0053)
    "COMMIT",
]
# The eindstatus: the rules of closing (zrc-007), then the zaak's einddatum and archiving.
EINDSTATUS = [
    *NEXT_STATUS[:3],
    "SELECT zaken_resultaat",
    "SELECT documenten_enkelvoudiginformatieobject",  # gebruiksrecht unknown or locked, one query
    "SELECT zaken_zaak",  # open deelzaken
    # (the besluit dates only for the afleidingswijzen *_besluit: services.brondatum)
    "UPDATE zaken_zaak",  # einddatum and archiving
    *NEXT_STATUS[3:],
]


def _shape(sql: str) -> str:
    """As for a zaak create; 'DELETE FROM "t" …' becomes "DELETE t"."""
    words = sql.replace('"', "").split()
    return f"DELETE {words[2]}" if words[0] == "DELETE" else _create_shape(sql)


def _client(zaaktype) -> ApiClient:
    return register_client(
        "wmo-behandeling",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": [
                    "zaken.lezen",
                    "zaken.aanmaken",
                    "zaken.bijwerken",
                    "zaken.statussen.toevoegen",
                ],
                "zaaktype": f"{ZTC}/zaaktypen/{zaaktype.uuid}",
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            }
        ],
    )


def _status(client: ApiClient, zaak: str, statustype, datum: str, **extra):
    body = {
        "zaak": zaak,
        "statustype": f"{ZTC}/statustypen/{statustype.uuid}",
        "datumStatusGezet": datum,
        **extra,
    }
    return client.post(f"{Z}/statussen", body, **CRS)


def _world(catalogus):
    zt = _zaaktype(catalogus, "WMO")
    client = _client(zt)
    abonnement = _subscribe("http://127.0.0.1:9/zaken", client_id="wmo-behandeling")
    ontvangen, afgehandeld = zt.statustypen.order_by("volgnummer")
    # Warm the caches of this generation as a running process has them.
    warm = client.post(f"{Z}/zaken", zaak_body(zt), **CRS).json()["url"]
    assert _status(client, warm, ontvangen, "2026-03-02T09:00:00+01:00").status_code == 201
    refused = _status(client, warm, afgehandeld, "2026-03-02T10:00:00+01:00")  # no resultaat yet
    assert refused.json()["invalidParams"][0]["code"] == "resultaat-does-not-exist"
    zaak = client.post(f"{Z}/zaken", zaak_body(zt, toelichting="Woning Brink"), **CRS).json()
    return zt, client, abonnement, ontvangen, afgehandeld, zaak


def _check_answer(client: ApiClient, response) -> dict:
    """The answer is the audit snapshot, and both equal what a read shows afterwards."""
    assert response.status_code == 201, response.content
    created = response.json()
    assert response["Location"] == created["url"]
    record = AuditTrail.objects.get(resource_url=created["url"].removeprefix("http://testserver"))
    assert audit.rebase(record.nieuw, "http://testserver") == created
    assert client.get(created["url"], **CRS).json() == created
    return created


@pytest.mark.django_db(transaction=True)
def test_a_next_status_in_its_statements_keeps_every_consequence(catalogus):
    zt, client, abonnement, ontvangen, _, zaak = _world(catalogus)
    with CaptureQueriesContext(connection) as queries:
        response = _status(
            client, zaak["url"], ontvangen, "2026-03-03T09:30:00+01:00", statustoelichting="Binnen"
        )
    statements = [_shape(q["sql"]) for q in queries.captured_queries]
    assert statements == NEXT_STATUS, "\n".join(statements)
    created = _check_answer(client, response)
    assert created["indicatieLaatstGezetteStatus"] is True
    assert created["datumStatusGezet"] == "2026-03-03T08:30:00+00:00"
    assert created["statustoelichting"] == "Binnen" and created["zaakinformatieobjecten"] == []
    row = Zaak.objects.get(uuid=zaak["uuid"])
    assert row.huidige_statustype_id == ontvangen.pk and row.einddatum is None
    assert client.get(zaak["url"], **CRS).json()["status"] == created["url"]
    assert Levering.objects.filter(abonnement=abonnement, hoofd_object=zaak["url"]).count() == 2
    assert Bijwerking.objects.filter(zaak_id=row.pk).exists()
    assert ZaakZoektekst.objects.get(zaak=row).tekst.endswith("Aanvraag rolstoel Woning Brink")


@pytest.mark.django_db(transaction=True)
def test_the_eindstatus_closes_the_zaak_in_its_statements(catalogus):
    zt, client, _, ontvangen, afgehandeld, zaak = _world(catalogus)
    assert _status(client, zaak["url"], ontvangen, "2026-03-02T09:00:00+01:00").status_code == 201
    resultaattype = zt.resultaattypen.get()
    resultaat = client.post(
        f"{Z}/resultaten",
        {"zaak": zaak["url"], "resultaattype": f"{ZTC}/resultaattypen/{resultaattype.uuid}"},
        **CRS,
    )
    assert resultaat.status_code == 201, resultaat.content
    with CaptureQueriesContext(connection) as queries:
        response = _status(client, zaak["url"], afgehandeld, "2026-03-04T23:30:00+01:00")
    statements = [_shape(q["sql"]) for q in queries.captured_queries]
    assert statements == EINDSTATUS, "\n".join(statements)
    created = _check_answer(client, response)
    assert created["indicatieLaatstGezetteStatus"] is True
    shown = client.get(zaak["url"], **CRS).json()
    assert shown["einddatum"] == "2026-03-04"  # the local date, not the UTC one
    assert shown["archiefnominatie"] == "vernietigen"
    assert shown["archiefactiedatum"] == "2036-03-04"
    assert Zaak.objects.get(uuid=zaak["uuid"]).huidige_statustype_id == afgehandeld.pk


def test_a_status_dated_before_the_latest_is_not_the_current_one(catalogus):
    _, client, _, ontvangen, _, zaak = _world(catalogus)
    later = _check_answer(
        client, _status(client, zaak["url"], ontvangen, "2026-03-05T09:00:00+01:00")
    )
    earlier = _check_answer(
        client, _status(client, zaak["url"], ontvangen, "2026-03-04T09:00:00+01:00")
    )
    assert later["indicatieLaatstGezetteStatus"] is True
    assert earlier["indicatieLaatstGezetteStatus"] is False
    assert client.get(later["url"], **CRS).json()["indicatieLaatstGezetteStatus"] is True
    # The same moment as the latest: the newer status (higher id) is the latest, as in a read.
    same = _check_answer(
        client, _status(client, zaak["url"], ontvangen, "2026-03-05T09:00:00+01:00")
    )
    assert same["indicatieLaatstGezetteStatus"] is True
    assert client.get(later["url"], **CRS).json()["indicatieLaatstGezetteStatus"] is False
    assert client.get(zaak["url"], **CRS).json()["status"] == same["url"]


def test_a_zaak_that_does_not_exist_is_named_first(catalogus):
    zt, client, _, ontvangen, _, _ = _world(catalogus)
    missing = f"http://testserver{Z}/zaken/00000000-0000-4000-8000-000000000000"
    for statustype in (ontvangen, zt):  # a statustype, and a URL that is none
        response = client.post(
            f"{Z}/statussen",
            {
                "zaak": missing,
                "statustype": f"{ZTC}/statustypen/{statustype.uuid}",
                "datumStatusGezet": "2026-03-02T09:00:00+01:00",
            },
            **CRS,
        )
        assert response.status_code == 400, response.content
        (param,) = response.json()["invalidParams"]
        assert (param["name"], param["code"]) == ("zaak", "bad-url")


def test_a_client_that_adds_statussen_but_reads_no_zaken_gets_its_answer(catalogus):
    """Before, the answer was read back through zaken.lezen: a 500 after the status committed."""
    zt, _, _, ontvangen, _, zaak = _world(catalogus)
    schrijver = register_client(
        "statusschrijver",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.statussen.toevoegen"],
                "zaaktype": f"{ZTC}/zaaktypen/{zt.uuid}",
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            }
        ],
    )
    response = _status(schrijver, zaak["url"], ontvangen, "2026-03-03T09:00:00+01:00")
    assert response.status_code == 201, response.content
    record = AuditTrail.objects.get(resource="status", hoofd_object_uuid=zaak["uuid"])
    assert audit.rebase(record.nieuw, "http://testserver") == response.json()


@pytest.mark.django_db(transaction=True)
def test_the_search_text_follows_rollen_and_zaakobjecten_but_not_statussen(catalogus):
    """The search text is rewritten for the changes that change it (the zaak, a rol, a
    zaakobject) and left alone for the others: a status holds nothing it indexes."""
    from iwerk.core.api.actor import Actor
    from iwerk.zaken.services import add_rol, delete_rol
    from iwerk.zaken.services.zaakobject import save_zaakobject

    zt, client, _, ontvangen, _, zaak = _world(catalogus)
    row = Zaak.objects.get(uuid=zaak["uuid"])
    actor = Actor(
        client_id="t", applicatie_uuid=None, applicatie_label="t", heeft_alle_autorisaties=True
    )
    roltype = zt.roltypen.first()
    rol = add_rol(
        actor=actor,
        zaak=row,
        roltype=roltype,
        betrokkene_type="natuurlijk_persoon",
        betrokkene_identificatie={"inpBsn": "999990007", "geslachtsnaam": "Zwanenburg"},
    )
    assert "Zwanenburg" in ZaakZoektekst.objects.get(zaak=row).tekst
    save_zaakobject(
        actor=actor,
        zaak=row,
        zaakobjecttype=None,
        fields={
            "object_type": "adres",
            "object_identificatie": {
                "wplWoonplaatsNaam": "Olst",
                "gorOpenbareRuimteNaam": "Eikstraat",
                "huisnummer": 7,
                "identificatie": "x",
            },
        },
    )
    assert "Eikstraat" in ZaakZoektekst.objects.get(zaak=row).tekst
    before = ZaakZoektekst.objects.get(zaak=row)
    assert _status(client, zaak["url"], ontvangen, "2026-03-03T09:30:00+01:00").status_code == 201
    after = ZaakZoektekst.objects.get(zaak=row)
    assert (after.pk, after.tekst) == (before.pk, before.tekst)  # not deleted and inserted again
    delete_rol(actor=actor, rol=rol)
    assert "Zwanenburg" not in ZaakZoektekst.objects.get(zaak=row).tekst
