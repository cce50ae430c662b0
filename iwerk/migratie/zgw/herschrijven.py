"""Source URLs to iwerk URLs, and the canonical hash of the source's JSON.

Every object keeps its uuid, so a URL of the source becomes iwerk's by swapping the API root in
front of it: `https://oz.example.nl/zaken/api/v1/zaken/{uuid}` →
`https://iwerk.example.nl/zaken/api/v1/zaken/{uuid}`. URLs outside the given roots (the BAG, the
BRP, the public Selectielijst) stay as they are.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

import orjson

# component -> iwerk's own API prefix
PREFIXEN = {
    "zaken": "/zaken/api/v1",
    "documenten": "/documenten/api/v1",
    "catalogi": "/catalogi/api/v1",
    "besluiten": "/besluiten/api/v1",
    "referentielijsten": "/referentielijsten/api/v1",
}


class Herschrijver:
    """Swaps the source's API roots for iwerk's in URLs and in whole JSON bodies."""

    def __init__(self, bron: dict[str, str], iwerk_basis: str) -> None:
        self.basis = iwerk_basis.rstrip("/")
        self.bron = {component: root.rstrip("/") for component, root in bron.items() if root}
        self.iwerk = {
            component: iwerk_basis.rstrip("/") + PREFIXEN[component] for component in self.bron
        }
        # Longest root first: one root may be a prefix of another on the same host.
        self._paren = sorted(
            ((self.bron[c], self.iwerk[c]) for c in self.bron), key=lambda p: -len(p[0])
        )

    def is_bron(self, url: str) -> bool:
        return any(url == root or url.startswith(root + "/") for root, _ in self._paren)

    def zelfde_host(self, url: str) -> bool:
        """Whether url is on a host (scheme and netloc) of one of the source's API roots."""
        delen = urlsplit(url)
        return any(
            (urlsplit(root).scheme, urlsplit(root).netloc) == (delen.scheme, delen.netloc)
            for root, _ in self._paren
        )

    def url(self, url: str) -> str:
        for root, doel in self._paren:
            if url == root or url.startswith(root + "/") or url.startswith(root + "?"):
                return doel + url[len(root) :]
        return url

    def body(self, data: Any) -> Any:
        """A copy of data with every source URL in it (at any depth) rewritten."""
        if isinstance(data, str):
            return self.url(data) if data.startswith(("http://", "https://")) else data
        if isinstance(data, list):
            return [self.body(item) for item in data]
        if isinstance(data, dict):
            return {key: self.body(value) for key, value in data.items()}
        return data

    def hostloos(self, data: Any) -> Any:
        """data with every source URL made an iwerk path without scheme and host, as iwerk's
        audit trail keeps them ("/zaken/api/v1/zaken/…")."""
        if isinstance(data, str):
            url = self.url(data) if data.startswith(("http://", "https://")) else data
            return url[len(self.basis) :] if url.startswith(self.basis + "/") else url
        if isinstance(data, list):
            return [self.hostloos(item) for item in data]
        if isinstance(data, dict):
            return {key: self.hostloos(value) for key, value in data.items()}
        return data

    def pad(self, url: str) -> str:
        """The path (with query) of the iwerk URL that url becomes."""
        delen = urlsplit(self.url(url))
        return delen.path + (f"?{delen.query}" if delen.query else "")


def uuid_uit(url: str) -> str:
    """The last path segment of a resource URL: its uuid."""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def kanoniek(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def hash_van(*delen: Any) -> str:
    """SHA-256 of the canonical JSON of the parts, in order."""
    teller = hashlib.sha256()
    for deel in delen:
        teller.update(kanoniek(deel))
        teller.update(b"\x1e")
    return teller.hexdigest()
