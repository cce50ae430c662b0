"""A real `iwerk worker` process SIGKILLed while it sends an sms, on PostgreSQL (ADR 0053 §6).

A zaak made through the Zaken API, its initiator a partij of the Klantinteracties register with
an e-mail address and a mobile number; its registration and a status set through the API store
six Berichten. The first worker claims them all, sends the first e-mail (Django's SMTP path,
into the file mailbox) and then the first sms to the NotifyNL double, which accepts it and holds
its answer back: the worker is killed inside that request. A second worker finishes the job.
Every message arrives exactly once per channel, nothing is parked, and each becomes exactly one
klantcontact. The same crash in-process (any database): an e-mail later in the batch, which the
dying worker never reached, is sent afterwards, not parked as "onderbroken".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from email import message_from_string
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from iwerk.berichten.models import Bericht, Gebeurtenis, Kanaal
from iwerk.berichten.services import bezorging, providers
from iwerk.berichten.services.providers import Uitslag
from iwerk.berichten.tests.conftest import SJABLOON, SLEUTEL, partij, zaak_via_api, zet_status
from iwerk.core.testing.registerdubbels import start
from iwerk.klantinteracties.models import Klantcontact
from iwerk.zaken.models import Zaak

ROOT = Path(__file__).resolve().parents[3]
LEASE = 3  # seconds before the second worker may take over what the killed one claimed
SMS_POST = "/notifynl/v2/notifications/sms"


def _worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "iwerk.cli", "worker", "--idle", "0.05"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wacht(voorwaarde: Callable[[], bool], seconden: float, wat: str) -> None:
    deadline = time.monotonic() + seconden
    while not voorwaarde():
        assert time.monotonic() < deadline, f"niet binnen {seconden} s: {wat}"
        time.sleep(0.05)


def _mails(map_: Path) -> Counter[str]:
    """Message-IDs in the file mailbox (one file per connection, messages split by a line of
    79 dashes): how often each was sent."""
    ids: Counter[str] = Counter()
    for bestand in map_.glob("*.log"):
        for deel in bestand.read_text().split("-" * 79):
            if deel.strip():
                ids[message_from_string(deel.strip())["Message-ID"]] += 1
    return ids


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_send_delivers_each_message_once(
    tenant: Any, zaaktype: Any, superuser_client: Any, tmp_path: Path
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("worker processes share the test database only on PostgreSQL (CI runs it)")
    dubbels = start(sleutels={"notifynl": SLEUTEL})
    dienst = dubbels.notifynl_dienst
    db = connection.settings_dict
    wachtwoord = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iwerk.settings",
        "IWERK_TESTING": "true",
        "DATABASE_URL": f"postgres://{db['USER']}{wachtwoord}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT'] or 5432}/{db['NAME']}",
        "IWERK_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "IWERK_EMAIL_FILE_PATH": str(tmp_path),
        "IWERK_BERICHTEN_EMAIL": "smtp",
        "IWERK_BERICHTEN_SMS": "notifynl",
        "IWERK_NOTIFYNL_URL": dubbels.notifynl_url,
        "IWERK_NOTIFYNL_API_KEY": SLEUTEL,
        "IWERK_NOTIFYNL_SMS_TEMPLATE": SJABLOON,
        "IWERK_BERICHTEN_LEASE": str(LEASE),
        "IWERK_BERICHTEN_BACKOFF": "0",
    }
    partij(tenant)
    url = zaak_via_api(superuser_client, zaaktype)  # registration: e-mail, sms, Mijn zaken
    zet_status(superuser_client, zaaktype, url)  # status change: the same three
    berichten = {(b.gebeurtenis, b.kanaal): b for b in Bericht.objects.all()}
    assert len(berichten) == 6

    dienst.houd_op(1)
    eerste = _worker(env)
    tweede = None
    try:
        # The double has the first sms and holds its answer: the worker waits inside the send.
        _wacht(lambda: len(dienst.verzonden()) == 1, 20, "de eerste sms bij NotifyNL")
        eerste.send_signal(signal.SIGKILL)
        eerste.wait(timeout=10)
        dienst.laat_los()
        assert Bericht.objects.filter(status=Bericht.Status.wachtend).count() == 5
        assert Bericht.objects.filter(in_verzending=True).count() == 1  # the sms in hand

        tweede = _worker(env)
        _wacht(
            lambda: not Bericht.objects.filter(status=Bericht.Status.wachtend).exists(),
            LEASE + 15,
            "alle berichten afgehandeld",
        )
    finally:
        dienst.laat_los()
        if eerste.poll() is None:
            eerste.kill()
            eerste.wait()
        if tweede is not None:
            tweede.send_signal(signal.SIGTERM)
            tweede.wait(timeout=10)
        dubbels.stop()

    # The Berichten: all sent, none parked, nothing left claimed, each attempted once.
    rijen = list(Bericht.objects.order_by("pk"))
    assert {(b.status, b.in_verzending, b.geclaimd_door, b.pogingen) for b in rijen} == {
        (Bericht.Status.verzonden, False, "", 1)
    }
    # Sms: accepted once per message; the killed worker's sms was looked up, not resent.
    sms = [b for b in rijen if b.kanaal == Kanaal.sms]
    verzonden = dienst.verzonden()
    assert sorted(v["reference"] for v in verzonden) == sorted(str(b.uuid) for b in sms)
    assert sorted(b.provider_referentie for b in sms) == sorted(v["id"] for v in verzonden)
    verzoeken = dubbels.verzoeken("notifynl")
    assert sum(v.method == "POST" and v.path == SMS_POST for v in verzoeken) == 2
    onderbroken = berichten[(Gebeurtenis.zaak_geregistreerd, Kanaal.sms)]
    assert [v.query.get("reference") for v in verzoeken if v.method == "GET"] == [
        str(onderbroken.uuid)
    ]  # asked by reference once, for the sms in doubt only
    # E-mail: each in the mailbox exactly once (SMTP cannot be asked, so none was in doubt).
    mails = [b for b in rijen if b.kanaal == Kanaal.email]
    assert _mails(tmp_path) == Counter({b.provider_referentie: 1 for b in mails})
    assert {b.provider_referentie for b in mails} == {f"<{b.uuid}@iwerk.invalid>" for b in mails}
    # Write-back: one klantcontact per message, all for this zaak, all "gelukt".
    zaak = Zaak.objects.get()
    contacten = Klantcontact.objects.filter(onderwerpobjecten__zaak_uuid=zaak.uuid)
    assert sorted(str(u) for u in contacten.values_list("uuid", flat=True)) == sorted(
        str(b.klantcontact_uuid) for b in rijen
    )
    assert Counter(contacten.values_list("kanaal", flat=True)) == Counter(
        {"e-mail": 2, "sms": 2, "mijn zaken": 2}
    )
    assert set(contacten.values_list("indicatie_contact_gelukt", flat=True)) == {True}


@pytest.mark.django_db
def test_messages_the_dying_worker_never_reached_are_sent_not_parked(
    tenant: Any, zaaktype: Any, superuser_client: Any, notifynl: Any, monkeypatch: Any
) -> None:
    partij(tenant)
    url = zaak_via_api(superuser_client, zaaktype)
    zet_status(superuser_client, zaaktype, url)

    def sterft(self: Any, bericht: Bericht) -> Uitslag:
        raise SystemExit("worker gestopt")  # inside the first sms: nothing reached NotifyNL

    with monkeypatch.context() as m:
        m.setattr(providers.NotifyNL, "verstuur", sterft)
        with pytest.raises(SystemExit):
            bezorging.run_once()
    assert len(mail.outbox) == 1  # the registration's e-mail, before the sms
    # Only the sms was in the worker's hands; the status e-mail after it never was.
    (in_doubt,) = Bericht.objects.filter(in_verzending=True)
    assert (in_doubt.gebeurtenis, in_doubt.kanaal) == (Gebeurtenis.zaak_geregistreerd, Kanaal.sms)

    Bericht.objects.update(geclaimd_tot=timezone.now())  # the lease of the dead worker ran out
    assert bezorging.run_once() == 5

    assert set(Bericht.objects.values_list("status", flat=True)) == {"verzonden"}
    mails = Bericht.objects.filter(kanaal=Kanaal.email).values_list("provider_referentie")
    assert sorted(m.extra_headers["Message-ID"] for m in mail.outbox) == sorted(
        referentie for (referentie,) in mails
    )  # both e-mails, each once
    assert len(notifynl.notifynl_dienst.verzonden()) == 2  # looked up, not there: sent once
    assert Klantcontact.objects.count() == 6
