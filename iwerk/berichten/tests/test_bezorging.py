"""A status change of a zaak made through the Zaken API reaches its initiator by e-mail and sms
exactly once, also across a crashed worker; failures are retried, parked and written back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from iwerk.berichten.models import Bericht, Gebeurtenis, Kanaal, TestBericht
from iwerk.berichten.services import bezorging
from iwerk.berichten.tests.conftest import partij, zaak_via_api, zet_status
from iwerk.klantinteracties.models import Klantcontact
from iwerk.zaken.models import Zaak

pytestmark = pytest.mark.django_db


def _status_berichten():
    return Bericht.objects.filter(gebeurtenis=Gebeurtenis.status_gewijzigd)


def _verloop_lease():
    """What happens when a worker's lease ran out (it died): the next worker may claim."""
    Bericht.objects.update(geclaimd_tot=timezone.now() - timedelta(seconds=1))


def test_status_change_of_an_api_zaak_notifies_by_email_and_sms_exactly_once(
    tenant, zaaktype, superuser_client, notifynl
):
    p = partij(tenant)
    url = zaak_via_api(superuser_client, zaaktype)
    Bericht.objects.all().delete()  # the registration's messages: another test
    zet_status(superuser_client, zaaktype, url)

    assert sorted(_status_berichten().values_list("kanaal", flat=True)) == [
        Kanaal.email,
        Kanaal.mijn_zaken,
        Kanaal.sms,
    ]
    assert bezorging.run_once() == 3
    assert bezorging.run_once() == 0  # a second round finds nothing to send

    (email,) = mail.outbox
    assert email.to == ["j.devries@example.nl"]
    assert "Ontvangen" in email.subject and "Beste J. Vries" in email.body
    (sms,) = notifynl.notifynl_dienst.verzonden()
    assert sms["phone_number"] == "+31612345678"
    assert "nieuwe status: Ontvangen" in sms["body"]
    assert set(_status_berichten().values_list("status", flat=True)) == {"verzonden"}

    zaak = Zaak.objects.get()
    contacten = Klantcontact.objects.filter(onderwerpobjecten__object_id=str(zaak.uuid))
    assert sorted(contacten.values_list("kanaal", flat=True)) == ["e-mail", "mijn zaken", "sms"]
    for contact in contacten:
        assert contact.indicatie_contact_gelukt is True and contact.tenant_id == tenant.pk
        assert contact.betrokkenen.get().was_partij == p
        onderwerp = contact.onderwerpobjecten.get()
        assert (onderwerp.code_objecttype, onderwerp.code_register) == ("zaak", "iwerk")


def test_the_same_event_heard_twice_stores_one_message_per_channel(
    tenant, zaaktype, superuser_client, notifynl
):
    from iwerk.berichten.services import aanmaken
    from iwerk.zaken.gebeurtenissen import StatusGezet

    partij(tenant)
    url = zaak_via_api(superuser_client, zaaktype)
    status = zet_status(superuser_client, zaaktype, url)
    zaak = Zaak.objects.get()
    status_id = zaak.statussen.get(uuid=status["uuid"]).pk
    aanmaken.status_gezet(StatusGezet(zaak.pk, status_id, "Ontvangen", ""))
    assert _status_berichten().count() == 3


def test_the_registration_is_told_when_the_initiator_is_added(
    tenant, zaaktype, superuser_client, notifynl
):
    partij(tenant)
    zaak_via_api(superuser_client, zaaktype)
    geregistreerd = Bericht.objects.filter(gebeurtenis=Gebeurtenis.zaak_geregistreerd)
    assert geregistreerd.count() == 3
    bezorging.run_once()
    assert mail.outbox[0].subject.startswith("Uw ")


def test_a_worker_killed_after_the_provider_accepted_does_not_send_again(
    tenant, zaaktype, superuser_client, notifynl, settings, monkeypatch
):
    settings.IWERK_BERICHTEN_EMAIL = "test"
    partij(tenant)
    url = zaak_via_api(superuser_client, zaaktype)
    Bericht.objects.all().delete()
    zet_status(superuser_client, zaaktype, url)

    def sterft(*args, **kwargs):
        raise SystemExit("worker gestopt")

    echt = bezorging.vastleggen
    monkeypatch.setattr(bezorging, "vastleggen", sterft)
    with pytest.raises(SystemExit):
        bezorging.run_once()
    # The provider has it; iwerk recorded nothing but the claim.
    assert len(notifynl.notifynl_dienst.verzonden()) + TestBericht.objects.count() == 1
    assert Bericht.objects.filter(in_verzending=True).count() == 1  # the one in hand

    monkeypatch.setattr(bezorging, "vastleggen", echt)
    assert bezorging.run_once() == 0  # the lease still holds: nobody else takes them
    _verloop_lease()
    assert bezorging.run_once() == 3

    assert len(notifynl.notifynl_dienst.verzonden()) == 1
    assert TestBericht.objects.count() == 1
    assert set(Bericht.objects.values_list("status", flat=True)) == {"verzonden"}
    assert Klantcontact.objects.count() == 3


