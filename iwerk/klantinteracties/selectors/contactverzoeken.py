"""Open contactverzoeken (interne taken) for the werkvoorraad: those assigned to the staff member
or one of their teams in the active gemeente (a teamleider: every one of the gemeente), oldest
deadline first, overdue ones marked. A fixed number of queries, whatever the number of taken."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from iwerk.klantinteracties.keuzes import ACTOR_MEDEWERKER as MEDEWERKER
from iwerk.klantinteracties.keuzes import ACTOR_REGISTER as REGISTER
from iwerk.klantinteracties.keuzes import ACTOR_TEAM as TEAM
from iwerk.klantinteracties.models import Actor, Betrokkene, InterneTaak, Klantcontact, TaakStatus
from iwerk.klantinteracties.selectors.toegang import voor_medewerker
from iwerk.medewerkers.roles import TOEWIJZEN_AAN_ANDEREN

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from iwerk.medewerkers.actor import Werkplekcontext

MAX = 100


@dataclass(frozen=True)
class Contactverzoek:
    uuid: UUID
    nummer: str
    gevraagde_handeling: str
    toelichting: str
    onderwerp: str  # of the klantcontact that led to it
    klant: str
    toegewezen_aan: str
    toegewezen_op: datetime
    uiterlijk_op: datetime | None
    te_laat: bool
    afgehandeld_op: datetime | None = None
    partij_uuid: UUID | None = None
    mag_afhandelen: bool = False  # assigned to the reader or their team, or they lead
    afhandelingen: tuple[Afhandeling, ...] = ()  # detail only: the answers and attempts


@dataclass(frozen=True)
class Afhandeling:
    """One answer to a contactverzoek, or an attempt that did not reach the caller."""

    plaatsgevonden_op: datetime
    medewerker: str
    kanaal: str
    inhoud: str
    gelukt: bool | None


def _mijn_actoren(context: Werkplekcontext, gebruiker: User) -> Q:
    q = Q(
        actoridentificator_code_register=REGISTER,
        actoridentificator_code_objecttype=MEDEWERKER[0],
        actoridentificator_object_id=gebruiker.get_username(),
    )
    if context.team_ids:
        q |= Q(
            actoridentificator_code_register=REGISTER,
            actoridentificator_code_objecttype=TEAM[0],
            actoridentificator_object_id__in=[str(t) for t in context.team_ids],
        )
    return q


def _zichtbaar(context: Werkplekcontext) -> QuerySet[InterneTaak]:
    wie = voor_medewerker(context)
    return InterneTaak.objects.filter(
        tenant_id=context.gemeente.pk,
        aanleidinggevend_klantcontact__in=Klantcontact.objects.filter(
            wie.zichtbaar("vertrouwelijkheid_rang")
        ),
    )


def open_verzoeken(
    context: Werkplekcontext, gebruiker: User, *, hele_gemeente: bool = False
) -> QuerySet[InterneTaak]:
    """The open contactverzoeken of the staff member and their teams; with hele_gemeente (only
    for who may assign others) every open one of the gemeente."""
    qs = _zichtbaar(context).filter(status=TaakStatus.te_verwerken)
    if not (hele_gemeente and context.kan(TOEWIJZEN_AAN_ANDEREN)):
        actoren = Actor.objects.filter(
            _mijn_actoren(context, gebruiker), tenant_id=context.gemeente.pk
        )
        qs = qs.filter(actoren__in=actoren).distinct()
    return qs


def mag_afhandelen(context: Werkplekcontext, gebruiker: User, taak: InterneTaak) -> bool:
    """Whether the staff member handles this contactverzoek: it is assigned to them or to one
    of their teams, or they are a teamleider (TOEWIJZEN_AAN_ANDEREN) in its gemeente."""
    if taak.tenant_id != context.gemeente.pk:
        return False
    if context.kan(TOEWIJZEN_AAN_ANDEREN):
        return True
    eigen = {str(t) for t in context.team_ids}
    for actor in taak.actoren.all():
        if actor.actoridentificator_code_register != REGISTER:
            continue
        if (
            actor.actoridentificator_code_objecttype == MEDEWERKER[0]
            and actor.actoridentificator_object_id == gebruiker.get_username()
        ):
            return True
        if (
            actor.actoridentificator_code_objecttype == TEAM[0]
            and actor.actoridentificator_object_id in eigen
        ):
            return True
    return False


def _regels(
    qs: QuerySet[InterneTaak], context: Werkplekcontext, gebruiker: User, aantal: int = MAX
) -> list[Contactverzoek]:
    nu = timezone.now()
    taken = list(
        qs.select_related("aanleidinggevend_klantcontact")
        .prefetch_related(
            Prefetch("actoren", queryset=Actor.objects.order_by("naam")),
            Prefetch(
                "aanleidinggevend_klantcontact__betrokkenen",
                queryset=Betrokkene.objects.filter(initiator=True).select_related("was_partij"),
                to_attr="initiatoren",
            ),
        )
        .order_by("uiterlijk_op", "toegewezen_op")[:aantal]
    )
    regels = []
    for taak in taken:
        contact = taak.aanleidinggevend_klantcontact
        initiatoren = getattr(contact, "initiatoren", [])
        betrokkene = initiatoren[0] if initiatoren else None
        regels.append(
            Contactverzoek(
                uuid=taak.uuid,
                nummer=taak.nummer,
                gevraagde_handeling=taak.gevraagde_handeling,
                toelichting=taak.toelichting,
                onderwerp=contact.onderwerp,
                klant=_naam(betrokkene),
                toegewezen_aan=", ".join(a.naam for a in taak.actoren.all()),
                toegewezen_op=taak.toegewezen_op,
                uiterlijk_op=taak.uiterlijk_op,
                te_laat=taak.status == TaakStatus.te_verwerken
                and taak.uiterlijk_op is not None
                and taak.uiterlijk_op < nu,
                afgehandeld_op=taak.afgehandeld_op,
                partij_uuid=betrokkene.was_partij.uuid
                if betrokkene is not None and betrokkene.was_partij is not None
                else None,
                mag_afhandelen=mag_afhandelen(context, gebruiker, taak),
            )
        )
    return regels


def _naam(betrokkene: Betrokkene | None) -> str:
    if betrokkene is None:
        return ""
    partij = betrokkene.was_partij
    if partij is not None and partij.naam:
        return partij.naam
    delen = (
        betrokkene.contactnaam_voornaam or betrokkene.contactnaam_voorletters,
        betrokkene.contactnaam_voorvoegsel_achternaam,
        betrokkene.contactnaam_achternaam,
    )
    return " ".join(d for d in delen if d) or betrokkene.organisatienaam


def lijst(
    context: Werkplekcontext, gebruiker: User, *, hele_gemeente: bool = False, aantal: int = MAX
) -> list[Contactverzoek]:
    """The open contactverzoeken as werkvoorraad rows, oldest deadline first (at most aantal)."""
    return _regels(
        open_verzoeken(context, gebruiker, hele_gemeente=hele_gemeente),
        context,
        gebruiker,
        min(aantal, MAX),
    )


def aantal_te_laat(context: Werkplekcontext, gebruiker: User) -> int:
    """How many of the staff member's (and their teams') open contactverzoeken are overdue:
    the werkplek's signal. One query."""
    return open_verzoeken(context, gebruiker).filter(uiterlijk_op__lt=timezone.now()).count()


def detail(context: Werkplekcontext, gebruiker: User, uuid: UUID) -> Contactverzoek | None:
    """One contactverzoek of the gemeente the staff member may see (open or handled), with its
    answers and attempts (services.kcc.verzoek_afhandelen records them with its uuid in their
    metadata). Five queries."""
    regels = _regels(_zichtbaar(context).filter(uuid=uuid), context, gebruiker)
    if not regels:
        return None
    wie = voor_medewerker(context)
    antwoorden = (
        Klantcontact.objects.filter(
            wie.zichtbaar("vertrouwelijkheid_rang"),
            tenant_id=context.gemeente.pk,
            metadata__contactverzoek=str(uuid),
        )
        .prefetch_related(Prefetch("actoren", queryset=Actor.objects.order_by("naam")))
        .order_by("plaatsgevonden_op")
    )
    return replace(
        regels[0],
        afhandelingen=tuple(
            Afhandeling(
                plaatsgevonden_op=c.plaatsgevonden_op,
                medewerker=", ".join(a.naam for a in c.actoren.all()),
                kanaal=c.kanaal,
                inhoud=c.inhoud,
                gelukt=c.indicatie_contact_gelukt,
            )
            for c in antwoorden
        ),
    )
