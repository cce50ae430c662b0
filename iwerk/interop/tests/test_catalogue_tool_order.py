"""A catalogue built through the API in the order a catalogue tool builds it, then used for real.

Everything goes through the APIs, as two ordinary standard clients: a catalogue tool registered
through the Autorisaties API with only `catalogi.lezen`/`catalogi.schrijven` (ztc), and a
zaaksysteem registered the same way once the types exist. Only their JWT secrets are set in
beheer (the standard leaves that out of the API).

What the standard asks for publishing is ztc-012 only: the zaaktype's besluittypen and
informatieobjecttypen published. A besluittype may be published before its informatieobjecttype,
and a zaaktype with a single statustype (no resultaattype, no roltype) may be published. Closing a
zaak does need a resultaat (zrc-007) and reopening one needs a status that is not the eindstatus
(zrc-008), so the zaaktype the zaken live on gets a second statustype, a resultaattype and a
roltype; the minimal one is published too and shows what the standard lets a zaak on it do.
"""

from __future__ import annotations

import pytest

from iwerk.autorisaties.models import JWTSecret
from iwerk.core.testing.api import ApiClient
from iwerk.interop.tests.conftest import CRS, REF, A, B, C, D, Z, document_body, ok

pytestmark = pytest.mark.django_db
SECRET = "een-geheim-van-minstens-32-tekens-lang"
RSIN = "000000000"  # 11-proef as the reference computes it; no gemeente has it
RESULTAATTYPEOMSCHRIJVING = (
    f"{REF}/resultaattypeomschrijvingen/fb65d251-1518-4185-865f-b8bdcfad07b1"
)
SELECTIELIJSTKLASSE = f"{REF}/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f"


def _register(superuser_client, client_id: str, autorisaties: list[dict]) -> ApiClient:
    ok(
        superuser_client.post(
            f"{A}/applicaties",
            {
                "clientIds": [client_id],
                "label": client_id,
                "heeftAlleAutorisaties": False,
                "autorisaties": autorisaties,
            },
        ),
        201,
    )
    JWTSecret.objects.update_or_create(client_id=client_id, defaults={"secret": SECRET})
    return ApiClient(client_id, SECRET)


def _zaaktype_body(catalogus: str, identificatie: str, besluittypen: list[str]) -> dict:
    return {
        "identificatie": identificatie,
        "omschrijving": f"Zaaktype {identificatie}",
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
        "doel": "Ondersteuning bieden",
        "aanleiding": "Aanvraag inwoner",
        "indicatieInternOfExtern": "extern",
        "handelingInitiator": "Aanvragen",
        "onderwerp": "Maatwerkvoorziening",
        "handelingBehandelaar": "Beoordelen",
        "doorlooptijd": "P8W",
        "opschortingEnAanhoudingMogelijk": False,
        "verlengingMogelijk": False,
        "publicatieIndicatie": False,
        "productenOfDiensten": [],
        "selectielijstProcestype": f"{REF}/procestypen/e1b73b12-b2f6-4c4e-8929-94f84dd2a57d",
        "referentieproces": {"naam": "Wmo"},
        "verantwoordelijke": "Team Wmo",
        "catalogus": catalogus,
        "besluittypen": besluittypen,
        "gerelateerdeZaaktypen": [],
        "beginGeldigheid": "2024-01-01",
    }


def _iot(tool, catalogus: str, omschrijving: str) -> str:
    body = {
        "catalogus": catalogus,
        "omschrijving": omschrijving,
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
        "beginGeldigheid": "2024-01-01",
        "informatieobjectcategorie": omschrijving,
    }
    # Catalogi 1.3.3 documents 200 for this create, 201 for every other.
    return ok(tool.post(f"{C}/informatieobjecttypen", body), 200, 201)["url"]


