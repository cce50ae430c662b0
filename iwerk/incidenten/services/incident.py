"""Every change of the incident register, with its rules; each one logged, decisions kept apart.

Rules: times fit together (start ≤ discovery ≤ now; end after start; a report to the AP not
before the discovery); a report to the AP after the 72 hours needs the reason it was late;
"not reporting" and "not informing data subjects" need their reasons too (AVG art. 33(5)).
Only the FG or CISO of a gemeente triages and decides for that gemeente.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from iwerk.core.models import Gemeente
from iwerk.incidenten.models import (
    MELDTERMIJN,
    Besluit,
    Incident,
    IncidentGemeente,
    Logregel,
    Status,
)
from iwerk.incidenten.selectors import ontvangers

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from iwerk.portfolio.models import Applicatie


def naam(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _log(incident: Incident, user: User | None, wat: str, **gegevens: Any) -> None:
    Logregel.objects.create(
        incident=incident, op=timezone.now(), wie=naam(user) if user else "iwerk", wat=wat,
        gegevens=gegevens,
    )  # fmt: skip


def _besluit(
    incident: Incident,
    user: User,
    soort: str,
    uitkomst: str,
    reden: str,
    gemeente: Gemeente | None = None,
) -> Besluit:
    besluit = Besluit.objects.create(
        incident=incident,
        gemeente=gemeente,
        soort=soort,
        uitkomst=uitkomst,
        reden=reden,
        door=user,
        door_naam=naam(user),
        op=timezone.now(),
    )
    _log(
        incident,
        user,
        f"Besluit: {besluit.get_soort_display()} — {uitkomst}",
        gemeente=gemeente.naam if gemeente else "",
        reden=reden,
    )
    return besluit


def tijden_kloppen(
    *,
    ontdekt_op: datetime,
    begonnen_op: datetime | None,
    beeindigd_op: datetime | None,
    nu: datetime | None = None,
) -> None:
    nu = nu or timezone.now()
    fouten = {}
    if ontdekt_op > nu:
        fouten["ontdekt_op"] = "Het moment van ontdekken ligt in de toekomst."
    if begonnen_op and begonnen_op > ontdekt_op:
        fouten["begonnen_op"] = (
            "Het incident kan niet later begonnen zijn dan het is ontdekt; "
            "pas het begin of het moment van ontdekken aan."
        )
    if begonnen_op and begonnen_op > nu:
        fouten["begonnen_op"] = "Het begin ligt in de toekomst."
    if beeindigd_op and begonnen_op and beeindigd_op < begonnen_op:
        fouten["beeindigd_op"] = "Het einde ligt vóór het begin."
    if beeindigd_op and beeindigd_op > nu:
        fouten["beeindigd_op"] = (
            "Het einde ligt in de toekomst; laat het leeg als het nog gaande is."
        )
    if fouten:
        raise ValidationError(fouten)


def _nummer(incident: Incident) -> str:
    return f"INC-{timezone.localtime(incident.gemeld_op).year}-{incident.pk:05d}"


@transaction.atomic
def melden(
    *, user: User, gemeente: Gemeente, gegevens: dict[str, Any], concept: bool = False
) -> Incident:
    """Any staff member reports a (possible) incident for the gemeente they work for now."""
    tijden_kloppen(
        ontdekt_op=gegevens["ontdekt_op"],
        begonnen_op=gegevens.get("begonnen_op"),
        beeindigd_op=gegevens.get("beeindigd_op"),
    )
    incident = Incident.objects.create(
        nummer=f"tmp-{uuid.uuid4().hex[:16]}",  # replaced below, once the row has its key
        gemeld_door=user,
        gemeld_op=timezone.now(),
        status=Status.concept if concept else Status.gemeld,
        **gegevens,
    )
    incident.nummer = _nummer(incident)
    incident.save(update_fields=["nummer"])
    IncidentGemeente.objects.create(incident=incident, gemeente=gemeente)
    _log(
        incident,
        user,
        "Als concept opgeslagen" if concept else "Gemeld",
        gemeente=gemeente.naam,
        categorie=incident.categorie,
    )
    return incident


@transaction.atomic
def bijwerken(
    *, user: User, incident: Incident, gegevens: dict[str, Any], indienen: bool = False
) -> Incident:
    """Change the report (the reporter while it is a draft, FG/CISO always)."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not (incident.status == Status.concept and incident.gemeld_door_id == user.pk):
        mag_beoordelen(user, incident)
    oud = {k: getattr(incident, k) for k in gegevens}
    for key, value in gegevens.items():
        setattr(incident, key, value)
    tijden_kloppen(
        ontdekt_op=incident.ontdekt_op,
        begonnen_op=incident.begonnen_op,
        beeindigd_op=incident.beeindigd_op,
    )
    if indienen and incident.status == Status.concept:
        incident.status = Status.gemeld
    incident.save()
    veranderd = sorted(k for k in gegevens if oud[k] != gegevens[k])
    _log(
        incident,
        user,
        "Gemeld (concept ingediend)" if indienen else "Gegevens bijgewerkt",
        velden=veranderd,
    )
    return incident


