"""The werkplek after a transfer to the e-Depot removed a zaak's document content (ADR 0047):
the zaak page says "Overgebracht naar de archiefbewaarplaats" where the download links were, in
a constant number of queries, and the content URL called anyway answers a Dutch 410 page."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.models import Inzage
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.documenten.tests.test_inhoud_overgebracht import documenten_van, overgebrachte_zaak
from iwerk.medewerkers.roles import Rol

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

OVERGEBRACHT = "Overgebracht naar de archiefbewaarplaats"


@pytest.fixture
def wereld(gemeenten):
    deventer = gemeenten["deventer"]
    kap = build.gepubliceerd_zaaktype(build.catalogus(deventer), "KAP")
    div = medewerker(deventer, "ivermeulen", Rol.div_medewerker)
    zaak = overgebrachte_zaak(deventer, kap, div, documenten=2)
    lopend = zaakbouwer.zaak(kap)  # open: its document keeps its content
    zaakbouwer.zaakdocument(lopend, titel="Nog in behandeling")
    return SimpleNamespace(
        gemeente=deventer, kap=kap, div=div, zaak=zaak, lopend=lopend, client=sign_in("ivermeulen")
    )


def _pagina(wereld, zaak) -> str:
    response = wereld.client.get(f"/werkplek/zaken/{zaak.uuid}/")
    assert response.status_code == 200
    return response.content.decode()


def test_zaak_page_says_overgebracht_instead_of_linking_removed_content(wereld):
    pagina = _pagina(wereld, wereld.zaak)

    for document in documenten_van(wereld.zaak):
        basis = f"/werkplek/zaken/{wereld.zaak.uuid}/documenten/{document.uuid}/"
        assert f'href="{basis}' not in pagina  # no download, no version link
        assert f'src="{basis}' not in pagina  # no preview
    assert pagina.count(OVERGEBRACHT) == 2  # once per document, for its current version
    # every version in the list says so too: two documents, versions 1 and 2 each
    assert len(re.findall(r"Versie \d \(overgebracht naar de archiefbewaarplaats\)", pagina)) == 4
    # A zaak whose content is still here keeps its links.
    (document,) = documenten_van(wereld.lopend)
    lopend = _pagina(wereld, wereld.lopend)
    assert (
        f'href="/werkplek/zaken/{wereld.lopend.uuid}/documenten/{document.uuid}/?download=1"'
        in lopend
    )
    assert OVERGEBRACHT not in lopend


def test_content_url_called_anyway_answers_a_dutch_410_page_and_logs_no_read(wereld):
    document = documenten_van(wereld.zaak)[0]
    inzagen = Inzage.objects.count()
    url = f"/werkplek/zaken/{wereld.zaak.uuid}/documenten/{document.uuid}/"

    for query in ("", "?download=1", "?versie=1&download=1"):
        response = wereld.client.get(url + query)

        assert response.status_code == 410, query
        assert response["Content-Type"].startswith("text/html")
        pagina = response.content.decode()
        assert f"<h1>{OVERGEBRACHT}</h1>" in pagina
        assert document.identificatie in pagina and "e-Depot" in pagina
        assert f'href="/werkplek/zaken/{wereld.zaak.uuid}/#documenten"' in pagina
    assert Inzage.objects.count() == inzagen  # nothing was read


def test_zaak_page_queries_do_not_grow_with_transferred_documents(wereld):
    groot = overgebrachte_zaak(wereld.gemeente, wereld.kap, wereld.div, documenten=4)
    _pagina(wereld, wereld.zaak)  # warm the session and caches

    def queries(zaak) -> int:
        with CaptureQueriesContext(connection) as captured:
            pagina = _pagina(wereld, zaak)
        assert OVERGEBRACHT in pagina
        return len(captured)

    assert queries(groot) == queries(wereld.zaak)  # 4 documents with 8 versions vs 2 with 4
