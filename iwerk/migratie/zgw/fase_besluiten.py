"""Phase 4: besluiten with their besluitinformatieobjecten (one unit per besluit; those read per
besluit, only for one that is written); phase 5: the audit trail of every zaak, document and
besluit written, where the source exposes it."""

from __future__ import annotations

from iwerk.migratie import services
from iwerk.migratie.selectors import Boekregel
from iwerk.migratie.services import Regel
from iwerk.migratie.zgw.bron import BronFout
from iwerk.migratie.zgw.eenheden import schrijf_object, spiegel
from iwerk.migratie.zgw.herschrijven import hash_van
from iwerk.migratie.zgw.kopieren import GEKOPIEERD, Eenheid, Kopieerder
from iwerk.migratie.zgw.schrijven import Geweigerd

HOOFDOBJECTEN = ("zaak", "enkelvoudiginformatieobject", "besluit")
AUDITTRAIL = "/audittrail"


def kopieer(k: Kopieerder) -> None:
    besluiten = k.lijst("besluit", f"{k.root('besluiten')}/besluiten")
    k.voorlaad_bezet("besluit", besluiten)
    k.voortgang.begin("besluit", len(besluiten))
    gelezen: dict[str, list[dict]] = {}
    for besluit in besluiten:
        h = hash_van(besluit)
        afhankelijk = [("besluittype", besluit.get("besluittype", ""))]
        if besluit.get("zaak"):
            afhankelijk.append(("zaak", besluit["zaak"]))
        eenheid = Eenheid(
            "besluit",
            besluit["url"],
            h,
            lambda b=besluit, h=h: _schrijf(k, b, h, gelezen),
            afhankelijk=afhankelijk,
            forceer=k.volledig and _bios_gewijzigd(k, besluit, h, gelezen),
        )
        k.verwerk(eenheid)
    k.voortgang.klaar()


def _bios(k: Kopieerder, besluit: dict, gelezen: dict[str, list[dict]]) -> list[dict]:
    """A besluit's besluitinformatieobjecten, read per besluit: the standard lists them without
    pages (for a whole source possibly one huge answer), and the besluit does not name them."""
    url = besluit["url"]
    if url not in gelezen:
        items = k.bron.lijst(f"{k.root('besluiten')}/besluitinformatieobjecten", {"besluit": url})
        gelezen[url] = sorted(items, key=lambda b: str(b.get("url")))
    return gelezen[url]


def _bios_gewijzigd(k: Kopieerder, besluit: dict, h: str, gelezen: dict[str, list[dict]]) -> bool:
    """--volledig: whether a copied, unchanged besluit's besluitinformatieobjecten changed."""
    regel = k.boek.get(besluit["url"])
    if regel is None or regel.toestand != GEKOPIEERD or regel.hash != h:
        return False  # written anyway
    return hash_van(_bios(k, besluit, gelezen)) != regel.gegevens.get("bios")


def _schrijf(k: Kopieerder, besluit: dict, h: str, gelezen: dict[str, list[dict]]) -> list[Regel]:
    bios = _bios(k, besluit, gelezen)
    for bio in bios:
        if reden := k.ontbrekend([("document", bio.get("informatieobject", ""))]):
            raise Geweigerd(400, "niet-gemigreerd", reden)
    _, regel = schrijf_object(k, "besluit", besluit, hash_=h, gegevens={"bios": hash_van(bios)})
    # A besluitinformatieobject cannot be changed: a changed one is removed and made again.
    regels, waarschuwingen = spiegel(
        k, "besluitinformatieobject", besluit["url"], bios, bijwerken="opnieuw", streng=True
    )
    regel.waarschuwing = "; ".join(waarschuwingen)
    return [regel, *regels]


def kopieer_audittrail(k: Kopieerder) -> None:
    """The source's audit trail of every copied zaak, document and besluit whose trail was not
    read since the object last changed, added to iwerk's trail of the same object."""
    if not k.met_audittrail:
        return
    te_doen = []
    for url, regel in list(k.boek.items()):
        trail = k.boek.get(url + AUDITTRAIL)
        if (
            regel.soort in HOOFDOBJECTEN
            and regel.toestand == GEKOPIEERD
            and regel.uuid in k.bij_bron.get(regel.soort, set())  # still at the source
            and (trail is None or trail.gegevens.get("object") != _versie(regel))
        ):
            te_doen.append((url, _versie(regel)))
    k.voortgang.begin("audittrail", len(te_doen))
    for index, (url, objecthash) in enumerate(te_doen):
        try:
            regels = k.bron.json(url + AUDITTRAIL)
        except BronFout as fout:
            weigert = fout.reden.startswith("HTTP 403") or (
                index == 0 and fout.reden.startswith("HTTP 404")
            )
            if weigert:
                k.voortgang.meld(
                    f"De bron geeft de audittrail niet ({fout.reden[:120]}); de audittrail wordt "
                    "niet overgenomen."
                )
                k.tellers["audittrail"]["niet aangeboden"] += len(te_doen)
                return
            k.verwerk(_mislukt(url, fout))
            continue
        if not isinstance(regels, list):
            k.verwerk(_mislukt(url, BronFout(url + AUDITTRAIL, "het antwoord is geen lijst")))
            continue
        k.verwerk(
            Eenheid(
                "audittrail",
                url + AUDITTRAIL,
                hash_van(regels),
                lambda r=regels, u=url, h=objecthash: _importeer(k, u, h, r),
            )
        )
    k.voortgang.klaar()


def _versie(regel: Boekregel) -> str:
    """What the object is now: its source hash, and the parts read per object as last read
    (a change of those alone adds to the trail too)."""
    return hash_van(
        regel.hash,
        *(regel.gegevens.get(deel) for deel in ("eigenschappen", "zios", "rechten", "bios")),
    )


def _importeer(k: Kopieerder, url: str, objecthash: str, regels: list[dict]) -> list[Regel]:
    aantal = services.importeer_audittrail(
        gemeente_id=k.migratie.tenant_id, regels=regels, hostloos=k.herschrijver.hostloos
    )
    return [
        Regel(
            "audittrail",
            url + AUDITTRAIL,
            GEKOPIEERD,
            hash=hash_van(regels),
            gegevens={"object": objecthash, "regels": len(regels), "nieuw": aantal},
        )
    ]


def _mislukt(url: str, fout: BronFout) -> Eenheid:
    def weigeren() -> list[Regel]:
        raise fout

    return Eenheid("audittrail", url + AUDITTRAIL, "", weigeren)
