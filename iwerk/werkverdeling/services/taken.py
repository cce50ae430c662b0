"""Tasks inside a zaak: the checklist of a status (status_bereikt), ad-hoc tasks, completing and
reassigning them, which open tasks keep a zaak from moving on, and the beheer of the checklists
(ADR 0056).

A task is for a person (``Taak.medewerker``, a user name: theirs alone) or, with no person, for a
team (``Taak.team``: any of its members). A person may only be given a task of a zaak they may
handle (zaken.services.toewijzing.waarom_niet_toewijsbaar: a handling role in its gemeente up
to its vertrouwelijkheid), a team only one of the zaak's own gemeente in which someone may open
the zaak (else the task would belong to nobody). A deadline lies between today and two years ahead.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from iwerk.catalogi.models import StatusType, ZaakType
from iwerk.core import gebeurtenissen, generations
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.core.choices import Vertrouwelijkheidaanduiding, vertrouwelijkheid_rank
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.medewerkers.models import Roltoewijzing, Team
from iwerk.medewerkers.roles import SCOPES
from iwerk.werkverdeling.gebeurtenissen import TaakAfgerond, TaakToegewezen
from iwerk.werkverdeling.models import (
    Taak,
    Taaksjabloon,
    Taaksoort,
    Taakstatus,
    Toewijzingsdoel,
    VierOgenActie,
)
from iwerk.werkverdeling.selectors import checklists
from iwerk.zaken.gebeurtenissen import StatusGezet
from iwerk.zaken.models import Status, Zaak
from iwerk.zaken.services.toewijzing import waarom_niet_toewijsbaar

NIET_BEVOEGD = "Uw rol geeft u voor deze zaak niet de bevoegdheid om dit te doen."

# The roles that open zaken (read them at least): a team member with one of them, up to the
# zaak's vertrouwelijkheid, can work on the team's task (is_voor, mag_afronden).
LEESROLLEN: frozenset[str] = frozenset(
    rol for rol, scopes in SCOPES.items() if "zaken.lezen" in scopes.get("zrc", set())
)
# How far ahead a deadline may lie (a checklist's termijn too): beyond it a date is a typing error.
MAX_TERMIJN_DAGEN = 730


def niveaus_vanaf(vertrouwelijkheid: str) -> list[str]:
    """The vertrouwelijkheidaanduidingen that reach this one: a role up to one of them may see a
    zaak of it."""
    return [
        niveau
        for niveau in Vertrouwelijkheidaanduiding.values
        if vertrouwelijkheid_rank(niveau) >= vertrouwelijkheid_rank(vertrouwelijkheid)
    ]


def blinde_teams(team_ids: set[int], gemeente_id: int, vertrouwelijkheid: str) -> set[int]:
    """Those of the teams in which no active member may open a zaak of the gemeente with this
    vertrouwelijkheid (a role there that reads zaken, LEESROLLEN, up to it): a task for such a
    team belongs to nobody. One query; none for no teams."""
    if not team_ids:
        return set()
    zien = set(
        Roltoewijzing.objects.filter(
            team_id__in=team_ids,
            gebruiker__is_active=True,
            gebruiker__werkplekrollen__gemeente_id=gemeente_id,
            gebruiker__werkplekrollen__rol__in=LEESROLLEN,
            gebruiker__werkplekrollen__max_vertrouwelijkheidaanduiding__in=niveaus_vanaf(
                vertrouwelijkheid
            ),
        )
        .values_list("team_id", flat=True)
        .distinct()
    )
    return set(team_ids) - zien


def _team_blind(naam: str) -> str:
    return f"In team ‘{naam}’ mag niemand deze zaak zien; kies een ander team of een medewerker."


def uiterste_deadline(vandaag: date | None = None) -> date:
    """The latest deadline a task may get: two years from today."""
    vandaag = vandaag or timezone.localdate()
    return vandaag + timedelta(days=MAX_TERMIJN_DAGEN)


def waarom_deadline_ongeldig(deadline: date | None) -> str:
    """Why the deadline may not be a task's, in Dutch; "" when it may (none, or from today up to
    two years ahead)."""
    if deadline is None:
        return ""
    if deadline < timezone.localdate():
        return "De deadline ligt in het verleden; kies vandaag of later."
    uiterst = uiterste_deadline()
    if deadline > uiterst:
        return (
            "De deadline ligt meer dan twee jaar vooruit; kies een datum tot en met "
            f"{uiterst.day}-{uiterst.month}-{uiterst.year}."
        )
    return ""


# --- The checklist of a status ----------------------------------------------------------------


def status_bereikt(event: StatusGezet) -> None:
    """Consumer (iwerk/verbindingen.py) of StatusGezet and ZaakHeropend, whatever the channel:
    create the tasks of the active Taaksjablonen of the zaak's gemeente and zaaktype for the
    reached status, each for the zaak's behandelaar (else its team, else the template's team)
    or for the template's fixed team, with its deadline, and announce each (TaakToegewezen).

    A template's team in which nobody may open the zaak (a vertrouwelijk zaak, a team up to
    zaakvertrouwelijk) does not get the task: it goes to the zaak's behandelaar, else its team,
    else the intake, and its toelichting says so — the status change itself is never refused.
    A template whose task is still open on the zaak (the status reached again, a reopening) does
    not give a second one. No query for a status that no checklist anywhere names (the cached
    set of such statuses); two when this zaaktype has none for it.
    """
    if event.statustype_omschrijving not in checklists.statussen_met_taken():
        return
    row = (
        Zaak.objects.filter(pk=event.zaak_id)
        .values_list(
            "tenant_id",
            "zaaktype__identificatie",
            "behandelaar",
            "team_id",
            "vertrouwelijkheidaanduiding",
        )
        .first()
    )
    if row is None:
        return
    tenant_id, identificatie, behandelaar, team_id, vertrouwelijkheid = row
    sjablonen = list(
        Taaksjabloon.objects.filter(
            gemeente_id=tenant_id,
            zaaktype_identificatie=identificatie,
            statustype_omschrijving=event.statustype_omschrijving,
            actief=True,
        )
        .select_related("team")
        .order_by("volgorde", "pk")
    )
    if not sjablonen:
        return
    al_open = set(
        Taak.objects.filter(
            zaak_id=event.zaak_id, status=Taakstatus.open, sjabloon__in=sjablonen
        ).values_list("sjabloon_id", flat=True)
    )
    statustype_id = (
        Status.objects.filter(pk=event.status_id).values_list("statustype_id", flat=True).first()
    )
    today = timezone.localdate()
    nieuw = [s for s in sjablonen if s.pk not in al_open]
    vaste_teams = {
        s.team_id
        for s in nieuw
        if s.team_id is not None
        and (s.toewijzen_aan == Toewijzingsdoel.team or (not behandelaar and not team_id))
    }
    blind = blinde_teams(vaste_teams, tenant_id, vertrouwelijkheid)
    for sjabloon in nieuw:
        toelichting = sjabloon.omschrijving
        if sjabloon.toewijzen_aan == Toewijzingsdoel.team:
            medewerker, team = "", sjabloon.team_id
        elif behandelaar:
            medewerker, team = behandelaar, None
        else:
            medewerker, team = "", team_id or sjabloon.team_id
        if team is not None and team == sjabloon.team_id and team in blind:
            assert sjabloon.team is not None  # loaded with the template
            if behandelaar:
                medewerker, team, wie = behandelaar, None, "de behandelaar van de zaak"
            elif team_id and team_id != team:
                medewerker, team, wie = "", team_id, "het team van de zaak"
            else:
                medewerker, team, wie = "", None, "de intake"
            uitleg = (
                f"Bedoeld voor team ‘{sjabloon.team.naam}’, maar daarin mag niemand deze zaak "
                f"zien; daarom is de taak voor {wie}."
            )
            toelichting = f"{toelichting}\n\n{uitleg}" if toelichting else uitleg
        taak = Taak.objects.create(
            tenant_id=tenant_id,
            zaak_id=event.zaak_id,
            sjabloon=sjabloon,
            titel=sjabloon.titel,
            toelichting=toelichting,
            statustype_id=statustype_id,
            verplicht=sjabloon.verplicht,
            extern=sjabloon.extern,
            medewerker=medewerker,
            team_id=team,
            deadline=today + timedelta(days=sjabloon.termijn_dagen)
            if sjabloon.termijn_dagen is not None
            else None,
        )
        gebeurtenissen.publiceer(TaakToegewezen(taak_id=taak.pk))


# --- Who may do what ----------------------------------------------------------------------------


def mag_behandelen(context: Werkplekcontext, zaak: Zaak) -> bool:
    """Whether the staff member handles the zaak: zaken.bijwerken on its zaaktype up to its
    vertrouwelijkheid, in the active gemeente (the zaak is loaded with its zaaktype)."""
    return zaak.tenant_id == context.gemeente.pk and context.actor.permits(
        "zrc",
        "zaken.bijwerken",
        type_id=zaak.zaaktype_id,
        catalogus_id=zaak.zaaktype.catalogus_id,
        vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
    )


def _mag_lezen(context: Werkplekcontext, zaak: Zaak) -> bool:
    return zaak.tenant_id == context.gemeente.pk and context.actor.permits(
        "zrc",
        "zaken.lezen",
        type_id=zaak.zaaktype_id,
        catalogus_id=zaak.zaaktype.catalogus_id,
        vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
    )


def is_voor(context: Werkplekcontext, taak: Taak) -> bool:
    """Whether the task is for the staff member: theirs, or their team's."""
    if taak.medewerker:
        return taak.medewerker == context.actor.user_id
    return taak.team_id is not None and taak.team_id in context.team_ids


