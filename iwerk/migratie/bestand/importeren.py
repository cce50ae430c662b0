"""The import itself: the plan of a clean dry run, written zaak by zaak through the registers'
services as a silent migration write (ADR 0063).

Each zaak is one transaction — the zaak, its rollen, its documents with their content and their
relation to the zaak, its resultaat, then its statussen in date order (the eindstatus last, after
the resultaat, so it closes the zaak as on the day it did). A service that refuses something the
dry run could not see (content that is not the format its name says, for instance) rolls that
zaak back whole, content included; the zaak is reported with the reason and the run goes on. A
rerun skips the zaken already imported, so it picks up where a failed or interrupted run stopped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ApiError, ValidationFailed
from iwerk.core.migratie import migratie
from iwerk.core.models import Gemeente
from iwerk.documenten import content
from iwerk.documenten import services as documenten
from iwerk.migratie.actor import migratie_actor
from iwerk.migratie.bestand.catalogus import TOELICHTING
from iwerk.migratie.bestand.controle import Controle, DocumentPlan, ZaakPlan, controleer
from iwerk.migratie.bestand.lezen import lees
from iwerk.migratie.bestand.verslag import Uitkomst, Verslag
from iwerk.zaken import services as zaken
from iwerk.zaken.models import Zaak


class ImportGeweigerd(Exception):
    """The plan comes from a dry run with errors: nothing is imported."""


def verwerk(
    pad: Path, gemeente: Gemeente, *, bestanden: Path | None = None, uitvoeren: bool = False
) -> Verslag:
    """Read and check the file at pad for gemeente (the dry run); with uitvoeren, import it when
    the check finds no error. Returns the report."""
    controle = controleer(lees(pad), gemeente, bestanden)
    if not uitvoeren or controle.verslag.fouten:
        return controle.verslag
    return importeer(controle, gemeente)


def importeer(controle: Controle, gemeente: Gemeente) -> Verslag:
    """Write the plan of a clean dry run into gemeente, each zaak in its own transaction.

    Raises ImportGeweigerd when the dry run found errors.
    """
    verslag = controle.verslag
    if verslag.fouten:
        raise ImportGeweigerd(
            f"De proef vond {len(verslag.fouten)} fout(en); er is niets geïmporteerd."
        )
    verslag.uitgevoerd = True
    verslag.aantallen = dict.fromkeys(verslag.aantallen, 0)
    actor = migratie_actor(gemeente.pk, toelichting=f"{TOELICHTING} {Path(verslag.bron).name}")
    zaken_in_run: dict[str, Zaak] = {}
    mislukt: set[str] = set()
    with migratie():
        for plan in controle.plannen:
            rij = plan.rij.plek.rij
            if plan.rij.hoofdzaak in mislukt:
                mislukt.add(plan.identificatie)
                verslag.uitkomsten.append(
                    Uitkomst(
                        plan.identificatie,
                        rij,
                        "mislukt",
                        f"de hoofdzaak '{plan.rij.hoofdzaak}' is niet geïmporteerd.",
                    )
                )
                continue
            stap = _Stap()
            try:
                with transaction.atomic():
                    zaak = _importeer_zaak(actor, gemeente, plan, controle, zaken_in_run, stap)
            except Exception as fout:  # noqa: BLE001 - any refusal fails this zaak, not the run
                content.discard(*stap.inhoud)  # stored before the rollback took its rows away
                mislukt.add(plan.identificatie)
                verslag.uitkomsten.append(
                    Uitkomst(plan.identificatie, rij, "mislukt", f"{stap.naam}: {_reden(fout)}")
                )
                continue
            zaken_in_run[plan.identificatie] = zaak
            verslag.uitkomsten.append(Uitkomst(plan.identificatie, rij, "geimporteerd"))
            for soort, lijst in (
                ("rollen", plan.rollen),
                ("statussen", plan.statussen),
                ("documenten", plan.documenten),
            ):
                verslag.aantallen[soort] += len(lijst)
            verslag.aantallen["zaken"] += 1
    return verslag


class _Stap:
    """What the zaak's transaction is doing (for the reason of a failure) and the content it
    stored (to remove again when it rolls back)."""

    def __init__(self) -> None:
        self.naam = "zaak"
        self.inhoud: list[str] = []


def _importeer_zaak(
    actor: Actor,
    gemeente: Gemeente,
    plan: ZaakPlan,
    controle: Controle,
    zaken_in_run: dict[str, Zaak],
    stap: _Stap,
) -> Zaak:
    rij = plan.rij
    assert plan.zaaktype is not None and rij.startdatum is not None  # a clean dry run's plan
    hoofdzaak = None
    if rij.hoofdzaak:
        hoofdzaak = zaken_in_run.get(rij.hoofdzaak) or (
            Zaak.objects.select_related("zaaktype").get(pk=controle.bestaand[rij.hoofdzaak].pk)
        )
    stap.naam = f"zaak (blad zaken, rij {rij.plek.rij})"
    zaak = zaken.register_zaak(
        actor=actor,
        zaaktype=plan.zaaktype,
        gegevens=zaken.ZaakGegevens(
            bronorganisatie=gemeente.rsin,
            verantwoordelijke_organisatie=gemeente.rsin,
            identificatie=rij.identificatie,
            startdatum=rij.startdatum,
            registratiedatum=plan.registratiedatum,
            omschrijving=rij.omschrijving,
            toelichting=rij.toelichting,
            einddatum_gepland=rij.einddatum_gepland,
            uiterlijke_einddatum_afdoening=rij.uiterlijke_einddatum_afdoening,
            vertrouwelijkheidaanduiding=rij.vertrouwelijkheidaanduiding,
            hoofdzaak=hoofdzaak,
            archiefnominatie=rij.archiefnominatie,
            archiefactiedatum=rij.archiefactiedatum,
        ),
    )
    for rol in plan.rollen:
        assert rol.roltype is not None
        stap.naam = f"betrokkene (blad betrokkenen, rij {rol.rij.plek.rij})"
        zaken.add_rol(
            actor=actor,
            zaak=zaak,
            roltype=rol.roltype,
            betrokkene_type=rol.betrokkene_type,
            betrokkene_identificatie=rol.identificatie,
            roltoelichting=rol.rij.roltoelichting,
        )
    for document in plan.documenten:
        stap.naam = f"document (blad documenten, rij {document.rij.plek.rij})"
        _importeer_document(actor, gemeente, zaak, document, stap)
    if plan.resultaattype is not None:
        stap.naam = f"resultaat (blad zaken, rij {rij.plek.rij})"
        zaken.add_resultaat(
            actor=actor,
            zaak=zaak,
            resultaattype=plan.resultaattype,
            toelichting=rij.resultaat_toelichting,
        )
    for status in plan.statussen:  # in date order (controle), the eindstatus last
        assert status.statustype is not None and status.datum is not None
        stap.naam = f"status (blad statussen, rij {status.rij.plek.rij})"
        zaken.set_status(
            actor=actor,
            zaak=zaak,
            statustype=status.statustype,
            datum_status_gezet=status.datum,
            statustoelichting=status.rij.toelichting,
        )
    return zaak


def _importeer_document(
    actor: Actor, gemeente: Gemeente, zaak: Zaak, plan: DocumentPlan, stap: _Stap
) -> None:
    rij = plan.rij
    assert plan.informatieobjecttype is not None and rij.creatiedatum is not None
    data = plan.pad.read_bytes()
    gegevens: dict[str, object] = {
        "identificatie": rij.identificatie,
        "bronorganisatie": gemeente.rsin,
        "creatiedatum": rij.creatiedatum.isoformat(),
        "titel": rij.titel or Path(plan.bestandsnaam).stem[:200] or plan.bestandsnaam[:200],
        "vertrouwelijkheidaanduiding": rij.vertrouwelijkheidaanduiding or None,
        "isGereedVoorPublicatie": None,
        "tonenAanInitiator": False,
        "auteur": rij.auteur,
        "status": rij.status or "definitief",
        "inhoudIsVervallen": None,
        "formaat": plan.formaat,
        "taal": rij.taal or "dut",
        "bestandsnaam": plan.bestandsnaam[:255],
        "link": "",
        "beschrijving": rij.beschrijving,
        "ontvangstdatum": rij.ontvangstdatum.isoformat() if rij.ontvangstdatum else None,
        "verzenddatum": rij.verzenddatum.isoformat() if rij.verzenddatum else None,
        # Known, so the zaak can close (zrc-007): no gebruiksrechten were recorded at the source.
        "indicatieGebruiksrecht": False,
        "verschijningsvorm": "",
        "ondertekening": None,
        # The register checks the stored content against the file's own SHA-256.
        "integriteit": {
            "algoritme": "sha_256",
            "waarde": hashlib.sha256(data).hexdigest(),
            "datum": timezone.localdate().isoformat(),
        },
        "trefwoorden": [],
    }
    document, _ = documenten.create_document(
        actor=actor,
        invoer=documenten.Invoer(
            informatieobjecttype=plan.informatieobjecttype,
            gegevens=gegevens,
            inhoud=data,
            bestandsomvang=len(data),
        ),
    )
    if document.huidige_versie is not None and document.huidige_versie.inhoud:
        stap.inhoud.append(document.huidige_versie.inhoud)
    zaken.add_zaakinformatieobject(actor=actor, zaak=zaak, document=document)


def _reden(fout: Exception) -> str:
    if isinstance(fout, ValidationFailed):
        return "; ".join(p.reason for p in fout.params) or fout.detail
    if isinstance(fout, ApiError):
        return fout.detail
    return f"onverwachte fout ({type(fout).__name__}: {fout})"