def mag_beoordelen(user: User, incident: Incident, gemeente: Gemeente | None = None) -> None:
    """FG/CISO of (one of) the incident's gemeenten, or of the one given."""
    eigen = ontvangers.beoordeelt_in(user)
    if gemeente is not None:
        if gemeente.pk not in eigen:
            raise PermissionDenied(f"U bent geen FG of CISO van {gemeente.naam}.")
        return
    betrokken = set(incident.betrokken.values_list("gemeente_id", flat=True))
    if not eigen & betrokken:
        raise PermissionDenied("U bent geen FG of CISO van een betrokken gemeente.")


@transaction.atomic
def beoordelen(
    *, user: User, incident: Incident, datalek: bool, reden: str, gemeenten: list[Gemeente]
) -> Incident:
    """Triage: datalek or not (with the reason) and which gemeenten (controllers) it concerns.

    One can add or remove only gemeenten one is FG/CISO of; another gemeente's FG adds theirs.
    """
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    mag_beoordelen(user, incident)
    if not reden.strip():
        raise ValidationError({"reden": "Geef de reden van deze beoordeling."})
    eigen = ontvangers.beoordeelt_in(user)
    gewenst = {g.pk for g in gemeenten}
    if not gewenst:
        raise ValidationError({"gemeenten": "Kies minstens één gemeente."})
    if gewenst - eigen:
        raise ValidationError(
            {"gemeenten": "U kunt alleen gemeenten kiezen waarvan u FG of CISO bent."}
        )
    huidig = set(incident.betrokken.values_list("gemeente_id", flat=True))
    for gemeente_id in gewenst - huidig:
        IncidentGemeente.objects.create(incident=incident, gemeente_id=gemeente_id)
    weg = (huidig - gewenst) & eigen
    if weg and not (huidig - weg):
        raise ValidationError({"gemeenten": "Er moet minstens één gemeente betrokken blijven."})
    IncidentGemeente.objects.filter(incident=incident, gemeente_id__in=weg).delete()
    incident.datalek = datalek
    if datalek:
        incident.persoonsgegevens = True
    if incident.status in (Status.gemeld, Status.concept):
        incident.status = Status.in_behandeling
    incident.save()
    namen = ", ".join(
        Gemeente.objects.filter(pk__in=gewenst | (huidig - weg))
        .order_by("naam")
        .values_list("naam", flat=True)
    )
    _besluit(
        incident,
        user,
        Besluit.Soort.datalek,
        f"{'Datalek' if datalek else 'Geen datalek'} ({namen})",
        reden,
    )
    return incident


@transaction.atomic
def risico_vastleggen(
    *, user: User, incident: Incident, risico: str, onderbouwing: str
) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    mag_beoordelen(user, incident)
    if not onderbouwing.strip():
        raise ValidationError({"onderbouwing": "Onderbouw de inschatting van het risico."})
    incident.risico, incident.risico_onderbouwing = risico, onderbouwing
    incident.save(update_fields=["risico", "risico_onderbouwing", "aangepast_op"])
    _besluit(incident, user, Besluit.Soort.risico, incident.get_risico_display(), onderbouwing)
    return incident


def _betrokken(incident: Incident, gemeente: Gemeente) -> IncidentGemeente:
    betrokken = (
        IncidentGemeente.objects.select_for_update()
        .filter(incident=incident, gemeente=gemeente)
        .first()
    )
    if betrokken is None:
        raise ValidationError({"gemeente": f"{gemeente.naam} is niet betrokken bij dit incident."})
    return betrokken


