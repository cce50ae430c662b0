"""Execution of an approved vernietigingslijst by the worker (ADR 0046).

Every zaak goes in its own transaction, so an interruption leaves each zaak either fully there or
fully gone, and the next run carries on where the last one stopped. Just before a zaak goes it is
checked again against the current database: same gemeente, still `nog_te_archiveren` with
nominatie `vernietigen` and an archiefactiedatum on or before the list's peildatum, unchanged since
the list went to review (its fingerprint), and related to no zaak that is kept. A zaak that fails
is taken off the list with the reason; the verklaring reports it.

The destruction itself goes through the registers' own delete services, with an actor that holds
only the deletion scopes on this gemeente's catalogi and names the list, so every notification
(`destroy`) goes out and the audit trail of each object is replaced by a chain link that refers to
the list (auditketen.VERNIETIGING).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from iwerk.archief.models import Itemstatus, Lijstitem, Lijststatus, Vernietigingslijst
from iwerk.archief.selectors.lijsten import vingerafdrukken
from iwerk.archief.services import stand, verklaring
from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.besluiten.services import delete_besluit
from iwerk.catalogi.models import Catalogus
from iwerk.core import auditketen
from iwerk.core.api.actor import Actor, Grant
from iwerk.core.api.problems import ApiError, Conflict, NotFound
from iwerk.core.weergave import datum
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.documenten.services import delete_document
from iwerk.zaken.models import Zaak, ZaakInformatieObject
from iwerk.zaken.services.zaak import delete_zaak

logger = logging.getLogger(__name__)

UITVOERBAAR = (Lijststatus.goedgekeurd, Lijststatus.in_uitvoering)
# What the execution may do in the registers: delete, nothing else.
SCOPES = (
    ("zrc", "zaken.verwijderen"),
    ("drc", "documenten.verwijderen"),
    ("brc", "besluiten.verwijderen"),
)


@dataclass
class Uitvoeringsresultaat:
    """What one run did. `bezet`: another executor held the list, this run stopped."""

    lijst_id: int
    status: str = ""
    vernietigd: list[str] = field(default_factory=list)  # identificaties
    van_de_lijst: list[tuple[str, str]] = field(default_factory=list)  # (identificatie, reden)
    fouten: list[tuple[str, str]] = field(default_factory=list)  # retried by the next run
    bezet: bool = False

    @property
    def klaar(self) -> bool:
        return self.status == Lijststatus.uitgevoerd

    def samenvoegen(self, ander: Uitvoeringsresultaat) -> None:
        """Add what a later run (or one zaak's committed transaction) did."""
        self.status = ander.status or self.status
        self.vernietigd += ander.vernietigd
        self.van_de_lijst += ander.van_de_lijst
        self.fouten += ander.fouten
        self.bezet = self.bezet or ander.bezet


# --- the fingerprint ----------------------------------------------------------------------------


def _vingerafdrukken(zaken: Iterable[Zaak]) -> dict[int, str]:
    """The current fingerprint of each zaak, by pk: the one definition the list wrote at
    submission (selectors.lijsten.vingerafdrukken, ADR 0045)."""
    return vingerafdrukken([z.pk for z in zaken])


# --- who acts -----------------------------------------------------------------------------------


def systeemactor(lijst: Vernietigingslijst) -> Actor:
    """The actor of a list's execution: the deletion scopes on this gemeente's catalogi only (any
    vertrouwelijkheid), named after the list in every audit entry and notification."""
    catalogus_ids = Catalogus.objects.filter(tenant_id=lijst.gemeente_id).values_list(
        "pk", flat=True
    )
    naam = f"archief {lijst.nummer}"
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
        catalogi_tenant_ids=frozenset({lijst.gemeente_id}),
        user_id=naam,
        user_representation=naam,
    )


@dataclass
class _Run:
    lijst: Vernietigingslijst
    actor: Actor
    grond: auditketen.Afvoergrond
    # zaak uuid -> pks of zaken whose relevanteAndereZaken name it, read once per batch
    verwijzers: dict[str, set[int]]
    gezocht: set[str]

    def verwijzers_van(self, uuid: str) -> set[int]:
        if uuid not in self.gezocht:  # a deelzaak outside this batch
            self.verwijzers |= _verwijzers([uuid])
            self.gezocht.add(uuid)
        return self.verwijzers.get(uuid, set())


# --- execution ----------------------------------------------------------------------------------