def mag_afronden(context: Werkplekcontext, taak: Taak, zaak: Zaak) -> bool:
    """An open ordinary task is completed by whoever handles the zaak, or by whom it is for (a
    contact centre team's call-back, say) if they may see the zaak. An approval is decided, not
    completed (services.vierogen)."""
    if taak.soort != Taaksoort.taak or taak.status != Taakstatus.open:
        return False
    return mag_behandelen(context, zaak) or (is_voor(context, taak) and _mag_lezen(context, zaak))


# --- Ad-hoc tasks, completing, reassigning ------------------------------------------------------


def _ontvanger(zaak: Zaak, medewerker: str, team_id: int | None) -> tuple[str, int | None]:
    """The checked (medewerker, team) of a task of zaak: exactly one, a person who may handle
    the zaak, or a team of its gemeente. Raises ValidationFailed."""
    if medewerker and team_id:
        raise ValidationFailed.single(
            "team", "een-ontvanger", "Kies een medewerker óf een team, niet allebei."
        )
    if not medewerker and not team_id:
        raise ValidationFailed.single(
            "medewerker", "geen-ontvanger", "Kies de medewerker of het team dat de taak krijgt."
        )
    if medewerker:
        if reden := waarom_niet_toewijsbaar(zaak, medewerker):
            raise ValidationFailed.single("medewerker", "geen-toegang", reden)
        return medewerker, None
    assert team_id is not None  # one of the two, checked above
    team = Team.objects.filter(pk=team_id).select_related("gemeente").first()
    if team is None:
        raise ValidationFailed.single("team", "bestaat-niet", "Dit team bestaat niet (meer).")
    if team.gemeente_id != zaak.tenant_id:
        raise ValidationFailed.single(
            "team",
            "andere-gemeente",
            f"Team {team.naam} hoort bij {team.gemeente.naam}, niet bij de gemeente van deze zaak.",
        )
    if blinde_teams({team.pk}, zaak.tenant_id, zaak.vertrouwelijkheidaanduiding):
        raise ValidationFailed.single("team", "geen-toegang", _team_blind(team.naam))
    return "", team.pk


