"""Who is signed in to the portaal: a citizen (BSN) or a business (KvK), at an assurance level.

Kept in the session only — citizens have no account in iwerk; their identity comes from DigiD or
eHerkenning at every sign-in. The session forgets it after IWERK_PORTAAL_INACTIEF seconds idle.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from django.conf import settings

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


@dataclass(frozen=True)
class Identiteit:
    middel: str  # "digid" or "eherkenning"
    nummer: str  # BSN or KvK-nummer
    niveau: str  # a key of NIVEAUS
    naam: str = ""
    adres: dict = field(default_factory=dict)  # straat, huisnummer, postcode, woonplaats

    @property
    def is_bedrijf(self) -> bool:
        return self.middel == "eherkenning"

    @property
    def soort(self) -> str:
        return "KvK-nummer" if self.is_bedrijf else "BSN"

    def voldoet_aan(self, gevraagd: str) -> bool:
        """Whether this sign-in is good enough for a product asking for `gevraagd`."""
        if gevraagd == "geen":
            return True
        if gevraagd.split("_")[0] != self.middel:
            return False
        return NIVEAUS.get(self.niveau, 0) >= NIVEAUS[gevraagd]


def huidige(request) -> Identiteit | None:
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    if time.time() - data.get("actief", 0) > settings.IWERK_PORTAAL_INACTIEF:
        afmelden(request)
        return None
    data["actief"] = time.time()
    request.session.modified = True
    return Identiteit(**{k: v for k, v in data.items() if k != "actief"})


def aanmelden(request, identiteit: Identiteit) -> None:
    # A new session id at sign-in: a session id planted before cannot be taken over.
    request.session.cycle_key()
    request.session[SESSION_KEY] = {**asdict(identiteit), "actief": time.time()}


def afmelden(request) -> None:
    request.session.pop(SESSION_KEY, None)
