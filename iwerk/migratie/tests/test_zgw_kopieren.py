"""`iwerk migreer zgw` against a second iwerk over real HTTP (the small world of zgw_hulp): copied
whole and field by field, silently, with its audit trail; a stopped run resumes; a second run
reads only the lists; the report and the command."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from iwerk.core import auditketen
from iwerk.core.models import AuditTrail
from iwerk.documenten.models import BestandsDeel, EnkelvoudigInformatieObject, Versie
from iwerk.migratie.models import Bronobject, Migratierun
from iwerk.migratie.tests.zgw_hulp import (
    BronApi,
    Regel,
    Storingsproxy,
    draai,
    genormaliseerd,
    sha256,
    verschillen,
)
from iwerk.migratie.zgw.schrijven import Schrijver
from iwerk.notificaties.models import Notificatie
from iwerk.zaken.models import Status, Zaak, ZaakEigenschap, ZaakInformatieObject

pytestmark = pytest.mark.django_db

LIJSTEN = 17  # the lists the copier reads (fase_*: 10 catalogue, the documents, 5 zaken, besluiten)


def _uuid(url: str) -> uuid.UUID:
    return uuid.UUID(url.rstrip("/").rsplit("/", 1)[-1])


def test_every_object_is_copied_field_by_field_with_its_uuid(kleine_bron, tenant, superuser_client):
    run, uit = draai(kleine_bron, tenant)

    assert run.toestand == "klaar", uit
    assert run.rapport["schoon"], uit
    bron_api = BronApi(kleine_bron)
    verschil = []
    for naam, url in kleine_bron.wereld.urls.items():
        bron = genormaliseerd(bron_api.get(url), kleine_bron.basis_url)
        iwerk = superuser_client.get(bron["url"], HTTP_ACCEPT_CRS="EPSG:4326")
        assert iwerk.status_code == 200, (naam, iwerk.content)
        verschil += [f"{naam}{v}" for v in verschillen(bron, iwerk.json())]
    assert not verschil, "\n".join(verschil)
    for document, versies in kleine_bron.wereld.inhoud.items():
        for nummer, inhoud in enumerate(versies, 1):
            antwoord = superuser_client.get(
                f"{genormaliseerd(document, kleine_bron.basis_url)}/download?versie={nummer}"
            )
            assert sha256(b"".join(antwoord.streaming_content)) == sha256(inhoud)
    # Silent: nobody is told of what happened at the source years ago (ADR 0063, point 3).
    assert Notificatie.objects.count() == 0
    assert "Oordeel: schoon" in uit


def test_the_source_audit_trail_is_kept_with_its_times_and_the_chain_verifies(
    kleine_bron, tenant, superuser_client
):
    draai(kleine_bron, tenant)
    zaak = kleine_bron.wereld.urls["zaak1"]
    bron = BronApi(kleine_bron).get(f"{zaak}/audittrail")
    iwerk = superuser_client.get(f"{genormaliseerd(zaak, kleine_bron.basis_url)}/audittrail").json()
    per_uuid = {regel["uuid"]: regel for regel in iwerk}
    for regel in bron:
        assert not verschillen(
            genormaliseerd(regel, kleine_bron.basis_url), per_uuid[regel["uuid"]]
        )
    eigen = [r for r in iwerk if r["uuid"] not in {b["uuid"] for b in bron}]
    assert eigen and {r["applicatieId"] for r in eigen} == {"iwerk-migratie"}
    assert all(r["toelichting"].startswith("Migratie 'bron', run ") for r in eigen)
    # Oldest first: the history at the source, then the migration.
    assert [r["uuid"] for r in iwerk[: len(bron)]] == [r["uuid"] for r in bron]

    auditketen.verzegelen(limit=100_000)
    gezien, breuken = auditketen.verifieren()
    assert gezien >= AuditTrail.objects.count() and not breuken, breuken


def test_a_second_run_reads_only_the_lists_and_writes_nothing(kleine_bron, tenant):
    eerste, _ = draai(kleine_bron, tenant)
    # A zaak an earlier run copied that was deleted at the source since.
    weg = f"{kleine_bron.api_roots['zaken']}zaken/{uuid.uuid4()}"
    Bronobject.objects.create(
        migratie=eerste.migratie, run=eerste, soort="zaak", bron_url=weg, uuid=_uuid(weg),
        toestand="gekopieerd", hash="x",
    )  # fmt: skip

    run, uit = draai(kleine_bron, tenant)

    assert run.toestand == "klaar" and run.rapport["schoon"], uit
    assert run.rapport["eenheden_geschreven"] == 0
    assert run.verzoeken == LIJSTEN
    assert all(s["gekopieerd"] == 0 for s in run.rapport["soorten"])
    assert Bronobject.objects.filter(run=run).count() == 0
    assert run.rapport["verdwenen"] == [{"soort": "zaak", "bron_url": weg}]
    assert "Niet meer bij de bron, wel in iwerk (1)" in uit


def test_a_stopped_run_resumes_where_it_stopped(kleine_bron, tenant):
    eerste, uit = draai(kleine_bron, tenant, onderbreek_na=6)

    assert eerste.toestand == "gestopt" and "Onderbroken na 6" in eerste.melding, uit
    assert not eerste.rapport["schoon"]
    geschreven = Bronobject.objects.filter(run=eerste, toestand="gekopieerd").count()
    assert Zaak.objects.count() == 0  # units 1-6: catalogus, types and documents

    tweede, uit = draai(kleine_bron, tenant)

    assert tweede.toestand == "klaar" and tweede.rapport["schoon"], uit
    assert sum(s["ongewijzigd"] for s in tweede.rapport["soorten"]) == 6
    assert Bronobject.objects.filter(run=eerste).count() == geschreven  # nothing written twice
    assert Zaak.objects.count() == 2 and Status.objects.count() == 4
    assert EnkelvoudigInformatieObject.objects.count() == 2


def test_a_migration_in_stages_copies_the_chosen_phases_first(kleine_bron, tenant):
    eerste, uit = draai(kleine_bron, tenant, fasen=("catalogi", "documenten"))

    assert eerste.toestand == "klaar", uit
    assert eerste.rapport["fasen"] == ["catalogi", "documenten"]
    assert not eerste.rapport["schoon"]  # the zaken and besluiten are not there yet
    assert "Alleen de fasen catalogi, documenten" in uit
    assert EnkelvoudigInformatieObject.objects.count() == 2 and Zaak.objects.count() == 0
    gelezen = {s["soort"] for s in eerste.rapport["soorten"] if s["bron"] is not None}
    assert "enkelvoudiginformatieobject" in gelezen and "zaak" not in gelezen
    assert eerste.rapport["verdwenen"] == []  # what a phase did not list is not "gone"

    # A later run of every phase takes the documents as they are and is clean.
    tweede, uit = draai(kleine_bron, tenant)

    assert tweede.toestand == "klaar" and tweede.rapport["schoon"], uit
    soorten = {s["soort"]: s for s in tweede.rapport["soorten"]}
    assert soorten["enkelvoudiginformatieobject"]["gekopieerd"] == 0
    assert soorten["enkelvoudiginformatieobject"]["ongewijzigd"] == 2
    assert soorten["zaak"]["gekopieerd"] == 2 and Zaak.objects.count() == 2


def test_a_run_of_later_phases_only_skips_what_needs_an_earlier_one(kleine_bron, tenant):
    run, uit = draai(kleine_bron, tenant, fasen=("catalogi", "zaken"))

    assert run.toestand == "klaar" and not run.rapport["schoon"], uit
    assert Zaak.objects.count() == 2  # the zaken, without the documents not yet copied
    assert "document niet gemigreerd" in uit
    assert run.rapport["verdwenen"] == []
    assert ZaakInformatieObject.objects.count() == 0

    # The run of every phase copies the documents and then the zaakinformatieobjecten that waited.
    tweede, uit = draai(kleine_bron, tenant)

    assert tweede.toestand == "klaar" and tweede.rapport["schoon"], uit
    assert ZaakInformatieObject.objects.count() == len(kleine_bron.wereld.inhoud)


def test_a_run_killed_without_a_word_is_marked_stopped_by_the_next(kleine_bron, tenant):
    eerste, _ = draai(kleine_bron, tenant, onderbreek_na=2)
    Migratierun.objects.filter(pk=eerste.pk).update(toestand="lopend", geeindigd_op=None)

    draai(kleine_bron, tenant)

    eerste.refresh_from_db()
    assert eerste.toestand == "gestopt" and "Afgebroken" in eerste.melding


def test_the_command_copies_and_prints_its_report(kleine_bron, tenant):
    roots = {k: v.rstrip("/") for k, v in kleine_bron.api_roots.items()}
    uit = io.StringIO()

    call_command(
        "migreer", "zgw", "--gemeente", tenant.slug, "--naam", "oud",
        "--zaken", roots["zaken"], "--documenten", roots["documenten"],
        "--catalogi", roots["catalogi"], "--besluiten", roots["besluiten"],
        # The source is an iwerk with its own copy of the Selectielijst: its URLs become iwerk's.
        "--referentielijsten", f"{kleine_bron.basis_url}/referentielijsten/api/v1",
        "--client-id", kleine_bron.lezer.client_id, "--secret", kleine_bron.lezer.secret,
        "--max-per-seconde", "500", stdout=uit,
    )  # fmt: skip

    assert "zaken: 2 bij de bron" in uit.getvalue()
    assert "Oordeel: schoon" in uit.getvalue()
    assert Zaak.objects.filter(uuid=_uuid(kleine_bron.wereld.urls["zaak1"])).exists()
    rapport = io.StringIO()
    call_command(
        "migreer", "zgw", "--gemeente", tenant.slug, "--naam", "oud", "--rapport", stdout=rapport
    )
    assert "Verificatierapport: migratie 'oud' naar Deventer" in rapport.getvalue()
    assert "Documentversies: 4 vergeleken op SHA-256, 4 gelijk, 0 afwijkend" in rapport.getvalue()


def _met_fasen(tenant, fasen: str) -> None:
    call_command(
        "migreer", "zgw", "--gemeente", tenant.slug, "--zaken", "https://oz.example.nl/z",
        "--documenten", "https://oz.example.nl/d", "--catalogi", "https://oz.example.nl/c",
        "--besluiten", "https://oz.example.nl/b", "--client-id", "c", "--secret", "s",
        "--fasen", fasen,
    )  # fmt: skip


def test_the_command_refuses_what_it_cannot_do(kleine_bron, tenant):
    with pytest.raises(CommandError, match="Geef de API-roots van de bron: --documenten"):
        call_command(
            "migreer", "zgw", "--gemeente", tenant.slug, "--zaken", "https://oz.example.nl/zaken/api/v1",
            "--catalogi", "x", "--besluiten", "y", "--client-id", "c", "--secret", "s",
        )  # fmt: skip
    with pytest.raises(CommandError, match="Onbekende fase\\(n\\) in --fasen: rollen"):
        _met_fasen(tenant, "zaken,rollen")
    with pytest.raises(CommandError, match="--fasen noemt geen fase"):
        _met_fasen(tenant, " , ")
    assert not Migratierun.objects.exists()  # refused before any run is stored
    with pytest.raises(CommandError, match="geen gemeente met slug 'nergens'"):
        call_command("migreer", "zgw", "--gemeente", "nergens", "--rapport")
    with pytest.raises(CommandError, match="geen migratie 'oud'"):
        call_command("migreer", "zgw", "--gemeente", tenant.slug, "--naam", "oud", "--rapport")


def test_content_too_large_for_one_request_goes_in_bestandsdelen(
    kleine_bron, tenant, settings, monkeypatch
):
    settings.IWERK_DOCUMENT_MAX_BODY = 3000  # every version here is "too large" for one request
    settings.IWERK_DOCUMENT_PART_SIZE = 400
    delen = []
    echt = Schrijver.bestandsdeel

    def bestandsdeel(self, url, lock, data):  # the real one, counted
        delen.append(len(data))
        return echt(self, url, lock, data)

    monkeypatch.setattr(Schrijver, "bestandsdeel", bestandsdeel)

    run, uit = draai(kleine_bron, tenant)

    assert run.toestand == "klaar" and run.rapport["schoon"], uit
    for document, versies in kleine_bron.wereld.inhoud.items():
        opgeslagen = Versie.objects.filter(document__uuid=_uuid(document)).order_by("versie")
        assert [v.sha256 for v in opgeslagen] == [sha256(inhoud) for inhoud in versies]
        assert [v.bestandsomvang for v in opgeslagen] == [len(inhoud) for inhoud in versies]
    assert not BestandsDeel.objects.exists()
    lengtes = sorted(
        len(inhoud) for versies in kleine_bron.wereld.inhoud.values() for inhoud in versies
    )
    assert sum(delen) == sum(lengtes) and max(delen) == 400
    assert run.rapport["documentversies"]["teruggelezen"] == 4


def test_a_full_run_finds_a_change_of_only_a_zaakeigenschap(kleine_bron, tenant):
    # A zaakeigenschap changed at the source, the proxy pretends: no list shows it, the zaak
    # itself is unchanged.
    nieuw = Regel("/zaakeigenschappen", bederf=lambda b: b.replace(b"20200401", b"20200501"))
    with Storingsproxy(kleine_bron.basis_url) as proxy:
        roots = proxy.roots(kleine_bron)
        draai(kleine_bron, tenant, roots=roots)
        proxy.regels.append(nieuw)

        gewoon, _ = draai(kleine_bron, tenant, roots=roots)
        volledig, uit = draai(kleine_bron, tenant, roots=roots, volledig=True)

    assert gewoon.rapport["eenheden_geschreven"] == 0 and gewoon.verzoeken == LIJSTEN
    assert volledig.rapport["schoon"], uit
    assert set(ZaakEigenschap.objects.values_list("waarde", flat=True)) == {"20200501"}
    zaken = next(s for s in volledig.rapport["soorten"] if s["soort"] == "zaak")
    assert zaken["gekopieerd"] == 2
    # The lists; each zaak's zaakeigenschappen and zaakinformatieobjecten, each besluit's
    # besluitinformatieobjecten (the documents have no gebruiksrechten); the two zaken's audit
    # trails again.
    assert volledig.verzoeken == LIJSTEN + 2 + 2 + 2 + 2
