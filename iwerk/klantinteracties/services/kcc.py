"""Writes of the contact centre (KCC, /werkplek/kcc/): a contact recorded by a staff member, a
contactverzoek (call-back or question) for a team or colleague, and its handling (ADR 0054).

Everything lands in the Klantinteracties register through its own services, with the staff
member's reach (`selectors.toegang.voor_medewerker`: the werkplek's active gemeente, up to the
vertrouwelijkheid they may read zaken at), so the API, its audit trail and its notifications see
what the KCC recorded exactly as if a client had written it.

Rules:
- a linked zaak must be one the staff member may read, in the active gemeente;
- the caller is a known partij of the gemeente, or a person or company by BSN or KvK-nummer that
  becomes one now (as KISS does when it stores a contact for someone found in the BRP);
- a contactverzoek goes to a team of the same gemeente and/or a colleague with a role there, and
  has a deadline in the future;
- a contactverzoek is handled by recording the answer as a new klantcontact with the same
  partij (so the history shows it) and marking the interne taak verwerkt; a call-back that did
  not reach the caller is recorded too, and the taak stays open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from iwerk.core import audit
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.klantinteracties.keuzes import ACTOR_MEDEWERKER, ACTOR_REGISTER, ACTOR_TEAM
from iwerk.klantinteracties.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    InterneTaak,
    Klantcontact,
    Onderwerpobject,
    Partij,
    Rol,
    SoortActor,
    SoortPartij,
    TaakStatus,
)
from iwerk.klantinteracties.selectors.contactverzoeken import mag_afhandelen
from iwerk.klantinteracties.selectors.toegang import Toegangen, voor_medewerker
from iwerk.klantinteracties.services.common import vastleggen
from iwerk.klantinteracties.services.internetaken import (
    InterneTaakGegevens,
    interne_taak_aanmaken,
)
from iwerk.klantinteracties.services.klantcontactdelen import BetrokkeneGegevens
from iwerk.klantinteracties.services.klantcontacten import KlantcontactGegevens, rang_bijwerken
from iwerk.klantinteracties.services.maakklantcontact import maak_klantcontact
from iwerk.klantinteracties.services.onderwerpobjecten import OnderwerpobjectGegevens
from iwerk.klantinteracties.services.partij_identificatoren import Identificator
from iwerk.klantinteracties.services.partijen import PartijGegevens, partij_aanmaken
from iwerk.klantinteracties.services.portaalcontact import partij_van
from iwerk.medewerkers.models import Roltoewijzing, Team
from iwerk.zaken import selectors as zaken_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from iwerk.medewerkers.actor import Werkplekcontext

REGISTER = ACTOR_REGISTER
MEDEWERKER = ACTOR_MEDEWERKER
TEAM = ACTOR_TEAM

KANALEN: dict[str, str] = {
    "telefoon": "Telefoon",
    "balie": "Balie",
    "e-mail": "E-mail",
    "brief": "Brief",
    "chat": "Chat",
    "sociale media": "Sociale media",
}
RESULTATEN: dict[str, str] = {
    "beantwoord": "Vraag beantwoord",
    "doorverbonden": "Doorverbonden",
    "contactverzoek": "Contactverzoek gemaakt",
    "informatie": "Informatie gegeven",
}
VERZOEKSOORTEN: dict[str, str] = {"terugbellen": "Terugbellen", "vraag": "Vraag beantwoorden"}
MAX_TERMIJN = timedelta(days=365)


def _fout(veld: str, reden: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed([InvalidParam(veld, code, reden)])


@dataclass(frozen=True)
class Beller:
    """Who the contact was with: a partij of the gemeente, or a person (BSN) or company (KvK)
    not yet in the register, with the name the search found."""

    partij_uuid: UUID | None = None
    bsn: str = ""
    kvk: str = ""
    naam: str = ""
    contactnaam: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Contactgegevens:
    kanaal: str
    onderwerp: str
    resultaat: str
    inhoud: str = ""
    zaak_uuid: UUID | None = None


@dataclass(frozen=True)
class Verzoekgegevens:
    soort: str  # VERZOEKSOORTEN
    toelichting: str
    uiterlijk_op: datetime
    team_id: int | None = None
    medewerker: str = ""  # username
    telefoonnummer: str = ""


def actor_voor_medewerker(gemeente_id: int, gebruiker: User) -> Actor:
    """The register's actor for a staff member in a gemeente: found by username, made once."""
    soort_object, soort_id = MEDEWERKER
    actor, _ = Actor.objects.get_or_create(
        tenant_id=gemeente_id,
        soort_actor=SoortActor.medewerker,
        actoridentificator_code_objecttype=soort_object,
        actoridentificator_code_register=REGISTER,
        actoridentificator_code_soort_object_id=soort_id,
        actoridentificator_object_id=gebruiker.get_username(),
        defaults={
            "naam": (gebruiker.get_full_name() or gebruiker.get_username())[:200],
            "emailadres": (gebruiker.email or "")[:254],
        },
    )
    return actor


