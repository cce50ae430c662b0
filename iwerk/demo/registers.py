"""The demo content of the registers for every gemeente: catalogue, zaken, the archive's old
zaken, portaal and dossiers.

`iwerk load_demo` calls this and prints what it returns; README's figures are checked against
the same numbers (demo/tests/test_readme.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from iwerk.besluiten.demo import load_dossiers
from iwerk.catalogi.demo import load_catalogus
from iwerk.core.models import Gemeente
from iwerk.demo.archief import load_archiefzaken
from iwerk.demo.werkverdeling import load_werkverdeling
from iwerk.medewerkers.demo import behandelaars
from iwerk.portaal.demo import load_aanvragen, load_producten
from iwerk.sjablonen.demo import load_sjablonen
from iwerk.zaken.demo import load_zaken


@dataclass
class Geladen:
    """What one load added (0 of each when everything was there already): the case load's
    zaken, the archive's zaken closed years ago (`archiefzaken`, not among `zaken`), and the
    documents and besluiten of both."""

    zaken: int = 0
    documenten: int = 0
    besluiten: int = 0
    archiefzaken: int = 0


def load_registers(gemeenten: list[Gemeente], base: str, *, per_zaaktype: int) -> Geladen:
    geladen = Geladen()
    for gemeente in gemeenten:
        load_catalogus(gemeente, base)
        # Before any zaak arrives: where new zaken go, their tasks and approvals (issue 29).
        load_werkverdeling(gemeente)
        load_sjablonen(gemeente)
        geladen.zaken += load_zaken(
            gemeente, per_zaaktype=per_zaaktype, medewerkers=behandelaars(gemeente.slug)
        )
        # Before the dossiers: the archive's zaken get their documents and besluiten there.
        geladen.archiefzaken += load_archiefzaken(gemeente, medewerkers=behandelaars(gemeente.slug))
        load_producten(gemeente)
        load_aanvragen(gemeente)
        documenten, besluiten = load_dossiers(gemeente)
        geladen.documenten += documenten
        geladen.besluiten += besluiten
    return geladen