def voer_uit(lijst_id: int, *, batch: int = 100) -> Uitvoeringsresultaat:
    """Destroy the next `batch` zaken of an approved list; when none is left, make the verklaring
    and mark the list `uitgevoerd`.

    Claims the list (goedgekeurd becomes in_uitvoering); a list another executor holds is left
    alone (`bezet`, nothing done). A zaak that fails unexpectedly stays on the list, fully there,
    and is tried again by the next run (`fouten`). Per zaak the work is the same however long the
    list is. Raises NotFound, and Conflict for a list that is not approved or already executed.
    """
    resultaat = Uitvoeringsresultaat(lijst_id=lijst_id)
    lijst = _claim(lijst_id)
    if lijst is None:
        resultaat.bezet = True
        return resultaat
    items = list(
        Lijstitem.objects.filter(lijst=lijst, status=Itemstatus.opgenomen)
        .order_by("pk")
        .values_list("pk", "identificatie", "zaak_uuid")[:batch]
    )
    uuids = {str(u) for _, _, u in items}
    run = _Run(
        lijst=lijst,
        actor=systeemactor(lijst),
        grond=auditketen.Afvoergrond(auditketen.VERNIETIGING, verklaring.lijstverwijzing(lijst)),
        verwijzers=_verwijzers(sorted(uuids)),
        gezocht=uuids,
    )
    for item_id, identificatie, _ in items:
        try:
            zaak_resultaat = _verwerk(run, item_id)
        except Exception as exc:  # the zaak's transaction rolled back: it is fully there
            logger.exception("archief: %s van %s niet vernietigd", identificatie, lijst.nummer)
            resultaat.fouten.append((identificatie, str(exc)))
            continue
        if zaak_resultaat is None:
            resultaat.bezet = True
            break
        resultaat.samenvoegen(zaak_resultaat)  # committed
    if not resultaat.bezet and not resultaat.fouten:
        _afronden(run)
    resultaat.status = (
        Vernietigingslijst.objects.filter(pk=lijst.pk).values_list("status", flat=True).get()
    )
    return resultaat


def voer_volledig_uit(lijst_id: int, *, batch: int = 100) -> Uitvoeringsresultaat:
    """Run `voer_uit` until the list is executed or a run makes no progress (for the bench and
    the command line; the worker runs one batch per round)."""
    totaal = Uitvoeringsresultaat(lijst_id=lijst_id)
    while True:
        ronde = voer_uit(lijst_id, batch=batch)
        totaal.samenvoegen(ronde)
        if ronde.klaar or ronde.bezet or not (ronde.vernietigd or ronde.van_de_lijst):
            return totaal


def uitvoeren_wachtende() -> int:
    """The worker job `archief-uitvoeren`: one batch of every approved list. Returns how many
    lists it ran."""
    ids = list(
        Vernietigingslijst.objects.filter(status__in=UITVOERBAAR)
        .order_by("goedgekeurd_op", "pk")
        .values_list("pk", flat=True)
    )
    for lijst_id in ids:
        try:
            voer_uit(lijst_id)
        except ApiError as fout:  # finished or changed by another worker meanwhile
            logger.info("archief: lijst %s niet uitgevoerd: %s", lijst_id, fout.detail)
        except Exception:  # one list's fault does not hold up the others
            logger.exception("archief: lijst %s niet uitgevoerd", lijst_id)
    return len(ids)


def _claim(lijst_id: int) -> Vernietigingslijst | None:
    with transaction.atomic():
        lijst = (
            Vernietigingslijst.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("gemeente")
            .filter(pk=lijst_id)
            .first()
        )
        if lijst is None:
            if not Vernietigingslijst.objects.filter(pk=lijst_id).exists():
                raise NotFound("Deze vernietigingslijst bestaat niet.")
            return None
        if lijst.status == Lijststatus.uitgevoerd:
            raise Conflict(
                f"Vernietigingslijst {lijst.nummer} is al uitgevoerd; er wordt niets meer "
                "vernietigd.",
                code="lijst-al-uitgevoerd",
            )
        if lijst.status not in UITVOERBAAR:
            raise Conflict(
                f"Vernietigingslijst {lijst.nummer} is niet goedgekeurd (status: "
                f"{lijst.get_status_display().lower()}); alleen een goedgekeurde lijst wordt "
                "uitgevoerd.",
                code="lijst-niet-goedgekeurd",
            )
        if lijst.status == Lijststatus.goedgekeurd:
            lijst.status = Lijststatus.in_uitvoering
            lijst.uitvoering_gestart_op = timezone.now()
            lijst.save(update_fields=["status", "uitvoering_gestart_op", "gewijzigd_op"])
            stand.gewijzigd()
        return lijst


