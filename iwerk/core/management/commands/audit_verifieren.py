"""`iwerk audit_verifieren`: check the audit hash chain (and with --anker its anchors outside the
database); exit code 1 when anything was changed, removed, inserted or cut off (ADR 0032). With
--vernietigingen it first shows, per vernietigingslijst, which objects it removed (ADR 0046)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from iwerk.core import auditketen
from iwerk.core.models import Ketenschakel
from iwerk.core.weergave import aantal

# The kind of object a removal link names, by the collection in its path.
SOORTEN = {
    "zaken": ("zaak", "zaken"),
    "enkelvoudiginformatieobjecten": ("document", "documenten"),
    "besluiten": ("besluit", "besluiten"),
}


class Command(BaseCommand):
    help = "Controleer de hashketen van audittrail en inzagelog; meldt elke breuk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--verzegel", action="store_true", help="eerst nog onverzegelde rijen verzegelen"
        )
        parser.add_argument(
            "--anker",
            action="store_true",
            help="controleer de keten ook tegen de ankers buiten de database "
            "(IWERK_AUDIT_ANKER_MAP): vindt een afgekapte of herschreven keten",
        )
        parser.add_argument(
            "--anker-map", default=None, help="een andere map met ankers (bv. een kopie)"
        )
        parser.add_argument(
            "--vernietigingen",
            action="store_true",
            help="toon per vernietigingslijst welke objecten ze uit de keten heeft afgevoerd",
        )

    def handle(
        self,
        *args: Any,
        verzegel: bool,
        anker: bool,
        anker_map: str | None,
        vernietigingen: bool,
        **options: Any,
    ) -> None:
        if verzegel:
            auditketen.verzegelen(limit=10**9)
        if vernietigingen:
            self._vernietigingen()
        self.stdout.write(f"Sleutels: {auditketen.sleutels().omschrijving()}.")
        gezien, breuken = auditketen.verifieren()
        ankers = 0
        if anker or anker_map:
            ankers, anker_breuken = auditketen.ankers_controleren(
                anker_map or settings.IWERK_AUDIT_ANKER_MAP
            )
            breuken += anker_breuken
        for breuk in breuken:
            self.stderr.write(f"BREUK {breuk}")
        if breuken:
            raise CommandError(
                f"{aantal(len(breuken), 'breuk', 'breuken')} in de auditketen van "
                f"{aantal(gezien, 'schakel', 'schakels')}."
            )
        melding = f"Auditketen in orde: {gezien} schakels gecontroleerd"
        if anker or anker_map:
            melding += f", tegen {ankers} ankers"
        else:
            melding += " (zonder --anker: een afgekapte keten valt niet op)"
        self.stdout.write(melding + ".")

    def _vernietigingen(self) -> None:
        """Per list (as its removal links name it): each removal link with its object and the
        number of audit rows it replaced, the count per kind of object, and its verklaring."""
        lijsten: dict[str, list[Ketenschakel]] = defaultdict(list)
        for schakel in Ketenschakel.objects.filter(
            tabel=auditketen.AFVOER, gegevens__reden=auditketen.VERNIETIGING
        ).order_by("volgnummer"):
            lijsten[str(((schakel.gegevens or {}).get("lijst") or {}).get("uuid"))].append(schakel)
        verklaringen = {
            str(((s.gegevens or {}).get("lijst") or {}).get("uuid")): s.volgnummer
            for s in Ketenschakel.objects.filter(tabel=auditketen.VERKLARING)
        }
        if not lijsten:
            self.stdout.write("Geen vernietigingen volgens een vernietigingslijst.")
        for uuid, schakels in lijsten.items():
            gegevens: list[dict[str, Any]] = [s.gegevens or {} for s in schakels]
            lijst = gegevens[0].get("lijst") or {}
            per_soort: dict[str, int] = defaultdict(int)
            for g in gegevens:
                per_soort[str(g.get("object", "")).rstrip("/").split("/")[-2]] += 1
            soorten = ", ".join(
                aantal(n, *SOORTEN.get(soort, (soort, soort))) for soort, n in per_soort.items()
            )
            verklaring = (
                f"verklaring in schakel {verklaringen[uuid]}"
                if uuid in verklaringen
                else "nog geen verklaring"
            )
            self.stdout.write(
                f"Vernietigingslijst {lijst.get('nummer')} ({lijst.get('gemeente')}, {uuid}): "
                f"{aantal(len(schakels), 'object', 'objecten')} ({soorten}); {verklaring}."
            )
            for schakel, g in zip(schakels, gegevens, strict=True):
                regels = len(g.get("schakels", [])) + len(g.get("onverzegeld", []))
                self.stdout.write(
                    f"  schakel {schakel.volgnummer}: {g.get('object')} "
                    f"({aantal(regels, 'auditregel', 'auditregels')})"
                )
