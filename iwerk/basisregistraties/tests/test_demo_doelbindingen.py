"""The demo's purposes: every gemeente the same, loaded twice without doubles."""

from __future__ import annotations

import pytest

from iwerk.basisregistraties.models import Bereik, Doelbinding, Register
from iwerk.demo.basisregistraties import load_doelbindingen

pytestmark = pytest.mark.django_db


def test_the_demo_purposes_per_gemeente(gemeenten):
    assert load_doelbindingen(list(gemeenten.values())) == 3 * 10
    assert load_doelbindingen(list(gemeenten.values())) == 0

    raalte = {
        (d.zaaktype_identificatie, d.register): d
        for d in Doelbinding.objects.filter(gemeente=gemeenten["raalte"])
    }
    wmo = raalte["WMO-MAATWERK", Register.brp]
    assert (wmo.velden, wmo.doelbinding) == (["naam", "geboorte", "adres", "gezag"], "BRPACT-Wmo")
    assert wmo.verwerking == "Wmo-maatwerkvoorziening behandelen"
    assert wmo.bereik == Bereik.eigen_gemeente
    parkeren = raalte["PARKEERVERGUNNING", Register.brp]
    assert (parkeren.velden, parkeren.bereik) == (["adres"], Bereik.nederland)
    assert raalte["EVENEMENT", Register.kvk].velden == ["naam", "adres", "rechtsvorm"]
    assert raalte["JEUGDHULP", Register.brp].velden == [
        "naam", "geboorte", "adres", "gezag", "ouders", "kinderen"
    ]  # fmt: skip
    assert raalte["PW-LEVENSONDERHOUD", Register.brp].velden == [
        "naam", "geboorte", "adres", "partners", "kinderen"
    ]  # fmt: skip
    assert not any(zaaktype == "DATALEK" for zaaktype, _ in raalte)
    # The contact centre's purpose (ADR 0054): residents by name or address, companies anywhere.
    kcc = raalte["KCC", Register.brp]
    assert (kcc.velden, kcc.bereik) == (["naam", "geboorte", "adres"], Bereik.eigen_gemeente)
    assert raalte["KCC", Register.kvk].bereik == Bereik.nederland
