"""The Sturing pages: who sees which gemeente, drill-down up to one's level, exports, the PDF,
the cost register — and a page cost that does not grow with the number of zaken."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.core.testing.medewerkers import sign_in
from iwerk.sturing.demo import load_kosten
from iwerk.sturing.models import Zaakfeit
from iwerk.sturing.services.verversen import verversen
from iwerk.sturing.tests.bouw import opslaan
from iwerk.zaken.models import Zaak

pytestmark = pytest.mark.django_db


@pytest.fixture
def cijfers(demo):
    # A few overdue Wmo zaken in Deventer, so the drill-down has something to show.
    vandaag = timezone.localdate()
    wmo = Zaak.objects.filter(
        tenant=demo["deventer"], zaaktype__identificatie="WMO-MAATWERK", einddatum__isnull=True
    )
    for z in wmo[:2]:
        z.opschorting_indicatie = False
        z.opgeschort_sinds = None
        z.uiterlijke_einddatum_afdoening = vandaag - timedelta(days=12)
        opslaan(z)
    verversen()
    return demo


def _kies(client, gemeente):
    client.post("/werkplek/gemeente/", {"gemeente": gemeente.pk})
    return client


def test_management_of_deventer_filters_drills_down_and_exports(cijfers):
    client = sign_in("tbos")
    assert client.get("/werkplek/").url == "/werkplek/sturing/"
    page = client.get("/werkplek/sturing/?zaaktype=WMO-MAATWERK")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sturing: zaken Deventer" in html and "Alle gemeenten samen" not in html
    for kop in ("Instroom, uitstroom en werkvoorraad per week", "Open zaken naar termijn",
                "Werklast per team", "Kanaal van binnenkomst", "Datakwaliteit"):  # fmt: skip
        assert kop in html
    # Charts inline as SVG, named for screen readers, in a wide and a phone layout.
    assert html.count('role="img" aria-labelledby="grafiek-') == 10
    assert '<title id="grafiek-trend-breed-titel">Grafiek: Instroom en uitstroom' in html

    drill = client.get(
        "/werkplek/sturing/zaken/?zaaktype=WMO-MAATWERK&soort=overschreden"
    ).content.decode()
    verwacht = Zaak.objects.filter(
        tenant=cijfers["deventer"],
        zaaktype__identificatie="WMO-MAATWERK",
        einddatum__isnull=True,
        opschorting_indicatie=False,
        uiterlijke_einddatum_afdoening__lt=timezone.localdate(),
    )
    assert verwacht.count() >= 2
    for z in verwacht:
        assert z.identificatie in drill
    assert f"stand van {timezone.localdate():%d-%m-%Y}" in drill
    week = client.get("/werkplek/sturing/zaken/?soort=instroom&van=2026-11-02&tot=2026-11-09")
    assert "02-11-2026 tot en met 08-11-2026" in week.content.decode()
    # Identificaties repeat across gemeenten: count the rows, not the numbers.
    assert drill.count('<th scope="row">') == verwacht.count()

    xlsx = client.get(
        "/werkplek/sturing/zaken/?zaaktype=WMO-MAATWERK&soort=overschreden&formaat=xlsx"
    )
    blad = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in blad[2]][:2] == ["Zaak", "Zaaktype"]
    assert {r[0].value for r in blad.iter_rows(min_row=3)} == {z.identificatie for z in verwacht}

    tabel = client.get("/werkplek/sturing/export/termijnen.xlsx?zaaktype=WMO-MAATWERK")
    assert tabel["Content-Type"].startswith("application/vnd.openxmlformats")
    rijen = list(
        load_workbook(io.BytesIO(tabel.content)).active.iter_rows(min_row=3, values_only=True)
    )
    assert sum(n for label, n in rijen if "over termijn" in label) == verwacht.count()
    csv = client.get("/werkplek/sturing/export/kanalen.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "Kanaal;Instroom;Aandeel (%)"

    assert client.get("/werkplek/sturing/grafiek/trend.png").status_code == 404  # inline now
    alles = client.get("/werkplek/sturing/export/alles.xlsx")
    assert load_workbook(io.BytesIO(alles.content)).sheetnames == [
        "trend", "termijnen", "zaaktypen", "teams", "behandelaars", "kanalen", "datakwaliteit",
        "archief",
    ]  # fmt: skip


def test_raalte_sees_only_raalte_and_only_the_steering_group_sees_all(cijfers):
    raalte = sign_in("gmulder")
    page = raalte.get("/werkplek/sturing/?gemeente=alle").content.decode()
    assert "Sturing: zaken Raalte" in page and "Alle gemeenten samen" not in page
    assert "Alleen de stuurgroep ziet de gemeenten samen" in page  # refused, and said so
    lijst = raalte.get("/werkplek/sturing/zaken/?gemeente=alle&soort=open").content.decode()
    open_raalte = Zaakfeit.objects.filter(tenant_id=cijfers["raalte"].pk, einddatum__isnull=True)
    assert f"{open_raalte.count()} zaken" in lijst
    # gmulder's role reaches up to zaakvertrouwelijk.
    zichtbaar = open_raalte.filter(
        vertrouwelijkheid__lte=VERTROUWELIJKHEID_ORDER["zaakvertrouwelijk"]
    )
    assert lijst.count('<th scope="row">') == min(zichtbaar.count(), 50) > 0

    stuurgroep = _kies(sign_in("manager"), cijfers["deventer"])
    samen = stuurgroep.get("/werkplek/sturing/export/termijnen.xlsx?gemeente=alle")
    deventer = stuurgroep.get("/werkplek/sturing/export/termijnen.xlsx")

    def som(response):
        blad = load_workbook(io.BytesIO(response.content)).active
        return sum(r[1] for r in blad.iter_rows(min_row=3, values_only=True))

    assert (
        som(samen)
        == Zaakfeit.objects.filter(
            einddatum__isnull=True, startdatum__lte=timezone.localdate()
        ).count()
    )
    assert som(deventer) < som(samen)
    assert "Alle gemeenten samen" in stuurgroep.get("/werkplek/sturing/").content.decode()


def test_the_drill_down_stops_at_the_viewers_level(cijfers):
    # Wim Dekker's management role reaches up to "openbaar": Wmo zaken (vertrouwelijk) are counted
    # on the dashboard but not listed.
    client = _kies(sign_in("manager"), cijfers["deventer"])
    html = client.get(
        "/werkplek/sturing/zaken/?zaaktype=WMO-MAATWERK&soort=overschreden"
    ).content.decode()
    assert "vertrouwelijker dan uw rol toestaat" in html
    for z in Zaak.objects.filter(zaaktype__identificatie="WMO-MAATWERK"):
        assert z.identificatie not in html


def test_staff_without_the_management_role_get_no_dashboard(cijfers):
    assert sign_in("jdevries").get("/werkplek/sturing/").status_code == 403
    assert sign_in("jdevries").get("/werkplek/sturing/kosten/").status_code == 403


def test_bad_filters_get_a_dutch_error_and_lose_nothing(cijfers):
    client = sign_in("tbos")
    page = client.get("/werkplek/sturing/?periode=2026-13").content.decode()
    assert "Kies een periode" in page and "Laatste 12 maanden" in page
    fout = client.get("/werkplek/sturing/zaken/?soort=alles")
    assert fout.status_code == 400 and "Onbekende soort lijst." in fout.content.decode()
    assert client.get("/werkplek/sturing/zaken/?soort=instroom&van=gisteren").status_code == 400
    assert client.get("/werkplek/sturing/export/trend.exe").status_code == 404
    assert client.get("/werkplek/sturing/grafiek/geheim.png").status_code == 404


def test_monthly_report_pdf(cijfers):
    client = sign_in("tbos")
    maand = f"{timezone.localdate():%Y-%m}"
    response = client.get(f"/werkplek/sturing/rapport/{maand}.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content[:5] == b"%PDF-"
    assert f"maandrapport-deventer-{maand}.pdf" in response["Content-Disposition"]
    vorige = f"{timezone.localdate().replace(day=1) - timedelta(days=1):%Y-%m}"
    assert f'href="rapport/{vorige}.pdf' in client.get("/werkplek/sturing/").content.decode()
    assert client.get(f"/werkplek/sturing/rapport/{vorige}.pdf").content[:5] == b"%PDF-"
    assert client.get("/werkplek/sturing/rapport/2026-13.pdf").status_code == 404


def test_the_cost_register_page_and_exports(cijfers):
    load_kosten()
    verversen()
    client = sign_in("gmulder")
    jaar = timezone.localdate().year - 1
    html = client.get(f"/werkplek/sturing/kosten/?jaar={jaar}").content.decode()
    assert "1.200.000,00" in html and "Jaarafrekening" in html
    blad = load_workbook(
        io.BytesIO(
            client.get(f"/werkplek/sturing/kosten/export/afrekening.xlsx?jaar={jaar}").content
        )
    ).active
    rijen = list(blad.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rijen] == ["Deventer", "Olst-Wijhe", "Raalte"]
    assert all(r[3] is not None for r in rijen)  # every item realised: settled
    assert round(sum(r[2] for r in rijen)) == 7_452_350  # the realised amounts together


def test_dashboard_queries_do_not_grow_with_the_zaken(cijfers):
    from django.core.cache import cache

    client = sign_in("tbos")
    client.get("/werkplek/sturing/")
    cache.clear()
    client = sign_in("tbos")
    with CaptureQueriesContext(connection) as klein:
        assert client.get("/werkplek/sturing/?zaaktype=WMO-MAATWERK").status_code == 200
    aantal = len(klein.captured_queries)
    zaken = list(Zaak.objects.filter(tenant=cijfers["deventer"])[:40])
    for i, z in enumerate(zaken):
        z.pk = None
        z.uuid = uuid.uuid4()
        z.identificatie = f"EXTRA-{i}"
        z.behandelaar = ["jdevries", "mbakker", "syilmaz", ""][i % 4]
        z.save()
    verversen()
    cache.clear()
    client = sign_in("tbos")
    with CaptureQueriesContext(connection) as groot:
        assert client.get("/werkplek/sturing/?zaaktype=WMO-MAATWERK").status_code == 200
    assert len(groot.captured_queries) == aantal <= 40
    with CaptureQueriesContext(connection) as nogmaals:  # the figures come from the cache now
        client.get("/werkplek/sturing/?zaaktype=WMO-MAATWERK")
    assert len(nogmaals.captured_queries) < aantal


def test_the_drill_down_list_does_not_grow_in_queries_with_its_rows(cijfers):
    client = sign_in("pjansen")  # teamleider Deventer, sees up to geheim: every row listed
    url = "/werkplek/sturing/zaken/?soort=open"
    with CaptureQueriesContext(connection) as weinig:
        eerste = client.get(url + "&zaaktype=WMO-MAATWERK").content.decode()
    aantal = len(weinig.captured_queries)
    with CaptureQueriesContext(connection) as veel:
        alle = client.get(url).content.decode()
    assert alle.count('<th scope="row">') > eerste.count('<th scope="row">') > 0
    assert len(veel.captured_queries) <= aantal


def _pdf_regels(inhoud: bytes) -> list[str]:
    """The text lines ReportLab drew, from the PDF's content streams (DejaVu or WinAnsi)."""
    from iwerk.core.testing.pdftekst import tekst

    return tekst(inhoud).splitlines()


