"""Closing a zaak: set_status publishes ZaakGesloten and every consumer in iwerk/verbindingen.py
runs — the Notificatie (outbox), the Sturing queue row, and after the commit the citizen's mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client

from iwerk.berichten.services import aanmaken as berichten
from iwerk.core import gebeurtenissen
from iwerk.notificaties.models import Notificatie
from iwerk.portaal.services import mail as portaal_mail
from iwerk.portaal.tests.test_meldingen import _melden
from iwerk.portaal.tests.test_mijn_zaken import ALLES
from iwerk.sturing.models import Bijwerking
from iwerk.sturing.services import wachtrij
from iwerk.zaken.gebeurtenissen import ZaakGesloten
from iwerk.zaken.models import Zaak
from iwerk.zaken.services.afhandeling import close_zaak

pytestmark = pytest.mark.django_db


@pytest.fixture
def melding(portaal, django_capture_on_commit_callbacks) -> Zaak:
    client = Client()
    response, _ = _melden(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"akkoord": "ja"})
    mail.outbox.clear()
    return Zaak.objects.get()


def _sluiten(zaak: Zaak) -> None:
    close_zaak(
        actor=ALLES,
        zaak=zaak,
        resultaattype=zaak.zaaktype.resultaattypen.first(),
        toelichting="De lamp is vervangen.",
    )


def test_closing_a_zaak_publishes_zaak_gesloten_and_every_consumer_runs(
    melding, django_capture_on_commit_callbacks
):
    assert gebeurtenissen.consumenten(ZaakGesloten) == [
        wachtrij.zaak_veranderd,
        portaal_mail.status_gezet,
        berichten.status_gezet,
    ]
    gehoord: list[ZaakGesloten] = []
    gebeurtenissen.verbind(ZaakGesloten, gehoord.append)
    Bijwerking.objects.all().delete()
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            _sluiten(melding)
            # In the transaction of the change: the outbox row and the queue row …
            assert Notificatie.objects.filter(
                kanaal="zaken",
                resource="status",
                actie="create",
                hoofd_object__endswith=str(melding.uuid),
            ).exists()
            assert melding.pk in Bijwerking.objects.values_list("zaak_id", flat=True)
            assert not mail.outbox  # … the mail only after the commit
    finally:
        gebeurtenissen.ontkoppel(ZaakGesloten, gehoord.append)
    melding.refresh_from_db()
    (gesloten,) = gehoord
    assert (gesloten.zaak_id, gesloten.einddatum) == (melding.pk, melding.einddatum)
    assert gesloten.statustoelichting == "De lamp is vervangen."
    (update,) = mail.outbox
    assert update.to == ["melder@example.nl"] and "De lamp is vervangen." in update.body


def test_a_close_that_rolls_back_leaves_no_notification_queue_row_or_mail(
    melding, django_capture_on_commit_callbacks
):
    Bijwerking.objects.all().delete()
    voor = Notificatie.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _sluiten(melding)
        raise RuntimeError("crash after the close, before the commit")
    melding.refresh_from_db()
    assert melding.einddatum is None
    assert Notificatie.objects.count() == voor
    assert not Bijwerking.objects.exists()
    assert not mail.outbox
