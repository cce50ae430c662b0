"""The double of NotifyNL's sms API: the GOV.UK Notify API v2 that NotifyNL implements.

`POST /v2/notifications/sms` ({phone_number, template_id, personalisation, reference}) answers
201 with the notification; `GET /v2/notifications?reference=…` lists what was sent with that
reference; `GET /v2/notifications/{id}` one. Authentication as Notify's: `Authorization: Bearer
<JWT>`, HS256, `iss` the service id and `iat` within 30 seconds, signed with the API key's
secret (a key reads `{name}-{service id}-{secret}`). Errors as Notify writes them:
{"status_code", "errors": [{"error", "message"}]}. What it accepted stays in memory (`verzonden`)
until `wis`. `houd_op` lets it hang after accepting (the sender waits inside its request, as when
a provider's answer is lost) until `laat_los`: a test kills the sender there. Imports nothing of
iwerk.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from iwerk.dubbels.antwoord import Antwoord, Verzoek

PREFIX = "/notifynl"
_TELEFOON = re.compile(r"^\+?[0-9]{8,15}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
FOUTSOORT = {
    400: "BadRequestError",
    403: "AuthError",
    404: "NotFoundError",
    405: "MethodNotAllowed",
    429: "RateLimitError",
    500: "Exception",
    503: "Exception",
}
OPHOUDEN_HOOGSTENS = 60.0  # seconds a held answer waits at most: no thread hangs for ever
STANDAARD = {
    403: "Invalid token: API key not found",
    404: "Not Found",
    405: "Method not allowed",
    500: "Internal server error",
    503: "Service unavailable",
}


def fout(verzoek: Verzoek, status: int, message: str = "", error: str = "") -> Antwoord:
    return Antwoord(
        status,
        {
            "status_code": status,
            "errors": [
                {
                    "error": error or FOUTSOORT.get(status, "Exception"),
                    "message": message or STANDAARD.get(status, "Error"),
                }
            ],
        },
    )


def _b64(deel: str) -> bytes:
    return base64.urlsafe_b64decode(deel + "=" * (-len(deel) % 4))


def controleer_token(verzoek: Verzoek, api_key: str, nu: float | None = None) -> Antwoord | None:
    """None when the bearer token is Notify's for this key; else the 403 Notify answers."""
    kop = verzoek.headers.get("authorization", "")
    if not kop.startswith("Bearer "):
        return fout(
            verzoek, 401, "Unauthorized: authentication token must be provided", "AuthError"
        )
    delen = kop[7:].split(".")
    if len(delen) != 3:
        return fout(verzoek, 403, "Invalid token: signature, api token not found")
    service_id, secret = api_key[-73:-37], api_key[-36:]
    ondertekend = f"{delen[0]}.{delen[1]}".encode()
    verwacht = hmac.new(secret.encode(), ondertekend, hashlib.sha256).digest()
    try:
        header, claims, handtekening = (
            json.loads(_b64(delen[0])),
            json.loads(_b64(delen[1])),
            _b64(delen[2]),
        )
    except ValueError:
        return fout(verzoek, 403, "Invalid token: signature, api token not found")
    if header.get("alg") != "HS256" or not hmac.compare_digest(verwacht, handtekening):
        return fout(verzoek, 403, "Invalid token: signature, api token not found")
    if claims.get("iss") != service_id:
        return fout(verzoek, 403, "Invalid token: service not found")
    iat = claims.get("iat")
    if not isinstance(iat, int | float) or abs((nu or time.time()) - iat) > 30:
        return fout(verzoek, 403, "Error: Your system clock must be accurate to within 30 seconds")
    return None


