"""Progress on stdout while a run goes: per type done/total, objects per second, time left."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import TextIO

from iwerk.migratie.zgw.soorten import label


def duur(seconden: float) -> str:
    return str(timedelta(seconds=max(0, int(seconden))))


class Voortgang:
    """Prints a line per type at most every `interval` seconds, and one when the type is done."""

    def __init__(
        self, uit: TextIO, *, interval: float = 2.0, klok: Callable[[], float] = time.monotonic
    ) -> None:
        self.uit = uit
        self.interval = interval
        self.klok = klok
        self._soort = ""
        self._totaal = 0
        self._gedaan = 0
        self._begin = 0.0
        self._laatst = 0.0

    def meld(self, tekst: str) -> None:
        self.uit.write(tekst + "\n")
        self.uit.flush()

    def begin(self, soort: str, totaal: int) -> None:
        self._soort, self._totaal, self._gedaan = soort, totaal, 0
        self._begin = self._laatst = self.klok()
        self.meld(f"{label(soort)}: {totaal} bij de bron")

    def stap(self, aantal: int = 1) -> None:
        self._gedaan += aantal
        nu = self.klok()
        if nu - self._laatst >= self.interval:
            self._laatst = nu
            self.meld(self.regel(nu))

    def regel(self, nu: float) -> str:
        verstreken = max(nu - self._begin, 1e-6)
        tempo = self._gedaan / verstreken
        over = (self._totaal - self._gedaan) / tempo if tempo > 0 else 0.0
        procent = 100 * self._gedaan // self._totaal if self._totaal else 100
        return (
            f"  {label(self._soort)}: {self._gedaan}/{self._totaal} ({procent}%), "
            f"{tempo:.1f}/s, nog {duur(over)}"
        )

    def klaar(self) -> None:
        if self._soort:
            nu = self.klok()
            self.meld(self.regel(nu) + f", klaar in {duur(nu - self._begin)}")
            self._soort = ""