def _deadline_controleren(deadline: date | None) -> None:
    if reden := waarom_deadline_ongeldig(deadline):
        code = "verleden" if deadline and deadline < timezone.localdate() else "te-ver"
        raise ValidationFailed.single("deadline", code, reden)


@transaction.atomic
def taak_aanmaken(
    *,
    context: Werkplekcontext,
    zaak: Zaak,
    titel: str,
    toelichting: str = "",
    medewerker: str = "",
    team_id: int | None = None,
    deadline: date | None = None,
    verplicht: bool = False,
) -> Taak:
    """An ad-hoc task on the zaak by whoever handles it, for a person or a team, at the zaak's
    current status (a verplichte task keeps the zaak there until it is done).

    Rules: the zaak is open and the staff member handles it; the person may handle the zaak
    (_ontvanger), the team is of its gemeente and someone in it may open the zaak; the deadline
    lies from today up to two years ahead.
    Raises PermissionDenied or ValidationFailed (fields titel, medewerker, team, deadline).
    """
    if not mag_behandelen(context, zaak):
        raise PermissionDenied(NIET_BEVOEGD)
    if zaak.einddatum is not None:
        raise ValidationFailed.single(
            "nonFieldErrors", "zaak-gesloten", "De zaak is afgesloten; er kunnen geen taken bij."
        )
    titel = titel.strip()
    if not titel:
        raise ValidationFailed.single("titel", "required", "Geef de taak een titel.")
    medewerker, team = _ontvanger(zaak, medewerker, team_id)
    _deadline_controleren(deadline)
    taak = Taak.objects.create(
        tenant_id=zaak.tenant_id,
        zaak=zaak,
        titel=titel[:100],
        toelichting=toelichting.strip(),
        statustype_id=zaak.huidige_statustype_id,
        verplicht=verplicht,
        medewerker=medewerker,
        team_id=team,
        deadline=deadline,
        aangemaakt_door=context.actor.user_id,
    )
    gebeurtenissen.publiceer(TaakToegewezen(taak_id=taak.pk))
    return taak


