"""Partijen: polymorphic partijIdentificatie, nested identificatoren, reference lists, numbering,
filters, expand, deletion as the reference implementation does it, and tenancy."""

from datetime import UTC, datetime

import pytest

from iwerk.core.models import AuditTrail
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.models import (
    Betrokkene,
    Categorie,
    CategorieRelatie,
    DigitaalAdres,
    Klantcontact,
    Partij,
    PartijIdentificator,
    Rekeningnummer,
    Vertegenwoordiging,
)

pytestmark = pytest.mark.django_db
PARTIJEN = f"{BASE}/partijen"
# The generations, the page (its count is cached), six relations, the digitale adressen and the
# betrokkenen expanded (with the betrokkenen's own digitale adressen); categorie-relaties come
# from the partij's own relations.
LIJST_QUERIES = 11


def persoon(**extra):
    return {
        "soortPartij": "persoon",
        "indicatieActief": True,
        "partijIdentificatie": {
            "contactnaam": {"voornaam": "Jan", "voorvoegselAchternaam": "de", "achternaam": "Vries"}
        },
        **extra,
    }


def organisatie(naam="Bakkerij De Brink", **extra):
    return {
        "soortPartij": "organisatie",
        "indicatieActief": True,
        "partijIdentificatie": {"naam": naam},
        **extra,
    }


def bsn(nummer="111222333"):
    return {
        "partijIdentificator": {
            "codeObjecttype": "natuurlijk_persoon",
            "codeSoortObjectId": "bsn",
            "objectId": nummer,
            "codeRegister": "brp",
        }
    }


def kvk(nummer="12345678"):
    return {
        "partijIdentificator": {
            "codeObjecttype": "niet_natuurlijk_persoon",
            "codeSoortObjectId": "kvk_nummer",
            "objectId": nummer,
            "codeRegister": "hr",
        }
    }


def fout(antwoord):
    assert antwoord.status_code == 400, antwoord.content
    return {(p["name"], p["code"]) for p in antwoord.json()["invalidParams"]}


@pytest.fixture
def deventer(gemeenten):
    return ki_client(gemeenten["deventer"])


@pytest.fixture
def raalte(gemeenten):
    return ki_client(gemeenten["raalte"], label="Raalte")


def test_a_persoon_is_created_with_its_identificator_and_a_nummer_per_gemeente(deventer, raalte):
    eerste = deventer.post(PARTIJEN, persoon(partijIdentificatoren=[bsn()]))
    assert eerste.status_code == 201, eerste.content
    partij = eerste.json()
    assert partij["nummer"] == "0000000001"
    assert partij["partijIdentificatie"]["volledigeNaam"] == "Jan de Vries"
    (identificator,) = partij["partijIdentificatoren"]
    assert identificator["identificeerdePartij"]["uuid"] == partij["uuid"]
    assert identificator["partijIdentificator"]["objectId"] == "111222333"
    assert deventer.post(PARTIJEN, persoon()).json()["nummer"] == "0000000002"
    # Raalte counts on its own, and the same BSN may be a partij there too.
    assert raalte.post(PARTIJEN, persoon(partijIdentificatoren=[bsn()])).json()["nummer"] == (
        "0000000001"
    )


def test_a_given_nummer_is_unique_in_the_gemeente_and_digits_only(deventer, raalte):
    assert deventer.post(PARTIJEN, persoon(nummer="42")).status_code == 201
    assert fout(deventer.post(PARTIJEN, persoon(nummer="42"))) == {("nummer", "unique")}
    assert fout(deventer.post(PARTIJEN, persoon(nummer="A42"))) == {("nummer", "invalid")}
    assert raalte.post(PARTIJEN, persoon(nummer="42")).status_code == 201


