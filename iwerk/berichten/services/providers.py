"""How a Bericht leaves iwerk: one provider per channel behind one small interface.

`verstuur` sends and says how it went (`Uitslag`); `zoek` asks whether the provider already
has the message with this reference (the Bericht's uuid) — what makes a resend after a crash
safe. A provider that cannot be asked (SMTP) raises `NietNaTeGaan`. Providers never touch the
database of iwerk except the test provider, whose table *is* its outside world.

- e-mail: Django's mail framework (SMTP in production; EMAIL_* settings) or the test provider;
- sms: NotifyNL (the GOV.UK Notify API v2 it implements) or the test provider;
- Mijn zaken: the Bericht row is the message; delivering it is only marking it so.
"""

from __future__ import annotations

import json
import smtplib
import time
from dataclasses import dataclass
from typing import Protocol

import jwt
from django.conf import settings
from django.core.mail import EmailMessage

from iwerk.berichten.models import Bericht, Kanaal, TestBericht
from iwerk.core import http

VERZONDEN, TIJDELIJK, BLIJVEND = "verzonden", "tijdelijk", "blijvend"


@dataclass(frozen=True)
class Uitslag:
    """verzonden (referentie: the provider's id), tijdelijk (try again later) or blijvend
    (never: a wrong address); fout is the Dutch reason kept on the Bericht."""

    status: str
    referentie: str = ""
    fout: str = ""


class NietNaTeGaan(Exception):
    """The provider cannot say whether it has a message (SMTP keeps no list)."""


class Provider(Protocol):
    naam: str

    def verstuur(self, bericht: Bericht) -> Uitslag: ...

    def zoek(self, bericht: Bericht) -> Uitslag | None: ...


class MijnZaken:
    naam = "mijn zaken"

    def verstuur(self, bericht: Bericht) -> Uitslag:
        return Uitslag(VERZONDEN, str(bericht.uuid))

    def zoek(self, bericht: Bericht) -> Uitslag | None:
        return Uitslag(VERZONDEN, str(bericht.uuid))


class Testprovider:
    """Accepts everything and keeps it in TestBericht (shown in beheer). Its row commits on
    its own (the worker sends outside a transaction), as an outside provider's would."""

    naam = "test"

    def verstuur(self, bericht: Bericht) -> Uitslag:
        # Known already: accepted once, as NotifyNL keeps one message per reference.
        TestBericht.objects.get_or_create(
            referentie=str(bericht.uuid),
            defaults={
                "kanaal": bericht.kanaal,
                "aan": bericht.adres,
                "onderwerp": bericht.onderwerp,
                "tekst": bericht.tekst,
            },
        )
        return Uitslag(VERZONDEN, str(bericht.uuid))

    def zoek(self, bericht: Bericht) -> Uitslag | None:
        if TestBericht.objects.filter(referentie=str(bericht.uuid)).exists():
            return Uitslag(VERZONDEN, str(bericht.uuid))
        return None


class Smtp:
    """E-mail through Django's mail framework; the Message-ID carries the Bericht's uuid so a
    mailbox can drop a duplicate, but SMTP itself cannot be asked afterwards."""

    naam = "smtp"

    def verstuur(self, bericht: Bericht) -> Uitslag:
        domein = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "iwerk.invalid"
        mail = EmailMessage(
            bericht.onderwerp,
            bericht.tekst,
            settings.DEFAULT_FROM_EMAIL,
            [bericht.adres],
            headers={"Message-ID": f"<{bericht.uuid}@{domein}>"},
        )
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused:
            return Uitslag(BLIJVEND, fout="De mailserver weigert dit e-mailadres.")
        except (smtplib.SMTPException, OSError) as e:
            return Uitslag(
                TIJDELIJK, fout=f"De mailserver is niet bereikbaar ({type(e).__name__})."
            )
        return Uitslag(VERZONDEN, f"<{bericht.uuid}@{domein}>")

    def zoek(self, bericht: Bericht) -> Uitslag | None:
        raise NietNaTeGaan


