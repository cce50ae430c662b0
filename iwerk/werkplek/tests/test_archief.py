"""Archiefbeheer in the werkplek: overview, building and editing a destruction list, its review,
the verklaring, transfers — every page for the right role only, every form error in Dutch."""

from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.archief.models import (
    Itemstatus,
    Lijstitem,
    Lijststatus,
    Overbrenging,
    Overbrengingsstatus,
    Procesverantwoordelijke,
    Vernietigingslijst,
)
from iwerk.archief.services import uitvoering
from iwerk.archief.services.lijsten import dien_in, maak_lijst
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.archief import afgesloten_zaak, zaaktype_met_besluit
from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak, ZaakNotitie

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings", "_anker")]

ARCHIEF = "/werkplek/archief/"
INGRID = {"voornaam": "Ingrid", "achternaam": "Vermeulen"}
RUTGER = {"voornaam": "Rutger", "achternaam": "Brinkman"}


@dataclass
class Archiefwereld:
    """Deventer with three zaken due for destruction (KAP: documents and a besluit each) and one
    due for transfer; its records manager, process owner of KAP (a teamleider), archivaris and a
    behandelaar; Raalte with its own records manager."""

    deventer: Gemeente
    raalte: Gemeente
    zaken: list[Zaak]
    bewaren: Zaak
    div: User
    pv: User
    archivaris: User
    behandelaar: User
    div_raalte: User


def archiefwereld(gemeenten: dict[str, Gemeente]) -> Archiefwereld:
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    kap = zaaktype_met_besluit(build.catalogus(deventer), "KAP", omschrijving="Kapvergunning")
    pv = medewerker(deventer, "pjansen", Rol.teamleider, voornaam="Pieter", achternaam="Jansen")
    Procesverantwoordelijke.objects.create(
        gemeente=deventer, zaaktype_identificatie="KAP", gebruiker=pv
    )
    zaken = [afgesloten_zaak(kap, documenten=2, met_besluit=True) for _ in range(3)]
    div = medewerker(deventer, "ivermeulen", Rol.div_medewerker, maximum="geheim", **INGRID)
    return Archiefwereld(
        deventer=deventer,
        raalte=raalte,
        zaken=zaken,
        bewaren=afgesloten_zaak(kap, archiefnominatie="blijvend_bewaren", documenten=1),
        div=div,
        pv=pv,
        archivaris=medewerker(deventer, "rbrinkman", Rol.archivaris, maximum="geheim", **RUTGER),
        behandelaar=medewerker(deventer, "jdevries", Rol.behandelaar),
        div_raalte=medewerker(raalte, "ikuipers", Rol.div_medewerker, maximum="geheim"),
    )


@pytest.fixture
def _anker(settings, tmp_path):
    # Executing a list seals its verklaring in the audit chain, whose anchors go to a folder.
    settings.IWERK_AUDIT_ANKER_MAP = str(tmp_path / "ankers")
    settings.IWERK_DOCUMENT_OPRUIMEN_NA = 0


@pytest.fixture
def wereld(gemeenten) -> Archiefwereld:
    return archiefwereld(gemeenten)


def _token(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="formtoken" value="([^"]+)"', page).group(1)


def _post(client: Client, url: str, data: dict, pagina: str = ""):
    return client.post(url, {"formtoken": _token(client, pagina or url), **data})


def _lijst(wereld: Archiefwereld, **kwargs) -> Vernietigingslijst:
    return maak_lijst(
        gebruiker=wereld.div,
        gemeente=wereld.deventer,
        naam=kwargs.pop("naam", "Kapvergunningen tot 2020"),
        peildatum=timezone.localdate(),
        **kwargs,
    )


def _url(lijst: Vernietigingslijst) -> str:
    return f"{ARCHIEF}lijsten/{lijst.uuid}/"


