"""Every person of the BRP double answers by the OAS of BRP API Personen 2.7.0.

The official test set holds some persons on purpose outside what the OAS's patterns allow (to see
how a consumer copes); the double passes their values on as the data has them, as the API does.
Those are named here, so that any other violation fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from iwerk.core.testing.registerdubbels import (
    _bladeren,
    _validator,
    valideer_brp_antwoord,
    valideer_brp_verzoek,
)
from iwerk.dubbels import brp_omzetten, brp_velden
from iwerk.dubbels.tests.vragen import raadpleeg

DATA = Path(__file__).resolve().parents[1] / "data"
# Official test persons whose own values break an OAS pattern or length (and what is derived from
# them: voorletters, volledigeNaam, aanhef).
AFWIJKEND = {
    "999990524": "voornamen 'Rente @ 100%', geslachtsnaam with quotes",
    "999990743": "a parent's voornamen in characters outside Latin-1 and '?'",
    "999990913": "voornamen with '@', over 40 voorletters",
    "999991000": "26 voornamen: voorletters over 40 characters",
    "999991139": "geslachtsnaam over 200 characters with commas",
    "999991449": "geslachtsnaam '<Onbekend> & </Onbemind>'",
    "999991462": "nummeraanduidingIdentificatie with a leading space",
    "999992181": "adresseerbaarObjectIdentificatie with a leading space",
    "999993720": "adresseerbaarObjectIdentificatie with a leading space",
    "999994128": "voornamen in characters outside Latin-1 and '?'",
    "999994402": "a parent's voornamen with '?'",
}
ALLE_VELDEN = sorted(
    {p.split(".")[0] for p in brp_velden.veldpaden("RaadpleegMetBurgerservicenummer")}
)


def _teksten(waarde, uit: set[str]) -> set[str]:
    if isinstance(waarde, dict):
        for sub in waarde.values():
            _teksten(sub, uit)
    elif isinstance(waarde, list):
        for sub in waarde:
            _teksten(sub, uit)
    elif isinstance(waarde, str):
        uit.add(waarde)
    return uit


def _personen(bestand: str) -> list[dict]:
    inhoud = json.loads((DATA / bestand).read_text(encoding="utf-8"))
    return inhoud["personen"] if isinstance(inhoud, dict) else inhoud


def test_every_official_person_answers_by_the_oas_but_the_known_oddities(registerdubbels):
    officieel = {p["burgerservicenummer"]: p for p in _personen("brp-test-data.json")}
    assert len(officieel) == 1176
    validator = _validator("brp", "#/components/schemas/PersonenQueryResponse")
    afwijkend = set()
    bsns = sorted(officieel)
    for begin in range(0, len(bsns), 20):
        body = raadpleeg(*bsns[begin : begin + 20], fields=ALLE_VELDEN)
        valideer_brp_verzoek(body)
        antwoord = requests.post(registerdubbels.brp_url + "/personen", json=body, timeout=10)
        assert antwoord.status_code == 200
        for persoon in antwoord.json()["personen"]:
            bron = _teksten(officieel[persoon["burgerservicenummer"]], set())
            enkel = {"type": "RaadpleegMetBurgerservicenummer", "personen": [persoon]}
            for fout in (b for f in validator.iter_errors(enkel) for b in _bladeren(f)):
                # The OAS's pattern for Waardetabel.omschrijving leaves out characters RvIG's own
                # tables use ("geslachtsnaam echtgenoot/geregistreerd partner", "ouder1 + ouder2
                # hebben het gezag"): such a value is passed on as the data has it.
                if fout.instance_path[-1] == "omschrijving" and fout.instance in bron:
                    continue
                afwijkend.add(persoon["burgerservicenummer"])
    assert afwijkend == set(AFWIJKEND)


def test_every_demo_person_answers_fully_by_the_oas(vraag):
    demo = [p["burgerservicenummer"] for p in _personen("iwerk-demo-personen.json")]

    antwoord = vraag.brp(raadpleeg(*demo, fields=ALLE_VELDEN))

    assert [p["burgerservicenummer"] for p in antwoord.json()["personen"]] == demo


def test_demo_persons_are_not_official_test_persons_and_pass_the_elfproef():
    officieel = {p["burgerservicenummer"] for p in _personen("brp-test-data.json")}
    for persoon in _personen("iwerk-demo-personen.json"):
        bsn = persoon["burgerservicenummer"]
        assert bsn not in officieel
        assert (
            sum(int(c) * w for c, w in zip(bsn, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True)) % 11
            == 0
        )


@pytest.mark.parametrize(
    "waarde, datum",
    [
        ("19841002", {"type": "Datum", "datum": "1984-10-02", "langFormaat": "2 oktober 1984"}),
        (
            "19840900",
            {"type": "JaarMaandDatum", "jaar": 1984, "maand": 9, "langFormaat": "september 1984"},
        ),
        ("19840000", {"type": "JaarDatum", "jaar": 1984, "langFormaat": "1984"}),
        ("00000000", {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}),
    ],
)
def test_gba_dates_become_the_apis_date_types(waarde, datum):
    assert brp_omzetten.datum(waarde) == datum


def test_tweehoofdig_gezag_of_the_mock_is_gezamenlijk_ouderlijk_gezag_with_names(vraag):
    persoon = next(
        p
        for p in _personen("brp-test-data.json")
        if [g["type"] for g in p["gezag"]] == ["TweehoofdigOuderlijkGezag"]
    )

    (antwoord,) = vraag.brp(raadpleeg(persoon["burgerservicenummer"], fields=["gezag"])).json()[
        "personen"
    ]

    (relatie,) = antwoord["gezag"]
    assert relatie["type"] == "GezamenlijkOuderlijkGezag"
    assert len(relatie["ouders"]) == 2
    assert all(o["naam"]["volledigeNaam"] for o in relatie["ouders"])


def test_field_paths_are_read_from_the_oas():
    raadplegen = brp_velden.veldpaden("RaadpleegMetBurgerservicenummer")
    zoeken = brp_velden.veldpaden("ZoekMetPostcodeEnHuisnummer")

    assert {
        "naam.voorletters",
        "verblijfplaats.verblijfadres.postcode",
        "gezag.ouders.naam",
    } <= raadplegen
    assert "verblijfplaats.verblijfadres.regel1" in raadplegen  # VerblijfplaatsBuitenland
    assert not {"rni", "verificatie", "naam.inOnderzoek"} & raadplegen
    assert "geboorte.datum" in zoeken
    assert not {"geboorte.plaats", "verblijfplaats", "gemeenteVanInschrijving"} & zoeken
    assert "gezag" in brp_velden.veldpaden("ZoekMetAdresseerbaarObjectIdentificatie")


def test_the_validator_holds_the_discriminator():
    goed = {
        "type": "RaadpleegMetBurgerservicenummer",
        "personen": [
            {
                "gezag": [
                    {
                        "type": "EenhoofdigOuderlijkGezag",
                        "minderjarige": {"burgerservicenummer": "999990251"},
                        "ouder": {"naam": {}},
                    }
                ]
            }
        ],
    }
    valideer_brp_antwoord(200, goed)

    fout = json.loads(json.dumps(goed))
    fout["personen"][0]["gezag"][0]["type"] = "TweehoofdigOuderlijkGezag"
    with pytest.raises(AssertionError):
        valideer_brp_antwoord(200, fout)
    zonder_naam = json.loads(json.dumps(goed))
    del zonder_naam["personen"][0]["gezag"][0]["ouder"]["naam"]
    with pytest.raises(AssertionError, match="naam"):
        valideer_brp_antwoord(200, zonder_naam)
