"""A world of every ZGW resource, built lazily through the APIs the way a client builds it.

Catalogue types come from the test builders (rows), because the suite is about what clients
send to iwerk; everything a client owns (zaken, documenten, besluiten, applicaties,
abonnementen) is created through the API by a `heeftAlleAutorisaties` client.
"""

from __future__ import annotations

import base64
from functools import cached_property

import pytest

from iwerk.catalogi.models import Eigenschap, ZaakObjectType
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import ApiClient

HOST = "http://testserver"
C = f"{HOST}/catalogi/api/v1"
Z = f"{HOST}/zaken/api/v1"
D = f"{HOST}/documenten/api/v1"
B = f"{HOST}/besluiten/api/v1"
A = f"{HOST}/autorisaties/api/v1"
N = f"{HOST}/notificaties/api/v1"
CRS = {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}
RSIN = "001902763"  # Deventer
REF = build.REF


def headers_for(url: str) -> dict:
    """The headers a client sends for this URL (the CRS pair on /zaken only)."""
    return CRS if url.startswith(f"{Z}/zaken/") and "/zaakeigenschappen/" not in url else {}


def ok(response, *codes: int):
    """The JSON of a successful response; otherwise fail with what iwerk answered."""
    assert response.status_code in (codes or (200, 201)), (
        response.status_code,
        response.content[:2000],
    )
    return response.json() if response.content else None


def document_body(iot_url: str, **extra) -> dict:
    body = {
        "bronorganisatie": RSIN,
        "creatiedatum": "2026-11-01",
        "titel": "Aanvraag omgevingsvergunning",
        "auteur": "J. Jansen",
        "taal": "dut",
        "formaat": "text/plain",
        "bestandsnaam": "aanvraag.txt",
        "inhoud": base64.b64encode(b"Geachte heer, mevrouw,\n").decode(),
        "informatieobjecttype": iot_url,
    }
    body.update(extra)
    return body


