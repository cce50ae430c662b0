"""The basisregistraties in the werkplek: who asks, what a lookup shows, and the signed choice.

A handler picks a person from the BRP (or a company from the KvK, an address from the BAG); the
picked data travel to the intake's submit as a token signed with the installation's key
(django.core.signing), bound to the handler, the gemeente and the zaaktype the lookup was made
for. So the submit needs no second lookup, and a handler cannot post typed data as "checked in
the BRP": an edited token fails its signature, one made for another zaaktype (another purpose)
or by another user is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.utils import timezone

from iwerk.basisregistraties.gegevens import Adres, Bedrijf, Bevraging, Persoon
from iwerk.basisregistraties.selectors.koppelingen import VERDER
from iwerk.medewerkers.actor import Werkplekcontext

SALT = "iwerk.werkplek.basisgegevens"
GELDIG = 4 * 3600  # seconds a choice stays valid: one working morning at the counter

BRON = {"brp": "de BRP", "kvk": "de KvK", "bag": "de BAG"}
ADRESVELDEN = (
    "straat",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "postcode",
    "woonplaats",
)


class OngeldigeKeuze(Exception):
    """A token that is edited, expired, or made for another user, gemeente or zaaktype."""

    def __init__(self, bericht: str) -> None:
        super().__init__(bericht)
        self.bericht = bericht


@dataclass(frozen=True)
class Keuze:
    """Data picked from a register, as the intake form's field names."""

    bron: str  # brp, kvk, bag
    gegevens: dict[str, Any]
    groepen: tuple[str, ...]
    opgevraagd: datetime

    @property
    def opgevraagd_tekst(self) -> str:
        moment = timezone.localtime(self.opgevraagd)
        return f"{moment.day}-{moment.month}-{moment.year} {moment:%H:%M}"

    def roltoelichting(self) -> str:
        """What the rol says about where its data came from."""
        delen = {"brp": "BSN", "kvk": "KvK-nummer"}.get(self.bron, "")
        namen = {"naam": "naam", "geboorte": "geboortedatum", "adres": "adres"}
        if self.bron == "kvk":
            namen = {"naam": "handelsnaam", "adres": "bezoekadres"}
        lijst = [delen, *(namen[g] for g in self.groepen if g in namen)]
        return (
            f"Aanvrager. Gegevens uit {BRON[self.bron]} (opgevraagd {self.opgevraagd_tekst}): "
            f"{', '.join(lijst)}."
        )


def zonder_verder(bericht: str) -> str:
    """A register's message without its closing advice to go on with the typed data: on the
    zaak page nothing is typed, so only what happened is said."""
    return bericht.removesuffix(VERDER).rstrip()


def niet_gecontroleerd(bron: str) -> str:
    return f"Aanvrager. Niet gecontroleerd in {BRON[bron]}."


def bevraging(
    context: Werkplekcontext,
    zaaktype_identificatie: str,
    *,
    gemeente_id: int | None = None,
    zaak_uuid: str | None = None,
) -> Bevraging:
    """The werkplek user asking, for an intake (no zaak yet) or for a zaak of their gemeente."""
    actor = context.actor
    return Bevraging(
        gemeente_id=gemeente_id or context.gemeente.pk,
        zaaktype_identificatie=zaaktype_identificatie,
        kanaal="werkplek",
        gebruikers_id=actor.user_id,
        gebruikers_weergave=actor.user_representation,
        zaak_uuid=zaak_uuid,
        applicatie_id=actor.client_id,
    )


def _adres(adres: Adres | None) -> dict[str, Any]:
    if adres is None:
        return {}
    return {
        "straat": adres.straat,
        "huisnummer": adres.huisnummer,
        "huisletter": adres.huisletter,
        "huisnummertoevoeging": adres.huisnummertoevoeging,
        "postcode": _postcode(adres.postcode),
        "woonplaats": adres.woonplaats,
        "adres_id": adres.nummeraanduiding_id,
    }


