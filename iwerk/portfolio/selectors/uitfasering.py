"""When an application that was migrated into iwerk can be switched off (ADR 0065).

A gemeente's use of an application (`Gebruik`) linked to a `migratie.Migratie` is "gemigreerd
naar iwerk". It can be switched off from the later of the end of the migratie's latest run — which
must be `klaar` with a clean report (no later run stopped, failed or running) — and the planned
end (`einde_gepland`), when one is set. Otherwise not yet, with the reasons.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from iwerk.core.weergave import moment
from iwerk.migratie import selectors as migratie_selectors
from iwerk.migratie.models import Migratie, Toestand
from iwerk.migratie.selectors import Runstand
from iwerk.migratie.zgw.soorten import label
from iwerk.migratie.zgw.voortgang import duur
from iwerk.portfolio.models import Gebruik

# The full report page shows at most this many rows of each list; the JSON download has them all
# (as stored: the copier keeps the first 1,000 of each).
TONEN = 300


@dataclass(frozen=True)
class Oordeel:
    """Can it be switched off, from when; else why not (fragments, shown as sentences)."""

    kan_uit: bool
    uitschakelen_vanaf: date | None
    redenen: tuple[str, ...] = ()
    # Why the latest run stopped or failed, in the copier's words (it names source URLs): shown to
    # the gemeente's own staff only, so it is not one of the redenen.
    melding: str = ""
    schoon_op: date | None = None  # the day the clean run ended


@dataclass(frozen=True)
class Uitfasering:
    """One Gebruik's migratie: its latest run, its latest report and the verdict."""

    gebruik_id: int
    migratie: Migratie
    laatste_run: Runstand | None
    rapport: Runstand | None  # the latest run with a report (the same once a run has ended)
    oordeel: Oordeel

    @property
    def soorten(self) -> tuple[dict[str, Any], ...]:
        return self.rapport.soorten if self.rapport else ()


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """core.weergave.aantal with the thousands marked: 1 object, 1.000 objecten."""
    return f"{_getal(n)} {enkelvoud if n == 1 else meervoud}"


def _dag(moment_: datetime) -> date:
    return timezone.localtime(moment_).date() if timezone.is_aware(moment_) else moment_.date()


def niet_gekopieerd(soorten: Iterable[dict[str, Any]]) -> int:
    """Skipped and failed objects over every soort: the state now (the report's own list of them
    holds at most the first 1,000)."""
    return sum((s.get("overgeslagen") or 0) + (s.get("mislukt") or 0) for s in soorten)


def _niet_schoon(run: Runstand) -> tuple[str, ...]:
    redenen = []
    if run.deel_fasen:
        redenen.append(
            f"de laatste run deed alleen de fasen {', '.join(run.deel_fasen)}; "
            "een run van alle fasen is nodig"
        )
    niet = niet_gekopieerd(run.soorten)
    if niet:
        redenen.append(_aantal(niet, "object niet gekopieerd", "objecten niet gekopieerd"))
    # Every version compared is either equal or listed as afwijkend (rapport._documentversies).
    afwijkend = run.versies_vergeleken - run.versies_gelijk
    if afwijkend:
        redenen.append(
            _aantal(afwijkend, "afwijkende documentversie", "afwijkende documentversies")
            + " (SHA-256)"
        )
    for soort in run.soorten:
        bron, iwerk = soort.get("bron"), soort.get("iwerk")
        # A difference the skipped and failed objects of that soort do not account for (those
        # are named above): something the source lists is missing in iwerk without a reason.
        if bron is not None and iwerk is not None and bron - iwerk > niet_gekopieerd([soort]):
            redenen.append(
                f"{soort.get('label') or label(str(soort.get('soort')))}: {_getal(bron)} bij de "
                f"bron, {_getal(iwerk)} in iwerk"
            )
    return tuple(redenen) or ("het verificatierapport is niet schoon",)


def oordeel(laatste: Runstand | None, einde_gepland: date | None) -> Oordeel:
    """The verdict on the migratie's latest run (see the module's docstring)."""
    if laatste is None:
        return Oordeel(False, None, ("er is nog geen migratierun geweest",))
    if laatste.toestand == Toestand.lopend:
        return Oordeel(
            False, None, (f"er loopt een migratierun (gestart {moment(laatste.gestart_op)})",)
        )
    if laatste.toestand == Toestand.gestopt:
        return Oordeel(
            False, None, ("de laatste migratierun is gestopt en niet hervat",), laatste.melding
        )
    if laatste.toestand != Toestand.klaar:
        return Oordeel(False, None, ("de laatste migratierun is mislukt",), laatste.melding)
    if not laatste.met_rapport:
        return Oordeel(False, None, ("de laatste migratierun heeft geen verificatierapport",))
    if not laatste.schoon:
        return Oordeel(False, None, _niet_schoon(laatste))
    schoon_op = _dag(laatste.geeindigd_op or laatste.gestart_op)
    vanaf = max(schoon_op, einde_gepland) if einde_gepland else schoon_op
    return Oordeel(True, vanaf, schoon_op=schoon_op)