def _vergrendeld(taak: Taak) -> Taak:
    """The task row, locked, with its zaak and zaaktype: two posts cannot both change it."""
    return (
        Taak.objects.select_for_update(of=("self",))
        .select_related("zaak", "zaak__zaaktype")
        .get(pk=taak.pk)
    )


@transaction.atomic
def afronden(*, context: Werkplekcontext, taak: Taak, resultaat: str) -> Taak:
    """Complete an open task with its result (mag_afronden: who handles the zaak, or whom the
    task is for). Raises PermissionDenied or ValidationFailed (resultaat, nonFieldErrors)."""
    taak = _vergrendeld(taak)
    zaak = taak.zaak
    if not _mag_lezen(context, zaak):
        raise PermissionDenied(NIET_BEVOEGD)
    if taak.soort == Taaksoort.vier_ogen:
        raise ValidationFailed.single(
            "nonFieldErrors",
            "vier-ogen",
            "Een goedkeuring rondt u af met Goedkeuren of Afwijzen.",
        )
    if taak.status != Taakstatus.open:
        raise ValidationFailed.single(
            "nonFieldErrors", "al-afgerond", f"De taak ‘{taak.titel}’ is al afgerond."
        )
    if not mag_afronden(context, taak, zaak):
        raise PermissionDenied(NIET_BEVOEGD)
    resultaat = resultaat.strip()
    if not resultaat:
        raise ValidationFailed.single(
            "resultaat", "required", "Beschrijf kort het resultaat van de taak."
        )
    taak.status = Taakstatus.afgerond
    taak.resultaat = resultaat
    taak.afgerond_op = timezone.now()
    taak.afgerond_door = context.actor.user_id
    taak.save(update_fields=["status", "resultaat", "afgerond_op", "afgerond_door"])
    gebeurtenissen.publiceer(TaakAfgerond(taak_id=taak.pk))
    return taak


