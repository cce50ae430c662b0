"""Vier ogen: a besluit or the closing of a zaak of a configured zaaktype takes effect only when a
second person with the rule's role approves it (ADR 0056).

The request is a Taak of soort vier_ogen holding the action and its data (``actie_gegevens``,
JSON: the besluit's type and dates, or the resultaattype); approving it executes the action
through the register's own service with the approver's actor, in one transaction with the
decision: if the action fails, nothing changes and the approver reads why.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from iwerk.besluiten.services import BesluitGegevens, register_besluit
from iwerk.besluiten.services import require as besluit_require
from iwerk.catalogi.models import BesluitType, ResultaatType, valid_on
from iwerk.core import gebeurtenissen
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import BEHANDELROLLEN, Rol
from iwerk.werkverdeling.gebeurtenissen import GoedkeuringBeslist, GoedkeuringGevraagd
from iwerk.werkverdeling.models import Taak, Taaksoort, Taakstatus, VierOgenActie, VierOgenRegel
from iwerk.werkverdeling.selectors.taken import namen
from iwerk.werkverdeling.services import taken
from iwerk.zaken.models import Zaak
from iwerk.zaken.services.afhandeling import close_zaak

# The date fields of a besluit, stored as ISO text in actie_gegevens (annotations are strings).
_DATUMS = {f.name for f in dataclasses.fields(BesluitGegevens) if "date" in str(f.type)}


def rolnaam(rol: str) -> str:
    """A role as it reads in a sentence: "teamleider", "behandelaar"."""
    label = str(Rol(rol).label).split(" / ")[0]
    return label[:1].lower() + label[1:]


def regel_voor(zaak: Zaak, actie: str) -> VierOgenRegel | None:
    """The vier-ogen rule of the zaak's gemeente and zaaktype for the action, if any (the zaak
    is loaded with its zaaktype). One query."""
    return VierOgenRegel.objects.filter(
        gemeente_id=zaak.tenant_id,
        zaaktype_identificatie=zaak.zaaktype.identificatie,
        actie=actie,
    ).first()


# --- Asking -------------------------------------------------------------------------------------


def _nog_niet_gevraagd(zaak: Zaak, actie: str) -> None:
    """One open request per action and zaak, of an open zaak: the zaak row is locked while
    checking, so two requests at once cannot both pass. Raises ValidationFailed."""
    Zaak.objects.select_for_update().filter(pk=zaak.pk).values_list("pk", flat=True).first()
    if zaak.einddatum is not None:
        raise ValidationFailed.single(
            "nonFieldErrors", "zaak-gesloten", "De zaak is afgesloten; hier kan niets meer bij."
        )
    if Taak.objects.filter(
        zaak=zaak, soort=Taaksoort.vier_ogen, actie=actie, status=Taakstatus.open
    ).exists():
        wat = "een besluit" if actie == VierOgenActie.besluit else "het afsluiten"
        raise ValidationFailed.single(
            "nonFieldErrors",
            "al-gevraagd",
            f"Er wacht al {wat} van deze zaak op goedkeuring; wacht op de beslissing "
            "(of laat wie het vroeg het verzoek intrekken) voordat u het opnieuw vraagt.",
        )


def andere_goedkeurder_bestaat(zaak: Zaak, rol: str, aanvrager: str) -> bool:
    """Whether someone other than the requester could decide on a request of the zaak: an active
    account with the role in the zaak's gemeente and a handling role there that reaches the
    zaak's vertrouwelijkheid (what weigering asks of the approver). One query."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            werkplekrollen__gemeente_id=zaak.tenant_id,
            werkplekrollen__rol=rol,
        )
        .filter(
            werkplekrollen__gemeente_id=zaak.tenant_id,
            werkplekrollen__rol__in=BEHANDELROLLEN,
            werkplekrollen__max_vertrouwelijkheidaanduiding__in=taken.niveaus_vanaf(
                zaak.vertrouwelijkheidaanduiding
            ),
        )
        .exclude(username=aanvrager)
        .exists()
    )


