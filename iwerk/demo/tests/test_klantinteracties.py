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


def test_every_demo_citizen_has_an_open_contactverzoek_for_a_team_of_their_gemeente(demo):
    from django.utils import timezone

    from iwerk.klantinteracties.models import InterneTaak
    from iwerk.klantinteracties.selectors import contactverzoeken
    from iwerk.medewerkers.actor import context_for
    from iwerk.medewerkers.models import Roltoewijzing

    load_klantinteracties(list(demo.values()))
    taken = InterneTaak.objects.select_related("tenant").prefetch_related("actoren")
    assert sorted((t.tenant.slug, t.actoren.get().naam) for t in taken) == [
        ("deventer", "Wmo"),
        ("olst-wijhe", "Sociaal domein"),
        ("raalte", "Publiekszaken"),
    ]
    # Raalte's is overdue: its team sees it counted; Eva Willems sees Suzanne's call-back.
    lsmit = Roltoewijzing.objects.get(gebruiker__username="lsmit").gebruiker
    context = context_for(lsmit, demo["raalte"].pk)
    assert contactverzoeken.aantal_te_laat(context, lsmit) == 1
    ewillems = Roltoewijzing.objects.get(gebruiker__username="ewillems").gebruiker
    context = context_for(ewillems, demo["deventer"].pk)
    [regel] = contactverzoeken.lijst(context, ewillems)
    assert regel.klant == "Suzanne Moulin" and regel.uiterlijk_op > timezone.now()
