"""The outbox: a notification exists if and only if the change it announces committed (G2, G3)."""

from __future__ import annotations

import pytest
from django.db import transaction

from iwerk.core.testing import catalogus as build
from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal, Levering, Notificatie
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db
Z = "http://testserver/zaken/api/v1"


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


def _subscribe(bronorganisatie: str) -> Abonnement:
    abonnement = Abonnement.objects.create(
        callback_url="http://127.0.0.1:9/callback", auth="Token geheim"
    )
    AbonnementKanaal.objects.create(
        abonnement=abonnement,
        kanaal=Kanaal.objects.get(naam="zaken"),
        filters={"bronorganisatie": bronorganisatie},
    )
    return abonnement


def test_standard_kanalen_exist_with_their_kenmerken():
    assert Kanaal.objects.get(naam="zaken").filters == [
        "bronorganisatie",
        "zaaktype",
        "vertrouwelijkheidaanduiding",
    ]
    assert set(Kanaal.objects.values_list("naam", flat=True)) >= {
        "zaken",
        "documenten",
        "besluiten",
        "zaaktypen",
        "besluittypen",
        "informatieobjecttypen",
        "autorisaties",
    }


def test_every_zaak_write_is_announced_with_its_kenmerken(superuser_client, zaaktype):
    deventer = _subscribe("001902763")
    _subscribe("001654937")  # Raalte: gets nothing of Deventer's zaken
    zaak = superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS).json()
    statustype = zaaktype.statustypen.get(volgnummer=1)
    superuser_client.post(
        f"{Z}/statussen",
        {
            "zaak": zaak["url"],
            "statustype": f"http://testserver/catalogi/api/v1/statustypen/{statustype.uuid}",
            "datumStatusGezet": "2026-03-02T09:00:00+01:00",
        },
    )
    messages = list(Notificatie.objects.filter(kanaal="zaken").order_by("pk"))
    assert [(m.kanaal, m.resource, m.actie) for m in messages] == [
        ("zaken", "zaak", "create"),
        ("zaken", "status", "create"),
    ]
    assert {m.hoofd_object for m in messages} == {zaak["url"]}
    assert messages[1].resource_url.startswith("http://testserver/zaken/api/v1/statussen/")
    assert messages[0].kenmerken == {
        "bronorganisatie": "001902763",
        "zaaktype": zaak["zaaktype"],
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
    }
    assert list(Levering.objects.values_list("abonnement", flat=True)) == [deventer.pk, deventer.pk]

    assert superuser_client.delete(zaak["url"], **CRS).status_code == 204
    last = Notificatie.objects.filter(kanaal="zaken").order_by("pk").last()
    assert (last.resource, last.actie, last.resource_url) == ("zaak", "destroy", zaak["url"])


def test_refused_or_rolled_back_writes_announce_nothing(superuser_client, zaaktype):
    from iwerk.zaken.services import ZaakGegevens, register_zaak
    from iwerk.zaken.tests.test_services import ALLES

    refused = superuser_client.post(
        f"{Z}/zaken", zaak_body(zaaktype, bronorganisatie="123456789"), **CRS
    )
    assert refused.status_code == 400
    with pytest.raises(RuntimeError), transaction.atomic():
        register_zaak(
            actor=ALLES,
            zaaktype=zaaktype,
            gegevens=ZaakGegevens(
                bronorganisatie="001902763",
                verantwoordelijke_organisatie="001902763",
                startdatum=zaaktype.datum_begin_geldigheid,
            ),
        )
        assert Notificatie.objects.filter(kanaal="zaken").count() == 1  # written with the change …
        raise RuntimeError("crash after the write, before commit")
    assert Notificatie.objects.filter(kanaal="zaken").count() == 0  # … and gone with it


def test_catalogi_and_autorisaties_changes_are_announced(superuser_client, catalogus):
    from iwerk.autorisaties.tests.test_api import applicatie_body
    from iwerk.catalogi.models import ZaakType
    from iwerk.catalogi.tests.test_api_zaaktypen import zaaktype_body

    # Through the APIs: the Catalogi and Autorisaties services announce their changes (ADR 0037).
    before = Notificatie.objects.count()
    created = superuser_client.post(
        "http://testserver/catalogi/api/v1/zaaktypen",
        zaaktype_body(catalogus, identificatie="NIEUW"),
    )
    assert created.status_code == 201, created.content
    assert superuser_client.post(f"{created.json()['url']}/publish").status_code == 200
    zt = ZaakType.objects.get(identificatie="NIEUW")
    applicatie = superuser_client.post(
        "http://testserver/autorisaties/api/v1/applicaties",
        applicatie_body(["nieuwe-app"], created.json()["url"]),
    )
    assert applicatie.status_code == 201, applicatie.content
    messages = list(Notificatie.objects.order_by("pk")[before:])
    assert ("zaaktypen", "zaaktype", "create") in [
        (m.kanaal, m.resource, m.actie) for m in messages
    ]
    assert ("zaaktypen", "zaaktype", "update") in [
        (m.kanaal, m.resource, m.actie) for m in messages
    ]
    zaaktype_message = next(m for m in messages if m.kanaal == "zaaktypen")
    assert zaaktype_message.kenmerken == {
        "catalogus": f"http://testserver/catalogi/api/v1/catalogussen/{catalogus.uuid}"
    }
    assert zaaktype_message.hoofd_object == f"http://testserver/catalogi/api/v1/zaaktypen/{zt.uuid}"
    assert ("autorisaties", "applicatie", "create") in [
        (m.kanaal, m.resource, m.actie) for m in messages
    ]


def test_h3_an_abonnement_only_hears_of_what_its_applicatie_may_read(
    superuser_client, zaaktype, other_catalogus
):
    from iwerk.core.testing.api import register_client

    raalte_type = build.complete_zaaktype(other_catalogus, identificatie="RAALTE")
    raalte_type.concept = False
    raalte_type.save()

    def subscriber(client_id: str, zt) -> Abonnement:
        register_client(
            client_id,
            autorisaties=[
                {
                    "component": "zrc",
                    "scopes": ["zaken.lezen"],
                    "zaaktype": f"http://testserver/catalogi/api/v1/zaaktypen/{zt.uuid}",
                    "max_vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
                }
            ],
        )
        abonnement = Abonnement.objects.create(
            callback_url="http://127.0.0.1:9/x", auth="x", client_id=client_id
        )
        AbonnementKanaal.objects.create(
            abonnement=abonnement, kanaal=Kanaal.objects.get(naam="zaken")
        )
        return abonnement

    deventer, raalte = (
        subscriber("deventer-portaal", zaaktype),
        subscriber("raalte-portaal", raalte_type),
    )
    superuser_client.post(f"{Z}/zaken", zaak_body(zaaktype), **CRS)
    geheim = superuser_client.post(
        f"{Z}/zaken", zaak_body(zaaktype, vertrouwelijkheidaanduiding="geheim"), **CRS
    )
    assert geheim.status_code == 201
    leveringen = Levering.objects.filter(notificatie__kanaal="zaken")
    # Deventer's portal hears of the zaakvertrouwelijk zaak only; Raalte's of nothing.
    assert list(leveringen.values_list("abonnement", flat=True)) == [deventer.pk]
    assert not leveringen.filter(abonnement=raalte).exists()
