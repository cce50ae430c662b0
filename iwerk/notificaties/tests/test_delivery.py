"""Delivery of the outbox to a real subscriber on loopback: end to end, retries, parking, order, crashes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.receiver import Receiver
from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal, Levering
from iwerk.notificaties.services import delivery
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db
Z = "http://testserver/zaken/api/v1"


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


def _abonnement(url: str, **filters) -> Abonnement:
    abonnement = Abonnement.objects.create(callback_url=url, auth="Bearer abonnee")
    AbonnementKanaal.objects.create(
        abonnement=abonnement, kanaal=Kanaal.objects.get(naam="zaken"), filters=filters
    )
    return abonnement


def _status(client, zaak, zaaktype, volgnummer, moment):
    st = zaaktype.statustypen.get(volgnummer=volgnummer)
    return client.post(
        f"{Z}/statussen",
        {
            "zaak": zaak,
            "statustype": f"http://testserver/catalogi/api/v1/statustypen/{st.uuid}",
            "datumStatusGezet": moment,
        },
    )


def test_end_to_end_the_subscriber_gets_exactly_the_expected_messages(
    superuser_client, zaaktype, receiver
):
    _abonnement(f"{receiver}/ok", bronorganisatie="001902763")
    zaak = superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS).json()
    superuser_client.patch(zaak["url"], {"toelichting": "Bijgewerkt"}, **CRS)
    _status(superuser_client, zaak["url"], zaaktype, 1, "2026-03-02T09:00:00+01:00")
    while delivery.run_once():
        pass
    got = [(body["resource"], body["actie"]) for _, _, body in Receiver.received]
    assert got == [("zaak", "create"), ("zaak", "update"), ("status", "create")]
    path, auth, first = Receiver.received[0]
    assert (path, auth) == ("/ok", "Bearer abonnee")
    assert first["kanaal"] == "zaken" and first["hoofdObject"] == zaak["url"]
    assert first["kenmerken"] == {
        "bronorganisatie": "001902763",
        "zaaktype": zaak["zaaktype"],
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
    }
    assert set(Levering.objects.values_list("status", flat=True)) == {"afgeleverd"}
    assert Levering.objects.first().historie.get().statuscode == 204


def test_failures_are_retried_with_backoff_then_parked_and_can_be_retried(
    superuser_client, zaaktype, receiver, settings
):
    settings.IWERK_NOTIFICATIES_MAX_POGINGEN = 3
    _abonnement(f"{receiver}/stuk")
    superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS)
    levering = Levering.objects.get()
    waits = []
    for _ in range(3):
        Levering.objects.filter(pk=levering.pk).update(volgende_poging=timezone.now())
        before = timezone.now()
        assert delivery.run_once() == 1
        levering.refresh_from_db()
        waits.append((levering.volgende_poging - before).total_seconds())
    assert levering.status == "geparkeerd" and levering.pogingen == 3
    assert [p.statuscode for p in levering.historie.all()] == [500, 500, 500]
    assert 1.5 < waits[0] < 2.5 and 3.5 < waits[1] < 4.5  # 2 s, then 4 s
    assert delivery.run_once() == 0  # parked: the worker leaves it alone
    assert delivery.retry([levering.pk]) == 1
    levering.refresh_from_db()
    assert (levering.status, levering.pogingen) == ("wachtend", 0)


def test_unreachable_subscriber_is_a_recorded_attempt(superuser_client, zaaktype):
    _abonnement("http://127.0.0.1:9/niemand")
    superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS)
    assert delivery.run_once() == 1
    poging = Levering.objects.get().historie.get()
    assert poging.statuscode is None and "Error" in poging.fout


def test_per_subscriber_order_per_hoofdobject(superuser_client, zaaktype, receiver):
    abonnement = _abonnement(f"{receiver}/ok")
    zaak = superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS).json()
    other = superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS).json()
    superuser_client.patch(zaak["url"], {"toelichting": "Tweede bericht"}, **CRS)
    first = Levering.objects.filter(abonnement=abonnement).order_by("id").first()
    # The first message about this zaak waits for a retry: the later one about it must wait too,
    # while messages about another zaak go ahead.
    Levering.objects.filter(pk=first.pk).update(
        volgende_poging=timezone.now() + timedelta(minutes=5)
    )
    delivery.run_once()
    assert [b["hoofdObject"] for _, _, b in Receiver.received] == [other["url"]]
    Levering.objects.filter(pk=first.pk).update(volgende_poging=timezone.now())
    while delivery.run_once():
        pass
    assert [(b["hoofdObject"], b["actie"]) for _, _, b in Receiver.received[1:]] == [
        (zaak["url"], "create"),
        (zaak["url"], "update"),
    ]


def test_a_claim_of_a_dead_worker_expires_and_is_delivered(superuser_client, zaaktype, receiver):
    _abonnement(f"{receiver}/ok")
    superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS)
    claimed = delivery.claim(worker="dood")  # claimed, then the worker died before delivering
    assert len(claimed) == 1 and delivery.run_once() == 0
    Levering.objects.update(geclaimd_tot=timezone.now() - timedelta(seconds=1))
    assert delivery.run_once() == 1
    assert Levering.objects.get().status == "afgeleverd"


def test_end_to_end_zaak_document_besluit(superuser_client, catalogus, receiver):
    """Subscribe to three kanalen; create, update and close a zaak, add a document and a besluit."""
    from iwerk.core.testing.documenten import document_body

    iot = build.informatieobjecttype(catalogus, "Aanvraag")
    bt = build.besluittype(catalogus, "Toekenning", iots=["Aanvraag"])
    zt = build.complete_zaaktype(catalogus, besluittype_omschrijvingen=["Toekenning"])
    build.ziot(zt, "Aanvraag")
    zt.concept = False
    zt.save()
    abonnement = Abonnement.objects.create(callback_url=f"{receiver}/ok", auth="Bearer abonnee")
    for naam in ("zaken", "documenten", "besluiten"):
        AbonnementKanaal.objects.create(abonnement=abonnement, kanaal=Kanaal.objects.get(naam=naam))

    zaak = superuser_client.post(f"{Z}/zaken", zaak_body(zt), **CRS).json()
    superuser_client.patch(zaak["url"], {"toelichting": "Aangevuld"}, **CRS)
    document = superuser_client.post(
        "/documenten/api/v1/enkelvoudiginformatieobjecten",
        document_body(iot, indicatieGebruiksrecht=False),
    ).json()
    superuser_client.post(
        f"{Z}/zaakinformatieobjecten", {"zaak": zaak["url"], "informatieobject": document["url"]}
    )
    besluit = superuser_client.post(
        "/besluiten/api/v1/besluiten",
        {
            "verantwoordelijkeOrganisatie": "001902763",
            "besluittype": f"http://testserver/catalogi/api/v1/besluittypen/{bt.uuid}",
            "zaak": zaak["url"],
            "datum": "2026-11-20",
            "ingangsdatum": "2026-12-01",
        },
    ).json()
    superuser_client.post(
        f"{Z}/resultaten",
        {
            "zaak": zaak["url"],
            "resultaattype": f"http://testserver/catalogi/api/v1/resultaattypen/{zt.resultaattypen.get().uuid}",
        },
    )
    assert (
        _status(superuser_client, zaak["url"], zt, 2, "2026-11-25T10:00:00+01:00").status_code
        == 201
    )
    while delivery.run_once():
        pass
    got = [(b["kanaal"], b["resource"], b["actie"]) for _, _, b in Receiver.received]
    # Order is kept per hoofdObject (the zaak's messages in commit order); other kanalen interleave.
    assert [m for m in got if m[0] == "zaken"] == [
        ("zaken", "zaak", "create"),
        ("zaken", "zaak", "update"),
        ("zaken", "zaakinformatieobject", "create"),
        ("zaken", "zaakbesluit", "create"),
        ("zaken", "resultaat", "create"),
        ("zaken", "status", "create"),
    ]
    assert sorted(m for m in got if m[0] != "zaken") == [
        ("besluiten", "besluit", "create"),
        ("documenten", "enkelvoudiginformatieobject", "create"),
    ]
    by_kanaal = {b["kanaal"]: b for _, _, b in reversed(Receiver.received)}
    assert by_kanaal["documenten"]["kenmerken"] == {
        "bronorganisatie": "001902763",
        "informatieobjecttype": f"http://testserver/catalogi/api/v1/informatieobjecttypen/{iot.uuid}",
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
    }
    assert by_kanaal["besluiten"]["kenmerken"] == {
        "verantwoordelijkeOrganisatie": "001902763",
        "besluittype": besluit["besluittype"],
    }
    assert by_kanaal["besluiten"]["hoofdObject"] == besluit["url"]
    assert {b["hoofdObject"] for _, _, b in Receiver.received if b["kanaal"] == "zaken"} == {
        zaak["url"]
    }


def test_a_hanging_subscriber_times_out_and_is_retried(
    superuser_client, zaaktype, receiver, settings
):
    settings.IWERK_NOTIFICATIES_TIMEOUT = 1
    _abonnement(f"{receiver}/traag")
    superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS)
    assert delivery.run_once() == 1  # returns after the timeout, not after the subscriber
    levering = Levering.objects.get()
    poging = levering.historie.get()
    assert levering.status == "wachtend" and levering.pogingen == 1
    assert poging.statuscode is None and "timed out" in poging.fout.lower()
    assert 900 <= poging.duur_ms < 1900


def test_forwarding_to_an_external_notificaties_api(superuser_client, zaaktype, receiver, settings):
    """Item 5: instead of local abonnementen, every notification goes to another NRC, with a JWT."""
    import jwt

    settings.IWERK_NOTIFICATIES_LOKAAL = False
    settings.IWERK_NOTIFICATIES_DOORSTUREN = f"{receiver}/nrc/api/v1"
    settings.IWERK_NOTIFICATIES_DOORSTUREN_CLIENT_ID = "iwerk-nrc"
    settings.IWERK_NOTIFICATIES_DOORSTUREN_SECRET = "doorstuur-geheim-van-voldoende-lengte"
    _abonnement(f"{receiver}/ok")  # local abonnementen are not served in this mode
    zaak = superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS).json()
    superuser_client.patch(zaak["url"], {"toelichting": "Bijgewerkt"}, **CRS)
    while delivery.run_once():
        pass
    assert [(path, body["actie"]) for path, _, body in Receiver.received] == [
        ("/nrc/api/v1/notificaties", "create"),
        ("/nrc/api/v1/notificaties", "update"),
    ]
    token = Receiver.received[0][1].removeprefix("Bearer ")
    claims = jwt.decode(token, "doorstuur-geheim-van-voldoende-lengte", algorithms=["HS256"])
    assert claims["client_id"] == "iwerk-nrc"
    assert set(Levering.objects.values_list("ontvanger", "status")) == {
        ("doorsturen", "afgeleverd")
    }
