"""A small ZGW client over real HTTP for the source's filler (requests, a JWT-ZGW token).

One requests session per thread (keep-alive), a token made again every ten minutes (iwerk
refuses an iat older than IWERK_JWT_EXPIRY), the CRS headers the Zaken API asks on zaken.
Any answer other than the expected status raises VulFout with what the source said.
"""

from __future__ import annotations

import base64
import threading
import time
from typing import Any

import jwt
import requests

API = {
    "catalogi": "catalogi/api/v1",
    "zaken": "zaken/api/v1",
    "documenten": "documenten/api/v1",
    "besluiten": "besluiten/api/v1",
}
CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
TOKEN_SECONDEN = 600


class VulFout(RuntimeError):
    """The source refused a request of the filler."""


def token(client_id: str, secret: str) -> str:
    """A JWT-ZGW bearer token for client_id (HS256, as ZGW clients make them)."""
    claims = {
        "iss": client_id,
        "client_id": client_id,
        "iat": int(time.time()),
        "user_id": "vuller",
        "user_representation": "Vuller van de bron",
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def uuid_van(url: str) -> str:
    """The uuid at the end of a resource URL."""
    return url.rstrip("/").rsplit("/", 1)[1]


def inhoud_b64(inhoud: bytes) -> str:
    return base64.b64encode(inhoud).decode()


class ZgwClient:
    def __init__(self, basis_url: str, client_id: str, secret: str, *, timeout: float = 120):
        self.basis_url = basis_url.rstrip("/")
        self.client_id, self.secret, self.timeout = client_id, secret, timeout
        self._lokaal = threading.local()
        self._token = ("", 0.0)
        self._iot_namen: dict[str, str] | None = None
        self._lock = threading.Lock()
        self.verzoeken = 0  # requests made, for the bench's rate

    def url(self, component: str, resource: str) -> str:
        return f"{self.basis_url}/{API[component]}/{resource}"

    def _headers(self, url: str) -> dict[str, str]:
        with self._lock:
            self.verzoeken += 1
            waarde, gemaakt = self._token
            # Not "age > limit" alone: time.monotonic() can be smaller than the limit on a
            # freshly booted machine, and the first request then went out without a token.
            if not waarde or time.monotonic() - gemaakt > TOKEN_SECONDEN:
                waarde = token(self.client_id, self.secret)
                self._token = (waarde, time.monotonic())
        headers = {"Authorization": f"Bearer {waarde}"}
        # The Zaken API asks the CRS headers on zaken (zaakgeometrie), not on the rest.
        if "/zaken/api/v1/zaken" in url and "/zaakeigenschappen" not in url:
            headers.update(CRS)
        return headers

    def _sessie(self) -> requests.Session:
        sessie = getattr(self._lokaal, "sessie", None)
        if sessie is None:
            sessie = self._lokaal.sessie = requests.Session()
        return sessie

    def request(
        self, method: str, url: str, *, json: Any = None, params: dict | None = None, ok=(200,)
    ) -> Any:
        antwoord = self._sessie().request(
            method, url, json=json, params=params, headers=self._headers(url), timeout=self.timeout
        )
        if antwoord.status_code not in ok:
            raise VulFout(
                f"{method} {url} gaf {antwoord.status_code} (verwacht {ok}): "
                f"{antwoord.text[:2000]}\nverzonden: {str(json)[:1000]}"
            )
        return antwoord.json() if antwoord.content else None

    def get(self, url: str, params: dict | None = None) -> Any:
        return self.request("GET", url, params=params)

    def post(self, url: str, body: dict, ok: tuple[int, ...] = (201,)) -> Any:
        return self.request("POST", url, json=body, ok=ok)

    def patch(self, url: str, body: dict) -> Any:
        return self.request("PATCH", url, json=body)

    def download(self, url: str) -> bytes:
        """The bytes at url (e.g. a document version's `inhoud`), with the token."""
        antwoord = self._sessie().get(url, headers=self._headers(url), timeout=self.timeout)
        if antwoord.status_code != 200:
            raise VulFout(f"GET {url} gaf {antwoord.status_code}: {antwoord.text[:500]}")
        return antwoord.content

    def alles(self, url: str, params: dict | None = None) -> list[dict]:
        """Every object of a list, page after page (or the plain list of an unpaged one)."""
        rijen: list[dict] = []
        volgende: str | None = url
        while volgende:
            antwoord = self.get(volgende, params=params if volgende == url else None)
            if isinstance(antwoord, list):
                return antwoord
            rijen.extend(antwoord["results"])
            volgende = antwoord.get("next")
        return rijen

    def iot_namen(self) -> dict[str, str]:
        """Informatieobjecttype URL -> omschrijving, of the source's catalogi (read once)."""
        if self._iot_namen is None:
            rijen = self.alles(self.url("catalogi", "informatieobjecttypen"))
            self._iot_namen = {r["url"]: r["omschrijving"] for r in rijen}
        return self._iot_namen
