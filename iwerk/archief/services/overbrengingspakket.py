"""The transfer package: a zip with a SIP (Submission Information Package, MDTO SIP spec) of the
dossiers, a pakbon and checksums, written to a temporary file one file at a time.

Layout (docs/overbrenging.md)::

    pakbon.xml                      what, from whom, how much; the SIP's hash
    checksums.sha256                SHA-256 of every other file, as `sha256sum -c` reads it
    <nummer>/                       the SIP
      <zaak>/<zaak>.mdto.xml        the dossier (a folder per informatieobject, its sidecar inside)
      <zaak>/<document>/<document>.mdto.xml
      <zaak>/<document>/<document>_v<n>_<bestandsnaam>              the stored content
      <zaak>/<document>/<document>_v<n>_<bestandsnaam>.bestand.mdto.xml
      <zaak>/<besluit>/<besluit>.mdto.xml

Content is streamed from the document storage into the zip while its SHA-256 is computed; it
must match the checksum the register stored with it, or no package is made. A document that
two zaken of the package share is packed once, in the first dossier, and the other refers to it
(the SIP spec: an informatieobject occurs once, in one hierarchy).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from lxml import etree

from iwerk.archief import mdto
from iwerk.archief.selectors.overbrenging import Dossier
from iwerk.core.api.problems import Conflict
from iwerk.documenten import content

PAKBON = "pakbon.xml"
CHECKSUMS = "checksums.sha256"
# Not in a name of the SIP (its spec: < > : " / \ | ? * # & and the space), nor control chars.
_VERBODEN = re.compile(r'[<>:"/\\|?*#&\s\x00-\x1f]+')
_MAX_NAAM = 255 - len(".bestand.mdto.xml")


@dataclass
class Pakket:
    pad: Path  # the zip, in a temporary file the caller removes
    sha256: str
    grootte: int
    bestanden: dict[int, dict[str, str]]  # zaak pk → {path in the zip: sha256}
    aantal_informatieobjecten: int
    aantal_bestanden: int


def veilige_naam(naam: str, *, maximum: int = _MAX_NAAM) -> str:
    """naam as the SIP spec allows it in a file or folder name (at most `maximum` characters,
    keeping the extension)."""
    schoon = _VERBODEN.sub("_", naam).strip("._") or "naamloos"
    if len(schoon) <= maximum:
        return schoon
    stam, punt, extensie = schoon.rpartition(".")
    if punt and len(extensie) < 10:
        return f"{stam[: maximum - len(extensie) - 1]}.{extensie}"
    return schoon[:maximum]


@dataclass
class _Schrijver:
    zip: zipfile.ZipFile
    moment: tuple[int, int, int, int, int, int]
    regels: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256), in order
    namen: set[str] = field(default_factory=set)
    geplaatst: dict[int, mdto.Verwijzing] = field(default_factory=dict)  # document → stuk
    formaten: Counter[str] = field(default_factory=Counter)
    omvang_inhoud: int = 0
    informatieobjecten: int = 0
    bestanden: int = 0

    def uniek(self, naam: str) -> str:
        """naam, made unique in the package (the SIP spec asks unique names)."""
        kandidaat, n = naam, 1
        while kandidaat.lower() in self.namen:
            n += 1
            stam, punt, extensie = naam.rpartition(".")
            kandidaat = f"{stam}-{n}.{extensie}" if punt else f"{naam}-{n}"
        self.namen.add(kandidaat.lower())
        return kandidaat

    def _info(self, pad: str, compress: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(pad, date_time=self.moment)
        info.compress_type = compress
        info.external_attr = 0o640 << 16
        return info

    def los(self, pad: str, data: bytes) -> None:
        """A file no checksum line names (checksums.sha256 itself)."""
        self.zip.writestr(self._info(pad, zipfile.ZIP_DEFLATED), data)

    def xml(self, pad: str, data: bytes) -> str:
        self.los(pad, data)
        digest = hashlib.sha256(data).hexdigest()
        self.regels.append((pad, digest))
        return digest

    def inhoud(self, pad: str, chunks: Iterator[bytes], omvang: int | None) -> tuple[str, int]:
        """Stream content into the zip (stored: documents are mostly compressed already)."""
        digest, size = hashlib.sha256(), 0
        groot = omvang is None or omvang >= zipfile.ZIP64_LIMIT
        with self.zip.open(self._info(pad, zipfile.ZIP_STORED), "w", force_zip64=groot) as out:
            for chunk in chunks:
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        self.regels.append((pad, digest.hexdigest()))
        return digest.hexdigest(), size


def _bestandsnaam(document: Any, versie: Any) -> str:
    gegevens = versie.gegevens or {}
    naam = gegevens.get("bestandsnaam") or ""
    if not naam:
        extensie = mimetypes.guess_extension(gegevens.get("formaat") or "") or ""
        naam = f"{document.identificatie}{extensie}"
    return veilige_naam(f"{document.identificatie}_v{versie.versie}_{naam}")


def _stuk(
    s: _Schrijver,
    dossier: Dossier,
    document: Any,
    map_: str,
    context: mdto.Context,
    ref: mdto.Verwijzing,
) -> dict[str, str]:
    """Pack one document: its folder, a bestand per distinct stored content, its sidecar."""
    zaak = dossier.zaak
    versies = dossier.versies.get(document.pk, [])
    naam = s.uniek(veilige_naam(document.identificatie))
    folder = f"{map_}/{naam}"
    stuk_ref = mdto.stukverwijzing(document, versies)
    geschreven: dict[str, str] = {}
    representaties = []
    gezien: set[str] = set()
    for versie in versies:
        if not versie.inhoud or versie.inhoud in gezien:
            continue  # no content, or the content of an earlier version (a metadata change)
        gezien.add(versie.inhoud)
        bestandsnaam = s.uniek(_bestandsnaam(document, versie))
        pad = f"{folder}/{bestandsnaam}"
        try:
            sha, omvang = s.inhoud(pad, content.read(versie.inhoud), versie.bestandsomvang)
        except FileNotFoundError as error:
            raise Conflict(
                f"De inhoud van document {document.identificatie} versie {versie.versie} "
                "ontbreekt in de documentopslag; er is geen pakket gemaakt.",
                code="inhoud-ontbreekt",
            ) from error
        if versie.sha256 and sha != versie.sha256:
            raise Conflict(
                f"De inhoud van document {document.identificatie} versie {versie.versie} klopt "
                "niet met de controlegetal (SHA-256) waarmee ze is opgeslagen; er is geen pakket "
                "gemaakt. Laat de documentopslag controleren.",
                code="checksum-klopt-niet",
            )
        geschreven[pad] = sha
        bestand = mdto.bestand(
            document,
            versie,
            naam=bestandsnaam,
            omvang=omvang,
            sha256=sha,
            context=context,
            stuk=stuk_ref,
        )
        sidecar = f"{pad}.bestand.mdto.xml"
        geschreven[sidecar] = s.xml(sidecar, mdto.bestand_xml(bestand))
        representaties.append(mdto.Verwijzing(bestandsnaam, bestand.identificatie))
        s.bestanden += 1
        s.omvang_inhoud += omvang
        s.formaten[bestand.formaat.code] += 1
    besluiten = {b.pk: b for b in dossier.besluiten}
    gerelateerd = [
        mdto.Relatie(mdto.besluitverwijzing(besluiten[besluit_id]))
        for besluit_id, documenten in dossier.besluitdocumenten.items()
        if document.pk in documenten
    ]
    stuk = mdto.archiefstuk(
        document,
        zaak,
        context,
        versies=versies,
        representaties=representaties,
        dossier=ref,
        gerelateerd=gerelateerd,
    )
    sidecar = f"{folder}/{naam}.mdto.xml"
    geschreven[sidecar] = s.xml(sidecar, mdto.informatieobject_xml(stuk))
    s.informatieobjecten += 1
    s.geplaatst[document.pk] = stuk.verwijzing
    return geschreven


def _dossier(s: _Schrijver, dossier: Dossier, sip: str, context: mdto.Context) -> dict[str, str]:
    zaak = dossier.zaak
    naam = s.uniek(veilige_naam(zaak.identificatie))
    map_ = f"{sip}/{naam}"
    ref = mdto.dossierverwijzing(zaak)
    geschreven: dict[str, str] = {}
    onderdelen: list[mdto.Verwijzing] = []
    gerelateerd = [
        mdto.Relatie(mdto.zaakverwijzing(identificatie, bron, omschrijving))
        for identificatie, bron, omschrijving in dossier.verwant
    ]
    for document in dossier.documenten:
        if document.pk in s.geplaatst:  # packed with an earlier dossier of this package
            gerelateerd.append(mdto.Relatie(s.geplaatst[document.pk]))
            continue
        geschreven |= _stuk(s, dossier, document, map_, context, ref)
        onderdelen.append(s.geplaatst[document.pk])
    for besluit in dossier.besluiten:
        besluitnaam = s.uniek(veilige_naam(besluit.identificatie))
        stuk = mdto.besluitstuk(
            besluit,
            zaak,
            context,
            dossier=ref,
            gerelateerd=[
                mdto.Relatie(s.geplaatst[d])
                for d in dossier.besluitdocumenten.get(besluit.pk, [])
                if d in s.geplaatst
            ],
        )
        pad = f"{map_}/{besluitnaam}/{besluitnaam}.mdto.xml"
        geschreven[pad] = s.xml(pad, mdto.informatieobject_xml(stuk))
        s.informatieobjecten += 1
        onderdelen.append(stuk.verwijzing)
    io = mdto.dossier(
        zaak, context, onderdelen=onderdelen, gerelateerd=gerelateerd, rollen=dossier.rollen
    )
    pad = f"{map_}/{naam}.mdto.xml"
    geschreven[pad] = s.xml(pad, mdto.informatieobject_xml(io))
    s.informatieobjecten += 1
    return geschreven


def schrijf(
    *, context: mdto.Context, dossiers: Iterable[Dossier], contactpersoon: tuple[str, str]
) -> Pakket:
    """Write the package of these dossiers to a temporary file. contactpersoon: (name, e-mail)
    of the records manager, for the pakbon. Raises Conflict (content missing or not matching its
    checksum) or mdto.OngeldigeMdto; the temporary file is gone then."""
    sip = veilige_naam(context.pakket)
    t = timezone.localtime(context.moment)
    moment = (t.year, t.month, t.day, t.hour, t.minute, t.second)
    handle = tempfile.NamedTemporaryFile(prefix="iwerk-overbrenging-", suffix=".zip", delete=False)  # noqa: SIM115 - kept for the caller
    pad = Path(handle.name)
    bestanden: dict[int, dict[str, str]] = {}
    try:
        with handle, zipfile.ZipFile(handle, "w", allowZip64=True) as archief:
            s = _Schrijver(archief, moment)
            for dossier in dossiers:
                bestanden[dossier.zaak.pk] = _dossier(s, dossier, sip, context)
            sip_regels = "".join(f"{sha}  {p}\n" for p, sha in s.regels).encode()
            pakbon = _pakbon(
                s,
                context,
                sip,
                hashlib.sha256(sip_regels).hexdigest(),
                contactpersoon,
                len(bestanden),
            )
            s.xml(PAKBON, pakbon)
            s.los(CHECKSUMS, "".join(f"{sha}  {p}\n" for p, sha in s.regels).encode())
        digest, grootte = hashlib.sha256(), 0
        with pad.open("rb") as gelezen:
            while chunk := gelezen.read(content.CHUNK):
                digest.update(chunk)
                grootte += len(chunk)
    except BaseException:
        pad.unlink(missing_ok=True)
        raise
    return Pakket(
        pad=pad,
        sha256=digest.hexdigest(),
        grootte=grootte,
        bestanden=bestanden,
        aantal_informatieobjecten=s.informatieobjecten,
        aantal_bestanden=s.bestanden,
    )


def _pakbon(
    s: _Schrijver,
    context: mdto.Context,
    sip: str,
    sip_hash: str,
    contactpersoon: tuple[str, str],
    dossiers: int,
) -> bytes:
    """The pakbon of the MDTO SIP spec (its items, in Dutch element names): iwerk's own XML, as
    the spec leaves the format to the sender and the receiving repository."""
    root = etree.Element("pakbon", versie="1")

    def el(parent: Any, naam: str, text: str | int, **attrs: str) -> Any:
        element = etree.SubElement(parent, naam, attrib=attrs)
        element.text = str(text)
        return element

    el(root, "identificatie", f"{context.rsin}-{context.pakket}")
    el(root, "naam", f"Overbrenging {context.pakket} van de gemeente {context.gemeentenaam}")
    el(root, "sip", f"{sip}/")
    el(root, "mdtoVersie", mdto.MDTO_VERSIE)
    # The SHA-256 of the lines of checksums.sha256 for the SIP's files, in their order there:
    # grep '  <nummer>/' checksums.sha256 | sha256sum
    el(root, "hashcode", sip_hash, algoritme="SHA-256")
    el(root, "aangemaakt", timezone.localtime(context.moment).isoformat(timespec="seconds"))
    archiefvormer = etree.SubElement(root, "archiefvormer")
    el(archiefvormer, "naam", context.archiefvormer.naam)
    el(archiefvormer, "rsin", context.rsin)
    contact = etree.SubElement(root, "contactpersoon")
    el(contact, "naam", contactpersoon[0])
    el(contact, "email", contactpersoon[1])
    el(root, "aantalDossiers", dossiers)
    el(root, "aantalInformatieobjecten", s.informatieobjecten)
    el(root, "aantalBestanden", s.bestanden)
    # Files other than .mdto.xml in the SIP: the content files, each one MDTO bestand.
    el(root, "aantalBestandenZonderMdto", s.bestanden)
    el(root, "omvangInhoud", s.omvang_inhoud, eenheid="bytes")
    formaten = ", ".join(f"{code} ({n})" for code, n in sorted(s.formaten.items()))
    el(root, "bijzonderheden", f"Bestandsformaten: {formaten or 'geen'}.")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
