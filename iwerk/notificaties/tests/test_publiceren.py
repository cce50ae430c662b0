"""POST /notificaties: only about what the publisher may see, heard only by who may read it (ADR 0028)."""

from __future__ import annotations

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal, Levering, Notificatie
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db
N = "/notificaties/api/v1/notificaties"
Z = "http://testserver/zaken/api/v1"
ZTC = "http://testserver/catalogi/api/v1"
PUBLICEREN = {"component": "nrc", "scopes": ["notificaties.publiceren"]}


def _released(catalogus, identificatie):
    zt = build.complete_zaaktype(catalogus, identificatie=identificatie)
    zt.concept = False
    zt.save()
    return zt


@pytest.fixture
def world(superuser_client, catalogus, other_catalogus, tenant):
    """A Deventer and a Raalte zaak, a Deventer-only publisher and a reader of each gemeente."""
    deventer_type = _released(catalogus, "DEVENTER")
    raalte_type = _released(other_catalogus, "RAALTE")

    def reads(zt, maximum="zaakvertrouwelijk"):
        return {
            "component": "zrc",
            "scopes": ["zaken.lezen"],
            "zaaktype": f"{ZTC}/zaaktypen/{zt.uuid}",
            "max_vertrouwelijkheidaanduiding": maximum,
        }

    publisher = register_client(
        "deventer-publisher", autorisaties=[PUBLICEREN, reads(deventer_type)], gemeenten=[tenant]
    )

    def subscriber(client_id, autorisatie) -> Abonnement:
        register_client(client_id, autorisaties=[autorisatie])
        abonnement = Abonnement.objects.create(
            callback_url="http://127.0.0.1:9/x", auth="x", client_id=client_id
        )
        AbonnementKanaal.objects.create(
            abonnement=abonnement, kanaal=Kanaal.objects.get(naam="zaken")
        )
        return abonnement

    deventer_zaak = superuser_client.post(f"{Z}/zaken", zaak_body(deventer_type), **CRS).json()
    raalte_zaak = superuser_client.post(
        f"{Z}/zaken",
        zaak_body(
            raalte_type, bronorganisatie="001654937", verantwoordelijkeOrganisatie="001654937"
        ),
        **CRS,
    ).json()
    return {
        "superuser": superuser_client,
        "publisher": publisher,
        "deventer_zaak": deventer_zaak,
        "raalte_zaak": raalte_zaak,
        "deventer_type": deventer_type,
        "deventer": subscriber("deventer-portaal", reads(deventer_type)),
        "deventer_openbaar": subscriber("deventer-openbaar", reads(deventer_type, "openbaar")),
        "raalte": subscriber("raalte-portaal", reads(raalte_type)),
    }


def _message(url, actie="update", resource_url=None, resource="zaak", kenmerken=None):
    return {
        "kanaal": "zaken",
        "hoofdObject": url,
        "resource": resource,
        "resourceUrl": resource_url or url,
        "actie": actie,
        "aanmaakdatum": "2026-11-29T10:00:00+01:00",
        "kenmerken": {"bronorganisatie": "001654937"} if kenmerken is None else kenmerken,
    }


def test_a_forged_destroy_of_another_gemeentes_zaak_is_refused(world):
    raalte_status = _status(world, world["raalte_zaak"])
    before = Notificatie.objects.count(), Levering.objects.count()
    raalte_zaak = world["raalte_zaak"]["url"]
    for actie in ("destroy", "update"):
        response = world["publisher"].post(N, _message(raalte_zaak, actie))
        assert response.status_code == 403, response.content
        assert response["Content-Type"] == "application/problem+json"
    # Not even of its own gemeente's zaak: the register itself announces destroys.
    response = world["publisher"].post(N, _message(world["deventer_zaak"]["url"], "destroy"))
    assert response.status_code == 403
    # Nor about a zaak that never existed, or a part of another zaak.
    missing = f"{Z}/zaken/00000000-0000-4000-8000-000000000000"
    assert world["publisher"].post(N, _message(missing)).status_code == 403
    assert (
        world["publisher"]
        .post(N, _message(world["deventer_zaak"]["url"], "create", raalte_status, "status"))
        .status_code
        == 403
    )
    assert (Notificatie.objects.count(), Levering.objects.count()) == before


