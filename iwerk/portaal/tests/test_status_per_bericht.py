"""A portaal zaak whose initiator has an e-mail address in the Klantinteracties register hears
of a new status once, from the berichten service (ADR 0053), not also from the portaal."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from iwerk.berichten.models import Bericht
from iwerk.core.testing.medewerkers import sign_in
from iwerk.klantinteracties.models import DigitaalAdres, Partij, PartijIdentificator
from iwerk.portaal.tests.conftest import ingelogd
from iwerk.portaal.tests.test_mijn_zaken import aanvragen, wereld  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _status(zaak, django_capture_on_commit_callbacks) -> None:
    handler = sign_in("ewillems")
    werkplek = handler.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    token = re.search(r'name="formtoken" value="([^"]+)"', werkplek).group(1)
    statustype = re.search(
        r'<option value="(\d+)"[^>]*>\d+\. Onderzoek \(keukentafelgesprek\)', werkplek
    ).group(1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handler.post(
            f"/werkplek/zaken/{zaak.uuid}/status/",
            {"formtoken": token, "statustype": statustype, "toelichting": ""},
        )


def test_the_portaal_leaves_the_status_mail_to_berichten_when_the_register_has_an_address(
    wereld,  # noqa: F811 - the fixture
    django_capture_on_commit_callbacks,
):
    deventer = wereld["deventer"]
    partij = Partij.objects.create(tenant=deventer, soort_partij="persoon", nummer="1")
    PartijIdentificator.objects.create(
        tenant=deventer,
        identificeerde_partij=partij,
        code_objecttype="natuurlijk_persoon",
        code_register="brp",
        code_soort_object_id="bsn",
        object_id="999990007",
    )
    DigitaalAdres.objects.create(
        tenant=deventer,
        verstrekt_door_partij=partij,
        adres="suzanne.moulin@example.nl",
        soort_digitaal_adres="email",
        zoekwaarde="suzanne.moulin@example.nl",
        is_standaard_adres=True,
    )
    zaak = aanvragen(ingelogd())

    _status(zaak, django_capture_on_commit_callbacks)

    assert mail.outbox == []  # not from the portaal …
    assert Bericht.objects.filter(
        zaak_uuid=zaak.uuid, kanaal="email", gebeurtenis="status_gewijzigd"
    ).exists()  # … but queued once, for the citizen's own channel


def test_without_an_address_in_the_register_the_portaal_still_mails(
    wereld,  # noqa: F811 - the fixture
    django_capture_on_commit_callbacks,
):
    zaak = aanvragen(ingelogd())

    _status(zaak, django_capture_on_commit_callbacks)

    (update,) = mail.outbox
    assert update.to == ["suzanne@example.nl"]
