"""One e-mail about one registration (ADR 0055): when the berichten service mails the initiator
that their zaak is registered (an e-mail address in the Klantinteracties register), the portaal's
receipt steps aside; without one, the portaal's receipt is the only mail."""

from __future__ import annotations

import pytest
from django.core import mail

from iwerk.berichten.models import Bericht, Gebeurtenis, Kanaal
from iwerk.berichten.services import bezorging
from iwerk.core.api.actor import Actor
from iwerk.klantinteracties.selectors.toegang import Recht, Toegangen
from iwerk.klantinteracties.services.digitaleadressen import (
    DigitaalAdresGegevens,
    digitaal_adres_aanmaken,
)
from iwerk.klantinteracties.services.portaalcontact import Inwoner, partij_voor
from iwerk.portaal.tests.conftest import SUZANNE, ingelogd
from iwerk.portaal.tests.test_mijn_zaken import aanvragen, wereld  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

ALLES = Actor("test", None, "test", heeft_alle_autorisaties=True, catalogi_tenant_ids=None)


def met_email(gemeente, bsn: str, email: str) -> None:
    """A partij of the gemeente's register with this BSN and a standaard e-mail address."""
    wie = Toegangen(
        actor=ALLES,
        rechten=(Recht(gemeente.pk, frozenset({"klantinteracties.lezen",
                                                "klantinteracties.bijwerken"}), 5),),
    )  # fmt: skip
    partij = partij_voor(wie, gemeente.pk, Inwoner("bsn", bsn, achternaam="Moulin"))
    digitaal_adres_aanmaken(
        wie,
        DigitaalAdresGegevens(
            adres=email,
            soort_digitaal_adres="email",
            verstrekt_door_partij=partij.uuid,
            is_standaard_adres=True,
        ),
    )


def test_with_an_address_in_the_register_the_citizen_gets_one_mail_from_berichten(
    wereld,  # noqa: F811 - the fixture
    settings,
    django_capture_on_commit_callbacks,
):
    settings.IWERK_BERICHTEN_EMAIL = "smtp"  # Django's mail: the locmem outbox
    met_email(wereld["deventer"], SUZANNE, "suzanne.moulin@example.nl")
    with django_capture_on_commit_callbacks(execute=True):
        zaak = aanvragen(ingelogd())

    assert mail.outbox == []  # no receipt from the portaal …
    registratie = Bericht.objects.filter(
        zaak_uuid=zaak.uuid, gebeurtenis=Gebeurtenis.zaak_geregistreerd
    )
    assert registratie.filter(kanaal=Kanaal.email).count() == 1  # … berichten tells them,
    # and the first status, set with the registration, is no second message.
    assert not Bericht.objects.filter(zaak_uuid=zaak.uuid, gebeurtenis="status_gewijzigd").exists()

    bezorging.run_due()

    (enige,) = mail.outbox
    assert enige.to == ["suzanne.moulin@example.nl"]
    assert zaak.identificatie in enige.subject


def test_without_an_address_in_the_register_the_portaal_receipt_is_the_only_mail(
    wereld,  # noqa: F811 - the fixture
    settings,
    django_capture_on_commit_callbacks,
):
    settings.IWERK_BERICHTEN_EMAIL = "smtp"
    with django_capture_on_commit_callbacks(execute=True):
        zaak = aanvragen(ingelogd())
    bezorging.run_due()  # only Mijn zaken: nothing by e-mail

    (bevestiging,) = mail.outbox
    assert bevestiging.to == ["suzanne@example.nl"]
    assert bevestiging.subject.startswith("Ontvangen:")
    assert not Bericht.objects.filter(zaak_uuid=zaak.uuid, kanaal=Kanaal.email).exists()


def test_a_registration_mail_switched_off_leaves_the_receipt(
    wereld,  # noqa: F811 - the fixture
    settings,
    django_capture_on_commit_callbacks,
):
    from iwerk.berichten.models import Sjabloon

    deventer = wereld["deventer"]
    met_email(deventer, SUZANNE, "suzanne.moulin@example.nl")
    Sjabloon.objects.create(
        tenant=deventer,
        gebeurtenis=Gebeurtenis.zaak_geregistreerd,
        kanaal=Kanaal.email,
        actief=False,
        tekst="-",
    )
    with django_capture_on_commit_callbacks(execute=True):
        aanvragen(ingelogd())

    (bevestiging,) = mail.outbox
    assert bevestiging.subject.startswith("Ontvangen:")
