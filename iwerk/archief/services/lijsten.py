"""Destruction lists (vernietigingslijsten) before review: the records manager builds one, edits
it, submits it for review and may abort it (ADR 0045). The review itself is in `beoordeling`.

Every service checks its caller against the staff roles of iwerk.medewerkers in the list's
gemeente: building, editing, submitting and aborting are for a DIV-medewerker of that gemeente.
A list whose execution began, or that was executed or aborted, changes no more.
"""

from __future__ import annotations

import json
import uuid as uuid_module
from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from iwerk.archief.models import (
    Archiefinstelling,
    Beoordelingsrol,
    Beoordelingsstap,
    Itemstatus,
    Lijstitem,
    Lijststatus,
    Procesverantwoordelijke,
    Vernietigingslijst,
)
from iwerk.archief.selectors.kandidaten import (
    Kandidaat,
    Kandidaatfilters,
    analyseer,
    kandidaten,
)
from iwerk.archief.selectors.lijsten import vingerafdrukken
from iwerk.archief.services import stand
from iwerk.archief.services.nummers import vergrendel_gemeente, volgend_nummer
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import Conflict, PermissionDenied, ValidationFailed
from iwerk.core.models import Gemeente
from iwerk.medewerkers.actor import Werkplekcontext, context_for, display_name
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak

BEWERKBAAR = (Lijststatus.concept, Lijststatus.wijzigingen_gevraagd)
AFGESLOTEN = (Lijststatus.in_uitvoering, Lijststatus.uitgevoerd, Lijststatus.afgebroken)
_ROLNAAM: dict[str, str] = {Rol.div_medewerker: "DIV-medewerker", Rol.archivaris: "archivaris"}
_PER_KEER = 1000  # rows per INSERT or UPDATE statement


# Who may: the roles of iwerk.medewerkers, per gemeente.


def vereis_rol(gebruiker: User, gemeente: Gemeente, rol: str) -> Werkplekcontext:
    """The user's staff context in the gemeente, when they hold rol there.

    Raises PermissionDenied: ``andere-gemeente`` without any role in the gemeente,
    ``verkeerde-rol`` with roles there but not this one.
    """
    context = context_for(gebruiker, gemeente.pk)
    if context is None:
        raise PermissionDenied(
            f"U heeft geen rol in gemeente {gemeente.naam}; deze vernietigingslijst hoort bij "
            "die gemeente.",
            code="andere-gemeente",
        )
    if rol not in context.rollen:
        raise PermissionDenied(
            f"Hiervoor is de rol {_ROLNAAM.get(rol, rol)} in gemeente {gemeente.naam} nodig.",
            code="verkeerde-rol",
        )
    return context


def lezer(gebruiker: User, gemeente: Gemeente) -> Actor:
    """Whose autorisaties decide which related zaken a reason may name: the user's in the
    gemeente, or none at all (a process owner without a staff role there)."""
    context = context_for(gebruiker, gemeente.pk)
    if context is not None:
        return context.actor
    return Actor(
        client_id="iwerk-archiefbeheer",
        applicatie_uuid=None,
        applicatie_label="iwerk archiefbeheer",
        heeft_alle_autorisaties=False,
        user_id=gebruiker.get_username(),
        user_representation=display_name(gebruiker),
    )


def vergrendel(lijst: Vernietigingslijst) -> Vernietigingslijst:
    """The list, read again and locked for the rest of the transaction: two people acting on
    one list at once take turns. A list that is being or was executed, or aborted, is refused
    (Conflict ``lijst-afgesloten``)."""
    lijst = (
        Vernietigingslijst.objects.select_for_update(of=("self",))
        .select_related("gemeente")
        .get(pk=lijst.pk)
    )
    if lijst.status in AFGESLOTEN:
        raise Conflict(
            f"Vernietigingslijst {lijst.nummer} is {lijst.get_status_display().lower()}; "
            "er verandert niets meer aan.",
            code="lijst-afgesloten",
        )
    return lijst


