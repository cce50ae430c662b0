"""'Laatste 12 maanden' is the twelve months up to and including today — not the calendar year
nor the rest of this month — in the figures, the drill-down links and the drill-down heading;
and the drill-down names behandelaars as the dashboard does (issue 23)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import demo_medewerker, sign_in
from iwerk.sturing.selectors.selectie import periode
from iwerk.sturing.services.verversen import verversen

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="/werkplek/sturing/zaken/\?([^"]*)"')


def test_last_twelve_months_end_today():
    assert periode("12m", date(2026, 12, 5)) == (
        date(2025, 12, 6),
        date(2026, 12, 6),
        "Laatste 12 maanden",
    )
    assert periode("", date(2026, 1, 31))[:2] == (date(2025, 2, 1), date(2026, 2, 1))
    # A leap day: the year before has no 29 February; the period starts on 1 March.
    assert periode("12m", date(2028, 2, 29))[:2] == (date(2027, 3, 1), date(2028, 3, 1))
    # The other periods are whole calendar periods, as before.
    assert periode("2026", date(2026, 12, 5))[:2] == (date(2026, 1, 1), date(2027, 1, 1))
    assert periode("2026-12", date(2026, 12, 5))[:2] == (date(2026, 12, 1), date(2027, 1, 1))


@pytest.fixture
def vijf_december(time_machine):
    time_machine.move_to("2026-12-05 14:03+01:00", tick=False)


@pytest.fixture
def deventer(vijf_december, tenant, catalogus, werkplek_settings):
    """Deventer on Saturday 5 December 2026: its manager (tbos) and a behandelaar (jdevries) as in
    the demo; zaken that came in over the last twelve months through five channels, one this
    week, one closed today, the open ones with jdevries as behandelaar."""
    demo_medewerker({"deventer": tenant}, "tbos")
    jdevries = demo_medewerker({"deventer": tenant}, "jdevries")
    zaaktype = build.gepubliceerd_zaaktype(
        catalogus, "KAP", omschrijving="Kapvergunning", servicenorm="P4W"
    )
    vandaag = timezone.localdate()
    for dagen, kanaal in (
        (330, "post"),
        (120, "telefoon"),
        (40, "e-mail"),
        (10, "balie"),
        (3, "internet"),
    ):
        bouw.zaak(
            zaaktype,
            startdatum=vandaag - timedelta(days=dagen),
            kanaal=kanaal,
            behandelaar=jdevries,
        )
    gesloten = bouw.zaak(zaaktype, startdatum=vandaag - timedelta(days=20), kanaal="internet")
    bouw.afsluiten(gesloten)
    return tenant


def test_dashboard_links_and_drill_down_cover_the_same_twelve_months(deventer):
    verversen()
    client = sign_in("tbos")
    page = html.unescape(client.get("/werkplek/sturing/").content.decode())
    links = [q for q in LINK.findall(page) if "van=" in q]
    for query in links:  # the period's and each week's: none reaches past today
        van, tot = re.search(r"van=([\d-]+)&tot=([\d-]+)", query).groups()
        assert "2025-12-06" <= van < tot <= "2026-12-06", query
    periodelinks = [q for q in links if "kanaal=" in q or "zaaktype=" in q]
    assert len(periodelinks) >= 5, "the kanaal and zaaktype tables link to their zaken"
    for query in periodelinks:
        assert "van=2025-12-06&tot=2026-12-06" in query, query
    kanaal = next(q for q in periodelinks if "kanaal=" in q)
    lijst = client.get(f"/werkplek/sturing/zaken/?{kanaal}").content.decode()
    assert "06-12-2025 tot en met 05-12-2026" in lijst
    assert "31-12-2026" not in lijst

    # The behandelaars by name, as the dashboard's werklast table shows them.
    open_ = next(q for q in LINK.findall(page) if "soort=open" in q and "behandelaar=" in q)
    lijst = client.get(f"/werkplek/sturing/zaken/?{open_}").content.decode()
    username = re.search(r"behandelaar=([^&]+)", open_)[1]
    user = get_user_model().objects.get(username=username)
    assert f"<td>{user.first_name} {user.last_name}</td>" in lijst
    assert f"<td>{username}</td>" not in lijst
