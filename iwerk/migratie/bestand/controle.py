"""The dry run: every row checked against the gemeente's catalogue, iwerk and the folder of files.

All findings at once, each with its sheet, row and column. What it checks: the zaaktype exists in
the gemeente's catalogue, is published and valid on the startdatum; statustypen, roltypen,
resultaattypen and informatieobjecttypen belong to that zaaktype; a BSN or RSIN passes the
elfproef as the Zaken register checks it; dates parse and are not in the future; the files
exist, stay inside their folder and can be read; identificaties are unique in the file and not
taken in iwerk by another zaak (a zaak an earlier run of this import wrote is *al geïmporteerd*
and skipped with its rows, so a rerun resumes); the hoofdzaak exists (in the file or in iwerk)
and is no deelzaak; a closing status comes last and has a resultaat. The result is the plan
`importeren` carries out — only when no row has an error.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils import timezone

from iwerk.catalogi.models import InformatieObjectType, ResultaatType, RolType, StatusType, ZaakType
from iwerk.core.models import Gemeente
from iwerk.migratie.bestand.bestanden import zoek_bestand
from iwerk.migratie.bestand.betrokkene import betrokkene
from iwerk.migratie.bestand.catalogus import (
    Bestaand,
    Catalogusindex,
    bestaande_documenten,
    bestaande_zaken,
    laad_catalogus,
)
from iwerk.migratie.bestand.formaat import sleutel
from iwerk.migratie.bestand.lezen import DocumentRij, Gelezen, RolRij, StatusRij, ZaakRij
from iwerk.migratie.bestand.verslag import WAARSCHUWING, Melding, Verslag


@dataclass
class RolPlan:
    rij: RolRij
    roltype: RolType | None
    betrokkene_type: str
    identificatie: dict


@dataclass
class StatusPlan:
    rij: StatusRij
    statustype: StatusType | None
    datum: datetime | None  # aware


@dataclass
class DocumentPlan:
    rij: DocumentRij
    informatieobjecttype: InformatieObjectType | None
    pad: Path
    bestandsnaam: str
    formaat: str


@dataclass
class ZaakPlan:
    rij: ZaakRij
    registratiedatum: date | None = None
    zaaktype: ZaakType | None = None
    resultaattype: ResultaatType | None = None
    rollen: list[RolPlan] = field(default_factory=list)
    statussen: list[StatusPlan] = field(default_factory=list)
    documenten: list[DocumentPlan] = field(default_factory=list)

    @property
    def identificatie(self) -> str:
        return self.rij.identificatie


@dataclass
class Controle:
    verslag: Verslag
    plannen: list[ZaakPlan]  # hoofdzaken before their deelzaken
    bestaand: dict[str, Bestaand]


def _lijst(namen: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in namen) or "(geen)"


class _Controleur:
    def __init__(self, gelezen: Gelezen, gemeente: Gemeente, bestanden: Path | None) -> None:
        self.gelezen = gelezen
        self.gemeente = gemeente
        self.basis = (bestanden or gelezen.map).resolve()
        self.verslag = Verslag(bron=gelezen.bron, gemeente=gemeente.naam)
        self.verslag.meldingen.extend(gelezen.meldingen)
        self.catalogus: Catalogusindex = laad_catalogus(gemeente)
        ids = {z.identificatie for z in gelezen.zaken} | {z.hoofdzaak for z in gelezen.zaken}
        self.bestaand = bestaande_zaken(gemeente, ids)
        self.documenten_in_iwerk = bestaande_documenten(
            gemeente, {d.identificatie for d in gelezen.documenten}
        )
        self.plannen: dict[str, ZaakPlan] = {}
        self.overgeslagen: set[str] = set()
        self.vandaag = timezone.localdate()
        self.nu = timezone.now()

    def fout(self, melding: Melding) -> None:
        self.verslag.meldingen.append(melding)

    # --- zaken ------------------------------------------------------------------------------

    def zaken(self) -> None:
        eerste: dict[str, int] = {}
        for rij in self.gelezen.zaken:
            if rij.identificatie in eerste:
                self.verslag.meldingen.extend(rij.meldingen)
                self.fout(
                    rij.plek.melding(
                        "identificatie",
                        f"'{rij.identificatie}' staat ook op rij {eerste[rij.identificatie]}.",
                    )
                )
                continue
            if rij.identificatie:
                eerste[rij.identificatie] = rij.plek.rij
            bestaand = self.bestaand.get(rij.identificatie)
            if bestaand is not None:
                if bestaand.uit_bestand and bestaand.zaaktype.casefold() == rij.zaaktype.casefold():
                    self.overgeslagen.add(rij.identificatie)
                    self.verslag.al_geimporteerd.append(rij.identificatie)
                    continue
                self.fout(
                    rij.plek.melding(
                        "identificatie",
                        f"een andere zaak in iwerk heeft al identificatie '{rij.identificatie}'.",
                    )
                )
            self.verslag.meldingen.extend(rij.meldingen)
            # A legacy zaak was registered by its start, or today when it starts later.
            plan = ZaakPlan(
                rij, rij.registratiedatum or min(rij.startdatum or self.vandaag, self.vandaag)
            )
            plan.zaaktype = self.zaaktype(rij)
            if plan.zaaktype is not None and rij.resultaat:
                plan.resultaattype = self.resultaattype(rij, plan.zaaktype)
            self.datums(rij)
            if rij.identificatie and rij.identificatie not in self.plannen:
                self.plannen[rij.identificatie] = plan
        for plan in self.plannen.values():
            self.hoofdzaak(plan)

    def zaaktype(self, rij: ZaakRij) -> ZaakType | None:
        if not rij.zaaktype:
            return None
        versies = self.catalogus.zaaktypen.get(rij.zaaktype.casefold(), [])
        if not versies:
            self.fout(
                rij.plek.melding(
                    "zaaktype",
                    f"het zaaktype '{rij.zaaktype}' staat niet in de catalogus van "
                    f"{self.gemeente.naam}.",
                )
            )
            return None
        if rij.zaaktype_versiedatum:
            versies = [v for v in versies if v.versiedatum == rij.zaaktype_versiedatum]
            if not versies:
                self.fout(
                    rij.plek.melding(
                        "zaaktype_versiedatum",
                        f"het zaaktype '{rij.zaaktype}' heeft geen versie met versiedatum "
                        f"{rij.zaaktype_versiedatum:%d-%m-%Y}.",
                    )
                )
                return None
        gepubliceerd = [v for v in versies if not v.concept]
        if not gepubliceerd:
            self.fout(
                rij.plek.melding(
                    "zaaktype", f"het zaaktype '{rij.zaaktype}' is nog niet gepubliceerd."
                )
            )
            return None
        if rij.startdatum is None:
            return gepubliceerd[-1] if len(gepubliceerd) == 1 else None
        geldig = [v for v in gepubliceerd if v.is_valid_on(rij.startdatum)]
        if not geldig:
            perioden = "; ".join(
                f"{v.datum_begin_geldigheid:%d-%m-%Y} tot "
                + (f"{v.datum_einde_geldigheid:%d-%m-%Y}" if v.datum_einde_geldigheid else "heden")
                for v in gepubliceerd
            )
            self.fout(
                rij.plek.melding(
                    "startdatum",
                    f"het zaaktype '{rij.zaaktype}' is niet geldig op {rij.startdatum:%d-%m-%Y} "
                    f"(geldig: {perioden}). Maak in de catalogus een versie die dan geldig was.",
                )
            )
            return None
        if len({v.catalogus_id for v in geldig}) > 1:
            self.fout(
                rij.plek.melding(
                    "zaaktype",
                    f"het zaaktype '{rij.zaaktype}' staat in meer dan één catalogus van "
                    f"{self.gemeente.naam}.",
                )
            )
            return None
        return geldig[-1]

    def resultaattype(self, rij: ZaakRij, zaaktype: ZaakType) -> ResultaatType | None:
        typen = self.catalogus.resultaattypen.get(zaaktype.pk, [])
        for resultaattype in typen:
            if resultaattype.omschrijving.casefold() == rij.resultaat.casefold():
                return resultaattype
        self.fout(
            rij.plek.melding(
                "resultaat",
                f"'{rij.resultaat}' is geen resultaattype van zaaktype '{zaaktype.identificatie}'; "
                f"kies uit: {_lijst([t.omschrijving for t in typen])}.",
            )
        )
        return None

    def datums(self, rij: ZaakRij) -> None:
        if rij.registratiedatum and rij.registratiedatum > self.vandaag:
            self.fout(
                rij.plek.melding("registratiedatum", "de registratiedatum ligt in de toekomst.")
            )
        if rij.startdatum and rij.einddatum_gepland and rij.einddatum_gepland < rij.startdatum:
            self.fout(
                rij.plek.melding(
                    "einddatum_gepland", "de geplande einddatum ligt vóór de startdatum."
                )
            )
        uiterlijk = rij.uiterlijke_einddatum_afdoening
        if rij.startdatum and uiterlijk and uiterlijk < rij.startdatum:
            self.fout(
                rij.plek.melding(
                    "uiterlijke_einddatum_afdoening",
                    "de uiterlijke einddatum van afdoening ligt vóór de startdatum.",
                )
            )

    def hoofdzaak(self, plan: ZaakPlan) -> None:
        rij = plan.rij
        if not rij.hoofdzaak:
            return
        if rij.hoofdzaak == rij.identificatie:
            self.fout(rij.plek.melding("hoofdzaak", "een zaak kan niet haar eigen hoofdzaak zijn."))
            return
        in_bestand = self.plannen.get(rij.hoofdzaak)
        bestaand = self.bestaand.get(rij.hoofdzaak)
        if in_bestand is not None:
            if in_bestand.rij.hoofdzaak:
                self.fout(
                    rij.plek.melding(
                        "hoofdzaak",
                        f"'{rij.hoofdzaak}' is zelf een deelzaak (rij {in_bestand.rij.plek.rij}); "
                        "een deelzaak kan geen hoofdzaak zijn.",
                    )
                )
        elif bestaand is not None and bestaand.tenant_id == self.gemeente.pk:
            if bestaand.hoofdzaak_id is not None:
                self.fout(
                    rij.plek.melding(
                        "hoofdzaak",
                        f"'{rij.hoofdzaak}' is in iwerk een deelzaak; een deelzaak kan geen "
                        "hoofdzaak zijn.",
                    )
                )
        else:
            self.fout(
                rij.plek.melding(
                    "hoofdzaak",
                    f"de hoofdzaak '{rij.hoofdzaak}' staat niet in het bestand en niet in iwerk.",
                )
            )
        if any(p.rij.hoofdzaak == rij.identificatie for p in self.plannen.values()):
            self.fout(
                rij.plek.melding(
                    "hoofdzaak",
                    "deze zaak heeft zelf deelzaken in het bestand en kan geen deelzaak zijn.",
                )
            )

    # --- rows that belong to a zaak ------------------------------------------------------------

    def plan_van(self, rij: RolRij | StatusRij | DocumentRij) -> tuple[bool, ZaakPlan | None]:
        """(whether to check the row, the zaak's plan): rows of a zaak that is already imported
        are skipped with it."""
        if rij.zaak in self.overgeslagen:
            return False, None
        self.verslag.meldingen.extend(rij.meldingen)
        plan = self.plannen.get(rij.zaak)
        if plan is None and rij.zaak:
            self.fout(
                rij.plek.melding("zaak", f"de zaak '{rij.zaak}' staat niet op het blad zaken.")
            )
        return True, plan

    def rollen(self) -> None:
        for rij in self.gelezen.rollen:
            nagaan, plan = self.plan_van(rij)
            if not nagaan:
                continue
            roltype = None
            if plan is not None and plan.zaaktype is not None and rij.roltype:
                roltype = self.roltype(rij, plan.zaaktype)
            soort, identificatie, meldingen = betrokkene(rij)
            self.verslag.meldingen.extend(meldingen)
            if plan is not None:
                plan.rollen.append(RolPlan(rij, roltype, soort, identificatie))

    def roltype(self, rij: RolRij, zaaktype: ZaakType) -> RolType | None:
        typen = self.catalogus.roltypen.get(zaaktype.pk, [])
        naam = rij.roltype.casefold()
        for roltype in typen:
            if roltype.omschrijving.casefold() == naam:
                return roltype
        generiek = [t for t in typen if t.omschrijving_generiek == sleutel(rij.roltype)]
        if len(generiek) == 1:
            return generiek[0]
        if generiek:
            bericht = (
                f"zaaktype '{zaaktype.identificatie}' heeft meer roltypen '{rij.roltype}'; "
                f"noem de omschrijving: {_lijst([t.omschrijving for t in generiek])}."
            )
        else:
            bericht = (
                f"'{rij.roltype}' is geen roltype van zaaktype '{zaaktype.identificatie}'; "
                f"kies uit: {_lijst([t.omschrijving for t in typen])}."
            )
        self.fout(rij.plek.melding("roltype", bericht))
        return None

    def statussen(self) -> None:
        for rij in self.gelezen.statussen:
            nagaan, plan = self.plan_van(rij)
            if not nagaan:
                continue
            statustype = None
            if plan is not None and plan.zaaktype is not None and rij.statustype:
                statustype = self.statustype(rij, plan.zaaktype)
            datum = rij.datum_status_gezet
            if datum is not None:
                if timezone.is_naive(datum):
                    datum = timezone.make_aware(datum)  # Dutch local time, as in the API
                if datum > self.nu:
                    self.fout(
                        rij.plek.melding("datum_status_gezet", "de datum ligt in de toekomst.")
                    )
                startdatum = plan.rij.startdatum if plan is not None else None
                if startdatum and timezone.localtime(datum).date() < startdatum:
                    self.fout(
                        rij.plek.melding(
                            "datum_status_gezet",
                            "de status is gezet vóór de startdatum van de zaak; zo overgenomen.",
                            WAARSCHUWING,
                        )
                    )
            if plan is not None:
                plan.statussen.append(StatusPlan(rij, statustype, datum))
        for plan in self.plannen.values():
            self.volgorde(plan)

    def statustype(self, rij: StatusRij, zaaktype: ZaakType) -> StatusType | None:
        typen = self.catalogus.statustypen.get(zaaktype.pk, [])
        waarde = rij.statustype
        for statustype in typen:
            if (waarde.isdigit() and statustype.volgnummer == int(waarde)) or (
                statustype.omschrijving.casefold() == waarde.casefold()
            ):
                return statustype
        self.fout(
            rij.plek.melding(
                "statustype",
                f"'{waarde}' is geen statustype van zaaktype '{zaaktype.identificatie}'; kies uit: "
                + ", ".join(f"{t.volgnummer} '{t.omschrijving}'" for t in typen)
                + ".",
            )
        )
        return None

    def volgorde(self, plan: ZaakPlan) -> None:
        """Statussen are set in date order; the eindstatus closes the zaak, so it comes last,
        once, and needs a resultaat (zrc-007)."""
        plan.statussen.sort(key=lambda s: s.datum or self.nu)  # stable: file order on a tie
        if plan.zaaktype is None:
            return
        typen = self.catalogus.statustypen.get(plan.zaaktype.pk, [])
        if not typen:
            return
        hoogste = typen[-1].volgnummer
        eind = [s for s in plan.statussen if s.statustype and s.statustype.volgnummer == hoogste]
        if not eind:
            return
        eerste = eind[0]
        if len(eind) > 1:
            self.fout(
                eind[1].rij.plek.melding(
                    "statustype",
                    f"de zaak heeft de eindstatus al op rij {eerste.rij.plek.rij}; een zaak "
                    "sluit één keer.",
                )
            )
        na = plan.statussen[plan.statussen.index(eerste) + 1 :]
        later = [s for s in na if s not in eind]
        if later:
            self.fout(
                eerste.rij.plek.melding(
                    "datum_status_gezet",
                    f"na de eindstatus volgt nog een status (rij {later[0].rij.plek.rij}); de "
                    "eindstatus sluit de zaak en moet de laatste zijn.",
                )
            )
        if plan.rij.resultaat == "":
            self.fout(
                eerste.rij.plek.melding(
                    "statustype",
                    f"de eindstatus sluit de zaak, maar zaak '{plan.identificatie}' heeft geen "
                    f"resultaat (blad zaken, rij {plan.rij.plek.rij}, kolom resultaat).",
                )
            )

    def documenten(self) -> None:
        eerste: dict[str, int] = {}
        for rij in self.gelezen.documenten:
            nagaan, plan = self.plan_van(rij)
            if not nagaan:
                continue
            if rij.identificatie:
                if rij.identificatie in eerste:
                    self.fout(
                        rij.plek.melding(
                            "identificatie",
                            f"'{rij.identificatie}' staat ook op rij {eerste[rij.identificatie]}.",
                        )
                    )
                elif rij.identificatie in self.documenten_in_iwerk:
                    self.fout(
                        rij.plek.melding(
                            "identificatie",
                            f"een ander document in iwerk heeft al identificatie '{rij.identificatie}'.",
                        )
                    )
                eerste.setdefault(rij.identificatie, rij.plek.rij)
            iot = None
            if plan is not None and plan.zaaktype is not None and rij.informatieobjecttype:
                iot = self.informatieobjecttype(rij, plan.zaaktype)
            self.document_velden(rij)
            pad, meldingen = zoek_bestand(rij, self.basis)
            self.verslag.meldingen.extend(meldingen)
            if plan is not None and pad is not None:
                naam = pad.name
                formaat = rij.formaat or mimetypes.guess_type(naam)[0] or ""
                plan.documenten.append(DocumentPlan(rij, iot, pad, naam, formaat))

    def informatieobjecttype(
        self, rij: DocumentRij, zaaktype: ZaakType
    ) -> InformatieObjectType | None:
        van_zaaktype = self.catalogus.documenttypen.get(zaaktype.pk, {})
        naam = rij.informatieobjecttype.casefold()
        if naam not in van_zaaktype:
            self.fout(
                rij.plek.melding(
                    "informatieobjecttype",
                    f"'{rij.informatieobjecttype}' hoort niet bij zaaktype "
                    f"'{zaaktype.identificatie}'; kies uit: {_lijst(sorted(van_zaaktype.values()))}.",
                )
            )
            return None
        versies = [
            v
            for v in self.catalogus.informatieobjecttypen.get((zaaktype.catalogus_id, naam), [])
            if not v.concept
        ]
        if not versies:
            self.fout(
                rij.plek.melding(
                    "informatieobjecttype",
                    f"het informatieobjecttype '{rij.informatieobjecttype}' is nog niet gepubliceerd.",
                )
            )
            return None
        geldig = [v for v in versies if rij.creatiedatum and v.is_valid_on(rij.creatiedatum)]
        return (geldig or versies)[-1]

    def document_velden(self, rij: DocumentRij) -> None:
        if rij.taal and not re.fullmatch(r"[a-z]{3}", rij.taal):
            self.fout(
                rij.plek.melding(
                    "taal",
                    f"'{rij.taal}' is geen taalcode van drie letters (ISO 639-2/B), zoals 'dut'.",
                )
            )
        for kolom in ("creatiedatum", "ontvangstdatum", "verzenddatum"):
            waarde: date | None = getattr(rij, kolom)
            if waarde and waarde > self.vandaag:
                self.fout(rij.plek.melding(kolom, "de datum ligt in de toekomst."))
        if rij.ontvangstdatum and rij.status in ("in_bewerking", "ter_vaststelling"):
            self.fout(
                rij.plek.melding(
                    "status",
                    "een ontvangen document (met ontvangstdatum) kan niet 'in bewerking' of "
                    "'ter vaststelling' zijn.",
                )
            )

    def tellen(self) -> None:
        plannen = list(self.plannen.values())
        self.verslag.aantallen = {
            "zaken": len(plannen),
            "rollen": sum(len(p.rollen) for p in plannen),
            "statussen": sum(len(p.statussen) for p in plannen),
            "documenten": sum(len(p.documenten) for p in plannen),
        }


def controleer(gelezen: Gelezen, gemeente: Gemeente, bestanden: Path | None = None) -> Controle:
    """Check every row of gelezen for an import into gemeente; documents' paths start at
    bestanden (default: the folder of the file). Returns the report and the plan."""
    c = _Controleur(gelezen, gemeente, bestanden)
    c.zaken()
    c.rollen()
    c.statussen()
    c.documenten()
    c.tellen()
    # A deelzaak after its hoofdzaak: the register needs the hoofdzaak to exist.
    plannen = sorted(c.plannen.values(), key=lambda p: bool(p.rij.hoofdzaak))
    c.verslag.meldingen.sort(key=lambda m: (m.blad != "", _BLADVOLGORDE.get(m.blad, 9), m.rij or 0))
    return Controle(c.verslag, plannen, c.bestaand)


_BLADVOLGORDE = {"zaken": 0, "betrokkenen": 1, "statussen": 2, "documenten": 3}
