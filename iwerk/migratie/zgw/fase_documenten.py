"""Phase 2: documents — every enkelvoudiginformatieobject with all its versions in order, each
version's content streamed from the source with its SHA-256, and its gebruiksrechten (one unit
per document; the gebruiksrechten read per document, only for one that is written).

Version 1 is created with POST; every later version is a lock, a PUT with its content and the
source's `beginRegistratie`, and an unlock, as a client registers a new version. What iwerk
stored is checked against the SHA-256 read from the source; a mismatch fails the document whole.
"""

from __future__ import annotations

import base64
import tempfile
from typing import IO

from django.conf import settings

from iwerk.migratie import selectors
from iwerk.migratie.services import Regel
from iwerk.migratie.zgw.bron import BronFout, InhoudFout
from iwerk.migratie.zgw.eenheden import body, spiegel
from iwerk.migratie.zgw.herschrijven import hash_van, uuid_uit
from iwerk.migratie.zgw.kopieren import GEKOPIEERD, Eenheid, Kopieerder, controleer_uuid
from iwerk.migratie.zgw.schrijven import Geweigerd

SOORT = "enkelvoudiginformatieobject"
# Properties that change without a new version (a lock) and say nothing of the document.
VLUCHTIG = ("locked", "bestandsdelen")


def kopieer(k: Kopieerder) -> None:
    documenten = k.lijst(SOORT, f"{k.root('documenten')}/enkelvoudiginformatieobjecten")
    k.voorlaad_bezet(SOORT, documenten)
    k.voortgang.begin(SOORT, len(documenten))
    gelezen: dict[str, list[dict]] = {}
    for document in documenten:
        h = hash_van({k_: v for k_, v in document.items() if k_ not in VLUCHTIG})
        eenheid = Eenheid(
            SOORT,
            document["url"],
            h,
            lambda d=document, h=h: _schrijf(k, d, h, gelezen),
            afhankelijk=[("informatieobjecttype", document.get("informatieobjecttype", ""))],
            forceer=k.volledig and _rechten_gewijzigd(k, document, h, gelezen),
        )
        if k.verwerk(eenheid):
            k.teruglezen.append(uuid_uit(document["url"]))
    k.voortgang.klaar()


def _rechten(k: Kopieerder, document: dict, gelezen: dict[str, list[dict]]) -> list[dict]:
    """A document's gebruiksrechten, read per document: the standard lists them without pages,
    which for a whole source could be one huge answer. Only a document whose
    indicatieGebruiksrecht is true has any (drc-006), or one that had some before."""
    url = document["url"]
    if url not in gelezen:
        if document.get("indicatieGebruiksrecht") is not True and not k.kinderen.get(
            ("gebruiksrechten", url)
        ):
            gelezen[url] = []
        else:
            items = k.bron.lijst(
                f"{k.root('documenten')}/gebruiksrechten", {"informatieobject": url}
            )
            gelezen[url] = sorted(items, key=lambda r: str(r.get("url")))
    return gelezen[url]


def _rechten_gewijzigd(
    k: Kopieerder, document: dict, h: str, gelezen: dict[str, list[dict]]
) -> bool:
    """--volledig: whether the gebruiksrechten of a copied, unchanged document changed (a
    change of a gebruiksrecht does not change the document)."""
    regel = k.boek.get(document["url"])
    if regel is None or regel.toestand != GEKOPIEERD or regel.hash != h:
        return False  # written anyway
    return hash_van(_rechten(k, document, gelezen)) != regel.gegevens.get("rechten")


def _schrijf(k: Kopieerder, document: dict, h: str, gelezen: dict[str, list[dict]]) -> list[Regel]:
    url = document["url"]
    sleutel = uuid_uit(url)
    vorige = k.boek.get(url)
    versies: dict[str, str] = (
        dict(vorige.gegevens.get("versies", {})) if vorige and vorige.uuid else {}
    )
    gekopieerd_tot = max((int(v) for v in versies), default=0)
    laatste = int(document.get("versie") or 1)
    if laatste < gekopieerd_tot:
        raise Geweigerd(
            409,
            "versie-terug",
            f"de bron heeft versie {laatste}, iwerk al versie {gekopieerd_tot}: niet teruggezet",
        )
    waarschuwingen = []
    if document.get("locked"):
        waarschuwingen.append("het document was bij de bron gelockt (in bewerking)")
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as buffer:
        for nummer in range(gekopieerd_tot + 1, laatste + 1):
            versie = document if nummer == laatste else k.bron.json(url, {"versie": str(nummer)})
            versies[str(nummer)] = _schrijf_versie(k, versie, nummer, buffer, nieuw=nummer == 1)
    _controleer_opgeslagen(sleutel, versies, range(gekopieerd_tot + 1, laatste + 1))
    rechten = _rechten(k, document, gelezen)
    regels, meldingen = spiegel(k, "gebruiksrechten", url, rechten, streng=True)
    waarschuwingen += meldingen
    return [
        Regel(
            SOORT,
            url,
            GEKOPIEERD,
            uuid=sleutel,
            hash=h,
            waarschuwing="; ".join(waarschuwingen),
            gegevens={"versies": versies, "rechten": hash_van(rechten)},
        ),
        *regels,
    ]


