"""The portaal after a transfer to the e-Depot removed a zaak's document content (ADR 0047): Mijn
zaken tells the citizen a document went to the gemeente's archive instead of linking it, the
receipt of a request likewise, and a link called anyway answers a Dutch 410 page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.core.testing.archief import VERLEDEN
from iwerk.core.testing.medewerkers import medewerker
from iwerk.core.testing.portaal import producten
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.documenten.tests.test_inhoud_overgebracht import (
    documenten_van,
    overbrengen,
    overgebrachte_zaak,
)
from iwerk.medewerkers.roles import Rol
from iwerk.portaal.models import AangeleverdDocument, Concept
from iwerk.portaal.tests.conftest import ingelogd
from iwerk.portaal.tests.test_mijn_zaken import aanvragen
from iwerk.zaken.models import Rol as ZaakRol
from iwerk.zaken.models import Zaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

OVERGEBRACHT = "Dit document is overgebracht naar het archief van de gemeente"


@pytest.fixture
def deventer(werkplek_settings):
    """Deventer of the demo with the Wmo product (and its zaaktype), and its records manager."""
    gemeente = {g.slug: g for g in load_gemeenten()}["deventer"]
    cat = producten(gemeente, "WMO-MAATWERK")
    medewerker(gemeente, "ivermeulen", Rol.div_medewerker, maximum="geheim")
    return gemeente, cat


def _div() -> User:
    return User.objects.get(username="ivermeulen")


def test_mijn_zaak_lists_transferred_documents_without_a_link(deventer):
    gemeente, cat = deventer
    kap = build.gepubliceerd_zaaktype(cat, "KAP", omschrijving="Kapvergunning")
    # The gemeente sends its Aanvraag documents out, so the citizen sees them (test set-up).
    kap.zaaktypeinformatieobjecttypen.filter(informatieobjecttype_omschrijving="Aanvraag").update(
        richting="uitgaand"
    )
    zaak = overgebrachte_zaak(gemeente, kap, _div(), documenten=2)
    van_gemeente, van_burger = documenten_van(zaak)
    AangeleverdDocument.objects.create(tenant=gemeente, zaak=zaak, document=van_burger)
    bsn = ZaakRol.objects.get(zaak=zaak, roltype__omschrijving_generiek="initiator").bsn
    burger = ingelogd(bsn)
    url = f"/deventer/mijn-zaken/{zaak.uuid}/"

    with CaptureQueriesContext(connection) as queries:
        pagina = burger.get(url).content.decode()

    for document in (van_gemeente, van_burger):
        assert document.titel in pagina
        assert f'href="documenten/{document.uuid}/"' not in pagina
    assert pagina.count("(overgebracht naar het archief van de gemeente)") == 2
    # Told from the versions loaded with the documents (a join), never read on their own.
    assert not [q for q in queries.captured_queries if 'FROM "documenten_versie"' in q["sql"]]

    response = burger.get(f"{url}documenten/{van_gemeente.uuid}/")

    assert response.status_code == 410
    pagina = response.content.decode()
    assert f"<h1>{OVERGEBRACHT}</h1>" in pagina and van_gemeente.titel in pagina
    assert "Neem contact op met Gemeente Deventer" in pagina
    assert f'href="{url}"' in pagina


def test_the_receipt_of_a_transferred_request_is_not_offered_and_says_where_it_went(deventer):
    gemeente, _ = deventer
    burger = ingelogd()
    zaak = aanvragen(burger)
    concept = Concept.objects.get(zaak=zaak)
    verzonden = f"/deventer/aanvragen/{concept.uuid}/verzonden/"
    bewijs = f"/deventer/aanvragen/{concept.uuid}/ontvangstbewijs.pdf"
    assert 'href="../ontvangstbewijs.pdf"' in burger.get(verzonden).content.decode()
    zaakbouwer.afsluiten(zaak, zaak.zaaktype.resultaattypen.order_by("pk").first().omschrijving)
    # Test set-up only: the archive fields a zaak closed years ago would have.
    Zaak.objects.filter(pk=zaak.pk).update(
        archiefnominatie="blijvend_bewaren", archiefactiedatum=VERLEDEN
    )
    overbrengen(gemeente, _div())

    pagina = burger.get(verzonden).content.decode()

    assert "ontvangstbewijs.pdf" not in pagina
    assert "Het ontvangstbewijs is overgebracht naar het archief van de gemeente" in pagina
    response = burger.get(bewijs)
    assert response.status_code == 410
    assert f"<h1>{OVERGEBRACHT}</h1>" in response.content.decode()
    # Mijn zaken: what the citizen sent is listed, none of it linked.
    pagina = burger.get(f"/deventer/mijn-zaken/{zaak.uuid}/").content.decode()
    assert "(overgebracht naar het archief van de gemeente)" in pagina
    assert not re.findall(r'href="documenten/', pagina)
