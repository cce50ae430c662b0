"""Phase 3: zaken — one unit per hoofdzaak with its deelzaken, each zaak with its rollen,
zaakobjecten, zaakeigenschappen, resultaat, statussen and zaakinformatieobjecten; then the
relevante andere zaken that pointed at zaken not yet copied.

Statussen, resultaten, rollen and zaakobjecten (paginated lists) are listed once for the whole
source and grouped by zaak, so a zaak's hash covers them and an unchanged zaak costs no request
of its own. Zaakeigenschappen (nested under their zaak) and zaakinformatieobjecten (a list
without pages, which for a whole source could be one huge answer) are read per zaak, only for a
zaak that is written; the zaak's own JSON names them, so adding or removing one changes its hash.
`--volledig` reads them for every zaak, to find a change of one of them alone. Order inside a unit: every zaak's core first (the
hoofdzaak before its deelzaken), then the parts of the deelzaken, then those of the hoofdzaak
(which can close only after its deelzaken); per zaak rollen before statussen (a status names the
rol that set it), the resultaat before the statussen (the eindstatus needs it), statussen by
datumStatusGezet, the zaakinformatieobjecten (one may name a status), and last the archive
fields as the source has them (an archived zaak takes no more documents, zrc-022).

The zaakinformatieobjecten belong to the zaak's unit rather than to one of their own, unlike ADR
0063's first list of units: a zaak archived at the source could not take its documents after
its archive fields are set.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from iwerk.migratie import selectors
from iwerk.migratie.services import Regel
from iwerk.migratie.zgw.eenheden import op_volgorde, schrijf_object, spiegel
from iwerk.migratie.zgw.herschrijven import hash_van, uuid_uit
from iwerk.migratie.zgw.kopieren import GEKOPIEERD, OVERGESLAGEN, Eenheid, Kopieerder, volgorde

# The parts listed for the whole source (paginated lists): soort, collection.
DELEN = (
    ("rol", "rollen"),
    ("zaakobject", "zaakobjecten"),
    ("resultaat", "resultaten"),
    ("status", "statussen"),
)
ARCHIEF = {
    "archiefnominatie": "archiefnominatie",
    "archiefactiedatum": "archiefactiedatum",
    "archiefstatus": "archiefstatus",
    "startdatumBewaartermijn": "startdatum_bewaartermijn",
}
RELATIES = "#relevanteAndereZaken"
OPEN_DEELZAKEN = (
    "afgesloten hoofdzaak met open deelzaken bij de bron: overgenomen zoals de bron het heeft "
    "(eerst de hoofdzaak met haar eindstatus, dan de deelzaken)"
)


class _Zaken:
    """The zaken of the source with their parts, and what each unit needs of them."""

    def __init__(self, k: Kopieerder) -> None:
        root = k.root("zaken")
        self.k = k
        self.delen: dict[str, dict[str, list[dict]]] = {}
        for soort, naam in DELEN:
            per_zaak: dict[str, list[dict]] = defaultdict(list)
            for item in k.lijst(soort, f"{root}/{naam}"):
                per_zaak[str(item.get("zaak"))].append(item)
            self.delen[soort] = per_zaak
        self.zaken = k.lijst("zaak", f"{root}/zaken")
        self.op_url = {z["url"]: z for z in self.zaken}
        self.hashes = {z["url"]: self._hash(z) for z in self.zaken}
        # Parts the standard lists only per zaak (zaakeigenschappen nested, zaakinformatieobjecten
        # without pages), read for a zaak that is written; the zaak names them, so the source's
        # counts come from its lists.
        self.eigenschappen: dict[str, list[dict]] = {}
        self.zios: dict[str, list[dict]] = {}
        for zaak in self.zaken:
            k.bij_bron["zaakeigenschap"].update(
                uuid_uit(u) for u in zaak.get("eigenschappen") or []
            )
            k.bij_bron["zaakinformatieobject"].update(
                uuid_uit(u) for u in zaak.get("zaakinformatieobjecten") or []
            )
        self.vuil: set[str] = set()  # unchanged zaken whose parts must be written again

    def eigen(self, soort: str, zaak_url: str) -> list[dict]:
        return sorted(self.delen[soort].get(zaak_url, []), key=lambda item: item["url"])

    def _hash(self, zaak: dict) -> str:
        # The zaak's own JSON names its zaakeigenschappen and zaakinformatieobjecten: one added
        # or removed changes it.
        return hash_van(zaak, *(self.eigen(soort, zaak["url"]) for soort, _ in DELEN))

    def bomen(self) -> list[Eenheid]:
        """One unit per zaak without a hoofdzaak among the listed zaken, with its deelzaken."""
        deelzaken: dict[str, list[dict]] = defaultdict(list)
        toppen = []
        for zaak in self.zaken:
            hoofdzaak = zaak.get("hoofdzaak")
            if (
                hoofdzaak
                and hoofdzaak in self.op_url
                and not self.op_url[hoofdzaak].get("hoofdzaak")
            ):
                deelzaken[hoofdzaak].append(zaak)
            else:
                toppen.append(zaak)
        self._zoek_vuil()
        eenheden = []
        for zaak in toppen:
            leden = op_volgorde(deelzaken.get(zaak["url"], []), zaak.get("deelzaken"))
            afhankelijk = [("zaaktype", zaak.get("zaaktype", ""))]
            if zaak.get("hoofdzaak"):
                afhankelijk.append(("hoofdzaak", zaak["hoofdzaak"]))
            eenheden.append(
                Eenheid(
                    "zaak",
                    zaak["url"],
                    self.hashes[zaak["url"]],
                    lambda z=zaak, d=leden: self.schrijf_boom(z, d),
                    afhankelijk=afhankelijk,
                    leden=[("zaak", d["url"], self.hashes[d["url"]]) for d in leden],
                    forceer=any(z["url"] in self.vuil for z in [zaak, *leden]),
                )
            )
        return volgorde(eenheden)

    def _zoek_vuil(self) -> None:
        """Unchanged zaken whose parts must be written all the same: one that waited for a
        document now in iwerk, and with --volledig one whose zaakeigenschappen or
        zaakinformatieobjecten changed (the standard lists those per zaak only, and changing one
        does not change the zaak)."""
        k = self.k
        for zaak in self.zaken:
            url = zaak["url"]
            regel = k.boek.get(url)
            if regel is None or regel.toestand != GEKOPIEERD or regel.hash != self.hashes[url]:
                continue  # written anyway
            if any(k.gekopieerd(d) for d in regel.gegevens.get("wacht_op", [])) or (
                k.volledig
                and (
                    hash_van(_op_url(self._eigenschappen(zaak)))
                    != regel.gegevens.get("eigenschappen")
                    or hash_van(_op_url(self._zios(zaak))) != regel.gegevens.get("zios")
                )
            ):
                self.vuil.add(url)

    # --- one unit -----------------------------------------------------------------------------

    def schrijf_boom(self, hoofdzaak: dict, deelzaken: list[dict]) -> list[Regel]:
        if hoofdzaak.get("einddatum") and any(not d.get("einddatum") for d in deelzaken):
            # The source closed the hoofdzaak while a deelzaak is open (a deelzaak added after
            # the closing: the standard allows it; closing a hoofdzaak with open deelzaken is
            # what iwerk, like Open Zaak, refuses). Written the way the source got there: the
            # hoofdzaak whole, closing included, then its deelzaken; with a warning.
            regels = self._schrijf([hoofdzaak], hoofdzaak)
            for regel in regels:
                if regel.bron_url == hoofdzaak["url"] and regel.toestand == GEKOPIEERD:
                    regel.waarschuwing = "; ".join(
                        w for w in (regel.waarschuwing, OPEN_DEELZAKEN) if w
                    )
            return regels + self._schrijf(deelzaken, None)
        return self._schrijf([hoofdzaak, *deelzaken], hoofdzaak)

    def _schrijf(self, zaken: list[dict], hoofdzaak: dict | None) -> list[Regel]:
        """The zaken's cores in the given order, then their parts: a hoofdzaak's last (it
        closes only after its deelzaken). The hoofdzaak's zaaktype is checked by its unit."""
        k = self.k
        regels: list[Regel] = []
        geschreven: list[tuple[dict, Regel]] = []
        for zaak in zaken:
            url = zaak["url"]
            ongewijzigd = k.gekopieerd(url) and k.boek[url].hash == self.hashes[url]
            if ongewijzigd and url not in self.vuil:
                continue
            if ongewijzigd:
                # Only a part read per zaak changed (--volledig), or a document it waited for
                # is in iwerk now: its parts are written again, the zaak itself stays.
                vorige = k.boek[url]
                regel = Regel("zaak", url, GEKOPIEERD, uuid=vorige.uuid, hash=vorige.hash)
                geschreven.append((zaak, regel))
                continue
            if zaak is not hoofdzaak and (
                reden := k.ontbrekend([("zaaktype", zaak.get("zaaktype", ""))])
            ):
                regels.append(Regel("zaak", url, OVERGESLAGEN, reden=reden))
                continue
            regel, relatieregel = self.schrijf_kern(zaak)
            geschreven.append((zaak, regel))
            if relatieregel is not None:
                regels.append(relatieregel)
        for zaak, regel in (
            geschreven[1:] + geschreven[:1]
            if hoofdzaak is not None and geschreven and geschreven[0][0] is hoofdzaak
            else geschreven
        ):
            regels += self.schrijf_delen(zaak, regel)
            regels.append(regel)
        return regels

    def schrijf_kern(self, zaak: dict) -> tuple[Regel, Regel | None]:
        """The zaak itself; its relevante andere zaken as far as they are in iwerk already (and
        the row that says so, when it has any at the source), its archive fields as iwerk has
        them (set to the source's after the statussen)."""
        k = self.k
        url = zaak["url"]
        relaties = zaak.get("relevanteAndereZaken") or []
        aanwezig = [
            r
            for r in relaties
            if not k.herschrijver.is_bron(r.get("url", "")) or k.in_iwerk(r["url"])
        ]
        extra: dict[str, Any] = {"relevanteAndereZaken": k.herschrijver.body(aanwezig)}
        # An archiefstatus other than nog_te_archiveren needs a closed zaak: the source's is set
        # after the statussen (_archief); until then the zaak keeps the one iwerk has.
        huidig = selectors.zaak_archiefvelden(uuid_uit(url)) if k.in_iwerk(url) else None
        extra["archiefstatus"] = (huidig or {}).get("archiefstatus") or "nog_te_archiveren"
        _, regel = schrijf_object(k, "zaak", zaak, hash_=self.hashes[url], **extra)
        if not any(k.herschrijver.is_bron(r.get("url", "")) for r in relaties):
            return regel, None
        return regel, self._relatieregel(zaak, relaties, aanwezig)

    def _relatieregel(self, zaak: dict, relaties: list[dict], aanwezig: list[dict]) -> Regel:
        ontbreekt = [r["url"] for r in relaties if r not in aanwezig]
        return Regel(
            "zaakrelaties",
            zaak["url"] + RELATIES,
            GEKOPIEERD,
            hash=hash_van(relaties, aanwezig),
            waarschuwing=f"relevante andere zaken nog niet in iwerk: {', '.join(ontbreekt)}"
            if ontbreekt
            else "",
        )

    def schrijf_delen(self, zaak: dict, regel: Regel) -> list[Regel]:
        k = self.k
        url = zaak["url"]
        iwerk_url = k.iwerk_url(url)
        regels: list[Regel] = []
        waarschuwingen: list[str] = []
        eigenschappen = self._eigenschappen(zaak)
        # What was read, to tell a change of them alone in a later --volledig run.
        regel.gegevens["eigenschappen"] = hash_van(_op_url(eigenschappen))
        delen = (
            (
                "rol",
                op_volgorde(self.eigen("rol", url), zaak.get("rollen")),
                "opnieuw",
                False,
                None,
            ),
            (
                "zaakobject",
                op_volgorde(self.eigen("zaakobject", url), zaak.get("zaakobjecten")),
                "put",
                False,
                None,
            ),
            ("zaakeigenschap", eigenschappen, "put", False, f"{iwerk_url}/zaakeigenschappen"),
            ("resultaat", self.eigen("resultaat", url), "put", True, None),
            ("status", self._statussen(url), "nooit", True, None),
        )
        for soort, items, bijwerken, streng, collectie in delen:
            nieuw, meldingen = spiegel(
                k, soort, url, items, collectie_url=collectie, bijwerken=bijwerken, streng=streng
            )
            regels += nieuw
            waarschuwingen += meldingen
        # After the statussen (a zaakinformatieobject may name one), before the archive fields
        # (an archived zaak takes no documents, zrc-022).
        zios = []
        wacht_op = []
        alle = self._zios(zaak)
        regel.gegevens["zios"] = hash_van(_op_url(alle))
        for zio in alle:
            reden = k.ontbrekend([("document", zio.get("informatieobject", ""))])
            if reden and not k.in_iwerk(zio["url"]):
                wacht_op.append(zio.get("informatieobject", ""))
                waarschuwingen.append(f"zaakinformatieobject {uuid_uit(zio['url'])}: {reden}")
            else:
                zios.append(zio)
        if wacht_op:
            # Written again once one of them is in iwerk (_zoek_vuil).
            regel.gegevens["wacht_op"] = wacht_op
        compleet = not wacht_op
        nieuw, meldingen = spiegel(k, "zaakinformatieobject", url, zios, streng=False)
        regels += nieuw
        waarschuwingen += meldingen
        if compleet:
            self._archief(zaak)
        elif any(zaak.get(veld) for veld in ARCHIEF if veld != "archiefstatus") or (
            zaak.get("archiefstatus") not in (None, "", "nog_te_archiveren")
        ):
            waarschuwingen.append(
                "archiefvelden nog niet overgenomen: eerst moeten alle documenten van de zaak "
                "in iwerk staan"
            )
        regel.waarschuwing = "; ".join(waarschuwingen)
        return regels

    def _zios(self, zaak: dict) -> list[dict]:
        """A zaak's zaakinformatieobjecten, read from the source (once) when it has or had any:
        the standard lists them without pages, so per zaak rather than for the whole source."""
        url = zaak["url"]
        if url not in self.zios:
            if not zaak.get("zaakinformatieobjecten") and not self.k.kinderen.get(
                ("zaakinformatieobject", url)
            ):
                self.zios[url] = []
            else:
                items = self.k.bron.lijst(
                    f"{self.k.root('zaken')}/zaakinformatieobjecten", {"zaak": url}
                )
                self.zios[url] = op_volgorde(list(items), zaak.get("zaakinformatieobjecten"))
        return self.zios[url]

    def _statussen(self, zaak_url: str) -> list[dict]:
        return sorted(self.eigen("status", zaak_url), key=lambda s: str(s.get("datumStatusGezet")))

    def _eigenschappen(self, zaak: dict) -> list[dict]:
        """A zaak's zaakeigenschappen, read from the source (once) only when it has or had any."""
        url = zaak["url"]
        if url not in self.eigenschappen:
            if not zaak.get("eigenschappen") and not self.k.kinderen.get(("zaakeigenschap", url)):
                self.eigenschappen[url] = []
            else:
                items = self.k.bron.json(f"{url}/zaakeigenschappen") or []
                self.eigenschappen[url] = op_volgorde(items, zaak.get("eigenschappen"))
        return self.eigenschappen[url]

    def _archief(self, zaak: dict) -> None:
        """The archive fields as the source has them: closing derives them in iwerk from the
        resultaattype, the source may have set them otherwise (or archived the zaak since)."""
        huidig = selectors.zaak_archiefvelden(uuid_uit(zaak["url"])) or {}
        verschil = {
            veld: zaak.get(veld)
            for veld, kolom in ARCHIEF.items()
            if veld in zaak and _json(huidig.get(kolom)) != (zaak.get(veld) or None)
        }
        if verschil:
            self.k.schrijver.patch(self.k.iwerk_url(zaak["url"]), verschil)

    # --- relevante andere zaken ----------------------------------------------------------------

    def relaties(self) -> list[Eenheid]:
        """A unit per zaak whose relevante andere zaken name zaken of the source: written again
        once more of them are in iwerk than when the zaak was written."""
        k = self.k
        eenheden = []
        for zaak in self.zaken:
            relaties = zaak.get("relevanteAndereZaken") or []
            if not any(k.herschrijver.is_bron(r.get("url", "")) for r in relaties):
                continue
            aanwezig = [
                r
                for r in relaties
                if not k.herschrijver.is_bron(r.get("url", "")) or k.in_iwerk(r["url"])
            ]
            regel = k.boek.get(zaak["url"] + RELATIES)
            if not k.in_iwerk(zaak["url"]) or (
                regel is not None and regel.hash == hash_van(relaties, aanwezig)
            ):
                continue
            eenheden.append(
                Eenheid(
                    "zaakrelaties",
                    zaak["url"] + RELATIES,
                    hash_van(relaties, aanwezig),
                    lambda z=zaak, a=aanwezig, r=relaties: self._schrijf_relaties(z, a, r),
                    afhankelijk=[("zaak", zaak["url"])],
                )
            )
        return eenheden

    def _schrijf_relaties(
        self, zaak: dict, aanwezig: list[dict], relaties: list[dict]
    ) -> list[Regel]:
        k = self.k
        k.schrijver.patch(
            k.iwerk_url(zaak["url"]), {"relevanteAndereZaken": k.herschrijver.body(aanwezig)}
        )
        return [self._relatieregel(zaak, relaties, aanwezig)]


def _op_url(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda item: str(item.get("url")))


def _json(waarde: Any) -> Any:
    if waarde is None or waarde == "":
        return None
    return waarde.isoformat() if hasattr(waarde, "isoformat") else waarde


def kopieer(k: Kopieerder) -> None:
    zaken = _Zaken(k)
    k.voorlaad_bezet("zaak", zaken.zaken)
    bomen = zaken.bomen()
    k.voortgang.begin("zaak", len(bomen))
    for eenheid in bomen:
        k.verwerk(eenheid)
    k.voortgang.klaar()
    relaties = zaken.relaties()
    if relaties:
        k.voortgang.begin("zaakrelaties", len(relaties))
        for eenheid in relaties:
            k.verwerk(eenheid)
        k.voortgang.klaar()
