"""Who a sent request names on its zaak (ADR 0051).

- Oneself: the initiator, with the name and address the BRP (or the KvK) gave when the draft was
  opened — the checked identity — and, when the citizen changed them on the form, what they
  typed in the roltoelichting; without register data what the citizen typed, said to be not
  checked.
- A gemachtigde (DigiD Machtigen, eHerkenning bewindvoering or ketenmachtiging): the initiator
  is the representative with indicatieMachtiging "gemachtigde" — they started the zaak and are
  the one the gemeente writes to — and the represented citizen is belanghebbende with
  indicatieMachtiging "machtiginggever" (ZGW Rol: both betrokkenen at the same zaak).
- A parent for a minor they hold gezag over: the parent is initiator, the minor belanghebbende.
"""

from __future__ import annotations

from dataclasses import replace

from iwerk.catalogi.models import RolType, ZaakType
from iwerk.core.api.actor import Actor
from iwerk.portaal.identiteit import Identiteit
from iwerk.portaal.models import Concept
from iwerk.portaal.services import vooraf
from iwerk.zaken.models import Zaak
from iwerk.zaken.services import add_rol
from iwerk.zaken.services.aanvraag import Initiator, persoon, vestiging

NIET_GECONTROLEERD = " (naam en adres niet gecontroleerd in de BRP)"


class GeenRolType(Exception):
    """The zaaktype has no roltype for a betrokkene the request must name."""


class BuitenMachtiging(Exception):
    """The gemachtigde's authorisation does not cover the zaaktype."""


def _register(concept: Concept, identiteit: Identiteit) -> dict:
    """What the register said when the draft was opened, if it is about this person."""
    gegeven = concept.gegevens.get(vooraf.PERSOON) or {}
    if gegeven.get("bron") == "claims":
        return gegeven
    sleutel = "kvk" if gegeven.get("bron") == "kvk" else "bsn"
    verwacht = identiteit.nummer if sleutel == "kvk" else identiteit.betrokkene
    return gegeven if gegeven.get(sleutel) == verwacht else {}


def _zonder_leeg_adres(identificatie: dict) -> dict:
    """Leave out a verblijfsadres with nothing in it (the Zaken API allows none): an empty one
    with aoaHuisnummer 0 reads as an address that is wrong rather than unknown."""
    adres = identificatie.get("verblijfsadres")
    if adres is None or any(adres.values()):
        return identificatie
    return {k: v for k, v in identificatie.items() if k != "verblijfsadres"}


def _opgave(concept: Concept, gegeven: dict, wie: str) -> str:
    """The roltoelichting's addition when the form's name or address differ from the register's:
    the rol keeps the register's (the checked identity), the handler sees the correction."""
    opgave = vooraf.eigen_opgave(concept.product.formulier, concept.gegevens)
    if not opgave or gegeven.get("bron") not in ("brp", "kvk"):
        return ""
    register = "de BRP" if gegeven["bron"] == "brp" else "het Handelsregister"
    return f". Gegevens uit {register}. De {wie} gaf op: {opgave}."


def _naam_delen(naam: str) -> dict:
    delen = naam.split(" ")
    return {"geslachtsnaam": delen[-1] if naam else "", "voornamen": " ".join(delen[:-1])}


def _burger(bsn: str, concept: Concept, identiteit: Identiteit) -> tuple[dict, bool]:
    """The betrokkeneIdentificatie of the citizen the request is about, and whether it was
    checked in the BRP (or given by the broker, in the fallback)."""
    gegeven = _register(concept, identiteit)
    if gegeven.get("bron") == "brp":
        velden = {
            k: gegeven.get(k, "")
            for k in (
                "geslachtsnaam",
                "voorvoegsel",
                "voornamen",
                "geboortedatum",
                "straat",
                "huisletter",
                "huisnummertoevoeging",
                "postcode",
                "woonplaats",
                "identificatie",
            )
        }
        return persoon(bsn=bsn, huisnummer=gegeven.get("huisnummer") or 0, **velden), True
    if gegeven.get("bron") == "claims":
        adres = {k: gegeven.get(k, "") for k in ("straat", "huisnummer", "postcode", "woonplaats")}
        return persoon(bsn=bsn, **_naam_delen(gegeven.get("naam", "")), **adres), True
    getypt = vooraf.getypt(concept.product.formulier, concept.gegevens)
    naam = getypt.pop("naam")
    return persoon(bsn=bsn, **_naam_delen(naam), **getypt), False


def initiator(identiteit: Identiteit | None, concept: Concept) -> Initiator | None:
    """The initiator of the zaak for this draft, sent by `identiteit`."""
    gevonden = _initiator(identiteit, concept)
    if gevonden is None:
        return None
    return replace(gevonden, identificatie=_zonder_leeg_adres(gevonden.identificatie))


