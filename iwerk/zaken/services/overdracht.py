"""The zaken side of a transfer (overbrenging): once the archive repository has confirmed receipt,
the zaken it received get archiefstatus `overgedragen`.

The caller (iwerk.archief) has the records manager's confirmation and gives the documents status
`gearchiveerd` in the Documenten register first: the Zaken API allows an archiefstatus other than
`nog_te_archiveren` only then (zrc-022). What the zaak keeps is the same as after any change of
the register: an audit record (the transfer named in its toelichting, from the actor), the
register's generation moved by that record, and the ZaakGewijzigd event.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from iwerk.core import audit, gebeurtenissen
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import Conflict, ValidationFailed
from iwerk.zaken.gebeurtenissen import ZaakGewijzigd
from iwerk.zaken.models import Archiefstatus, Zaak
from iwerk.zaken.services.zaak import require
from iwerk.zaken.services.zaakregels import CHECKED, check_zaak, default_own_hosts

SCOPE = "zaken.geforceerd-bijwerken"  # a closed zaak changes only with it (zrc-007)


@transaction.atomic
def draag_over(*, actor: Actor, zaak_ids: Collection[int]) -> int:
    """Set archiefstatus `overgedragen` on the zaken; returns how many changed.

    Rules: the actor holds zaken.geforceerd-bijwerken for each zaak; the zaak is closed; the
    zaak as changed obeys check_zaak, the rules of every change (zrc-022: archiefnominatie and
    archiefactiedatum set, every document of the zaak `gearchiveerd`). A zaak that is already
    `overgedragen` is left as it is. All or nothing: the first zaak that fails stops the whole
    call. Raises PermissionDenied, Conflict or ValidationFailed, naming the zaak.
    """
    zaken = list(
        Zaak.objects.select_for_update(of=("self",))
        .select_related("zaaktype")
        .filter(pk__in=list(zaak_ids))
        .order_by("pk")
    )
    hosts = default_own_hosts()
    changed = 0
    for zaak in zaken:
        if zaak.archiefstatus == Archiefstatus.overgedragen:
            continue
        require(actor, SCOPE, zaak.zaaktype, zaak.vertrouwelijkheidaanduiding)
        if not zaak.is_closed:
            raise Conflict(
                f"Zaak {zaak.identificatie} is niet afgesloten; alleen een afgesloten zaak kan "
                "worden overgedragen aan een archiefbewaarplaats.",
                code="zaak-niet-afgesloten",
            )
        values = {name: getattr(zaak, name) for name in CHECKED}
        values["archiefstatus"] = Archiefstatus.overgedragen
        errors = check_zaak(
            actor=actor,
            zaaktype=zaak.zaaktype,
            values=values,
            zaak=zaak,
            scope=SCOPE,
            own_hosts=hosts,
        )
        if errors:
            raise ValidationFailed(
                errors,
                f"Zaak {zaak.identificatie} kan niet worden overgedragen: {errors[0].reason}",
            )
        oud = audit.snapshot(zaak)
        zaak.archiefstatus = Archiefstatus.overgedragen
        zaak.save(update_fields=["archiefstatus"])
        audit.record(
            actor=actor,
            actie="partial_update",
            hoofd_object=zaak,
            resource=zaak,
            oud=oud,
            nieuw=audit.snapshot(zaak),
        )
        gebeurtenissen.publiceer(ZaakGewijzigd(zaak.pk))  # consumers: iwerk/verbindingen.py
        changed += 1
    return changed