def _build_catalogue(superuser_client) -> dict:
    tool = _register(
        superuser_client,
        "catalogustool",
        [{"component": "ztc", "scopes": ["catalogi.lezen", "catalogi.schrijven"]}],
    )
    catalogus = ok(
        tool.post(
            f"{C}/catalogussen",
            {
                "domein": "WMO",
                "rsin": RSIN,
                "contactpersoonBeheerNaam": "Functioneel beheer",
                "contactpersoonBeheerEmailadres": "beheer@example.nl",
            },
        ),
        201,
    )["url"]
    assert ok(tool.get(catalogus))["rsin"] == RSIN
    aanvraag = _iot(tool, catalogus, "Aanvraag")
    brief = _iot(tool, catalogus, "Besluitbrief")
    besluittype = ok(
        tool.post(
            f"{C}/besluittypen",
            {
                "catalogus": catalogus,
                "omschrijving": "Toekenning",
                "publicatieIndicatie": False,
                "informatieobjecttypen": [brief],
                "beginGeldigheid": "2024-01-01",
            },
        ),
        201,
    )["url"]
    # The besluittype first, while its informatieobjecttype is still a concept: no precondition.
    assert ok(tool.post(f"{besluittype}/publish"))["concept"] is False
    for iot in (aanvraag, brief):
        assert ok(tool.post(f"{iot}/publish"))["concept"] is False

    # The minimal zaaktype: one statustype, nothing else.
    minimal = ok(tool.post(f"{C}/zaaktypen", _zaaktype_body(catalogus, "MINI-1", [])), 201)["url"]
    ok(
        tool.post(
            f"{C}/statustypen", {"zaaktype": minimal, "omschrijving": "Ontvangen", "volgnummer": 1}
        ),
        201,
    )
    assert ok(tool.post(f"{minimal}/publish"))["concept"] is False

    # The zaaktype the zaken below live on.
    zaaktype = ok(
        tool.post(f"{C}/zaaktypen", _zaaktype_body(catalogus, "WMO-1", [besluittype])), 201
    )["url"]
    children = [
        ("statustypen", {"omschrijving": "Ontvangen", "volgnummer": 1}),
        ("statustypen", {"omschrijving": "Afgehandeld", "volgnummer": 2}),
        ("roltypen", {"omschrijving": "Aanvrager", "omschrijvingGeneriek": "initiator"}),
        (
            "resultaattypen",
            {
                "omschrijving": "Toegekend",
                "resultaattypeomschrijving": RESULTAATTYPEOMSCHRIJVING,
                "selectielijstklasse": SELECTIELIJSTKLASSE,
                "archiefnominatie": "vernietigen",
                "archiefactietermijn": "P10Y",
                "brondatumArchiefprocedure": {"afleidingswijze": "afgehandeld"},
            },
        ),
        (
            "eigenschappen",
            {
                "naam": "ingangsdatum",
                "definitie": "Gewenste ingangsdatum",
                "specificatie": {"formaat": "datum", "lengte": "8", "kardinaliteit": "1"},
            },
        ),
        (
            "zaaktype-informatieobjecttypen",
            {"informatieobjecttype": "Aanvraag", "volgnummer": 1, "richting": "inkomend"},
        ),
        (
            "zaaktype-informatieobjecttypen",
            {"informatieobjecttype": "Besluitbrief", "volgnummer": 2, "richting": "uitgaand"},
        ),
    ]
    urls: dict[str, list[str]] = {}
    for resource, body in children:
        url = ok(tool.post(f"{C}/{resource}", {"zaaktype": zaaktype, **body}), 201)["url"]
        urls.setdefault(resource, []).append(url)
    published = ok(tool.post(f"{zaaktype}/publish"))
    assert published["concept"] is False and published["besluittypen"] == [besluittype]

    zaaksysteem = _register(
        superuser_client,
        "zaaksysteem",
        [
            {
                "component": "zrc",
                "scopes": [
                    "zaken.lezen",
                    "zaken.aanmaken",
                    "zaken.bijwerken",
                    "zaken.verwijderen",
                    "zaken.statussen.toevoegen",
                    "zaken.heropenen",
                ],
                "zaaktype": url,
                "maxVertrouwelijkheidaanduiding": "geheim",
            }
            for url in (zaaktype, minimal)
        ]
        + [
            {
                "component": "drc",
                "scopes": [
                    "documenten.lezen",
                    "documenten.aanmaken",
                    "documenten.bijwerken",
                    "documenten.verwijderen",
                    "documenten.lock",
                ],
                "informatieobjecttype": url,
                "maxVertrouwelijkheidaanduiding": "geheim",
            }
            for url in (aanvraag, brief)
        ]
        + [
            {
                "component": "brc",
                "scopes": [
                    "besluiten.lezen",
                    "besluiten.aanmaken",
                    "besluiten.bijwerken",
                    "besluiten.verwijderen",
                ],
                "besluittype": besluittype,
            },
            {"component": "ztc", "scopes": ["catalogi.lezen"]},
        ],
    )
    return {
        "tool": tool,
        "zaaksysteem": zaaksysteem,
        "catalogus": catalogus,
        "zaaktype": zaaktype,
        "minimal": minimal,
        "besluittype": besluittype,
        "aanvraag": aanvraag,
        "brief": brief,
        **urls,
    }