def test_a_contactpersoon_works_for_an_organisatie_only(deventer):
    org = deventer.post(PARTIJEN, organisatie()).json()
    jan = deventer.post(PARTIJEN, persoon()).json()

    def contactpersoon(voor):
        return {
            "soortPartij": "contactpersoon",
            "indicatieActief": True,
            "partijIdentificatie": {
                "werkteVoorPartij": {"uuid": voor},
                "contactnaam": {"voornaam": "Els"},
            },
        }

    goed = deventer.post(PARTIJEN, contactpersoon(org["uuid"]))
    assert goed.status_code == 201, goed.content
    identificatie = goed.json()["partijIdentificatie"]
    assert identificatie["werkteVoorPartij"]["uuid"] == org["uuid"]
    assert identificatie["uuid"]
    assert fout(deventer.post(PARTIJEN, contactpersoon(jan["uuid"]))) == {
        ("partijIdentificatie.werkteVoorPartij", "invalid")
    }


def test_partij_identificatie_is_checked_against_the_schema_of_its_soort(deventer):
    body = organisatie()
    body["partijIdentificatie"] = {"naam": "x" * 201}
    assert fout(deventer.post(PARTIJEN, body)) == {("partijIdentificatie.naam", "max_length")}


def test_digitale_adressen_and_rekeningnummers_are_linked_and_the_voorkeur_must_be_own(
    deventer, gemeenten
):
    gemeente = gemeenten["deventer"]
    mail = DigitaalAdres.objects.create(
        tenant=gemeente, adres="a@b.nl", soort_digitaal_adres="email"
    )
    tel = DigitaalAdres.objects.create(
        tenant=gemeente, adres="0612345678", soort_digitaal_adres="telefoonnummer"
    )
    rekening = Rekeningnummer.objects.create(tenant=gemeente, iban="NL91ABNA0417164300")
    niet_eigen = fout(
        deventer.post(
            PARTIJEN,
            persoon(
                digitaleAdressen=[{"uuid": str(mail.uuid)}],
                voorkeursDigitaalAdres={"uuid": str(tel.uuid)},
            ),
        )
    )
    assert niet_eigen == {("voorkeursDigitaalAdres", "invalid")}
    assert fout(
        deventer.post(PARTIJEN, persoon(voorkeursRekeningnummer={"uuid": str(rekening.uuid)}))
    ) == {("voorkeursRekeningnummer", "invalid")}

    partij = deventer.post(
        PARTIJEN,
        persoon(
            digitaleAdressen=[{"uuid": str(mail.uuid)}, {"uuid": str(tel.uuid)}],
            voorkeursDigitaalAdres={"uuid": str(tel.uuid)},
            rekeningnummers=[{"uuid": str(rekening.uuid)}],
            voorkeursRekeningnummer={"uuid": str(rekening.uuid)},
        ),
    ).json()
    assert [a["uuid"] for a in partij["digitaleAdressen"]] == [str(mail.uuid), str(tel.uuid)]
    assert partij["voorkeursRekeningnummer"]["uuid"] == str(rekening.uuid)
    # Leaving tel out unlinks it; it can then no longer be the voorkeur.
    patch = {"digitaleAdressen": [{"uuid": str(mail.uuid)}]}
    assert fout(deventer.patch(partij["url"], patch)) == {("voorkeursDigitaalAdres", "invalid")}
    bijgewerkt = deventer.patch(partij["url"], {**patch, "voorkeursDigitaalAdres": None})
    assert bijgewerkt.status_code == 200, bijgewerkt.content
    assert [a["uuid"] for a in bijgewerkt.json()["digitaleAdressen"]] == [str(mail.uuid)]
    tel.refresh_from_db()
    assert tel.verstrekt_door_partij is None


