"""Functioneel beheer of the connections and purposes: a beheerder sees and changes only the rows
of their own gemeente(n); the purpose form checks groups, zaaktype and duplicates in Dutch."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from iwerk.basisregistraties.models import Bereik, Doelbinding, Register, Registerkoppeling
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.beheer import verified_client
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.roles import Rol

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

TOEVOEGEN = "/admin/basisregistraties/doelbinding/add/"


@pytest.fixture
def wereld(gemeenten):
    """WMO in both catalogi, KAP only in Deventer's; a purpose in each gemeente."""
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    catalogus_deventer = build.catalogus(deventer)
    build.gepubliceerd_zaaktype(catalogus_deventer, "WMO", omschrijving="Wmo-maatwerk")
    build.gepubliceerd_zaaktype(catalogus_deventer, "KAP", omschrijving="Kapvergunning")
    build.gepubliceerd_zaaktype(build.catalogus(raalte), "WMO", omschrijving="Wmo-maatwerk")
    for gemeente in (deventer, raalte):
        Doelbinding.objects.create(
            gemeente=gemeente,
            zaaktype_identificatie="WMO",
            register=Register.brp,
            velden=["naam", "adres"],
            doelbinding="BRPACT-Wmo",
            verwerking=f"Wmo {gemeente.naam}",
        )
        Registerkoppeling.objects.create(
            gemeente=gemeente, register=Register.brp, url=f"https://{gemeente.slug}.example.nl"
        )
    return gemeenten


@pytest.fixture
def raalte_beheer(client: Client, wereld) -> Client:
    """A functioneel beheerder of Raalte with the admin permissions on both models."""
    user = medewerker(wereld["raalte"], "fbraalte", Rol.functioneel_beheerder)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="basisregistraties")
    )
    return verified_client(client, user)