@pytest.fixture
def catalogue(superuser_client):
    return _build_catalogue(superuser_client)


def test_ztc_012_catalogue_built_in_tool_order(catalogue):
    tool = catalogue["tool"]
    listed = ok(tool.get(f"{C}/zaaktypen", {"catalogus": catalogue["catalogus"]}))
    assert {z["identificatie"] for z in listed["results"]} == {"MINI-1", "WMO-1"}
    minimal = ok(tool.get(catalogue["minimal"]))
    assert len(minimal["statustypen"]) == 1
    assert minimal["resultaattypen"] == [] and minimal["roltypen"] == []


def test_minimal_zaaktype_takes_zaken_and_closing_needs_a_resultaat(catalogue):
    api = catalogue["zaaksysteem"]
    zaak = ok(api.post(f"{Z}/zaken", _zaak_body(catalogue["minimal"]), **CRS), 201)["url"]
    statustype = ok(api.get(catalogue["minimal"]))["statustypen"][0]
    # Its only statustype is the eindstatus; zrc-007 asks a resultaat, and it has no resultaattype.
    refused = api.post(
        f"{Z}/statussen",
        {"zaak": zaak, "statustype": statustype, "datumStatusGezet": "2026-03-02T09:00:00"},
    )
    assert refused.status_code == 400, refused.content
    assert refused.json()["invalidParams"][0]["code"] == "resultaat-does-not-exist"
    ok(api.delete(zaak, **CRS), 204)


def _zaak_body(zaaktype: str, **extra) -> dict:
    return {
        "bronorganisatie": RSIN,
        "verantwoordelijkeOrganisatie": RSIN,
        "zaaktype": zaaktype,
        "startdatum": "2026-03-02",
        "omschrijving": "Aanvraag rolstoel",
        **extra,
    }


