"""The map tiles of this installation: the configured URL template and the source a
Content-Security-Policy must allow for it. Read by the settings (to refuse a wrong URL at
startup) and by the pages that show a map."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_PLAATSHOUDER = re.compile(r"\{[^}]*\}")


def tegelbron(url: str) -> str:
    """The CSP source (scheme and host) of a tile URL template such as
    ``https://service.pdok.nl/…/{z}/{x}/{y}.png``; a subdomain placeholder (``{s}.tile…``)
    becomes the wildcard ``*.tile…``. A path on this server (``/static/tegels/{z}/{x}/{y}.png``,
    a tile set served with the static files, for a map that works offline) is ``'self'``.

    Raises ImproperlyConfigured when the URL is no http(s) template or path with {z}, {x} and
    {y}, or its host has a placeholder anywhere but as the whole leftmost label.
    """
    if url.startswith("/") and not url.startswith("//"):
        if not all(deel in url for deel in ("{z}", "{x}", "{y}")):
            raise ImproperlyConfigured(
                f"IWERK_KAART_TEGELS must contain {{z}}, {{x}} and {{y}}: {url!r}"
            )
        return "'self'"
    onderdelen = urlsplit(url)
    if onderdelen.scheme not in ("https", "http") or not onderdelen.netloc:
        raise ImproperlyConfigured(
            f"IWERK_KAART_TEGELS must be an http(s) URL template, got {url!r}"
        )
    if not all(deel in url for deel in ("{z}", "{x}", "{y}")):
        raise ImproperlyConfigured(
            f"IWERK_KAART_TEGELS must contain {{z}}, {{x}} and {{y}}: {url!r}"
        )
    eerste, _, rest = onderdelen.netloc.partition(".")
    host = f"*.{rest}" if _PLAATSHOUDER.fullmatch(eerste) and rest else onderdelen.netloc
    if _PLAATSHOUDER.search(host):
        raise ImproperlyConfigured(
            f"IWERK_KAART_TEGELS: a placeholder in the host can only be its first label: {url!r}"
        )
    return f"{onderdelen.scheme}://{host}"