def _bewerkbaar(gebruiker: User, lijst: Vernietigingslijst) -> tuple[Vernietigingslijst, Actor]:
    """The locked list and the records manager's actor, while the list may be edited."""
    lijst = vergrendel(lijst)
    context = vereis_rol(gebruiker, lijst.gemeente, Rol.div_medewerker)
    if lijst.status not in BEWERKBAAR:
        raise Conflict(
            f"Vernietigingslijst {lijst.nummer} is {lijst.get_status_display().lower()}; "
            "alleen een concept of een lijst waarvoor wijzigingen zijn gevraagd kan worden "
            "gewijzigd.",
            code="niet-bewerkbaar",
        )
    return lijst, context.actor


# Building and editing.


@transaction.atomic
def maak_lijst(
    *,
    gebruiker: User,
    gemeente: Gemeente,
    naam: str,
    peildatum: date,
    filters: Kandidaatfilters | None = None,
) -> Vernietigingslijst:
    """Build a concept list of the gemeente's zaken due for destruction on peildatum.

    Rules: the caller is a DIV-medewerker of the gemeente; the peildatum is not after today (no
    zaak goes before its archiefactiedatum); the zaken are those of `kandidaten` (eligible,
    filtered, readable by the caller, on no other active list); a zaak that something kept
    depends on is taken up as automatically excluded, with the reason; a list needs at least one
    zaak that may go. Number VL-<jaar>-<nnnn> per gemeente. A fixed number of queries (the items
    go in by one COPY on PostgreSQL, one INSERT per 1,000 elsewhere). Raises PermissionDenied or
    ValidationFailed.
    """
    context = vereis_rol(gebruiker, gemeente, Rol.div_medewerker)
    naam = naam.strip()
    if not naam:
        raise ValidationFailed.single("naam", "required", "Geef de lijst een naam.")
    if peildatum > timezone.localdate():
        raise ValidationFailed.single(
            "peildatum",
            "peildatum-in-toekomst",
            "De peildatum mag niet na vandaag liggen: een zaak wordt niet vernietigd voor haar "
            "archiefactiedatum.",
        )
    filters = filters or Kandidaatfilters()
    # The number first: it locks the gemeente, so a list built at the same moment waits and then
    # sees this one's zaken as taken.
    nummer = volgend_nummer(Vernietigingslijst, gemeente, "VL")
    gevonden = analyseer(
        kandidaten(gemeente=gemeente, actor=context.actor, peildatum=peildatum, filters=filters),
        actor=context.actor,
    )
    if not gevonden:
        raise ValidationFailed.single(
            "filters",
            "geen-zaken",
            f"Er zijn geen zaken die op {peildatum:%d-%m-%Y} vernietigd mogen worden met deze "
            "selectie (of ze staan al op een andere lijst).",
        )
    if all(k.reden for k in gevonden):
        raise ValidationFailed.single(
            "filters",
            "alles-uitgezonderd",
            f"Alle {len(gevonden)} zaken van deze selectie hangen samen met zaken die bewaard "
            f"blijven, bijvoorbeeld {gevonden[0].identificatie}: {gevonden[0].reden}",
        )
    lijst = Vernietigingslijst.objects.create(
        gemeente=gemeente,
        nummer=nummer,
        naam=naam[:200],
        peildatum=peildatum,
        filters=filters.as_json(),
        aangemaakt_door=gebruiker,
    )
    schrijf_items(lijst, gevonden)
    stand.gewijzigd()
    return lijst