def _postcode(postcode: str) -> str:
    postcode = postcode.replace(" ", "").upper()
    return f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode


def persoon_gegevens(persoon: Persoon) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The form fields a BRP person fills, only from the groups the purpose allowed."""
    gegevens: dict[str, Any] = {"bsn": persoon.bsn}
    groepen = []
    if "naam" in persoon.groepen:
        groepen.append("naam")
        gegevens |= {
            "voornamen": persoon.voornamen or "",
            "voorvoegsel": persoon.voorvoegsel or "",
            "geslachtsnaam": persoon.geslachtsnaam or "",
        }
    if "geboorte" in persoon.groepen:
        groepen.append("geboorte")
        datum = persoon.geboortedatum
        gegevens["geboortedatum"] = datum.isoformat() if datum else ""
    if "adres" in persoon.groepen:
        groepen.append("adres")
        gegevens |= _adres(persoon.adres or Adres())
    return gegevens, tuple(groepen)


def bedrijf_gegevens(bedrijf: Bedrijf) -> tuple[dict[str, Any], tuple[str, ...]]:
    gegevens: dict[str, Any] = {
        "kvk_nummer": bedrijf.kvk_nummer,
        "vestigingsnummer": bedrijf.vestigingsnummer,
    }
    groepen = []
    if "naam" in bedrijf.groepen:
        groepen.append("naam")
        gegevens["handelsnaam"] = (bedrijf.handelsnamen or (bedrijf.naam or "",))[0]
    if "adres" in bedrijf.groepen:
        groepen.append("adres")
        gegevens |= _adres(bedrijf.adres or Adres())
    return gegevens, tuple(groepen)


def adres_gegevens(adres: Adres) -> dict[str, Any]:
    return _adres(adres)


def teken(
    bron: str,
    context: Werkplekcontext,
    zaaktype_identificatie: str,
    gegevens: dict[str, Any],
    groepen: tuple[str, ...] = (),
) -> str:
    """A signed choice of looked-up data, bound to this user, gemeente and zaaktype."""
    return signing.dumps(
        {
            "b": bron,
            "u": context.actor.user_id,
            "g": context.gemeente.pk,
            "z": zaaktype_identificatie,
            "t": timezone.now().isoformat(),
            "d": gegevens,
            "r": list(groepen),
        },
        salt=SALT,
        compress=True,
    )


def lees(
    token: str, bron: str, context: Werkplekcontext, zaaktype_identificatie: str | None
) -> Keuze:
    """The choice in token, checked: signature, age, user, gemeente and (unless None) zaaktype.

    Raises OngeldigeKeuze with the Dutch reason.
    """
    naam = BRON[bron]
    try:
        inhoud = signing.loads(token, salt=SALT, max_age=GELDIG)
    except signing.SignatureExpired:
        raise OngeldigeKeuze(
            f"De gekozen gegevens uit {naam} zijn verlopen; zoek ze opnieuw op."
        ) from None
    except signing.BadSignature:
        raise OngeldigeKeuze(
            f"De gekozen gegevens uit {naam} zijn ongeldig; zoek ze opnieuw op."
        ) from None
    if (
        not isinstance(inhoud, dict)
        or inhoud.get("b") != bron
        or inhoud.get("u") != context.actor.user_id
        or inhoud.get("g") != context.gemeente.pk
    ):
        raise OngeldigeKeuze(f"De gekozen gegevens uit {naam} zijn ongeldig; zoek ze opnieuw op.")
    if zaaktype_identificatie is not None and inhoud.get("z") != zaaktype_identificatie:
        raise OngeldigeKeuze(
            f"De gegevens uit {naam} zijn opgevraagd voor een ander zaaktype. Het doel van het "
            "zaaktype bepaalt wat u mag opvragen: zoek ze opnieuw op voor dit zaaktype."
        )
    return Keuze(
        bron=bron,
        gegevens=dict(inhoud.get("d") or {}),
        groepen=tuple(inhoud.get("r") or ()),
        opgevraagd=datetime.fromisoformat(inhoud["t"]),
    )


def naam(persoon: Persoon) -> str:
    if persoon.volledige_naam:
        return persoon.volledige_naam
    delen = (persoon.voornamen, persoon.voorvoegsel, persoon.geslachtsnaam)
    return " ".join(d for d in delen if d) or f"BSN {persoon.bsn}"


def persoon_regels(persoon: Persoon) -> list[tuple[str, str]]:
    """Label and value of each group asked, as the zaak page shows the current BRP data."""
    regels = [("BSN", persoon.bsn)]
    if "naam" in persoon.groepen:
        regels.append(("Naam", naam(persoon)))
    if "geboorte" in persoon.groepen:
        geboren = persoon.geboortedatum
        tekst = f"{geboren.day}-{geboren.month}-{geboren.year}" if geboren else "onbekend"
        if persoon.geboorteplaats:
            tekst += f" in {persoon.geboorteplaats}"
        regels.append(("Geboren", tekst))
    if persoon.geslacht is not None:
        regels.append(("Geslacht", {"M": "man", "V": "vrouw"}.get(persoon.geslacht, "onbekend")))
    if "adres" in persoon.groepen:
        regels.append(
            ("Adres", (persoon.adres.regel if persoon.adres else "") or "geen adres bekend")
        )
    if persoon.gezag is not None:
        regels.append(("Gezag", _gezag(persoon)))
    for label, lijst in (
        ("Partners", persoon.partners),
        ("Kinderen", persoon.kinderen),
        ("Ouders", persoon.ouders),
    ):
        if lijst is not None:
            regels.append((label, ", ".join(_familielid(p) for p in lijst) or "geen"))
    if persoon.overleden:
        regels.append(("Overleden", "ja"))
    return regels


def _gezag(persoon: Persoon) -> str:
    if not persoon.gezag:
        return "geen gezagsrelatie bekend"
    teksten = []
    for relatie in persoon.gezag:
        over = relatie.minderjarige_naam or relatie.minderjarige_bsn
        teksten.append(f"{relatie.type} over {over}" if over else relatie.type)
    return "; ".join(teksten)


def _familielid(gegevens: dict) -> str:
    naam_ = gegevens.get("naam")
    if isinstance(naam_, dict):
        naam_ = naam_.get("volledigeNaam") or " ".join(
            str(naam_.get(k) or "") for k in ("voornamen", "voorvoegsel", "geslachtsnaam")
        )
    tekst = " ".join(str(naam_ or "").split()) or str(gegevens.get("volledigeNaam") or "")
    bsn = gegevens.get("burgerservicenummer") or gegevens.get("bsn")
    return f"{tekst} (BSN {bsn})" if bsn and tekst else tekst or (f"BSN {bsn}" if bsn else "")


def bedrijf_regels(bedrijf: Bedrijf) -> list[tuple[str, str]]:
    regels = [("KvK-nummer", bedrijf.kvk_nummer)]
    if bedrijf.naam is not None:
        regels.append(("Naam", bedrijf.naam))
    if bedrijf.handelsnamen is not None:
        regels.append(("Handelsnamen", ", ".join(bedrijf.handelsnamen) or "geen"))
    if bedrijf.rechtsvorm is not None:
        regels.append(("Rechtsvorm", bedrijf.rechtsvorm))
    if bedrijf.adres is not None:
        regels.append(("Bezoekadres", bedrijf.adres.regel or "geen adres bekend"))
    if bedrijf.activiteiten is not None:
        regels.append(("Activiteiten", ", ".join(bedrijf.activiteiten) or "geen"))
    if bedrijf.datum_einde:
        einde = bedrijf.datum_einde
        regels.append(("Opgeheven per", f"{einde.day}-{einde.month}-{einde.year}"))
    return regels
