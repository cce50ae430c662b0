"""The zaken behind a number on the dashboard (drill-down), from Zaakfeit with the same
definitions as the aggregates, and only up to the viewer's vertrouwelijkheidaanduiding."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from iwerk.sturing.models import KANAAL_LABELS, KANALEN, Zaakfeit
from iwerk.sturing.selectors import klassen
from iwerk.sturing.selectors.selectie import Keuze

SOORTEN = {
    "instroom": "Ingestroomde zaken",
    "uitstroom": "Afgehandelde zaken",
    "open": "Open zaken",
    "overschreden": "Open zaken over de wettelijke termijn",
    "zonder_resultaat": "Afgehandeld zonder resultaat",
    "zonder_archiefnominatie": "Afgehandeld zonder archiefnominatie",
}


class OngeldigeVraag(ValueError):
    pass


@dataclass(frozen=True)
class Vraag:
    soort: str
    van: date | None = None
    tot: date | None = None  # exclusive
    klasse: str = ""
    team: str = ""
    behandelaar: str | None = None  # "" = niet toegewezen
    kanaal: str = ""

    @classmethod
    def uit(cls, params: Mapping[str, str]) -> Vraag:
        soort = params.get("soort", "")
        if soort not in SOORTEN:
            raise OngeldigeVraag("Onbekende soort lijst.")
        try:
            van = date.fromisoformat(params["van"]) if params.get("van") else None
            tot = date.fromisoformat(params["tot"]) if params.get("tot") else None
        except ValueError:
            raise OngeldigeVraag("Een datum is ongeldig (gebruik JJJJ-MM-DD).") from None
        klasse = params.get("klasse", "")
        if klasse and klasse not in klassen.LABELS:
            raise OngeldigeVraag("Onbekende termijnklasse.")
        team = params.get("team", "")
        if team and not team.isdigit():
            raise OngeldigeVraag("Onbekend team.")
        kanaal = params.get("kanaal", "")
        if kanaal and kanaal not in KANALEN:
            raise OngeldigeVraag("Onbekend kanaal.")
        behandelaar = params.get("behandelaar")
        return cls(
            soort=soort,
            van=van,
            tot=tot,
            klasse=klasse,
            team=team,
            behandelaar="" if behandelaar == "-" else behandelaar,
            kanaal=kanaal,
        )

    def periode_tekst(self, keuze: Keuze) -> str:
        """Which days the list covers: a flow's period, or today's state for open zaken."""
        if self.soort in ("open", "overschreden"):
            return f"stand van {keuze.selectie.vandaag:%d-%m-%Y}"
        if self.van or self.tot:
            van = self.van or keuze.selectie.van
            tot = (self.tot or keuze.selectie.tot) - timedelta(days=1)
            return f"{van:%d-%m-%Y} tot en met {tot:%d-%m-%Y}"
        return keuze.periode_label.lower()

    @property
    def titel(self) -> str:
        titel = SOORTEN[self.soort]
        if self.klasse:
            titel += f": {klassen.LABELS[self.klasse].lower()}"
        if self.kanaal:
            titel += f" via {KANAAL_LABELS[self.kanaal].lower()}"
        return titel


def zaken(keuze: Keuze, vraag: Vraag) -> QuerySet[Zaakfeit]:
    """Every Zaakfeit behind the number (before the confidentiality filter)."""
    sel = keuze.selectie
    q = sel.q()
    if vraag.team:
        q &= Q(team_id=int(vraag.team))
    if vraag.behandelaar is not None:
        q &= Q(behandelaar=vraag.behandelaar)
    if vraag.kanaal:
        q &= Q(kanaal=vraag.kanaal)
    van, tot = vraag.van or sel.van, vraag.tot or sel.tot
    if vraag.soort == "instroom":
        q &= Q(startdatum__gte=van, startdatum__lt=tot)
        volgorde = ["-startdatum", "-zaak_id"]
    elif vraag.soort in ("uitstroom", "zonder_resultaat", "zonder_archiefnominatie"):
        q &= Q(einddatum__gte=van, einddatum__lt=tot)
        if vraag.soort == "zonder_resultaat":
            q &= Q(heeft_resultaat=False)
        if vraag.soort == "zonder_archiefnominatie":
            q &= Q(heeft_archiefnominatie=False)
        volgorde = ["-einddatum", "-zaak_id"]
    elif vraag.soort == "overschreden":
        q &= Q(
            einddatum__isnull=True,
            startdatum__lte=sel.vandaag,
            opgeschort_sinds__isnull=True,
            wettelijke_datum__lt=sel.vandaag,
        )
        volgorde = ["wettelijke_datum", "zaak_id"]
    else:  # open
        if vraag.klasse:
            q &= klassen.klasse_q(vraag.klasse, sel.vandaag)
        else:
            q &= Q(einddatum__isnull=True, startdatum__lte=sel.vandaag)
        volgorde = ["wettelijke_datum", "zaak_id"]
    return Zaakfeit.objects.filter(q).order_by(*volgorde)