def _te_laat(incident: Incident, moment: datetime, reden: str) -> None:
    if moment > incident.ontdekt_op + MELDTERMIJN and not reden.strip():
        raise ValidationError(
            {
                "te_laat_reden": "De melding is later dan 72 uur na ontdekking: geef de reden "
                "van de vertraging (de AP vraagt erom)."
            }
        )


@transaction.atomic
def ap_besluiten(
    *,
    user: User,
    incident: Incident,
    gemeente: Gemeente,
    melden: bool,
    reden: str,
    te_laat_reden: str = "",
) -> IncidentGemeente:
    """Decide to report to the AP, or not — both with the reasons, for the internal register."""
    mag_beoordelen(user, incident, gemeente)
    betrokken = _betrokken(incident, gemeente)
    if not reden.strip():
        raise ValidationError({"reden": "Leg uit waarom wel of niet gemeld wordt."})
    if melden:
        _te_laat(incident, timezone.now(), te_laat_reden)
    betrokken.ap_melden = melden
    betrokken.te_laat_reden = te_laat_reden or betrokken.te_laat_reden
    betrokken.save()
    _besluit(
        incident,
        user,
        Besluit.Soort.ap_melden,
        "Melden" if melden else "Niet melden",
        reden,
        gemeente,
    )
    return betrokken


@transaction.atomic
def ap_gemeld(
    *, user: User, incident: Incident, gemeente: Gemeente, meldnummer: str, gemeld_op: datetime,
    te_laat_reden: str = "",
) -> IncidentGemeente:  # fmt: skip
    """Record that the report was made in the AP's form, with the AP's reference."""
    mag_beoordelen(user, incident, gemeente)
    betrokken = _betrokken(incident, gemeente)
    if gemeld_op < incident.ontdekt_op:
        raise ValidationError({"gemeld_op": "Een melding kan niet vóór de ontdekking zijn gedaan."})
    if gemeld_op > timezone.now():
        raise ValidationError({"gemeld_op": "Het moment van melden ligt in de toekomst."})
    _te_laat(incident, gemeld_op, te_laat_reden or betrokken.te_laat_reden)
    betrokken.ap_melden = True
    betrokken.ap_gemeld_op = gemeld_op
    betrokken.ap_meldnummer = meldnummer
    betrokken.te_laat_reden = te_laat_reden or betrokken.te_laat_reden
    betrokken.save()
    te_laat = gemeld_op > incident.ontdekt_op + MELDTERMIJN
    _besluit(
        incident,
        user,
        Besluit.Soort.ap_gemeld,
        f"Gemeld op {timezone.localtime(gemeld_op):%d-%m-%Y %H:%M}, meldnummer {meldnummer}"
        + (" (te laat)" if te_laat else ""),
        betrokken.te_laat_reden if te_laat else "Binnen 72 uur na ontdekking.",
        gemeente,
    )
    return betrokken


@transaction.atomic
def ap_intrekken(
    *, user: User, incident: Incident, gemeente: Gemeente, reden: str
) -> IncidentGemeente:
    mag_beoordelen(user, incident, gemeente)
    betrokken = _betrokken(incident, gemeente)
    if betrokken.ap_gemeld_op is None:
        raise ValidationError({"reden": "Er is nog niet gemeld; er valt niets in te trekken."})
    if not reden.strip():
        raise ValidationError({"reden": "Geef de reden van de intrekking."})
    betrokken.ap_ingetrokken_op = timezone.now()
    betrokken.save()
    _besluit(incident, user, Besluit.Soort.ap_intrekken, "Melding ingetrokken", reden, gemeente)
    return betrokken