def actor_voor_team(team: Team) -> Actor:
    """The register's actor (organisatorische eenheid) for a team: found by its id, made once."""
    soort_object, soort_id = TEAM
    actor, _ = Actor.objects.get_or_create(
        tenant_id=team.gemeente_id,
        soort_actor=SoortActor.organisatorische_eenheid,
        actoridentificator_code_objecttype=soort_object,
        actoridentificator_code_register=REGISTER,
        actoridentificator_code_soort_object_id=soort_id,
        actoridentificator_object_id=str(team.pk),
        defaults={"naam": team.naam[:200], "omschrijving": f"Team {team.naam}"[:200]},
    )
    return actor


def _partij(wie: Toegangen, gemeente_id: int, beller: Beller) -> Partij:
    if beller.partij_uuid is not None:
        partij = Partij.objects.filter(
            wie.zichtbaar(), tenant_id=gemeente_id, uuid=beller.partij_uuid
        ).first()
        if partij is None:
            raise _fout("beller", "Deze klant is niet (meer) bekend in deze gemeente.")
        return partij
    soort, nummer = ("bsn", beller.bsn) if beller.bsn else ("kvk_nummer", beller.kvk)
    if not nummer:
        raise _fout("beller", "Zoek eerst de klant op.")
    bekend = partij_van(gemeente_id, soort, nummer)
    if bekend is not None:
        return bekend
    if soort == "bsn":
        gegevens = PartijGegevens(
            soort_partij=SoortPartij.persoon,
            contactnaam=beller.contactnaam or {"achternaam": beller.naam[:200]},
            partij_identificatoren=[Identificator("natuurlijk_persoon", "bsn", nummer, "brp")],
        )
    else:
        gegevens = PartijGegevens(
            soort_partij=SoortPartij.organisatie,
            naam=beller.naam[:200],
            partij_identificatoren=[
                Identificator("niet_natuurlijk_persoon", "kvk_nummer", nummer, "hr")
            ],
        )
    return partij_aanmaken(wie, gegevens)


def _zaak_controleren(context: Werkplekcontext, zaak_uuid: UUID | None) -> None:
    if zaak_uuid is None:
        return
    zichtbaar = zaken_selectors.zaken(context.actor, columns=False).filter(
        tenant=context.gemeente, uuid=zaak_uuid
    )
    if not zichtbaar.exists():
        raise _fout("zaak", "Kies een zaak van deze klant die u mag inzien.")