def test_a_message_about_a_visible_zaak_reaches_only_its_readers(world):
    Levering.objects.all().delete()
    zaak = world["deventer_zaak"]["url"]
    eigen = {
        "bronorganisatie": "001902763",
        "zaaktype": f"{ZTC}/zaaktypen/{world['deventer_type'].uuid}",
        "vertrouwelijkheidaanduiding": world["deventer_zaak"]["vertrouwelijkheidaanduiding"],
    }
    response = world["publisher"].post(N, _message(zaak, kenmerken=eigen))
    assert response.status_code == 200, response.content
    # The readers are the zaak's: Deventer's portal only (the zaak is zaakvertrouwelijk: not
    # the reader of openbare zaken, nor Raalte's).
    assert list(Levering.objects.values_list("abonnement", flat=True)) == [world["deventer"].pk]
    assert Notificatie.objects.latest("pk").tenant_id == world["deventer_type"].tenant_id
    # A part of the zaak that exists, written by the register: accepted as well.
    status = _status(world, world["deventer_zaak"])
    response = world["publisher"].post(N, _message(zaak, "create", status, "status", eigen))
    assert response.status_code == 200, response.content
    assert (
        world["publisher"].post(N, _message(zaak, "destroy", status, "status", eigen)).status_code
        == 403
    )


def test_kenmerken_must_be_those_of_the_object(world):
    """Subscribers route on kenmerken: a Deventer zaak announced with Raalte's bronorganisatie, a
    Raalte zaaktype or a lower vertrouwelijkheid would reach feeds filtered on those (found by
    trying it as an outsider). Refused, naming each kenmerk; nothing is published."""
    before = Notificatie.objects.count()
    zaak = world["deventer_zaak"]["url"]
    forged = {
        "bronorganisatie": "001654937",
        "zaaktype": f"{ZTC}/zaaktypen/00000000-0000-4000-8000-000000000001",
        "vertrouwelijkheidaanduiding": "openbaar",
    }
    response = world["publisher"].post(N, _message(zaak, kenmerken=forged))
    assert response.status_code == 400, response.content
    assert {(p["name"], p["code"]) for p in response.json()["invalidParams"]} == {
        ("kenmerken.bronorganisatie", "kenmerk-mismatch"),
        ("kenmerken.zaaktype", "kenmerk-mismatch"),
        ("kenmerken.vertrouwelijkheidaanduiding", "kenmerk-mismatch"),
    }
    assert Notificatie.objects.count() == before
    # A kenmerk left out is not a forgery; the right one on another host name is the same URL.
    same = {"zaaktype": f"http://localhost/catalogi/api/v1/zaaktypen/{world['deventer_type'].uuid}"}
    assert world["publisher"].post(N, _message(zaak, kenmerken=same)).status_code == 200


def test_messages_about_other_installations(world, settings, superuser_client):
    evil = "http://evil.example/zaken/api/v1/zaken/1"
    settings.IWERK_ALLOW_EXTERNAL_REGISTERS = False
    for client in (world["publisher"], superuser_client):
        assert client.post(N, _message(evil)).status_code == 403
    # An own host in disguise is still an own host.
    disguised = world["raalte_zaak"]["url"].replace("http://testserver", "http://TESTSERVER.:80")
    assert world["publisher"].post(N, _message(disguised, "destroy")).status_code == 403
    assert not Notificatie.objects.filter(hoofd_object__in=[evil, disguised]).exists()

    settings.IWERK_ALLOW_EXTERNAL_REGISTERS = True
    Levering.objects.all().delete()
    beheer = Abonnement.objects.create(callback_url="http://127.0.0.1:9/b", auth="x")
    AbonnementKanaal.objects.create(abonnement=beheer, kanaal=Kanaal.objects.get(naam="zaken"))
    assert world["publisher"].post(N, _message(evil)).status_code == 200
    # Only applicaties working for every gemeente of the publisher (Deventer), and beheer's own.
    assert set(Levering.objects.values_list("abonnement", flat=True)) == {
        world["deventer"].pk,
        world["deventer_openbaar"].pk,
        beheer.pk,
    }
    nobody = register_client("nergens", autorisaties=[PUBLICEREN])
    assert nobody.post(N, _message(evil)).status_code == 403


def _status(world, zaak: dict) -> str:
    """A status the register itself records for zaak (so its audit trail names it)."""
    from iwerk.zaken.models import Zaak

    row = Zaak.objects.select_related("zaaktype").get(uuid=zaak["url"].rsplit("/", 1)[1])
    statustype = row.zaaktype.statustypen.get(volgnummer=1)
    response = world["superuser"].post(
        f"{Z}/statussen",
        {
            "zaak": zaak["url"],
            "statustype": f"{ZTC}/statustypen/{statustype.uuid}",
            "datumStatusGezet": "2026-03-02T09:00:00+01:00",
        },
    )
    assert response.status_code == 201, response.content
    return response.json()["url"]
