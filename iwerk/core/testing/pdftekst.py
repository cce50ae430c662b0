"""The text of a ReportLab PDF, for tests that check what a person reads in it.

ReportLab writes each page as one ASCII85 + Flate stream of text operators with the standard
fonts (WinAnsi): enough to read the words back without a PDF library.
"""

from __future__ import annotations

import base64
import re
import zlib

_STREAM = re.compile(
    rb"/Filter \[ /ASCII85Decode /FlateDecode \][^>]*>>\s*stream\r?\n(.*?)endstream", re.S
)
_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)\s*Tj|\[(?:[^\]])*\]\s*TJ", re.S)
_LITERAL = re.compile(rb"\(((?:[^()\\]|\\.)*)\)", re.S)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)


def _unescape(raw: bytes) -> str:
    def one(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(code, code)

    return _ESCAPE.sub(one, raw).decode("cp1252")


def tekst(pdf: bytes) -> str:
    """Every shown string of every content stream, one line per text operator."""
    regels = []
    for stream in _STREAM.findall(pdf):
        data = stream.strip()
        data = data[:-2] if data.endswith(b"~>") else data
        content = zlib.decompress(base64.a85decode(data))
        for operator in _STRING.findall(content):
            regels.append("".join(_unescape(s) for s in _LITERAL.findall(operator)))
    return "\n".join(regels)