@transaction.atomic
def betrokkenen_besluiten(
    *, user: User, incident: Incident, gemeente: Gemeente, informeren: bool, reden: str,
    openbare_mededeling: str = "",
) -> IncidentGemeente:  # fmt: skip
    """Inform the data subjects (AVG art. 34), or not, with the reason; a public announcement
    where individual notice would be disproportionate."""
    mag_beoordelen(user, incident, gemeente)
    betrokken = _betrokken(incident, gemeente)
    if not reden.strip():
        raise ValidationError(
            {"reden": "Leg uit waarom betrokkenen wel of niet worden geïnformeerd."}
        )
    if not informeren and incident.risico == "hoog" and not openbare_mededeling.strip():
        raise ValidationError(
            {
                "openbare_mededeling": "Bij een hoog risico is informeren de regel; als dat "
                "onevenredig veel moeite kost, is een openbare mededeling nodig."
            }
        )
    betrokken.betrokkenen_informeren = informeren
    betrokken.openbare_mededeling = openbare_mededeling
    betrokken.save()
    uitkomst = "Informeren" if informeren else (
        "Openbare mededeling" if openbare_mededeling else "Niet informeren"
    )  # fmt: skip
    _besluit(incident, user, Besluit.Soort.betrokkenen, uitkomst, reden, gemeente)
    return betrokken


@transaction.atomic
def afsluiten(*, user: User, incident: Incident, afhandeling: str, lessen: str) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    mag_beoordelen(user, incident)
    fouten = {}
    if not afhandeling.strip():
        fouten["afhandeling"] = "Beschrijf hoe het incident is afgehandeld."
    if incident.datalek is None:
        fouten["afhandeling"] = "Beoordeel eerst of het een datalek is."
    if incident.datalek:
        open_ = incident.betrokken.filter(ap_melden__isnull=True).select_related("gemeente")
        if open_:
            fouten["afhandeling"] = (
                "Besluit eerst voor elke gemeente of gemeld wordt bij de AP ({}).".format(
                    ", ".join(b.gemeente.naam for b in open_)
                )
            )
    if fouten:
        raise ValidationError(fouten)
    incident.afhandeling, incident.lessen = afhandeling, lessen
    incident.status = Status.afgesloten
    incident.afgesloten_op = timezone.now()
    incident.save()
    _besluit(incident, user, Besluit.Soort.afsluiten, "Afgesloten", afhandeling)
    return incident


def gelogd(incident: Incident, user: User, wat: str, **gegevens: Any) -> None:
    """Log something that is not a change (an export, for example)."""
    _log(incident, user, wat, **gegevens)


@transaction.atomic
def koppelen(
    *,
    user: User,
    incident: Incident,
    zaaknummer: str = "",
    document: str = "",
    applicatie: Applicatie | None = None,
) -> Incident:
    """Link a zaak or document of one of the incident's gemeenten (by its number)."""
    from iwerk.documenten.models import EnkelvoudigInformatieObject
    from iwerk.zaken.models import Zaak

    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    mag_beoordelen(user, incident)
    gemeenten = list(incident.betrokken.values_list("gemeente_id", flat=True))
    if zaaknummer:
        zaak = Zaak.objects.filter(
            tenant_id__in=gemeenten, identificatie=zaaknummer.strip()
        ).first()
        if zaak is None:
            raise ValidationError(
                {"zaaknummer": "Geen zaak met dit nummer bij de betrokken gemeenten."}
            )
        if str(zaak.uuid) not in incident.zaak_uuids:
            incident.zaak_uuids = [*incident.zaak_uuids, str(zaak.uuid)]
        _log(incident, user, f"Zaak {zaak.identificatie} gekoppeld")
    if document:
        doc = EnkelvoudigInformatieObject.objects.filter(
            tenant_id__in=gemeenten, identificatie=document.strip()
        ).first()
        if doc is None:
            raise ValidationError(
                {"document": "Geen document met deze identificatie bij de betrokken gemeenten."}
            )
        if str(doc.uuid) not in incident.document_uuids:
            incident.document_uuids = [*incident.document_uuids, str(doc.uuid)]
        _log(incident, user, f"Document {doc.identificatie} gekoppeld")
    if applicatie is not None:
        incident.applicaties.add(applicatie)
        _log(incident, user, f"Applicatie {applicatie} gekoppeld")
    incident.save(update_fields=["zaak_uuids", "document_uuids", "aangepast_op"])
    return incident


def stap_vastleggen(*, user: User, incident: Incident, stap: str) -> None:
    """A handling step (BIO: response), kept in the incident's log with who and when."""
    mag_beoordelen(user, incident)
    if not stap.strip():
        raise ValidationError({"stap": "Beschrijf de stap."})
    _log(incident, user, f"Afhandelstap: {stap.strip()}")
