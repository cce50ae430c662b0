"""The facts the brondatum of a closing zaak is derived from (zrc-021), gathered for the
resultaattype's afleidingswijze only, so closing costs no query that the derivation does not use.

`archiving.brondatum` is the pure rule; this module reads the zaak's data for it. Where a fact
cannot be known here the brondatum stays undetermined and no archiefactiedatum is set, as
zrc-021 prescribes for a date that cannot be determined ("dan MAG er geen datum gezet worden"),
rather than a date that may lie too early (ADR 0067):

- `eigenschap`: the zaak's zaakeigenschap whose naam is the datumkenmerk (formaat datum or
  datum_tijd, or an ISO date); of several such, the latest; undetermined when one is no date.
- `gerelateerde_zaak`: the highest einddatum of the relevante andere zaken; undetermined while
  one of them is open, lives in another register, or belongs to another gemeente (its dates are
  not this gemeente's to read).
- `zaakobject`: the highest value of the datumkenmerk among the zaakobjecten of the objecttype,
  read from their objectIdentificatie (for `overige`: its overigeData); undetermined when one of
  them has no such value there (an object known only by its URL in another register is not
  fetched while the zaak is being closed).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import urlsplit

from iwerk.catalogi.models import ResultaatType
from iwerk.zaken.models import Zaak, ZaakEigenschap, ZaakObject
from iwerk.zaken.services.archiving import BrondatumGegevens, besluitdatums, parse_date
from iwerk.zaken.services.zaakregels import ZAAK_PATH


def brondatum_gegevens(zaak: Zaak, resultaattype: ResultaatType) -> BrondatumGegevens:
    """The facts for zaak (being closed, its einddatum set) under resultaattype's afleidingswijze;
    zaak is the locked read of status.set_status (with hoofdzaak_einddatum)."""
    wijze = resultaattype.brondatum_afleidingswijze or "afgehandeld"
    gegevens = BrondatumGegevens(
        einddatum=zaak.einddatum,
        hoofdzaak_einddatum=getattr(zaak, "hoofdzaak_einddatum", None),
    )
    kenmerk = resultaattype.brondatum_datumkenmerk
    if wijze in ("ingangsdatum_besluit", "vervaldatum_besluit"):
        # The Besluiten register, above this one, answers through archiving.besluitdatums.
        ingangsdatums, vervaldatums = besluitdatums(zaak.pk)
        return replace(
            gegevens, besluit_ingangsdatums=ingangsdatums, besluit_vervaldatums=vervaldatums
        )
    if wijze == "eigenschap" and kenmerk:
        waarden = ZaakEigenschap.objects.filter(zaak=zaak, naam=kenmerk).values_list(
            "waarde", flat=True
        )
        datums = [parse_date(w) for w in waarden]
        if not datums or any(d is None for d in datums):
            return gegevens  # none, or one that is not a date: undetermined
        # The standard expects one value; where a zaak holds several, the latest decides (an
        # earlier one could put the zaak up for destruction too soon).
        return replace(gegevens, eigenschappen={kenmerk: max(d for d in datums if d).isoformat()})
    if wijze == "gerelateerde_zaak":
        return replace(gegevens, gerelateerde_einddatums=_gerelateerde_einddatums(zaak))
    if wijze == "zaakobject" and kenmerk:
        return replace(
            gegevens,
            zaakobject_datums=_zaakobject_datums(zaak, resultaattype.brondatum_objecttype, kenmerk),
        )
    return gegevens


def _gerelateerde_einddatums(zaak: Zaak) -> tuple[date, ...]:
    """The einddatums of every relevante andere zaak, or () when one of them is not known."""
    uuids = []
    for relatie in zaak.relevante_andere_zaken or []:
        url = relatie.get("url", "") if isinstance(relatie, dict) else ""
        match = ZAAK_PATH.search(urlsplit(url).path)
        if match is None:
            return ()  # another register's zaak
        uuids.append(match.group(1).lower())
    if not uuids:
        return ()
    einddatums = dict(
        Zaak.objects.filter(uuid__in=uuids, tenant_id=zaak.tenant_id).values_list(
            "uuid", "einddatum"
        )
    )
    if len(einddatums) < len(set(uuids)) or any(d is None for d in einddatums.values()):
        return ()  # gone, of another gemeente, or still open
    return tuple(d for d in einddatums.values() if d is not None)


def _zaakobject_datums(zaak: Zaak, objecttype: str, kenmerk: str) -> tuple[date, ...]:
    """The datumkenmerk of every zaakobject of objecttype, or () when one of them lacks it."""
    datums = []
    objecten = ZaakObject.objects.filter(zaak=zaak, object_type=objecttype).values_list(
        "object_identificatie", flat=True
    )
    for identificatie in objecten:
        waarde = _kenmerk(identificatie, kenmerk)
        datum = parse_date(str(waarde)) if waarde not in (None, "") else None
        if datum is None:
            return ()
        datums.append(datum)
    return tuple(datums)


def _kenmerk(identificatie: object, kenmerk: str) -> object:
    """The attribute of an objectIdentificatie: its own, or for `overige` in its overigeData."""
    if not isinstance(identificatie, dict):
        return None
    if kenmerk in identificatie:
        return identificatie[kenmerk]
    overig = identificatie.get("overigeData")
    return overig.get(kenmerk) if isinstance(overig, dict) else None
