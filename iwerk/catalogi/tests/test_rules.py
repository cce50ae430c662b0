"""One named test per Catalogi rule of the ZGW rules digest (section C) and ztc-0xx."""

from datetime import date

import pytest

from iwerk.catalogi.models import ResultaatType, StatusType
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client

pytestmark = pytest.mark.django_db
BASE = "http://testserver/catalogi/api/v1"
REF = build.REF
RESULTAAT_OF_PROCESTYPE_1 = (
    f"{REF}/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f"  # vernietigen, P10Y, nihil
)
OMSCHRIJVING = f"{REF}/resultaattypeomschrijvingen/fb65d251-1518-4185-865f-b8bdcfad07b1"


def codes(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    return {p["name"]: p["code"] for p in response.json()["invalidParams"]}


@pytest.fixture
def writer(tenant):
    return register_client(
        "schrijver",
        gemeenten=[tenant],
        autorisaties=[{"component": "ztc", "scopes": ["catalogi.lezen", "catalogi.schrijven"]}],
    )


@pytest.fixture
def corrector(tenant):
    return register_client(
        "corrector",
        gemeenten=[tenant],
        autorisaties=[
            {
                "component": "ztc",
                "scopes": [
                    "catalogi.lezen",
                    "catalogi.schrijven",
                    "catalogi.geforceerd-schrijven",
                    "catalogi.geforceerd-verwijderen",
                ],
            }
        ],
    )


def resultaattype_body(zaaktype, **overrides):
    body = {
        "zaaktype": f"{BASE}/zaaktypen/{zaaktype.uuid}",
        "omschrijving": "Toegekend",
        "resultaattypeomschrijving": OMSCHRIJVING,
        "selectielijstklasse": RESULTAAT_OF_PROCESTYPE_1,
    }
    body.update(overrides)
    return body


# C1 concept / publish
def test_c1_created_types_are_concepts_until_published(writer, catalogus):
    zt = build.complete_zaaktype(catalogus)
    assert writer.get(f"{BASE}/zaaktypen/{zt.uuid}").json()["concept"] is True
    assert writer.post(f"{BASE}/zaaktypen/{zt.uuid}/publish").json()["concept"] is False


# C2 ztc-009
def test_c2_published_type_cannot_be_deleted_without_forced_scope(writer, corrector, catalogus):
    zt = build.zaaktype(catalogus, concept=False)
    assert codes(writer.delete(f"{BASE}/zaaktypen/{zt.uuid}")) == {
        "nonFieldErrors": "non-concept-object"
    }
    assert corrector.delete(f"{BASE}/zaaktypen/{zt.uuid}").status_code == 200


def test_c2_correctie_with_geforceerd_schrijven(corrector, catalogus):
    zt = build.zaaktype(catalogus, concept=False)
    response = corrector.patch(f"{BASE}/zaaktypen/{zt.uuid}", {"trefwoorden": ["correctie"]})
    assert response.status_code == 200
    assert response.json()["trefwoorden"] == ["correctie"]


# C3 ztc-010
def test_c3_children_of_published_zaaktype_are_frozen(writer, corrector, catalogus):
    zt = build.zaaktype(catalogus, concept=False)
    body = {"zaaktype": f"{BASE}/zaaktypen/{zt.uuid}", "omschrijving": "Extra", "volgnummer": 3}
    assert codes(writer.post(f"{BASE}/statustypen", body)) == {
        "nonFieldErrors": "non-concept-zaaktype"
    }
    assert corrector.post(f"{BASE}/statustypen", body).status_code == 201  # correctie: additive


def test_c3_ziot_frozen_only_when_both_sides_published(writer, catalogus):
    concept_iot = build.informatieobjecttype(catalogus, "Concept", concept=True)
    published_iot = build.informatieobjecttype(catalogus, "Definitief", concept=False)
    zt = build.zaaktype(catalogus, concept=False)
    url = f"{BASE}/zaaktype-informatieobjecttypen"
    zt_url = f"{BASE}/zaaktypen/{zt.uuid}"
    ok = writer.post(
        url,
        {
            "zaaktype": zt_url,
            "informatieobjecttype": concept_iot.omschrijving,
            "volgnummer": 1,
            "richting": "inkomend",
        },
    )
    assert ok.status_code == 201, ok.content
    blocked = writer.post(
        url,
        {
            "zaaktype": zt_url,
            "informatieobjecttype": f"{BASE}/informatieobjecttypen/{published_iot.uuid}",
            "volgnummer": 2,
            "richting": "inkomend",
        },
    )
    assert codes(blocked) == {"nonFieldErrors": "non-concept-relation"}


# C4 publish preconditions (ztc-012): published relations, nothing more
def test_ztc_012_publish_requires_published_besluittypen_and_informatieobjecttypen(
    writer, catalogus
):
    build.besluittype(catalogus, "Beschikking", concept=True)
    build.informatieobjecttype(catalogus, "Aanvraag", concept=True)
    zt = build.complete_zaaktype(catalogus, besluittype_omschrijvingen=["Beschikking"])
    build.ziot(zt, "Aanvraag")
    assert codes(writer.post(f"{BASE}/zaaktypen/{zt.uuid}/publish")) == {
        "besluittypen": "concept-relation",
        "informatieobjecttypen": "concept-relation",
    }
    zt.refresh_from_db()
    assert zt.concept is True


def test_ztc_012_an_incomplete_zaaktype_publishes_with_warnings_for_beheer(writer, catalogus):
    """Completeness (statustypen, resultaattype, roltype) is beheer guidance, not a refusal."""
    from iwerk.catalogi.selectors import zaaktype_waarschuwingen

    zt = build.zaaktype(catalogus, concept=True)
    response = writer.post(f"{BASE}/zaaktypen/{zt.uuid}/publish")
    assert response.status_code == 200, response.content
    assert response.json()["concept"] is False
    assert [w.code for w in zaaktype_waarschuwingen(zt)] == [
        "missing-statustypen",
        "missing-resultaattypen",
        "missing-roltypen",
    ]
    assert zaaktype_waarschuwingen(build.complete_zaaktype(catalogus, identificatie="ZT-2")) == []


def test_ztc_012_besluittype_publishes_before_its_informatieobjecttypen(writer, catalogus):
    """Publishing a besluittype has no precondition in the standard."""
    iot = build.informatieobjecttype(catalogus, "Besluitbrief", concept=True)
    bt = build.besluittype(catalogus, "Beschikking", concept=True, iots=["Besluitbrief"])
    response = writer.post(f"{BASE}/besluittypen/{bt.uuid}/publish")
    assert response.status_code == 200, response.content
    assert response.json()["concept"] is False
    response = writer.post(f"{BASE}/informatieobjecttypen/{iot.uuid}/publish")
    assert response.status_code == 200, response.content


# C5 same catalogus
def test_c5_relations_stay_within_one_catalogus(superuser_client, catalogus, other_catalogus):
    from iwerk.catalogi.tests.test_api_zaaktypen import zaaktype_body

    foreign_bt = build.besluittype(other_catalogus, "Vreemd")
    body = zaaktype_body(catalogus, besluittypen=[f"{BASE}/besluittypen/{foreign_bt.uuid}"])
    assert codes(superuser_client.post(f"{BASE}/zaaktypen", body)) == {
        "besluittypen.0": "relations-incorrect-catalogus"
    }


# C6 ztc-016 and versions by geldigheid
def test_c6_published_versions_may_not_overlap(writer, catalogus):
    build.zaaktype(catalogus, identificatie="WMO", concept=False, begin=date(2024, 1, 1))
    new = build.complete_zaaktype(catalogus, identificatie="WMO", begin=date(2025, 1, 1))
    assert codes(writer.post(f"{BASE}/zaaktypen/{new.uuid}/publish")) == {
        "beginGeldigheid": "overlap"
    }


def test_c6_new_version_publishes_after_closing_the_old_one(writer, catalogus):
    old = build.zaaktype(catalogus, identificatie="WMO", concept=False, begin=date(2024, 1, 1))
    new = build.complete_zaaktype(catalogus, identificatie="WMO", begin=date(2025, 1, 1))
    assert (
        writer.patch(f"{BASE}/zaaktypen/{old.uuid}", {"eindeGeldigheid": "2024-12-31"}).status_code
        == 200
    )
    assert writer.post(f"{BASE}/zaaktypen/{new.uuid}/publish").status_code == 200
    on_2024 = writer.get(
        f"{BASE}/zaaktypen", {"identificatie": "WMO", "datumGeldigheid": "2024-06-01"}
    ).json()
    assert [z["url"] for z in on_2024["results"]] == [f"{BASE}/zaaktypen/{old.uuid}"]


def test_c6_child_begin_geldigheid_must_match_zaaktype(writer, catalogus):
    zt = build.zaaktype(catalogus, concept=True)
    body = {
        "zaaktype": f"{BASE}/zaaktypen/{zt.uuid}",
        "omschrijving": "Aanvrager",
        "omschrijvingGeneriek": "initiator",
        "beginGeldigheid": "2020-01-01",
    }
    assert codes(writer.post(f"{BASE}/roltypen", body)) == {"beginGeldigheid": "invalid"}


# C7 lists default to definitief (also in test_api_zaaktypen)
def test_c7_child_lists_follow_the_zaaktype_concept_flag(writer, catalogus):
    concept = build.complete_zaaktype(catalogus, identificatie="C")
    assert writer.get(f"{BASE}/statustypen").json()["count"] == 0
    assert (
        writer.get(f"{BASE}/statustypen", {"status": "concept"}).json()["count"]
        == concept.statustypen.count()
    )


# C8 ztc-001 / ztc-002
def test_c8_selectielijst_procestype_must_exist(superuser_client, catalogus):
    from iwerk.catalogi.tests.test_api_zaaktypen import zaaktype_body

    body = zaaktype_body(
        catalogus, selectielijstProcestype=f"{REF}/procestypen/00000000-0000-0000-0000-000000000000"
    )
    assert codes(superuser_client.post(f"{BASE}/zaaktypen", body)) == {
        "selectielijstProcestype": "invalid-resource"
    }


def test_c8_public_selectielijst_urls_resolve_locally(superuser_client, catalogus):
    from iwerk.catalogi.tests.test_api_zaaktypen import zaaktype_body

    url = f"https://selectielijst.openzaak.nl/api/v1/procestypen/{build.PROCESTYPE_UUID}"
    assert (
        superuser_client.post(
            f"{BASE}/zaaktypen", zaaktype_body(catalogus, selectielijstProcestype=url)
        ).status_code
        == 201
    )


def test_c8_selectielijstklasse_must_match_procestype(writer, catalogus):
    # Procestype 2 ("Beleid en regelgeving opstellen"), so resultaat of procestype 1 does not fit.
    from iwerk.referentielijsten import selectors as rl

    zt = build.zaaktype(
        catalogus,
        concept=True,
        selectielijst_procestype=f"{REF}/procestypen/{rl.procestype_by_pk()[2].uuid}",
    )
    assert codes(writer.post(f"{BASE}/resultaattypen", resultaattype_body(zt))) == {
        "selectielijstklasse": "procestype-mismatch"
    }


def test_c8_archiving_derived_from_selectielijst(writer, catalogus):
    zt = build.zaaktype(
        catalogus,
        concept=True,
        selectielijst_procestype=f"{REF}/procestypen/{build.PROCESTYPE_UUID}",
    )
    response = writer.post(f"{BASE}/resultaattypen", resultaattype_body(zt))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["archiefnominatie"], data["archiefactietermijn"]) == ("vernietigen", "P10Y")
    assert data["omschrijvingGeneriek"] == "Toegekend"


