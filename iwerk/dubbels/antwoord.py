"""A received request and an answer, as the doubles' handlers see them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Verzoek:
    """What a register received: headers with lower-case names, the JSON body parsed (None when
    there was none; the text when it was no JSON)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    ruwe_body: bytes = field(default=b"", repr=False)
    host: str = field(default="127.0.0.1", repr=False)

    @property
    def url(self) -> str:
        """The absolute URL of this request without its query (for `instance` and `_links`)."""
        return f"http://{self.host}{self.path}"


@dataclass(frozen=True)
class Antwoord:
    status: int
    body: Any  # JSON-able, or bytes sent as they are
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    def inhoud(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")
