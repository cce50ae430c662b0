"""The verification report of a run (ADR 0063, point 9): per type counted at the source, present
in iwerk, copied, unchanged, skipped or failed with the reason; every document version's SHA-256
from the source compared with what iwerk stored, read back from iwerk's storage for the versions
written in this run."""

from __future__ import annotations

from typing import Any

from iwerk.migratie import selectors
from iwerk.migratie.zgw.kopieren import GEKOPIEERD, Kopieerder
from iwerk.migratie.zgw.soorten import FASENAMEN, SOORTEN, label
from iwerk.migratie.zgw.voortgang import duur

DOCUMENT = "enkelvoudiginformatieobject"
KOLOMMEN = ("bron", "iwerk", "gekopieerd", "ongewijzigd", "overgeslagen", "mislukt")


def maak(
    k: Kopieerder, *, toestand: str, melding: str, seconden: float, teruglezen: bool
) -> dict[str, Any]:
    stand = selectors.toestanden(k.migratie)
    soorten = []
    for soort in SOORTEN:
        if soort not in k.bij_bron and soort not in stand and soort not in k.tellers:
            continue
        bron = k.bij_bron.get(soort)
        iwerk = None
        if bron is not None and soort in selectors.MODELLEN:
            iwerk = len(selectors.aanwezig(soort, bron))
        deze_run = dict(k.tellers.get(soort, {}))
        soorten.append(
            {
                "soort": soort,
                "label": label(soort),
                "bron": len(bron) if bron is not None else None,
                "iwerk": iwerk,
                "gekopieerd": deze_run.get(GEKOPIEERD, 0),
                "ongewijzigd": deze_run.get("ongewijzigd", 0),
                "overgeslagen": stand.get(soort, {}).get("overgeslagen", 0),
                "mislukt": stand.get(soort, {}).get("mislukt", 0),
                "totaal_gekopieerd": stand.get(soort, {}).get(GEKOPIEERD, 0),
            }
        )
    versies = _documentversies(k, teruglezen=teruglezen)
    verdwenen = _verdwenen(k) if toestand == "klaar" else []
    niet = selectors.niet_gekopieerd(k.migratie)
    alle_fasen = set(FASENAMEN) <= set(k.fasen)
    schoon = (
        toestand == "klaar"
        and alle_fasen
        and not niet
        and not versies["afwijkend"]
        and all(s["bron"] is None or s["iwerk"] is None or s["bron"] == s["iwerk"] for s in soorten)
    )
    return {
        "migratie": k.migratie.naam,
        "gemeente": str(k.migratie.tenant),
        "run": k.run.pk,
        "gestart_op": k.run.gestart_op.isoformat(),
        "toestand": toestand,
        "melding": melding,
        "seconden": round(seconden, 1),
        "verzoeken": k.bron.verzoeken,
        "verzoeken_per_pad": dict(sorted(k.bron.per_pad.items())),
        "eenheden_geschreven": k.geschreven,
        "fasen": [fase for fase in FASENAMEN if fase in k.fasen],
        "soorten": soorten,
        "documentversies": versies,
        "niet_gekopieerd": niet,
        "waarschuwingen": selectors.waarschuwingen(k.migratie),
        "verdwenen": verdwenen,
        "schoon": schoon,
    }


HOOFDSOORTEN = (
    "catalogus",
    "informatieobjecttype",
    "besluittype",
    "zaaktype",
    "enkelvoudiginformatieobject",
    "zaak",
    "besluit",
)


def _verdwenen(k: Kopieerder, *, limiet: int = 1000) -> list[dict[str, str]]:
    """Objects an earlier run copied that the source no longer lists: iwerk keeps them (a
    migration never deletes a main object); the report names them for whoever switches off.
    Only types this run listed (a run of some phases lists only theirs)."""
    uitkomst = []
    for url, regel in k.boek.items():
        if (
            regel.soort in HOOFDSOORTEN
            and regel.soort in k.bij_bron
            and regel.toestand == GEKOPIEERD
            and regel.uuid
            and regel.uuid not in k.bij_bron.get(regel.soort, set())
        ):
            uitkomst.append({"soort": regel.soort, "bron_url": url})
            if len(uitkomst) >= limiet:
                break
    return uitkomst


