"""internetaken: work a klantcontact led to, for actoren of the same gemeente."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from iwerk.core import generations
from iwerk.core.models import AuditTrail
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.api.bron import GENERATIE
from iwerk.klantinteracties.models import Actor, InterneTaak, Klantcontact

pytestmark = pytest.mark.django_db


def klantcontact(gemeente, **velden):
    return Klantcontact.objects.create(
        tenant=gemeente,
        kanaal="telefoon",
        onderwerp="Vraag over afval",
        taal="nld",
        plaatsgevonden_op=timezone.now(),
        **velden,
    )


def actor(gemeente, naam="Jan"):
    return Actor.objects.create(tenant=gemeente, naam=naam, soort_actor="medewerker")


def ref(obj):
    return {"uuid": str(obj.uuid)}


def taak(contact, *actoren, **velden):
    body = {
        "gevraagdeHandeling": "Bel de klant terug",
        "aanleidinggevendKlantcontact": ref(contact),
        "toegewezenAanActoren": [ref(a) for a in actoren],
        "status": "te_verwerken",
    }
    return {**body, **velden}


def test_an_interne_taak_is_created_read_changed_listed_and_removed(gemeenten):
    g = gemeenten["deventer"]
    api = ki_client(g)
    contact, jan, piet = klantcontact(g), actor(g), actor(g, "Piet")

    nieuw = api.post(f"{BASE}/internetaken", taak(contact, piet, jan, toegewezenOp="genegeerd"))
    assert nieuw.status_code == 201, nieuw.content
    data = nieuw.json()
    assert data["nummer"] == "0000000001"
    assert [a["uuid"] for a in data["toegewezenAanActoren"]] == [str(piet.uuid), str(jan.uuid)]
    assert data["toegewezenAanActor"]["uuid"] == str(piet.uuid)  # the first assigned
    assert data["aanleidinggevendKlantcontact"]["uuid"] == str(contact.uuid)
    assert data["afgehandeldOp"] is None and data["toegewezenOp"]
    url = data["url"]

    gewijzigd = api.patch(url, {"toelichting": "na 17 uur", "toegewezenAanActor": ref(jan)})
    assert gewijzigd.status_code == 200, gewijzigd.content
    assert [a["uuid"] for a in gewijzigd.json()["toegewezenAanActoren"]] == [str(jan.uuid)]
    vervangen = api.put(url, taak(contact, jan, gevraagdeHandeling="Mail de klant")).json()
    assert vervangen["gevraagdeHandeling"] == "Mail de klant"
    assert vervangen["toelichting"] == "na 17 uur"  # PUT leaves what it does not name
    assert api.get(f"{BASE}/internetaken").json()["count"] == 1
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    acties = AuditTrail.objects.filter(bron="kic").order_by("pk").values_list("actie", flat=True)
    assert list(acties) == ["create", "update", "update", "destroy"]


def test_nummers_count_per_gemeente_and_a_given_one_is_kept(gemeenten):
    deventer, raalte = ki_client(gemeenten["deventer"]), ki_client(gemeenten["raalte"])
    d, r = klantcontact(gemeenten["deventer"]), klantcontact(gemeenten["raalte"])
    assert deventer.post(f"{BASE}/internetaken", taak(d)).json()["nummer"] == "0000000001"
    assert deventer.post(f"{BASE}/internetaken", taak(d)).json()["nummer"] == "0000000002"
    assert raalte.post(f"{BASE}/internetaken", taak(r)).json()["nummer"] == "0000000001"
    eigen = deventer.post(f"{BASE}/internetaken", taak(d, nummer="K-12")).json()
    assert eigen["nummer"] == "K-12"


def test_exactly_one_way_to_assign(gemeenten):
    g = gemeenten["deventer"]
    api = ki_client(g)
    contact, jan, piet = klantcontact(g), actor(g), actor(g, "Piet")
    beide = taak(contact, jan, toegewezenAanActor=ref(piet))
    assert api.post(f"{BASE}/internetaken", beide).status_code == 400
    geen = taak(contact)
    del geen["toegewezenAanActoren"]
    antwoord = api.post(f"{BASE}/internetaken", geen)
    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == "nonFieldErrors"

    enkel = api.post(f"{BASE}/internetaken", {**geen, "toegewezenAanActor": ref(jan)})
    assert enkel.status_code == 201
    assert enkel.json()["toegewezenAanActoren"] == [enkel.json()["toegewezenAanActor"]]
    # A PATCH may leave the assignment alone.
    assert api.patch(enkel.json()["url"], {"toelichting": "x"}).status_code == 200
    # A GET representation sent back whole names the same actor twice: that is one way.
    huidig = api.get(enkel.json()["url"]).json()
    terug = api.put(huidig["url"], huidig)
    assert terug.status_code == 200, terug.content
    assert terug.json()["toegewezenAanActoren"] == huidig["toegewezenAanActoren"]


def test_becoming_verwerkt_sets_afgehandeld_op_and_reopening_clears_it(gemeenten):
    g = gemeenten["deventer"]
    api = ki_client(g)
    url = api.post(f"{BASE}/internetaken", taak(klantcontact(g))).json()["url"]

    with time_machine.travel(datetime(2025, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        verwerkt = api.patch(url, {"status": "verwerkt"}).json()
    assert verwerkt["afgehandeldOp"] == "2025-03-01T09:00:00+00:00"
    # Staying verwerkt keeps the moment.
    assert api.patch(url, {"toelichting": "klaar"}).json()["afgehandeldOp"] == (
        "2025-03-01T09:00:00+00:00"
    )
    heropend = api.patch(url, {"status": "te_verwerken"}).json()
    assert heropend["afgehandeldOp"] is None
    eigen = api.patch(url, {"status": "verwerkt", "afgehandeldOp": "2025-02-01T10:00:00Z"})
    assert eigen.json()["afgehandeldOp"] == "2025-02-01T10:00:00+00:00"


def test_an_open_taak_cannot_have_afgehandeld_op(gemeenten):
    g = gemeenten["deventer"]
    api = ki_client(g)
    body = taak(klantcontact(g), afgehandeldOp="2025-02-01T10:00:00Z")
    antwoord = api.post(f"{BASE}/internetaken", body)
    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == "afgehandeldOp"


def test_the_klantcontact_is_required_and_must_exist(gemeenten):
    g = gemeenten["deventer"]
    api = ki_client(g)
    geen = taak(klantcontact(g))
    del geen["aanleidinggevendKlantcontact"]
    antwoord = api.post(f"{BASE}/internetaken", geen)
    assert antwoord.json()["invalidParams"][0] == {
        "name": "aanleidinggevendKlantcontact",
        "code": "required",
        "reason": "Dit veld is vereist.",
    }
    onbekend = {**geen, "aanleidinggevendKlantcontact": {"uuid": str(actor(g).uuid)}}
    fout = api.post(f"{BASE}/internetaken", onbekend).json()["invalidParams"][0]
    assert (fout["name"], fout["code"]) == ("aanleidinggevendKlantcontact.uuid", "does_not_exist")


def test_a_taak_cannot_be_assigned_to_an_actor_of_another_gemeente(gemeenten):
    deventer = ki_client(gemeenten["deventer"])
    contact, vreemd = klantcontact(gemeenten["deventer"]), actor(gemeenten["raalte"])
    antwoord = deventer.post(f"{BASE}/internetaken", taak(contact, vreemd))
    assert antwoord.status_code == 400
    fout = antwoord.json()["invalidParams"][0]
    assert (fout["name"], fout["code"]) == ("toegewezenAanActoren.0.uuid", "does_not_exist")


def test_a_client_of_two_gemeenten_cannot_mix_them_in_one_taak(gemeenten):
    from iwerk.core.api.actor import Actor as Client
    from iwerk.core.api.problems import ValidationFailed
    from iwerk.klantinteracties.models import SCOPES
    from iwerk.klantinteracties.selectors.toegang import Recht, Toegangen
    from iwerk.klantinteracties.services.internetaken import (
        InterneTaakGegevens,
        interne_taak_aanmaken,
    )

    d, r = gemeenten["deventer"], gemeenten["raalte"]
    wie = Toegangen(
        actor=Client("jwt", None, "Beide", False),
        rechten=(Recht(d.pk, frozenset(SCOPES), 7), Recht(r.pk, frozenset(SCOPES), 7)),
    )
    gegevens = InterneTaakGegevens(
        gevraagde_handeling="Bel terug",
        aanleidinggevend_klantcontact=klantcontact(d).uuid,
        actoren=[actor(r).uuid],
    )
    with pytest.raises(ValidationFailed) as fout:
        interne_taak_aanmaken(wie, gegevens)
    assert fout.value.params[0].code == "andere-gemeente"
    assert not InterneTaak.objects.exists()


def test_another_gemeentes_taak_does_not_exist_for_the_caller(gemeenten):
    deventer = ki_client(gemeenten["deventer"])
    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    url = deventer.post(f"{BASE}/internetaken", taak(klantcontact(gemeenten["deventer"]))).json()[
        "url"
    ]
    assert raalte.get(url).status_code == 404
    assert raalte.patch(url, {"toelichting": "x"}).status_code == 404
    assert raalte.delete(url).status_code == 404
    assert raalte.get(f"{BASE}/internetaken").json()["count"] == 0
    vreemd = raalte.post(
        f"{BASE}/internetaken", taak(InterneTaak.objects.get().aanleidinggevend_klantcontact)
    )
    assert vreemd.json()["invalidParams"][0]["code"] == "does_not_exist"


def test_a_taak_of_a_vertrouwelijk_klantcontact_is_invisible_below_its_rank(gemeenten):
    g = gemeenten["deventer"]
    alles = ki_client(g)
    openbaar = ki_client(g, max_vertrouwelijkheidaanduiding="openbaar", label="Portaal")
    geheim = klantcontact(g, vertrouwelijk=True, vertrouwelijkheid_rang=4)
    url = alles.post(f"{BASE}/internetaken", taak(geheim)).json()["url"]

    assert openbaar.get(url).status_code == 404
    assert openbaar.get(f"{BASE}/internetaken").json()["count"] == 0
    assert openbaar.patch(url, {"toelichting": "x"}).status_code == 404
    assert openbaar.post(f"{BASE}/internetaken", taak(geheim)).status_code == 400
    assert alles.get(url).status_code == 200


def test_every_list_filter(gemeenten):
    g = gemeenten["deventer"]
    api = ki_client(g)
    a = klantcontact(g, nummer="0000000007", referentienummer="REF-7")
    b = klantcontact(g)
    jan, piet = actor(g), actor(g, "Piet")
    eerste = api.post(f"{BASE}/internetaken", taak(a, jan, piet, referentienummer="T-1")).json()
    tweede = api.post(f"{BASE}/internetaken", taak(b, piet, status="verwerkt")).json()

    def nummers(**query):
        antwoord = api.get(f"{BASE}/internetaken", query)
        assert antwoord.status_code == 200, antwoord.content
        return {r["nummer"] for r in antwoord.json()["results"]}

    een, twee, beide = {eerste["nummer"]}, {tweede["nummer"]}, {eerste["nummer"], tweede["nummer"]}
    assert nummers(aanleidinggevendKlantcontact__uuid=str(a.uuid)) == een
    assert nummers(aanleidinggevendKlantcontact__url=f"{BASE}/klantcontacten/{b.uuid}") == twee
    assert nummers(klantcontact__uuid=str(b.uuid)) == twee
    assert nummers(klantcontact__nummer="0000000007") == een
    assert nummers(klantcontact__referentienummer="REF-7") == een
    assert nummers(actoren__naam="Jan") == een
    assert nummers(actoren__naam="Piet") == beide  # each taak once, however many match
    assert nummers(nummer=tweede["nummer"]) == twee
    assert nummers(referentienummer="T-1") == een
    assert nummers(status="verwerkt") == twee
    assert nummers(toegewezenAanActor__uuid=str(jan.uuid)) == een
    assert nummers(toegewezenAanActor__url=f"{BASE}/actoren/{piet.uuid}") == beide
    assert api.get(f"{BASE}/internetaken", {"toegewezenAanActor__url": "onzin"}).status_code == 400
    moment = InterneTaak.objects.get(uuid=eerste["uuid"]).toegewezen_op
    assert nummers(toegewezenOp=moment.isoformat()) == een


def test_the_list_costs_the_same_for_one_or_five(gemeenten, django_assert_num_queries):
    g = gemeenten["deventer"]
    api = ki_client(g)
    jan, piet = actor(g), actor(g, "Piet")
    api.post(f"{BASE}/internetaken", taak(klantcontact(g), jan, piet))
    api.get(f"{BASE}/internetaken")  # the token is resolved and cached
    with django_assert_num_queries(3):
        assert api.get(f"{BASE}/internetaken", {"page": 1}).json()["count"] == 1
    for _ in range(4):
        api.post(f"{BASE}/internetaken", taak(klantcontact(g), jan, piet))
    generations.bump(GENERATIE)
    api.get(f"{BASE}/internetaken")
    with django_assert_num_queries(3):
        antwoord = api.get(f"{BASE}/internetaken", {"page": 1}).json()
    assert antwoord["count"] == 5
    assert all(len(r["toegewezenAanActoren"]) == 2 for r in antwoord["results"])
