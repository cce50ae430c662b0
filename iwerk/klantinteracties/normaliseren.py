"""The form in which a digitaal adres is looked up (`DigitaalAdres.zoekwaarde`): what a caller
says and what a client once wrote are compared in one shape, by an indexed equality.

- an e-mail address: trimmed and lower-cased ("Jan@Example.NL " and "jan@example.nl" are one);
- a phone number: digits only, a Dutch one in its national form ("+31 6 1234 5678",
  "0031612345678", "06-12345678" and "+31 (0)6 12345678" are all "0612345678"), one of another
  country as "+" and its digits ("0032 2 123 45 67" is "+3221234567");
- any other soort: "" (the contact centre does not search on it).

Only the shape is normalised: whether a number can be called is the service's rule
(services.digitaleadressen.telefoonnummer_fout).
"""

from __future__ import annotations

import re

from iwerk.klantinteracties.keuzes import SoortDigitaalAdres

_OPMAAK = re.compile(r"[\s\-./()]")
_NUL_TUSSEN_HAAKJES = re.compile(r"\(\s*0\s*\)")  # "+31 (0)6 …": the trunk 0 shown in brackets
NEDERLAND = "31"


def email_zoekwaarde(adres: str) -> str:
    return adres.strip().lower()


def telefoon_zoekwaarde(adres: str) -> str:
    """The number in its national form (Dutch) or "+" and digits (another country); what is left
    when it has other characters than digits, spaces, dashes, dots, slashes and brackets after
    an optional leading "+" is returned as it is, trimmed (it then matches only itself)."""
    waarde = _OPMAAK.sub("", _NUL_TUSSEN_HAAKJES.sub("", adres.strip()))
    if waarde.startswith("+"):
        internationaal = waarde[1:]
    elif waarde.startswith("00"):
        internationaal = waarde[2:]
    else:
        return waarde if waarde.isdigit() else adres.strip()
    if not internationaal.isdigit():
        return adres.strip()
    if internationaal.startswith(NEDERLAND):
        # "+31 06 …" (a trunk 0 written after the country code) is the same number.
        return "0" + internationaal[len(NEDERLAND) :].removeprefix("0")
    return "+" + internationaal


def zoekwaarde(soort: str, adres: str) -> str:
    """What DigitaalAdres.zoekwaarde holds for an adres of this soort."""
    if soort == SoortDigitaalAdres.email:
        return email_zoekwaarde(adres)
    if soort == SoortDigitaalAdres.telefoonnummer:
        return telefoon_zoekwaarde(adres)
    return ""