def _iemand_kan_beslissen(zaak: Zaak, regel: VierOgenRegel, aanvrager: str) -> None:
    """A request nobody may decide on would hold the zaak for ever (the requester may not, and a
    second request is refused): refuse it before it exists. Raises ValidationFailed."""
    if not andere_goedkeurder_bestaat(zaak, regel.goedkeurder_rol, aanvrager):
        rol = rolnaam(regel.goedkeurder_rol)
        raise ValidationFailed.single(
            "nonFieldErrors",
            "geen-goedkeurder",
            f"Er is geen andere {rol} die deze zaak mag zien; niemand kan dit goedkeuren. "
            f"Vraag functioneel beheer om een tweede {rol} of pas de vier-ogenregel aan.",
        )


def _aanvragen(
    *,
    actor: Actor,
    zaak: Zaak,
    regel: VierOgenRegel,
    titel: str,
    toelichting: str,
    gegevens: dict[str, Any],
) -> Taak:
    """The approval task: for the zaak's team (none: the intake), the rule's role, asked by the
    actor's user (after _nog_niet_gevraagd)."""
    taak = Taak.objects.create(
        tenant_id=zaak.tenant_id,
        zaak=zaak,
        soort=Taaksoort.vier_ogen,
        titel=titel[:100],
        toelichting=toelichting,
        statustype_id=zaak.huidige_statustype_id,
        team_id=zaak.team_id,
        actie=regel.actie,
        actie_gegevens=gegevens,
        aangevraagd_door=actor.user_id,
        goedkeurder_rol=regel.goedkeurder_rol,
        aangemaakt_door=actor.user_id,
    )
    gebeurtenissen.publiceer(GoedkeuringGevraagd(taak_id=taak.pk))
    return taak


def besluit_aanvragen(
    *,
    actor: Actor,
    zaak: Zaak,
    regel: VierOgenRegel,
    besluittype: BesluitType,
    gegevens: BesluitGegevens,
) -> str:
    """Ask approval of a besluit instead of registering it; the Dutch message for the handler.
    The requester needs besluiten.aanmaken themselves, and someone else must be able to decide
    (andere_goedkeurder_bestaat). Raises PermissionDenied or ValidationFailed (a request
    already open, a closed zaak, nobody to decide)."""
    besluit_require(actor, "besluiten.aanmaken", besluittype)
    _nog_niet_gevraagd(zaak, regel.actie)
    _iemand_kan_beslissen(zaak, regel, actor.user_id)
    data = {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in dataclasses.asdict(gegevens).items()
    }
    data["besluittype"] = besluittype.pk
    data["besluittype_omschrijving"] = besluittype.omschrijving
    _aanvragen(
        actor=actor,
        zaak=zaak,
        regel=regel,
        titel=f"Vier ogen: besluit ‘{besluittype.omschrijving}’",
        toelichting=gegevens.toelichting,
        gegevens=data,
    )
    return f"Het besluit wacht op goedkeuring door een {rolnaam(regel.goedkeurder_rol)}."


def afsluiten_aanvragen(
    *,
    actor: Actor,
    zaak: Zaak,
    regel: VierOgenRegel,
    resultaattype: ResultaatType,
    toelichting: str,
) -> str:
    """Ask approval of closing the zaak with this resultaat; the Dutch message for the handler.
    The requester must handle the zaak, and what would keep it from closing (an open verplichte
    task, a pending besluit) is said now, not at the approval; someone else must be able to
    decide (andere_goedkeurder_bestaat). Raises PermissionDenied or ValidationFailed."""
    if not actor.permits(
        "zrc",
        "zaken.bijwerken",
        type_id=zaak.zaaktype_id,
        catalogus_id=zaak.zaaktype.catalogus_id,
        vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
    ):
        raise PermissionDenied(taken.NIET_BEVOEGD)
    _nog_niet_gevraagd(zaak, regel.actie)
    if fouten := taken.blokkades(zaak, None, veld="resultaattype"):
        raise ValidationFailed(fouten)
    _iemand_kan_beslissen(zaak, regel, actor.user_id)
    _aanvragen(
        actor=actor,
        zaak=zaak,
        regel=regel,
        titel=f"Vier ogen: zaak afsluiten met resultaat ‘{resultaattype.omschrijving}’",
        toelichting=toelichting,
        gegevens={
            "resultaattype": resultaattype.pk,
            "resultaattype_omschrijving": resultaattype.omschrijving,
            "toelichting": toelichting,
        },
    )
    return (
        f"Het afsluiten wacht op goedkeuring door een {rolnaam(regel.goedkeurder_rol)}; "
        "de zaak blijft tot dan open."
    )