def test_zaak_document_besluit_whole_life_cycle(catalogue):
    api = catalogue["zaaksysteem"]
    statustypen = catalogue["statustypen"]

    # Create the zaak, its first status, a rol, a zaakobject and a zaakeigenschap.
    zaak = ok(api.post(f"{Z}/zaken", _zaak_body(catalogue["zaaktype"]), **CRS), 201)["url"]
    ok(
        api.post(
            f"{Z}/statussen",
            {"zaak": zaak, "statustype": statustypen[0], "datumStatusGezet": "2026-03-02T09:00:00"},
        ),
        201,
    )
    rol = ok(
        api.post(
            f"{Z}/rollen",
            {
                "zaak": zaak,
                "roltype": catalogue["roltypen"][0],
                "betrokkeneType": "natuurlijk_persoon",
                "roltoelichting": "Aanvrager",
                "betrokkeneIdentificatie": {"inpBsn": "111222333", "geslachtsnaam": "Jansen"},
            },
        ),
        201,
    )["url"]
    ok(
        api.post(
            f"{Z}/zaakobjecten",
            {
                "zaak": zaak,
                "objectType": "pand",
                "object": "https://bag.example.nl/api/panden/0150100000001234",
            },
        ),
        201,
    )
    ok(
        api.post(
            f"{zaak}/zaakeigenschappen",
            {"zaak": zaak, "eigenschap": catalogue["eigenschappen"][0], "waarde": "20260401"},
        ),
        201,
    )

    # A document, related to the zaak.
    document = ok(
        api.post(
            f"{D}/enkelvoudiginformatieobjecten",
            document_body(
                catalogue["aanvraag"], bronorganisatie=RSIN, indicatieGebruiksrecht=False
            ),
        ),
        201,
    )["url"]
    zio = ok(
        api.post(f"{Z}/zaakinformatieobjecten", {"zaak": zaak, "informatieobject": document}), 201
    )["url"]
    assert ok(api.get(zaak, **CRS))["zaakinformatieobjecten"] == [zio]

    # A besluit on the zaak, with its besluitbrief.
    brief = ok(
        api.post(
            f"{D}/enkelvoudiginformatieobjecten",
            document_body(catalogue["brief"], bronorganisatie=RSIN, indicatieGebruiksrecht=False),
        ),
        201,
    )["url"]
    besluit = ok(
        api.post(
            f"{B}/besluiten",
            {
                "verantwoordelijkeOrganisatie": RSIN,
                "besluittype": catalogue["besluittype"],
                "zaak": zaak,
                "datum": "2026-03-20",
                "ingangsdatum": "2026-04-01",
            },
        ),
        201,
    )["url"]
    bio = ok(
        api.post(f"{B}/besluitinformatieobjecten", {"besluit": besluit, "informatieobject": brief}),
        201,
    )["url"]

    # Relations: a deelzaak and a relevante andere zaak.
    deelzaak = ok(
        api.post(f"{Z}/zaken", _zaak_body(catalogue["zaaktype"], hoofdzaak=zaak), **CRS), 201
    )["url"]
    vervolg = ok(api.post(f"{Z}/zaken", _zaak_body(catalogue["zaaktype"]), **CRS), 201)["url"]
    related = ok(
        api.patch(
            zaak, {"relevanteAndereZaken": [{"url": vervolg, "aardRelatie": "vervolg"}]}, **CRS
        )
    )
    assert related["deelzaken"] == [deelzaak]
    assert related["relevanteAndereZaken"] == [{"url": vervolg, "aardRelatie": "vervolg"}]
    assert ok(api.get(deelzaak, **CRS))["hoofdzaak"] == zaak

    # The deelzaak and its resultaat, then close it (the hoofdzaak waits for nothing in the standard).
    for open_zaak in (deelzaak, zaak):
        ok(
            api.post(
                f"{Z}/resultaten",
                {"zaak": open_zaak, "resultaattype": catalogue["resultaattypen"][0]},
            ),
            201,
        )
        ok(
            api.post(
                f"{Z}/statussen",
                {
                    "zaak": open_zaak,
                    "statustype": statustypen[1],
                    "datumStatusGezet": "2026-04-01T10:00:00",
                },
            ),
            201,
        )
    closed = ok(api.get(zaak, **CRS))
    assert closed["einddatum"] == "2026-04-01" and closed["archiefnominatie"] == "vernietigen"
    assert closed["archiefactiedatum"] == "2036-04-01"

    # Heropenen (zaken.heropenen): a status that is not the eindstatus.
    ok(
        api.post(
            f"{Z}/statussen",
            {"zaak": zaak, "statustype": statustypen[0], "datumStatusGezet": "2026-04-02T09:00:00"},
        ),
        201,
    )
    reopened = ok(api.get(zaak, **CRS))
    assert reopened["einddatum"] is None and reopened["archiefactiedatum"] is None
    assert reopened["archiefnominatie"] is None
    ok(api.delete(rol), 204)

    # Lists with the filters a zaaksysteem uses.
    assert ok(api.get(f"{Z}/zaken", {"zaaktype": catalogue["zaaktype"]}, **CRS))["count"] == 3
    assert ok(api.get(f"{Z}/statussen", {"zaak": zaak}))["count"] == 3
    assert len(ok(api.get(f"{Z}/zaakinformatieobjecten", {"zaak": zaak}))) == 1
    assert len(ok(api.get(f"{B}/besluitinformatieobjecten", {"besluit": besluit}))) == 1

    # Delete: the besluit (and its bio), the zio, the zaken, the documents.
    ok(api.delete(bio), 204)
    ok(api.delete(besluit), 204)
    ok(api.delete(zio), 204)
    ok(api.delete(vervolg, **CRS), 204)
    ok(api.delete(zaak, **CRS), 204)  # the deelzaak goes with it
    assert api.get(deelzaak, **CRS).status_code == 404
    ok(api.delete(document), 204)
    ok(api.delete(brief), 204)
    assert api.get(document).status_code == 404
