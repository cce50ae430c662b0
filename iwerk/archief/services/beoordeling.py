"""The review of a destruction list: each named reviewer in turn approves, asks for changes, or
excludes items with a reason (ADR 0045).

A list under review has one current step: the lowest volgorde without a decision in its current
round. Only that step's reviewer acts, and only while they still hold what made them reviewer
(the archivaris role in the gemeente, or being process owner of the step's zaaktypen there).
Everyone else is refused with a code that says why: ``niet-aan-de-beurt`` (a later reviewer),
``al-beoordeeld`` (an earlier one), ``andere-gemeente`` (no role in the list's gemeente),
``niet-op-de-lijst`` (the right role, not named) or ``verkeerde-rol``.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from iwerk.archief.models import (
    Beoordelingsbesluit,
    Beoordelingsrol,
    Beoordelingsstap,
    Itemstatus,
    Lijstitem,
    Lijststatus,
    Procesverantwoordelijke,
    Vernietigingslijst,
)
from iwerk.archief.selectors.lijsten import huidige_stap
from iwerk.archief.services import stand
from iwerk.archief.services.lijsten import lezer, samenhang_bijwerken, vereis_rol, vergrendel
from iwerk.core.api.problems import Conflict, NotFound, PermissionDenied, ValidationFailed
from iwerk.medewerkers.actor import display_name
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.services.archiefbeheer import wijzig_archivering

NOMINATIES = ("blijvend_bewaren", "vernietigen")


def aan_de_beurt(
    gebruiker: User, lijst: Vernietigingslijst
) -> tuple[Vernietigingslijst, Beoordelingsstap]:
    """The locked list and its current step, when gebruiker is that step's reviewer and still
    qualifies for it. Raises Conflict (not under review) or PermissionDenied (see the module)."""
    lijst = vergrendel(lijst)
    stap = huidige_stap(lijst)
    if stap is None:
        raise Conflict(
            f"Vernietigingslijst {lijst.nummer} is {lijst.get_status_display().lower()}, niet "
            "ter beoordeling.",
            code="niet-ter-beoordeling",
        )
    gemeente = lijst.gemeente
    if stap.beoordelaar_id == gebruiker.pk:
        if stap.rol == Beoordelingsrol.archivaris:
            vereis_rol(gebruiker, gemeente, Rol.archivaris)
        elif not _procesverantwoordelijke(gebruiker, lijst, stap.zaaktype_identificaties):
            raise PermissionDenied(
                f"U bent in gemeente {gemeente.naam} niet (meer) procesverantwoordelijke voor "
                f"zaaktype {', '.join(stap.zaaktype_identificaties)}.",
                code="verkeerde-rol",
            )
        return lijst, stap
    eigen = Beoordelingsstap.objects.filter(lijst=lijst, ronde=lijst.ronde, beoordelaar=gebruiker)
    if eigen.filter(besluit="").exists():
        raise PermissionDenied(
            f"{display_name(stap.beoordelaar)} beoordeelt deze lijst nu; daarna bent u aan de "
            "beurt.",
            code="niet-aan-de-beurt",
        )
    if eigen.exists():
        raise PermissionDenied(
            "U heeft deze lijst in deze ronde al beoordeeld.", code="al-beoordeeld"
        )
    rol_hier = Roltoewijzing.objects.filter(gebruiker=gebruiker, gemeente=gemeente)
    pv_hier = Procesverantwoordelijke.objects.filter(gebruiker=gebruiker, gemeente=gemeente)
    if not rol_hier.exists() and not pv_hier.exists():
        raise PermissionDenied(
            f"Deze vernietigingslijst hoort bij gemeente {gemeente.naam}, waar u geen rol heeft.",
            code="andere-gemeente",
        )
    if stap.rol == Beoordelingsrol.archivaris:
        zelfde_rol = rol_hier.filter(rol=Rol.archivaris).exists()
        nodig = "de archivaris"
    else:
        zelfde_rol = _procesverantwoordelijke(gebruiker, lijst, stap.zaaktype_identificaties)
        nodig = f"de procesverantwoordelijke voor {', '.join(stap.zaaktype_identificaties)}"
    if zelfde_rol:
        raise PermissionDenied(
            "U bent niet als beoordelaar van deze lijst aangewezen.", code="niet-op-de-lijst"
        )
    raise PermissionDenied(
        f"Deze beoordelingsstap is voor {nodig}; die rol heeft u in gemeente {gemeente.naam} niet.",
        code="verkeerde-rol",
    )


def _procesverantwoordelijke(
    gebruiker: User, lijst: Vernietigingslijst, zaaktypen: list[str]
) -> bool:
    return Procesverantwoordelijke.objects.filter(
        gebruiker=gebruiker, gemeente_id=lijst.gemeente_id, zaaktype_identificatie__in=zaaktypen
    ).exists()


@transaction.atomic
def beoordeel(
    *, gebruiker: User, lijst: Vernietigingslijst, besluit: str, opmerking: str = ""
) -> Beoordelingsstap:
    """Decide the current step: ``goedgekeurd`` hands the list to the next reviewer, or after
    the last one marks it approved (the worker executes it); ``wijzigingen_gevraagd`` sends it
    back to the records manager, who edits it and submits it again for a new round.

    Rules: only the current step's reviewer (aan_de_beurt); changes requested need an
    opmerking; a list is approved only with at least one zaak that goes. Raises
    PermissionDenied, Conflict or ValidationFailed.
    """
    lijst, stap = aan_de_beurt(gebruiker, lijst)
    if besluit not in Beoordelingsbesluit.values:
        raise ValidationFailed.single(
            "besluit", "invalid_choice", "Kies ‘goedgekeurd’ of ‘wijzigingen gevraagd’."
        )
    opmerking = opmerking.strip()
    if besluit == Beoordelingsbesluit.wijzigingen_gevraagd and not opmerking:
        raise ValidationFailed.single(
            "opmerking", "required", "Schrijf op welke wijzigingen u vraagt."
        )
    nu = timezone.now()
    stap.besluit = besluit
    stap.opmerking = opmerking
    stap.beslist_op = nu
    if besluit == Beoordelingsbesluit.wijzigingen_gevraagd:
        lijst.status = Lijststatus.wijzigingen_gevraagd
    elif not Beoordelingsstap.objects.filter(
        lijst=lijst, ronde=lijst.ronde, besluit="", volgorde__gt=stap.volgorde
    ).exists():
        if not Lijstitem.objects.filter(lijst=lijst, status=Itemstatus.opgenomen).exists():
            raise Conflict(
                "Er staat geen zaak meer op deze lijst die vernietigd wordt; vraag wijzigingen "
                "of laat de lijst afbreken.",
                code="lege-lijst",
            )
        lijst.status = Lijststatus.goedgekeurd
        lijst.goedgekeurd_op = nu
    stap.save(update_fields=["besluit", "opmerking", "beslist_op"])
    lijst.save(update_fields=["status", "goedgekeurd_op", "gewijzigd_op"])
    stand.gewijzigd()
    return stap


@transaction.atomic
def sluit_uit(
    *,
    gebruiker: User,
    lijst: Vernietigingslijst,
    item: Lijstitem,
    reden: str,
    nieuwe_archiefactiedatum: date | None = None,
    nieuwe_archiefnominatie: str | None = None,
) -> Lijstitem:
    """Exclude an item of the list: its zaak is not destroyed with this list. The reason is
    recorded on the zaak (a notitie and the audit trail), with a new archiefactiedatum and/or
    archiefnominatie when given. Items whose zaak depends on this one are then excluded
    automatically.

    Rules: only the current step's reviewer (aan_de_beurt), a process owner only for items of
    the zaaktypen of their step; the item goes with the list now; a reason is required; a new
    date lies after today, a new nominatie is ``blijvend_bewaren`` or ``vernietigen``. Raises
    PermissionDenied, Conflict, NotFound or ValidationFailed.
    """
    lijst, stap = aan_de_beurt(gebruiker, lijst)
    gevonden = (
        Lijstitem.objects.select_for_update(of=("self",))
        .select_related("zaak")
        .filter(pk=item.pk, lijst=lijst)
        .first()
    )
    if gevonden is None:
        raise NotFound("Dit item staat niet op deze vernietigingslijst.")
    item = gevonden
    if item.status != Itemstatus.opgenomen:
        raise Conflict(
            f"Zaak {item.identificatie} gaat al niet met deze lijst mee ({item.get_status_display().lower()}).",
            code="niet-opgenomen",
        )
    if (
        stap.rol == Beoordelingsrol.procesverantwoordelijke
        and item.zaaktype_identificatie not in stap.zaaktype_identificaties
    ):
        raise PermissionDenied(
            f"Zaak {item.identificatie} is van zaaktype {item.zaaktype_identificatie}; u "
            f"beoordeelt zaaktype {', '.join(stap.zaaktype_identificaties)}.",
            code="ander-zaaktype",
        )
    reden = reden.strip()
    if not reden:
        raise ValidationFailed.single("reden", "required", "Geef een reden voor de uitzondering.")
    if nieuwe_archiefnominatie is not None and nieuwe_archiefnominatie not in NOMINATIES:
        raise ValidationFailed.single(
            "archiefnominatie",
            "invalid_choice",
            "Kies als archiefnominatie ‘blijvend bewaren’ of ‘vernietigen’.",
        )
    if item.zaak is None:
        raise Conflict(f"Zaak {item.identificatie} bestaat niet meer.", code="zaak-bestaat-niet")
    wijzig_archivering(
        zaak=item.zaak,
        reden=reden,
        gebruikers_id=gebruiker.get_username(),
        gebruikers_weergave=display_name(gebruiker),
        onderwerp=f"Uitgezonderd van vernietigingslijst {lijst.nummer}",
        archiefactiedatum=nieuwe_archiefactiedatum,
        archiefnominatie=nieuwe_archiefnominatie,
    )
    item.status = Itemstatus.uitgezonderd
    item.reden = reden
    item.uitgezonderd_door = gebruiker
    item.save(update_fields=["status", "reden", "uitgezonderd_door"])
    samenhang_bijwerken(lijst, lezer(gebruiker, lijst.gemeente))
    lijst.save(update_fields=["gewijzigd_op"])
    return item
