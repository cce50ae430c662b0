"""Reading the source: GET only, at a bounded rate, with retries (ADR 0063, points 7 and 8).

One `requests.Session` (one kept-alive connection, not `core.http`'s connection per call: a run
sends hundreds of thousands of requests to one host), a ZGW JWT (HS256 with the client id and
secret, renewed every minute), every request first through a token bucket. 5xx, 429, time-outs
and broken connections are retried after 1, 2, 4, 8 and 16 s; then the object is given up
(`BronFout`). When objects keep failing one after another, or the source refuses the client, the
source is taken for gone (`BronOnbereikbaar`): the run stops cleanly and can be resumed.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urlsplit

import jwt
import orjson
import requests

from iwerk.core.http import reden as socketreden

WACHTTIJDEN = (1.0, 2.0, 4.0, 8.0, 16.0)
OPNIEUW = {408, 429}  # and every 5xx
CHUNK = 256 * 1024
_SHA256 = re.compile(r'^(?:W/)?"?([0-9a-f]{64})"?$')


class BronFout(Exception):
    """One object could not be read (after the retries); the run goes on without it."""

    def __init__(self, url: str, reden: str) -> None:
        super().__init__(f"{url}: {reden}")
        self.url = url
        self.reden = reden


class BronOnbereikbaar(Exception):
    """The source is gone or refuses us: the run stops here and can be resumed."""


class InhoudFout(BronFout):
    """A document's content does not match its size or checksum."""


