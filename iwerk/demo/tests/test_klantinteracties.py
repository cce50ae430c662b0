"""The demo's Klantinteracties register: citizens with addresses and contacts, and tokens."""

import pytest

from iwerk.core.testing.klantinteracties import BASE, TokenClient
from iwerk.demo.klantinteracties import DEMO_TOKENS, load_klantinteracties
from iwerk.klantinteracties.models import DigitaalAdres, Klantcontact, Partij

pytestmark = pytest.mark.django_db


def test_every_demo_citizen_has_addresses_and_a_contact_history_in_their_own_gemeente(
    gemeenten,
):
    assert load_klantinteracties(list(gemeenten.values())) == 5
    assert load_klantinteracties(list(gemeenten.values())) == 0  # once

    suzanne = Partij.objects.get(identificatoren__object_id="999990007")
    assert suzanne.tenant == gemeenten["deventer"]
    assert suzanne.voorkeurs_digitaal_adres.adres == "suzanne.moulin@example.nl"
    soorten = set(
        DigitaalAdres.objects.filter(verstrekt_door_partij=suzanne).values_list(
            "soort_digitaal_adres", flat=True
        )
    )
    assert soorten == {"email", "telefoonnummer"}
    assert Klantcontact.objects.filter(betrokkenen__was_partij=suzanne).count() == 2
    for bsn in ("999990056", "999990214"):
        partij = Partij.objects.get(identificatoren__object_id=bsn)
        assert Klantcontact.objects.filter(betrokkenen__was_partij=partij).exists()


def test_the_demo_tokens_open_their_own_gemeentes_register(gemeenten):
    load_klantinteracties(list(gemeenten.values()))
    for slug, token in DEMO_TOKENS.items():
        antwoord = TokenClient(token).get(f"{BASE}/categorieen")
        assert antwoord.status_code == 200, (slug, antwoord.content)