# --- Deciding -----------------------------------------------------------------------------------


def weigering(context: Werkplekcontext, taak: Taak, zaak: Zaak, *, afwijzen: bool = False) -> str:
    """Why the staff member may not decide on this approval, in Dutch; "" when they may: an open
    vier-ogen task of their active gemeente, asked by someone else, a role there that is the
    task's goedkeurder_rol, and the zaak handled by them."""
    if taak.soort != Taaksoort.vier_ogen:
        return "Dit is geen verzoek om goedkeuring."
    if taak.status != Taakstatus.open:
        return f"Over dit verzoek is al beslist ({taak.get_status_display().lower()})."
    rol = rolnaam(taak.goedkeurder_rol)
    if taak.aangevraagd_door == context.actor.user_id:
        if afwijzen:
            return (
                f"U kunt uw eigen verzoek niet afwijzen; een andere {rol} beslist erover, "
                "of u trekt het in."
            )
        if taak.actie == VierOgenActie.besluit:
            return "U kunt uw eigen besluit niet goedkeuren."
        return "U kunt uw eigen verzoek om de zaak af te sluiten niet goedkeuren."
    if taak.tenant_id != context.gemeente.pk or taak.goedkeurder_rol not in context.rollen:
        return f"Alleen een {rol} van {context.gemeente.naam} kan over dit verzoek beslissen."
    if not taken.mag_behandelen(context, zaak):
        return "U mag deze zaak niet behandelen en kunt daarom niet over dit verzoek beslissen."
    return ""


def _beslisbaar(context: Werkplekcontext, taak: Taak, *, afwijzen: bool = False) -> Taak:
    taak = (
        Taak.objects.select_for_update(of=("self",))
        .select_related("zaak", "zaak__zaaktype")
        .get(pk=taak.pk)
    )
    if reden := weigering(context, taak, taak.zaak, afwijzen=afwijzen):
        raise ValidationFailed.single("nonFieldErrors", "niet-toegestaan", reden)
    return taak


def _besluit_nemen(actor: Actor, taak: Taak) -> None:
    data = dict(taak.actie_gegevens)
    zaak = taak.zaak
    besluittype = BesluitType.objects.filter(pk=data.pop("besluittype", None)).first()
    naam = data.pop("besluittype_omschrijving", "")
    if besluittype is None or besluittype.concept:
        raise ValidationFailed.single(
            "besluittype",
            "bestaat-niet",
            f"Het besluittype ‘{naam}’ bestaat niet meer; wijs het verzoek af.",
        )
    if (
        not BesluitType.objects.filter(pk=besluittype.pk)
        .filter(valid_on(timezone.localdate()))
        .exists()
    ):
        raise ValidationFailed.single(
            "besluittype",
            "niet-geldig",
            f"Het besluittype ‘{besluittype.omschrijving}’ is niet meer geldig; wijs het verzoek "
            "af, zodat het besluit met een geldig besluittype opnieuw kan worden vastgelegd.",
        )
    if zaak.einddatum is not None:
        raise ValidationFailed.single(
            "nonFieldErrors",
            "zaak-gesloten",
            "De zaak is intussen afgesloten; wijs het verzoek af.",
        )
    velden: dict[str, Any] = {
        key: date.fromisoformat(value) if key in _DATUMS and value else value
        for key, value in data.items()
    }
    register_besluit(
        actor=actor, besluittype=besluittype, zaak=zaak, gegevens=BesluitGegevens(**velden)
    )


def _afsluiten(actor: Actor, taak: Taak, aanvrager: str) -> None:
    data = taak.actie_gegevens
    zaak = taak.zaak
    resultaattype = ResultaatType.objects.filter(
        pk=data.get("resultaattype"), zaaktype_id=zaak.zaaktype_id
    ).first()
    if resultaattype is None:
        raise ValidationFailed.single(
            "resultaattype",
            "bestaat-niet",
            f"Het resultaattype ‘{data.get('resultaattype_omschrijving', '')}’ bestaat niet "
            "meer; wijs het verzoek af.",
        )
    if zaak.einddatum is not None:
        raise ValidationFailed.single(
            "nonFieldErrors", "zaak-gesloten", "De zaak is al afgesloten; wijs het verzoek af."
        )
    if fouten := taken.blokkades(zaak, None, veld="nonFieldErrors", behalve=taak.pk):
        raise ValidationFailed(fouten)
    toelichting = "; ".join(
        deel
        for deel in (data.get("toelichting", ""), f"goedgekeurd, aangevraagd door {aanvrager}")
        if deel
    )
    close_zaak(actor=actor, zaak=zaak, resultaattype=resultaattype, toelichting=toelichting[:1000])
    taken.laten_vervallen(zaak)


