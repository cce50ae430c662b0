"""Sturing shows management the archival backlog of its gemeente (the steering group: of every
gemeente and their total): zaken due for destruction and for transfer, those overdue by more
than a year, the destruction lists in review — on the dashboard, in the exports, in the view
the worker prepares."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from iwerk.archief.models import Vernietigingslijst
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.archief import afgesloten_zaak
from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.medewerkers.roles import Rol
from iwerk.sturing.models import Dashboardstand
from iwerk.sturing.selectors import tabellen
from iwerk.sturing.services import dashboardstand

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

KOP = (
    "Gemeente;Te vernietigen;Over te brengen;Langer dan een jaar over de archiefactiedatum;"
    "Vernietigingslijsten ter beoordeling"
)


@pytest.fixture
def archief(gemeenten: dict[str, Gemeente]) -> dict[str, Gemeente]:
    """Deventer: three zaken to destroy (one over a year late, one Woo), one to transfer, one
    list in review; Raalte: one to destroy, two lists in review; Olst-Wijhe: nothing."""
    vandaag = timezone.localdate()
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    cat = build.catalogus(deventer)
    kap = build.gepubliceerd_zaaktype(cat, "KAP", omschrijving="Kapvergunning")
    woo = build.gepubliceerd_zaaktype(cat, "WOO", omschrijving="Woo-verzoek")
    afgesloten_zaak(kap, archiefactiedatum=vandaag - timedelta(days=400), documenten=0)
    afgesloten_zaak(kap, archiefactiedatum=vandaag - timedelta(days=3), documenten=0)
    afgesloten_zaak(woo, archiefactiedatum=vandaag, documenten=0)
    afgesloten_zaak(kap, archiefnominatie="blijvend_bewaren", documenten=0)  # 2020: late too
    afgesloten_zaak(kap, archiefactiedatum=vandaag + timedelta(days=10), documenten=0)  # not yet
    raalte_kap = build.gepubliceerd_zaaktype(build.catalogus(raalte), "KAP")
    afgesloten_zaak(raalte_kap, archiefactiedatum=vandaag - timedelta(days=1), documenten=0)
    div = medewerker(deventer, "div", Rol.div_medewerker)
    for gemeente, nummer in ((deventer, 1), (raalte, 1), (raalte, 2)):
        Vernietigingslijst.objects.create(
            gemeente=gemeente,
            nummer=f"VL-2026-{nummer:04d}",
            naam="Lijst",
            peildatum=vandaag,
            status="ter_beoordeling",
            aangemaakt_door=div,
        )
    medewerker(deventer, "tbos", Rol.management)
    for gemeente in gemeenten.values():
        medewerker(gemeente, "manager", Rol.stuurgroep)
        medewerker(gemeente, "manager", Rol.management)
    return gemeenten


def _csv(client: Client, query: str = "") -> list[str]:
    response = client.get(f"/werkplek/sturing/export/archief.csv{query}")
    assert response.status_code == 200
    return response.content.decode("utf-8-sig").splitlines()


def test_management_sees_the_archival_backlog_of_its_gemeente(archief: dict[str, Gemeente]) -> None:
    client = sign_in("tbos")
    html = client.get("/werkplek/sturing/").content.decode()
    assert '<h2 id="kop-archief">Archiefachterstand</h2>' in html
    assert "Langer dan een jaar over de archiefactiedatum" in html
    assert _csv(client) == [KOP, "Deventer;3;1;2;1"]
    # One zaaktype: its zaken only; the lists are not per zaaktype.
    assert _csv(client, "?zaaktype=WOO") == [KOP, "Deventer;1;0;0;1"]


def test_the_steering_group_sees_every_gemeente_and_the_total(archief: dict[str, Gemeente]) -> None:
    client = sign_in("manager")
    client.post("/werkplek/gemeente/", {"gemeente": archief["deventer"].pk})
    assert _csv(client, "?gemeente=alle") == [
        KOP,
        "Deventer;3;1;2;1",
        "Olst-Wijhe;0;0;0;0",
        "Raalte;1;0;0;2",
        "Totaal;4;1;2;3",
    ]
    assert _csv(client) == [KOP, "Deventer;3;1;2;1"]  # one gemeente: no total


def test_the_worker_prepares_the_backlog_with_the_other_figures(
    archief: dict[str, Gemeente],
) -> None:
    dashboardstand.voorbereiden()
    keuze = next(
        k
        for k in dashboardstand.standaardkeuzes(timezone.localdate())
        if k.selectie.tenant_ids == (archief["raalte"].pk,)
    )
    stand = Dashboardstand.objects.get(sleutel=tabellen.standsleutel(keuze))
    archief_tabel = tabellen.uit_json(stand.tabellen)["archief"]
    assert [[c.waarde for c in rij] for rij in archief_tabel.rijen] == [["Raalte", 1, 0, 0, 2]]
