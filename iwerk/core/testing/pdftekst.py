"""The text of a ReportLab PDF, for tests that check what a person reads in it.

ReportLab writes each page as one ASCII85 + Flate stream of text operators. With the standard
fonts the strings are WinAnsi; with an embedded TrueType subset (DejaVu Sans, iwerk.core.pdf) a
string's bytes are codes of the subset, which its /ToUnicode CMap turns back into characters.
Enough to read the words back without a PDF library.
"""

from __future__ import annotations

import base64
import re
import zlib

_STREAM = re.compile(
    rb"/Filter \[ /ASCII85Decode /FlateDecode \][^>]*>>\s*stream\r?\n(.*?)endstream", re.S
)
_OBJECT = re.compile(rb"\n(\d+) 0 obj\s*<<(.*?)>>\s*(?:stream\r?\n(.*?)endstream|endobj)", re.S)
# A font selection (/F2+0 10 Tf) or a shown string: (…) Tj or [(…) …] TJ.
_OPERATOR = re.compile(rb"/(\S+)\s+[\d.]+\s+Tf|\((?:[^()\\]|\\.)*\)\s*Tj|\[(?:[^\]])*\]\s*TJ", re.S)
_LITERAL = re.compile(rb"\(((?:[^()\\]|\\.)*)\)", re.S)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _unescape(raw: bytes) -> bytes:
    def one(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(code, code)

    return _ESCAPE.sub(one, raw)


def _cmap(data: bytes) -> dict[int, str]:
    """Code -> text of a ToUnicode CMap (bfchar and bfrange sections)."""
    kaart: dict[int, str] = {}
    for sectie in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for begin, eind, doel in _BFRANGE.findall(sectie):
            start = int(doel, 16)
            for i, code in enumerate(range(int(begin, 16), int(eind, 16) + 1)):
                kaart[code] = chr(start + i)
    for sectie in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, doel in _BFCHAR.findall(sectie):
            kaart[int(code, 16)] = bytes.fromhex(doel.decode()).decode("utf-16-be")
    return kaart


def _fonts(pdf: bytes) -> dict[bytes, dict[int, str]]:
    """Resource name (b"F2+0") -> its ToUnicode map, for the fonts that have one."""
    objecten = {
        nummer: (woordenboek, stream) for nummer, woordenboek, stream in _OBJECT.findall(pdf)
    }
    fonts = {}
    for woordenboek, _ in objecten.values():
        if b"/ToUnicode" not in woordenboek or b"/Type /Font" not in woordenboek:
            continue
        naam = re.search(rb"/Name /(\S+)", woordenboek)
        ref = re.search(rb"/ToUnicode (\d+) 0 R", woordenboek)
        if naam and ref and ref.group(1) in objecten:
            stream = objecten[ref.group(1)][1].strip()
            fonts[naam.group(1)] = _cmap(zlib.decompress(stream))
    return fonts


def tekst(pdf: bytes) -> str:
    """Every shown string of every content stream, one line per text operator."""
    fonts = _fonts(pdf)
    regels = []
    for stream in _STREAM.findall(pdf):
        data = stream.strip()
        data = data[:-2] if data.endswith(b"~>") else data
        content = zlib.decompress(base64.a85decode(data))
        kaart: dict[int, str] | None = None
        for match in _OPERATOR.finditer(content):
            if match.group(1) is not None:  # Tf: the font of the strings that follow
                kaart = fonts.get(match.group(1))
                continue
            delen = (_unescape(s) for s in _LITERAL.findall(match.group(0)))
            if kaart is None:
                regels.append("".join(deel.decode("cp1252") for deel in delen))
            else:
                regels.append("".join(kaart.get(b, chr(b)) for deel in delen for b in deel))
    return "\n".join(regels)
