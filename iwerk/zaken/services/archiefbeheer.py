"""The zaken side of archiefbeheer: a reviewer of a destruction list changes when or whether a
zaak is destroyed, and the zaak itself says why.

The caller (iwerk.archief) has checked the reviewer's role in the gemeente; a staff role's API
scopes (read only for archive staff) do not decide here. What the zaak keeps is the same as any
other change of the register: an audit record of the change (with the reason as its toelichting),
the ZaakGewijzigd event, and an intern ZaakNotitie with the reason, audited as well.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from iwerk.catalogi.models import Archiefnominatie
from iwerk.core import audit, gebeurtenissen
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import Conflict, ValidationFailed
from iwerk.zaken.gebeurtenissen import ZaakGewijzigd
from iwerk.zaken.models import Archiefstatus, Zaak, ZaakNotitie
from iwerk.zaken.services.common import save_part

APPLICATIE = "iwerk-archiefbeheer"


def archiefbeheerder(gebruikers_id: str, gebruikers_weergave: str, reden: str) -> Actor:
    """The actor an archive decision is recorded with: the person by name, the reason as the
    audit toelichting, no API grants (nothing is read or checked with it)."""
    return Actor(
        client_id=APPLICATIE,
        applicatie_uuid=None,
        applicatie_label="iwerk archiefbeheer",
        heeft_alle_autorisaties=False,
        user_id=gebruikers_id,
        user_representation=gebruikers_weergave,
        audit_toelichting=reden,
    )


@transaction.atomic
def wijzig_archivering(
    *,
    zaak: Zaak,
    reden: str,
    gebruikers_id: str,
    gebruikers_weergave: str,
    onderwerp: str,
    archiefactiedatum: date | None = None,
    archiefnominatie: str | None = None,
) -> Zaak:
    """Record an archive decision on a zaak: optionally a new archiefactiedatum and/or
    archiefnominatie, always the reason (a notitie, and the audit toelichting of the change).

    Rules: a reason is required; the new date lies after today; the nominatie is
    ``blijvend_bewaren`` or ``vernietigen``; only a zaak that is not archived yet
    (``nog_te_archiveren``) changes. Raises ValidationFailed or Conflict.
    """
    reden = reden.strip()
    if not reden:
        raise ValidationFailed.single("reden", "required", "Geef een reden op.")
    if archiefnominatie is not None and archiefnominatie not in Archiefnominatie.values:
        raise ValidationFailed.single(
            "archiefnominatie",
            "invalid_choice",
            "Kies als archiefnominatie ‘blijvend bewaren’ of ‘vernietigen’.",
        )
    if archiefactiedatum is not None and archiefactiedatum <= timezone.localdate():
        raise ValidationFailed.single(
            "archiefactiedatum",
            "datum-niet-in-toekomst",
            "De nieuwe archiefactiedatum moet na vandaag liggen.",
        )
    zaak = Zaak.objects.select_for_update(of=("self",)).select_related("zaaktype").get(pk=zaak.pk)
    if zaak.archiefstatus != Archiefstatus.nog_te_archiveren:
        raise Conflict(
            f"Zaak {zaak.identificatie} is al gearchiveerd of overgedragen; de archivering "
            "wijzigt niet meer.",
            code="al-gearchiveerd",
        )
    actor = archiefbeheerder(gebruikers_id, gebruikers_weergave, reden)
    changes: dict[str, object] = {}
    if archiefactiedatum is not None and archiefactiedatum != zaak.archiefactiedatum:
        changes["archiefactiedatum"] = archiefactiedatum
    if archiefnominatie is not None and archiefnominatie != zaak.archiefnominatie:
        changes["archiefnominatie"] = archiefnominatie
    regels = [reden]
    if changes:
        oud = audit.snapshot(zaak)
        for name, value in changes.items():
            setattr(zaak, name, value)
        zaak.save(update_fields=list(changes))
        audit.record(
            actor=actor,
            actie="partial_update",
            hoofd_object=zaak,
            resource=zaak,
            oud=oud,
            nieuw=audit.snapshot(zaak),
        )
        gebeurtenissen.publiceer(ZaakGewijzigd(zaak.pk))  # consumers: iwerk/verbindingen.py
        regels.append(_gewijzigd(changes))
    save_part(
        actor=actor,
        zaak=zaak,
        obj=ZaakNotitie(tenant_id=zaak.tenant_id, gerelateerd_aan=zaak),
        fields={
            "onderwerp": onderwerp[:255],
            "tekst": "\n\n".join(regels),
            "aangemaakt_door": gebruikers_weergave[:255],
            "notitie_type": "intern",
            "status": "definitief",
        },
    )
    return zaak


def _gewijzigd(changes: dict[str, object]) -> str:
    delen = []
    datum = changes.get("archiefactiedatum")
    if isinstance(datum, date):
        delen.append(f"archiefactiedatum {datum:%d-%m-%Y}")
    nominatie = changes.get("archiefnominatie")
    if isinstance(nominatie, str):
        delen.append(f"archiefnominatie ‘{Archiefnominatie(nominatie).label.lower()}’")
    return "Nieuw: " + " en ".join(delen) + "."