def _documentversies(k: Kopieerder, *, teruglezen: bool) -> dict[str, Any]:
    """Every copied document version's SHA-256 at the source against iwerk's."""
    documenten = {
        regel.uuid: (url, regel)
        for url, regel in k.boek.items()
        if regel.soort == DOCUMENT and regel.toestand == GEKOPIEERD and regel.uuid
    }
    opgeslagen = selectors.versies_per_document(list(documenten))
    lezen = set(k.teruglezen) if teruglezen else set()
    uitkomst: dict[str, Any] = {
        "vergeleken": 0,
        "gelijk": 0,
        "zonder_inhoud": 0,
        "teruggelezen": 0,
        "afwijkend": [],
    }
    for sleutel, (url, regel) in documenten.items():
        for nummer, verwacht in sorted(regel.gegevens.get("versies", {}).items()):
            if not verwacht:
                uitkomst["zonder_inhoud"] += 1
                continue
            uitkomst["vergeleken"] += 1
            sha, naam = opgeslagen.get(sleutel, {}).get(int(nummer), ("", ""))
            if sleutel in lezen and naam:
                sha = selectors.sha256_gelezen(naam)
                uitkomst["teruggelezen"] += 1
            if sha == verwacht:
                uitkomst["gelijk"] += 1
            else:
                uitkomst["afwijkend"].append(
                    {"document": url, "versie": int(nummer), "bron": verwacht, "iwerk": sha}
                )
    return uitkomst


def tekst(rapport: dict[str, Any]) -> str:
    """The report as the command prints it."""
    regels = [
        "",
        f"Verificatierapport: migratie '{rapport['migratie']}' naar {rapport['gemeente']}, "
        f"run {rapport['run']} ({rapport['toestand']}), {duur(rapport['seconden'])}, "
        f"{rapport['verzoeken']} verzoeken aan de bron",
    ]
    if rapport.get("melding"):
        regels.append(f"  {rapport['melding']}")
    if (fasen := rapport.get("fasen")) and set(fasen) != set(FASENAMEN):
        regels.append(
            f"  Alleen de fasen {', '.join(fasen)}: niet schoon tot een run van alle fasen klaar is."
        )
    regels.append("")
    regels.append(f"{'soort':<32}" + "".join(f"{kolom:>14}" for kolom in KOLOMMEN))
    for soort in rapport["soorten"]:
        cellen = [soort.get(kolom) for kolom in KOLOMMEN]
        regels.append(
            f"{soort['label']:<32}" + "".join(f"{'-' if c is None else c:>14}" for c in cellen)
        )
    regels.append("(gekopieerd en ongewijzigd: deze run; overgeslagen en mislukt: de stand nu)")
    v = rapport["documentversies"]
    regels.append("")
    regels.append(
        f"Documentversies: {v['vergeleken']} vergeleken op SHA-256, {v['gelijk']} gelijk, "
        f"{len(v['afwijkend'])} afwijkend, {v['teruggelezen']} teruggelezen uit iwerk, "
        f"{v['zonder_inhoud']} zonder inhoud"
    )
    for afwijking in v["afwijkend"]:
        regels.append(
            f"  {afwijking['document']} versie {afwijking['versie']}: bron {afwijking['bron']}, "
            f"iwerk {afwijking['iwerk'] or '(geen)'}"
        )
    if rapport["niet_gekopieerd"]:
        regels.append("")
        regels.append(f"Niet gekopieerd ({len(rapport['niet_gekopieerd'])}):")
        for rij in rapport["niet_gekopieerd"]:
            regels.append(
                f"  {rij['toestand']} {label(rij['soort'])} {rij['bron_url']}: {rij['reden']}"
            )
    if rapport["waarschuwingen"]:
        regels.append("")
        regels.append(f"Waarschuwingen ({len(rapport['waarschuwingen'])}):")
        for rij in rapport["waarschuwingen"]:
            regels.append(f"  {label(rij['soort'])} {rij['bron_url']}: {rij['waarschuwing']}")
    if rapport.get("verdwenen"):
        regels.append("")
        regels.append(
            f"Niet meer bij de bron, wel in iwerk ({len(rapport['verdwenen'])}): verwijderd bij de "
            "bron na een eerdere run; de migratie verwijdert niets in iwerk."
        )
        for rij in rapport["verdwenen"]:
            regels.append(f"  {label(rij['soort'])} {rij['bron_url']}")
    regels.append("")
    regels.append(
        "Oordeel: schoon — alles van de bron staat in iwerk."
        if rapport["schoon"]
        else "Oordeel: niet schoon — zie hierboven."
    )
    return "\n".join(regels) + "\n"
