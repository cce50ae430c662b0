"""The reads of the portaal: Mijn zaken, matched on the initiator's BSN/KvK (`mijn_zaken`, named
here too, so callers write `selectors.zaken`), and what a draft still misses and its summary
(`concepten`)."""

from iwerk.portaal.selectors.mijn_zaken import (  # noqa: F401
    berichten,
    besluiten,
    documenten,
    huidige_statussen,
    inwoner,
    mijn_berichten,
    voortgang,
    zaken,
)
