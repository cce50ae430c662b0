"""Deadline signals: a servicenorm, wettelijke termijn or task deadline three days away, or passed
yesterday (ADR 0057). A periodic job (``signaleringen-termijnen``, apps.py).

No scan of every zaak: per deadline and day one indexed equality (Zaak.einddatum_gepland and
Zaak.uiterlijke_einddatum_afdoening have their own index; open tasks by deadline the partial
index taak_deadline_open_idx). Open zaken only, and not while suspended (the deadline moves when
the opschorting ends). Who is told: the behandelaar (their team while they are away), else the
zaak's team; for a task its person or team. The sleutel names the zaak or task, the deadline,
its day and nadert/verstreken: running the job again (every hour, on several workers) makes
nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils import timezone

from iwerk.signaleringen.models import Soort
from iwerk.signaleringen.services.bezorgen import Aanleiding, Zaakgegevens, bezorgen
from iwerk.werkverdeling.models import Taak, Taakstatus
from iwerk.zaken.models import Zaak

VOORAF_DAGEN = 3
_PARTIJ = 500  # aanleidingen per insert
_ZAAKVELDEN = ("id", "uuid", "identificatie", "tenant_id", "vertrouwelijkheidaanduiding")
# Zaak field -> (short name for the sleutel, how the text names it)
_ZAAKTERMIJNEN = {
    "einddatum_gepland": ("servicenorm", "de servicenorm"),
    "uiterlijke_einddatum_afdoening": ("wettelijk", "de wettelijke termijn"),
}


def _zaak(rij: dict, prefix: str = "") -> Zaakgegevens:
    return Zaakgegevens(
        id=rij[f"{prefix}id"],
        uuid=rij[f"{prefix}uuid"],
        identificatie=rij[f"{prefix}identificatie"],
        gemeente_id=rij[f"{prefix}tenant_id"],
        vertrouwelijkheid=rij[f"{prefix}vertrouwelijkheidaanduiding"],
    )


def _wanneer(dag: date, vandaag: date) -> tuple[str, str, str]:
    """(soort, sleutel part, text with "{wat}") for a deadline on dag."""
    if dag > vandaag:
        tekst = f"verloopt {{wat}} over {VOORAF_DAGEN} dagen ({dag:%d-%m-%Y})"
        return Soort.termijn_nadert, "nadert", tekst
    return Soort.termijn_verstreken, "verstreken", f"is {{wat}} verstreken ({dag:%d-%m-%Y})"


def _zaakaanleidingen(vandaag: date) -> Iterator[Aanleiding]:
    for dag in (vandaag + timedelta(days=VOORAF_DAGEN), vandaag - timedelta(days=1)):
        soort, wanneer, tekst = _wanneer(dag, vandaag)
        for veld, (kort, naam) in _ZAAKTERMIJNEN.items():
            rijen = (
                Zaak.objects.filter(
                    **{veld: dag}, einddatum__isnull=True, opschorting_indicatie=False
                )
                .values(*_ZAAKVELDEN, "behandelaar", "team_id")
                .order_by()
            )
            for rij in list(rijen):
                if not rij["behandelaar"] and rij["team_id"] is None:
                    continue  # in the intake: nobody's yet
                zaak = _zaak(rij)
                yield Aanleiding(
                    zaak=zaak,
                    soort=soort,
                    sleutel=f"termijn:{zaak.uuid}:{kort}:{dag.isoformat()}:{wanneer}",
                    tekst=f"Bij zaak {zaak.identificatie} {tekst.replace('{wat}', naam)}.",
                    medewerker=rij["behandelaar"],
                    team_id=None if rij["behandelaar"] else rij["team_id"],
                )


def _taakaanleidingen(vandaag: date) -> Iterator[Aanleiding]:
    for dag in (vandaag + timedelta(days=VOORAF_DAGEN), vandaag - timedelta(days=1)):
        soort, wanneer, tekst = _wanneer(dag, vandaag)
        rijen = (
            Taak.objects.filter(deadline=dag, status=Taakstatus.open)
            .values(
                "pk",
                "uuid",
                "medewerker",
                "team_id",
                *(f"zaak__{veld}" for veld in _ZAAKVELDEN),
                "zaak__behandelaar",
                "zaak__team_id",
            )
            .order_by()
        )
        for rij in list(rijen):
            medewerker = rij["medewerker"] or ("" if rij["team_id"] else rij["zaak__behandelaar"])
            team_id = rij["team_id"] or (None if medewerker else rij["zaak__team_id"])
            if not medewerker and team_id is None:
                continue
            zaak = _zaak(rij, "zaak__")
            yield Aanleiding(
                zaak=zaak,
                soort=soort,
                sleutel=f"termijn:taak:{rij['uuid']}:{dag.isoformat()}:{wanneer}",
                tekst=f"Bij zaak {zaak.identificatie} {tekst.replace('{wat}', 'de deadline van een taak')}.",
                medewerker=medewerker,
                team_id=None if medewerker else team_id,
                taak_id=rij["pk"],
            )


def signaleren(vandaag: date | None = None) -> int:
    """Signal every deadline three days away or passed yesterday; returns how many signals
    were offered (those that exist are skipped). Safe to run often and on several workers."""
    vandaag = vandaag or timezone.localdate()
    totaal = 0
    partij: list[Aanleiding] = []
    for bron in (_zaakaanleidingen(vandaag), _taakaanleidingen(vandaag)):
        for aanleiding in bron:
            partij.append(aanleiding)
            if len(partij) >= _PARTIJ:
                totaal += bezorgen(partij)
                partij = []
    return totaal + bezorgen(partij)