def notifynl_token(api_key: str, nu: float | None = None) -> str:
    """The JWT of the Notify API: HS256 over {iss: service id, iat}, signed with the key's
    secret. A key reads `{naam}-{service id}-{secret}`; both ids are UUIDs (36 characters)."""
    service_id, secret = api_key[-73:-37], api_key[-36:]
    return jwt.encode(
        {"iss": service_id, "iat": int(nu if nu is not None else time.time())},
        secret,
        algorithm="HS256",
    )


class NotifyNL:
    naam = "notifynl"

    def __init__(self, url: str, api_key: str, template_id: str, timeout: float = 10) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.template_id = template_id
        self.timeout = timeout

    def _vraag(
        self, method: str, pad: str, body: dict | None = None, params: dict | None = None
    ) -> tuple[int, dict]:
        """One call through core.http (its time-outs; at most 1 MiB of the answer read).
        Raises http.Fout when no answer came."""
        with http.request(
            method,
            self.url + pad,
            json=body,
            params=params,
            timeout=self.timeout,
            headers={
                "Authorization": f"Bearer {notifynl_token(self.api_key)}",
                "User-Agent": "iwerk-berichten",
            },
        ) as antwoord:
            return antwoord.status_code, _json(http.body(antwoord, 1024 * 1024))

    def verstuur(self, bericht: Bericht) -> Uitslag:
        body = {
            "phone_number": bericht.adres,
            "template_id": self.template_id,
            "personalisation": {"bericht": bericht.tekst},
            "reference": str(bericht.uuid),
        }
        try:
            status, antwoord = self._vraag("POST", "/v2/notifications/sms", body)
        except http.Fout as e:
            return Uitslag(TIJDELIJK, fout=f"NotifyNL is niet bereikbaar ({http.reden(e)}).")
        if status == 201:
            return Uitslag(VERZONDEN, str(antwoord.get("id", "")))
        reden = _fouttekst(antwoord)
        if status == 400:
            return Uitslag(BLIJVEND, fout=f"NotifyNL weigert het bericht: {reden}")
        return Uitslag(TIJDELIJK, fout=f"NotifyNL antwoordt {status}: {reden}")

    def zoek(self, bericht: Bericht) -> Uitslag | None:
        zoekvraag = {"reference": str(bericht.uuid), "template_type": "sms"}
        try:
            status, antwoord = self._vraag("GET", "/v2/notifications", params=zoekvraag)
        except http.Fout as e:
            return Uitslag(TIJDELIJK, fout=f"NotifyNL is niet bereikbaar ({http.reden(e)}).")
        if status != 200:
            return Uitslag(TIJDELIJK, fout=f"NotifyNL antwoordt {status}: {_fouttekst(antwoord)}")
        gevonden = antwoord.get("notifications") or []
        return Uitslag(VERZONDEN, str(gevonden[0].get("id", ""))) if gevonden else None


def _json(ruw: bytes) -> dict:
    try:
        waarde = json.loads(ruw or b"{}")
    except ValueError:
        return {}
    return waarde if isinstance(waarde, dict) else {}


def _fouttekst(antwoord: dict) -> str:
    fouten = antwoord.get("errors") or []
    teksten = [str(f.get("message", "")) for f in fouten if isinstance(f, dict)]
    return "; ".join(t for t in teksten if t) or "geen toelichting"


def provider_voor(kanaal: str) -> Provider:
    """The provider of a channel, as configured (IWERK_BERICHTEN_EMAIL, IWERK_BERICHTEN_SMS)."""
    if kanaal == Kanaal.mijn_zaken:
        return MijnZaken()
    if kanaal == Kanaal.email:
        keuze = getattr(settings, "IWERK_BERICHTEN_EMAIL", "") or "smtp"
        return Testprovider() if keuze == "test" else Smtp()
    url = getattr(settings, "IWERK_NOTIFYNL_URL", "") or ""
    keuze = getattr(settings, "IWERK_BERICHTEN_SMS", "") or ("notifynl" if url else "test")
    if keuze != "notifynl":
        return Testprovider()
    return NotifyNL(
        url,
        getattr(settings, "IWERK_NOTIFYNL_API_KEY", "") or "",
        getattr(settings, "IWERK_NOTIFYNL_SMS_TEMPLATE", "") or "",
        timeout=getattr(settings, "IWERK_NOTIFYNL_TIMEOUT", 10),
    )
