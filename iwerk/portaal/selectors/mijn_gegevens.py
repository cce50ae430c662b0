"""Mijn gegevens: the addresses and preferred channel of the one signed in, as the gemeente's
Klantinteracties register holds them (ADR 0055). Three queries, whatever the partij has."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from iwerk.berichten.services.bezorging import telefoonnummer
from iwerk.core.models import Gemeente
from iwerk.klantinteracties.models import DigitaalAdres, Partij, SoortDigitaalAdres
from iwerk.klantinteracties.services.portaalcontact import ALLEEN_MIJN_ZAKEN, partij_van
from iwerk.portaal.identiteit import Identiteit
from iwerk.portaal.models import AdresVerificatie

SOORTEN: dict[str, str] = {
    SoortDigitaalAdres.email.value: "E-mailadres",
    SoortDigitaalAdres.telefoonnummer.value: "Telefoonnummer",
    SoortDigitaalAdres.overig.value: "Overig",
}


@dataclass(frozen=True)
class Adresregel:
    """One address as the page shows it: may it be the voorkeur, does it wait for its code."""

    adres: DigitaalAdres
    soort: str
    wacht_op_code: bool
    kan_voorkeur: bool
    is_voorkeur: bool

    @property
    def toestand(self) -> str:
        a = self.adres
        if a.soort_digitaal_adres == SoortDigitaalAdres.email:
            if a.verificatie_datum is not None:
                return f"bevestigd op {timezone.localtime(a.verificatie_datum):%d-%m-%Y}"
            return "nog niet bevestigd" if self.wacht_op_code else "vastgelegd door de gemeente"
        if a.soort_digitaal_adres == SoortDigitaalAdres.telefoonnummer and not self.kan_voorkeur:
            return "geen mobiel nummer: geen sms"
        return ""


@dataclass(frozen=True)
class MijnGegevens:
    partij: Partij | None
    regels: list[Adresregel] = field(default_factory=list)

    @property
    def voorkeuren(self) -> list[Adresregel]:
        return [r for r in self.regels if r.kan_voorkeur or r.is_voorkeur]

    @property
    def voorkeur(self) -> str:
        """The uuid of the voorkeur address, "" for none (Mijn zaken only)."""
        return next((str(r.adres.uuid) for r in self.regels if r.is_voorkeur), "")

    def regel(self, uuid: str) -> Adresregel | None:
        return next((r for r in self.regels if str(r.adres.uuid) == uuid), None)


def soort_nummer(wie: Identiteit) -> tuple[str, str]:
    """(codeSoortObjectId, number) of the one at the keyboard: their own data, never those of
    someone they act for."""
    return ("kvk_nummer" if wie.middel == "eherkenning" else "bsn", wie.nummer)


def _kan_voorkeur(adres: DigitaalAdres, wacht: bool) -> bool:
    """An e-mail address once it needs no code (verified, or the gemeente's own record); a
    phone number that can receive an sms (a mobile number)."""
    if adres.soort_digitaal_adres == SoortDigitaalAdres.email:
        return not wacht
    if adres.soort_digitaal_adres == SoortDigitaalAdres.telefoonnummer:
        return telefoonnummer(adres.adres) is not None
    return False


def get_mijn_gegevens(gemeente: Gemeente, wie: Identiteit) -> MijnGegevens:
    """The partij of the one signed in (None when the register does not know them yet) and its
    addresses, e-mail first, oldest first."""
    partij = partij_van(gemeente.pk, *soort_nummer(wie))
    if partij is None:
        return MijnGegevens(None)
    adressen = list(
        DigitaalAdres.objects.filter(tenant=gemeente, verstrekt_door_partij=partij)
        .select_related("verstrekt_door_betrokkene")
        .order_by("soort_digitaal_adres", "pk")
    )
    wachtend = set(
        AdresVerificatie.objects.filter(adres_uuid__in=[a.uuid for a in adressen]).values_list(
            "adres_uuid", flat=True
        )
    )
    # The "Mijn zaken" choice (portaalcontact.ALLEEN_MIJN_ZAKEN) is no address the citizen manages.
    adressen = [
        a
        for a in adressen
        if not (
            a.soort_digitaal_adres == SoortDigitaalAdres.overig
            and a.referentie == ALLEEN_MIJN_ZAKEN
        )
    ]
    regels = [
        Adresregel(
            adres=a,
            soort=SOORTEN.get(a.soort_digitaal_adres, a.soort_digitaal_adres),
            wacht_op_code=a.uuid in wachtend and a.verificatie_datum is None,
            kan_voorkeur=_kan_voorkeur(a, a.uuid in wachtend and a.verificatie_datum is None),
            is_voorkeur=a.pk == partij.voorkeurs_digitaal_adres_id,
        )
        for a in adressen
    ]
    return MijnGegevens(partij, regels)