@transaction.atomic
def goedkeuren(*, context: Werkplekcontext, taak: Taak, toelichting: str = "") -> Taak:
    """Approve: execute the action (register_besluit or close_zaak) with the approver's actor —
    the audit trail names the approver, its toelichting who asked — and mark the task
    goedgekeurd (GoedkeuringBeslist). The task row is locked: a second post executes nothing.
    Rules: weigering. Raises ValidationFailed (also the action's own refusals: nothing changes)."""
    taak = _beslisbaar(context, taak)
    aanvrager = namen([taak.aangevraagd_door]).get(taak.aangevraagd_door, taak.aangevraagd_door)
    actor = dataclasses.replace(
        context.actor,
        audit_toelichting=f"Vier ogen: goedgekeurd door {context.actor.user_representation}, "
        f"aangevraagd door {aanvrager}",
    )
    if taak.actie == VierOgenActie.besluit:
        _besluit_nemen(actor, taak)
    else:
        _afsluiten(actor, taak, aanvrager)
    _beslissen(context, taak, Taakstatus.goedgekeurd, toelichting.strip() or "Goedgekeurd.")
    return taak


@transaction.atomic
def afwijzen(*, context: Werkplekcontext, taak: Taak, reden: str) -> Taak:
    """Reject with a reason: the action does not happen, the task is afgewezen
    (GoedkeuringBeslist). Rules: weigering; a reason. Raises ValidationFailed."""
    reden = reden.strip()
    if not reden:
        raise ValidationFailed.single(
            "reden", "required", "Schrijf waarom u het verzoek afwijst; de aanvrager leest het."
        )
    taak = _beslisbaar(context, taak, afwijzen=True)
    _beslissen(context, taak, Taakstatus.afgewezen, reden)
    return taak


def waarom_niet_intrekken(context: Werkplekcontext, taak: Taak) -> str:
    """Why the staff member may not withdraw this request, in Dutch; "" when they may: an open
    vier-ogen task of their active gemeente that they asked themselves."""
    if taak.soort != Taaksoort.vier_ogen:
        return "Dit is geen verzoek om goedkeuring."
    if taak.status != Taakstatus.open:
        return f"Over dit verzoek is al beslist ({taak.get_status_display().lower()})."
    if taak.tenant_id != context.gemeente.pk or taak.aangevraagd_door != context.actor.user_id:
        return "Alleen wie het verzoek deed, kan het intrekken."
    return ""


@transaction.atomic
def intrekken(*, context: Werkplekcontext, taak: Taak) -> Taak:
    """The requester withdraws their open request: the action does not happen and the task
    lapses (vervallen, "Ingetrokken door …"); the handler may ask again. The way out when nobody
    decides (the only other approver left, say). No event: nobody needs telling — the requester
    did it, and the approvers' list reads open tasks only. The task row is locked: a decision at
    the same moment wins or loses as a whole. Raises ValidationFailed."""
    taak = (
        Taak.objects.select_for_update(of=("self",))
        .select_related("zaak", "zaak__zaaktype")
        .get(pk=taak.pk)
    )
    if reden := waarom_niet_intrekken(context, taak):
        raise ValidationFailed.single("nonFieldErrors", "niet-toegestaan", reden)
    taak.status = Taakstatus.vervallen
    taak.resultaat = f"Ingetrokken door {context.actor.user_representation}."
    taak.afgerond_op = timezone.now()
    taak.afgerond_door = context.actor.user_id
    taak.save(update_fields=["status", "resultaat", "afgerond_op", "afgerond_door"])
    return taak


