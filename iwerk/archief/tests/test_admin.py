"""Beheer of archiefbeheer: process owners are checked against the gemeente's catalogi and
roles (Dutch errors), the settings per gemeente, and read-only pages of what the werkplek made."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from iwerk.archief.models import (
    Archiefinstelling,
    Beoordelingsstap,
    Lijstitem,
    Overbrenging,
    Overbrengingsitem,
    Procesverantwoordelijke,
    Verklaring,
    Vernietigingslijst,
)
from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.archief import afgesloten_zaak
from iwerk.core.testing.beheer import verified_client
from iwerk.core.testing.medewerkers import medewerker
from iwerk.core.tests.test_beheer_browser import ENGLISH
from iwerk.medewerkers.roles import Rol

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]

Wereld = tuple[Gemeente, Gemeente, User, User, ZaakType]  # Deventer, Raalte, pjansen, lsmit, KAP
_ENGELS = re.compile("|".join(rf"(?<![\w-]){re.escape(s)}(?![\w-])" for s in ENGLISH))


@pytest.fixture
def beheerder(client: Client, django_user_model: type[User]) -> Client:
    user = django_user_model.objects.create_superuser(
        "beheerder", "b@example.nl", "een-lang-wachtwoord-2026"
    )
    return verified_client(client, user)


@pytest.fixture
def wereld(tenant: Gemeente, other_tenant: Gemeente) -> Wereld:
    kap = build.gepubliceerd_zaaktype(build.catalogus(tenant), "KAP", omschrijving="Kapvergunning")
    build.gepubliceerd_zaaktype(build.catalogus(other_tenant), "WOO", omschrijving="Woo-verzoek")
    pjansen = medewerker(tenant, "pjansen", Rol.teamleider, voornaam="Peter", achternaam="Jansen")
    lsmit = medewerker(other_tenant, "lsmit", Rol.teamleider, voornaam="Lotte", achternaam="Smit")
    return tenant, other_tenant, pjansen, lsmit, kap


def _opslaan(beheerder: Client, **velden: Any) -> str:
    """The page after posting a new process owner."""
    response = beheerder.post("/admin/archief/procesverantwoordelijke/add/", velden, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _fouten(pagina: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', pagina)


def test_a_process_owner_needs_a_zaaktype_and_a_role_of_that_gemeente(
    beheerder: Client, wereld: Wereld
) -> None:
    deventer, _, pjansen, lsmit, _ = wereld
    form = beheerder.get("/admin/archief/procesverantwoordelijke/add/").content.decode()
    assert "KAP — Kapvergunning (Deventer)" in form and "WOO — Woo-verzoek (Raalte)" in form
    assert "Peter Jansen (pjansen)" in form

    fout = _opslaan(
        beheerder, gemeente=deventer.pk, zaaktype_identificatie="WOO", gebruiker=lsmit.pk
    )
    assert _fouten(fout) == [
        "Zaaktype WOO staat niet in een catalogus van Deventer.",
        "Lotte Smit (lsmit) heeft geen rol in Deventer. Geef eerst een rol in deze gemeente "
        "(Medewerkers → Roltoewijzingen).",
    ]
    assert not Procesverantwoordelijke.objects.exists()
    leeg = _opslaan(beheerder, gemeente="", zaaktype_identificatie="", gebruiker="")
    assert set(_fouten(leeg)) == {
        "Kies een gemeente.",
        "Kies een zaaktype.",
        "Kies een medewerker.",
    }

    goed = _opslaan(
        beheerder, gemeente=deventer.pk, zaaktype_identificatie="KAP", gebruiker=pjansen.pk
    )
    assert _fouten(goed) == []
    assert Procesverantwoordelijke.objects.get().gebruiker == pjansen
    lijst = beheerder.get("/admin/archief/procesverantwoordelijke/").content.decode()
    assert "Peter Jansen (pjansen)" in lijst

    dubbel = _opslaan(
        beheerder, gemeente=deventer.pk, zaaktype_identificatie="KAP", gebruiker=pjansen.pk
    )
    assert _fouten(dubbel) == [
        "Peter Jansen (pjansen) is al procesverantwoordelijke voor KAP in Deventer."
    ]
    assert Procesverantwoordelijke.objects.count() == 1


def test_the_archive_settings_of_a_gemeente(beheerder: Client, wereld: Wereld) -> None:
    deventer = wereld[0]
    response = beheerder.post(
        "/admin/archief/archiefinstelling/add/",
        {"gemeente": deventer.pk, "korte_procedure": "on"},
        follow=True,
    )
    assert response.status_code == 200 and _fouten(response.content.decode()) == []
    instelling = Archiefinstelling.objects.get(gemeente=deventer)
    assert instelling.korte_procedure and not instelling.inhoud_verwijderen_na_overdracht


def test_lists_verklaringen_and_transfers_are_read_only_and_dutch(
    beheerder: Client, wereld: Wereld
) -> None:
    deventer, _, pjansen, _, kap = wereld
    zaak = afgesloten_zaak(kap, documenten=0)
    lijst = Vernietigingslijst.objects.create(
        gemeente=deventer,
        nummer="VL-2026-0001",
        naam="Kapvergunningen 2009",
        peildatum=date(2026, 1, 1),
        status="uitgevoerd",
        aangemaakt_door=pjansen,
    )
    Lijstitem.objects.create(
        lijst=lijst,
        zaak=None,
        zaak_uuid=zaak.uuid,
        identificatie=zaak.identificatie,
        zaaktype_identificatie="KAP",
        zaaktype_omschrijving="Kapvergunning",
        status="vernietigd",
    )
    Beoordelingsstap.objects.create(
        lijst=lijst,
        ronde=1,
        volgorde=1,
        rol="archivaris",
        beoordelaar=pjansen,
        besluit="goedgekeurd",
    )
    verklaring = Verklaring.objects.create(
        lijst=lijst, inhoud={"lijst": "VL-2026-0001"}, sha256="ab" * 32
    )
    pakket = Overbrenging.objects.create(
        gemeente=deventer,
        nummer="OB-2026-0001",
        peildatum=date(2026, 1, 1),
        aangemaakt_door=pjansen,
    )
    item = Overbrengingsitem.objects.create(
        overbrenging=pakket,
        zaak=zaak,
        identificatie=zaak.identificatie,
        bestanden={"a/b.pdf": "cd" * 32},
    )

    pagina = beheerder.get(f"/admin/archief/vernietigingslijst/{lijst.pk}/change/").content.decode()
    assert "Vernietigd: 1" in pagina and "Bekijk de verklaring" in pagina
    assert 'name="_save"' not in pagina  # nothing to save: read-only
    for pad in (
        "/admin/archief/",
        "/admin/archief/vernietigingslijst/",
        f"/admin/archief/vernietigingslijst/{lijst.pk}/change/",
        f"/admin/archief/lijstitem/?lijst__id__exact={lijst.pk}&status=vernietigd",
        "/admin/archief/verklaring/",
        f"/admin/archief/verklaring/{verklaring.pk}/change/",
        "/admin/archief/overbrenging/",
        f"/admin/archief/overbrenging/{pakket.pk}/change/",
        f"/admin/archief/overbrengingsitem/{item.pk}/change/",
        "/admin/archief/procesverantwoordelijke/",
        "/admin/archief/archiefinstelling/",
    ):
        response = beheerder.get(pad)
        assert response.status_code == 200, pad
        assert _ENGELS.findall(response.content.decode()) == [], pad
    items = beheerder.get(f"/admin/archief/lijstitem/?lijst__id__exact={lijst.pk}").content.decode()
    assert zaak.identificatie in items
    for pad in ("vernietigingslijst/add/", "verklaring/add/", "overbrenging/add/"):
        assert beheerder.get(f"/admin/archief/{pad}").status_code == 403, pad
    beheerder.post(f"/admin/archief/vernietigingslijst/{lijst.pk}/change/", {"naam": "Anders"})
    beheerder.post(f"/admin/archief/vernietigingslijst/{lijst.pk}/delete/", {"post": "yes"})
    lijst.refresh_from_db()
    assert lijst.naam == "Kapvergunningen 2009"