def test_c8_resultaattypeomschrijving_must_exist(writer, catalogus):
    zt = build.zaaktype(catalogus, concept=True)
    body = resultaattype_body(
        zt,
        resultaattypeomschrijving=f"{REF}/resultaattypeomschrijvingen/00000000-0000-0000-0000-000000000000",
    )
    assert codes(writer.post(f"{BASE}/resultaattypen", body)) == {
        "resultaattypeomschrijving": "invalid-resource"
    }


# C9 ztc-003 … ztc-008
@pytest.mark.parametrize(
    ("brondatum", "expected"),
    [
        (
            {"afleidingswijze": "termijn"},
            {
                "brondatumArchiefprocedure.afleidingswijze": "invalid-afleidingswijze-for-procestermijn",
                "brondatumArchiefprocedure.procestermijn": "required",
            },
        ),
        (
            {"afleidingswijze": "afgehandeld", "einddatumBekend": True},
            {"brondatumArchiefprocedure.einddatumBekend": "must-be-empty"},
        ),
        (
            {"afleidingswijze": "afgehandeld", "datumkenmerk": "x"},
            {"brondatumArchiefprocedure.datumkenmerk": "must-be-empty"},
        ),
        (
            {"afleidingswijze": "afgehandeld", "registratie": "BRP"},
            {"brondatumArchiefprocedure.registratie": "must-be-empty"},
        ),
    ],
)
def test_c9_brondatum_archiefprocedure_consistency_with_nihil(
    writer, catalogus, brondatum, expected
):
    zt = build.zaaktype(catalogus, concept=True)
    body = resultaattype_body(zt, brondatumArchiefprocedure=brondatum)
    assert codes(writer.post(f"{BASE}/resultaattypen", body)) == expected