class NotifyNL:
    """The service's memory: every notification accepted, by id, in order."""

    def __init__(self) -> None:
        self._slot = threading.Lock()
        self._berichten: dict[str, dict[str, Any]] = {}
        self._op_te_houden = 0
        self._losgelaten = threading.Event()

    def verzonden(self) -> list[dict[str, Any]]:
        with self._slot:
            return list(self._berichten.values())

    def wis(self) -> None:
        with self._slot:
            self._berichten.clear()

    def houd_op(self, aantal: int = 1) -> None:
        """Accept (and keep) the next `aantal` sms but hold their answers back until
        `laat_los()`: the sender waits inside its request, the message already sent."""
        with self._slot:
            self._op_te_houden = aantal
            self._losgelaten.clear()

    def laat_los(self) -> None:
        """Answer the held requests (to a sender that may be gone) and hold no more."""
        with self._slot:
            self._op_te_houden = 0
            self._losgelaten.set()

    def beantwoord(self, verzoek: Verzoek) -> Antwoord:
        pad = verzoek.path[len(PREFIX) :]
        if pad == "/v2/notifications/sms":
            return self.sms(verzoek) if verzoek.method == "POST" else fout(verzoek, 405)
        if pad == "/v2/notifications":
            return self.lijst(verzoek) if verzoek.method == "GET" else fout(verzoek, 405)
        if pad.startswith("/v2/notifications/"):
            if verzoek.method != "GET":
                return fout(verzoek, 405)
            with self._slot:
                bericht = self._berichten.get(pad.rsplit("/", 1)[-1])
            if bericht is None:
                return fout(verzoek, 404, "No result found", "NoResultFound")
            return Antwoord(200, bericht)
        return fout(verzoek, 404)

    def sms(self, verzoek: Verzoek) -> Antwoord:
        body = verzoek.body if isinstance(verzoek.body, dict) else None
        if body is None:
            return fout(verzoek, 400, "Invalid JSON supplied in POST data", "BadRequestError")
        fouten = []
        for veld in ("phone_number", "template_id"):
            if not body.get(veld):
                fouten.append(f"{veld} is a required property")
        telefoon = str(body.get("phone_number") or "").replace(" ", "")
        if telefoon and not _TELEFOON.match(telefoon):
            fouten.append("phone_number Not a valid phone number")
        if body.get("template_id") and not _UUID.match(str(body["template_id"])):
            fouten.append("template_id is not a valid UUID")
        personalisation = body.get("personalisation") or {}
        if not isinstance(personalisation, dict):
            fouten.append("personalisation should be an object")
        if fouten:
            return Antwoord(
                400,
                {
                    "status_code": 400,
                    "errors": [{"error": "ValidationError", "message": m} for m in fouten],
                },
            )
        id_ = str(uuid.uuid4())
        basis = verzoek.url.split("/v2/")[0]
        inhoud = "\n".join(str(v) for v in personalisation.values())
        bericht = {
            "id": id_,
            "reference": body.get("reference"),
            "phone_number": telefoon,
            "type": "sms",
            "status": "delivered",
            "template": {
                "id": body["template_id"],
                "version": 1,
                "uri": f"{basis}/v2/template/{body['template_id']}",
            },
            "body": inhoud,
            "created_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "uri": f"{basis}/v2/notifications/{id_}",
        }
        with self._slot:
            self._berichten[id_] = bericht
            ophouden = self._op_te_houden > 0
            if ophouden:
                self._op_te_houden -= 1
        if ophouden:
            self._losgelaten.wait(OPHOUDEN_HOOGSTENS)
        return Antwoord(
            201,
            {
                "id": id_,
                "reference": body.get("reference"),
                "content": {"body": inhoud, "from_number": "Gemeente"},
                "uri": bericht["uri"],
                "template": bericht["template"],
            },
        )

    def lijst(self, verzoek: Verzoek) -> Antwoord:
        referentie = verzoek.query.get("reference")
        with self._slot:
            berichten = [
                b
                for b in reversed(self._berichten.values())
                if referentie is None or b["reference"] == referentie
            ]
        return Antwoord(200, {"notifications": berichten, "links": {"current": verzoek.url}})
