"""The copier: lists the source, decides per unit what to write, writes it, keeps the books
(ADR 0063, points 6 and 7).

A unit (`Eenheid`) is written in one transaction in migration mode together with its
bookkeeping rows; it fails whole. A unit copied before whose source hash is unchanged is not
written again; one whose dependencies (its zaaktype, its document …) did not make it into iwerk is
skipped with the reason "<dependency> niet gemigreerd"; one whose uuid iwerk already holds for an
object that did not come from this migration is refused (`uuid-bestaat`).
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.db import transaction

from iwerk.core.api.actor import Actor
from iwerk.core.migratie import migratie as migratiemodus
from iwerk.migratie import selectors, services
from iwerk.migratie.actor import migratie_actor
from iwerk.migratie.models import Bronobjecttoestand, Migratie, Migratierun
from iwerk.migratie.selectors import Boekregel
from iwerk.migratie.services import WEG, Regel
from iwerk.migratie.zgw.bron import Bron, BronFout, BronOnbereikbaar
from iwerk.migratie.zgw.herschrijven import Herschrijver, uuid_uit
from iwerk.migratie.zgw.schrijven import Geweigerd, Schrijver
from iwerk.migratie.zgw.soorten import FASENAMEN, collectie, label
from iwerk.migratie.zgw.voortgang import Voortgang

logger = logging.getLogger(__name__)

GEKOPIEERD = Bronobjecttoestand.gekopieerd.value
OVERGESLAGEN = Bronobjecttoestand.overgeslagen.value
MISLUKT = Bronobjecttoestand.mislukt.value


class Onderbroken(Exception):
    """The run was stopped on purpose (an operator's Ctrl-C or SIGTERM; a test)."""


@dataclass
class Eenheid:
    """One unit of work: a main object (and the objects written with it), the source hash that
    decides whether it must be written, what it depends on, and the function that writes it
    and returns the bookkeeping rows."""

    soort: str
    url: str
    hash: str
    schrijf: Callable[[], list[Regel]]
    afhankelijk: list[tuple[str, str]] = field(default_factory=list)  # (naam, source URL)
    leden: list[tuple[str, str, str]] = field(default_factory=list)  # (soort, url, hash)
    forceer: bool = False  # written even when the hashes are unchanged (--volledig found more)


class Kopieerder:
    """One run of one migratie; the phases (zgw.fasen) call `lijst` and `verwerk`."""

    def __init__(
        self,
        *,
        migratie: Migratie,
        run: Migratierun,
        bron: Bron,
        uit: TextIO,
        iwerk_basis: str,
        onderbreek_na: int | None = None,
        met_audittrail: bool = True,
        volledig: bool = False,
        fasen: tuple[str, ...] = FASENAMEN,
    ) -> None:
        self.migratie = migratie
        self.run = run
        self.bron = bron
        self.iwerk_basis = iwerk_basis.rstrip("/")
        self.herschrijver = Herschrijver(migratie.api_roots, self.iwerk_basis)
        self.voortgang = Voortgang(uit)
        self.onderbreek_na = onderbreek_na
        self.met_audittrail = met_audittrail
        self.volledig = volledig
        self.fasen = fasen  # the phases this run does
        self.boek: dict[str, Boekregel] = selectors.boek(migratie)
        self.kinderen: dict[tuple[str, str], set[str]] = defaultdict(set)
        for url, regel in self.boek.items():
            if ouder := regel.gegevens.get("ouder"):
                self.kinderen[(regel.soort, ouder)].add(url)
        self.tellers: dict[str, Counter[str]] = defaultdict(Counter)
        self.bij_bron: dict[str, set[str]] = defaultdict(set)  # soort -> uuids listed
        self.bezet: dict[str, set[str]] = defaultdict(set)  # soort -> uuids iwerk has already
        self.geschreven = 0
        self.teruglezen: list[str] = []  # documents written in this run (uuids)
        self.schrijver = Schrijver(self._actor(), self.iwerk_basis)
        self._laatst_bijgehouden = time.monotonic()

    # --- context ---------------------------------------------------------------------------

    def _actor(self) -> Actor:
        return migratie_actor(
            self.migratie.tenant_id,
            toelichting=f"Migratie '{self.migratie.naam}', run {self.run.pk}",
        )

    def actor_vernieuwen(self) -> None:
        """Build the migrating actor again: its grants name the gemeente's catalogi as they
        are now (after the catalogue phase has added some)."""
        self.schrijver.actor = self._actor()

    def root(self, component: str) -> str:
        return self.herschrijver.bron[component]

    def iwerk_collectie(self, soort: str) -> str:
        component, naam = collectie(soort)
        return f"{self.herschrijver.iwerk[component]}/{naam}"

    def iwerk_url(self, bron_url: str) -> str:
        return self.herschrijver.url(bron_url)

    def gekopieerd(self, url: str) -> bool:
        regel = self.boek.get(url)
        return regel is not None and regel.toestand == GEKOPIEERD

    def in_iwerk(self, url: str) -> bool:
        """Whether this migration brought the object into iwerk (in this run or before)."""
        regel = self.boek.get(url)
        return regel is not None and regel.uuid is not None

    # --- reading ----------------------------------------------------------------------------

    def lijst(self, soort: str, url: str, params: dict[str, str] | None = None) -> list[dict]:
        """Every object of a source list; a list that cannot be read stops the run (resumable)."""
        try:
            items = [
                i for i in self.bron.lijst(url, params) if isinstance(i, dict) and i.get("url")
            ]
        except BronFout as fout:
            raise BronOnbereikbaar(
                f"De lijst {label(soort)} van de bron kon niet gelezen worden ({fout.reden}). "
                "De run is gestopt en kan worden hervat."
            ) from fout
        if items and not self.herschrijver.is_bron(items[0]["url"]):
            # Everything depends on recognising the source's URLs: stop before writing anything.
            raise BronOnbereikbaar(
                f"De bron noemt haar {label(soort)} met URL's als {items[0]['url']}, niet onder "
                "de opgegeven API-roots; geef de API-roots zoals de bron ze zelf in haar URL's "
                "gebruikt (schema, host en pad)."
            )
        self.bij_bron[soort].update(uuid_uit(i["url"]) for i in items if i.get("url"))
        self.voortgang.meld(f"{label(soort)} gelezen: {len(items)}")
        return items

    def voorlaad_bezet(self, soort: str, items: list[dict]) -> None:
        """Which uuids of these source objects iwerk already holds while this migration did not
        bring them: one query per 500, before their units are written."""
        nieuw = [uuid_uit(i["url"]) for i in items if not self.in_iwerk(i["url"])]
        self.bezet[soort] = selectors.aanwezig(soort, nieuw) if nieuw else set()

    # --- writing ----------------------------------------------------------------------------

    def verwerk(self, eenheid: Eenheid) -> bool:
        """Write a unit if it is new or changed; True when it was written."""
        self.voortgang.stap()
        self._bijhouden()
        vorige = self.boek.get(eenheid.url)
        leden_gelijk = all(
            self.gekopieerd(url) and self.boek[url].hash == h for _, url, h in eenheid.leden
        )
        if (
            not eenheid.forceer
            and vorige is not None
            and vorige.toestand == GEKOPIEERD
            and vorige.hash == eenheid.hash
            and leden_gelijk
        ):
            self.tellers[eenheid.soort]["ongewijzigd"] += 1
            return False
        if reden := self.ontbrekend(eenheid.afhankelijk):
            self._niet(eenheid, OVERGESLAGEN, reden)
            return False
        if reden := self._uuid_bezet(eenheid):
            self._niet(eenheid, OVERGESLAGEN, reden)
            return False
        try:
            with migratiemodus(), transaction.atomic():
                regels = eenheid.schrijf()
                services.vastleggen(self.migratie, self.run, regels)
        except Geweigerd as weigering:
            toestand = OVERGESLAGEN if weigering.status < 500 else MISLUKT
            self._niet(eenheid, toestand, f"{weigering.reden} ({weigering.code})")
            return False
        except BronFout as fout:
            self._niet(eenheid, MISLUKT, f"bron: {fout.reden}")
            return False
        except (BronOnbereikbaar, Onderbroken, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - one unit fails, reported; the run goes on
            logger.exception("migratie: eenheid %s %s mislukt", eenheid.soort, eenheid.url)
            self._niet(eenheid, MISLUKT, f"onverwachte fout: {type(exc).__name__}: {exc}")
            return False
        self._boeken(regels)
        self.geschreven += 1
        if self.onderbreek_na is not None and self.geschreven >= self.onderbreek_na:
            raise Onderbroken(f"Onderbroken na {self.geschreven} geschreven eenheden.")
        return True

    def ontbrekend(self, afhankelijk: list[tuple[str, str]]) -> str | None:
        """Why a unit cannot be written yet: a dependency at the source that is not in iwerk."""
        for naam, url in afhankelijk:
            if not url or not self.herschrijver.is_bron(url):
                continue  # outside the source (another register): iwerk's API decides
            if self.gekopieerd(url):
                continue
            return f"{naam} niet gemigreerd: {url}"
        return None

    def _uuid_bezet(self, eenheid: Eenheid) -> str | None:
        for soort, url in [(eenheid.soort, eenheid.url)] + [(s, u) for s, u, _ in eenheid.leden]:
            sleutel = uuid_uit(url)
            if not self.in_iwerk(url) and sleutel in self.bezet.get(soort, set()):
                return (
                    f"uuid-bestaat: iwerk heeft al een {label(soort)}-object met uuid {sleutel} "
                    "dat niet uit deze migratie komt; niet overschreven"
                )
        return None

    def _niet(self, eenheid: Eenheid, toestand: str, reden: str) -> None:
        regels = [Regel(eenheid.soort, eenheid.url, toestand, reden=reden)] + [
            Regel(soort, url, toestand, reden=f"hoort bij {eenheid.url}: {reden}")
            for soort, url, _ in eenheid.leden
        ]
        with transaction.atomic():
            services.niet_gekopieerd(self.migratie, self.run, regels)
        self._boeken(regels)

    def _boeken(self, regels: list[Regel]) -> None:
        for regel in regels:
            ouder = regel.gegevens.get("ouder")
            if regel.toestand == WEG:
                self.boek.pop(regel.bron_url, None)
                if ouder:
                    self.kinderen[(regel.soort, ouder)].discard(regel.bron_url)
                continue
            self.boek[regel.bron_url] = Boekregel(
                regel.soort, regel.uuid, regel.hash, regel.toestand, regel.gegevens
            )
            if ouder:
                self.kinderen[(regel.soort, ouder)].add(regel.bron_url)
            self.tellers[regel.soort][regel.toestand] += 1

    def _bijhouden(self) -> None:
        """Store the counters on the run every few seconds, for whoever watches it."""
        nu = time.monotonic()
        if nu - self._laatst_bijgehouden >= 5:
            self._laatst_bijgehouden = nu
            services.bijhouden(self.run, tellers=self.tellers_json(), verzoeken=self.bron.verzoeken)

    def tellers_json(self) -> dict[str, dict[str, int]]:
        return {soort: dict(teller) for soort, teller in self.tellers.items()}


def volgorde(eenheden: list[Eenheid]) -> list[Eenheid]:
    """Units in an order where each comes after the units of this list it depends on (a
    deelzaaktype before the zaaktype using it); the given order otherwise. A cycle keeps the
    given order for its members (their dependency check then reports them)."""
    op_url = {e.url: e for e in eenheden}
    gedaan: set[str] = set()
    bezig: set[str] = set()
    uitkomst: list[Eenheid] = []

    def bezoek(eenheid: Eenheid) -> None:
        if eenheid.url in gedaan or eenheid.url in bezig:
            return
        bezig.add(eenheid.url)
        for _, url in eenheid.afhankelijk:
            if url in op_url and url != eenheid.url:
                bezoek(op_url[url])
        bezig.discard(eenheid.url)
        gedaan.add(eenheid.url)
        uitkomst.append(eenheid)

    for eenheid in eenheden:
        bezoek(eenheid)
    return uitkomst


def controleer_uuid(antwoord: Any, verwacht: str, soort: str) -> None:
    """The object iwerk created must carry the source's uuid (so every URL can be redirected)."""
    url = antwoord.get("url", "") if isinstance(antwoord, dict) else ""
    if uuid_uit(url) != verwacht:
        raise Geweigerd(
            400,
            "uuid-niet-overgenomen",
            f"iwerk maakte de {label(soort)} aan met een andere uuid dan de bron ({verwacht}): "
            "de migratiemodus van de API neemt de uuid niet over",
        )
