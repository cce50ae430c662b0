"""The world test_fuzzing's stateful run links against (and its stateless run lists): a published
catalogue of Deventer with a concept zaaktype, a zaak, a document and a besluit, and the
reference fields each create needs (`World.templates`); for the Klantinteracties API also
Deventer's register (`Klantinteracties`, with its own templates and token)."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from iwerk.core.tests.fuzz_support import HOST

if TYPE_CHECKING:
    from iwerk.core.testing.api import ApiClient

RSIN = "001902763"  # Deventer


class World:
    """A published catalogue of Deventer (and an editable concept zaaktype), a zaak, a document,
    and a besluit (the kanalen come with the migrations), made with the test builders and the APIs; `templates` gives the
    reference fields each create needs."""

    def __init__(self, api: ApiClient, receiver: str) -> None:
        from iwerk.catalogi.models import Eigenschap, ZaakObjectType
        from iwerk.core.testing import catalogus as build

        C = f"{HOST}/catalogi/api/v1"
        self.api = api
        gemeente = build.gemeente()
        cat = build.catalogus(gemeente)
        build.informatieobjecttype(cat, "Aanvraag")
        build.besluittype(cat, "Toekenning", iots=["Aanvraag"])
        zt = build.complete_zaaktype(
            cat, identificatie="FUZZ-1", besluittype_omschrijvingen=["Toekenning"]
        )
        build.ziot(zt, "Aanvraag")
        concept = build.complete_zaaktype(cat, identificatie="FUZZ-CONCEPT")
        for zaaktype in (zt, concept):
            Eigenschap.objects.create(
                tenant=gemeente, zaaktype=zaaktype, naam="ingangsdatum", definitie="Ingangsdatum",
                specificatie_formaat="datum", specificatie_lengte="8", specificatie_kardinaliteit="1",
            )  # fmt: skip
            ZaakObjectType.objects.create(
                tenant=gemeente, zaaktype=zaaktype, relatie_omschrijving="Woning",
                objecttype="https://objecttypen.example.nl/api/v2/objecttypes/1",
            )  # fmt: skip
        zt.concept = False
        zt.save()
        concept_iot = build.informatieobjecttype(cat, "Concept-brief", concept=True)
        concept_bt = build.besluittype(cat, "Concept-besluit", concept=True)

        def url(resource: str, obj: Any) -> str:
            return f"{C}/{resource}/{obj.uuid}"

        self.catalogus = url("catalogussen", cat)
        self.zaaktype = url("zaaktypen", zt)
        self.concept_zaaktype = url("zaaktypen", concept)
        self.iot = url(
            "informatieobjecttypen", zt.catalogus.informatieobjecttypen.get(omschrijving="Aanvraag")
        )
        self.besluittype = url(
            "besluittypen", zt.catalogus.besluittypen.get(omschrijving="Toekenning")
        )
        self.concept_iot = url("informatieobjecttypen", concept_iot)
        self.concept_besluittype = url("besluittypen", concept_bt)
        self.statustype = url("statustypen", zt.statustypen.order_by("volgnummer").first())
        self.resultaattype = url("resultaattypen", zt.resultaattypen.first())
        self.roltype = url("roltypen", zt.roltypen.first())
        self.eigenschap = url("eigenschappen", zt.eigenschappen.first())
        self.receiver = receiver

        self.zaak = self._create("/zaken/api/v1/zaken", self.zaak_body())
        self.document = self._create(
            "/documenten/api/v1/enkelvoudiginformatieobjecten", self.document_body()
        )
        self.besluit = self._create(
            "/besluiten/api/v1/besluiten",
            {"verantwoordelijkeOrganisatie": RSIN, "besluittype": self.besluittype, "zaak": self.zaak,
             "datum": "2026-11-20", "ingangsdatum": "2026-12-01"},
        )  # fmt: skip

    def _create(self, path: str, payload: dict) -> str:
        crs = {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}
        response = self.api.post(HOST + path, payload, **crs)
        assert response.status_code == 201, (path, response.status_code, response.content[:1000])
        return response.json()["url"]

    def zaak_body(self) -> dict:
        return {
            "bronorganisatie": RSIN,
            "verantwoordelijkeOrganisatie": RSIN,
            "zaaktype": self.zaaktype,
            "startdatum": "2026-03-02",
        }

    def document_body(self) -> dict:
        return {
            "bronorganisatie": RSIN,
            "creatiedatum": "2026-11-01",
            "titel": "Aanvraag",
            "auteur": "J. Jansen",
            "taal": "dut",
            "formaat": "text/plain",
            "bestandsnaam": "aanvraag.txt",
            "inhoud": base64.b64encode(b"Geachte heer, mevrouw,\n").decode(),
            "informatieobjecttype": self.iot,
        }

    def templates(self) -> dict[tuple[str, str], dict]:
        """The fields a create needs to pass iwerk's rules, per (method, path) of its document."""
        concept = {"zaaktype": self.concept_zaaktype, "catalogus": self.catalogus}
        return {
            # catalogi: new types in the catalogus, children on the concept zaaktype
            ("POST", "/zaaktypen"): {"catalogus": self.catalogus, "beginGeldigheid": "2026-01-01",
                                      "besluittypen": [], "informatieobjecttypen": [],
                                      "gerelateerdeZaaktypen": [], "deelzaaktypen": [],
                                      "productenOfDiensten": [], "selectielijstProcestype": "",
                                      "referentieproces": {"naam": "Proces"}},
            ("POST", "/informatieobjecttypen"): {"catalogus": self.catalogus, "beginGeldigheid": "2026-01-01",
                                                 "vertrouwelijkheidaanduiding": "openbaar"},
            ("POST", "/besluittypen"): {"catalogus": self.catalogus, "beginGeldigheid": "2026-01-01",
                                        "informatieobjecttypen": [], "zaaktypen": [],
                                        "resultaattypen": []},
            ("POST", "/catalogussen"): {"rsin": RSIN, "domein": "FUZZ"},
            ("POST", "/statustypen"): concept,
            ("POST", "/roltypen"): {**concept, "omschrijvingGeneriek": "initiator"},
            ("POST", "/resultaattypen"): {
                **concept,
                "resultaattypeomschrijving": f"{HOST}/referentielijsten/api/v1/resultaattypeomschrijvingen/fb65d251-1518-4185-865f-b8bdcfad07b1",
                "selectielijstklasse": f"{HOST}/referentielijsten/api/v1/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f",
                "besluittypen": [], "informatieobjecttypen": [],
            },
            ("POST", "/eigenschappen"): {**concept, "statustype": None},
            ("POST", "/zaakobjecttypen"): {**concept, "objecttype": "https://objecttypen.example.nl/api/v2/objecttypes/2",
                                            "statustypen": [], "resultaattypen": []},
            ("POST", "/zaaktype-informatieobjecttypen"): {**concept, "informatieobjecttype": self.concept_iot,
                                                           "statustype": None},
            # zaken: on the published zaaktype, about the seeded zaak and document
            ("POST", "/zaken"): {**self.zaak_body(), "hoofdzaak": None, "relevanteAndereZaken": [],
                                 "communicatiekanaal": "", "productenOfDiensten": [],
                                 "einddatumGepland": None, "uiterlijkeEinddatumAfdoening": None,
                                 "selectielijstklasse": "", "opschorting": None, "verlenging": None},
            ("POST", "/statussen"): {"zaak": self.zaak, "statustype": self.statustype},
            ("POST", "/resultaten"): {"zaak": self.zaak, "resultaattype": self.resultaattype},
            ("POST", "/rollen"): {"zaak": self.zaak, "roltype": self.roltype, "betrokkeneType": "natuurlijk_persoon",
                                  "betrokkene": "", "roltoelichting": "Aanvrager",
                                  "betrokkeneIdentificatie": {"inpBsn": "111222333"}},
            ("POST", "/zaakobjecten"): {"zaak": self.zaak, "objectType": "pand",
                                        "object": "https://bag.example.nl/api/panden/0150100000001234",
                                        "zaakobjecttype": None},
            ("POST", "/zaakinformatieobjecten"): {"zaak": self.zaak, "informatieobject": self.document},
            ("POST", "/zaken/{zaak_uuid}/zaakeigenschappen"): {"zaak": self.zaak, "eigenschap": self.eigenschap,
                                                               "waarde": "20260401"},
            ("POST", "/zaken/{zaak_uuid}/besluiten"): {"besluit": self.besluit},
            ("POST", "/zaakcontactmomenten"): {"zaak": self.zaak,
                                               "contactmoment": "https://kcc.example.nl/api/v1/contactmomenten/1"},
            ("POST", "/zaakverzoeken"): {"zaak": self.zaak, "verzoek": "https://kcc.example.nl/api/v1/verzoeken/1"},
            ("POST", "/zaaknotities"): {"gerelateerdAan": self.zaak, "notitieType": "extern"},
            ("POST", "/zaaknummer_reserveren"): {"bronorganisatie": RSIN},
            ("POST", "/klantcontacten"): {"zaak": self.zaak, "datumtijd": "2026-03-02T10:00:00+01:00",
                                          "kanaal": "telefoon"},
            # documenten
            ("POST", "/enkelvoudiginformatieobjecten"): {**self.document_body(), "link": "",
                                                         "ondertekening": None, "integriteit": None},
            ("POST", "/gebruiksrechten"): {"informatieobject": self.document,
                                           "startdatum": "2026-11-01T00:00:00+01:00", "einddatum": None},
            ("POST", "/verzendingen"): {"informatieobject": self.document, "aardRelatie": "geadresseerde",
                                        "betrokkene": "https://klantinteracties.example.nl/api/v1/partijen/1",
                                        "contactPersoon": "https://klantinteracties.example.nl/api/v1/partijen/2"},
            ("POST", "/objectinformatieobjecten"): {"informatieobject": self.document, "object": self.zaak,
                                                    "objectType": "zaak"},
            # besluiten
            ("POST", "/besluiten"): {"verantwoordelijkeOrganisatie": RSIN, "besluittype": self.besluittype,
                                     "zaak": self.zaak, "datum": "2026-11-20", "ingangsdatum": "2026-12-01",
                                     "vervaldatum": None, "publicatiedatum": None,
                                     "verzenddatum": None, "uiterlijkeReactiedatum": None},
            ("POST", "/besluitinformatieobjecten"): {"besluit": self.besluit, "informatieobject": self.document},
            # autorisaties and notificaties
            ("POST", "/applicaties"): {"heeftAlleAutorisaties": False,
                                       "autorisaties": [{"component": "ztc", "scopes": ["catalogi.lezen"]}]},
            ("POST", "/kanaal"): {"filters": []},
            ("POST", "/abonnement"): {"callbackUrl": f"{self.receiver}/ok",
                                      "kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": RSIN}}]},
        }  # fmt: skip