def _vergrendel_lijst(lijst_id: int) -> Vernietigingslijst | None:
    """The list, locked for this transaction; None when another executor holds it or it is no
    longer being executed."""
    return (
        Vernietigingslijst.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("gemeente")
        .filter(pk=lijst_id, status=Lijststatus.in_uitvoering)
        .first()
    )


@transaction.atomic
def _verwerk(run: _Run, item_id: int) -> Uitvoeringsresultaat | None:
    """Check and destroy the zaak of one item (with its deelzaken) in one transaction; returns
    what it did, or None when another executor holds the list."""
    if _vergrendel_lijst(run.lijst.pk) is None:
        return None
    resultaat = Uitvoeringsresultaat(lijst_id=run.lijst.pk)
    item = (
        Lijstitem.objects.select_for_update()
        .filter(pk=item_id, lijst=run.lijst, status=Itemstatus.opgenomen)
        .first()
    )
    if item is None:  # done by another executor meanwhile
        return resultaat
    zaak = (
        Zaak.objects.select_for_update(of=("self",))
        .select_related("zaaktype")
        .filter(pk=item.zaak_id)
        .first()
        if item.zaak_id
        else None
    )
    if zaak is None:
        _van_de_lijst(item, Itemstatus.gewijzigd, "De zaak bestaat niet meer.", resultaat)
        return resultaat
    groep = _groep(run, item, zaak, resultaat)
    if groep is None:
        return resultaat
    leden, documenten = groep
    for lid_item, lid in leden:  # deelzaken first: deleting a hoofdzaak takes them along
        aantallen = _vernietig(run, lid, documenten if len(leden) == 1 else None)
        lid_item.status = Itemstatus.vernietigd
        lid_item.vernietigd_op = timezone.now()
        lid_item.zaak = None
        lid_item.inhoud = {**lid_item.inhoud, "vernietigd": aantallen}
        lid_item.save(update_fields=["status", "vernietigd_op", "zaak", "inhoud"])
        resultaat.vernietigd.append(lid_item.identificatie)
    return resultaat


def _groep(
    run: _Run, item: Lijstitem, zaak: Zaak, resultaat: Uitvoeringsresultaat
) -> tuple[list[tuple[Lijstitem, Zaak]], set[int]] | None:
    """The zaak with its deelzaken, each with its item, and their documents, when all may go
    now; otherwise None, with every item that must come off the list taken off."""
    deelzaken = list(
        Zaak.objects.select_for_update(of=("self",))
        .select_related("zaaktype")
        .filter(hoofdzaak=zaak)
        .order_by("pk")
    )
    items = {item.zaak_id: item}
    if deelzaken:
        items |= {
            i.zaak_id: i
            for i in Lijstitem.objects.select_for_update().filter(
                lijst=run.lijst, status=Itemstatus.opgenomen, zaak__in=deelzaken
            )
        }
    leden = [*deelzaken, zaak]
    afdrukken = _vingerafdrukken(leden)
    for lid in leden:
        lid_item = items.get(lid.pk)
        if lid_item is None:
            reden = f"Deelzaak {_naam(lid, run.lijst)} staat niet op deze lijst en blijft bewaard."
        elif bezwaar := _eigen_bezwaar(run.lijst, lid_item, lid, afdrukken[lid.pk]):
            _van_de_lijst(lid_item, *bezwaar, resultaat)
            reden = f"Deelzaak {lid.identificatie} blijft bewaard: {bezwaar[1]}"
        else:
            continue
        if lid is not zaak:
            _van_de_lijst(item, Itemstatus.automatisch_uitgezonderd, reden, resultaat)
        return None
    documenten = _documenten_van(lid.pk for lid in leden)
    if groepsbezwaar := _vergrendeld_document(documenten) or _relatiebezwaar(
        run, leden, documenten
    ):
        _van_de_lijst(item, *groepsbezwaar, resultaat)
        for lid in deelzaken:
            _van_de_lijst(items[lid.pk], *groepsbezwaar, resultaat)
        return None
    return [(items[lid.pk], lid) for lid in leden], documenten