def _contact_controleren(contact: Contactgegevens) -> None:
    fouten = []
    if contact.kanaal not in KANALEN:
        fouten.append(InvalidParam("kanaal", "invalid", "Kies een kanaal."))
    if not contact.onderwerp.strip():
        fouten.append(InvalidParam("onderwerp", "required", "Geef het onderwerp."))
    elif len(contact.onderwerp) > 200:
        fouten.append(InvalidParam("onderwerp", "max_length", "Hoogstens 200 tekens."))
    if len(contact.inhoud) > 1000:
        fouten.append(InvalidParam("inhoud", "max_length", "Hoogstens 1000 tekens."))
    if contact.resultaat not in RESULTATEN:
        fouten.append(InvalidParam("resultaat", "invalid", "Kies het resultaat."))
    if fouten:
        raise ValidationFailed(fouten)


def _ontvangers(context: Werkplekcontext, verzoek: Verzoekgegevens) -> list[Actor]:
    """The team and/or colleague of the contactverzoek, as actoren of the active gemeente."""
    fouten = []
    if verzoek.soort not in VERZOEKSOORTEN:
        fouten.append(InvalidParam("verzoek_soort", "invalid", "Kies terugbellen of een vraag."))
    if not verzoek.toelichting.strip():
        fouten.append(
            InvalidParam("verzoek_toelichting", "required", "Beschrijf wat de klant vraagt.")
        )
    elif len(verzoek.toelichting) > 1000:
        fouten.append(InvalidParam("verzoek_toelichting", "max_length", "Hoogstens 1000 tekens."))
    if verzoek.uiterlijk_op <= timezone.now():
        fouten.append(
            InvalidParam(
                "verzoek_uiterlijk_op", "invalid", "De termijn moet in de toekomst liggen."
            )
        )
    elif verzoek.uiterlijk_op > timezone.now() + MAX_TERMIJN:
        fouten.append(
            InvalidParam(
                "verzoek_uiterlijk_op",
                "invalid",
                "Een contactverzoek wordt binnen een jaar afgehandeld; kies een eerdere datum.",
            )
        )
    actoren: list[Actor] = []
    if verzoek.team_id is None and not verzoek.medewerker:
        fouten.append(InvalidParam("verzoek_team", "required", "Kies een team of een medewerker."))
    if verzoek.team_id is not None:
        team = Team.objects.filter(pk=verzoek.team_id).first()
        if team is None or team.gemeente_id != context.gemeente.pk:
            fouten.append(
                InvalidParam(
                    "verzoek_team",
                    "andere-gemeente",
                    f"Kies een team van {context.gemeente.naam}: dit team hoort bij een "
                    "andere gemeente.",
                )
            )
        else:
            actoren.append(actor_voor_team(team))
    if verzoek.medewerker:
        toewijzing = (
            Roltoewijzing.objects.filter(
                gemeente=context.gemeente, gebruiker__username=verzoek.medewerker
            )
            .select_related("gebruiker")
            .first()
        )
        if toewijzing is None:
            fouten.append(
                InvalidParam(
                    "verzoek_medewerker",
                    "andere-gemeente",
                    f"Kies een medewerker van {context.gemeente.naam}.",
                )
            )
        else:
            actoren.append(actor_voor_medewerker(context.gemeente.pk, toewijzing.gebruiker))
    if fouten:
        raise ValidationFailed(fouten)
    return actoren


@dataclass(frozen=True)
class Vastgelegd:
    klantcontact: Klantcontact
    partij: Partij
    contactverzoek: InterneTaak | None