def test_put_replaces_the_identificatoren_in_one_transaction(deventer):
    partij = deventer.post(PARTIJEN, organisatie(partijIdentificatoren=[kvk()])).json()
    (oud,) = partij["partijIdentificatoren"]
    rsin = {
        "partijIdentificator": {
            "codeObjecttype": "niet_natuurlijk_persoon",
            "codeSoortObjectId": "rsin",
            "objectId": "001902763",
            "codeRegister": "hr",
        }
    }
    gewijzigd = {**oud, "anderePartijIdentificator": "KvK"}
    antwoord = deventer.put(partij["url"], {**partij, "partijIdentificatoren": [gewijzigd, rsin]})
    assert antwoord.status_code == 200, antwoord.content
    nieuw = antwoord.json()["partijIdentificatoren"]
    assert [i["uuid"] == oud["uuid"] for i in nieuw] == [True, False]
    assert nieuw[0]["anderePartijIdentificator"] == "KvK"

    # A broken item leaves everything as it was (one transaction).
    fouten = fout(
        deventer.put(partij["url"], {**partij, "partijIdentificatoren": [bsn("123456789")]})
    )
    assert ("partijIdentificatoren.0.partijIdentificator.codeObjecttype", "invalid") not in fouten
    assert (
        PartijIdentificator.objects.filter(identificeerde_partij__uuid=partij["uuid"]).count() == 2
    )

    alleen_rsin = deventer.put(
        partij["url"], {**partij, "partijIdentificatoren": [rsin | {"uuid": nieuw[1]["uuid"]}]}
    )
    assert [i["uuid"] for i in alleen_rsin.json()["partijIdentificatoren"]] == [nieuw[1]["uuid"]]
    assert not PartijIdentificator.objects.filter(uuid=oud["uuid"]).exists()


def test_nested_identificatoren_follow_the_references_rules(deventer):
    eerste = deventer.post(PARTIJEN, persoon()).json()
    body = persoon(
        partijIdentificatoren=[{**bsn(), "identificeerdePartij": {"uuid": eerste["uuid"]}}]
    )
    assert fout(deventer.post(PARTIJEN, body)) == {
        ("partijIdentificatoren.0.identificeerdePartij", "invalid")
    }
    dubbel = persoon(partijIdentificatoren=[bsn(), bsn()])
    assert fout(deventer.post(PARTIJEN, dubbel)) == {
        ("partijIdentificatoren.1.nonFieldErrors", "unique")
    }
    assert Partij.objects.count() == 1  # the refused partij was not kept


def _klantcontact(gemeente, **extra):
    return Klantcontact.objects.create(
        tenant=gemeente,
        kanaal="telefoon",
        onderwerp="Afval",
        taal="nld",
        plaatsgevonden_op=datetime(2026, 1, 5, 10, tzinfo=UTC),
        **extra,
    )


def test_deleting_a_partij_removes_what_the_reference_cascades_to(deventer, gemeenten):
    gemeente = gemeenten["deventer"]
    org = deventer.post(PARTIJEN, organisatie(partijIdentificatoren=[kvk()])).json()
    partij = Partij.objects.get(uuid=org["uuid"])
    contactpersoon = deventer.post(
        PARTIJEN,
        {
            "soortPartij": "contactpersoon",
            "indicatieActief": True,
            "partijIdentificatie": {"werkteVoorPartij": {"uuid": org["uuid"]}},
        },
    ).json()
    DigitaalAdres.objects.create(
        tenant=gemeente, adres="a@b.nl", soort_digitaal_adres="email", verstrekt_door_partij=partij
    )
    Rekeningnummer.objects.create(tenant=gemeente, iban="NL91ABNA0417164300", partij=partij)
    betrokkene = Betrokkene.objects.create(
        tenant=gemeente,
        was_partij=partij,
        had_klantcontact=_klantcontact(gemeente),
        rol="klant",
        initiator=True,
    )
    DigitaalAdres.objects.create(
        tenant=gemeente,
        adres="c@d.nl",
        soort_digitaal_adres="email",
        verstrekt_door_betrokkene=betrokkene,
    )
    CategorieRelatie.objects.create(
        tenant=gemeente,
        partij=partij,
        categorie=Categorie.objects.create(tenant=gemeente, naam="MKB"),
    )
    Vertegenwoordiging.objects.create(
        tenant=gemeente,
        vertegenwoordigende_partij=Partij.objects.get(uuid=contactpersoon["uuid"]),
        vertegenwoordigde_partij=partij,
    )
    AuditTrail.objects.all().delete()

    assert deventer.delete(org["url"]).status_code == 204

    assert not Partij.objects.filter(uuid=org["uuid"]).exists()
    for model in (PartijIdentificator, Rekeningnummer, CategorieRelatie, Vertegenwoordiging):
        assert not model.objects.exists(), model
    # The contact history stays (ADR 0052): the betrokkene and the address it gave, without
    # the partij.
    betrokkene.refresh_from_db()
    assert betrokkene.was_partij is None
    assert list(DigitaalAdres.objects.values_list("adres", flat=True)) == ["c@d.nl"]
    verwijderd = AuditTrail.objects.filter(actie="destroy").values_list("resource", flat=True)
    assert sorted(verwijderd) == sorted(
        [
            "partijidentificator",
            "digitaaladres",
            "rekeningnummer",
            "categorierelatie",
            "vertegenwoordigden",
            "partij",
        ]
    )
    assert AuditTrail.objects.filter(actie="update", resource="betrokkene").count() == 1
    # The contactpersoon stays, without the organisatie it worked for (recorded).
    blijft = deventer.get(contactpersoon["url"]).json()
    assert blijft["partijIdentificatie"]["werkteVoorPartij"] is None
    assert AuditTrail.objects.filter(actie="update", resource="partij").count() == 1


