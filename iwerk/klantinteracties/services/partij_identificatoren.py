"""Writes of partij-identificatoren: the numbers by which a partij is known in a basisregistratie.

The rules are the reference implementation's (Open Klant 2.18, models/validators.py and the
model's constraints), with "unique" read per gemeente: the same BSN may be a partij in Deventer
and in Raalte, but not twice in Deventer (ADR 0052, tenancy).

- codeRegister decides the codeObjecttype (brp: natuurlijk_persoon; hr: niet_natuurlijk_persoon,
  vestiging), codeObjecttype the codeSoortObjectId (natuurlijk_persoon: bsn;
  niet_natuurlijk_persoon: rsin, kvk_nummer; vestiging: vestigingsnummer);
- objectId: bsn and rsin 9 digits passing the elfproef (as vng-api-common computes it), kvk_nummer
  8 digits, vestigingsnummer 12 digits;
- a vestigingsnummer is unique under its rechtspersoon: it needs subIdentificatorVan, a kvk_nummer
  identificator; no other identificator has one, and none points at itself;
- an identificator is unique in its gemeente (under its subIdentificatorVan, when it has one);
- a partij has at most one identificator per codeSoortObjectId;
- the codeSoortObjectId of an identificator that others are sub-identificator of stays as it is,
  and such an identificator cannot be removed (the model's PROTECT).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest

from iwerk.core import audit
from iwerk.core.validators import is_valid_rsin
from iwerk.klantinteracties.models import Partij, PartijIdentificator
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import (
    fout,
    gemeente_voor,
    vastleggen,
    verwijderd,
    verwijzing,
)

OBJECTTYPEN_PER_REGISTER = {
    "brp": ("natuurlijk_persoon",),
    "hr": ("vestiging", "niet_natuurlijk_persoon"),
}
SOORTEN_PER_OBJECTTYPE = {
    "natuurlijk_persoon": ("bsn",),
    "niet_natuurlijk_persoon": ("rsin", "kvk_nummer"),
    "vestiging": ("vestigingsnummer",),
}
LENGTE = {"bsn": 9, "rsin": 9, "kvk_nummer": 8, "vestigingsnummer": 12}
ELFPROEF = {"bsn": "BSN", "rsin": "RSIN"}
_CIJFERS = re.compile(r"^[0-9]+$")


@dataclass(frozen=True)
class Identificator:
    """What a client gives of one partij-identificator. References are uuids (resolved within
    what the caller may see); `uuid` names an existing identificator to change (nested in a
    partij only)."""

    code_objecttype: str
    code_soort_object_id: str
    object_id: str
    code_register: str
    andere_partij_identificator: str = ""
    sub_identificator_van: UUID | None = None
    identificeerde_partij: UUID | None = None
    uuid: UUID | None = None


def object_id_fout(soort: str, object_id: str) -> str | None:
    """Why object_id is not a valid number of this soort (Dutch), or None."""
    lengte = LENGTE.get(soort)
    if lengte is None or not object_id:
        return None
    if not _CIJFERS.match(object_id):
        return "Deze waarde is ongeldig, reden: de waarde mag alleen cijfers bevatten."
    if len(object_id) != lengte:
        return f"Deze waarde is ongeldig, reden: de waarde moet {lengte} tekens lang zijn."
    if soort in ELFPROEF and not is_valid_rsin(object_id):
        return (
            f"Deze waarde is ongeldig, reden: dit {ELFPROEF[soort]} voldoet niet aan de elfproef."
        )
    return None


def _soorten(g: Identificator, prefix: str) -> None:
    groep = f"{prefix}partijIdentificator."
    toegestaan = OBJECTTYPEN_PER_REGISTER.get(g.code_register, ())
    if g.code_objecttype not in toegestaan:
        raise fout(
            f"{groep}codeObjecttype",
            "invalid",
            f"Voor codeRegister '{g.code_register}' zijn alleen deze waarden toegestaan: "
            f"{', '.join(toegestaan)}.",
        )
    toegestaan = SOORTEN_PER_OBJECTTYPE.get(g.code_objecttype, ())
    if g.code_soort_object_id not in toegestaan:
        raise fout(
            f"{groep}codeSoortObjectId",
            "invalid",
            f"Voor codeObjecttype '{g.code_objecttype}' zijn alleen deze waarden toegestaan: "
            f"{', '.join(toegestaan)}.",
        )
    if reden := object_id_fout(g.code_soort_object_id, g.object_id):
        raise fout(f"{groep}objectId", "invalid", reden)


def _sub(
    g: Identificator,
    sub: PartijIdentificator | None,
    instance: PartijIdentificator | None,
    prefix: str,
) -> None:
    veld = f"{prefix}subIdentificatorVan"
    if g.code_soort_object_id == "vestigingsnummer":
        if sub is None:
            raise fout(
                veld,
                "required",
                "Een partij-identificator met codeSoortObjectId 'vestigingsnummer' moet een "
                "subIdentificatorVan hebben met codeSoortObjectId 'kvk_nummer'.",
            )
        if sub.code_soort_object_id != "kvk_nummer":
            raise fout(
                veld,
                "invalid",
                "Alleen een partij-identificator met codeSoortObjectId 'kvk_nummer' kan "
                "subIdentificatorVan zijn.",
            )
    elif sub is not None:
        raise fout(
            veld,
            "invalid",
            "Alleen een partij-identificator met codeSoortObjectId 'vestigingsnummer' kan een "
            "subIdentificatorVan hebben.",
        )
    if sub is not None and instance is not None and sub.pk == instance.pk:
        raise fout(
            veld,
            "invalid",
            "Een partij-identificator kan geen subIdentificatorVan van zichzelf zijn.",
        )


def _uniek(
    gemeente_id: int,
    g: Identificator,
    sub: PartijIdentificator | None,
    partij: Partij | None,
    instance: PartijIdentificator | None,
    prefix: str,
) -> None:
    anderen = PartijIdentificator.objects.filter(tenant_id=gemeente_id)
    if instance is not None and instance.pk is not None:
        anderen = anderen.exclude(pk=instance.pk)
        if (
            instance.code_soort_object_id != g.code_soort_object_id
            and instance.sub_identificatoren.exists()
        ):
            raise fout(
                f"{prefix}partijIdentificator.codeSoortObjectId",
                "invalid",
                "De codeSoortObjectId van deze partij-identificator kan niet veranderen: er zijn "
                "andere partij-identificatoren aan gekoppeld.",
            )
    gelijk = anderen.filter(
        code_objecttype=g.code_objecttype,
        code_soort_object_id=g.code_soort_object_id,
        object_id=g.object_id,
        code_register=g.code_register,
    )
    gelijk = (
        gelijk.filter(sub_identificator_van=sub)
        if sub is not None
        else gelijk.filter(sub_identificator_van__isnull=True)
    )
    if gelijk.exists():
        raise fout(
            f"{prefix}nonFieldErrors" if prefix else "nonFieldErrors",
            "unique",
            "Een partij-identificator moet uniek zijn: er bestaat er al een met deze "
            "gegevenscombinatie.",
        )
    if (
        partij is not None
        and anderen.filter(
            identificeerde_partij=partij, code_soort_object_id=g.code_soort_object_id
        ).exists()
    ):
        raise fout(
            f"{prefix}nonFieldErrors" if prefix else "nonFieldErrors",
            "unique",
            f"Een partij kan maar één partij-identificator met codeSoortObjectId "
            f"'{g.code_soort_object_id}' hebben.",
        )


def schrijf_identificator(
    instance: PartijIdentificator,
    g: Identificator,
    *,
    partij: Partij | None,
    sub: PartijIdentificator | None,
    prefix: str = "",
) -> bool:
    """Check g against every rule and store it in instance (its tenant set); whether anything
    changed. Shared by the resource and the nested partijIdentificatoren of a partij."""
    _soorten(g, prefix)
    _sub(g, sub, instance, prefix)
    _uniek(instance.tenant_id, g, sub, partij, instance, prefix)
    waarden = {
        "code_objecttype": g.code_objecttype,
        "code_soort_object_id": g.code_soort_object_id,
        "object_id": g.object_id,
        "code_register": g.code_register,
        "andere_partij_identificator": g.andere_partij_identificator,
        "sub_identificator_van_id": sub.pk if sub is not None else None,
        "identificeerde_partij_id": partij.pk if partij is not None else None,
    }
    veranderd = instance.pk is None or any(
        getattr(instance, naam) != waarde for naam, waarde in waarden.items()
    )
    if veranderd:
        for naam, waarde in waarden.items():
            setattr(instance, naam, waarde)
        instance.save()
    return veranderd


@transaction.atomic
def identificator_aanmaken(
    wie: Toegangen, g: Identificator, request: HttpRequest | None = None
) -> PartijIdentificator:
    """A new partij-identificator, in the gemeente of the partij and identificator it refers to.

    Raises ValidationFailed (the rules above), PermissionDenied."""
    partij = verwijzing(wie, Partij, g.identificeerde_partij, "identificeerdePartij")
    sub = verwijzing(wie, PartijIdentificator, g.sub_identificator_van, "subIdentificatorVan")
    instance = PartijIdentificator(tenant_id=gemeente_voor(wie, request, partij, sub))
    schrijf_identificator(instance, g, partij=partij, sub=sub)
    vastleggen(wie, "create", instance)
    return instance


@transaction.atomic
def identificator_bijwerken(
    wie: Toegangen, instance: PartijIdentificator, g: Identificator
) -> PartijIdentificator:
    """Change a partij-identificator; its references stay within its gemeente.

    Raises ValidationFailed."""
    partij = verwijzing(
        wie, Partij, g.identificeerde_partij, "identificeerdePartij", gemeente_id=instance.tenant_id
    )
    sub = verwijzing(
        wie,
        PartijIdentificator,
        g.sub_identificator_van,
        "subIdentificatorVan",
        gemeente_id=instance.tenant_id,
    )
    oud = audit.snapshot(instance)
    if schrijf_identificator(instance, g, partij=partij, sub=sub):
        vastleggen(wie, "update", instance, oud)
    return instance


def controleer_verwijderbaar(identificatoren: list[PartijIdentificator], veld: str) -> None:
    """Refuse to remove identificatoren that others (not removed with them) are sub of."""
    pks = [i.pk for i in identificatoren]
    if (
        PartijIdentificator.objects.filter(sub_identificator_van_id__in=pks)
        .exclude(pk__in=pks)
        .exists()
    ):
        raise fout(
            veld,
            "protected",
            "Deze partij-identificator kan niet worden verwijderd: andere "
            "partij-identificatoren zijn er sub-identificator van.",
        )


def identificatoren_verwijderen(wie: Toegangen, identificatoren: list[PartijIdentificator]) -> None:
    """Remove identificatoren (sub-identificatoren first), each recorded."""
    for instance in sorted(identificatoren, key=lambda i: i.sub_identificator_van_id is None):
        verwijderd(wie, instance)
        instance.delete()


@transaction.atomic
def identificator_verwijderen(wie: Toegangen, instance: PartijIdentificator) -> None:
    """Remove a partij-identificator. Raises ValidationFailed (protected) when others are its
    sub-identificator."""
    controleer_verwijderbaar([instance], "nonFieldErrors")
    identificatoren_verwijderen(wie, [instance])
