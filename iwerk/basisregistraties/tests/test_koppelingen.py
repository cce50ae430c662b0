"""How a register is reached per gemeente: its own koppeling, or the installation's default."""

from __future__ import annotations

import pytest

from iwerk.basisregistraties.fouten import RegisterOnbereikbaar
from iwerk.basisregistraties.models import Register, Registerkoppeling
from iwerk.basisregistraties.selectors.koppelingen import Verbinding, verbinding

pytestmark = pytest.mark.django_db


def test_the_default_from_the_settings(tenant, settings):
    settings.IWERK_BRP_URL = "https://brp.example.nl/haalcentraal/api/brp/"
    settings.IWERK_BRP_SLEUTEL = "geheim"
    settings.IWERK_BRP_OIN = "00000001001902763000"

    assert verbinding(tenant.pk, Register.brp) == Verbinding(
        register=Register.brp,
        url="https://brp.example.nl/haalcentraal/api/brp",
        headers={"X-API-KEY": "geheim"},
        timeout=(3.0, 10.0),
        oin="00000001001902763000",
    )


def test_a_gemeentes_own_koppeling_with_key_certificate_and_timeouts(tenant, settings, monkeypatch):
    monkeypatch.setenv("IWERK_BAG_SLEUTEL_DEVENTER", "bag-sleutel")
    Registerkoppeling.objects.create(
        gemeente=tenant,
        register=Register.bag,
        url="https://bag.example.nl/v2",
        api_sleutel_variabele="IWERK_BAG_SLEUTEL_DEVENTER",
        certificaat="/etc/iwerk/pki.pem",
        certificaat_sleutel="/etc/iwerk/pki.key",
        ca_bundel="/etc/iwerk/ca.pem",
        timeout_verbinden=1.5,
        timeout_lezen=4,
    )

    assert verbinding(tenant.pk, Register.bag) == Verbinding(
        register=Register.bag,
        url="https://bag.example.nl/v2",
        headers={"X-Api-Key": "bag-sleutel"},
        cert=("/etc/iwerk/pki.pem", "/etc/iwerk/pki.key"),
        verify="/etc/iwerk/ca.pem",
        timeout=(1.5, 4.0),
    )


def test_the_koppelings_key_variable_must_exist(tenant, monkeypatch):
    monkeypatch.delenv("IWERK_KVK_SLEUTEL_DEVENTER", raising=False)
    Registerkoppeling.objects.create(
        gemeente=tenant,
        register=Register.kvk,
        url="https://kvk.example.nl",
        api_sleutel_variabele="IWERK_KVK_SLEUTEL_DEVENTER",
    )

    with pytest.raises(RegisterOnbereikbaar) as fout:
        verbinding(tenant.pk, Register.kvk)

    assert "de API-sleutel (IWERK_KVK_SLEUTEL_DEVENTER) ontbreekt" in fout.value.bericht


def test_another_gemeentes_koppeling_does_not_apply(tenant, other_tenant, settings):
    settings.IWERK_BRP_URL = "https://standaard.example.nl"
    Registerkoppeling.objects.create(
        gemeente=other_tenant, register=Register.brp, url="https://raalte.example.nl"
    )

    assert verbinding(tenant.pk, Register.brp).url == "https://standaard.example.nl"
    assert verbinding(other_tenant.pk, Register.brp).url == "https://raalte.example.nl"