def test_an_interrupted_smtp_mail_is_parked_not_sent_again(
    tenant, zaaktype, superuser_client, notifynl, monkeypatch
):
    partij(tenant, telefoon="")
    url = zaak_via_api(superuser_client, zaaktype)
    Bericht.objects.exclude(kanaal=Kanaal.email).delete()
    monkeypatch.setattr(bezorging, "vastleggen", lambda *a, **k: (_ for _ in ()).throw(SystemExit))
    with pytest.raises(SystemExit):
        bezorging.run_once()
    monkeypatch.undo()
    _verloop_lease()
    bezorging.run_once()

    assert len(mail.outbox) == 1
    bericht = Bericht.objects.get()
    assert bericht.status == "geparkeerd" and "niet opnieuw verzonden" in bericht.laatste_fout
    assert url


def test_sms_provider_down_is_retried_then_parked_with_a_dutch_reason(
    tenant, zaaktype, superuser_client, notifynl, settings
):
    settings.IWERK_BERICHTEN_MAX_POGINGEN = 3
    partij(tenant, email="")
    url = zaak_via_api(superuser_client, zaaktype)
    Bericht.objects.all().delete()
    zet_status(superuser_client, zaaktype, url)
    notifynl.storing("notifynl", "503")

    bezorging.run_once()
    sms = _status_berichten().get(kanaal=Kanaal.sms)
    assert (sms.status, sms.pogingen) == ("wachtend", 1)
    assert sms.laatste_fout.startswith("NotifyNL antwoordt 503")
    bezorging.run_once()
    bezorging.run_once()
    sms.refresh_from_db()
    assert (sms.status, sms.pogingen) == ("geparkeerd", 3)
    contact = Klantcontact.objects.get(kanaal="sms")
    assert contact.indicatie_contact_gelukt is False

    # Back up, beheer sends it again: once.
    notifynl.storing("notifynl", None)
    assert bezorging.opnieuw([sms.pk]) == 1
    bezorging.run_once()
    sms.refresh_from_db()
    assert sms.status == "verzonden"
    assert len(notifynl.notifynl_dienst.verzonden()) == 1


@pytest.mark.parametrize(
    ("email", "telefoon", "kanaal", "reden"),
    [
        ("geen-adres", "", Kanaal.email, "geen geldig e-mailadres"),
        ("", "0570 123456", Kanaal.sms, "geen mobiel telefoonnummer"),
        ("", "bel me", Kanaal.sms, "geen mobiel telefoonnummer"),
    ],
)
def test_an_address_that_is_not_one_is_not_sent_but_parked(
    tenant, zaaktype, superuser_client, notifynl, email, telefoon, kanaal, reden
):
    partij(tenant, email=email, telefoon=telefoon)
    url = zaak_via_api(superuser_client, zaaktype)
    Bericht.objects.all().delete()
    zet_status(superuser_client, zaaktype, url)
    bezorging.run_once()

    bericht = _status_berichten().get(kanaal=kanaal)
    assert bericht.status == "geparkeerd" and reden in bericht.laatste_fout
    assert mail.outbox == [] and notifynl.notifynl_dienst.verzonden() == []
    assert (
        Klantcontact.objects.get(
            kanaal={"email": "e-mail", "sms": "sms"}[kanaal]
        ).indicatie_contact_gelukt
        is False
    )


def test_without_a_partij_only_mijn_zaken_is_used(tenant, zaaktype, superuser_client, notifynl):
    url = zaak_via_api(superuser_client, zaaktype)
    zet_status(superuser_client, zaaktype, url)
    assert list(_status_berichten().values_list("kanaal", "identificatie")) == [
        (Kanaal.mijn_zaken, "111222333")
    ]


def test_the_preferred_address_alone_is_used(tenant, zaaktype, superuser_client, notifynl):
    p = partij(tenant)
    p.voorkeurs_digitaal_adres = p.digitale_adressen.get(soort_digitaal_adres="telefoonnummer")
    p.save()
    url = zaak_via_api(superuser_client, zaaktype)
    zet_status(superuser_client, zaaktype, url)
    assert sorted(_status_berichten().values_list("kanaal", flat=True)) == ["mijn_zaken", "sms"]


def test_a_partij_of_another_gemeente_is_not_used(
    tenant, other_tenant, zaaktype, superuser_client, notifynl
):
    partij(other_tenant)
    url = zaak_via_api(superuser_client, zaaktype)
    zet_status(superuser_client, zaaktype, url)
    assert list(_status_berichten().values_list("kanaal", flat=True)) == ["mijn_zaken"]