@transaction.atomic
def contact_vastleggen(
    context: Werkplekcontext,
    gebruiker: User,
    beller: Beller,
    contact: Contactgegevens,
    verzoek: Verzoekgegevens | None = None,
) -> Vastgelegd:
    """Record a contact of the KCC: klantcontact, the caller as betrokkene, the zaak it was about
    as onderwerpobject, the staff member as actor, and optionally a contactverzoek. All or
    nothing. Raises ValidationFailed (names: the form's fields) and PermissionDenied."""
    wie = voor_medewerker(context)
    _contact_controleren(contact)
    _zaak_controleren(context, contact.zaak_uuid)
    ontvangers = _ontvangers(context, verzoek) if verzoek is not None else []
    partij = _partij(wie, context.gemeente.pk, beller)
    reactie = RESULTATEN[contact.resultaat]
    gemaakt = maak_klantcontact(
        wie,
        KlantcontactGegevens(
            kanaal=contact.kanaal,
            onderwerp=contact.onderwerp.strip(),
            inhoud=contact.inhoud.strip(),
            taal="nld",
            vertrouwelijk=False,
            indicatie_contact_gelukt=True,
            verdere_actie_ondernomen=verzoek is not None,
            reactie=reactie,
            metadata={"resultaat": contact.resultaat, "vastgelegd_door": "kcc"},
        ),
        BetrokkeneGegevens(
            had_klantcontact=None,
            rol=Rol.klant,
            initiator=True,
            was_partij={"uuid": str(partij.uuid)},
            organisatienaam=partij.naam,
            contactnaam=_contactnaam(partij),
        ),
        OnderwerpobjectGegevens(
            object_id=str(contact.zaak_uuid),
            code_objecttype="zaak",
            code_register=REGISTER,
            code_soort_object_id="uuid",
        )
        if contact.zaak_uuid is not None
        else None,
    )
    klantcontact = gemaakt.klantcontact
    _actor_koppelen(wie, klantcontact, actor_voor_medewerker(context.gemeente.pk, gebruiker))
    taak = None
    if verzoek is not None:
        toelichting = verzoek.toelichting.strip()
        if verzoek.telefoonnummer.strip():
            toelichting = f"{toelichting}\nTerugbellen op: {verzoek.telefoonnummer.strip()}"
        taak = interne_taak_aanmaken(
            wie,
            InterneTaakGegevens(
                gevraagde_handeling=VERZOEKSOORTEN[verzoek.soort],
                aanleidinggevend_klantcontact=klantcontact.uuid,
                actoren=[a.uuid for a in ontvangers],
                toelichting=toelichting[:1000],
            ),
        )
        taak.uiterlijk_op = verzoek.uiterlijk_op
        InterneTaak.objects.filter(pk=taak.pk).update(uiterlijk_op=verzoek.uiterlijk_op)
    return Vastgelegd(klantcontact, partij, taak)


def _contactnaam(partij: Partij) -> dict[str, str]:
    return {
        "voorletters": partij.contactnaam_voorletters,
        "voornaam": partij.contactnaam_voornaam,
        "voorvoegsel_achternaam": partij.contactnaam_voorvoegsel_achternaam,
        "achternaam": partij.contactnaam_achternaam,
    }


def _actor_koppelen(wie: Toegangen, klantcontact: Klantcontact, actor: Actor) -> None:
    koppeling = ActorKlantcontact.objects.create(
        tenant_id=klantcontact.tenant_id, actor=actor, klantcontact=klantcontact
    )
    vastleggen(wie, "create", koppeling)


