"""URLs to registers outside this installation: checked by fetching them, and only when allowed.

`IWERK_ALLOW_EXTERNAL_REGISTERS` decides. Off (the default): references to other installations'
ZGW registers are refused by `references.resolve_uuid`, and references to registers iwerk does
not have (Klantinteracties, BRP, BAG, Objecten) are stored as given, without any request leaving
the installation. On: such a URL must answer `200` with a JSON object within the timeout, as the
standard's "valideren door op te vragen" asks (zrc-010, zrc-011, B28).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.conf import settings

from iwerk.core import http
from iwerk.core.api.problems import ValidationFailed

MAX_BYTES = 1024 * 1024


def allowed() -> bool:
    return bool(settings.IWERK_ALLOW_EXTERNAL_REGISTERS)


def fetch_json(url: str, field: str) -> dict:
    """GET url and return its JSON object; 400 `bad-url` naming field when it does not answer so."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValidationFailed.single(
            field, "bad-url", "Alleen http- en https-URL's zijn toegestaan."
        )
    try:
        with http.request("GET", url, headers={"Accept": "application/json"}) as response:
            status = response.status_code
            body = http.body(response, MAX_BYTES + 1) if status == 200 else b""
    except http.Fout as exc:
        raise ValidationFailed.single(
            field, "bad-url", f"De URL is niet bereikbaar: {http.reden(exc)}."
        ) from exc
    if not 200 <= status < 300:
        raise ValidationFailed.single(
            field, "bad-url", f"De URL antwoordt met HTTP {status} in plaats van 200."
        )
    try:
        data = json.loads(body) if status == 200 and len(body) <= MAX_BYTES else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ValidationFailed.single(
            field, "invalid-resource", "De URL levert geen JSON-object met HTTP 200 op."
        )
    return data


def check_if_allowed(url: str, field: str) -> None:
    """For references to registers iwerk does not host: fetched when allowed, else kept as given."""
    if url and allowed():
        fetch_json(url, field)