def _initiator(identiteit: Identiteit | None, concept: Concept) -> Initiator | None:
    gegevens = concept.gegevens
    contact = {
        "emailadres": concept.emailadres,
        "telefoonnummer": gegevens.get("telefoon") or "",
        "naam": (identiteit.naam if identiteit else "") or gegevens.get("naam") or "",
    }
    if identiteit is None:
        if not concept.emailadres:
            return None  # fully anonymous: nobody to relate or to inform
        return Initiator("natuurlijk_persoon", persoon(), contact, roltoelichting="Melder")
    if identiteit.handelt_namens:
        contact["naam"] = identiteit.naam
        toelichting = f"Gemachtigde ({identiteit.machtiging_weergave})"
        if identiteit.middel == "eherkenning":
            wie = vestiging(kvk_nummer=identiteit.nummer, handelsnaam=identiteit.naam)
            return Initiator("vestiging", wie, contact, toelichting, "gemachtigde")
        wie = persoon(bsn=identiteit.nummer, **_naam_delen(identiteit.naam))
        return Initiator("natuurlijk_persoon", wie, contact, toelichting, "gemachtigde")
    if identiteit.is_bedrijf:
        gegeven = _register(concept, identiteit)
        if gegeven.get("bron") == "kvk":
            adres = {
                k: gegeven.get(k, "")
                for k in ("straat", "huisletter", "huisnummertoevoeging", "postcode", "woonplaats")
            }
            wie = vestiging(
                kvk_nummer=identiteit.nummer,
                handelsnaam=gegeven.get("handelsnaam", ""),
                vestigingsnummer=gegeven.get("vestigingsnummer", ""),
                huisnummer=gegeven.get("huisnummer") or 0,
                identificatie=gegeven.get("identificatie", ""),
                **adres,
            )
        else:
            getypt = vooraf.getypt(concept.product.formulier, gegevens)
            naam = getypt.pop("naam")
            wie = vestiging(
                kvk_nummer=identiteit.nummer, handelsnaam=identiteit.naam or naam, **getypt
            )
        return Initiator(
            "vestiging", wie, contact, "Aanvrager" + _opgave(concept, gegeven, "aanvrager")
        )
    wie, gecontroleerd = _burger(identiteit.nummer, concept, identiteit)
    toelichting = "Aanvrager" + ("" if gecontroleerd else NIET_GECONTROLEERD)
    toelichting += _opgave(concept, _register(concept, identiteit), "aanvrager")
    return Initiator("natuurlijk_persoon", wie, contact, toelichting)


def _belanghebbende_roltype(zaaktype: ZaakType) -> RolType:
    roltype = (
        RolType.objects.filter(zaaktype=zaaktype, omschrijving_generiek="belanghebbende")
        .order_by("pk")
        .first()
    )
    if roltype is None:
        raise GeenRolType(zaaktype.identificatie)
    return roltype


def controleren(identiteit: Identiteit | None, concept: Concept, zaaktype: ZaakType) -> None:
    """Before anything is stored: may this be sent, and can the zaaktype name everyone?
    Raises BuitenMachtiging, GeenRolType."""
    if identiteit is not None and not identiteit.mag_dienst(zaaktype.identificatie):
        raise BuitenMachtiging(zaaktype.identificatie)
    namens = identiteit is not None and identiteit.handelt_namens
    if namens or vooraf.gekozen_kind(concept.gegevens):
        _belanghebbende_roltype(zaaktype)


def belanghebbenden(
    actor: Actor, zaak: Zaak, identiteit: Identiteit | None, concept: Concept
) -> None:
    """Add the represented citizen and the chosen minor to the zaak, as belanghebbende."""
    if identiteit is None:
        return
    if identiteit.handelt_namens:
        wie, gecontroleerd = _burger(identiteit.vertegenwoordigde, concept, identiteit)
        toelichting = "Vertegenwoordigde" + ("" if gecontroleerd else NIET_GECONTROLEERD)
        toelichting += _opgave(concept, _register(concept, identiteit), "gemachtigde")
        add_rol(
            actor=actor,
            zaak=zaak,
            roltype=_belanghebbende_roltype(zaak.zaaktype),
            betrokkene_type="natuurlijk_persoon",
            betrokkene_identificatie=_zonder_leeg_adres(wie),
            roltoelichting=toelichting,
            indicatie_machtiging="machtiginggever",
        )
    kind = vooraf.gekozen_kind(concept.gegevens)
    if kind is not None:
        add_rol(
            actor=actor,
            zaak=zaak,
            roltype=_belanghebbende_roltype(zaak.zaaktype),
            betrokkene_type="natuurlijk_persoon",
            betrokkene_identificatie=_zonder_leeg_adres(
                persoon(
                    bsn=kind["bsn"],
                    voornamen=kind.get("voornamen", ""),
                    voorvoegsel=kind.get("voorvoegsel", ""),
                    geslachtsnaam=kind.get("geslachtsnaam", ""),
                    geboortedatum=kind.get("geboortedatum", ""),
                )
            ),
            roltoelichting=f"Minderjarige voor wie de aanvraag is (gezag: {kind.get('gezag', '')})",
        )