def _eigen_bezwaar(
    lijst: Vernietigingslijst, item: Lijstitem, zaak: Zaak, afdruk: str
) -> tuple[str, str] | None:
    """Why the zaak itself may not go now (status for its item, Dutch reason), or None."""
    if zaak.tenant_id != lijst.gemeente_id:
        return (
            Itemstatus.automatisch_uitgezonderd,
            "De zaak hoort bij een andere gemeente dan de lijst; ze wordt niet vernietigd.",
        )
    if zaak.uuid != item.zaak_uuid:
        return Itemstatus.gewijzigd, "De zaak is niet de zaak die op de lijst is gezet."
    if zaak.archiefstatus != "nog_te_archiveren":
        return (
            Itemstatus.automatisch_uitgezonderd,
            f"De archiefstatus is ‘{zaak.archiefstatus.replace('_', ' ')}’; alleen een zaak "
            "die nog te archiveren is, wordt vernietigd.",
        )
    if zaak.archiefnominatie != "vernietigen":
        return Itemstatus.gewijzigd, "De archiefnominatie is niet meer ‘vernietigen’."
    if zaak.archiefactiedatum is None or zaak.archiefactiedatum > lijst.peildatum:
        return (
            Itemstatus.gewijzigd,
            f"De archiefactiedatum ({datum(zaak.archiefactiedatum, 'leeg')}) ligt niet meer op "
            f"of voor de peildatum van de lijst ({datum(lijst.peildatum)}).",
        )
    if zaak.einddatum is None:
        return Itemstatus.gewijzigd, "De zaak is heropend."
    if afdruk != item.vingerafdruk:
        return (
            Itemstatus.gewijzigd,
            "De zaak is gewijzigd nadat de lijst ter beoordeling is aangeboden.",
        )
    return None


def _documenten_van(zaak_ids: Iterable[int]) -> set[int]:
    """The documents of these zaken and of their besluiten."""
    zaak_ids = list(zaak_ids)
    return set(
        ZaakInformatieObject.objects.filter(zaak__in=zaak_ids).values_list(
            "informatieobject_id", flat=True
        )
    ) | set(
        BesluitInformatieObject.objects.filter(besluit__zaak__in=zaak_ids).values_list(
            "informatieobject_id", flat=True
        )
    )


def _vergrendeld_document(documenten: set[int]) -> tuple[str, str] | None:
    if not documenten:
        return None
    document = (
        EnkelvoudigInformatieObject.objects.filter(pk__in=documenten)
        .exclude(lock="")
        .values_list("identificatie", flat=True)
        .first()
    )
    if document is None:
        return None
    return (
        Itemstatus.gewijzigd,
        f"Document {document} is vergrendeld om te bewerken; de zaak is na de beoordeling in "
        "gebruik genomen.",
    )


def _uuids(relaties: object) -> set[str]:
    """The uuids in a relevanteAndereZaken value (its urls end in the zaak's uuid)."""
    gevonden = set()
    for relatie in relaties if isinstance(relaties, list) else []:
        url = relatie.get("url", "") if isinstance(relatie, dict) else ""
        staart = str(url).rstrip("/").rsplit("/", 1)[-1]
        try:
            gevonden.add(str(UUID(staart)))
        except ValueError:
            continue
    return gevonden


def _verwijzers(uuids: list[str]) -> dict[str, set[int]]:
    """For each zaak uuid: the zaken (any gemeente) whose relevanteAndereZaken name it (one
    query; a text match narrows, the parsed urls decide)."""
    if not uuids:
        return {}
    gezocht = set(uuids)
    match = Q()
    for uuid in gezocht:
        match |= Q(relevante_andere_zaken__icontains=uuid)
    gevonden: dict[str, set[int]] = defaultdict(set)
    # Only the zaken that name any (a partial index finds them); the text match narrows those.
    naming = Zaak.objects.exclude(relevante_andere_zaken=[]).filter(match)
    for pk, relaties in naming.values_list("pk", "relevante_andere_zaken"):
        for uuid in _uuids(relaties) & gezocht:
            gevonden[uuid].add(pk)
    return gevonden


