"""Every change of the incident register (`incident`) and the escalations of the 72-hour clock
(`escalaties`). The incident's changes are named here too, so callers write `services.melden`."""

from iwerk.incidenten.services.incident import (  # noqa: F401
    afsluiten,
    ap_besluiten,
    ap_gemeld,
    ap_intrekken,
    beoordelen,
    betrokkenen_besluiten,
    bijwerken,
    gelogd,
    koppelen,
    mag_beoordelen,
    melden,
    naam,
    risico_vastleggen,
    stap_vastleggen,
    tijden_kloppen,
)