def _waarden(lijst: Vernietigingslijst, kandidaat: Kandidaat) -> dict[str, object]:
    """A new item's columns (attnames), from the analysis of its zaak."""
    return {
        "lijst_id": lijst.pk,
        "zaak_id": kandidaat.zaak_id,
        "zaak_uuid": kandidaat.zaak_uuid,
        "identificatie": kandidaat.identificatie,
        "omschrijving": kandidaat.omschrijving[:80],
        "zaaktype_identificatie": kandidaat.zaaktype_identificatie,
        "zaaktype_omschrijving": kandidaat.zaaktype_omschrijving,
        "resultaattype_omschrijving": kandidaat.resultaattype_omschrijving[:200],
        "selectielijstklasse": kandidaat.selectielijstklasse,
        "selectielijstklasse_weergave": kandidaat.selectielijstklasse_weergave,
        "bewaartermijn": kandidaat.bewaartermijn,
        "einddatum": kandidaat.einddatum,
        "archiefactiedatum": kandidaat.archiefactiedatum,
        "vertrouwelijkheidaanduiding": kandidaat.vertrouwelijkheidaanduiding,
        "inhoud": kandidaat.inhoud,
        "vingerafdruk": "",
        "status": Itemstatus.automatisch_uitgezonderd if kandidaat.reden else Itemstatus.opgenomen,
        "reden": kandidaat.reden,
    }


def schrijf_items(lijst: Vernietigingslijst, kandidaten: list[Kandidaat]) -> None:
    """Insert an item per analysed zaak (automatically excluded when it has a reason).

    On PostgreSQL with COPY, from plain values: a list takes up to 100,000 zaken, and building
    that many model instances and preparing each of their values for bulk_create took longer
    than the analysis itself (docs/adr/0045-vernietigingslijsten-beoordeling.md). Every column
    without a database default is written; the rest (uitgezonderd_door, vernietigd_op) stays
    NULL. Elsewhere with bulk_create.
    """
    if not kandidaten:
        return
    rijen = [_waarden(lijst, k) for k in kandidaten]
    if connection.vendor != "postgresql":
        Lijstitem.objects.bulk_create([Lijstitem(**r) for r in rijen], batch_size=_PER_KEER)
        return
    namen = list(rijen[0])
    kolom = {f.attname: f.column or f.attname for f in Lijstitem._meta.concrete_fields}
    kolommen = ", ".join(connection.ops.quote_name(kolom[n]) for n in namen)
    tabel = connection.ops.quote_name(Lijstitem._meta.db_table)
    # The driver's own cursor (psycopg) copies: Django's wrapper has no COPY.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {tabel} ({kolommen}) FROM STDIN") as copy,
    ):
        for rij in rijen:
            rij["inhoud"] = json.dumps(rij["inhoud"])  # jsonb from its text
            copy.write_row(list(rij.values()))


def _zet_vingerafdrukken(paren: list[tuple[int, str]]) -> None:
    """Set each item's (pk, vingerafdruk): on PostgreSQL in one UPDATE joined to two arrays,
    elsewhere joined to VALUES lists of 1,000 (bulk_update's CASE per row, and long lists of
    parameters, took seconds per 10,000 items)."""
    tabel = connection.ops.quote_name(Lijstitem._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {tabel} SET vingerafdruk = v.afdruk "  # noqa: S608 - the table name from model metadata, values are parameters
                "FROM unnest(%s::integer[], %s::varchar[]) AS v(id, afdruk) "
                f"WHERE {tabel}.id = v.id",
                [[pk for pk, _ in paren], [afdruk for _, afdruk in paren]],
            )
            return
        for start in range(0, len(paren), _PER_KEER):
            deel = paren[start : start + _PER_KEER]
            waarden = ", ".join(["(CAST(%s AS integer), CAST(%s AS varchar(64)))"] * len(deel))
            cursor.execute(
                f"UPDATE {tabel} SET vingerafdruk = v.column2 FROM (VALUES {waarden}) AS v "  # noqa: S608 - the table name from model metadata, values are parameters
                f"WHERE {tabel}.id = v.column1",
                [waarde for paar in deel for waarde in paar],
            )