def test_c9_fields_required_per_afleidingswijze(writer, catalogus):
    zt = build.zaaktype(catalogus, concept=True)
    # A resultaat with an empty procestermijn allows every afleidingswijze.
    from iwerk.referentielijsten import selectors as rl

    free = next(r for r in rl.resultaten() if r.procestermijn == "")
    body = resultaattype_body(
        zt,
        selectielijstklasse=f"{REF}/resultaten/{free.uuid}",
        brondatumArchiefprocedure={"afleidingswijze": "ander_datumkenmerk"},
    )
    assert codes(writer.post(f"{BASE}/resultaattypen", body)) == {
        "brondatumArchiefprocedure.datumkenmerk": "required",
        "brondatumArchiefprocedure.objecttype": "required",
        "brondatumArchiefprocedure.registratie": "required",
    }
    assert not ResultaatType.objects.exists()


# C10 ztc-015
@pytest.mark.parametrize(
    ("formaat", "lengte", "ok"),
    [
        ("datum", "8", True),
        ("datum", "10", False),
        ("datum_tijd", "14", True),
        ("datum_tijd", "8", False),
        ("tekst", "200", True),
    ],
)
def test_c10_eigenschap_date_formats(writer, catalogus, formaat, lengte, ok):
    zt = build.zaaktype(catalogus, concept=True)
    body = {
        "zaaktype": f"{BASE}/zaaktypen/{zt.uuid}",
        "naam": "Datum",
        "definitie": "Een datum",
        "specificatie": {"formaat": formaat, "lengte": lengte, "kardinaliteit": "1"},
    }
    response = writer.post(f"{BASE}/eigenschappen", body)
    assert (response.status_code == 201) is ok, response.content


