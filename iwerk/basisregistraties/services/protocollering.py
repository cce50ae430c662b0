"""The inzage row every person or company lookup leaves, whatever its outcome (ADR 0049).

One row per lookup in `core.Inzage` (sealed into the audit chain by `core.auditketen`, shown to
the FG in the audit viewer): the gemeente, the channel, who, which zaak, the BSN (a BSN lookup,
or a search that found exactly one person), and in `omschrijving` what was asked and why:

    BRP RaadpleegMetBurgerservicenummer · velden: naam, adres · doelbinding BRPACT-Wmo ·
    verwerking Wmo-aanvraag behandelen · zaaktype WMO-MAATWERK · uitkomst: gevonden

A search names the kind of its criteria, not their values, and the BSNs it found; a KvK lookup
the KvK-nummer. The outcome always fits: the middle is shortened when the text would pass the
column's 300 characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from iwerk.basisregistraties.fouten import (
    BuitenBereik,
    GeenDoelbinding,
    NietGevonden,
    OngeldigeInvoer,
    Opgeheven,
    RegisterFout,
    RegisterOnbereikbaar,
)
from iwerk.basisregistraties.gegevens import Bevraging
from iwerk.basisregistraties.models import KCC_DOEL, Doelbinding
from iwerk.core import inzage

LENGTE = 300  # core.Inzage.omschrijving
# A lookup of the contact centre (ADR 0054) names its purpose instead of a zaaktype.
KCC_OMSCHRIJVING = "klantcontactcentrum (KCC)"
KOP_MINIMUM = 60  # what the outcome leaves of the row at least: the handeling, the zaaktype
SCHEIDING = " · "


@dataclass
class Protocol:
    """What is known about one lookup so far; `vastleggen` writes it with its outcome."""

    bevraging: Bevraging
    soort: str  # "brp" or "kvk", the Inzage.soort
    handeling: str  # "BRP RaadpleegMetBurgerservicenummer", "KvK basisprofiel 68750110"
    bsn: str = ""
    groepen: list[str] = field(default_factory=list)
    doelbinding: Doelbinding | None = None

    def vastleggen(self, uitkomst: str) -> None:
        b = self.bevraging
        inzage.vastleggen(
            tenant_id=b.gemeente_id,
            kanaal=b.kanaal,
            soort=self.soort,
            gebruikers_id=b.gebruikers_id,
            gebruikers_weergave=b.gebruikers_weergave,
            applicatie_id=b.applicatie_id,
            zaak_uuid=_uuid(b.zaak_uuid),
            omschrijving=self.omschrijving(uitkomst),
            bsn=self.bsn if len(self.bsn) == 9 and self.bsn.isdigit() else "",
        )

    def omschrijving(self, uitkomst: str) -> str:
        delen = [self.handeling]
        if self.groepen:
            delen.append(f"velden: {', '.join(self.groepen)}")
        if self.doelbinding is not None:
            delen.append(f"doelbinding {self.doelbinding.doelbinding}")
            delen.append(f"verwerking {self.doelbinding.verwerking}")
        if self.bevraging.zaaktype_identificatie == KCC_DOEL:
            delen.append(KCC_OMSCHRIJVING)
        else:
            delen.append(f"zaaktype {self.bevraging.zaaktype_identificatie}")
        staart = f"{SCHEIDING}uitkomst: {uitkomst}"
        if len(staart) > LENGTE - KOP_MINIMUM:
            staart = staart[: LENGTE - KOP_MINIMUM - 1] + "…"
        kop = SCHEIDING.join(delen)
        ruimte = LENGTE - len(staart)
        if len(kop) > ruimte:
            kop = kop[: ruimte - 1] + "…"
        return kop + staart


def _uuid(waarde: str | None) -> UUID | None:
    """The zaak's UUID; a value that is none (a channel's mistake) must not lose the row."""
    try:
        return UUID(str(waarde)) if waarde else None
    except ValueError:
        return None


def uitkomst_van(fout: BaseException) -> str:
    """The outcome of a lookup that raised, in the words of the log."""
    if isinstance(fout, GeenDoelbinding):
        return "geweigerd: geen doelbinding"
    if isinstance(fout, BuitenBereik):
        return "geweigerd: buiten bereik"
    if isinstance(fout, OngeldigeInvoer):
        return "geweigerd: ongeldige invoer"
    if isinstance(fout, NietGevonden):
        return "niet gevonden"
    if isinstance(fout, Opgeheven):
        einde = fout.bedrijf.datum_einde if fout.bedrijf else None
        return f"opgeheven per {einde.isoformat()}" if einde else "opgeheven"
    if isinstance(fout, RegisterOnbereikbaar):
        return "mislukt: register onbereikbaar"
    if isinstance(fout, RegisterFout):
        return f"mislukt: {fout.code}"
    return "mislukt: interne fout"


def gevonden(bsns: list[str]) -> str:
    """'2 gevonden: 999990007, 999990019' for a search, 'niemand gevonden'. As many BSNs as fit
    beside the rest of the row (about twenty); more are counted ('… en 4 meer')."""
    if not bsns:
        return "niemand gevonden"
    ruimte = LENGTE - KOP_MINIMUM - len(f"{SCHEIDING}uitkomst: ")
    tekst = f"{len(bsns)} gevonden"
    for aantal in range(1, len(bsns) + 1):
        rest = len(bsns) - aantal
        poging = f"{len(bsns)} gevonden: {', '.join(bsns[:aantal])}"
        poging += f" en {rest} meer" if rest else ""
        if len(poging) > ruimte:
            break
        tekst = poging
    return tekst
