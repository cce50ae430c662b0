"""The verklaring van vernietiging: what an executed list destroyed, by whose decision, as
canonical JSON (`Verklaring.inhoud`) whose sha256 is sealed in the audit chain (ADR 0046).

The PDF, CSV and JSON a person or system downloads are made from this content alone
(iwerk.archief.verklaring_weergave), so they say the same thing, and `iwerk audit_verifieren`
recomputes the hash to show the record was not changed afterwards. The content names zaken by
identificatie, zaaktype and result, never by their omschrijving or parties: what was destroyed
for privacy's sake does not live on in the proof of it.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.utils import timezone

from iwerk.archief.models import Itemstatus, Lijstitem, Verklaring, Vernietigingslijst
from iwerk.core import auditketen
from iwerk.core.api.actor import Actor
from iwerk.medewerkers.actor import display_name

VERSIE = 1
UITGEZONDERD = (Itemstatus.uitgezonderd, Itemstatus.automatisch_uitgezonderd, Itemstatus.gewijzigd)


def lijstverwijzing(lijst: Vernietigingslijst) -> dict[str, str]:
    """How the audit chain names a list (auditketen.LIJSTVERWIJZING, plus the RSIN)."""
    return {
        "gemeente": lijst.gemeente.naam,
        "rsin": lijst.gemeente.rsin,
        "nummer": lijst.nummer,
        "uuid": str(lijst.uuid),
    }


def canoniek(inhoud: dict[str, Any]) -> bytes:
    """The one byte form of a verklaring's content: sorted keys, no spaces, UTF-8."""
    return json.dumps(inhoud, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def inhoud_hash(inhoud: dict[str, Any]) -> str:
    return hashlib.sha256(canoniek(inhoud)).hexdigest()


def verklaring_opmaken(lijst: Vernietigingslijst, *, actor: Actor) -> Verklaring:
    """Store the verklaring of an executed list and seal it as a `verklaring` link in the audit
    chain (its hash and the list's removal links); `Verklaring.schakel` keeps the link's
    volgnummer. Call it in the transaction that marks the list `uitgevoerd`, with
    `lijst.uitgevoerd_op` set."""
    inhoud = verklaring_inhoud(lijst)
    verklaring = Verklaring.objects.create(lijst=lijst, inhoud=inhoud, sha256=inhoud_hash(inhoud))
    schakel = auditketen.verklaring_verzegelen(
        verklaring_id=verklaring.pk,
        sha256=verklaring.sha256,
        verwijzing=lijstverwijzing(lijst),
        actor=actor,
    )
    verklaring.schakel = schakel.volgnummer
    verklaring.save(update_fields=["schakel"])
    return verklaring


def verklaring_hashes(ids: list[int]) -> dict[int, str]:
    """For audit verification: the hash of each verklaring's content as stored now ("" when the
    stored hash no longer matches its own content, which never matches a sealed hash)."""
    hashes = {}
    for pk, inhoud, sha256 in Verklaring.objects.filter(pk__in=ids).values_list(
        "pk", "inhoud", "sha256"
    ):
        huidig = inhoud_hash(inhoud)
        hashes[pk] = huidig if huidig == sha256 else ""
    return hashes


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def verklaring_inhoud(lijst: Vernietigingslijst) -> dict[str, Any]:
    """The content of a list's verklaring (three queries: items, review steps, nothing per zaak).

    Per zaaktype the count, the first and last identificatie, and per selectielijst category its
    bewaartermijn; each destroyed zaak; every review step of every round; every exclusion with
    its reason; the execution (started, finished, destroyed, taken off with reasons).
    """
    items = list(lijst.items.select_related("uitgezonderd_door").order_by("identificatie"))
    vernietigd = [i for i in items if i.status == Itemstatus.vernietigd]
    stappen = lijst.stappen.select_related("beoordelaar").order_by("ronde", "volgorde")
    van_de_lijst = [i for i in items if i.inhoud.get("van_de_lijst_bij_uitvoering")]
    return {
        "versie": VERSIE,
        "soort": "verklaring van vernietiging",
        "gemeente": {"naam": lijst.gemeente.naam, "rsin": lijst.gemeente.rsin},
        "lijst": {
            "nummer": lijst.nummer,
            "naam": lijst.naam,
            "uuid": str(lijst.uuid),
            "peildatum": lijst.peildatum.isoformat(),
            "ingediend_op": _iso(lijst.ingediend_op),
            "goedgekeurd_op": _iso(lijst.goedgekeurd_op),
        },
        "zaaktypen": _zaaktypen(vernietigd),
        "zaken": [_zaak(i) for i in vernietigd],
        "beoordelingen": [
            {
                "ronde": stap.ronde,
                "volgorde": stap.volgorde,
                "rol": stap.rol,
                "beoordelaar": display_name(stap.beoordelaar),
                "besluit": stap.besluit,
                "opmerking": stap.opmerking,
                "beslist_op": _iso(stap.beslist_op),
            }
            for stap in stappen
        ],
        "uitzonderingen": [
            {
                "identificatie": i.identificatie,
                "zaaktype": i.zaaktype_identificatie,
                "status": i.status,
                "reden": i.reden,
                "door": display_name(i.uitgezonderd_door) if i.uitgezonderd_door else "",
                "bij_uitvoering": bool(i.inhoud.get("van_de_lijst_bij_uitvoering")),
            }
            for i in items
            if i.status in UITGEZONDERD
        ],
        "uitvoering": {
            "gestart_op": _iso(lijst.uitvoering_gestart_op),
            "voltooid_op": _iso(lijst.uitgevoerd_op),
            "vernietigd": len(vernietigd),
            "documenten": sum(_aantal(i, "documenten") for i in vernietigd),
            "besluiten": sum(_aantal(i, "besluiten") for i in vernietigd),
            "van_de_lijst": len(van_de_lijst),
            "van_de_lijst_redenen": [
                {"identificatie": i.identificatie, "reden": i.reden} for i in van_de_lijst
            ],
        },
    }


def _aantal(item: Lijstitem, soort: str) -> int:
    return int((item.inhoud.get("vernietigd") or {}).get(soort, 0))


def _zaak(item: Lijstitem) -> dict[str, Any]:
    return {
        "identificatie": item.identificatie,
        "zaaktype": item.zaaktype_identificatie,
        "zaaktype_omschrijving": item.zaaktype_omschrijving,
        "resultaat": item.resultaattype_omschrijving,
        "selectielijstklasse": item.selectielijstklasse_weergave or item.selectielijstklasse,
        "bewaartermijn": item.bewaartermijn,
        "einddatum": item.einddatum.isoformat() if item.einddatum else None,
        "archiefactiedatum": item.archiefactiedatum.isoformat() if item.archiefactiedatum else None,
        "documenten": _aantal(item, "documenten"),
        "besluiten": _aantal(item, "besluiten"),
        "vernietigd_op": _iso(item.vernietigd_op),
    }


def _zaaktypen(vernietigd: list[Lijstitem]) -> list[dict[str, Any]]:
    """Per zaaktype (by identificatie): count, identificatie range, categories with their
    bewaartermijn and count."""
    per_type: dict[str, list[Lijstitem]] = defaultdict(list)
    for item in vernietigd:
        per_type[item.zaaktype_identificatie].append(item)
    regels = []
    for identificatie, groep in sorted(per_type.items()):
        nummers = sorted(i.identificatie for i in groep)
        categorieen: dict[tuple[str, str, str], int] = defaultdict(int)
        for i in groep:
            categorieen[
                (i.selectielijstklasse, i.selectielijstklasse_weergave, i.bewaartermijn)
            ] += 1
        regels.append(
            {
                "identificatie": identificatie,
                "omschrijving": groep[-1].zaaktype_omschrijving,
                "aantal": len(groep),
                "eerste": nummers[0],
                "laatste": nummers[-1],
                "categorieen": [
                    {
                        "selectielijstklasse": url,
                        "weergave": weergave,
                        "bewaartermijn": bewaartermijn,
                        "aantal": aantal,
                    }
                    for (url, weergave, bewaartermijn), aantal in sorted(categorieen.items())
                ],
            }
        )
    return regels
