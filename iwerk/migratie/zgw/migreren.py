"""One run of `iwerk migreer zgw`: the phases in order, a clean stop, the report (ADR 0063)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings

from iwerk.core.models import Gemeente
from iwerk.migratie import services
from iwerk.migratie.models import Migratierun, Toestand
from iwerk.migratie.zgw import fase_besluiten, fase_catalogi, fase_documenten, fase_zaken, rapport
from iwerk.migratie.zgw.bron import WACHTTIJDEN, Bron, BronOnbereikbaar
from iwerk.migratie.zgw.kopieren import Kopieerder, Onderbroken
from iwerk.migratie.zgw.soorten import FASENAMEN

logger = logging.getLogger(__name__)

# Catalogue first (everything refers to it), documents before the zaken and besluiten that name
# them, the links between them after both, the audit trail last.
FASEN = {
    "catalogi": fase_catalogi.kopieer,
    "documenten": fase_documenten.kopieer,
    "zaken": fase_zaken.kopieer,
    "besluiten": fase_besluiten.kopieer,
    "audittrail": fase_besluiten.kopieer_audittrail,
}
assert tuple(FASEN) == FASENAMEN


@dataclass(frozen=True)
class Opdracht:
    """What a run is asked to do."""

    gemeente: Gemeente
    naam: str
    roots: dict[str, str]  # component -> the source's API root
    client_id: str
    secret: str
    max_per_seconde: float = 10.0
    timeout: float = 30.0
    wachttijden: tuple[float, ...] = WACHTTIJDEN
    max_opeenvolgend: int = 3
    met_audittrail: bool = True
    volledig: bool = False  # also read what a change leaves no trace of in the lists
    onderbreek_na: int | None = None  # stop after this many units (tests, trial runs)
    # Only these phases (a bulk migration in stages: the documents first, over nights); the
    # order stays that of FASEN. A run of some phases is never "schoon" (rapport.maak).
    fasen: tuple[str, ...] = FASENAMEN


def migreer(opdracht: Opdracht, uit: TextIO) -> Migratierun:
    """Run the copier once; the run, its counters and its report are stored whatever happens."""
    migratie = services.migratie_voor(
        gemeente=opdracht.gemeente,
        naam=opdracht.naam,
        roots=opdracht.roots,
        client_id=opdracht.client_id,
    )
    run = services.start_run(migratie)
    bron = Bron(
        client_id=opdracht.client_id,
        secret=opdracht.secret,
        max_per_seconde=opdracht.max_per_seconde,
        timeout=opdracht.timeout,
        wachttijden=opdracht.wachttijden,
        max_opeenvolgend=opdracht.max_opeenvolgend,
    )
    k = Kopieerder(
        migratie=migratie,
        run=run,
        bron=bron,
        uit=uit,
        iwerk_basis=settings.IWERK_BASE_URL,
        onderbreek_na=opdracht.onderbreek_na,
        met_audittrail=opdracht.met_audittrail,
        volledig=opdracht.volledig,
        fasen=opdracht.fasen,
    )
    begin = time.monotonic()
    toestand, melding = Toestand.klaar, ""
    tempo = (
        f"hoogstens {opdracht.max_per_seconde:g} verzoeken per seconde"
        if opdracht.max_per_seconde > 0
        else "zonder grens aan het aantal verzoeken"
    )
    k.voortgang.meld(f"Migratie '{migratie.naam}' naar {opdracht.gemeente}, run {run.pk}: {tempo}.")
    try:
        for naam, fase in FASEN.items():
            if naam in opdracht.fasen:
                fase(k)
    except BronOnbereikbaar as exc:
        toestand, melding = Toestand.gestopt, str(exc)
    except Onderbroken as exc:
        toestand, melding = Toestand.gestopt, f"{exc} Hervat met hetzelfde commando."
    except KeyboardInterrupt:
        toestand, melding = (
            Toestand.gestopt,
            "Onderbroken door de beheerder; hervat met hetzelfde commando.",
        )
    except Exception as exc:  # noqa: BLE001 - logged, stored on the run and shown; exit status 1
        logger.exception("migratie %s: run %s mislukt", migratie.naam, run.pk)
        toestand, melding = Toestand.mislukt, f"Onverwachte fout: {type(exc).__name__}: {exc}"
    finally:
        bron.sluit()
    if melding:
        k.voortgang.meld(melding)
    verslag = rapport.maak(
        k,
        toestand=toestand,
        melding=melding,
        seconden=time.monotonic() - begin,
        teruglezen=toestand == Toestand.klaar,
    )
    services.beeindig_run(
        run,
        toestand=toestand,
        melding=melding,
        tellers=k.tellers_json(),
        verzoeken=bron.verzoeken,
        rapport=verslag,
    )
    uit.write(rapport.tekst(verslag))
    uit.flush()
    return run