def test_a_partij_whose_kvk_nummer_another_partijs_vestiging_is_under_cannot_be_deleted(deventer):
    org = deventer.post(PARTIJEN, organisatie(partijIdentificatoren=[kvk()])).json()
    vestiging = deventer.post(
        PARTIJEN,
        organisatie(
            "Filiaal",
            partijIdentificatoren=[
                {
                    "partijIdentificator": {
                        "codeObjecttype": "vestiging",
                        "codeSoortObjectId": "vestigingsnummer",
                        "objectId": "000012345678",
                        "codeRegister": "hr",
                    },
                    "subIdentificatorVan": {"uuid": org["partijIdentificatoren"][0]["uuid"]},
                }
            ],
        ),
    )
    assert vestiging.status_code == 201, vestiging.content
    assert fout(deventer.delete(org["url"])) == {("partijIdentificatoren", "protected")}
    assert deventer.get(org["url"]).status_code == 200


def test_every_list_filter_of_partijen(deventer, gemeenten):
    gemeente = gemeenten["deventer"]
    adres = {
        "nummeraanduidingId": "0150200000012345",
        "adresregel1": "Brink 1",
        "adresregel2": "Deventer",
        "adresregel3": "NL",
        "land": "NL",
    }
    org = deventer.post(
        PARTIJEN,
        organisatie(
            partijIdentificatoren=[kvk()],
            nummer="7",
            indicatieGeheimhouding=True,
            bezoekadres=adres,
            correspondentieadres=adres,
        ),
    ).json()
    vestiging = deventer.post(
        PARTIJEN,
        organisatie(
            "Filiaal",
            indicatieActief=False,
            partijIdentificatoren=[
                {
                    "partijIdentificator": {
                        "codeObjecttype": "vestiging",
                        "codeSoortObjectId": "vestigingsnummer",
                        "objectId": "000012345678",
                        "codeRegister": "hr",
                    },
                    "subIdentificatorVan": {"uuid": org["partijIdentificatoren"][0]["uuid"]},
                }
            ],
        ),
    ).json()
    jan = deventer.post(PARTIJEN, persoon(partijIdentificatoren=[bsn()])).json()
    CategorieRelatie.objects.create(
        tenant=gemeente,
        partij=Partij.objects.get(uuid=jan["uuid"]),
        categorie=Categorie.objects.create(tenant=gemeente, naam="Inwoner"),
    )
    Vertegenwoordiging.objects.create(
        tenant=gemeente,
        vertegenwoordigende_partij=Partij.objects.get(uuid=jan["uuid"]),
        vertegenwoordigde_partij=Partij.objects.get(uuid=org["uuid"]),
    )

    def gevonden(**params):
        antwoord = deventer.get(PARTIJEN, params)
        assert antwoord.status_code == 200, antwoord.content
        return {p["uuid"] for p in antwoord.json()["results"]}

    alleen_org = {org["uuid"]}
    for groep in ("bezoekadres", "correspondentieadres"):
        assert gevonden(**{f"{groep}NummeraanduidingId": "0150200000012345"}) == alleen_org
        assert gevonden(**{f"{groep}Adresregel1": "Brink 1"}) == alleen_org
        assert gevonden(**{f"{groep}Adresregel2": "Deventer"}) == alleen_org
        assert gevonden(**{f"{groep}Adresregel3": "NL"}) == alleen_org
        assert gevonden(**{f"{groep}Land": "NL"}) == alleen_org
    assert gevonden(categorierelatie__categorie__naam="Inwoner,Ander") == {jan["uuid"]}
    assert gevonden(indicatieActief="false") == {vestiging["uuid"]}
    assert gevonden(indicatieGeheimhouding="true") == alleen_org
    assert gevonden(nummer="7") == alleen_org
    assert gevonden(soortPartij="persoon") == {jan["uuid"]}
    assert gevonden(partijIdentificator__codeObjecttype="natuurlijk_persoon") == {jan["uuid"]}
    assert gevonden(partijIdentificator__codeRegister="brp") == {jan["uuid"]}
    assert gevonden(partijIdentificator__codeSoortObjectId="kvk_nummer") == alleen_org
    assert gevonden(partijIdentificator__objectId="111222333") == {jan["uuid"]}
    sub = {
        "subIdentificatorVan__codeObjecttype": "niet_natuurlijk_persoon",
        "subIdentificatorVan__codeRegister": "hr",
        "subIdentificatorVan__codeSoortObjectId": "kvk_nummer",
        "subIdentificatorVan__objectId": "12345678",
        "partijIdentificator__objectId": "000012345678",
    }
    assert gevonden(**sub) == {vestiging["uuid"]}
    assert gevonden(vertegenwoordigdePartij__uuid=jan["uuid"]) == alleen_org
    assert gevonden(vertegenwoordigdePartij__url=jan["url"]) == alleen_org
    assert gevonden(vertegenwoordigdePartij__url="http://elders.nl/x") == set()
    assert fout(deventer.get(PARTIJEN, {"expand": "onzin"})) == {("expand.0", "invalid_choice")}


