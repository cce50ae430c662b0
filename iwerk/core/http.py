"""The one HTTP client for calls to other servers: `requests`, always with a timeout (ADR 0036).

Every outgoing HTTP request iwerk makes by itself goes through `request` (or, for OpenID Connect,
through Authlib's requests session in `core.oidc`), so each one waits at most
`IWERK_EXTERNAL_TIMEOUT` seconds to connect and per read (ADR 0031). The notification deliveries
keep their own pooled `http.client` connections (`notificaties.services.delivery`, for throughput) and the
virus scanner speaks clamd's socket protocol; both pass their own timeouts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from django.conf import settings

Fout = requests.RequestException  # no answer at all: refused, unknown host, timed out, reset


@contextmanager
def request(
    method: str, url: str, *, timeout: float | tuple[float, float] | None = None, **kwargs: Any
) -> Iterator[requests.Response]:
    """Send one request and yield the response (its body streamed: read what you need).
    `timeout` is one number for both waits, or (connect, read) as requests takes it.

    The connection is closed when the block ends. Redirects are followed, as before; an answer
    with any status is yielded, only a failure to get one raises `Fout`.
    """
    wait = timeout if timeout is not None else settings.IWERK_EXTERNAL_TIMEOUT
    with requests.request(method, url, timeout=wait, stream=True, **kwargs) as response:
        yield response


def body(response: requests.Response, limit: int) -> bytes:
    """At most `limit` bytes of the (decompressed) body: a server cannot fill our memory.
    A failure while reading raises `Fout` too (requests wraps urllib3's errors here)."""
    parts: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        parts.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(parts)[:limit]


def reden(exc: BaseException) -> str:
    """Why no answer came, in the words of the socket ("[Errno 111] Connection refused",
    "timed out"), not the layers of requests and urllib3 around it."""
    found: BaseException | None = None
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if (
            isinstance(current, OSError)
            and not isinstance(current, requests.RequestException)
            and (current.errno is not None or isinstance(current, TimeoutError))
        ):
            found = current  # the innermost one wins: it is what the socket said
        inner = getattr(current, "reason", None)
        todo.extend(
            [
                inner if isinstance(inner, BaseException) else None,
                current.__cause__,
                current.__context__,
                *(a for a in current.args if isinstance(a, BaseException)),
            ]
        )
    return str(found or exc)