# C11 derived read-only fields
def test_c11_is_eindstatus_is_the_highest_volgnummer(writer, catalogus):
    zt = build.complete_zaaktype(catalogus)
    listed = writer.get(
        f"{BASE}/statustypen", {"zaaktype": f"{BASE}/zaaktypen/{zt.uuid}", "status": "alles"}
    ).json()
    assert [(s["volgnummer"], s["isEindstatus"]) for s in listed["results"]] == [
        (1, False),
        (2, True),
    ]
    StatusType.objects.create(
        tenant=catalogus.tenant, zaaktype=zt, omschrijving="Gearchiveerd", volgnummer=3
    )
    listed = writer.get(
        f"{BASE}/statustypen", {"zaaktype": f"{BASE}/zaaktypen/{zt.uuid}", "status": "alles"}
    ).json()
    assert [s["isEindstatus"] for s in listed["results"]] == [False, False, True]


def test_c11_zaaktype_lists_its_children(writer, catalogus):
    zt = build.complete_zaaktype(catalogus)
    data = writer.get(f"{BASE}/zaaktypen/{zt.uuid}").json()
    assert (
        len(data["statustypen"]) == 2
        and len(data["roltypen"]) == 1
        and len(data["resultaattypen"]) == 1
    )
    assert data["resultaattypeOmschrijving"] == ["Toegekend"]


def test_statustype_volgnummer_unique_per_zaaktype(writer, catalogus):
    zt = build.complete_zaaktype(catalogus)
    body = {"zaaktype": f"{BASE}/zaaktypen/{zt.uuid}", "omschrijving": "Dubbel", "volgnummer": 1}
    assert codes(writer.post(f"{BASE}/statustypen", body)) == {"volgnummer": "unique"}