class World:
    """Every resource of the six APIs, created on first use (each test builds only what it needs)."""

    def __init__(self, api: ApiClient, catalogus, request=None) -> None:
        self.api = api
        self.catalogus_obj = catalogus
        self.request = request

    # --- catalogue: concept types (editable) ------------------------------------------------
    @cached_property
    def catalogus(self) -> str:
        return f"{C}/catalogussen/{self.catalogus_obj.uuid}"

    @cached_property
    def concept_zaaktype_obj(self):
        zt = build.complete_zaaktype(self.catalogus_obj, identificatie="CONCEPT-1")
        Eigenschap.objects.create(
            tenant=zt.tenant,
            zaaktype=zt,
            naam="ingangsdatum",
            definitie="Ingangsdatum",
            specificatie_formaat="datum",
            specificatie_lengte="8",
            specificatie_kardinaliteit="1",
        )
        ZaakObjectType.objects.create(
            tenant=zt.tenant,
            zaaktype=zt,
            objecttype="https://objecttypen.example.nl/api/v2/objecttypes/1",
            relatie_omschrijving="Woning",
        )
        build.informatieobjecttype(self.catalogus_obj, "Concept-bijlage", concept=True)
        build.ziot(zt, "Concept-bijlage")
        return zt

    @cached_property
    def concept_zaaktype(self) -> str:
        return f"{C}/zaaktypen/{self.concept_zaaktype_obj.uuid}"

    def concept_child(self, resource: str, related: str) -> str:
        obj = getattr(self.concept_zaaktype_obj, related).first()
        return f"{C}/{resource}/{obj.uuid}"

    @cached_property
    def concept_iot(self) -> str:
        obj = build.informatieobjecttype(self.catalogus_obj, "Concept-brief", concept=True)
        return f"{C}/informatieobjecttypen/{obj.uuid}"

    @cached_property
    def concept_besluittype(self) -> str:
        obj = build.besluittype(self.catalogus_obj, "Concept-besluit", concept=True)
        return f"{C}/besluittypen/{obj.uuid}"

    # --- catalogue: published types (used by zaken, documenten, besluiten) ------------------
    @cached_property
    def zaaktype_obj(self):
        build.informatieobjecttype(self.catalogus_obj, "Aanvraag")
        build.informatieobjecttype(self.catalogus_obj, "Besluitbrief")
        build.besluittype(self.catalogus_obj, "Toekenning", iots=["Besluitbrief"])
        zt = build.complete_zaaktype(
            self.catalogus_obj, identificatie="WMO-1", besluittype_omschrijvingen=["Toekenning"]
        )
        build.ziot(zt, "Aanvraag", 1)
        build.ziot(zt, "Besluitbrief", 2)
        Eigenschap.objects.create(
            tenant=zt.tenant,
            zaaktype=zt,
            naam="ingangsdatum",
            definitie="Ingangsdatum",
            specificatie_formaat="datum",
            specificatie_lengte="8",
            specificatie_kardinaliteit="1",
        )
        zt.concept = False
        zt.save()
        return zt

    @cached_property
    def zaaktype(self) -> str:
        return f"{C}/zaaktypen/{self.zaaktype_obj.uuid}"

    def type_url(self, resource: str, related: str, **filters) -> str:
        return f"{C}/{resource}/{getattr(self.zaaktype_obj, related).get(**filters).uuid}"

    @cached_property
    def iot(self) -> str:
        from iwerk.catalogi.models import InformatieObjectType

        self.zaaktype_obj  # noqa: B018 - builds the published types
        obj = InformatieObjectType.objects.get(omschrijving="Aanvraag")
        return f"{C}/informatieobjecttypen/{obj.uuid}"

    @cached_property
    def besluittype(self) -> str:
        from iwerk.catalogi.models import BesluitType

        self.zaaktype_obj  # noqa: B018
        return f"{C}/besluittypen/{BesluitType.objects.get(omschrijving='Toekenning').uuid}"

    # --- zaken ------------------------------------------------------------------------------
    def zaak_body(self, **extra) -> dict:
        body = {
            "bronorganisatie": RSIN,
            "verantwoordelijkeOrganisatie": RSIN,
            "zaaktype": self.zaaktype,
            "startdatum": "2026-03-02",
            "omschrijving": "Aanvraag rolstoel",
        }
        body.update(extra)
        return body

    def new_zaak(self, **extra) -> str:
        return ok(self.api.post(f"{Z}/zaken", self.zaak_body(**extra), **CRS), 201)["url"]

    @cached_property
    def zaak(self) -> str:
        return self.new_zaak()

    @cached_property
    def resultaat(self) -> str:
        body = {
            "zaak": self.zaak,
            "resultaattype": self.type_url("resultaattypen", "resultaattypen"),
        }
        return ok(self.api.post(f"{Z}/resultaten", body), 201)["url"]

    @cached_property
    def zaakobject(self) -> str:
        body = {
            "zaak": self.zaak,
            "objectType": "pand",
            "object": "https://bag.example.nl/api/panden/0150100000001234",
            "relatieomschrijving": "Woning",
        }
        return ok(self.api.post(f"{Z}/zaakobjecten", body), 201)["url"]

    @cached_property
    def zaakeigenschap(self) -> str:
        body = {
            "zaak": self.zaak,
            "eigenschap": self.type_url("eigenschappen", "eigenschappen"),
            "waarde": "20260401",
        }
        return ok(self.api.post(f"{self.zaak}/zaakeigenschappen", body), 201)["url"]

    @cached_property
    def zaakinformatieobject(self) -> str:
        body = {"zaak": self.zaak, "informatieobject": self.document}
        return ok(self.api.post(f"{Z}/zaakinformatieobjecten", body), 201)["url"]

    @cached_property
    def zaaknotitie(self) -> str:
        body = {
            "gerelateerdAan": self.zaak,
            "onderwerp": "Telefoon",
            "tekst": "Aanvrager belde over de planning.",
            "notitieType": "extern",
        }
        return ok(self.api.post(f"{Z}/zaaknotities", body), 201)["url"]

    # --- documenten -------------------------------------------------------------------------
    def new_document(self, **extra) -> str:
        body = document_body(self.iot, **extra)
        return ok(self.api.post(f"{D}/enkelvoudiginformatieobjecten", body), 201)["url"]

    @cached_property
    def document(self) -> str:
        return self.new_document()

    @cached_property
    def gebruiksrecht(self) -> str:
        body = {
            "informatieobject": self.document,
            "startdatum": "2026-11-01T00:00:00+01:00",
            "omschrijvingVoorwaarden": "Hergebruik toegestaan",
        }
        return ok(self.api.post(f"{D}/gebruiksrechten", body), 201)["url"]

    @cached_property
    def verzending(self) -> str:
        body = {
            "informatieobject": self.document,
            "betrokkene": "https://klantinteracties.example.nl/api/v1/partijen/1",
            "aardRelatie": "geadresseerde",
            "contactPersoon": "https://klantinteracties.example.nl/api/v1/partijen/2",
            "emailadres": "inwoner@example.nl",
        }
        return ok(self.api.post(f"{D}/verzendingen", body), 201)["url"]

    # --- besluiten --------------------------------------------------------------------------
    @cached_property
    def besluit(self) -> str:
        body = {
            "verantwoordelijkeOrganisatie": RSIN,
            "besluittype": self.besluittype,
            "zaak": self.zaak,
            "datum": "2026-11-20",
            "ingangsdatum": "2026-12-01",
        }
        return ok(self.api.post(f"{B}/besluiten", body), 201)["url"]

    # --- autorisaties and notificaties ------------------------------------------------------
    @cached_property
    def applicatie(self) -> str:
        body = {
            "clientIds": ["wmo-app"],
            "label": "Zaaksysteem Wmo",
            "heeftAlleAutorisaties": False,
            "autorisaties": [
                {
                    "component": "zrc",
                    "scopes": ["zaken.lezen", "zaken.aanmaken"],
                    "zaaktype": self.zaaktype,
                    "maxVertrouwelijkheidaanduiding": "vertrouwelijk",
                },
                {"component": "ztc", "scopes": ["catalogi.lezen"]},
            ],
        }
        return ok(self.api.post(f"{A}/applicaties", body), 201)["url"]

    @cached_property
    def abonnement(self) -> str:
        # A real subscriber on loopback (it gets a test message), started only when needed.
        receiver_url = self.request.getfixturevalue("receiver")
        body = {
            "callbackUrl": f"{receiver_url}/ok",
            "auth": "Bearer abc",
            "kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": RSIN}}],
        }
        return ok(self.api.post(f"{N}/abonnement", body), 201)["url"]


@pytest.fixture(autouse=True)
def _documenten_in_a_test_folder(document_storage):
    return document_storage


@pytest.fixture
def world(request, superuser_client, catalogus) -> World:
    return World(superuser_client, catalogus, request)
