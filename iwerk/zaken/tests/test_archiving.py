"""zrc-021: the brondatum per afleidingswijze, and the archiefactiedatum from it (table-driven)."""

from datetime import date

import pytest

from iwerk.catalogi.models import ResultaatType
from iwerk.zaken.services import BrondatumGegevens, derive_archiving

EIND = date(2026, 4, 1)
FACTS = BrondatumGegevens(
    einddatum=EIND,
    hoofdzaak_einddatum=date(2026, 5, 1),
    eigenschappen={"vervaldatum": "20270101", "iso": "2027-02-01"},
    zaakobject_datums=(date(2028, 1, 1), date(2029, 1, 1)),
    gerelateerde_einddatums=(date(2026, 6, 1), date(2026, 7, 1)),
    besluit_ingangsdatums=(date(2026, 4, 15), date(2026, 4, 20)),
    besluit_vervaldatums=(date(2031, 4, 1), date(2030, 4, 1)),
)


def resultaattype(wijze: str, **extra) -> ResultaatType:
    return ResultaatType(
        brondatum_afleidingswijze=wijze,
        archiefnominatie="vernietigen",
        archiefactietermijn="P5Y",
        **extra,
    )


@pytest.mark.parametrize(
    ("wijze", "extra", "brondatum"),
    [
        ("afgehandeld", {}, EIND),
        ("hoofdzaak", {}, date(2026, 5, 1)),
        ("eigenschap", {"brondatum_datumkenmerk": "vervaldatum"}, date(2027, 1, 1)),
        ("eigenschap", {"brondatum_datumkenmerk": "iso"}, date(2027, 2, 1)),
        ("eigenschap", {"brondatum_datumkenmerk": "ontbreekt"}, None),
        ("ander_datumkenmerk", {"brondatum_datumkenmerk": "x"}, None),
        ("zaakobject", {"brondatum_datumkenmerk": "einddatum"}, date(2029, 1, 1)),
        ("termijn", {"brondatum_procestermijn": "P2Y"}, date(2028, 4, 1)),
        ("gerelateerde_zaak", {}, date(2026, 7, 1)),
        ("ingangsdatum_besluit", {}, date(2026, 4, 20)),
        ("vervaldatum_besluit", {}, date(2031, 4, 1)),
    ],
)
def test_b12_brondatum_per_afleidingswijze(wijze, extra, brondatum):
    nominatie, actiedatum, start = derive_archiving(
        resultaattype(wijze, **extra), FACTS, archiefnominatie="", archiefactiedatum=None
    )
    assert nominatie == "vernietigen"
    assert start == brondatum
    assert actiedatum == (
        date(brondatum.year + 5, brondatum.month, brondatum.day) if brondatum else None
    )


def test_values_already_set_are_kept():
    nominatie, actiedatum, _ = derive_archiving(
        resultaattype("afgehandeld"),
        FACTS,
        archiefnominatie="blijvend_bewaren",
        archiefactiedatum=date(2099, 1, 1),
    )
    assert (nominatie, actiedatum) == ("blijvend_bewaren", date(2099, 1, 1))


def test_no_archiefactietermijn_leaves_actiedatum_empty():
    rt = ResultaatType(
        brondatum_afleidingswijze="afgehandeld",
        archiefnominatie="blijvend_bewaren",
        archiefactietermijn="",
    )
    assert derive_archiving(rt, FACTS, archiefnominatie="", archiefactiedatum=None) == (
        "blijvend_bewaren",
        None,
        EIND,
    )
