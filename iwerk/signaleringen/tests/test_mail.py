"""Signals by e-mail (ADR 0057): the daily digest contains the signals and goes once per day after
07:00; direct mail per run; nooit; a failed mail is tried again; never a zaak out of sight."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from iwerk.medewerkers.services import rol_toewijzen
from iwerk.signaleringen.models import Instelling, Samenvatting, Signalering
from iwerk.signaleringen.services import mail as signaalmail

pytestmark = pytest.mark.django_db


def _om(uur: int, dagen: int = 0) -> datetime:
    dag = timezone.localdate() + timedelta(days=dagen)
    return timezone.make_aware(datetime.combine(dag, time(uur, 5)))


def _toegewezen(wereld, username: str = "jdevries", **kwargs):
    return wereld.zaak(behandelaar=wereld.users[username], **kwargs)


def test_the_daily_digest_lists_the_signals_once_a_day_after_seven(wereld, settings):
    settings.IWERK_BASE_URL = "https://werk.example.nl"
    eerste, tweede = _toegewezen(wereld), _toegewezen(wereld)

    assert signaalmail.mailen(_om(6)) == 0  # before 07:00: no digest yet
    assert mail.outbox == []

    assert signaalmail.mailen(_om(8)) == 1
    (bericht,) = mail.outbox
    assert bericht.to == ["jdevries@iwerk.example.nl"]
    assert bericht.subject.startswith("iwerk: uw signaleringen van ")
    for zaak in (eerste, tweede):
        assert f"Zaak {zaak.identificatie} is aan u toegewezen." in bericht.body
        assert f"https://werk.example.nl/werkplek/zaken/{zaak.uuid}/" in bericht.body
    assert "https://werk.example.nl/werkplek/signaleringen/instellingen/" in bericht.body
    assert Samenvatting.objects.get().aantal == 2
    assert not Signalering.objects.filter(gemaild_op__isnull=True).exists()

    # Later the same day, even with a new signal: no second digest.
    _toegewezen(wereld)
    assert signaalmail.mailen(_om(9)) == 0 and len(mail.outbox) == 1
    # The next morning: the new one (and only that one).
    assert signaalmail.mailen(_om(8, dagen=1)) == 1
    assert mail.outbox[1].body.count("is aan u toegewezen") == 1


def test_the_digest_leaves_out_what_was_read(wereld):
    _toegewezen(wereld)
    Signalering.objects.update(gelezen_op=timezone.now())
    assert signaalmail.mailen(_om(8)) == 0 and mail.outbox == []


def test_direct_mail_goes_each_run_with_what_is_new(wereld):
    Instelling.objects.create(gebruiker=wereld.users["mbakker"], email="direct")
    eerste = _toegewezen(wereld, "mbakker")

    assert signaalmail.mailen(_om(3)) == 1  # at night as well
    assert mail.outbox[0].subject == "iwerk: nieuwe signalering"
    assert eerste.identificatie in mail.outbox[0].body
    assert signaalmail.mailen(_om(3)) == 0

    _toegewezen(wereld, "mbakker")
    _toegewezen(wereld, "mbakker")
    assert signaalmail.mailen(_om(8)) == 1  # and no digest besides
    assert mail.outbox[1].subject == "iwerk: 2 nieuwe signaleringen"
    assert eerste.identificatie not in mail.outbox[1].body
    assert len(mail.outbox) == 2


def test_nooit_means_no_mail(wereld):
    Instelling.objects.create(gebruiker=wereld.users["jdevries"], email="nooit")
    _toegewezen(wereld)
    assert signaalmail.mailen(_om(8)) == 0 and mail.outbox == []


def test_a_failed_mail_is_tried_again_next_run(wereld, monkeypatch, caplog):
    _toegewezen(wereld)

    def kapot(*args, **kwargs):
        raise ConnectionRefusedError("smtp weg")

    monkeypatch.setattr(signaalmail, "send_mail", kapot)
    assert signaalmail.mailen(_om(8)) == 0
    assert "daily digest to user" in caplog.text
    assert not Samenvatting.objects.exists()
    assert Signalering.objects.filter(gemaild_op__isnull=True).count() == 1

    monkeypatch.undo()
    assert signaalmail.mailen(_om(8, dagen=0)) == 1 and len(mail.outbox) == 1


def test_a_zaak_the_person_may_no_longer_see_is_not_mailed(wereld):
    jdevries = wereld.users["jdevries"]
    rol_toewijzen(jdevries, wereld.deventer, "behandelaar", maximum="vertrouwelijk")
    zichtbaar = _toegewezen(wereld)
    verborgen = _toegewezen(wereld, vertrouwelijkheid="vertrouwelijk")
    assert Signalering.objects.filter(zaak=verborgen).exists()
    # Since the signal their maximum is lower again.
    rol_toewijzen(jdevries, wereld.deventer, "behandelaar", maximum="zaakvertrouwelijk")

    assert signaalmail.mailen(_om(8)) == 1
    (bericht,) = mail.outbox
    assert zichtbaar.identificatie in bericht.body
    assert verborgen.identificatie not in bericht.body
    assert Samenvatting.objects.get().aantal == 1