def test_expand_embeds_adressen_betrokkenen_with_klantcontact_and_categorie_relaties(
    deventer, gemeenten
):
    gemeente = gemeenten["deventer"]
    jan = deventer.post(PARTIJEN, persoon()).json()
    partij = Partij.objects.get(uuid=jan["uuid"])
    adres = DigitaalAdres.objects.create(
        tenant=gemeente, adres="a@b.nl", soort_digitaal_adres="email", verstrekt_door_partij=partij
    )
    contact = _klantcontact(gemeente)
    betrokkene = Betrokkene.objects.create(
        tenant=gemeente, was_partij=partij, had_klantcontact=contact, rol="klant", initiator=True
    )
    # A betrokkene of a klantcontact above the caller's vertrouwelijkheid does not exist for it.
    Betrokkene.objects.create(
        tenant=gemeente,
        was_partij=partij,
        had_klantcontact=_klantcontact(gemeente, vertrouwelijk=True, vertrouwelijkheid_rang=5),
        rol="klant",
        initiator=True,
    )
    relatie = CategorieRelatie.objects.create(
        tenant=gemeente,
        partij=partij,
        categorie=Categorie.objects.create(tenant=gemeente, naam="MKB"),
    )
    openbaar = ki_client(gemeente, max_vertrouwelijkheidaanduiding="openbaar", label="Balie")
    antwoord = openbaar.get(
        jan["url"], {"expand": "digitaleAdressen,betrokkenen.hadKlantcontact,categorieRelaties"}
    )
    assert antwoord.status_code == 200, antwoord.content
    expand = antwoord.json()["_expand"]
    assert [a["adres"] for a in expand["digitaleAdressen"]] == [adres.adres]
    assert [b["uuid"] for b in expand["betrokkenen"]] == [str(betrokkene.uuid)]
    assert expand["betrokkenen"][0]["_expand"]["hadKlantcontact"]["uuid"] == str(contact.uuid)
    assert [r["uuid"] for r in expand["categorieRelaties"]] == [str(relatie.uuid)]
    assert expand["categorieRelaties"][0]["categorie"]["naam"] == "MKB"