@transaction.atomic
def verzoek_afhandelen(
    context: Werkplekcontext,
    gebruiker: User,
    taak_uuid: UUID,
    *,
    antwoord: str,
    bereikt: bool = True,
    kanaal: str = "telefoon",
) -> Klantcontact:
    """Handle a contactverzoek: the answer (or the attempt that did not reach the caller) is a
    new klantcontact with the caller as betrokkene and the original contact as onderwerp; a
    reached caller closes the taak (verwerkt, afgehandeld_op now). Raises ValidationFailed, and
    LookupError when the taak is not one this staff member may handle."""
    wie = voor_medewerker(context)
    taak = (
        InterneTaak.objects.select_for_update(of=("self",))
        .filter(
            uuid=taak_uuid,
            tenant_id=context.gemeente.pk,
            aanleidinggevend_klantcontact__in=Klantcontact.objects.filter(
                wie.zichtbaar("vertrouwelijkheid_rang")
            ),
        )
        .select_related("aanleidinggevend_klantcontact")
        .first()
    )
    if taak is None or not mag_afhandelen(context, gebruiker, taak):
        raise LookupError(taak_uuid)
    if taak.status == TaakStatus.verwerkt:
        raise _fout("antwoord", "Dit contactverzoek is al afgehandeld.", "afgehandeld")
    if not antwoord.strip():
        raise _fout("antwoord", "Schrijf het antwoord of wat er gebeurde.", "required")
    if len(antwoord) > 1000:
        raise _fout("antwoord", "Hoogstens 1000 tekens.", "max_length")
    if kanaal not in KANALEN:
        raise _fout("kanaal", "Kies een kanaal.")
    oorsprong = taak.aanleidinggevend_klantcontact
    betrokkene = (
        Betrokkene.objects.filter(had_klantcontact=oorsprong, initiator=True)
        .select_related("was_partij")
        .first()
    )
    partij = betrokkene.was_partij if betrokkene is not None else None
    gemaakt = maak_klantcontact(
        wie,
        KlantcontactGegevens(
            kanaal=kanaal,
            onderwerp=f"{taak.gevraagde_handeling}: {oorsprong.onderwerp}"[:200],
            inhoud=antwoord.strip(),
            taal="nld",
            vertrouwelijk=oorsprong.vertrouwelijk,
            indicatie_contact_gelukt=bereikt,
            reactie="Contactverzoek afgehandeld" if bereikt else "Klant niet bereikt",
            metadata={"contactverzoek": str(taak.uuid)},
        ),
        BetrokkeneGegevens(
            had_klantcontact=None,
            rol=Rol.klant,
            initiator=False,
            was_partij={"uuid": str(partij.uuid)} if partij is not None else None,
            organisatienaam=partij.naam if partij is not None else "",
            contactnaam=_contactnaam(partij) if partij is not None else {},
        )
        if betrokkene is not None
        else None,
        OnderwerpobjectGegevens(
            was_klantcontact={"uuid": str(oorsprong.uuid)},
            object_id=str(oorsprong.uuid),
            code_objecttype="klantcontact",
            code_register=REGISTER,
            code_soort_object_id="uuid",
        ),
    )
    antwoord_contact = gemaakt.klantcontact
    _zaken_overnemen(wie, oorsprong, antwoord_contact)
    _actor_koppelen(wie, antwoord_contact, actor_voor_medewerker(context.gemeente.pk, gebruiker))
    if bereikt:
        _sluiten(wie, taak)
    return gemaakt.klantcontact


def _zaken_overnemen(wie: Toegangen, oorsprong: Klantcontact, antwoord: Klantcontact) -> None:
    """The answer is about the zaken the original contact was about: it takes their
    vertrouwelijkheid now and whenever a zaak's changes (services.klantcontacten.zaak_gewijzigd),
    so a reader who may not see the question does not see the answer either."""
    for zaak in oorsprong.onderwerpobjecten.filter(zaak_uuid__isnull=False):
        kopie = Onderwerpobject.objects.create(
            tenant_id=antwoord.tenant_id,
            klantcontact=antwoord,
            object_id=zaak.object_id,
            code_objecttype=zaak.code_objecttype,
            code_register=zaak.code_register,
            code_soort_object_id=zaak.code_soort_object_id,
            zaak_uuid=zaak.zaak_uuid,
        )
        vastleggen(wie, "create", kopie)
    rang_bijwerken(antwoord)
    if antwoord.vertrouwelijkheid_rang < oorsprong.vertrouwelijkheid_rang:  # a zaak since removed
        antwoord.vertrouwelijkheid_rang = oorsprong.vertrouwelijkheid_rang
        Klantcontact.objects.filter(pk=antwoord.pk).update(
            vertrouwelijkheid_rang=oorsprong.vertrouwelijkheid_rang
        )


def _sluiten(wie: Toegangen, taak: InterneTaak) -> None:
    oud = audit.snapshot(taak)
    taak.status = TaakStatus.verwerkt
    taak.afgehandeld_op = timezone.now()
    taak.save(update_fields=["status", "afgehandeld_op"])
    vastleggen(wie, "update", taak, oud)