def test_monthly_report_tables_never_break_a_word(cijfers):
    from iwerk.sturing.forms import uit_verzoek
    from iwerk.sturing.selectors import tabellen

    client = sign_in("tbos")
    maand = f"{timezone.localdate():%Y-%m}"
    regels = _pdf_regels(client.get(f"/werkplek/sturing/rapport/{maand}.pdf").content)
    woorden = {w for r in regels for w in r.split()}
    # Every word of every table in the report is drawn whole: headers, zaaktypen, numbers.
    request = client.get("/werkplek/sturing/").wsgi_request
    request.GET = request.GET.copy()
    request.GET["periode"] = maand
    _, keuze = uit_verzoek(request, timezone.localdate())
    tabs = tabellen.bouwen(keuze)
    verwacht = set()
    for naam in ("zaaktypen", "kanalen", "datakwaliteit", "termijnen", "teams", "trend"):
        for tekst in [*tabs[naam].kolommen, *(str(c) for rij in tabs[naam].rijen for c in rij)]:
            verwacht |= set(tekst.split())
    assert {"Doorlooptijd", "servicenorm", "gemiddeld", "Werkvoorraad"} <= verwacht
    assert len(tabs["zaaktypen"].rijen) > 2  # some zaaktypen besides the total
    assert verwacht - woorden == set()