class Klantinteracties:
    """Deventer's Klantinteracties register, made through the API with the `Authorization:
    Token` of a Toegang with both scopes (the one the stateful run uses): two partijen, an
    actor, a categorie, a klantcontact about the seeded zaak with a betrokkene; `templates`
    gives the references each create needs."""

    def __init__(self, zaak: str) -> None:
        from iwerk.core.testing import catalogus as build
        from iwerk.core.testing.klantinteracties import ki_client

        self.api = ki_client(build.gemeente())
        self.token = self.api.token
        persoon = {"soortPartij": "persoon", "indicatieActief": True,
                   "partijIdentificatie": {"contactnaam": {"voornaam": "Jan", "achternaam": "Vries"}}}  # fmt: skip
        self.partij = self._create("/partijen", persoon)
        self.andere_partij = self._create(
            "/partijen",
            {"soortPartij": "organisatie", "indicatieActief": True,
             "partijIdentificatie": {"naam": "Bakkerij De Brink"}},
        )  # fmt: skip
        self.actor = self._create(
            "/actoren",
            {"naam": "Jan", "soortActor": "medewerker", "indicatieActief": True,
             "actorIdentificatie": {"functie": "KCC", "telefoonnummer": "0570123456"}},
        )  # fmt: skip
        self.categorie = self._create("/categorieen", {"naam": "Klant"})
        self.klantcontact = self._create(
            "/klantcontacten",
            {"kanaal": "telefoon", "onderwerp": "Vraag over de afvalpas", "inhoud": "Pas kwijt",
             "taal": "nld", "vertrouwelijk": False, "plaatsgevondenOp": "2026-03-02T10:15:00+01:00"},
        )  # fmt: skip
        self.betrokkene = self._create(
            "/betrokkenen",
            {"hadKlantcontact": self.klantcontact, "wasPartij": self.partij, "rol": "klant",
             "initiator": True},
        )  # fmt: skip
        self._create(
            "/onderwerpobjecten",
            {"klantcontact": self.klantcontact,
             "onderwerpobjectidentificator": {"objectId": zaak.rsplit("/", 1)[1],
                                              "codeObjecttype": "zaak", "codeRegister": "openzaak",
                                              "codeSoortObjectId": "uuid"}},
        )  # fmt: skip
        self._create(
            "/digitaleadressen",
            {"verstrektDoorPartij": self.partij, "adres": "jan@example.nl",
             "soortDigitaalAdres": "email", "referentie": "prive"},
        )  # fmt: skip

    def _create(self, path: str, payload: dict) -> dict:
        """The object made, as a body names it ({"uuid": …})."""
        response = self.api.post(f"{HOST}/klantinteracties/api/v1{path}", payload)
        assert response.status_code == 201, (path, response.status_code, response.content[:1000])
        return {"uuid": response.json()["uuid"]}

    def templates(self) -> dict[tuple[str, str], dict]:
        """The references a create names, per (method, path): the seeded objects (a link from
        the create that made another one replaces them)."""
        kc = {"klantcontact": self.klantcontact}
        return {
            ("POST", "/betrokkenen"): {"hadKlantcontact": self.klantcontact, "wasPartij": self.partij},
            ("POST", "/actorklantcontacten"): {**kc, "actor": self.actor},
            ("POST", "/bijlagen"): {"wasBijlageVanKlantcontact": self.klantcontact},
            ("POST", "/onderwerpobjecten"): {**kc, "wasKlantcontact": None},
            ("POST", "/internetaken"): {"aanleidinggevendKlantcontact": self.klantcontact,
                                        "toegewezenAanActoren": [self.actor]},
            ("POST", "/digitaleadressen"): {"verstrektDoorPartij": self.partij,
                                            "verstrektDoorBetrokkene": self.betrokkene},
            # a BSN and an IBAN that pass their check (a generated one almost never does)
            ("POST", "/partij-identificatoren"): {"identificeerdePartij": self.partij,
                                                  "subIdentificatorVan": None,
                                                  "partijIdentificator": {
                                                      "codeObjecttype": "natuurlijk_persoon",
                                                      "codeSoortObjectId": "bsn",
                                                      "objectId": "111222333", "codeRegister": "brp"}},
            ("POST", "/rekeningnummers"): {"partij": self.partij, "iban": "NL91ABNA0417164300"},
            ("POST", "/vertegenwoordigingen"): {"vertegenwoordigendePartij": self.partij,
                                                "vertegenwoordigdePartij": self.andere_partij},
            ("POST", "/categorie-relaties"): {"categorie": self.categorie, "partij": self.partij},
        }  # fmt: skip