@transaction.atomic
def toewijzen(
    *, context: Werkplekcontext, taak: Taak, medewerker: str = "", team_id: int | None = None
) -> Taak:
    """Give an open task to another person or team (the rules of taak_aanmaken); announced again
    (TaakToegewezen). The same assignee again changes nothing. Raises PermissionDenied or
    ValidationFailed."""
    taak = _vergrendeld(taak)
    zaak = taak.zaak
    if not mag_behandelen(context, zaak):
        raise PermissionDenied(NIET_BEVOEGD)
    if taak.soort == Taaksoort.vier_ogen:
        raise ValidationFailed.single(
            "nonFieldErrors",
            "vier-ogen",
            "Een goedkeuring gaat naar wie de rol heeft om goed te keuren; die wijst u niet toe.",
        )
    if taak.status != Taakstatus.open:
        raise ValidationFailed.single(
            "nonFieldErrors", "al-afgerond", f"De taak ‘{taak.titel}’ is al afgerond."
        )
    medewerker, team = _ontvanger(zaak, medewerker, team_id)
    if (taak.medewerker, taak.team_id) == (medewerker, team):
        return taak
    taak.medewerker, taak.team_id = medewerker, team
    taak.save(update_fields=["medewerker", "team"])
    gebeurtenissen.publiceer(TaakToegewezen(taak_id=taak.pk))
    return taak


# --- What keeps a zaak from moving on -----------------------------------------------------------


def _opsomming(titels: list[str]) -> str:
    quoted = [f"‘{t}’" for t in titels]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} en {quoted[-1]}"


def blokkades(
    zaak: Zaak, naar: StatusType | None, *, veld: str, behalve: int | None = None
) -> list[InvalidParam]:
    """Why the zaak cannot move to status naar (None: be closed), in Dutch; [] when it can.

    An open verplichte task keeps the zaak at the status it arose at: the zaak cannot move to
    a status with a higher volgnummer (a task without one: to any other). The closing waits
    also for every open approval (a besluit that is not yet taken). behalve: a task that does
    not count (the approval of this very closing). One query.
    """
    open_taken = Taak.objects.filter(zaak=zaak, status=Taakstatus.open).select_related("statustype")
    if behalve is not None:
        open_taken = open_taken.exclude(pk=behalve)
    verplicht: list[str] = []
    wachtend: list[str] = []
    for taak in open_taken.order_by("aangemaakt_op", "pk"):
        if taak.soort == Taaksoort.vier_ogen:
            if naar is None and taak.actie == VierOgenActie.besluit:
                omschrijving = taak.actie_gegevens.get("besluittype_omschrijving", "")
                wachtend.append(f"het besluit ‘{omschrijving}’" if omschrijving else "een besluit")
            elif naar is None:
                wachtend.append("het afsluiten zelf")
            continue
        if not taak.verplicht:
            continue
        if naar is None or taak.statustype is None or naar.volgnummer > taak.statustype.volgnummer:
            verplicht.append(taak.titel)
    fouten = []
    if verplicht:
        wat = "de verplichte taak" if len(verplicht) == 1 else "de verplichte taken"
        is_zijn = "is" if len(verplicht) == 1 else "zijn"
        fouten.append(
            InvalidParam(
                veld,
                "verplichte-taak-open",
                f"De zaak kan niet verder: {wat} {_opsomming(verplicht)} {is_zijn} nog open.",
            )
        )
    if wachtend:
        wacht = "wacht" if len(wachtend) == 1 else "wachten"
        fouten.append(
            InvalidParam(
                veld,
                "goedkeuring-open",
                f"De zaak kan niet worden afgesloten: {' en '.join(wachtend)} {wacht} nog op "
                "goedkeuring.",
            )
        )
    return fouten


def laten_vervallen(zaak: Zaak) -> int:
    """The open ordinary tasks of a zaak that the werkplek closes lapse (a verplichte one would
    have kept it open); the number of tasks."""
    return Taak.objects.filter(
        zaak=zaak, status=Taakstatus.open, soort=Taaksoort.taak, verplicht=False
    ).update(status=Taakstatus.vervallen, afgerond_op=timezone.now())