def _schrijf_versie(
    k: Kopieerder, versie: dict, nummer: int, buffer: IO[bytes], *, nieuw: bool
) -> str:
    """Write one version; returns the SHA-256 of its content ("" without content)."""
    inhoud_url = versie.get("inhoud") or ""
    sha = ""
    gegevens = body(k, versie)
    if inhoud_url:
        if not k.herschrijver.zelfde_host(inhoud_url):
            # The token goes with the request: never to a host that is not the source's.
            raise BronFout(
                inhoud_url, "de inhoud staat op een andere host dan de bron; niet opgehaald"
            )
        gelezen = k.bron.inhoud(
            inhoud_url,
            buffer,
            omvang=versie.get("bestandsomvang"),
            sha256=_integriteit(versie),
        )
        sha = gelezen.sha256
        gegevens["bestandsomvang"] = gelezen.omvang
        if gelezen.omvang * 4 // 3 + 4096 > settings.IWERK_DOCUMENT_MAX_BODY:
            # Too large for one request: in bestandsdelen, as a client uploads a large file.
            gegevens["inhoud"] = None
            _in_delen(k, versie, gegevens, buffer, nieuw=nieuw)
            return sha
        buffer.seek(0)
        gegevens["inhoud"] = base64.b64encode(buffer.read()).decode()
    else:
        # No content at the source: no upload in parts may be planned for it.
        gegevens["inhoud"] = None
        gegevens["bestandsomvang"] = None
    iwerk_url = k.iwerk_url(versie["url"])
    if nieuw:
        gegevens["indicatieGebruiksrecht"] = _begin_gebruiksrecht(gegevens)
        antwoord = k.schrijver.post(k.iwerk_collectie(SOORT), gegevens)
        controleer_uuid(antwoord, uuid_uit(versie["url"]), SOORT)
        return sha
    lock = k.schrijver.post(f"{iwerk_url}/lock")["lock"]
    gegevens["lock"] = lock
    k.schrijver.put(iwerk_url, gegevens)
    k.schrijver.post(f"{iwerk_url}/unlock", {"lock": lock})
    return sha


def _in_delen(
    k: Kopieerder, versie: dict, gegevens: dict, buffer: IO[bytes], *, nieuw: bool
) -> None:
    """Write a version whose content comes in bestandsdelen: create or change it with only its
    bestandsomvang, upload each part with the lock, unlock (iwerk then joins the parts)."""
    iwerk_url = k.iwerk_url(versie["url"])
    if nieuw:
        gegevens["indicatieGebruiksrecht"] = _begin_gebruiksrecht(gegevens)
        antwoord = k.schrijver.post(k.iwerk_collectie(SOORT), gegevens)
        controleer_uuid(antwoord, uuid_uit(versie["url"]), SOORT)
        lock = antwoord["lock"]
    else:
        lock = k.schrijver.post(f"{iwerk_url}/lock")["lock"]
        gegevens["lock"] = lock
        antwoord = k.schrijver.put(iwerk_url, gegevens)
    buffer.seek(0)
    for deel in sorted(antwoord.get("bestandsdelen") or [], key=lambda d: int(d["volgnummer"])):
        k.schrijver.bestandsdeel(deel["url"], lock, buffer.read(int(deel["omvang"])))
    k.schrijver.post(f"{iwerk_url}/unlock", {"lock": lock})


def _begin_gebruiksrecht(gegevens: dict) -> bool | None:
    # drc-006: it starts empty; the gebruiksrechten written after it set it again.
    waarde = gegevens.get("indicatieGebruiksrecht")
    return None if waarde is True else waarde


def _integriteit(versie: dict) -> str | None:
    integriteit = versie.get("integriteit") or {}
    if str(integriteit.get("algoritme", "")).lower().replace("-", "_") in ("sha_256", "sha256"):
        return str(integriteit.get("waarde") or "") or None
    return None


def _controleer_opgeslagen(sleutel: str, versies: dict[str, str], nummers: range) -> None:
    """What iwerk stored for the versions just written is what the source sent."""
    opgeslagen = selectors.versies_sha256(sleutel)
    for nummer in nummers:
        verwacht = versies[str(nummer)]
        gevonden = opgeslagen.get(nummer, ("", ""))[0]
        if verwacht and gevonden != verwacht:
            raise InhoudFout(
                sleutel,
                f"versie {nummer}: iwerk bewaarde inhoud met SHA-256 {gevonden or '(geen)'}, "
                f"de bron stuurde {verwacht}",
            )
