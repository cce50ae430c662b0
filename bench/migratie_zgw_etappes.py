"""The staged measurement of `bench/migratie_zgw.py --etappes SECONDEN` (ADR 0066).

A whole run at 100,000 zaken with 200,000 documents takes some 9 hours on the 2-core bench
machine, longer than a session on it lasts. So at that size the bench measures each phase in a
window: a run per stage with `iwerk migreer zgw --fasen` (the operator's option for a bulk
migration in stages), stopped a given time after the units of its phase began (its lists read)
as an operator stops a run (SIGTERM; it is resumable), and last the documents stage once more,
resumed. Per stage: how long reading the source's lists of that phase took at full size, how
many objects were written in the rest of the window and at what rate, the source's load and the
copier's peak memory.

A zaak whose documents the documents window did not reach would be written without its
zaakinformatieobjecten (they wait, "document niet gemigreerd"); the source's lists are newest
first, for zaken and documents alike, so the zaken written first are those whose documents were
written first. A besluit whose zaak the zaken window did not reach is skipped, with a
bookkeeping row each: a stage that mostly skips gives no write rate, and the projection takes
that phase's rate from the whole run of the default mode (5,000 zaken) and says so.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ETAPPES_MARK = "<!-- migratie-bench-etappes -->"
ETAPPES_RESULTS = ROOT / "bench" / "results" / "migratie_zgw-etappes-postgresql.json"

# (stage, --fasen)
ETAPPES = (
    ("documenten", "catalogi,documenten"),
    ("zaken", "zaken"),
    ("besluiten", "besluiten,audittrail"),
    ("documenten, hervat", "catalogi,documenten"),
)
# Per stage the phase whose units the window measures and the source lists it reads.
HOOFDFASE = {
    "catalogi,documenten": "documenten",
    "zaken": "zaken",
    "besluiten,audittrail": "besluiten",
}
SOORT = {"documenten": "enkelvoudiginformatieobject", "zaken": "zaak", "besluiten": "besluit"}
LABEL = {"enkelvoudiginformatieobject": "documents", "zaak": "zaken", "besluit": "besluiten"}


def _g(getal: float) -> str:
    return f"{round(getal):,}".replace(",", " ")


def _uur(seconden: float) -> str:
    return f"{seconden / 3600:.1f} h"


def etappes_tabel(u: dict) -> str:
    """The stages as a table for docs/performance.md, with the whole run they project."""
    bron: dict[str, int] = {}
    for etappe in u["etappes"]:
        for soort, telling in etappe["per_soort"].items():
            if telling.get("bron") is not None:
                bron[soort] = telling["bron"]
    regels = [
        f"Source: {_g(u['groeien']['aantallen']['zaken.Zaak'])} zaken, "
        f"{_g(u['groeien']['aantallen']['documenten.EnkelvoudigInformatieObject'])} documents "
        f"({_g(u['groeien']['aantallen']['documenten.Versie'])} versions), "
        f"{_g(u['groeien']['aantallen']['besluiten.Besluit'])} besluiten "
        f"({u['basis']} zaken made through the API, grown in its database in "
        f"{_g(u['groeien']['seconden'])} s). {u['machine']}; source, target and copier on this one "
        f"machine and one PostgreSQL server. Each stage is one run of `iwerk migreer zgw --fasen`, "
        f"stopped {_g(u['etappes'][0]['venster'])} s after its units began (the resumed documents stage "
        f"after {_g(u['etappes'][-1]['venster'])} s).",
        "",
        "| Stage | Lists read at the source | Units gone through | Objects written "
        "| Written/s | Requests to source (per s) | Source web CPU | Copier peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    geprojecteerd = 0.0
    voetnoten: list[str] = []
    for etappe in u["etappes"]:
        fase = HOOFDFASE[etappe["fasen_gevraagd"]]
        soort = SOORT[fase]
        venster = etappe["vensters"].get(fase) or {}
        lijsten = sum(g["aantal"] for g in etappe["gelezen"].values())
        lezen_s = venster.get("begin_s", etappe["seconden"])
        # Written until the stop (or, for a phase done inside its window, until its last line).
        klaar = venster.get("gedaan") == venster.get("totaal")
        eind = venster.get("tot_s", 0) if klaar else etappe.get("gestopt_na_s") or 0
        duur = eind - venster.get("begin_s", 0)
        telling = etappe["per_soort"].get(soort) or {}
        geschreven = telling.get("gekopieerd") or 0
        # Units gone through that were neither written nor unchanged: skipped, each with its
        # bookkeeping row (a besluit whose zaak a cut-short zaken stage did not reach).
        overgeslagen = max(
            0, venster.get("gedaan", 0) - geschreven - (telling.get("ongewijzigd") or 0)
        )
        tempo = round(geschreven / duur, 1) if duur > 0 else None
        if overgeslagen > venster.get("gedaan", 0) / 10:
            tempo = None  # mostly skipping: no write rate; the whole run's (5,000 zaken) instead
        if etappe["etappe"] == fase:
            vervang = _heel(fase) if tempo is None else None
            if tempo or vervang:
                geprojecteerd += lezen_s + bron.get(soort, 0) / (tempo or vervang or 1)
            if vervang:
                voetnoten.append(
                    f"{fase}: {_g(overgeslagen)} of the {_g(venster.get('gedaan', 0))} skipped "
                    f"(their zaak was not copied in the cut-short zaken stage), so no write rate "
                    f"at this size; projected with the whole run's {vervang} a second at 5,000 "
                    "zaken"
                )
        regels.append(
            f"| {etappe['etappe']} | {_g(lijsten)} objects in {_g(lezen_s)} s | "
            f"{_g(venster.get('gedaan', 0))} of {_g(venster.get('totaal', 0))} | "
            f"{_g(geschreven)} {LABEL[soort]}"
            f"{f' ({_g(overgeslagen)} skipped)' if overgeslagen else ''} | "
            f"{tempo if tempo is not None else '–'} | "
            f"{_g(etappe['bron_verzoeken'])} ({etappe['bron_verzoeken_per_seconde']}) | "
            f"{etappe['bron_cpu_procent_van_een_kern']} % of a core | "
            f"{_g(etappe['kopieerder_max_rss_mb'])} MB |"
        )
    regels += ["", *(f"- {v}." for v in voetnoten)] if voetnoten else []
    hoofdobjecten = sum(bron.get(s, 0) for s in SOORT.values())
    trails = _audittrails(u)
    if trails:
        geprojecteerd += hoofdobjecten / trails["per_seconde"]
        regels += [
            "",
            f"Audit trail phase (after the besluiten, in the same stage): {_g(trails['gedaan'])} "
            f"trails of copied objects read and added in {_g(trails['seconden'])} s, "
            f"{trails['per_seconde']} a second.",
        ]
    regels += [
        "",
        f"Projected whole first run from these rates (each phase: reading its lists, then all its "
        f"objects at the rate written in its window, skipped ones included"
        f"{'; one audit trail per zaak, document and besluit' if trails else ''}): "
        f"{_uur(geprojecteerd)} for "
        f"{_g(bron.get('zaak', 0))} zaken, {_g(bron.get('enkelvoudiginformatieobject', 0))} "
        f"documents and {_g(bron.get('besluit', 0))} besluiten.",
    ]
    return "\n".join(regels)


def _audittrails(u: dict) -> dict | None:
    """The audit trail phase's rate, where a stage reached it."""
    for etappe in u["etappes"]:
        v = etappe["vensters"].get("audittrails")
        if not v or not v.get("gedaan"):
            continue
        seconden = v["tot_s"] - v["begin_s"]  # to its last progress line, which counted gedaan
        if seconden > 0:
            return {
                "gedaan": v["gedaan"],
                "seconden": seconden,
                "per_seconde": round(v["gedaan"] / seconden, 1),
            }
    return None


def _heel(fase: str) -> float | None:
    """Units per second of a phase in the whole run of the default mode (5,000 zaken), from its
    results file; for a phase the stages could not measure as writing."""
    pad = ROOT / "bench" / "results" / "migratie_zgw-postgresql.json"
    try:
        return json.loads(pad.read_text())["eerste_run"]["fasen"][fase]["per_seconde"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
