"""Each demo zaak tells one story: the person its omschrijving names is its initiator (and the
one its documents name), and a zaak whose status says a besluit was taken has that besluit."""

from __future__ import annotations

import pytest

from iwerk.besluiten.models import Besluit
from iwerk.zaken.models import Rol, Status, Zaak, ZaakInformatieObject

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]

BESLUIT_GENOMEN = "Besluit genomen"


def test_omschrijving_names_the_initiator(demo):
    initiatoren = dict(
        Rol.objects.filter(roltype__omschrijving_generiek="initiator").values_list(
            "zaak_id", "betrokkene_identificatie__geslachtsnaam"
        )
    )
    zaken = list(Zaak.objects.values_list("pk", "identificatie", "omschrijving"))
    assert zaken
    verkeerd = [
        (identificatie, omschrijving, initiatoren.get(pk))
        for pk, identificatie, omschrijving in zaken
        if omschrijving.rpartition(" — ")[2] != initiatoren.get(pk)
    ]
    assert verkeerd == []


def test_documents_name_the_initiator(demo):
    initiatoren = dict(
        Rol.objects.filter(roltype__omschrijving_generiek="initiator").values_list(
            "zaak_id", "betrokkene_identificatie__geslachtsnaam"
        )
    )
    for zaak_id, titel in ZaakInformatieObject.objects.values_list("zaak_id", "titel"):
        assert titel.endswith(f" {initiatoren[zaak_id]}"), titel


def test_a_zaak_past_its_besluit_has_one(demo):
    voorbij_besluit = set(
        Status.objects.filter(statustype__omschrijving=BESLUIT_GENOMEN).values_list(
            "zaak_id", flat=True
        )
    )
    gesloten = set(Zaak.objects.filter(einddatum__isnull=False).values_list("pk", flat=True))
    assert voorbij_besluit - gesloten, "the demo has open zaken past their besluit"
    met_besluit = set(Besluit.objects.values_list("zaak_id", flat=True))
    zonder = Zaak.objects.filter(pk__in=voorbij_besluit - met_besluit)
    assert list(zonder.values_list("identificatie", flat=True)) == []
