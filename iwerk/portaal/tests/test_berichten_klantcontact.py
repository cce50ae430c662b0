"""A citizen's message in Mijn zaken is an extern notitie for the handler and a klantcontact in
the Klantinteracties register, both or neither (ADR 0055)."""

from __future__ import annotations

import re

import pytest

from iwerk.berichten.services import gesprek
from iwerk.berichten.services.terugmelding import KANALEN
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.core.models import AuditTrail
from iwerk.klantinteracties.models import (
    Betrokkene,
    Klantcontact,
    Onderwerpobject,
    Partij,
    PartijIdentificator,
)
from iwerk.portaal.tests.conftest import PIETER, SUZANNE, ingelogd
from iwerk.portaal.tests.test_mijn_zaken import aanvragen, wereld  # noqa: F401 - the fixture
from iwerk.zaken.models import Rol, ZaakNotitie

pytestmark = pytest.mark.django_db


def _sturen(client, zaak, tekst: str, gemeente: str = "deventer"):
    url = f"/{gemeente}/mijn-zaken/{zaak.uuid}/"
    token = re.search(r'name="formtoken" value="([^"]+)"', client.get(url).content.decode())
    return client.post(url, {"formtoken": token.group(1), "tekst": tekst})


def test_a_message_becomes_a_klantcontact_about_the_zaak_with_a_new_partij(
    wereld,  # noqa: F811 - the fixture
):
    burger = ingelogd()
    zaak = aanvragen(burger)
    rol = Rol.objects.get(zaak=zaak, roltype__omschrijving_generiek="initiator")

    response = _sturen(burger, zaak, "Wanneer komt de consulent langs?")

    assert response.status_code == 302
    notitie = ZaakNotitie.objects.get(gerelateerd_aan=zaak)
    assert (notitie.notitie_type, notitie.onderwerp) == ("extern", "Bericht van de aanvrager")
    klantcontact = Klantcontact.objects.get(tenant=zaak.tenant)
    assert klantcontact.kanaal == KANALEN["mijn_zaken"]
    assert klantcontact.onderwerp == f"Bericht over zaak {zaak.identificatie}"
    assert klantcontact.inhoud == "Wanneer komt de consulent langs?"
    assert klantcontact.vertrouwelijkheid_rang == VERTROUWELIJKHEID_ORDER.get(
        zaak.vertrouwelijkheidaanduiding, 0
    )
    onderwerp = Onderwerpobject.objects.get(klantcontact=klantcontact)
    assert (onderwerp.code_objecttype, onderwerp.code_register, onderwerp.object_id) == (
        "zaak",
        "iwerk",
        str(zaak.uuid),
    )
    betrokkene = Betrokkene.objects.select_related("was_partij").get(had_klantcontact=klantcontact)
    assert betrokkene.initiator is True and betrokkene.rol == "klant"
    # No partij before: one now, with the BSN and the name on the zaak.
    partij = betrokkene.was_partij
    assert partij is not None and partij.soort_partij == "persoon"
    assert PartijIdentificator.objects.get(identificeerde_partij=partij).object_id == SUZANNE
    assert partij.contactnaam_achternaam == rol.betrokkene_identificatie["geslachtsnaam"]
    # The register's audit trail names the citizen, as every write of the portaal does.
    gebruikers = set(
        AuditTrail.objects.filter(hoofd_object_uuid=klantcontact.uuid).values_list(
            "gebruikers_id", flat=True
        )
    )
    assert gebruikers == {f"digid:{SUZANNE}"}


def test_a_second_message_uses_the_partij_the_register_has(wereld):  # noqa: F811 - the fixture
    burger = ingelogd()
    zaak = aanvragen(burger)
    _sturen(burger, zaak, "Eerste")
    _sturen(burger, zaak, "Tweede")

    assert Partij.objects.filter(tenant=zaak.tenant).count() == 1
    assert set(Betrokkene.objects.values_list("was_partij", flat=True)) == {Partij.objects.get().pk}
    assert Klantcontact.objects.count() == 2


