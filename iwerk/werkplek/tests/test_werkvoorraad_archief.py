"""A process owner has no archive role: the werkvoorraad tells them a destruction list waits for
their review, at no query's cost, and stops as soon as they have decided (the `archief`
generation, bumped by every review service)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.archief.models import Procesverantwoordelijke
from iwerk.archief.services.beoordeling import beoordeel
from iwerk.archief.services.lijsten import dien_in, maak_lijst
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.archief import afgesloten_zaak, zaaktype_met_besluit
from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.medewerkers.roles import Rol

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]

MELDING = "Er wacht 1 vernietigingslijst op uw beoordeling."


def test_the_werkvoorraad_names_waiting_reviews_until_the_reviewer_decided(gemeenten):
    deventer = gemeenten["deventer"]
    kap = zaaktype_met_besluit(build.catalogus(deventer), "KAP")
    eigenaar = medewerker(deventer, "eigenaar", Rol.teamleider)
    Procesverantwoordelijke.objects.create(
        gemeente=deventer, zaaktype_identificatie="KAP", gebruiker=eigenaar
    )
    div = medewerker(deventer, "div", Rol.div_medewerker)
    archivaris = medewerker(deventer, "archivaris", Rol.archivaris)
    afgesloten_zaak(kap, documenten=0)
    client = sign_in("eigenaar")
    assert MELDING not in client.get("/werkplek/").content.decode()

    lijst = maak_lijst(gebruiker=div, gemeente=deventer, naam="Kap", peildatum=timezone.localdate())
    dien_in(gebruiker=div, lijst=lijst, archivaris=archivaris)
    page = client.get("/werkplek/").content.decode()
    assert MELDING in page and '<a href="/werkplek/archief/" >Archief</a>' in page
    # The count is cached per generation: the page costs what it cost before (8 queries).
    with CaptureQueriesContext(connection) as queries:
        assert MELDING in client.get("/werkplek/").content.decode()
    assert not [q for q in queries.captured_queries if "archief_beoordelingsstap" in q["sql"]]

    beoordeel(gebruiker=eigenaar, lijst=lijst, besluit="goedgekeurd")
    assert MELDING not in client.get("/werkplek/").content.decode()
    # Now it is the archivaris's turn.
    assert MELDING in sign_in("archivaris").get("/werkplek/").content.decode()
