"""What a dry run or an import reports: every finding with its place in the file, the counts,
and after an import what became of each zaak."""

from __future__ import annotations

from dataclasses import dataclass, field

FOUT, WAARSCHUWING = "fout", "waarschuwing"


@dataclass(frozen=True)
class Melding:
    """One finding, placed as the spreadsheet shows it: sheet, row number, column letter."""

    bericht: str
    blad: str = ""
    rij: int | None = None  # the row number in the spreadsheet (the header is row 1)
    kolom: str = ""  # the column's canonical name
    letter: str = ""  # its letter in this file, "" when the column is missing
    ernst: str = FOUT

    @property
    def plek(self) -> str:
        delen = []
        if self.blad:
            delen.append(f"blad {self.blad}")
        if self.rij is not None:
            delen.append(f"rij {self.rij}")
        if self.kolom:
            delen.append(
                f"kolom {self.letter} ({self.kolom})" if self.letter else f"kolom {self.kolom}"
            )
        return ", ".join(delen)

    def __str__(self) -> str:
        return f"{self.plek}: {self.bericht}" if self.plek else self.bericht

    def as_json(self) -> dict:
        return {
            "ernst": self.ernst,
            "blad": self.blad,
            "rij": self.rij,
            "kolom": self.kolom,
            "letter": self.letter,
            "bericht": self.bericht,
        }


@dataclass
class Uitkomst:
    """What became of one zaak in an import."""

    identificatie: str
    rij: int
    status: str  # geimporteerd, mislukt, al_geimporteerd
    reden: str = ""

    def as_json(self) -> dict:
        return {
            "identificatie": self.identificatie,
            "rij": self.rij,
            "status": self.status,
            "reden": self.reden,
        }


@dataclass
class Verslag:
    bron: str
    gemeente: str
    uitgevoerd: bool = False
    meldingen: list[Melding] = field(default_factory=list)
    # What the import would write (dry run) or wrote: zaken, rollen, statussen, documenten.
    aantallen: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("zaken", "rollen", "statussen", "documenten"), 0)
    )
    al_geimporteerd: list[str] = field(default_factory=list)
    uitkomsten: list[Uitkomst] = field(default_factory=list)

    @property
    def fouten(self) -> list[Melding]:
        return [m for m in self.meldingen if m.ernst == FOUT]

    @property
    def waarschuwingen(self) -> list[Melding]:
        return [m for m in self.meldingen if m.ernst == WAARSCHUWING]

    @property
    def mislukt(self) -> list[Uitkomst]:
        return [u for u in self.uitkomsten if u.status == "mislukt"]

    @property
    def gelukt(self) -> bool:
        return not self.fouten and not self.mislukt

    def as_json(self) -> dict:
        return {
            "bron": self.bron,
            "gemeente": self.gemeente,
            "uitgevoerd": self.uitgevoerd,
            "gelukt": self.gelukt,
            "aantallen": self.aantallen,
            "al_geimporteerd": self.al_geimporteerd,
            "fouten": [m.as_json() for m in self.fouten],
            "waarschuwingen": [m.as_json() for m in self.waarschuwingen],
            "zaken": [u.as_json() for u in self.uitkomsten],
        }

    def tekst(self) -> str:
        """The report as the command prints it."""
        regels = []
        if self.fouten:
            regels.append(f"{len(self.fouten)} fout(en) in {self.bron}:")
            regels += [f"  {m}" for m in self.fouten]
        if self.waarschuwingen:
            regels.append(f"{len(self.waarschuwingen)} waarschuwing(en):")
            regels += [f"  {m}" for m in self.waarschuwingen]
        a = self.aantallen
        telling = (
            f"{a['zaken']} zaken, {a['rollen']} rollen, {a['statussen']} statussen, "
            f"{a['documenten']} documenten"
        )
        if self.al_geimporteerd:
            telling += f"; {len(self.al_geimporteerd)} zaken al geïmporteerd (overgeslagen)"
        if self.uitgevoerd:
            regels.append(f"Geïmporteerd in {self.gemeente}: {telling}.")
            if self.mislukt:
                regels.append(
                    f"{len(self.mislukt)} zaak/zaken niet geïmporteerd (niets van bewaard):"
                )
                regels += [f"  {u.identificatie} (rij {u.rij}): {u.reden}" for u in self.mislukt]
        elif self.fouten:
            regels.append("Er is niets geïmporteerd. Herstel de fouten en probeer het opnieuw.")
        else:
            regels.append(f"Proef: geen fouten. Te importeren in {self.gemeente}: {telling}.")
            regels.append("Voer de import uit met --uitvoeren.")
        return "\n".join(regels)
