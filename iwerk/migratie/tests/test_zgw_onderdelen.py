"""The parts of the ZGW copier on their own, without a source: the rate limit, URL rewriting, the
order of units, progress, the in-process writer, the audit trail import, the report and beheer."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.core import auditketen
from iwerk.core.models import AuditTrail
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.beheer import verified_client
from iwerk.migratie import services
from iwerk.migratie.actor import migratie_actor
from iwerk.migratie.models import Bronobject, Migratie, Migratierun
from iwerk.migratie.zgw.bron import Emmer
from iwerk.migratie.zgw.herschrijven import Herschrijver, hash_van
from iwerk.migratie.zgw.kopieren import Eenheid, volgorde
from iwerk.migratie.zgw.rapport import tekst
from iwerk.migratie.zgw.schrijven import Geweigerd, Schrijver
from iwerk.migratie.zgw.voortgang import Voortgang

OZ = "https://oz.example.nl"
ROOTS = {
    "zaken": f"{OZ}/zaken/api/v1",
    "documenten": f"{OZ}/documenten/api/v1",
    "catalogi": f"{OZ}/catalogi/api/v1",
    "besluiten": f"{OZ}/besluiten/api/v1",
}
ZAAK = "0f2a8e4c-1c55-4a7a-9d6e-3a3f7b2c9d01"


class Klok:
    def __init__(self) -> None:
        self.nu = 100.0
        self.geslapen: list[float] = []

    def __call__(self) -> float:
        return self.nu

    def slaap(self, seconden: float) -> None:
        self.geslapen.append(round(seconden, 3))
        self.nu += seconden


def test_the_bucket_lets_through_at_most_the_rate():
    klok = Klok()
    emmer = Emmer(10, klok=klok, slaap=klok.slaap)

    for _ in range(21):
        emmer.neem()

    # The first at once, then one every 0.1 s: 20 waits, 2 seconds for 21 requests.
    assert klok.geslapen == [0.1] * 20
    assert klok.nu == pytest.approx(102.0)


def test_the_bucket_does_not_wait_after_a_pause():
    klok = Klok()
    emmer = Emmer(2, klok=klok, slaap=klok.slaap)
    emmer.neem()
    klok.nu += 5

    emmer.neem()

    assert klok.geslapen == []


def test_source_urls_become_iwerk_urls_and_others_stay():
    herschrijver = Herschrijver(ROOTS, "https://iwerk.example.nl")
    body = {
        "url": f"{OZ}/zaken/api/v1/zaken/{ZAAK}",
        "zaaktype": f"{OZ}/catalogi/api/v1/zaaktypen/{ZAAK}",
        "relevanteAndereZaken": [
            {"url": f"{OZ}/zaken/api/v1/zaken/{ZAAK}", "aardRelatie": "vervolg"}
        ],
        "object": "https://bag.basisregistraties.overheid.nl/api/v1/panden/0150",
        "selectielijstklasse": "https://selectielijst.openzaak.nl/api/v1/resultaten/1",
        "toelichting": f"zie {OZ}/zaken/api/v1/zaken/{ZAAK}",
        "aantal": 3,
    }

    uit = herschrijver.body(body)

    assert uit["url"] == f"https://iwerk.example.nl/zaken/api/v1/zaken/{ZAAK}"
    assert uit["zaaktype"] == f"https://iwerk.example.nl/catalogi/api/v1/zaaktypen/{ZAAK}"
    assert uit["relevanteAndereZaken"][0]["url"].startswith("https://iwerk.example.nl/zaken/")
    assert (
        uit["object"] == body["object"]
        and uit["selectielijstklasse"] == body["selectielijstklasse"]
    )
    assert uit["toelichting"] == body["toelichting"]  # text is text, even when it names a URL
    assert uit["aantal"] == 3
    assert herschrijver.hostloos(body["url"]) == f"/zaken/api/v1/zaken/{ZAAK}"


def test_a_source_with_other_paths_is_rewritten_per_api_root():
    herschrijver = Herschrijver(
        {**ROOTS, "zaken": "https://oud.example.nl/api/zrc/v1"}, "https://iwerk.example.nl"
    )

    assert herschrijver.url(f"https://oud.example.nl/api/zrc/v1/zaken/{ZAAK}?x=1") == (
        f"https://iwerk.example.nl/zaken/api/v1/zaken/{ZAAK}?x=1"
    )
    assert not herschrijver.is_bron("https://oud.example.nl/api/zrc/v10/zaken")


def test_units_come_after_the_units_they_depend_on_else_in_the_given_order():
    def eenheid(url: str, *afhankelijk: str) -> Eenheid:
        return Eenheid(
            "zaaktype", url, "", list, afhankelijk=[("deelzaaktype", a) for a in afhankelijk]
        )

    eenheden = [eenheid("a", "c"), eenheid("b"), eenheid("c", "d"), eenheid("d"), eenheid("e", "x")]

    assert [e.url for e in volgorde(eenheden)] == ["d", "c", "a", "b", "e"]


def test_a_cycle_keeps_the_given_order():
    eenheden = [
        Eenheid("zaaktype", "a", "", list, afhankelijk=[("deelzaaktype", "b")]),
        Eenheid("zaaktype", "b", "", list, afhankelijk=[("deelzaaktype", "a")]),
    ]

    assert [e.url for e in volgorde(eenheden)] == ["b", "a"]


def test_the_hash_is_the_same_for_the_same_json_in_any_key_order():
    assert hash_van({"a": 1, "b": [1, 2]}) == hash_van({"b": [1, 2], "a": 1})
    assert hash_van({"a": 1}) != hash_van({"a": 2})
    assert hash_van({"a": 1}, []) != hash_van({"a": 1}, [{"b": 1}])


def test_progress_shows_done_rate_and_time_left():
    klok = Klok()
    uit = io.StringIO()
    voortgang = Voortgang(uit, interval=2, klok=klok)

    voortgang.begin("zaak", 100)
    for _ in range(30):
        klok.nu += 0.125
        voortgang.stap()
    voortgang.klaar()

    regels = uit.getvalue().splitlines()
    assert regels == [
        "zaken: 100 bij de bron",
        "  zaken: 16/100 (16%), 8.0/s, nog 0:00:10",
        "  zaken: 30/100 (30%), 8.0/s, nog 0:00:08, klaar in 0:00:03",
    ]


@pytest.mark.django_db
def test_the_writer_turns_a_refusal_into_its_dutch_reason(tenant):
    build.catalogus(tenant)  # the migrating actor's grants name the gemeente's catalogi
    schrijver = Schrijver(migratie_actor(tenant.pk), "http://testserver")

    with pytest.raises(Geweigerd) as fout:
        schrijver.post(
            "http://testserver/zaken/api/v1/zaken",
            {
                "bronorganisatie": "123",
                "zaaktype": f"http://testserver/catalogi/api/v1/zaaktypen/{ZAAK}",
            },
        )

    assert fout.value.status == 400
    assert "verantwoordelijkeOrganisatie: Dit veld is vereist." in fout.value.reden
    with pytest.raises(Geweigerd, match="iwerk kent het adres /nergens niet"):
        schrijver.post("http://testserver/nergens", {})


@pytest.mark.django_db
def test_imported_audit_entries_keep_their_time_and_the_chain_verifies(tenant):
    herschrijver = Herschrijver(ROOTS, "http://testserver")
    regels = [
        {
            "uuid": str(uuid.uuid4()),
            "bron": "zrc",
            "applicatieId": "oz-werkplek",
            "applicatieWeergave": "Open Zaak werkplek",
            "gebruikersId": "jjansen",
            "gebruikersWeergave": "J. Jansen",
            "actie": actie,
            "actieWeergave": "Object aangemaakt",
            "resultaat": 201,
            "hoofdObject": f"{OZ}/zaken/api/v1/zaken/{ZAAK}",
            "resource": "zaak",
            "resourceUrl": f"{OZ}/zaken/api/v1/zaken/{ZAAK}",
            "toelichting": "",
            "resourceWeergave": "ZAAK-2019-1",
            "aanmaakdatum": f"2019-03-0{dag}T10:00:00+01:00",
            "wijzigingen": {"oud": None, "nieuw": {"url": f"{OZ}/zaken/api/v1/zaken/{ZAAK}"}},
        }
        for dag, actie in ((1, "create"), (2, "update"))
    ]

    nieuw = services.importeer_audittrail(
        gemeente_id=tenant.pk, regels=regels, hostloos=herschrijver.hostloos
    )
    opnieuw = services.importeer_audittrail(
        gemeente_id=tenant.pk, regels=regels, hostloos=herschrijver.hostloos
    )

    assert (nieuw, opnieuw) == (2, 0)
    rijen = list(AuditTrail.objects.order_by("aanmaakdatum"))
    assert [r.aanmaakdatum for r in rijen] == [
        datetime(2019, 3, 1, 9, tzinfo=UTC),
        datetime(2019, 3, 2, 9, tzinfo=UTC),
    ]
    assert rijen[0].hoofd_object == f"/zaken/api/v1/zaken/{ZAAK}"
    assert rijen[0].nieuw == {"url": f"/zaken/api/v1/zaken/{ZAAK}"}
    auditketen.verzegelen()
    assert auditketen.verifieren() == (2, [])


@pytest.mark.django_db
def test_a_changed_imported_audit_entry_breaks_the_chain(tenant):
    regel = {
        "uuid": str(uuid.uuid4()),
        "hoofdObject": f"{OZ}/zaken/api/v1/zaken/{ZAAK}",
        "aanmaakdatum": "2019-03-01T10:00:00+01:00",
        "actie": "create",
    }
    services.importeer_audittrail(gemeente_id=tenant.pk, regels=[regel], hostloos=lambda v: v)
    AuditTrail.objects.update(aanmaakdatum=timezone.now())  # rewritten outside iwerk

    auditketen.verzegelen()
    _, breuken = auditketen.verifieren()

    assert breuken  # the writer's seal covers the original time


def _rapport() -> dict:
    return {
        "migratie": "oz",
        "gemeente": "Deventer",
        "run": 7,
        "toestand": "klaar",
        "melding": "",
        "seconden": 75.0,
        "verzoeken": 120,
        "soorten": [
            {
                "soort": "zaak",
                "label": "zaken",
                "bron": 3,
                "iwerk": 2,
                "gekopieerd": 2,
                "ongewijzigd": 0,
                "overgeslagen": 1,
                "mislukt": 0,
            },
        ],  # fmt: skip
        "documentversies": {
            "vergeleken": 4,
            "gelijk": 4,
            "zonder_inhoud": 0,
            "teruggelezen": 4,
            "afwijkend": [],
        },
        "niet_gekopieerd": [
            {
                "soort": "zaak",
                "bron_url": f"{OZ}/zaken/api/v1/zaken/{ZAAK}",
                "toestand": "overgeslagen",
                "reden": "zaaktype niet gemigreerd: …",
            },
        ],  # fmt: skip
        "waarschuwingen": [],
        "schoon": False,
    }


def test_the_report_reads_as_a_table_with_the_reasons():
    uit = tekst(_rapport())

    assert (
        "Verificatierapport: migratie 'oz' naar Deventer, run 7 (klaar), 0:01:15, 120 verzoeken"
        in uit
    )
    regel = next(r for r in uit.splitlines() if r.startswith("zaken "))
    assert regel.split() == ["zaken", "3", "2", "2", "0", "1", "0"]
    assert (
        f"  overgeslagen zaken {OZ}/zaken/api/v1/zaken/{ZAAK}: zaaktype niet gemigreerd: …" in uit
    )
    assert "Documentversies: 4 vergeleken op SHA-256, 4 gelijk, 0 afwijkend" in uit
    assert uit.rstrip().endswith("Oordeel: niet schoon — zie hierboven.")


@pytest.mark.django_db
def test_beheer_shows_runs_and_source_objects_but_changes_nothing(
    tenant, client, django_user_model
):
    beheerder = verified_client(
        client,
        django_user_model.objects.create_superuser(
            "beheerder", "b@example.nl", "een-lang-wachtwoord-2026"
        ),
    )
    migratie = Migratie.objects.create(
        tenant=tenant, naam="oz", client_id="x", **{f"{k}_api": v for k, v in ROOTS.items()}
    )
    run = Migratierun.objects.create(
        migratie=migratie, gestart_op=timezone.now(), rapport=_rapport()
    )
    Bronobject.objects.create(
        migratie=migratie, run=run, soort="zaak", bron_url=f"{OZ}/zaken/api/v1/zaken/{ZAAK}",
        toestand="overgeslagen", reden="zaaktype niet gemigreerd",
    )  # fmt: skip

    pagina = beheerder.get(f"/admin/migratie/migratierun/{run.pk}/change/").content.decode()
    lijst = beheerder.get(
        "/admin/migratie/bronobject/?toestand__exact=overgeslagen"
    ).content.decode()

    assert "Oordeel: niet schoon" in pagina
    assert "zaaktype niet gemigreerd" in lijst
    assert (
        "Deventer"
        in beheerder.get(f"/admin/migratie/migratie/{migratie.pk}/change/").content.decode()
    )
    bronobject = Bronobject.objects.get()
    assert beheerder.get(f"/admin/migratie/bronobject/{bronobject.pk}/change/").status_code == 200
    assert beheerder.get("/admin/migratie/migratie/add/").status_code == 403
    assert (
        beheerder.post(
            f"/admin/migratie/bronobject/{Bronobject.objects.get().pk}/delete/"
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_the_source_objects_page_costs_the_same_for_3_rows_as_for_40(
    tenant, client, django_user_model
):
    beheerder = verified_client(
        client,
        django_user_model.objects.create_superuser(
            "beheerder", "b@example.nl", "een-lang-wachtwoord-2026"
        ),
    )
    migratie = Migratie.objects.create(
        tenant=tenant, naam="oz", client_id="x", **{f"{k}_api": v for k, v in ROOTS.items()}
    )

    def pagina(aantal: int) -> int:
        Bronobject.objects.all().delete()
        Bronobject.objects.bulk_create(
            Bronobject(migratie=migratie, soort="zaak", bron_url=f"{OZ}/zaken/api/v1/zaken/{uuid.uuid4()}",
                       toestand="gekopieerd")
            for _ in range(aantal)
        )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            assert beheerder.get("/admin/migratie/bronobject/").status_code == 200
        return len(queries)

    assert pagina(3) == pagina(40)