def test_a_list_of_five_partijen_costs_as_many_queries_as_a_list_of_one(
    deventer, gemeenten, django_assert_num_queries
):
    gemeente = gemeenten["deventer"]
    params = {"expand": "digitaleAdressen,betrokkenen,categorieRelaties"}
    categorie = Categorie.objects.create(tenant=gemeente, naam="MKB")

    def maak(i):
        rekening = Rekeningnummer.objects.create(tenant=gemeente, iban="NL91ABNA0417164300")
        adres = DigitaalAdres.objects.create(
            tenant=gemeente, adres=f"{i}@b.nl", soort_digitaal_adres="email"
        )
        partij = deventer.post(
            PARTIJEN,
            persoon(
                partijIdentificatoren=[
                    bsn(["111222333", "123456782", "100000009", "999999990", "111111110"][i])
                ],
                digitaleAdressen=[{"uuid": str(adres.uuid)}],
                voorkeursDigitaalAdres={"uuid": str(adres.uuid)},
                rekeningnummers=[{"uuid": str(rekening.uuid)}],
                bezoekadres={"adresregel1": "Brink 1", "land": "NL"},
            ),
        )
        assert partij.status_code == 201, partij.content
        obj = Partij.objects.get(uuid=partij.json()["uuid"])
        Betrokkene.objects.create(
            tenant=gemeente,
            was_partij=obj,
            had_klantcontact=_klantcontact(gemeente),
            rol="klant",
            initiator=True,
        )
        CategorieRelatie.objects.create(tenant=gemeente, partij=obj, categorie=categorie)

    maak(0)
    deventer.get(PARTIJEN, params)  # the token is cached from here on
    with django_assert_num_queries(LIJST_QUERIES):
        assert deventer.get(PARTIJEN, params).json()["count"] == 1
    for i in range(1, 5):
        maak(i)
    deventer.get(PARTIJEN, params)
    with django_assert_num_queries(LIJST_QUERIES):
        antwoord = deventer.get(PARTIJEN, params)
    assert antwoord.json()["count"] == 5


def test_another_gemeentes_partij_does_not_exist_for_the_caller(deventer, raalte):
    partij = deventer.post(PARTIJEN, persoon(partijIdentificatoren=[bsn()])).json()
    assert raalte.get(partij["url"]).status_code == 404
    assert raalte.get(PARTIJEN).json()["count"] == 0
    assert raalte.patch(partij["url"], {"interneNotitie": "x"}).status_code == 404
    assert raalte.put(partij["url"], persoon()).status_code == 404
    assert raalte.delete(partij["url"]).status_code == 404
    identificator = partij["partijIdentificatoren"][0]["uuid"]
    verwijzing = persoon(partijIdentificatoren=[{**bsn("123456782"), "uuid": identificator}])
    assert fout(raalte.post(PARTIJEN, verwijzing)) == {
        ("partijIdentificatoren.0.uuid", "does_not_exist")
    }
    contactpersoon = {
        "soortPartij": "contactpersoon",
        "indicatieActief": True,
        "partijIdentificatie": {"werkteVoorPartij": {"uuid": partij["uuid"]}},
    }
    assert fout(raalte.post(PARTIJEN, contactpersoon)) == {
        ("partijIdentificatie.werkteVoorPartij", "does_not_exist")
    }


def test_a_partijs_betrokkenen_list_leaves_out_those_of_contacts_above_the_callers_level(
    gemeenten,
):
    from iwerk.core.testing.klantinteracties import ki_client

    gemeente = gemeenten["deventer"]
    openbaar = ki_client(gemeente, max_vertrouwelijkheidaanduiding="openbaar", label="Openbaar")
    partij = Partij.objects.create(tenant=gemeente, soort_partij="persoon", nummer="1")
    gewoon = _klantcontact(gemeente)
    geheim = _klantcontact(gemeente)
    geheim.vertrouwelijkheid_rang = 3
    geheim.save()
    zichtbaar = Betrokkene.objects.create(
        tenant=gemeente, was_partij=partij, had_klantcontact=gewoon, rol="klant", initiator=True
    )
    Betrokkene.objects.create(
        tenant=gemeente, was_partij=partij, had_klantcontact=geheim, rol="klant", initiator=True
    )

    data = openbaar.get(f"{PARTIJEN}/{partij.uuid}").json()

    assert [b["uuid"] for b in data["betrokkenen"]] == [str(zichtbaar.uuid)]