def voor_gebruik(gebruik: Iterable[Gebruik]) -> dict[int, Uitfasering]:
    """Gebruik id -> its Uitfasering, for the rows linked to a migratie; one query however many
    rows. Each row's `migratie` must be loaded (select_related)."""
    gekoppeld = [g for g in gebruik if g.migratie_id is not None]
    runs = migratie_selectors.laatste_runs({g.migratie_id for g in gekoppeld if g.migratie_id})
    result = {}
    for g in gekoppeld:
        assert g.migratie is not None  # gekoppeld
        laatste, met_rapport = runs.get(g.migratie.pk, (None, None))
        result[g.pk] = Uitfasering(
            gebruik_id=g.pk,
            migratie=g.migratie,
            laatste_run=laatste,
            rapport=met_rapport,
            oordeel=oordeel(laatste, g.einde_gepland),
        )
    return result


def oordeel_voor(migratie: Migratie, einde_gepland: date | None) -> Oordeel:
    """The verdict for one migratie (one query), e.g. before a change is stored."""
    laatste, _ = migratie_selectors.laatste_runs([migratie.pk]).get(migratie.pk, (None, None))
    return oordeel(laatste, einde_gepland)


def gebruik_met_migratie(
    *, applicatie_id: int, gebruik_id: int, gemeente_ids: Collection[int]
) -> Gebruik | None:
    """The Gebruik of that application with its migratie, when it has one and is one of the
    given gemeenten (the gemeenten the reader works for); else None. The migration's report
    names source URLs and reasons: it is the gemeente's own (ADR 0065)."""
    return (
        Gebruik.objects.select_related("applicatie", "gemeente", "migratie")
        .filter(
            pk=gebruik_id,
            applicatie_id=applicatie_id,
            gemeente_id__in=list(gemeente_ids),
            # The service links only a migratie into the Gebruik's own gemeente; should a row
            # say otherwise, its report is still nobody's here but that gemeente's.
            migratie__tenant_id=F("gemeente_id"),
        )
        .first()
    )


def _lijst(rijen: Any, limiet: int) -> tuple[list[dict[str, Any]], int]:
    rijen = rijen if isinstance(rijen, list) else []
    getoond = [
        {**rij, "label": label(str(rij.get("soort", "")))} if isinstance(rij, dict) else {}
        for rij in rijen[:limiet]
    ]
    return getoond, len(rijen) - len(getoond)


def rapportweergave(rapport: dict[str, Any], *, limiet: int = TONEN) -> dict[str, Any]:
    """A stored report (rapport.maak's dict) as the full report page shows it: each list cut to
    `limiet` rows, with how many more the report holds. Reads nothing from the database."""
    versies = rapport.get("documentversies")
    versies = versies if isinstance(versies, dict) else {}
    per_pad = rapport.get("verzoeken_per_pad")
    seconden = rapport.get("seconden")
    niet, niet_meer = _lijst(rapport.get("niet_gekopieerd"), limiet)
    waarschuwingen, waarschuwingen_meer = _lijst(rapport.get("waarschuwingen"), limiet)
    verdwenen, verdwenen_meer = _lijst(rapport.get("verdwenen"), limiet)
    afwijkend, afwijkend_meer = _lijst(versies.get("afwijkend"), limiet)
    soorten = list(migratie_selectors.rapportsoorten(rapport.get("soorten")))
    gestart = parse_datetime(str(rapport.get("gestart_op") or ""))
    return {
        "run": rapport.get("run"),
        "gestart_op": gestart,
        "toestand": Toestand(rapport["toestand"]).label
        if rapport.get("toestand") in Toestand.values
        else str(rapport.get("toestand", "")),
        "melding": rapport.get("melding", ""),
        "duur": duur(float(seconden)) if isinstance(seconden, int | float) else "",
        "verzoeken": migratie_selectors.telling(rapport.get("verzoeken")),
        "verzoeken_per_pad": sorted(
            (str(pad), migratie_selectors.telling(n))
            for pad, n in (per_pad.items() if isinstance(per_pad, dict) else ())
        ),
        "eenheden_geschreven": migratie_selectors.telling(rapport.get("eenheden_geschreven")),
        "soorten": soorten,
        "niet_gekopieerd_totaal": niet_gekopieerd(soorten),
        "niet_gekopieerd_in_rapport": len(niet) + niet_meer,
        "versies": {
            **{
                k: migratie_selectors.telling(versies.get(k)) or 0
                for k in ("vergeleken", "gelijk", "zonder_inhoud", "teruggelezen")
            },
            "afwijkend_totaal": len(afwijkend) + afwijkend_meer,
        },
        "afwijkend": afwijkend,
        "afwijkend_meer": afwijkend_meer,
        "niet_gekopieerd": niet,
        "niet_gekopieerd_meer": niet_meer,
        "waarschuwingen": waarschuwingen,
        "waarschuwingen_meer": waarschuwingen_meer,
        "waarschuwingen_totaal": len(waarschuwingen) + waarschuwingen_meer,
        "verdwenen": verdwenen,
        "verdwenen_meer": verdwenen_meer,
        "verdwenen_totaal": len(verdwenen) + verdwenen_meer,
        "schoon": rapport.get("schoon") is True,
    }
