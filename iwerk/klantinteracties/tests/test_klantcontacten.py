"""klantcontacten: CRUD, nummer per gemeente, read-only relation lists, every list filter,
expand, tenancy and flat query counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from iwerk.core import generations
from iwerk.core.models import AuditTrail
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.api.bron import GENERATIE
from iwerk.klantinteracties.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    DigitaalAdres,
    InterneTaak,
    Klantcontact,
    Onderwerpobject,
    Partij,
    PartijIdentificator,
)

pytestmark = pytest.mark.django_db

CONTACT = {
    "kanaal": "telefoon",
    "onderwerp": "Vraag over de afvalpas",
    "inhoud": "Pas kwijt",
    "taal": "nld",
    "vertrouwelijk": False,
    "plaatsgevondenOp": "2026-03-02T10:15:00+01:00",
}


def klantcontact(gemeente, **velden) -> Klantcontact:
    """A klantcontact made directly (the nummer as the service would give it)."""
    waarden = {
        "kanaal": "telefoon",
        "onderwerp": "Vraag",
        "taal": "nld",
        "plaatsgevonden_op": datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        **velden,
    }
    return Klantcontact.objects.create(tenant=gemeente, **waarden)


def volledig(gemeente, **velden) -> Klantcontact:
    """A klantcontact with one of every relation (for filters, expand and query counts)."""
    kc = klantcontact(gemeente, **velden)
    # The first partij is nummer 7 (the filter tests look for it); nummers are unique.
    nummer = f"{Partij.objects.filter(tenant=gemeente).count() + 7:010d}"
    partij = Partij.objects.create(tenant=gemeente, soort_partij="persoon", nummer=nummer)
    PartijIdentificator.objects.create(
        tenant=gemeente,
        identificeerde_partij=partij,
        code_objecttype="natuurlijk_persoon",
        code_soort_object_id="bsn",
        object_id="111222333" if nummer == "0000000007" else nummer[1:],
        code_register="brp",
    )
    betrokkene = Betrokkene.objects.create(
        tenant=gemeente, had_klantcontact=kc, was_partij=partij, rol="klant", initiator=True
    )
    DigitaalAdres.objects.create(
        tenant=gemeente,
        verstrekt_door_betrokkene=betrokkene,
        adres="Inwoner@Voorbeeld.nl",
        soort_digitaal_adres="email",
    )
    actor = Actor.objects.create(
        tenant=gemeente, naam="Jan", soort_actor="medewerker", functie="KCC", telefoonnummer=""
    )
    ActorKlantcontact.objects.create(tenant=gemeente, actor=actor, klantcontact=kc)
    Onderwerpobject.objects.create(
        tenant=gemeente, klantcontact=kc, code_objecttype="product", object_id="afvalpas"
    )
    Bijlage.objects.create(
        tenant=gemeente, was_bijlage_van_klantcontact=kc, code_objecttype="document"
    )
    taak = InterneTaak.objects.create(
        tenant=gemeente, aanleidinggevend_klantcontact=kc, gevraagde_handeling="Terugbellen"
    )
    taak.actoren.add(actor)
    return kc


def test_a_klantcontact_is_created_read_changed_listed_and_removed(gemeenten):
    api = ki_client(gemeenten["deventer"])

    nieuw = api.post(f"{BASE}/klantcontacten", {**CONTACT, "url": "genegeerd"})
    assert nieuw.status_code == 201, nieuw.content
    data = nieuw.json()
    url = data["url"]
    assert data["nummer"] == "0000000001"
    assert data["plaatsgevondenOp"].startswith("2026-03-02T09:15:00")
    assert data["gingOverOnderwerpobjecten"] == [] and data["hadBetrokkenActoren"] == []

    assert api.patch(url, {"onderwerp": "Afvalpas"}).json()["onderwerp"] == "Afvalpas"
    gewijzigd = api.put(url, {**CONTACT, "inhoud": "Gevonden"}).json()
    assert gewijzigd["inhoud"] == "Gevonden" and gewijzigd["nummer"] == "0000000001"
    assert api.get(f"{BASE}/klantcontacten").json()["count"] == 1

    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    acties = AuditTrail.objects.filter(bron="kic").order_by("pk").values_list("actie", flat=True)
    assert list(acties) == ["create", "update", "update", "destroy"]


def test_plaatsgevonden_op_is_now_when_absent(gemeenten):
    api = ki_client(gemeenten["deventer"])
    zonder = {k: v for k, v in CONTACT.items() if k != "plaatsgevondenOp"}
    with time_machine.travel(datetime(2026, 5, 1, 8, 30, tzinfo=UTC), tick=False):
        data = api.post(f"{BASE}/klantcontacten", zonder).json()
    assert data["plaatsgevondenOp"] == "2026-05-01T08:30:00+00:00"


def test_nummer_is_given_per_gemeente_and_unique_in_it(gemeenten):
    deventer = ki_client(gemeenten["deventer"])
    raalte = ki_client(gemeenten["raalte"], label="Raalte")

    assert deventer.post(f"{BASE}/klantcontacten", CONTACT).json()["nummer"] == "0000000001"
    assert deventer.post(f"{BASE}/klantcontacten", CONTACT).json()["nummer"] == "0000000002"
    assert raalte.post(f"{BASE}/klantcontacten", CONTACT).json()["nummer"] == "0000000001"

    dubbel = deventer.post(f"{BASE}/klantcontacten", {**CONTACT, "nummer": "0000000002"})
    assert dubbel.status_code == 400
    assert dubbel.json()["invalidParams"][0]["name"] == "nummer"
    assert dubbel.json()["invalidParams"][0]["code"] == "unique"
    # Another gemeente's nummer is no obstacle.
    eigen = raalte.post(f"{BASE}/klantcontacten", {**CONTACT, "nummer": "0000000002"})
    assert eigen.status_code == 201


def test_required_fields_are_checked(gemeenten):
    api = ki_client(gemeenten["deventer"])
    antwoord = api.post(f"{BASE}/klantcontacten", {"kanaal": "", "taal": "nld"})
    assert antwoord.status_code == 400
    namen = {p["name"]: p["code"] for p in antwoord.json()["invalidParams"]}
    assert namen == {"kanaal": "blank", "onderwerp": "required", "vertrouwelijk": "required"}


def test_relations_are_listed_with_full_actoren(gemeenten):
    api = ki_client(gemeenten["deventer"])
    kc = volledig(gemeenten["deventer"])

    data = api.get(f"{BASE}/klantcontacten/{kc.uuid}").json()
    assert len(data["gingOverOnderwerpobjecten"]) == 1
    assert len(data["omvatteBijlagen"]) == 1
    assert len(data["hadBetrokkenen"]) == 1
    assert len(data["leiddeTotInterneTaken"]) == 1
    (actor,) = data["hadBetrokkenActoren"]
    assert actor["naam"] == "Jan" and actor["soortActor"] == "medewerker"
    # Read-only: written lists are ignored.
    url = data["url"]
    api.patch(url, {"hadBetrokkenen": [], "gingOverOnderwerpobjecten": []})
    assert len(api.get(url).json()["hadBetrokkenen"]) == 1


def test_expand_embeds_every_relation(gemeenten):
    api = ki_client(gemeenten["deventer"])
    kc = volledig(gemeenten["deventer"])
    alles = (
        "gingOverOnderwerpobjecten,hadBetrokkenen.digitaleAdressen,hadBetrokkenen.wasPartij,"
        "leiddeTotInterneTaken,omvatteBijlagen"
    )

    data = api.get(f"{BASE}/klantcontacten/{kc.uuid}", {"expand": alles}).json()
    uitgeklapt = data["_expand"]
    assert (
        uitgeklapt["gingOverOnderwerpobjecten"][0]["onderwerpobjectidentificator"]["objectId"]
        == "afvalpas"
    )
    assert uitgeklapt["omvatteBijlagen"][0]["bijlageidentificator"]["codeObjecttype"] == "document"
    assert uitgeklapt["leiddeTotInterneTaken"][0]["gevraagdeHandeling"] == "Terugbellen"
    (betrokkene,) = uitgeklapt["hadBetrokkenen"]
    assert betrokkene["_expand"]["digitaleAdressen"][0]["adres"] == "Inwoner@Voorbeeld.nl"
    assert betrokkene["_expand"]["wasPartij"]["nummer"] == "0000000007"

    lijst = api.get(f"{BASE}/klantcontacten", {"expand": "hadBetrokkenen"}).json()
    assert lijst["results"][0]["_expand"]["hadBetrokkenen"][0]["rol"] == "klant"
    fout = api.get(f"{BASE}/klantcontacten", {"expand": "onzin"})
    assert fout.status_code == 400


def test_every_list_filter(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    raak = volledig(
        deventer,
        nummer="0000000042",
        referentienummer="REF-1",
        kanaal="balie",
        onderwerp="Paspoort aanvragen",
        inhoud="Vraag over paspoort",
        reactie="Afspraak gemaakt",
        indicatie_contact_gelukt=True,
        vertrouwelijk=False,
        plaatsgevonden_op=datetime(2026, 1, 5, 12, 0, tzinfo=UTC),
    )
    eerder = klantcontact(deventer, kanaal="telefoon", indicatie_contact_gelukt=False)
    Onderwerpobject.objects.create(
        tenant=deventer, was_klantcontact=raak, code_objecttype="klantcontact", object_id="x1"
    )
    Onderwerpobject.objects.filter(was_klantcontact=raak).update(klantcontact=eerder)
    betrokkene = raak.betrokkenen.get()
    partij = betrokkene.was_partij
    ow = raak.onderwerpobjecten.get()
    was = Onderwerpobject.objects.get(was_klantcontact=raak)
    zonder_partij = klantcontact(deventer, kanaal="brief")
    Betrokkene.objects.create(
        tenant=deventer, had_klantcontact=zonder_partij, rol="klant", initiator=True
    )

    def gevonden(**query) -> set[str]:
        antwoord = api.get(f"{BASE}/klantcontacten", query)
        assert antwoord.status_code == 200, antwoord.content
        return {r["uuid"] for r in antwoord.json()["results"]}

    alleen = {str(raak.uuid)}
    assert gevonden(hadBetrokkene__digitaaladres__adres__icontains="inwoner@") == alleen
    assert gevonden(hadBetrokkene__url=f"{BASE}/betrokkenen/{betrokkene.uuid}") == alleen
    assert gevonden(hadBetrokkene__uuid=str(betrokkene.uuid)) == alleen
    assert gevonden(hadBetrokkene__wasPartij="true") == alleen
    assert str(raak.uuid) not in gevonden(hadBetrokkene__wasPartij="false")
    assert str(zonder_partij.uuid) in gevonden(hadBetrokkene__wasPartij="false")
    prefix = "hadBetrokkene__wasPartij__partijIdentificator__"
    assert gevonden(**{f"{prefix}codeObjecttype": "natuurlijk_persoon"}) == alleen
    assert gevonden(**{f"{prefix}codeRegister": "brp"}) == alleen
    assert gevonden(**{f"{prefix}codeSoortObjectId": "bsn"}) == alleen
    assert gevonden(**{f"{prefix}objectId": "111222333"}) == alleen
    assert gevonden(hadBetrokkene__wasPartij__url=f"{BASE}/partijen/{partij.uuid}") == alleen
    assert gevonden(hadBetrokkene__wasPartij__uuid=str(partij.uuid)) == alleen
    assert gevonden(indicatieContactGelukt="true") == alleen
    assert gevonden(inhoud="PASPOORT") == alleen
    assert gevonden(kanaal="balie") == alleen
    assert gevonden(leiddeTotInterneTaken="true") == alleen
    assert str(raak.uuid) not in gevonden(leiddeTotInterneTaken="false")
    assert gevonden(nummer="0000000042") == alleen
    assert gevonden(onderwerp="paspoort") == alleen
    prefix = "onderwerpobject__onderwerpobjectidentificator"
    assert gevonden(**{f"{prefix}CodeObjecttype": "product"}) == alleen
    assert gevonden(**{f"{prefix}CodeRegister": ""}) == {str(raak.uuid), str(eerder.uuid)}
    assert gevonden(**{f"{prefix}CodeSoortObjectId": ""}) == {str(raak.uuid), str(eerder.uuid)}
    assert gevonden(**{f"{prefix}ObjectId": "afvalpas"}) == alleen
    assert gevonden(onderwerpobject__url=f"{BASE}/onderwerpobjecten/{ow.uuid}") == alleen
    assert gevonden(onderwerpobject__uuid=str(ow.uuid)) == alleen
    assert gevonden(plaatsgevondenOp="2026-01-05T13:00:00+01:00") == alleen
    assert gevonden(reactie="afspraak") == alleen
    assert gevonden(referentienummer="REF-1") == alleen
    assert str(raak.uuid) in gevonden(vertrouwelijk="false")
    assert gevonden(vertrouwelijk="true") == set()
    prefix = "wasOnderwerpobject__onderwerpobjectidentificator"
    assert gevonden(**{f"{prefix}CodeObjecttype": "klantcontact"}) == alleen
    assert gevonden(**{f"{prefix}CodeRegister": ""}) == alleen
    assert gevonden(**{f"{prefix}CodeSoortObjectId": ""}) == alleen
    assert gevonden(**{f"{prefix}ObjectId": "x1"}) == alleen
    assert gevonden(wasOnderwerpobject__url=f"{BASE}/onderwerpobjecten/{was.uuid}") == alleen
    assert gevonden(wasOnderwerpobject__uuid=str(was.uuid)) == alleen
    # Not a uuid: a 400, as the reference's UUIDFilter answers (api/bron.py).
    assert (
        api.get(f"{BASE}/klantcontacten", {"hadBetrokkene__uuid": "geen-uuid"}).status_code == 400
    )
    assert api.get(f"{BASE}/klantcontacten", {"onbekend": "x"}).status_code == 400


def test_another_gemeentes_klantcontact_does_not_exist_for_the_caller(gemeenten):
    deventer = ki_client(gemeenten["deventer"])
    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    url = deventer.post(f"{BASE}/klantcontacten", CONTACT).json()["url"]

    assert raalte.get(url).status_code == 404
    assert raalte.patch(url, {"onderwerp": "Overgenomen"}).status_code == 404
    assert raalte.put(url, CONTACT).status_code == 404
    assert raalte.delete(url).status_code == 404
    assert raalte.get(f"{BASE}/klantcontacten").json()["count"] == 0
    uuid = url.rsplit("/", 1)[1]
    verwijzing = raalte.post(
        f"{BASE}/betrokkenen",
        {"hadKlantcontact": {"uuid": uuid}, "rol": "klant", "initiator": True},
    )
    assert verwijzing.status_code == 400
    assert verwijzing.json()["invalidParams"][0]["code"] == "does_not_exist"
    assert deventer.get(url).json()["onderwerp"] == CONTACT["onderwerp"]


def test_list_and_expand_cost_the_same_for_one_and_five(gemeenten, django_assert_num_queries):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    expand = {
        "expand": "gingOverOnderwerpobjecten,hadBetrokkenen.digitaleAdressen,"
        "hadBetrokkenen.wasPartij,leiddeTotInterneTaken,omvatteBijlagen"
    }
    volledig(deventer)
    api.get(f"{BASE}/klantcontacten")  # the token is resolved and cached once

    def lijst(aantal: int, query: dict, queries: int) -> list[dict]:
        generations.bump(GENERATIE)  # rows made directly: no cached count may hold
        with django_assert_num_queries(queries):
            antwoord = api.get(f"{BASE}/klantcontacten", query).json()
        assert antwoord["count"] == aantal
        return antwoord["results"]

    lijst(1, {}, QUERIES_LIST)
    lijst(1, expand, QUERIES_EXPAND)
    for _ in range(4):
        volledig(deventer)
    lijst(5, {}, QUERIES_LIST)
    resultaat = lijst(5, expand, QUERIES_EXPAND)
    assert all(len(r["_expand"]["hadBetrokkenen"]) == 1 for r in resultaat)


# generation + count + page + 5 relation lists (onderwerpobjecten, actoren, bijlagen,
# betrokkenen, taken)
QUERIES_LIST = 8
# + onderwerpobjecten, bijlagen, taken (+ their actoren), betrokkenen (+ their digitale
# adressen), their digitale adressen, partijen (+ 6 of their relations)
QUERIES_EXPAND = 22