def samenhang_bijwerken(
    lijst: Vernietigingslijst,
    actor: Actor,
    *,
    peildatum: date | None = None,
    erbij: Iterable[int] = (),
) -> int:
    """Check the zaken that go (with `erbij`, zaken being added) together again, after the list
    changed: an item whose zaak now depends on something kept (a zaak just excluded or removed)
    is excluded automatically with the reason; with peildatum, so is one whose zaak no longer
    qualifies (it changed since). New zaken become items; returns how many."""
    items = {
        zaak_id: (pk, status)
        for pk, zaak_id, status in Lijstitem.objects.filter(lijst=lijst).values_list(
            "pk", "zaak_id", "status"
        )
    }
    erbij = set(erbij)
    gaan = Q(
        pk__in=Lijstitem.objects.filter(lijst=lijst, status=Itemstatus.opgenomen).values("zaak_id")
    )
    # New items in list order; the order of a check alone does not matter.
    zaken = (
        Zaak.objects.filter(gaan | Q(pk__in=erbij)).order_by(
            "zaaktype__identificatie", "identificatie", "pk"
        )
        if erbij
        else Zaak.objects.filter(gaan)
    )
    nieuw: list[Kandidaat] = []
    gewijzigd: list[Lijstitem] = []
    for kandidaat in analyseer(zaken, actor=actor, peildatum=peildatum):
        bestaand = items.get(kandidaat.zaak_id)
        if bestaand is None:
            nieuw.append(kandidaat)
            continue
        pk, status = bestaand
        if kandidaat.zaak_id in erbij and not kandidaat.reden and status != Itemstatus.opgenomen:
            gewijzigd.append(Lijstitem(pk=pk, status=Itemstatus.opgenomen, reden=""))
        elif kandidaat.reden and (status == Itemstatus.opgenomen or kandidaat.zaak_id in erbij):
            gewijzigd.append(
                Lijstitem(pk=pk, status=Itemstatus.automatisch_uitgezonderd, reden=kandidaat.reden)
            )
    Lijstitem.objects.bulk_update(gewijzigd, ["status", "reden"], batch_size=_PER_KEER)
    schrijf_items(lijst, nieuw)
    return len(nieuw)


