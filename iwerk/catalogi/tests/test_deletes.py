"""No catalogi DELETE answers 5xx: a type still used is a 400 Problem JSON (pending-relations)."""

from datetime import date

import pytest
from django.utils import timezone

from iwerk.besluiten.models import Besluit
from iwerk.catalogi.models import Eigenschap, ResultaatType, RolType, StatusType, ZaakObjectType
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.zaken.models import Resultaat, Rol, Status, Zaak, ZaakEigenschap, ZaakObject

pytestmark = pytest.mark.django_db
BASE = "http://testserver/catalogi/api/v1"


@pytest.fixture
def corrector(tenant):
    """May delete published types and the children of published zaaktypen (ztc-009/010)."""
    return register_client(
        "verwijderaar",
        gemeenten=[tenant],
        autorisaties=[
            {
                "component": "ztc",
                "scopes": [
                    "catalogi.lezen",
                    "catalogi.schrijven",
                    "catalogi.geforceerd-verwijderen",
                ],
            }
        ],
    )


@pytest.fixture
def used(catalogus):
    """A published zaaktype with one zaak that uses each of its child types."""
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    eigenschap = Eigenschap.objects.create(
        tenant=zt.tenant,
        zaaktype=zt,
        naam="Kenteken",
        definitie="Kenteken",
        specificatie_formaat="tekst",
        specificatie_lengte="8",
        specificatie_kardinaliteit="1",
    )
    zaakobjecttype = ZaakObjectType.objects.create(
        tenant=zt.tenant,
        zaaktype=zt,
        objecttype="http://example.com/objecttypes/1",
        relatie_omschrijving="Adres",
    )
    zaak = Zaak.objects.create(
        tenant=zt.tenant,
        identificatie="ZAAK-1",
        bronorganisatie=zt.tenant.rsin,
        verantwoordelijke_organisatie=zt.tenant.rsin,
        zaaktype=zt,
        registratiedatum=date(2024, 2, 1),
        startdatum=date(2024, 2, 1),
        vertrouwelijkheidaanduiding="openbaar",
    )
    Status.objects.create(
        tenant=zt.tenant,
        zaak=zaak,
        statustype=StatusType.objects.filter(zaaktype=zt).first(),
        datum_status_gezet=timezone.now(),
    )
    Rol.objects.create(
        tenant=zt.tenant,
        zaak=zaak,
        betrokkene_type="natuurlijk_persoon",
        roltype=RolType.objects.get(zaaktype=zt),
    )
    Resultaat.objects.create(
        tenant=zt.tenant, zaak=zaak, resultaattype=ResultaatType.objects.get(zaaktype=zt)
    )
    ZaakEigenschap.objects.create(
        tenant=zt.tenant, zaak=zaak, eigenschap=eigenschap, naam="Kenteken", waarde="AB-12-CD"
    )
    ZaakObject.objects.create(
        tenant=zt.tenant, zaak=zaak, zaakobjecttype=zaakobjecttype, object_type="adres"
    )
    return zt, zaak


def assert_in_use(response) -> None:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert [(p["name"], p["code"]) for p in problem["invalidParams"]] == [
        ("nonFieldErrors", "pending-relations")
    ]
    assert "nog in gebruik" in problem["invalidParams"][0]["reason"]


@pytest.mark.parametrize(
    "resource,model",
    [
        ("statustypen", StatusType),
        ("roltypen", RolType),
        ("resultaattypen", ResultaatType),
        ("eigenschappen", Eigenschap),
        ("zaakobjecttypen", ZaakObjectType),
    ],
)
def test_delete_of_a_child_type_still_used_by_a_zaak_is_a_400(corrector, used, resource, model):
    zt, _zaak = used
    obj = model.objects.filter(zaaktype=zt).order_by("pk").first()
    assert_in_use(corrector.delete(f"{BASE}/{resource}/{obj.uuid}"))
    assert model.objects.filter(pk=obj.pk).exists()


def test_delete_of_an_unused_child_type_of_a_published_zaaktype_with_forced_delete(corrector, used):
    zt, _zaak = used
    unused = StatusType.objects.filter(zaaktype=zt).order_by("-volgnummer").first()
    assert corrector.delete(f"{BASE}/statustypen/{unused.uuid}").status_code == 204


def test_delete_of_a_ziot_never_fails_on_use(corrector, used):
    zt, _zaak = used
    ziot = build.ziot(zt, "Aanvraag")
    assert corrector.delete(f"{BASE}/zaaktype-informatieobjecttypen/{ziot.uuid}").status_code == 204


def test_delete_of_a_zaaktype_with_zaken_is_a_400(corrector, used):
    zt, _zaak = used
    assert_in_use(corrector.delete(f"{BASE}/zaaktypen/{zt.uuid}"))


def test_delete_of_an_informatieobjecttype_with_documents_is_a_400(corrector, catalogus):
    iot = build.informatieobjecttype(catalogus)
    EnkelvoudigInformatieObject.objects.create(
        tenant=catalogus.tenant,
        identificatie="DOC-1",
        bronorganisatie=catalogus.rsin,
        informatieobjecttype=iot,
        vertrouwelijkheidaanduiding="openbaar",
        titel="Brief",
    )
    assert_in_use(corrector.delete(f"{BASE}/informatieobjecttypen/{iot.uuid}"))


def test_delete_of_a_besluittype_with_besluiten_is_a_400(corrector, used, catalogus):
    _zt, zaak = used
    bt = build.besluittype(catalogus)
    Besluit.objects.create(
        tenant=catalogus.tenant,
        identificatie="BESLUIT-1",
        verantwoordelijke_organisatie=catalogus.rsin,
        besluittype=bt,
        zaak=zaak,
        datum=date(2024, 3, 1),
        ingangsdatum=date(2024, 3, 1),
    )
    assert_in_use(corrector.delete(f"{BASE}/besluittypen/{bt.uuid}"))


def test_catalogus_has_no_delete(corrector, catalogus):
    response = corrector.delete(f"{BASE}/catalogussen/{catalogus.uuid}")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