def _beslissen(context: Werkplekcontext, taak: Taak, status: str, resultaat: str) -> None:
    taak.status = status
    taak.resultaat = resultaat
    taak.afgerond_op = timezone.now()
    taak.afgerond_door = context.actor.user_id
    taak.save(update_fields=["status", "resultaat", "afgerond_op", "afgerond_door"])
    gebeurtenissen.publiceer(
        GoedkeuringBeslist(taak_id=taak.pk, goedgekeurd=status == Taakstatus.goedgekeurd)
    )


# --- Beheer of the rules ------------------------------------------------------------------------


def regel_controleren(regel: VierOgenRegel) -> None:
    """The rules of a vier-ogen rule: its zaaktype is in a catalogus of its gemeente (and has
    besluittypen, for a rule on besluiten), its role handles zaken (the approver must open the
    zaak's actions), one rule per gemeente, zaaktype and action.
    Raises ValidationFailed naming the model's fields."""
    fouten: list[InvalidParam] = []
    gemeente = regel.gemeente
    zaaktype = taken.laatste_zaaktype(gemeente.pk, regel.zaaktype_identificatie)
    if zaaktype is None:
        fouten.append(
            InvalidParam(
                "zaaktype_identificatie",
                "onbekend",
                f"Zaaktype {regel.zaaktype_identificatie} staat niet in een catalogus van "
                f"{gemeente.naam}.",
            )
        )
    elif regel.actie == VierOgenActie.besluit and not zaaktype.besluittype_omschrijvingen:
        fouten.append(
            InvalidParam(
                "actie",
                "geen-besluiten",
                f"Zaaktype {zaaktype.identificatie} kent geen besluittypen: een regel voor "
                "besluiten zou nooit gelden.",
            )
        )
    if regel.goedkeurder_rol not in BEHANDELROLLEN:
        fouten.append(
            InvalidParam(
                "goedkeurder_rol",
                "geen-behandelrol",
                "Wie goedkeurt, moet de zaak kunnen behandelen: kies "
                f"{' of '.join(sorted(rolnaam(r) for r in BEHANDELROLLEN))}.",
            )
        )
    if (
        VierOgenRegel.objects.filter(
            gemeente=gemeente,
            zaaktype_identificatie=regel.zaaktype_identificatie,
            actie=regel.actie,
        )
        .exclude(pk=regel.pk)
        .exists()
    ):
        fouten.append(
            InvalidParam(
                "actie",
                "dubbel",
                f"Zaaktype {regel.zaaktype_identificatie} heeft in {gemeente.naam} al een "
                f"vier-ogenregel voor ‘{regel.get_actie_display()}’; pas die aan.",
            )
        )
    if fouten:
        raise ValidationFailed(fouten)


def regel_waarschuwing(regel: VierOgenRegel) -> str:
    """A warning, in Dutch, for a rule that fewer than two people of the gemeente could satisfy
    ("" when two or more hold the role): a request of the only one with the role is refused, as
    nobody else may decide on it. A warning, not a refusal — the rule may be set up before the
    staff, and the request itself is refused clearly (andere_goedkeurder_bestaat). One query."""
    aantal = (
        Roltoewijzing.objects.filter(
            gemeente_id=regel.gemeente_id, rol=regel.goedkeurder_rol, gebruiker__is_active=True
        )
        .values("gebruiker_id")
        .distinct()
        .count()
    )
    if aantal >= 2:
        return ""
    rol = rolnaam(regel.goedkeurder_rol)
    gemeente = regel.gemeente.naam
    if aantal == 0:
        return (
            f"Let op: in {gemeente} heeft niemand de rol {rol}. Zolang dat zo is, kan niemand een "
            f"verzoek goedkeuren en weigert iwerk elk verzoek. Geef ten minste twee medewerkers "
            f"de rol {rol}."
        )
    return (
        f"Let op: in {gemeente} heeft maar één medewerker de rol {rol}. Vraagt die {rol} zelf om "
        f"goedkeuring, dan kan niemand anders beslissen en weigert iwerk het verzoek. Geef een "
        f"tweede medewerker de rol {rol}."
    )


@transaction.atomic
def regel_opslaan(regel: VierOgenRegel) -> VierOgenRegel:
    """Store a vier-ogen rule after regel_controleren. Raises ValidationFailed."""
    regel_controleren(regel)
    regel.save()
    return regel