# --- Beheer of the checklists -------------------------------------------------------------------


def laatste_zaaktype(gemeente_id: int, identificatie: str) -> ZaakType | None:
    """The newest version (a concept included) of the zaaktype in the gemeente's catalogi."""
    return (
        ZaakType.objects.filter(tenant_id=gemeente_id, identificatie=identificatie)
        .select_related("tenant")
        .order_by("-versiedatum", "-datum_begin_geldigheid", "-pk")
        .first()
    )


def sjabloon_controleren(sjabloon: Taaksjabloon) -> None:
    """The rules of a checklist task: its zaaktype is in a catalogus of its gemeente, its status
    is one of the newest version's (not the eindstatus: the zaak is closed by then), a fixed
    team is chosen when the task goes to one, and a team is of the same gemeente.
    Raises ValidationFailed naming the model's fields."""
    fouten: list[InvalidParam] = []
    gemeente = sjabloon.gemeente
    zaaktype = laatste_zaaktype(gemeente.pk, sjabloon.zaaktype_identificatie)
    if zaaktype is None:
        fouten.append(
            InvalidParam(
                "zaaktype_identificatie",
                "onbekend",
                f"Zaaktype {sjabloon.zaaktype_identificatie} staat niet in een catalogus van "
                f"{gemeente.naam}.",
            )
        )
    else:
        statussen = list(
            StatusType.objects.filter(zaaktype=zaaktype)
            .order_by("volgnummer")
            .values_list("omschrijving", flat=True)
        )
        if sjabloon.statustype_omschrijving not in statussen:
            fouten.append(
                InvalidParam(
                    "statustype_omschrijving",
                    "onbekend",
                    f"Zaaktype {zaaktype.identificatie} kent geen status "
                    f"‘{sjabloon.statustype_omschrijving}’; kies uit: "
                    f"{', '.join(statussen[:-1]) or 'geen'}.",
                )
            )
        elif sjabloon.statustype_omschrijving == statussen[-1]:
            fouten.append(
                InvalidParam(
                    "statustype_omschrijving",
                    "eindstatus",
                    f"‘{statussen[-1]}’ is de eindstatus: dan is de zaak al afgesloten en kan "
                    "er geen taak meer ontstaan. Kies een eerdere status.",
                )
            )
    if sjabloon.termijn_dagen is not None and sjabloon.termijn_dagen > MAX_TERMIJN_DAGEN:
        fouten.append(
            InvalidParam(
                "termijn_dagen",
                "te-lang",
                f"Een termijn van meer dan {MAX_TERMIJN_DAGEN} dagen (twee jaar) kan niet; kies "
                "een kortere.",
            )
        )
    if sjabloon.toewijzen_aan == Toewijzingsdoel.team and sjabloon.team_id is None:
        fouten.append(InvalidParam("team", "required", "Kies het team dat de taak krijgt."))
    team = sjabloon.team if sjabloon.team_id is not None else None
    if team is not None and team.gemeente_id != gemeente.pk:
        fouten.append(
            InvalidParam(
                "team",
                "andere-gemeente",
                f"Team {team.naam} hoort bij een andere gemeente dan {gemeente.naam}.",
            )
        )
    if fouten:
        raise ValidationFailed(fouten)


@transaction.atomic
def sjabloon_opslaan(sjabloon: Taaksjabloon) -> Taaksjabloon:
    """Store a checklist task after sjabloon_controleren. Raises ValidationFailed."""
    sjabloon_controleren(sjabloon)
    sjabloon.save()
    generations.bump(checklists.GENERATIE)  # the cached statuses with a checklist
    return sjabloon


@transaction.atomic
def sjablonen_verwijderen(sjablonen: QuerySet[Taaksjabloon]) -> int:
    """Delete checklist tasks (beheer); tasks made from them stay. Returns how many."""
    aantal, _ = sjablonen.delete()
    generations.bump(checklists.GENERATIE)
    return aantal
