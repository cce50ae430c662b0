"""How iwerk reaches a register for one gemeente: the gemeente's active Registerkoppeling, or the
installation's default from the settings (IWERK_BRP_URL, IWERK_BRP_SLEUTEL, …).

Read on every lookup (one query): a lookup is a person's or a company's data asked of an outside
register, far slower than this row, and a change in beheer holds from the next lookup on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from iwerk.basisregistraties.fouten import RegisterOnbereikbaar
from iwerk.basisregistraties.models import Register, Registerkoppeling
from iwerk.core.env import env_secret

# Every RegisterOnbereikbaar ends with it: the user goes on with what was typed.
VERDER = "U kunt verder met de ingevulde gegevens; die zijn dan niet gecontroleerd."
# How the register is named in a sentence, at its start ("De BRP antwoordt niet").
NAMEN = {Register.brp: "de BRP", Register.bag: "de BAG", Register.kvk: "het Handelsregister"}
# The header each register's gateway reads the API key from: X-API-KEY at the BRP API's
# (proef)omgeving, X-Api-Key in the BAG OAS (securitySchemes apiKeyBAG), apikey at the KvK.
SLEUTEL_HEADERS = {Register.brp: "X-API-KEY", Register.bag: "X-Api-Key", Register.kvk: "apikey"}
_STANDAARD = {
    Register.brp: ("IWERK_BRP_URL", "IWERK_BRP_SLEUTEL"),
    Register.bag: ("IWERK_BAG_URL", "IWERK_BAG_SLEUTEL"),
    Register.kvk: ("IWERK_KVK_URL", "IWERK_KVK_SLEUTEL"),
}


def naam(register: str, *, hoofdletter: bool = False) -> str:
    """'de BRP', 'de BAG', 'het Handelsregister' ('De BRP' to start a sentence)."""
    tekst = NAMEN[Register(register)]
    return tekst[0].upper() + tekst[1:] if hoofdletter else tekst


@dataclass(frozen=True)
class Verbinding:
    """Everything a client needs for one request: where, with which credentials, how long."""

    register: str
    url: str  # the base URL, without a trailing slash
    headers: dict[str, str] = field(default_factory=dict)
    cert: tuple[str, str] | str | None = None  # requests' client certificate (PKIoverheid mTLS)
    verify: str | bool = True  # a CA bundle, or the system's trust store
    timeout: tuple[float, float] = (3.0, 10.0)  # (connect, read) in seconds
    oin: str = ""  # the gemeente's OIN, sent to the BRP as x-origin-oin


def _standaard_timeouts() -> tuple[float, float]:
    """The model's defaults: one place for the numbers, also without a koppeling."""
    meta = Registerkoppeling._meta
    return (
        float(meta.get_field("timeout_verbinden").default),
        float(meta.get_field("timeout_lezen").default),
    )


def verbinding(gemeente_id: int, register: str) -> Verbinding:
    """The connection to `register` for the gemeente. RegisterOnbereikbaar when the register is
    not connected for it (no koppeling and no default) or its key cannot be read."""
    register = Register(register)
    koppeling = (
        Registerkoppeling.objects.filter(gemeente_id=gemeente_id, register=register, actief=True)
        .only(
            "url",
            "api_sleutel_variabele",
            "certificaat",
            "certificaat_sleutel",
            "ca_bundel",
            "oin",
            "timeout_verbinden",
            "timeout_lezen",
        )
        .first()
    )
    url_setting, sleutel_setting = _STANDAARD[register]
    if koppeling is None:
        url = getattr(settings, url_setting, "")
        if not url:
            raise RegisterOnbereikbaar(
                f"{naam(register, hoofdletter=True)} is voor deze gemeente niet aangesloten. "
                + VERDER
            )
        sleutel = getattr(settings, sleutel_setting, "")
        return Verbinding(
            register=register,
            url=url.rstrip("/"),
            headers=_sleutelheader(register, sleutel),
            timeout=_standaard_timeouts(),
            oin=settings.IWERK_BRP_OIN if register == Register.brp else "",
        )
    sleutel = getattr(settings, sleutel_setting, "")
    if koppeling.api_sleutel_variabele:
        sleutel = _sleutel_uit(koppeling.api_sleutel_variabele, register)
    cert: tuple[str, str] | str | None = None
    if koppeling.certificaat:
        cert = (
            (koppeling.certificaat, koppeling.certificaat_sleutel)
            if koppeling.certificaat_sleutel
            else koppeling.certificaat
        )
    return Verbinding(
        register=register,
        url=koppeling.url.rstrip("/"),
        headers=_sleutelheader(register, sleutel),
        cert=cert,
        verify=koppeling.ca_bundel or True,
        timeout=(koppeling.timeout_verbinden, koppeling.timeout_lezen),
        oin=koppeling.oin,
    )


def _sleutelheader(register: str, sleutel: str) -> dict[str, str]:
    return {SLEUTEL_HEADERS[Register(register)]: sleutel} if sleutel else {}


def _sleutel_uit(variabele: str, register: str) -> str:
    """The key from the environment variable the koppeling names (or NAME_FILE)."""
    try:
        sleutel = env_secret(variabele)
    except ImproperlyConfigured:
        sleutel = None
    if not sleutel and variabele not in os.environ:
        raise RegisterOnbereikbaar(
            f"De koppeling met {naam(register)} is niet volledig ingesteld: de API-sleutel "
            f"({variabele}) ontbreekt op de server. Vraag de functioneel beheerder. {VERDER}"
        )
    return sleutel or ""
