"""Transfers (overbrengingen) of zaken with archiefnominatie `blijvend_bewaren` to an e-Depot:
the records manager puts a package together, and once the archive repository confirms receipt
the zaken become `overgedragen` and — when the gemeente chose so — the documents' content goes.

Every step is for a DIV-medewerker of the transfer's gemeente (iwerk.medewerkers roles). The
registers are changed through their own services, with an actor that holds just the scopes for
it on this gemeente's catalogi and names the records manager (ADR 0047).

A package is put together in three steps, so no transaction stays open while content streams:
the transfer and its items are created first (the zaken are then in a transfer, and a change to
one of them after this moment shows in its audit trail), the zip is written to a temporary file,
and it is stored and recorded. When writing fails, the transfer is removed again; its number is
not reused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import date

from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from iwerk.archief import mdto
from iwerk.archief.models import (
    Archiefinstelling,
    Overbrenging,
    Overbrengingsitem,
    Overbrengingsstatus,
)
from iwerk.archief.selectors import overbrenging as selectors
from iwerk.archief.services import overbrengingspakket, stand
from iwerk.archief.services.nummers import volgend_nummer
from iwerk.catalogi.models import Catalogus
from iwerk.core.api.actor import Actor, Grant
from iwerk.core.api.problems import Conflict, PermissionDenied, ValidationFailed
from iwerk.core.models import Gemeente
from iwerk.documenten import content
from iwerk.documenten.services import archivering
from iwerk.medewerkers.actor import Werkplekcontext, context_for, display_name
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.services import overdracht

# What confirming a transfer changes in the registers, and nothing more.
SCOPES = (
    ("zrc", "zaken.lezen"),
    ("zrc", "zaken.geforceerd-bijwerken"),
    ("drc", "documenten.lezen"),
    ("drc", "documenten.bijwerken"),
)


def vereis_beheerder(gebruiker: User, gemeente: Gemeente) -> Werkplekcontext:
    """The user's staff context in the gemeente, when they are a DIV-medewerker there.

    Raises PermissionDenied: ``andere-gemeente`` without any role in the gemeente,
    ``verkeerde-rol`` with roles there but not this one.
    """
    context = context_for(gebruiker, gemeente.pk)
    if context is None:
        raise PermissionDenied(
            f"U heeft geen rol in gemeente {gemeente.naam}; een overbrenging van die gemeente "
            "is alleen voor haar DIV-medewerkers.",
            code="andere-gemeente",
        )
    if Rol.div_medewerker not in context.rollen:
        raise PermissionDenied(
            f"Overbrengen naar de archiefbewaarplaats is voor de DIV-medewerkers van gemeente "
            f"{gemeente.naam}; die rol heeft u daar niet.",
            code="verkeerde-rol",
        )
    return context


def registeractor(gebruiker: User, gemeente: Gemeente, toelichting: str) -> Actor:
    """The actor that changes the registers for a transfer: SCOPES on the gemeente's catalogi
    (any vertrouwelijkheid: what was transferred is archived whole), in the records manager's
    name, with the transfer as audit toelichting."""
    catalogus_ids = Catalogus.objects.filter(tenant=gemeente).values_list("pk", flat=True)
    return Actor(
        client_id="iwerk-archief",
        applicatie_uuid=None,
        applicatie_label="iwerk archiefbeheer",
        heeft_alle_autorisaties=False,
        grants=tuple(
            Grant(component=component, scopes=frozenset({scope}), catalogus_id=catalogus_id)
            for catalogus_id in catalogus_ids
            for component, scope in SCOPES
        ),
        catalogi_tenant_ids=frozenset({gemeente.pk}),
        user_id=gebruiker.get_username(),
        user_representation=display_name(gebruiker),
        audit_toelichting=toelichting,
    )


def maak_overbrenging(
    *,
    gebruiker: User,
    gemeente: Gemeente,
    peildatum: date,
    zaaktypen: Collection[str] | None = None,
) -> Overbrenging:
    """Put together the transfer package of the gemeente's zaken due on peildatum (those of
    `zaaktypen`, by identificatie, when given) that the user may read with all their documents.

    Rules: a DIV-medewerker of the gemeente; the peildatum is not after today; at least one zaak
    is due. Numbered OB-<jaar>-<nnnn> per gemeente. The zip (iwerk.archief.services.
    overbrengingspakket) goes to the document storage; the transfer records its SHA-256 and size,
    each item the files of its zaak with theirs. Raises PermissionDenied, ValidationFailed or
    Conflict (nothing due; content missing or not matching its checksum; an invalid MDTO file).
    """
    context = vereis_beheerder(gebruiker, gemeente)
    if peildatum > timezone.localdate():
        raise ValidationFailed.single(
            "peildatum",
            "datum-in-toekomst",
            "De peildatum mag niet na vandaag liggen: een zaak gaat pas over als haar "
            "archiefactiedatum is verstreken.",
        )
    overbrenging = _reserveer(context, gebruiker, gemeente, peildatum, zaaktypen)
    try:
        zaak_ids = overbrenging.items.values("zaak_id")
        catalogus = Catalogus.objects.filter(tenant=gemeente).order_by("pk").first()
        pakket = overbrengingspakket.schrijf(
            context=mdto.Context(
                gemeentenaam=gemeente.naam,
                rsin=gemeente.rsin,
                catalogusnaam=str(catalogus) if catalogus else f"Zaaktypecatalogus {gemeente.naam}",
                moment=timezone.now(),
                door=display_name(gebruiker),
                pakket=overbrenging.nummer,
            ),
            dossiers=selectors.dossiers(gemeente, zaak_ids),
            contactpersoon=(display_name(gebruiker), gebruiker.email),
        )
        try:
            _leg_vast(overbrenging, pakket)
        finally:
            pakket.pad.unlink(missing_ok=True)
    except mdto.OngeldigeMdto as error:
        Overbrenging.objects.filter(pk=overbrenging.pk).delete()
        raise Conflict(
            f"Een MDTO-bestand van {overbrenging.nummer} voldoet niet aan het XML-schema van "
            f"MDTO {mdto.MDTO_VERSIE} ({error}); er is geen pakket gemaakt.",
            code="mdto-ongeldig",
        ) from error
    except BaseException:
        Overbrenging.objects.filter(pk=overbrenging.pk).delete()
        raise
    overbrenging.refresh_from_db()
    return overbrenging


@transaction.atomic
def _reserveer(
    context: Werkplekcontext,
    gebruiker: User,
    gemeente: Gemeente,
    peildatum: date,
    zaaktypen: Collection[str] | None,
) -> Overbrenging:
    """The transfer with its items, before anything is read for the package. The zaken are
    locked meanwhile, and read again for transfers made since (a concurrent package)."""
    kandidaten = selectors.te_overbrengen(
        actor=context.actor, gemeente=gemeente, peildatum=peildatum, zaaktypen=zaaktypen
    )
    zaken = dict(kandidaten.select_for_update(of=("self",)).values_list("pk", "identificatie"))
    for zaak_id in (
        selectors.in_overbrenging()
        .filter(zaak_id__in=list(zaken))
        .values_list("zaak_id", flat=True)
    ):
        zaken.pop(zaak_id, None)
    if not zaken:
        raise Conflict(
            f"Er zijn in {gemeente.naam} geen zaken die op {peildatum:%d-%m-%Y} over te brengen "
            "zijn: blijvend te bewaren, afgesloten, archiefactiedatum verstreken, nog niet "
            "gearchiveerd of in een pakket, en met documenten die u mag inzien.",
            code="geen-zaken",
        )
    overbrenging = Overbrenging.objects.create(
        gemeente=gemeente,
        nummer=volgend_nummer(Overbrenging, gemeente, "OB"),
        peildatum=peildatum,
        aangemaakt_door=gebruiker,
    )
    Overbrengingsitem.objects.bulk_create(
        [
            Overbrengingsitem(overbrenging=overbrenging, zaak_id=pk, identificatie=identificatie)
            for pk, identificatie in zaken.items()
        ],
        batch_size=1000,
    )
    stand.gewijzigd()
    return overbrenging


def _leg_vast(overbrenging: Overbrenging, pakket: overbrengingspakket.Pakket) -> None:
    """Store the zip and record it, with every item's files; the stored zip goes again when
    recording fails."""
    with pakket.pad.open("rb") as handle:
        naam = content.storage().save(
            f"overbrengingen/{overbrenging.gemeente.slug}/{overbrenging.nummer}.zip",
            File(handle, name=f"{overbrenging.nummer}.zip"),
        )
    try:
        with transaction.atomic():
            items = list(overbrenging.items.all())
            for item in items:
                item.bestanden = pakket.bestanden.get(item.zaak_id, {})
            Overbrengingsitem.objects.bulk_update(items, ["bestanden"], batch_size=500)
            overbrenging.pakket = naam
            overbrenging.sha256 = pakket.sha256
            overbrenging.grootte = pakket.grootte
            overbrenging.save(update_fields=["pakket", "sha256", "grootte"])
    except BaseException:
        content.discard(naam)
        raise


def _vergrendel(overbrenging: Overbrenging, gebruiker: User) -> Overbrenging:
    """The transfer, read again and locked, while it awaits confirmation (Conflict otherwise),
    for a DIV-medewerker of its gemeente."""
    overbrenging = (
        Overbrenging.objects.select_for_update(of=("self",))
        .select_related("gemeente", "bevestigd_door")
        .get(pk=overbrenging.pk)
    )
    vereis_beheerder(gebruiker, overbrenging.gemeente)
    if overbrenging.status == Overbrengingsstatus.bevestigd:
        assert overbrenging.bevestigd_op is not None  # set with the status
        door = display_name(overbrenging.bevestigd_door) if overbrenging.bevestigd_door else ""
        raise Conflict(
            f"De ontvangst van {overbrenging.nummer} is al bevestigd op "
            f"{timezone.localtime(overbrenging.bevestigd_op):%d-%m-%Y %H:%M}"
            f"{f' door {door}' if door else ''}; er is niets gewijzigd.",
            code="al-bevestigd",
        )
    if overbrenging.status == Overbrengingsstatus.afgebroken:
        raise Conflict(
            f"{overbrenging.nummer} is afgebroken; er is niets gewijzigd. Zet zo nodig een "
            "nieuw pakket klaar.",
            code="afgebroken",
        )
    return overbrenging


@transaction.atomic
def bevestig_ontvangst(
    *, gebruiker: User, overbrenging: Overbrenging, ontvangstbewijs: str
) -> Overbrenging:
    """Record that the archive repository received the package: its documents get status
    `gearchiveerd`, its zaken archiefstatus `overgedragen`, and with the gemeente's setting
    `inhoud_verwijderen_na_overdracht` the content of every document no other zaak still holds
    goes (metadata stays), and the package with it.

    Rules: a DIV-medewerker of the gemeente; a package that is complete and neither confirmed
    nor aborted; an ontvangstbewijs (the repository's reference); no zaak of it changed since
    the package was put together (else it no longer describes them). All or nothing. Raises
    PermissionDenied, ValidationFailed or Conflict.
    """
    overbrenging = _vergrendel(overbrenging, gebruiker)
    bewijs = ontvangstbewijs.strip()
    if not bewijs:
        raise ValidationFailed.single(
            "ontvangstbewijs",
            "required",
            "Vul het kenmerk van de ontvangstbevestiging van de archiefbewaarplaats in.",
        )
    if not overbrenging.pakket:
        raise Conflict(
            f"Het pakket van {overbrenging.nummer} is nog niet klaar; er is niets gewijzigd.",
            code="pakket-niet-klaar",
        )
    gewijzigd = selectors.gewijzigd_na_klaarzetten(overbrenging)
    if gewijzigd:
        raise Conflict(
            f"Zaak {', '.join(gewijzigd[:5])}{' en andere' if len(gewijzigd) > 5 else ''} is "
            f"gewijzigd nadat het pakket van {overbrenging.nummer} is klaargezet; het pakket "
            "beschrijft die niet meer zoals ze is. Er is niets gewijzigd: breek deze overbrenging "
            "af en zet een nieuw pakket klaar.",
            code="zaak-gewijzigd",
        )
    gemeente = overbrenging.gemeente
    actor = registeractor(
        gebruiker,
        gemeente,
        f"Overbrenging {overbrenging.nummer} naar de archiefbewaarplaats; ontvangst bevestigd "
        f"({bewijs}).",
    )
    document_ids = selectors.documenten_van(overbrenging)
    archivering.archiveer_documenten(actor=actor, document_ids=document_ids)
    overdracht.draag_over(
        actor=actor, zaak_ids=list(overbrenging.items.values_list("zaak_id", flat=True))
    )
    instelling = Archiefinstelling.objects.filter(gemeente=gemeente).first()
    if instelling is not None and instelling.inhoud_verwijderen_na_overdracht:
        archivering.verwijder_inhoud(
            actor=dataclasses.replace(
                actor,
                audit_toelichting=f"Inhoud verwijderd na overbrenging {overbrenging.nummer} "
                f"({bewijs}); de archiefbewaarplaats bewaart haar.",
            ),
            document_ids=selectors.zonder_ander_gebruik(document_ids),
        )
        content.release(overbrenging.pakket)
        overbrenging.pakket = ""
        overbrenging.inhoud_verwijderd = True
    overbrenging.status = Overbrengingsstatus.bevestigd
    overbrenging.bevestigd_door = gebruiker
    overbrenging.bevestigd_op = timezone.now()
    overbrenging.ontvangstbewijs = bewijs
    overbrenging.save()
    stand.gewijzigd()
    return overbrenging


@transaction.atomic
def breek_af(*, gebruiker: User, overbrenging: Overbrenging) -> Overbrenging:
    """Abort a transfer whose receipt is not confirmed: its zaken are free for a new package,
    and the package itself goes (it is released like removed document content).

    Rules: a DIV-medewerker of the gemeente; not confirmed or aborted yet. Raises
    PermissionDenied or Conflict."""
    overbrenging = _vergrendel(overbrenging, gebruiker)
    if overbrenging.pakket:
        content.release(overbrenging.pakket)
    overbrenging.pakket = ""
    overbrenging.status = Overbrengingsstatus.afgebroken
    overbrenging.save(update_fields=["pakket", "status"])
    stand.gewijzigd()
    return overbrenging
