"""The werkvoorraad page itself: what a row shows, the filter and assignment choices, its cost."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.catalogi.models import StatusType, ZaakType
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.zaken.models import Status, Zaak
from iwerk.zaken.selectors import termijnen

pytestmark = pytest.mark.django_db


def _rij(page: str, zaak: Zaak) -> str:
    """The table row of zaak on the page."""
    rows = [row for row in page.split("<tr>") if f"/werkplek/zaken/{zaak.uuid}/" in row]
    assert len(rows) == 1, zaak.identificatie
    return re.sub(r"\s+", " ", rows[0].split("</tr>")[0])


def _cel(row: str, label: str) -> str:
    match = re.search(rf'<td data-label="{label}">(.*?)</td>', row)
    assert match, (label, row)
    return match.group(1).strip()


def _dag(day) -> str:
    return f"{day.day}-{day.month}-{day.year}"


def test_a_row_shows_the_zaak_its_current_status_behandelaar_and_deadlines(werkvoorraad):
    today = timezone.localdate()
    zaak = werkvoorraad.zaken[1]  # assigned to jdevries, "In behandeling" after "Ontvangen"
    # A status registered now but dated before the current one does not become the current one.
    eerste = Status.objects.filter(zaak=zaak).order_by("datum_status_gezet").first()
    bouw.status(zaak, "Ontvangen", gezet=eerste.datum_status_gezet - timedelta(days=1))
    Zaak.objects.filter(pk=werkvoorraad.zaken[3].pk).update(vertrouwelijkheidaanduiding="geheim")
    page = sign_in("pjansen").get("/werkplek/", {"tab": "alle"}).content.decode()

    row = _rij(page, zaak)
    termijn = termijnen.termijn(zaak, today)
    assert f">{zaak.identificatie}</a><br>{zaak.omschrijving}" in row
    assert f'value="{zaak.uuid}" id="zaak-{zaak.uuid}"' in row
    assert _cel(row, "Zaaktype") == "Kapvergunning"
    assert _cel(row, "Status") == "In behandeling"
    assert _cel(row, "Behandelaar") == "J. de Vries"  # the rol's name, not the account's
    assert _cel(row, "Ontvangen") == _dag(zaak.startdatum)
    assert f'<span class="label label--{termijn.staat}">{termijn.label}</span>' in row
    assert f'<span class="gedempt">uiterlijk {_dag(termijn.wettelijk)}</span>' in row
    assert "label--vertrouwelijk" not in row  # zaakvertrouwelijk is not flagged

    geheim = _rij(page, werkvoorraad.zaken[3])
    assert '<span class="label label--vertrouwelijk">Geheim</span>' in geheim
    assert _cel(_rij(page, werkvoorraad.zaken[6]), "Behandelaar") == "Niet toegewezen"


def test_a_closed_zaak_shows_no_deadline(werkvoorraad):
    page = sign_in("pjansen").get("/werkplek/", {"tab": "alle", "afgerond": "1"}).content.decode()
    row = _rij(page, werkvoorraad.afgerond)
    assert '<span class="label label--afgerond">Afgerond</span>' in row
    assert "uiterlijk" not in row
    assert _cel(row, "Status") == "Afgehandeld"


def test_names_and_filter_choices_follow_a_catalogue_change_at_once(werkvoorraad):
    client = sign_in("pjansen")
    page = client.get("/werkplek/", {"tab": "alle"}).content.decode()  # the names are cached now
    assert "<option >In behandeling</option>" in page
    statustype = StatusType.objects.get(
        zaaktype=werkvoorraad.zaaktype, omschrijving="In behandeling"
    )
    statustype.omschrijving = "In behandeling genomen"
    statustype.save()
    zaaktype = ZaakType.objects.get(pk=werkvoorraad.zaaktype.pk)
    zaaktype.omschrijving = "Omgevingsvergunning kappen"
    zaaktype.save()
    concept = build.zaaktype(
        werkvoorraad.zaaktype.catalogus,
        identificatie="NIEUW",
        omschrijving="Nog niet gepubliceerd",
        concept=True,
    )

    page = client.get("/werkplek/", {"tab": "alle"}).content.decode()
    row = _rij(page, werkvoorraad.zaken[1])
    assert _cel(row, "Status") == "In behandeling genomen"
    assert _cel(row, "Zaaktype") == "Omgevingsvergunning kappen"
    assert "<option >In behandeling genomen</option>" in page
    assert "<option >In behandeling</option>" not in page
    assert f'<option value="{zaaktype.pk}" >Omgevingsvergunning kappen</option>' in page
    assert f'value="{concept.pk}"' not in page  # concept zaaktypen are no filter choice
    # Raalte's catalogue is not Deventer's.
    raalte = sign_in("rmeijer").get("/werkplek/").content.decode()
    assert "Omgevingsvergunning kappen" not in raalte
    assert f'value="{werkvoorraad.raalte.zaaktype_id}"' in raalte


def test_assignment_choices_are_the_gemeentes_handlers_by_surname(werkvoorraad):
    user = medewerker(werkvoorraad.gemeenten["deventer"], "naamloos")
    get_user_model().objects.filter(pk=user.pk).update(first_name="", last_name="")
    page = sign_in("pjansen").get("/werkplek/").content.decode()
    select = page.split('id="bulk-medewerker"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)">([^<]*)</option>', select) == [
        ("", "Kies…"),
        ("naamloos", "naamloos"),  # no name: the user name (an empty surname sorts first)
        ("mbakker", "Mira Bakker"),
        ("pjansen", "Peter Jansen"),
        ("syilmaz", "Selin Yilmaz"),
        ("jdevries", "Jan de Vries"),
    ]


def test_werkvoorraad_page_costs_eleven_queries(werkvoorraad):
    """Session, user, OTP device and the generation counters (middleware), the page of zaken,
    the gemeente's handlers, the rows' open tasks (one count for the page), the rows' behandelaar
    rollen, the user's own open tasks (first page only), the open contactverzoeken (none here;
    with some, their actoren and callers come in two more, whatever their number:
    klantinteracties/tests/test_kcc_vastleggen.py) and the saved filters. The staff context,
    the catalogue's and the teams' names and the menu's overdue count come from the cache; the
    row and option templates read ready values."""
    client = sign_in("pjansen")
    client.get("/werkplek/", {"tab": "alle"})  # warms the werkplek context and catalogue names
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/werkplek/", {"tab": "alle"})
    assert response.status_code == 200
    assert response.content.decode().count('name="zaak"') == len(werkvoorraad.zaken)
    assert len(queries) == 11, "\n".join(q["sql"][:160] for q in queries)


def test_search_results_cost_as_many_queries_for_one_row_as_for_all(werkvoorraad):
    """The search page shares the rows: session, user, OTP device, generation counters, the
    search and the behandelaar rollen, whatever the number of results."""
    client = sign_in("pjansen")
    client.get("/werkplek/zoeken/", {"q": "Kapvergunning"})
    counts = []
    for query, rows in (("Pothoofd", 1), ("Kapvergunning", len(werkvoorraad.zaken) + 1)):
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/werkplek/zoeken/", {"q": query}).content.decode()
        assert page.count('<td data-label="Zaak">') == rows, query
        counts.append(len(queries))
    assert counts == [6, 6], counts