@dataclass
class Emmer:
    """A token bucket: at most `per_seconde` requests a second, bursts of at most `inhoud`."""

    per_seconde: float
    inhoud: float = 1.0
    klok: Callable[[], float] = time.monotonic
    slaap: Callable[[float], None] = time.sleep
    _tokens: float = field(init=False)
    _stand: float = field(init=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._tokens = self.inhoud
        self._stand = self.klok()

    def neem(self) -> None:
        """Wait until a token is free and take it."""
        if self.per_seconde <= 0:
            return
        with self._lock:
            nu = self.klok()
            self._tokens = min(self.inhoud, self._tokens + (nu - self._stand) * self.per_seconde)
            self._stand = nu
            if self._tokens < 1:
                wachten = (1 - self._tokens) / self.per_seconde
                self.slaap(wachten)
                self._stand = self.klok()
                self._tokens = 1.0
            self._tokens -= 1


@dataclass(frozen=True)
class Inhoud:
    """The content of one document version, as read from the source (spooled to `bestand`)."""

    sha256: str
    omvang: int


class Bron:
    """GET requests to the source's API roots; see the module docstring.

    `verzoeken` counts every request sent (retries included), `per_pad` the same per path kind
    (the collection or resource name), so tests and the report can say what a run cost the source.
    """

    def __init__(
        self,
        *,
        client_id: str,
        secret: str,
        max_per_seconde: float = 10.0,
        timeout: float = 30.0,
        wachttijden: tuple[float, ...] = WACHTTIJDEN,
        max_opeenvolgend: int = 3,
        slaap: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client_id = client_id
        self._secret = secret
        self.timeout = timeout
        self.wachttijden = wachttijden
        self.max_opeenvolgend = max_opeenvolgend
        self._slaap = slaap
        self.emmer = Emmer(max_per_seconde, slaap=slaap)
        self.sessie = requests.Session()
        self.sessie.headers.update(
            {
                "Accept": "application/json",
                "Accept-Crs": "EPSG:4326",
                "User-Agent": "iwerk-migratie",
            }
        )
        self.verzoeken = 0
        self.per_pad: Counter[str] = Counter()
        self._opeenvolgend = 0
        self._token = ""
        self._token_tijd = 0.0

    def sluit(self) -> None:
        self.sessie.close()

    def _autorisatie(self) -> str:
        nu = time.time()
        if not self._token or nu - self._token_tijd > 60:
            self._token = jwt.encode(
                {
                    "iss": self.client_id,
                    "client_id": self.client_id,
                    "iat": int(nu),
                    "user_id": "iwerk-migratie",
                    "user_representation": "iwerk migratie",
                },
                self._secret,
                algorithm="HS256",
            )
            self._token_tijd = nu
        return f"Bearer {self._token}"

    # --- one request, retried ---------------------------------------------------------------

    def _verstuur(
        self, url: str, params: dict[str, str] | None, *, stream: bool
    ) -> requests.Response:
        """The answer to GET url (2xx), after the retries; BronFout or BronOnbereikbaar else."""
        laatste = ""
        for poging in range(len(self.wachttijden) + 1):
            if poging:
                self._slaap(self.wachttijden[poging - 1])
            self.emmer.neem()
            self.verzoeken += 1
            self.per_pad[_soort_pad(url)] += 1
            try:
                antwoord = self.sessie.get(
                    url,
                    params=params,
                    timeout=self.timeout,
                    stream=stream,
                    headers={"Authorization": self._autorisatie()},
                    allow_redirects=False,
                )
            except requests.RequestException as exc:
                laatste = f"geen antwoord ({socketreden(exc)})"
                continue
            if antwoord.status_code >= 500 or antwoord.status_code in OPNIEUW:
                laatste = f"HTTP {antwoord.status_code}"
                wacht = _retry_after(antwoord)
                antwoord.close()
                if wacht is not None and poging < len(self.wachttijden):
                    self._slaap(min(wacht, 60.0))
                continue
            if antwoord.status_code == 401:
                antwoord.close()
                raise BronOnbereikbaar(
                    f"De bron weigert client_id '{self.client_id}' (HTTP 401 op {url}); "
                    "controleer client id en secret."
                )
            if antwoord.status_code == 403:
                # iwerk and Open Zaak also answer 403 to a token they do not accept: a list that
                # cannot be read stops the run with this reason (Kopieerder.lijst).
                tekst = antwoord.text[:300]
                antwoord.close()
                raise self._fout(
                    url,
                    f"HTTP 403: geen toegang; controleer client id, secret en de leesrechten "
                    f"bij de bron ({tekst})",
                    telt=False,
                )
            if antwoord.status_code >= 300:
                tekst = antwoord.text[:300]
                antwoord.close()
                raise self._fout(url, f"HTTP {antwoord.status_code}: {tekst}", telt=False)
            self._opeenvolgend = 0
            return antwoord
        raise self._fout(url, f"{laatste}, ook na {len(self.wachttijden)} nieuwe pogingen")

    def _fout(self, url: str, reden: str, *, telt: bool = True) -> BronFout:
        """The error for one object; raises BronOnbereikbaar instead once too many objects in a
        row could not be reached (`telt`: an answer that came, e.g. a 404, does not count)."""
        if not telt:
            return BronFout(url, reden)
        self._opeenvolgend += 1
        if self._opeenvolgend >= self.max_opeenvolgend:
            raise BronOnbereikbaar(
                f"De bron is onbereikbaar: {self._opeenvolgend} objecten na elkaar niet te lezen "
                f"(laatste: {url}: {reden}). De run is gestopt en kan worden hervat."
            )
        return BronFout(url, reden)

    # --- JSON --------------------------------------------------------------------------------

    def json(self, url: str, params: dict[str, str] | None = None) -> Any:
        """GET url as JSON."""
        antwoord = self._verstuur(url, params, stream=False)
        try:
            return orjson.loads(antwoord.content)
        except orjson.JSONDecodeError as exc:
            raise self._fout(url, f"geen JSON in het antwoord ({exc})", telt=False) from exc

    def lijst(self, url: str, params: dict[str, str] | None = None) -> Iterator[dict]:
        """Every object of a list: a paginated one (following `next`) or a plain JSON array."""
        volgende: str | None = url
        eerste = True
        while volgende:
            pagina = self.json(volgende, params if eerste else None)
            eerste = False
            if isinstance(pagina, list):
                yield from pagina
                return
            if not isinstance(pagina, dict) or not isinstance(pagina.get("results"), list):
                raise self._fout(url, "het antwoord is geen lijst", telt=False)
            yield from pagina["results"]
            volgende = pagina.get("next") or None
            if volgende and urlsplit(volgende)[:2] != urlsplit(url)[:2]:
                # The token goes with the request: never to another host than the list's.
                raise self._fout(
                    url, f"de volgende pagina staat op een andere host: {volgende}", telt=False
                )

    # --- content ------------------------------------------------------------------------------

    def inhoud(
        self,
        url: str,
        naar: IO[bytes],
        *,
        omvang: int | None,
        sha256: str | None,
    ) -> Inhoud:
        """Stream the content at url into `naar`, computing its SHA-256 on the way; checked
        against the declared size (bestandsomvang) and a known checksum (the document's
        `integriteit` with algoritme sha_256, or an ETag that is a SHA-256, as iwerk sends).
        A broken transfer is retried whole; a mismatch raises InhoudFout."""
        laatste = ""
        for poging in range(len(self.wachttijden) + 1):
            antwoord = self._verstuur(url, None, stream=True)
            naar.seek(0)
            naar.truncate()
            teller = hashlib.sha256()
            ontvangen = 0
            try:
                for blok in antwoord.iter_content(chunk_size=CHUNK):
                    teller.update(blok)
                    naar.write(blok)
                    ontvangen += len(blok)
            except requests.RequestException as exc:
                laatste = f"overdracht afgebroken ({socketreden(exc)})"
                if poging < len(self.wachttijden):
                    self._slaap(self.wachttijden[poging])
                continue
            finally:
                antwoord.close()
            berekend = teller.hexdigest()
            if omvang is not None and ontvangen != omvang:
                raise InhoudFout(
                    url, f"inhoud is {ontvangen} bytes, de bron noemt bestandsomvang {omvang}"
                )
            etag = _SHA256.match(antwoord.headers.get("ETag", "").lower())
            verwacht = (sha256 or "").lower() or (etag.group(1) if etag else "")
            if verwacht and verwacht != berekend:
                raise InhoudFout(
                    url, f"SHA-256 van de inhoud is {berekend}, de bron noemt {verwacht}"
                )
            naar.flush()
            return Inhoud(sha256=berekend, omvang=ontvangen)
        raise self._fout(url, f"{laatste}, ook na {len(self.wachttijden)} nieuwe pogingen")


def _retry_after(antwoord: requests.Response) -> float | None:
    waarde = antwoord.headers.get("Retry-After", "")
    try:
        return float(waarde) if waarde else None
    except ValueError:
        return None


_UUID_PAD = re.compile(r"/[0-9a-fA-F-]{36}")


def _soort_pad(url: str) -> str:
    """The path of url with uuids replaced, for counting requests per kind."""
    pad = urlsplit(url).path
    return _UUID_PAD.sub("/{uuid}", pad)