def test_a_long_message_is_kept_whole_on_the_zaak_and_cut_in_the_register(
    wereld,  # noqa: F811 - the fixture
):
    burger = ingelogd()
    zaak = aanvragen(burger)
    tekst = "Lange uitleg. " * 140  # 1960 characters

    _sturen(burger, zaak, tekst)

    assert ZaakNotitie.objects.get(gerelateerd_aan=zaak).tekst == tekst.strip()  # the form trims
    inhoud = Klantcontact.objects.get().inhoud
    assert len(inhoud) == 1000 and inhoud.endswith("…")
    assert tekst.startswith(inhoud[:-1])


def test_when_the_klantcontact_cannot_be_written_the_message_is_not_kept_either(
    wereld,  # noqa: F811 - the fixture
    monkeypatch,
):
    burger = ingelogd()
    zaak = aanvragen(burger)

    def weigeren(*args, **kwargs):
        raise ValidationFailed.single("zaak", "does_not_exist", "Het register weigert.")

    monkeypatch.setattr(gesprek.portaalcontact, "bericht_vastleggen", weigeren)
    response = _sturen(burger, zaak, "Dit gaat mis")

    assert response.status_code == 400
    assert "Uw bericht kon niet worden verstuurd" in response.content.decode()
    assert not ZaakNotitie.objects.filter(gerelateerd_aan=zaak).exists()
    assert not Klantcontact.objects.exists()


def test_when_the_notitie_cannot_be_written_no_klantcontact_is_kept(
    wereld,  # noqa: F811 - the fixture
    monkeypatch,
):
    burger = ingelogd()
    zaak = aanvragen(burger)
    echt = gesprek.portaalcontact.bericht_vastleggen

    def en_dan_mis(*args, **kwargs):
        echt(*args, **kwargs)  # the klantcontact is written …
        raise RuntimeError("database weg")  # … and then the transaction fails

    monkeypatch.setattr(gesprek.portaalcontact, "bericht_vastleggen", en_dan_mis)
    with pytest.raises(RuntimeError):
        _sturen(burger, zaak, "Half werk")

    assert not ZaakNotitie.objects.filter(gerelateerd_aan=zaak).exists()
    assert not Klantcontact.objects.exists() and not Partij.objects.exists()


def test_someone_elses_zaak_gets_no_klantcontact(wereld):  # noqa: F811 - the fixture
    zaak = aanvragen(ingelogd())
    pieter = ingelogd(PIETER)
    response = pieter.post(f"/deventer/mijn-zaken/{zaak.uuid}/", {"tekst": "hallo"})
    assert response.status_code == 404
    assert not Klantcontact.objects.exists()


def test_a_gemachtigde_writes_as_vertegenwoordiger(regio, registerdubbels):
    from iwerk.portaal.tests.test_machtigen import _namens, _wmo

    zaak = _wmo(_namens())  # Suzanne for Pieter, in Raalte
    response = _sturen(_namens(), zaak, "Namens Pieter: graag na 14 uur bellen.", "raalte")

    assert response.status_code == 302
    betrokkene = Betrokkene.objects.select_related("was_partij").get()
    assert (betrokkene.rol, betrokkene.initiator) == ("vertegenwoordiger", True)
    # The one who wrote: Suzanne's partij in Raalte, not Pieter's.
    assert betrokkene.was_partij.identificatoren.get().object_id == SUZANNE
    assert betrokkene.was_partij.tenant == regio["raalte"]


def test_a_message_whose_file_cannot_be_taken_is_not_kept_either(
    wereld,  # noqa: F811 - the fixture
    monkeypatch,
):
    """Found by the outside test: the refusal of the file was returned from inside the
    transaction, so the message was kept while the citizen read it was not sent."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from iwerk.portaal.models import Product

    burger = ingelogd()
    zaak = aanvragen(burger)
    monkeypatch.setattr(Product, "inkomend_documenttype", staticmethod(lambda zaaktype: None))
    url = f"/deventer/mijn-zaken/{zaak.uuid}/"
    token = re.search(r'name="formtoken" value="([^"]+)"', burger.get(url).content.decode())
    response = burger.post(
        url,
        {
            "formtoken": token.group(1),
            "tekst": "Zie de bijlage.",
            "bijlage": SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n%%EOF", "application/pdf"),
        },
    )
    assert response.status_code == 400
    assert "geen documenten meesturen" in response.content.decode()
    assert not ZaakNotitie.objects.filter(gerelateerd_aan=zaak).exists()
    assert not Klantcontact.objects.exists()
