"""The portfolio's pages for an application migrated into iwerk (ADR 0065): the summary on the
application page, the migratie in the edit form, the full report for the gemeente's own staff
only, and query counts that do not grow with the rows."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.medewerkers.roles import Rol
from iwerk.migratie.models import Migratie
from iwerk.portfolio.models import Applicatie, Gebruik
from iwerk.portfolio.tests import migratie_hulp as hulp

pytestmark = pytest.mark.django_db


def _t(dag: int, uur: int = 12) -> datetime:
    return datetime(2026, 11, dag, uur, tzinfo=UTC)


@pytest.fixture
def alfa(demo_staf):
    """Zaaksysteem Alfa used by Deventer (linked to a clean migration after a stopped one) and
    by Raalte (not linked); Raalte has a migratie of its own."""
    app = Applicatie.objects.create(naam="Zaaksysteem Alfa")
    migratie = hulp.migratie(demo_staf["deventer"], "zaaksysteem-alfa")
    hulp.run(migratie, _t(14), _t(15), toestand="gestopt", melding="De bron is onbereikbaar.")
    hulp.run(migratie, _t(21), _t(22), niet_gekopieerd=0)
    deventer = Gebruik.objects.create(
        applicatie=app,
        gemeente=demo_staf["deventer"],
        sinds=date(2014, 3, 1),
        status="uit_te_faseren",
        einde_gepland=date(2027, 3, 14),
        migratie=migratie,
    )
    raalte = Gebruik.objects.create(
        applicatie=app, gemeente=demo_staf["raalte"], sinds=date(2016, 1, 1)
    )
    hulp.migratie(demo_staf["raalte"], "squit-zaken")
    hulp.migratie(demo_staf["deventer"], "dms-archiefplus")
    return app, deventer, raalte


def _beheerder(demo_staf, gemeente="deventer"):
    client = sign_in("fbeheerder")
    client.post("/werkplek/gemeente/", {"gemeente": demo_staf[gemeente].pk})
    return client


def test_the_application_page_shows_the_migration_summary_to_every_portfolio_user(demo_staf, alfa):
    app, deventer, _ = alfa
    # Olst-Wijhe's management: portfolio, but not working for Deventer.
    page = sign_in("hpost").get(f"/werkplek/portfolio/applicaties/{app.pk}/").content.decode()
    assert "Gemigreerd naar iwerk" in page and "zaaksysteem-alfa" in page
    assert "Kan worden uitgeschakeld vanaf 14-03-2027" in page
    assert '<th scope="row">zaken</th>' in page and "10.412" in page
    assert f'href="migratie/{deventer.pk}/"' not in page  # the full report is Deventer's
    assert "alleen in te zien voor medewerkers van Deventer" in page
    assert 'name="gebruik"' not in page  # no form: not functioneel beheer
    own = sign_in("tbos").get(f"/werkplek/portfolio/applicaties/{app.pk}/").content.decode()
    assert f'href="migratie/{deventer.pk}/"' in own


def test_the_reasons_and_the_melding_of_a_stopped_run(demo_staf, alfa):
    app, deventer, _ = alfa
    hulp.run(deventer.migratie, _t(28), _t(29), toestand="gestopt", melding="Bron weg: https://oz")
    other = sign_in("hpost").get(f"/werkplek/portfolio/applicaties/{app.pk}/").content.decode()
    assert "Kan nog niet worden uitgeschakeld" in other
    assert "De laatste migratierun is gestopt en niet hervat." in other
    assert "Bron weg" not in other  # the copier's words name source URLs
    own = sign_in("tbos").get(f"/werkplek/portfolio/applicaties/{app.pk}/").content.decode()
    assert "Melding van de run: Bron weg: https:/<wbr>/<wbr>oz" in own  # wraps on a phone


def test_the_form_offers_only_the_gemeente_s_own_migraties(demo_staf, alfa):
    app, deventer, raalte = alfa
    page = _beheerder(demo_staf).get(f"/werkplek/portfolio/applicaties/{app.pk}/").content.decode()
    deventer_form = page[
        page.index(f'id="kop-g{deventer.pk}"') : page.index(f'id="kop-g{raalte.pk}"')
    ]
    raalte_form = page[page.index(f'id="kop-g{raalte.pk}"') :]
    assert "zaaksysteem-alfa" in deventer_form and "dms-archiefplus" in deventer_form
    assert "squit-zaken" not in deventer_form
    assert "squit-zaken" in raalte_form and "dms-archiefplus" not in raalte_form
    assert f'<option value="{deventer.migratie_id}" selected>' in deventer_form


def _post(client, app, gebruik, **velden):
    data = {
        "gebruik": gebruik.pk,
        f"g{gebruik.pk}-status": gebruik.status,
        f"g{gebruik.pk}-einde_gepland": gebruik.einde_gepland or "",
        f"g{gebruik.pk}-einde": gebruik.einde or "",
        f"g{gebruik.pk}-migratie": gebruik.migratie_id or "",
    }
    data |= {f"g{gebruik.pk}-{k}": v for k, v in velden.items()}
    return client.post(f"/werkplek/portfolio/applicaties/{app.pk}/", data)


def test_posting_another_gemeente_s_migratie_is_a_field_error_and_saves_nothing(demo_staf, alfa):
    app, deventer, raalte = alfa
    squit = Migratie.objects.get(naam="squit-zaken")
    response = _post(
        _beheerder(demo_staf), app, deventer, migratie=squit.pk, einde_gepland="2028-01-01"
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    deventer.refresh_from_db()
    assert deventer.migratie.naam == "zaaksysteem-alfa" and deventer.einde_gepland == date(
        2027, 3, 14
    )


def test_linking_phasing_out_and_the_refusal_while_not_clean(demo_staf, alfa):
    app, deventer, raalte = alfa
    client = _beheerder(demo_staf)
    squit = Migratie.objects.get(naam="squit-zaken")
    hulp.run(squit, _t(20), _t(21), niet_gekopieerd=3)
    response = _post(client, app, raalte, migratie=squit.pk)
    assert response.status_code == 302
    raalte.refresh_from_db()
    assert raalte.migratie == squit
    response = _post(client, app, raalte, status="uitgefaseerd", einde="2026-12-01")
    assert response.status_code == 400
    assert (
        "De migratie naar iwerk is nog niet schoon: 3 objecten niet gekopieerd."
        in response.content.decode()
    )
    raalte.refresh_from_db()
    assert raalte.status == "in_gebruik"
    response = _post(client, app, deventer, status="uitgefaseerd", einde="2026-12-01")
    assert response.status_code == 302
    deventer.refresh_from_db()
    assert deventer.status == "uitgefaseerd"


def test_the_full_report_is_for_the_gemeente_s_own_staff_only(demo_staf, alfa):
    app, deventer, raalte = alfa
    url = f"/werkplek/portfolio/applicaties/{app.pk}/migratie/{deventer.pk}/"
    olst = sign_in("hpost")
    assert olst.get(url).status_code == 404
    assert olst.get(url + "rapport.json").status_code == 404
    own = sign_in("tbos")
    page = own.get(url).content.decode()
    assert "Migratie naar iwerk: Zaaksysteem Alfa bij Deventer" in page
    assert "Kan worden uitgeschakeld vanaf 14-03-2027" in page
    assert "Gestopt (te hervatten)" in page and "De bron is onbereikbaar." in page  # run list
    assert "Verificatierapport van run" in page and "31.740 vergeleken op SHA-256" in page
    download = own.get(url + "rapport.json")
    assert download.status_code == 200 and download["Content-Type"] == "application/json"
    assert download["Content-Disposition"].startswith(
        'attachment; filename="migratierapport-zaaksysteem-alfa-run-'
    )
    assert json.loads(download.content) == deventer.migratie.runs.first().rapport
    # A Gebruik without a migratie, or of another application, has no report page.
    assert (
        own.get(f"/werkplek/portfolio/applicaties/{app.pk}/migratie/{raalte.pk}/").status_code
        == 404
    )
    assert (
        own.get(f"/werkplek/portfolio/applicaties/{app.pk + 1}/migratie/{deventer.pk}/").status_code
        == 404
    )


def test_the_report_page_cuts_long_lists_and_names_every_reason(demo_staf, alfa):
    app, deventer, _ = alfa
    hulp.run(deventer.migratie, _t(28), _t(29), niet_gekopieerd=1000, afwijkend=2)
    page = (
        sign_in("tbos")
        .get(f"/werkplek/portfolio/applicaties/{app.pk}/migratie/{deventer.pk}/")
        .content.decode()
    )
    assert "Kan nog niet worden uitgeschakeld" in page
    assert "1.000 objecten niet gekopieerd" in page and "2 afwijkende documentversies" in page
    assert page.count("zaaktype niet gemigreerd:") == 300
    assert "En nog 700 niet getoond" in page
    assert "Afwijkende documentversies" in page


def test_the_overview_marks_migrated_use(demo_staf, alfa):
    page = _beheerder(demo_staf).get("/werkplek/portfolio/").content.decode()
    assert "Deventer: uit te faseren (gepland 14-3-2027) · gemigreerd naar iwerk" in page
    assert "Raalte: in gebruik<br>" in page


def _meer_gemeenten(app, n: int, start: int) -> list[Gebruik]:
    """n more gemeenten using app, each linked to its own migratie with two runs."""
    rijen = []
    for i in range(start, start + n):
        gemeente = build.gemeente(f"Extra {i}", f"extra-{i}", f"{100000000 + i}")
        medewerker(gemeente, "fbeheerder", Rol.functioneel_beheerder)
        migratie = hulp.migratie(gemeente, f"bron-{i}")
        hulp.run(migratie, _t(14), _t(15), toestand="gestopt")
        hulp.run(migratie, _t(21), _t(22), niet_gekopieerd=5)
        rijen.append(
            Gebruik.objects.create(
                applicatie=app, gemeente=gemeente, sinds=date(2020, 1, 1), migratie=migratie
            )
        )
    return rijen


def _aantal(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("pagina", ["applicatie", "overzicht"])
def test_the_pages_do_not_grow_in_queries_with_linked_rows(
    demo_staf, alfa, pagina, django_assert_max_num_queries
):
    app, _, _ = alfa
    url = f"/werkplek/portfolio/applicaties/{app.pk}/"
    if pagina == "overzicht":
        url = "/werkplek/portfolio/"
    _meer_gemeenten(app, 2, 0)
    client = _beheerder(demo_staf)
    client.get(url)  # the session's caches filled
    eerst = _aantal(client, url)
    _meer_gemeenten(app, 6, 2)
    client.get(url)  # the new roles: the werkplek context is built again once
    with django_assert_max_num_queries(eerst):
        page = client.get(url).content.decode()
    if pagina == "applicatie":
        assert page.count("Kan nog niet worden uitgeschakeld") == 8
        assert page.count("5 objecten niet gekopieerd") == 8
    else:
        assert page.count("gemigreerd naar iwerk") == 9


def test_the_report_page_does_not_grow_in_queries_with_runs(
    demo_staf, alfa, django_assert_max_num_queries
):
    app, deventer, _ = alfa
    url = f"/werkplek/portfolio/applicaties/{app.pk}/migratie/{deventer.pk}/"
    client = sign_in("tbos")
    client.get(url)
    eerst = _aantal(client, url)
    for dag in range(1, 30):
        hulp.run(deventer.migratie, _t(dag, 23), _t(dag, 23), niet_gekopieerd=dag)
    with django_assert_max_num_queries(eerst):
        page = client.get(url).content.decode()
    assert page.count('<th scope="row">') >= 20


def test_a_row_linked_to_another_gemeente_s_migratie_shows_no_report(demo_staf, alfa):
    """Only the service links, and it refuses this; should a row say so anyway, fail closed."""
    app, deventer, _ = alfa
    Gebruik.objects.filter(pk=deventer.pk).update(migratie=Migratie.objects.get(naam="squit-zaken"))
    url = f"/werkplek/portfolio/applicaties/{app.pk}/migratie/{deventer.pk}/"
    assert sign_in("tbos").get(url).status_code == 404


def test_functioneel_beheer_of_one_gemeente_changes_only_that_gemeente_s_use(demo_staf, alfa):
    """The application is shared; its use, end dates and migratie per gemeente are that
    gemeente's own: a beheerder of Raalte only gets no form for Deventer's row, and a crafted
    POST for it is refused and changes nothing."""
    app, deventer, raalte = alfa
    medewerker(demo_staf["raalte"], "fbraalte", Rol.functioneel_beheerder)
    client = sign_in("fbraalte")
    page = client.get(f"/werkplek/portfolio/applicaties/{app.pk}/").content.decode()
    assert f'name="gebruik" value="{raalte.pk}"' in page
    assert f'name="gebruik" value="{deventer.pk}"' not in page
    assert "dms-archiefplus" not in page  # Deventer's migratie names are not offered either

    response = _post(client, app, deventer, migratie="", status="in_gebruik")
    assert response.status_code == 403
    deventer.refresh_from_db()
    assert deventer.migratie.naam == "zaaksysteem-alfa" and deventer.status == "uit_te_faseren"
    # Its own row it may change; an id of no row of this application is refused the same way.
    assert _post(client, app, raalte, einde_gepland="2028-01-01").status_code == 302
    assert (
        client.post(f"/werkplek/portfolio/applicaties/{app.pk}/", {"gebruik": "999999"}).status_code
        == 403
    )


def test_the_end_of_a_phased_out_row_cannot_be_moved_before_the_clean_run_later(demo_staf, alfa):
    app, deventer, _ = alfa
    client = _beheerder(demo_staf)
    assert (
        _post(client, app, deventer, status="uitgefaseerd", einde="2026-12-01").status_code == 302
    )
    deventer.refresh_from_db()
    response = _post(client, app, deventer, einde="2020-01-01")
    assert response.status_code == 400
    assert "pas op 22-11-2026 schoon afgerond" in response.content.decode()
    deventer.refresh_from_db()
    assert deventer.einde == date(2026, 12, 1)


def test_a_damaged_stored_report_does_not_take_the_pages_down(demo_staf, alfa):
    app, deventer, _ = alfa
    run = hulp.run(deventer.migratie, _t(25), _t(26), niet_gekopieerd=0)
    run.rapport |= {
        "seconden": "lang",
        "verzoeken_per_pad": ["geen", "woordenboek"],
        "documentversies": {"vergeleken": "x", "gelijk": None, "afwijkend": "geen lijst"},
        "soorten": [{"soort": "zaak", "bron": "veel", "iwerk": 3, "mislukt": True}, "los"],
    }
    run.save(update_fields=["rapport"])
    client = sign_in("tbos")
    assert client.get(f"/werkplek/portfolio/applicaties/{app.pk}/").status_code == 200
    url = f"/werkplek/portfolio/applicaties/{app.pk}/migratie/{deventer.pk}/"
    assert client.get(url).status_code == 200


def test_two_linked_gemeenten_have_report_regions_with_distinct_names(demo_staf, alfa):
    app, deventer, raalte = alfa
    raalte.migratie = Migratie.objects.get(naam="squit-zaken")
    raalte.save(update_fields=["migratie"])
    page = sign_in("hpost").get(f"/werkplek/portfolio/applicaties/{app.pk}/").content.decode()
    assert '<span class="visueel-verborgen"> (Deventer)</span>' in page
    assert '<span class="visueel-verborgen"> (Raalte)</span>' in page