def _relatiebezwaar(run: _Run, leden: list[Zaak], documenten: set[int]) -> tuple[str, str] | None:
    """Why these zaken may not go because of a zaak that is kept, or None: a hoofdzaak, a
    relevante andere zaak (either way), a shared document (also through a besluit) of a zaak that
    is not on this list, or that is on it but may not go itself."""
    ids = {z.pk for z in leden}
    aard: dict[int, str] = {}
    for lid in leden:
        if lid.hoofdzaak_id:
            aard[lid.hoofdzaak_id] = "de hoofdzaak"
    genoemd = set().union(*(_uuids(z.relevante_andere_zaken) for z in leden))
    if genoemd:
        for pk in Zaak.objects.filter(uuid__in=genoemd).values_list("pk", flat=True):
            aard.setdefault(pk, "een relevante andere zaak")
    for lid in leden:
        for pk in run.verwijzers_van(str(lid.uuid)):
            aard.setdefault(pk, "verwijst naar deze zaak")
    if documenten:
        for pk in ZaakInformatieObject.objects.filter(informatieobject__in=documenten).values_list(
            "zaak_id", flat=True
        ):
            aard.setdefault(pk, "deelt een document")
        for pk in Besluit.objects.filter(
            besluitinformatieobjecten__informatieobject__in=documenten, zaak__isnull=False
        ).values_list("zaak_id", flat=True):
            aard.setdefault(pk, "een besluit van die zaak deelt een document")
    for pk in ids:
        aard.pop(pk, None)
    if not aard:
        return None
    zaken = Zaak.objects.in_bulk(list(aard))
    op_lijst = {
        i.zaak_id: i
        for i in Lijstitem.objects.filter(
            lijst=run.lijst, status=Itemstatus.opgenomen, zaak__in=list(zaken)
        )
    }
    afdrukken = _vingerafdrukken(zaken[pk] for pk in op_lijst)
    for pk in sorted(zaken):
        ander, ander_item = zaken[pk], op_lijst.get(pk)
        if ander_item and not _eigen_bezwaar(run.lijst, ander_item, ander, afdrukken[pk]):
            continue  # it goes with this list as well
        return (
            Itemstatus.automatisch_uitgezonderd,
            f"Hangt samen met zaak {_naam(ander, run.lijst)} ({aard[pk]}), die bewaard blijft.",
        )
    return None


def _naam(zaak: Zaak, lijst: Vernietigingslijst) -> str:
    """How a reason names another zaak: not by its identificatie when of another gemeente."""
    return zaak.identificatie if zaak.tenant_id == lijst.gemeente_id else "van een andere gemeente"


def _vernietig(run: _Run, zaak: Zaak, documenten: set[int] | None) -> dict[str, int]:
    """Destroy one zaak through the registers: its besluiten, the zaak (statussen, resultaten,
    rollen, objecten, eigenschappen go with it), then each of its documents (`documenten`, when
    already known) that belongs to no zaak or besluit any more (all versions; content released).
    Returns the counts."""
    besluiten = list(Besluit.objects.filter(zaak=zaak).select_related("besluittype"))
    if documenten is None:
        documenten = _documenten_van([zaak.pk])
    for besluit in besluiten:
        delete_besluit(actor=run.actor, besluit=besluit, afvoergrond=run.grond)
    delete_zaak(actor=run.actor, zaak=zaak, afvoergrond=run.grond)
    weg = bewaard = 0
    for document in (
        EnkelvoudigInformatieObject.objects.filter(pk__in=documenten)
        .select_related("informatieobjecttype")
        .order_by("pk")
    ):
        if document.objecten.exists():  # still another zaak's or besluit's: it stays
            bewaard += 1
            continue
        delete_document(actor=run.actor, document=document, afvoergrond=run.grond)
        weg += 1
    return {"documenten": weg, "besluiten": len(besluiten), "documenten_bewaard": bewaard}


def _van_de_lijst(
    item: Lijstitem, status: str, reden: str, resultaat: Uitvoeringsresultaat
) -> None:
    item.status = status
    item.reden = reden
    item.inhoud = {**item.inhoud, "van_de_lijst_bij_uitvoering": timezone.now().isoformat()}
    item.save(update_fields=["status", "reden", "inhoud"])
    resultaat.van_de_lijst.append((item.identificatie, reden))


@transaction.atomic
def _afronden(run: _Run) -> None:
    """No zaak left on the list: the verklaring, sealed in the audit chain, and `uitgevoerd`."""
    lijst = _vergrendel_lijst(run.lijst.pk)
    if lijst is None:  # another executor holds it, or finished it
        return
    if Lijstitem.objects.filter(lijst=lijst, status=Itemstatus.opgenomen).exists():
        return
    lijst.status = Lijststatus.uitgevoerd
    lijst.uitgevoerd_op = timezone.now()
    verklaring.verklaring_opmaken(lijst, actor=run.actor)
    lijst.save(update_fields=["status", "uitgevoerd_op", "gewijzigd_op"])
    stand.gewijzigd()