@transaction.atomic
def voeg_zaken_toe(
    *, gebruiker: User, lijst: Vernietigingslijst, zaak_uuids: Iterable[uuid_module.UUID | str]
) -> int:
    """Add zaken (by uuid) to a list that may be edited; returns how many now go with it.

    Rules: the caller is a DIV-medewerker of the list's gemeente; every zaak belongs to that
    gemeente and is eligible on the list's peildatum, readable by the caller and on no other
    active list — otherwise nothing is added; an item of the list that was excluded comes back
    when nothing kept depends on its zaak. Raises PermissionDenied, Conflict or ValidationFailed.
    """
    lijst, actor = _bewerkbaar(gebruiker, lijst)
    vergrendel_gemeente(lijst.gemeente)
    try:
        gevraagd = {uuid_module.UUID(str(u)) for u in zaak_uuids}
    except ValueError:
        raise ValidationFailed.single(
            "zaken", "invalid", "Een van de zaken is geen geldige zaak-uuid."
        ) from None
    if not gevraagd:
        raise ValidationFailed.single("zaken", "required", "Kies ten minste één zaak.")
    gevonden = {
        key: (pk, identificatie, tenant_id)
        for key, pk, identificatie, tenant_id in Zaak.objects.filter(uuid__in=gevraagd).values_list(
            "uuid", "pk", "identificatie", "tenant_id"
        )
    }
    if onbekend := gevraagd - gevonden.keys():
        raise ValidationFailed.single(
            "zaken",
            "onbekende-zaak",
            f"{len(onbekend)} van de gekozen zaken bestaan niet; er is niets toegevoegd.",
        )
    elders = sorted(i for _, i, tenant_id in gevonden.values() if tenant_id != lijst.gemeente_id)
    if elders:
        raise ValidationFailed.single(
            "zaken",
            "andere-gemeente",
            f"Zaak {', '.join(elders)} hoort bij een andere gemeente dan deze lijst "
            f"({lijst.gemeente.naam}); er is niets toegevoegd.",
        )
    ids = {pk for pk, _, _ in gevonden.values()}
    mogen = set(
        kandidaten(
            gemeente=lijst.gemeente, actor=actor, peildatum=lijst.peildatum, behalve_lijst=lijst.pk
        )
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    if niet := sorted(i for pk, i, _ in gevonden.values() if pk not in mogen):
        raise ValidationFailed.single(
            "zaken",
            "niet-vernietigbaar",
            f"Zaak {', '.join(niet)} komt niet in aanmerking: niet vernietigbaar op de "
            f"peildatum {lijst.peildatum:%d-%m-%Y}, al op een andere lijst, of niet door u in "
            "te zien. Er is niets toegevoegd.",
        )
    samenhang_bijwerken(lijst, actor, erbij=ids)
    lijst.save(update_fields=["gewijzigd_op"])
    return Lijstitem.objects.filter(
        lijst=lijst, zaak_id__in=ids, status=Itemstatus.opgenomen
    ).count()


@transaction.atomic
def verwijder_items(*, gebruiker: User, lijst: Vernietigingslijst, item_ids: Iterable[int]) -> int:
    """Take items off a list that may be edited; returns how many. The zaken of the others that
    depend on a zaak taken off are excluded automatically (the zaak taken off is kept).

    Rules: the caller is a DIV-medewerker of the list's gemeente; every item is of this list —
    otherwise nothing is taken off. Raises PermissionDenied, Conflict or ValidationFailed.
    """
    lijst, actor = _bewerkbaar(gebruiker, lijst)
    ids = set(item_ids)
    items = Lijstitem.objects.filter(lijst=lijst, pk__in=ids)
    if not ids or items.count() != len(ids):
        raise ValidationFailed.single(
            "items",
            "onbekend-item",
            "Niet alle gekozen items staan op deze lijst; er is niets verwijderd.",
        )
    items.delete()
    samenhang_bijwerken(lijst, actor)
    lijst.save(update_fields=["gewijzigd_op"])
    return len(ids)


# Review and abort.


@transaction.atomic
def dien_in(*, gebruiker: User, lijst: Vernietigingslijst, archivaris: User) -> Vernietigingslijst:
    """Send a list for review: a new round of steps, one per process owner of the zaaktypen on
    the list (by identificatie), then the archivaris; with the gemeente's korte procedure, the
    archivaris alone.

    Rules: the caller is a DIV-medewerker of the gemeente and the list is a concept or was sent
    back; the archivaris holds that role in the gemeente; the zaken are checked again (one that
    changed or now depends on something kept is excluded automatically) and at least one still
    goes; every zaaktype on the list has a process owner in the gemeente (unless korte
    procedure). Each item that goes gets the fingerprint of its zaak's state (ADR 0045).
    Raises PermissionDenied, Conflict or ValidationFailed.
    """
    lijst, actor = _bewerkbaar(gebruiker, lijst)
    gemeente = lijst.gemeente
    context = context_for(archivaris, gemeente.pk)
    if context is None or Rol.archivaris not in context.rollen:
        raise ValidationFailed.single(
            "archivaris",
            "geen-archivaris",
            f"{display_name(archivaris)} is geen archivaris in gemeente {gemeente.naam}.",
        )
    Lijstitem.objects.filter(lijst=lijst, status=Itemstatus.opgenomen, zaak__isnull=True).update(
        status=Itemstatus.automatisch_uitgezonderd, reden="De zaak bestaat niet meer."
    )
    samenhang_bijwerken(lijst, actor, peildatum=lijst.peildatum)
    gaan = list(
        Lijstitem.objects.filter(lijst=lijst, status=Itemstatus.opgenomen).values_list(
            "pk", "zaak_id", "zaaktype_identificatie", "zaaktype_omschrijving"
        )
    )
    if not gaan:
        raise Conflict(
            f"Op vernietigingslijst {lijst.nummer} staat geen zaak meer die vernietigd mag "
            "worden; voeg zaken toe of breek de lijst af.",
            code="lege-lijst",
        )
    ronde = lijst.ronde + 1
    stappen = [
        Beoordelingsstap(
            lijst=lijst,
            ronde=ronde,
            volgorde=volgorde,
            rol=Beoordelingsrol.procesverantwoordelijke,
            beoordelaar=beoordelaar,
            zaaktype_identificaties=zaaktypen,
        )
        for volgorde, (beoordelaar, zaaktypen) in enumerate(
            _procesverantwoordelijken(gemeente, {z: o for _, _, z, o in gaan}), start=1
        )
    ]
    stappen.append(
        Beoordelingsstap(
            lijst=lijst,
            ronde=ronde,
            volgorde=len(stappen) + 1,
            rol=Beoordelingsrol.archivaris,
            beoordelaar=archivaris,
        )
    )
    Beoordelingsstap.objects.bulk_create(stappen)
    afdrukken = vingerafdrukken(
        Lijstitem.objects.filter(lijst=lijst, status=Itemstatus.opgenomen).values("zaak_id")
    )
    _zet_vingerafdrukken([(pk, afdrukken.get(zaak_id, "")) for pk, zaak_id, _, _ in gaan])
    lijst.ronde = ronde
    lijst.status = Lijststatus.ter_beoordeling
    lijst.ingediend_op = timezone.now()
    lijst.save(update_fields=["ronde", "status", "ingediend_op", "gewijzigd_op"])
    stand.gewijzigd()
    return lijst


def _procesverantwoordelijken(
    gemeente: Gemeente, zaaktypen: dict[str, str]
) -> list[tuple[User, list[str]]]:
    """Each process owner of these zaaktypen (identificatie -> omschrijving) in the gemeente with
    the zaaktypen their step covers, by name; [] under the korte procedure. Raises
    ValidationFailed naming a zaaktype without one."""
    instelling = Archiefinstelling.objects.filter(gemeente=gemeente).first()
    if instelling is not None and instelling.korte_procedure:
        return []
    per_persoon: dict[int, tuple[User, list[str]]] = {}
    gedekt: set[str] = set()
    for pv in (
        Procesverantwoordelijke.objects.filter(
            gemeente=gemeente, zaaktype_identificatie__in=zaaktypen
        )
        .select_related("gebruiker")
        .order_by("zaaktype_identificatie")
    ):
        per_persoon.setdefault(pv.gebruiker_id, (pv.gebruiker, []))[1].append(
            pv.zaaktype_identificatie
        )
        gedekt.add(pv.zaaktype_identificatie)
    if zonder := sorted(set(zaaktypen) - gedekt):
        namen = ", ".join(f"{z} ({zaaktypen[z]})" for z in zonder)
        raise ValidationFailed.single(
            "zaaktypen",
            "geen-procesverantwoordelijke",
            f"Voor zaaktype {namen} is in gemeente {gemeente.naam} geen procesverantwoordelijke "
            "aangewezen; functioneel beheer wijst die aan.",
        )
    return sorted(per_persoon.values(), key=lambda p: (display_name(p[0]).casefold(), p[0].pk))


@transaction.atomic
def breek_af(*, gebruiker: User, lijst: Vernietigingslijst, reden: str) -> Vernietigingslijst:
    """Abort a list before its execution began; its zaken are free for another list.

    Rules: the caller is a DIV-medewerker of the list's gemeente; a reason is required; a list
    in execution, executed or aborted is refused. Raises PermissionDenied, Conflict or
    ValidationFailed.
    """
    lijst = vergrendel(lijst)
    vereis_rol(gebruiker, lijst.gemeente, Rol.div_medewerker)
    reden = reden.strip()
    if not reden:
        raise ValidationFailed.single("reden", "required", "Geef een reden voor het afbreken.")
    lijst.status = Lijststatus.afgebroken
    lijst.toelichting = reden
    lijst.save(update_fields=["status", "toelichting", "gewijzigd_op"])
    stand.gewijzigd()
    return lijst