def _meldingen(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _ingediend(wereld: Archiefwereld) -> Vernietigingslijst:
    lijst = _lijst(wereld)
    return dien_in(gebruiker=wereld.div, lijst=lijst, archivaris=wereld.archivaris)


def test_the_records_manager_sees_what_is_due_per_zaaktype_and_the_lists(wereld):
    lijst = _lijst(wereld, naam="Oude kapvergunningen")
    client = sign_in("ivermeulen")

    page = client.get(ARCHIEF).content.decode()

    assert "Nieuwe vernietigingslijst" in page and "Nieuwe overbrenging" in page
    rij = page[page.index("Kapvergunning <span") :]
    rij = rij[: rij.index("</tr>")]
    # the three zaken are on the list now, so none is due; the kept one is due for transfer
    assert [int(n) for n in re.findall(r"<td>(\d+)</td>", rij)] == [0, 0, 0, 1, 1, 0]
    assert f'href="/werkplek/archief/lijsten/{lijst.uuid}/"' in page
    assert "Oude kapvergunningen" in page and "Concept (1)" in page


def test_the_menu_shows_archief_to_archive_staff_only(wereld):
    assert 'href="/werkplek/archief/"' in sign_in("ivermeulen").get("/werkplek/").content.decode()
    assert 'href="/werkplek/archief/"' in sign_in("rbrinkman").get("/werkplek/").content.decode()
    assert 'href="/werkplek/archief/"' not in sign_in("jdevries").get("/werkplek/").content.decode()


@pytest.mark.parametrize(
    "pagina",
    [ARCHIEF, f"{ARCHIEF}lijsten/nieuw/", f"{ARCHIEF}overbrengingen/", "lijst", "overbrenging"],
)
def test_a_behandelaar_may_not_open_archive_pages(wereld, pagina):
    lijst = _lijst(wereld)
    overbrenging = Overbrenging.objects.create(
        gemeente=wereld.deventer,
        nummer="OB-2026-0001",
        peildatum=date(2025, 1, 1),
        aangemaakt_door=wereld.div,
    )
    url = {"lijst": _url(lijst), "overbrenging": f"{ARCHIEF}overbrengingen/{overbrenging.uuid}/"}
    response = sign_in("jdevries").get(url.get(pagina, pagina))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_the_archivaris_may_not_build_lists_or_transfers(wereld):
    client = sign_in("rbrinkman")
    assert client.get(ARCHIEF).status_code == 200
    nieuw = client.get(f"{ARCHIEF}lijsten/nieuw/")
    assert nieuw.status_code == 403
    assert "Hiervoor is de rol DIV-medewerker in gemeente Deventer nodig." in nieuw.content.decode()
    assert client.get(f"{ARCHIEF}overbrengingen/").status_code == 403


def test_a_list_or_transfer_of_another_gemeente_is_not_found(wereld):
    lijst = _lijst(wereld)
    overbrenging = Overbrenging.objects.create(
        gemeente=wereld.deventer,
        nummer="OB-2026-0001",
        peildatum=date(2025, 1, 1),
        aangemaakt_door=wereld.div,
    )
    client = sign_in("ikuipers")  # records manager of Raalte
    assert client.get(_url(lijst)).status_code == 404
    assert client.get(f"{_url(lijst)}verklaring.csv").status_code == 404
    assert client.get(f"{ARCHIEF}overbrengingen/{overbrenging.uuid}/").status_code == 404
    assert client.get(f"{ARCHIEF}lijsten/{uuid.uuid4()}/").status_code == 404
    # and an action on it changes nothing
    response = client.post(f"{_url(lijst)}afbreken/", {"formtoken": "x" * 20, "reden": "Weg"})
    assert response.status_code == 404
    assert Vernietigingslijst.objects.get(pk=lijst.pk).status == Lijststatus.concept


def test_a_process_owner_reaches_the_archive_through_a_pending_step_only(wereld):
    client = sign_in("pjansen")
    geen = client.get(ARCHIEF)
    assert geen.status_code == 403
    assert 'href="/werkplek/archief/"' not in geen.content.decode()

    lijst = _ingediend(wereld)
    page = client.get(ARCHIEF).content.decode()

    assert "Te beoordelen" in page and lijst.nummer in page
    assert 'href="/werkplek/archief/"' in page  # the menu shows it while a step waits
    assert "Zaken per zaaktype" not in page  # the records manager's figures are not theirs
    assert client.get(_url(lijst)).status_code == 200


def test_a_new_list_without_name_or_date_gets_dutch_errors(wereld):
    client = sign_in("ivermeulen")
    response = _post(
        client,
        f"{ARCHIEF}lijsten/nieuw/",
        {
            "naam": "",
            "peildatum": "",
            "einddatum_vanaf": "2020-01-01",
            "einddatum_tot": "2019-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Geef de lijst een naam." in page
    assert "Vul de peildatum in." in page
    assert "Deze datum ligt voor ‘Afgesloten vanaf’." in page
    assert "Controleer de gemarkeerde velden." in page
    assert not Vernietigingslijst.objects.exists()


def test_a_peildatum_in_the_future_is_refused_by_the_service(wereld):
    morgen = timezone.localdate() + timedelta(days=1)
    response = _post(
        sign_in("ivermeulen"),
        f"{ARCHIEF}lijsten/nieuw/",
        {"naam": "Te vroeg", "peildatum": morgen.isoformat()},
    )
    assert response.status_code == 400
    assert "De peildatum mag niet na vandaag liggen" in response.content.decode()


def test_a_selection_without_eligible_zaken_says_so(wereld):
    response = _post(
        sign_in("ivermeulen"),
        f"{ARCHIEF}lijsten/nieuw/",
        {"naam": "Niets", "peildatum": "2000-01-01"},
    )
    assert response.status_code == 400
    assert (
        "Er zijn geen zaken die op 01-01-2000 vernietigd mogen worden met deze selectie"
        in response.content.decode()
    )
    assert not Vernietigingslijst.objects.exists()


def test_the_records_manager_builds_a_list_with_the_selection(wereld):
    client = sign_in("ivermeulen")
    form = client.get(f"{ARCHIEF}lijsten/nieuw/").content.decode()
    assert 'value="KAP"' in form and "Kapvergunning (KAP)" in form

    response = _post(
        client,
        f"{ARCHIEF}lijsten/nieuw/",
        {
            "naam": "Kapvergunningen tot 2020",
            "peildatum": timezone.localdate().isoformat(),
            "zaaktypen": ["KAP"],
            "resultaattypen": ["Verleend"],
        },
    )

    lijst = Vernietigingslijst.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(lijst)
    assert lijst.filters["zaaktypen"] == ["KAP"] and lijst.filters["resultaattypen"] == ["Verleend"]
    page = client.get(_url(lijst)).content.decode()
    for zaak in wereld.zaken:
        assert f'<a href="/werkplek/zaken/{zaak.uuid}/">{zaak.identificatie}</a>' in page
        for doc in zaak.zaakinformatieobjecten.values_list("informatieobject__identificatie"):
            assert f"<li>Document {doc[0]}</li>" in page  # what goes, by name
    assert "2 documenten, 1 besluit" in page and "is aangemaakt als concept." in page


def test_a_form_sent_twice_builds_one_list(wereld):
    client = sign_in("ivermeulen")
    url = f"{ARCHIEF}lijsten/nieuw/"
    data = {
        "formtoken": _token(client, url),
        "naam": "Eén keer",
        "peildatum": timezone.localdate().isoformat(),
    }
    eerste = client.post(url, data)
    tweede = client.post(url, data, follow=True)
    assert eerste.status_code == 302
    assert Vernietigingslijst.objects.count() == 1
    assert "Dit formulier was al verstuurd; er is niets dubbel gedaan." in _meldingen(tweede)


def test_the_records_manager_takes_zaken_off_and_aborts_with_a_reason(wereld):
    lijst = _lijst(wereld)
    client = sign_in("ivermeulen")
    item = Lijstitem.objects.filter(lijst=lijst).order_by("pk").first()

    leeg = client.post(
        f"{_url(lijst)}items/verwijderen/", {"formtoken": _token(client, _url(lijst))}, follow=True
    )
    assert "Kies de zaken die van de lijst af moeten." in _meldingen(leeg)
    response = _post(
        client, f"{_url(lijst)}items/verwijderen/", {"item": [item.pk]}, pagina=_url(lijst)
    )
    assert response.status_code == 302
    assert not Lijstitem.objects.filter(pk=item.pk).exists()
    assert Lijstitem.objects.filter(lijst=lijst).count() == 2

    zonder = _post(client, f"{_url(lijst)}afbreken/", {"reden": ""}, pagina=_url(lijst))
    assert zonder.status_code == 400
    assert "Geef een reden voor het afbreken." in zonder.content.decode()
    _post(client, f"{_url(lijst)}afbreken/", {"reden": "Selectie klopt niet"}, pagina=_url(lijst))
    lijst.refresh_from_db()
    assert (lijst.status, lijst.toelichting) == (Lijststatus.afgebroken, "Selectie klopt niet")
    assert "Lijst afbreken" not in client.get(_url(lijst)).content.decode()


def test_submitting_needs_an_archivaris_of_the_gemeente(wereld):
    lijst = _lijst(wereld)
    client = sign_in("ivermeulen")
    page = client.get(_url(lijst)).content.decode()
    keuzes = page[page.index('id="id_indienen_archivaris"') :]
    keuzes = keuzes[: keuzes.index("</select>")]
    assert "Rutger Brinkman" in keuzes and "Pieter" not in keuzes  # only archivarissen

    geen = _post(client, f"{_url(lijst)}indienen/", {"archivaris": ""}, pagina=_url(lijst))
    assert geen.status_code == 400 and "Kies de archivaris." in geen.content.decode()
    assert not re.search(r'(action|href)="(?!/|#)', geen.content.decode())  # links still work
    response = _post(
        client,
        f"{_url(lijst)}indienen/",
        {"archivaris": wereld.archivaris.pk},
        pagina=_url(lijst),
    )
    assert response.status_code == 302
    assert Vernietigingslijst.objects.get(pk=lijst.pk).status == Lijststatus.ter_beoordeling


def test_only_the_reviewer_whose_turn_it_is_gets_the_review_actions(wereld):
    lijst = _ingediend(wereld)
    pv, archivaris, div = sign_in("pjansen"), sign_in("rbrinkman"), sign_in("ivermeulen")

    assert "Lijst goedkeuren" in pv.get(_url(lijst)).content.decode()
    assert "Uitzonderen" in pv.get(_url(lijst)).content.decode()
    wacht = archivaris.get(_url(lijst)).content.decode()
    assert "Lijst goedkeuren" not in wacht and "items/" not in wacht
    assert "Lijst goedkeuren" not in div.get(_url(lijst)).content.decode()

    # The archivaris tries anyway: the service refuses, in Dutch, and nothing changes.
    response = archivaris.post(f"{_url(lijst)}goedkeuren/", {"formtoken": "x" * 20})
    assert response.status_code == 400
    assert "Pieter Jansen beoordeelt deze lijst nu; daarna bent u aan de beurt." in (
        response.content.decode()
    )
    assert Vernietigingslijst.objects.get(pk=lijst.pk).status == Lijststatus.ter_beoordeling


def test_asking_for_changes_needs_a_remark_and_sends_the_list_back(wereld):
    lijst = _ingediend(wereld)
    client = sign_in("pjansen")

    leeg = _post(client, f"{_url(lijst)}wijzigingen/", {"opmerking": ""}, pagina=_url(lijst))
    assert leeg.status_code == 400
    assert "Schrijf op welke wijzigingen u vraagt." in leeg.content.decode()
    _post(
        client,
        f"{_url(lijst)}wijzigingen/",
        {"opmerking": "Zaak 3 hoort er niet bij"},
        pagina=_url(lijst),
    )

    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.wijzigingen_gevraagd
    page = sign_in("ivermeulen").get(_url(lijst)).content.decode()
    assert "Wijzigingen gevraagd" in page and "Zaak 3 hoort er niet bij" in page
    assert "Ter beoordeling indienen" in page


def test_excluding_a_zaak_needs_a_reason_and_records_it_on_the_zaak(wereld):
    lijst = _ingediend(wereld)
    _post(sign_in("pjansen"), f"{_url(lijst)}goedkeuren/", {}, pagina=_url(lijst))
    item = Lijstitem.objects.filter(lijst=lijst).order_by("pk").first()
    client = sign_in("rbrinkman")
    url = f"{_url(lijst)}items/{item.pk}/uitzonderen/"

    leeg = _post(client, url, {"reden": ""})
    assert leeg.status_code == 400
    assert "Geef een reden voor de uitzondering." in leeg.content.decode()
    gisteren = timezone.localdate() - timedelta(days=1)
    verleden = _post(client, url, {"reden": "Bezwaar", "archiefactiedatum": gisteren.isoformat()})
    assert verleden.status_code == 400
    assert "De nieuwe archiefactiedatum moet na vandaag liggen." in verleden.content.decode()
    nieuw = timezone.localdate() + timedelta(days=365)
    response = _post(
        client, url, {"reden": "Lopende bezwaarprocedure", "archiefactiedatum": nieuw.isoformat()}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.reden) == (Itemstatus.uitgezonderd, "Lopende bezwaarprocedure")
    zaak = Zaak.objects.get(pk=item.zaak_id)
    assert zaak.archiefactiedatum == nieuw
    assert ZaakNotitie.objects.filter(
        gerelateerd_aan=zaak, tekst__contains="Lopende bezwaarprocedure"
    ).exists()


def test_a_process_owner_excludes_only_zaken_of_their_own_zaaktypen(wereld):
    andere = zaaktype_met_besluit(build.catalogus(wereld.deventer, "ANDER"), "WOO")
    # reviewed after Pieter Jansen (the process owners' steps go by name)
    zeno = medewerker(wereld.deventer, "zwillems", Rol.teamleider, voornaam="Zeno")
    Procesverantwoordelijke.objects.create(
        gemeente=wereld.deventer, zaaktype_identificatie="WOO", gebruiker=zeno
    )
    woo = afgesloten_zaak(andere, documenten=0)
    lijst = _ingediend(wereld)
    page = sign_in("pjansen").get(_url(lijst)).content.decode()
    woo_item = Lijstitem.objects.get(lijst=lijst, zaak=woo)
    assert f"items/{woo_item.pk}/uitzonderen/" not in page
    kap_item = Lijstitem.objects.filter(lijst=lijst, zaaktype_identificatie="KAP").first()
    assert f"items/{kap_item.pk}/uitzonderen/" in page


def test_build_review_execute_and_download_the_verklaring(wereld):
    div, pv, archivaris = sign_in("ivermeulen"), sign_in("pjansen"), sign_in("rbrinkman")
    _post(
        div,
        f"{ARCHIEF}lijsten/nieuw/",
        {"naam": "Kapvergunningen", "peildatum": timezone.localdate().isoformat()},
    )
    lijst = Vernietigingslijst.objects.get()
    _post(div, f"{_url(lijst)}indienen/", {"archivaris": wereld.archivaris.pk}, pagina=_url(lijst))
    _post(pv, f"{_url(lijst)}goedkeuren/", {"opmerking": "Akkoord"}, pagina=_url(lijst))
    bewaard = Lijstitem.objects.get(lijst=lijst, zaak=wereld.zaken[1])
    _post(archivaris, f"{_url(lijst)}items/{bewaard.pk}/uitzonderen/", {"reden": "Hotspot"})
    _post(archivaris, f"{_url(lijst)}goedkeuren/", {}, pagina=_url(lijst))
    lijst.refresh_from_db()
    assert lijst.status == Lijststatus.goedgekeurd

    uitvoering.voer_uit(lijst.pk, batch=1)
    voortgang = div.get(_url(lijst)).content.decode()
    assert "1 van 2 zaken vernietigd" in voortgang
    assert "verklaring.pdf" not in voortgang
    assert div.get(f"{_url(lijst)}verklaring.csv").status_code == 404
    uitvoering.voer_volledig_uit(lijst.pk)

    page = div.get(_url(lijst)).content.decode()
    assert "Verklaring van vernietiging" in page and "verklaring.pdf" in page
    weg = sorted(z.identificatie for z in (wereld.zaken[0], wereld.zaken[2]))
    for identificatie in weg:  # no link to a zaak that is gone
        assert f">{identificatie}</a>" not in page and identificatie in page
    assert f">{wereld.zaken[1].identificatie}</a>" in page

    pdf = div.get(f"{_url(lijst)}verklaring.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")
    tekst = div.get(f"{_url(lijst)}verklaring.csv")
    assert tekst.status_code == 200 and tekst["Content-Type"].startswith("text/csv")
    rijen = list(csv.reader(io.StringIO(tekst.content.decode("utf-8-sig")), delimiter=";"))
    kolom = rijen[0].index("identificatie")
    assert sorted(r[kolom] for r in rijen[1:]) == weg
    json = div.get(f"{_url(lijst)}verklaring.json")
    assert json.status_code == 200
    assert sorted(z["identificatie"] for z in json.json()["verklaring"]["zaken"]) == weg
    # the reviewers may download it too; a behandelaar may not
    assert archivaris.get(f"{_url(lijst)}verklaring.csv").status_code == 200
    assert sign_in("jdevries").get(f"{_url(lijst)}verklaring.csv").status_code == 403


def _meer_items(lijst: Vernietigingslijst, aantal: int) -> None:
    """Items without a zaak (as after execution), to grow a list cheaply."""
    Lijstitem.objects.bulk_create(
        Lijstitem(
            lijst=lijst,
            zaak_uuid=uuid.uuid4(),
            identificatie=f"ZAAK-EXTRA-{n:05d}",
            zaaktype_identificatie="KAP",
            zaaktype_omschrijving="Kapvergunning",
            inhoud={"documenten": [{"identificatie": "D"}], "besluiten": [], "relaties": []},
        )
        for n in range(aantal)
    )


@pytest.mark.parametrize("gebruikersnaam", ["ivermeulen", "pjansen"])
def test_the_list_page_costs_the_same_queries_for_3_and_30_items(wereld, gebruikersnaam):
    """Session, user, OTP device, generation counters (middleware); the list, its steps, the
    current step, the items per status and one page of items: nine, for any number of items."""
    lijst = _ingediend(wereld)
    client = sign_in(gebruikersnaam)
    client.get(_url(lijst))  # warm the caches of the session and the staff context
    counts = []
    for extra in (0, 27):
        _meer_items(lijst, extra)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(lijst))
        assert response.status_code == 200
        assert response.content.decode().count('data-label="Status"') == 3 + extra
        counts.append(len(queries))
    assert counts == [9, 9], counts


def test_a_long_list_is_shown_a_hundred_items_a_page(wereld):
    lijst = _lijst(wereld)
    _meer_items(lijst, 147)
    client = sign_in("ivermeulen")

    eerste = client.get(_url(lijst)).content.decode()
    tweede = client.get(f"{_url(lijst)}?pagina=2").content.decode()
    voorbij = client.get(f"{_url(lijst)}?pagina=99").content.decode()

    assert eerste.count('data-label="Status"') == 100
    assert "Pagina 1 van 2" in eerste and "pagina=2#items" in eerste
    assert tweede.count('data-label="Status"') == 50 and "Pagina 2 van 2" in tweede
    assert voorbij.count('data-label="Status"') == 50
    gefilterd = client.get(f"{_url(lijst)}?toon=opgenomen").content.decode()
    assert "Pagina 1 van 2" in gefilterd


def test_the_records_manager_packs_a_transfer_and_confirms_its_receipt(wereld):
    client = sign_in("ivermeulen")
    overzicht = client.get(f"{ARCHIEF}overbrengingen/").content.decode()
    assert "Kapvergunning" in overzicht and 'value="KAP"' in overzicht

    response = _post(
        client,
        f"{ARCHIEF}overbrengingen/",
        {"peildatum": timezone.localdate().isoformat(), "zaaktypen": ["KAP"]},
    )
    overbrenging = Overbrenging.objects.get()
    url = f"{ARCHIEF}overbrengingen/{overbrenging.uuid}/"
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert wereld.bewaren.identificatie in page and overbrenging.sha256 in page

    pakket = client.get(f"{url}pakket/")
    assert pakket.status_code == 200 and pakket["Content-Type"] == "application/zip"
    inhoud = b"".join(pakket.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(inhoud)).namelist()

    leeg = _post(client, f"{url}bevestigen/", {"ontvangstbewijs": ""}, pagina=url)
    assert leeg.status_code == 400
    assert "Vul het kenmerk van de ontvangstbevestiging" in leeg.content.decode()
    _post(client, f"{url}bevestigen/", {"ontvangstbewijs": "EDEPOT-2026-17"}, pagina=url)
    overbrenging.refresh_from_db()
    assert overbrenging.status == Overbrengingsstatus.bevestigd
    assert Zaak.objects.get(pk=wereld.bewaren.pk).archiefstatus == "overgedragen"
    assert "EDEPOT-2026-17" in client.get(url).content.decode()


def test_a_transfer_without_due_zaken_says_so_and_another_role_is_refused(wereld):
    client = sign_in("ivermeulen")
    response = _post(client, f"{ARCHIEF}overbrengingen/", {"peildatum": "2000-01-01"})
    assert response.status_code == 400
    assert "geen zaken die op 01-01-2000 over te brengen" in response.content.decode()
    assert not Overbrenging.objects.exists()
    overbrenging = Overbrenging.objects.create(
        gemeente=wereld.deventer,
        nummer="OB-2026-0009",
        peildatum=date(2025, 1, 1),
        aangemaakt_door=wereld.div,
    )
    url = f"{ARCHIEF}overbrengingen/{overbrenging.uuid}/"
    response = sign_in("rbrinkman").post(
        f"{url}bevestigen/", {"formtoken": "x" * 20, "ontvangstbewijs": "X"}
    )
    assert response.status_code == 403
    assert Overbrenging.objects.get(pk=overbrenging.pk).status == Overbrengingsstatus.klaargezet


def test_a_transfer_is_aborted_and_its_package_is_gone(wereld):
    client = sign_in("ivermeulen")
    _post(client, f"{ARCHIEF}overbrengingen/", {"peildatum": timezone.localdate().isoformat()})
    overbrenging = Overbrenging.objects.get()
    url = f"{ARCHIEF}overbrengingen/{overbrenging.uuid}/"
    response = _post(client, f"{url}afbreken/", {}, pagina=url)
    assert response.status_code == 302 and response["Location"] == url
    assert Overbrenging.objects.get().status == Overbrengingsstatus.afgebroken
    assert client.get(f"{url}pakket/").status_code == 404
    assert "Ontvangst bevestigen" not in client.get(url).content.decode()


def test_a_step_in_another_gemeente_links_through_the_gemeente_switch(wereld):
    medewerker(wereld.raalte, "rbrinkman", Rol.archivaris)
    lijst = _ingediend(wereld)
    _post(sign_in("pjansen"), f"{_url(lijst)}goedkeuren/", {}, pagina=_url(lijst))
    client = sign_in("rbrinkman")
    client.post("/werkplek/gemeente/", {"gemeente": wereld.raalte.pk})
    page = client.get(ARCHIEF).content.decode()
    switch = f"/werkplek/gemeente/?gemeente={wereld.deventer.pk}&next=/werkplek/archief/lijsten/"
    assert f'href="{switch.replace("&", "&amp;")}{lijst.uuid}/"' in page
    kies = client.get(f"{switch}{lijst.uuid}/").content.decode()  # its gemeente preselected
    assert re.search(rf'value="{wereld.deventer.pk}"\s+checked', kies)
    assert client.get(_url(lijst)).status_code == 404  # in Raalte, Deventer's list is not there