_AGGREGATEN = ("sturing_dagcijfer", "sturing_openstand", "sturing_doorlooptijdtelling")


def test_the_worker_prepares_the_first_views_and_a_request_only_reads_them(cijfers):
    from django.core.cache import cache

    from iwerk.core import periodiek
    from iwerk.sturing.models import Dashboardstand
    from iwerk.sturing.selectors import tabellen
    from iwerk.sturing.services import dashboardstand

    # The worker runs it in every round, right after the refresh (and so also at its start).
    namen = list(periodiek._JOBS)
    assert namen.index("sturing-voorbereiden") == namen.index("sturing-verversen") + 1
    assert dashboardstand.voorbereiden() == 4  # Deventer, Olst-Wijhe, Raalte and all together
    assert dashboardstand.voorbereiden() == 0  # nothing changed: nothing rebuilt
    vandaag = timezone.localdate()
    for keuze in dashboardstand.standaardkeuzes(vandaag):  # stored as JSON, read back the same
        stand = Dashboardstand.objects.get(sleutel=tabellen.standsleutel(keuze))
        assert tabellen.uit_json(stand.tabellen) == tabellen._bouwen(keuze)

    client = sign_in("tbos")
    cache.clear()  # a fresh web process: nothing cached
    with CaptureQueriesContext(connection) as eerste:
        page = client.get("/werkplek/sturing/")
    assert page.status_code == 200 and "Sturing: zaken Deventer" in page.content.decode()
    sql = [q["sql"] for q in eerste.captured_queries]
    assert not [q for q in sql if any(a in q for a in _AGGREGATEN)]  # no figure computed
    assert len(sql) <= 11, sql

    # A change: the prepared view is out of date, so the request computes until the worker's
    # next round has prepared it again.
    zaak = (
        Zaak.objects.filter(tenant=cijfers["deventer"], einddatum__isnull=True)
        .exclude(behandelaar="")  # unassigning it is the change
        .first()
    )
    zaak.behandelaar = ""
    opslaan(zaak)
    verversen()
    with CaptureQueriesContext(connection) as verouderd:
        client.get("/werkplek/sturing/")
    assert [q for q in verouderd.captured_queries if "sturing_dagcijfer" in q["sql"]]
    assert dashboardstand.voorbereiden() == 4
    cache.clear()
    with CaptureQueriesContext(connection) as weer:
        client.get("/werkplek/sturing/")
    assert not [q for q in weer.captured_queries if any(a in q["sql"] for a in _AGGREGATEN)]

    # The steering group's joint view is prepared as well.
    stuurgroep = sign_in("manager")
    stuurgroep.post("/werkplek/gemeente/", {"gemeente": cijfers["deventer"].pk})
    cache.clear()
    with CaptureQueriesContext(connection) as samen:
        page = stuurgroep.get("/werkplek/sturing/?gemeente=alle")
    assert "Sturing: zaken Alle gemeenten samen" in page.content.decode()
    assert not [q for q in samen.captured_queries if any(a in q["sql"] for a in _AGGREGATEN)]
