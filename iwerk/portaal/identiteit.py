"""Who is signed in to the portaal: a citizen (BSN) or a business (KvK), at an assurance level,
and — with DigiD Machtigen or eHerkenning bewindvoering/ketenmachtiging — for whom they act.

Kept in the session only — citizens have no account in iwerk; their identity comes from DigiD or
eHerkenning at every sign-in. The session forgets it after IWERK_PORTAAL_INACTIEF seconds idle.
Name and address are not part of it unless the fallback IWERK_PORTAAL_PREFILL_UIT_CLAIMS takes
them from the broker's claims; the portaal asks the BRP or the KvK for them (ADR 0051).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "portaal_identiteit"

# Higher is stronger; a product asks for a minimum. eHerkenning EH3 ranks with DigiD substantieel
# (both eIDAS "substantial"); a product asks for one means, so the two never compete directly.
NIVEAUS = {
    "geen": 0,
    "digid_basis": 1,
    "digid_midden": 2,
    "digid_substantieel": 3,
    "digid_hoog": 4,
    "eherkenning_eh2": 1,
    "eherkenning_eh2plus": 2,
    "eherkenning_eh3": 3,
    "eherkenning_eh4": 4,
}
# The acr values the brokers use (SAML authentication contexts of Logius, via OIDC acr).
ACR = {
    "digid_basis": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    "digid_midden": "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
    "digid_substantieel": "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
    "digid_hoog": "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI",
    "eherkenning_eh2": "urn:etoegang:core:assurance-class:loa2",
    "eherkenning_eh2plus": "urn:etoegang:core:assurance-class:loa2plus",
    "eherkenning_eh3": "urn:etoegang:core:assurance-class:loa3",
    "eherkenning_eh4": "urn:etoegang:core:assurance-class:loa4",
}
NIVEAU_VAN_ACR = {acr: niveau for niveau, acr in ACR.items()}


# The kinds of authorisation a broker can report, as the portaal names them to the citizen.
MACHTIGINGEN = {
    "digid_machtigen": "DigiD Machtigen",
    "bewindvoering": "eHerkenning bewindvoering",
    "ketenmachtiging": "eHerkenning ketenmachtiging",
}
ALLE_DIENSTEN = "*"


@dataclass(frozen=True)
class Identiteit:
    middel: str  # "digid" or "eherkenning": how the person at the keyboard signed in
    nummer: str  # their BSN or KvK-nummer
    niveau: str  # a key of NIVEAUS
    naam: str = ""  # from the claims, only with the fallback IWERK_PORTAAL_PREFILL_UIT_CLAIMS
    adres: dict = field(default_factory=dict)  # straat, huisnummer, postcode, woonplaats (idem)
    # Acting for someone else: the represented citizen's BSN, the kind of authorisation (a key of
    # MACHTIGINGEN) and the services it covers (zaaktype identificaties, or ALLE_DIENSTEN).
    vertegenwoordigde: str = ""
    machtiging: str = ""
    diensten: tuple[str, ...] = ()

    @property
    def is_bedrijf(self) -> bool:
        """Whether the zaken and data are a business's: a KvK sign-in acting for nobody else."""
        return self.middel == "eherkenning" and not self.vertegenwoordigde

    @property
    def soort(self) -> str:
        return "KvK-nummer" if self.middel == "eherkenning" else "BSN"

    @property
    def handelt_namens(self) -> bool:
        return bool(self.vertegenwoordigde)

    @property
    def betrokkene(self) -> str:
        """Whose zaken, drafts and register data these are: the represented citizen's BSN when
        acting for someone, else the signed-in BSN or KvK-nummer."""
        return self.vertegenwoordigde or self.nummer

    @property
    def eigenaar(self) -> str:
        """The owner key of a draft (Concept.eigenaar, 20 characters): a draft made for someone
        else belongs to that pair, never to either person alone."""
        if self.vertegenwoordigde:
            return f"{self.nummer}>{self.vertegenwoordigde}"
        return self.nummer

    @property
    def gebruiker_id(self) -> str:
        """Who asks, in a register lookup's x-gebruiker and the inzage log: "digid:<bsn>" or
        "eherkenning:<kvk>" — the person at the keyboard, also when acting for someone."""
        return f"{self.middel}:{self.nummer}"

    @property
    def gebruiker_weergave(self) -> str:
        if self.vertegenwoordigde:
            return f"Gemachtigde ({MACHTIGINGEN.get(self.machtiging, 'machtiging')})"
        return "Ondernemer (eHerkenning)" if self.middel == "eherkenning" else "Inwoner (DigiD)"

    @property
    def machtiging_weergave(self) -> str:
        return MACHTIGINGEN.get(self.machtiging, "machtiging")

    def mag_dienst(self, zaaktype_identificatie: str) -> bool:
        """Whether this sign-in may request or see zaken of this zaaktype: always for oneself,
        for someone else only within the services the authorisation names."""
        if not self.vertegenwoordigde:
            return True
        return ALLE_DIENSTEN in self.diensten or zaaktype_identificatie in self.diensten

    def voldoet_aan(self, gevraagd: str) -> bool:
        """Whether this sign-in is good enough for a product asking for `gevraagd`.

        A business or bewindvoerder signed in with eHerkenning for a citizen may use a citizen's
        (DigiD) product at the same eIDAS level; otherwise the means must match.
        """
        if gevraagd == "geen":
            return True
        gevraagd_middel = gevraagd.split("_")[0]
        namens_burger = self.middel == "eherkenning" and self.vertegenwoordigde
        if gevraagd_middel != self.middel and not (namens_burger and gevraagd_middel == "digid"):
            return False
        return NIVEAUS.get(self.niveau, 0) >= NIVEAUS[gevraagd]


def huidige(request: HttpRequest) -> Identiteit | None:
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    if time.time() - data.get("actief", 0) > settings.IWERK_PORTAAL_INACTIEF:
        afmelden(request)
        return None
    data["actief"] = time.time()
    request.session.modified = True
    velden = {k: v for k, v in data.items() if k != "actief"}
    velden["diensten"] = tuple(velden.get("diensten") or ())  # a list after JSON
    return Identiteit(**velden)


def aanmelden(request: HttpRequest, identiteit: Identiteit) -> None:
    # A new session id at sign-in: a session id planted before cannot be taken over.
    request.session.cycle_key()
    request.session[SESSION_KEY] = {**asdict(identiteit), "actief": time.time()}


def afmelden(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