def _fouten(pagina: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', pagina)


def _post(client: Client, pagina: str, **velden: Any) -> str:
    response = client.post(pagina, velden, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_beheerder_of_raalte_sees_only_raalte(raalte_beheer: Client, wereld) -> None:
    lijst = raalte_beheer.get("/admin/basisregistraties/doelbinding/").content.decode()
    assert "Wmo Raalte" not in lijst  # verwerking is not a column; the gemeente is
    assert lijst.count("BRP (Haal Centraal BRP Personen bevragen)") >= 1
    assert "Deventer" not in lijst
    koppelingen = raalte_beheer.get("/admin/basisregistraties/registerkoppeling/").content.decode()
    assert "https://raalte.example.nl" in koppelingen
    assert "https://deventer.example.nl" not in koppelingen


def test_a_beheerder_of_raalte_cannot_open_or_change_deventers(raalte_beheer: Client, wereld):
    deventer = Doelbinding.objects.get(gemeente=wereld["deventer"])
    url = f"/admin/basisregistraties/doelbinding/{deventer.pk}/change/"

    assert raalte_beheer.get(url).status_code == 302  # "does not exist": back to the index
    raalte_beheer.post(
        url,
        {
            "gemeente": wereld["deventer"].pk,
            "zaaktype_identificatie": "WMO",
            "register": "brp",
            "velden": ["brp:naam"],
            "doelbinding": "BRPACT-Totaal",
            "verwerking": "Alles",
            "bereik": "nederland",
        },
    )
    deventer.refresh_from_db()
    assert (deventer.doelbinding, deventer.bereik) == ("BRPACT-Wmo", Bereik.eigen_gemeente)
    koppeling = Registerkoppeling.objects.get(gemeente=wereld["deventer"])
    assert (
        raalte_beheer.get(
            f"/admin/basisregistraties/registerkoppeling/{koppeling.pk}/change/"
        ).status_code
        == 302
    )


def test_a_beheerder_of_raalte_cannot_add_a_purpose_for_deventer(raalte_beheer: Client, wereld):
    formulier = raalte_beheer.get(TOEVOEGEN).content.decode()
    assert ">Raalte<" in formulier and ">Deventer<" not in formulier

    pagina = _post(
        raalte_beheer,
        TOEVOEGEN,
        gemeente=wereld["deventer"].pk,
        zaaktype_identificatie="WMO",
        register="kvk",
        velden=["kvk:naam"],
        doelbinding="KVK",
        verwerking="Test",
        bereik="eigen_gemeente",
    )

    assert _fouten(pagina) == [
        "Kies een gemeente uit de lijst: u beheert alleen uw eigen gemeente(n)."
    ]
    assert not Doelbinding.objects.filter(register=Register.kvk).exists()


def test_a_purpose_with_groups_of_its_register(raalte_beheer: Client, wereld) -> None:
    _post(
        raalte_beheer,
        TOEVOEGEN,
        gemeente=wereld["raalte"].pk,
        zaaktype_identificatie="WMO",
        register="kvk",
        velden=["kvk:naam", "kvk:rechtsvorm"],
        doelbinding="KVK-Wmo",
        verwerking="Zorgaanbieder controleren",
        bereik="nederland",
    )

    nieuw = Doelbinding.objects.get(gemeente=wereld["raalte"], register=Register.kvk)
    assert nieuw.velden == ["naam", "rechtsvorm"]
    formulier = raalte_beheer.get(
        f"/admin/basisregistraties/doelbinding/{nieuw.pk}/change/"
    ).content.decode()
    assert re.search(r'value="kvk:rechtsvorm"[^>]*checked', formulier)
    assert re.search(r'value="kvk:naam"[^>]*checked', formulier)
    assert not re.search(r'value="kvk:activiteiten"[^>]*checked', formulier)


def test_the_contact_centre_purpose_needs_no_zaaktype(raalte_beheer: Client, wereld) -> None:
    """ADR 0054: the KCC searches before any zaak exists; its purpose is keyed "KCC"."""
    pagina = _post(
        raalte_beheer,
        TOEVOEGEN,
        gemeente=wereld["raalte"].pk,
        zaaktype_identificatie="KCC",
        register="brp",
        velden=["brp:naam", "brp:geboorte", "brp:adres"],
        doelbinding="BRPACT-Klantcontact",
        verwerking="Klantcontact afhandelen",
        bereik="eigen_gemeente",
    )
    assert _fouten(pagina) == []
    kcc = Doelbinding.objects.get(gemeente=wereld["raalte"], zaaktype_identificatie="KCC")
    assert kcc.velden == ["naam", "geboorte", "adres"]


def test_the_purpose_form_explains_its_errors_in_dutch(raalte_beheer: Client, wereld) -> None:
    pagina = _post(
        raalte_beheer,
        TOEVOEGEN,
        gemeente=wereld["raalte"].pk,
        zaaktype_identificatie="KAP",
        register="kvk",
        velden=["brp:gezag", "kvk:naam"],
        doelbinding="KVK",
        verwerking="Test",
        bereik="eigen_gemeente",
    )
    assert _fouten(pagina) == [
        "Kies een zaaktype uit de lijst: die noemt de zaaktypen in de catalogi van uw gemeente(n).",
        "Deze gegevens horen niet bij Handelsregister (KvK): Gezag (BRP (Haal Centraal BRP "
        "Personen bevragen)). Kies alleen gegevens van het gekozen register.",
    ]

    dubbel = _post(
        raalte_beheer,
        TOEVOEGEN,
        gemeente=wereld["raalte"].pk,
        zaaktype_identificatie="WMO",
        register="brp",
        velden=["brp:naam"],
        doelbinding="BRPACT-Wmo",
        verwerking="Nog een",
        bereik="eigen_gemeente",
    )
    assert _fouten(dubbel) == [
        "Zaaktype WMO heeft in Raalte al een doelbinding voor BRP (Haal Centraal BRP Personen "
        "bevragen); pas die aan."
    ]
    assert Doelbinding.objects.filter(gemeente=wereld["raalte"]).count() == 1


def test_a_koppeling_needs_https_outside_demo_and_tests(
    raalte_beheer: Client, wereld, settings
) -> None:
    settings.TESTING = False
    settings.DEMO_MODE = False
    koppeling = Registerkoppeling.objects.get(gemeente=wereld["raalte"])

    pagina = _post(
        raalte_beheer,
        f"/admin/basisregistraties/registerkoppeling/{koppeling.pk}/change/",
        gemeente=wereld["raalte"].pk,
        register="brp",
        url="http://brp.raalte.example.nl",
        api_sleutel_variabele="IWERK_BRP_SLEUTEL_RAALTE",
        timeout_verbinden=3,
        timeout_lezen=10,
        actief="on",
    )

    assert _fouten(pagina) == ["Gebruik een https-adres: persoonsgegevens gaan erover."]


def test_a_superuser_sees_every_gemeente(client: Client, wereld, django_user_model) -> None:
    user = django_user_model.objects.create_superuser("root", "r@example.nl", "lang-wachtwoord-1")
    beheer = verified_client(client, user)
    lijst = beheer.get("/admin/basisregistraties/registerkoppeling/").content.decode()

    assert "https://raalte.example.nl" in lijst and "https://deventer.example.nl" in lijst
    pagina = _post(
        beheer,
        TOEVOEGEN,
        gemeente=wereld["raalte"].pk,
        zaaktype_identificatie="KAP",  # Deventer's
        register="brp",
        velden=["brp:naam"],
        doelbinding="BRPACT",
        verwerking="Test",
        bereik="eigen_gemeente",
    )
    assert _fouten(pagina) == ["Zaaktype KAP staat niet in een catalogus van Raalte."]
