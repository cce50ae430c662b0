"""The source installation of the migration tests works: a second iwerk as a real server, filled
through its ZGW APIs, serves every kind of resource back over HTTP as the manifest says, takes
the changes of an incremental run, and leaves nothing behind (issue 30)."""

from __future__ import annotations

import hashlib
import os
from collections import Counter

import psycopg
import pytest

from iwerk.migratie.tests import bron as bronmodule
from iwerk.migratie.tests.bron import bron_installatie
from iwerk.migratie.tests.vullen import STADIA, bsn, vul_bron, wijzig_bron
from iwerk.migratie.tests.zgwclient import VulFout, ZgwClient, uuid_van

# Where each type of the manifest is listed at the source: (component, resource, query).
ALLES = {"status": "alles"}  # the Catalogi API lists published types only by default
LIJSTEN = {
    "catalogussen": ("catalogi", "catalogussen", {}),
    "zaaktypen": ("catalogi", "zaaktypen", ALLES),
    "statustypen": ("catalogi", "statustypen", ALLES),
    "resultaattypen": ("catalogi", "resultaattypen", ALLES),
    "roltypen": ("catalogi", "roltypen", ALLES),
    "eigenschappen": ("catalogi", "eigenschappen", ALLES),
    "informatieobjecttypen": ("catalogi", "informatieobjecttypen", ALLES),
    "besluittypen": ("catalogi", "besluittypen", ALLES),
    "zaaktype-informatieobjecttypen": ("catalogi", "zaaktype-informatieobjecttypen", ALLES),
    "zaken": ("zaken", "zaken", {}),
    "statussen": ("zaken", "statussen", {}),
    "resultaten": ("zaken", "resultaten", {}),
    "rollen": ("zaken", "rollen", {}),
    "zaakobjecten": ("zaken", "zaakobjecten", {}),
    "zaakinformatieobjecten": ("zaken", "zaakinformatieobjecten", {}),
    "enkelvoudiginformatieobjecten": ("documenten", "enkelvoudiginformatieobjecten", {}),
    "gebruiksrechten": ("documenten", "gebruiksrechten", {}),
    "besluiten": ("besluiten", "besluiten", {}),
    "besluitinformatieobjecten": ("besluiten", "besluitinformatieobjecten", {}),
}


def test_source_is_filled_over_http_serves_it_back_and_takes_changes(tmp_path):
    with bron_installatie(tmp_path) as bron:
        lezer = ZgwClient(bron.basis_url, bron.lezer.client_id, bron.lezer.secret)
        schrijver = bron.schrijver
        manifest = vul_bron(bron.basis_url, schrijver.client_id, schrijver.secret, zaken=6)

        _every_object_is_listed_and_readable(lezer, manifest)
        _every_document_version_has_its_content(lezer, manifest)
        _the_mix_is_realistic(lezer, manifest)

        # The copier's applicatie only reads; the audit trail is open to it.
        zaak = next(iter(manifest["objecten"]["zaken"].values()))
        assert lezer.get(f"{zaak}/audittrail")[0]["resource"] == "zaak"
        nieuw = lezer.request("POST", lezer.url("zaken", "zaken"), json={}, ok=(403,))
        assert nieuw["code"] == "permission_denied"
        # Filling twice would give overlapping zaaktype versions: refused, with the reason.
        with pytest.raises(VulFout, match="al gevuld"):
            vul_bron(bron.basis_url, schrijver.client_id, schrijver.secret, zaken=1)

        wijziging = wijzig_bron(bron.basis_url, schrijver.client_id, schrijver.secret, manifest)
        _the_changes_are_at_the_source(lezer, manifest, wijziging)
        database, data_dir = bron.database, bron.data_dir

    assert not bronmodule._health(bron.port)  # stopped
    server = bronmodule._postgres_server(os.environ.get("DATABASE_URL", ""))
    if server:
        assert database and database.startswith(_run_database())
        with psycopg.connect(f"{server}/postgres") as conn:
            over = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            assert over.fetchone() is None  # dropped
    else:
        assert database is None and (data_dir / "iwerk.sqlite3").stat().st_size > 0


def _every_object_is_listed_and_readable(
    lezer: ZgwClient, manifest: dict, *, elk_lezen: bool = True
) -> None:
    for typ, (component, resource, query) in LIJSTEN.items():
        gelijst = {r["url"] for r in lezer.alles(lezer.url(component, resource), query)}
        assert gelijst == set(manifest["objecten"][typ].values()), typ
    zaakeigenschappen = set()
    for zaak in manifest["objecten"]["zaken"].values():
        zaakeigenschappen |= {r["url"] for r in lezer.alles(f"{zaak}/zaakeigenschappen")}
    assert zaakeigenschappen == set(manifest["objecten"]["zaakeigenschappen"].values())
    for typ, objecten in manifest["objecten"].items():
        assert objecten, f"geen {typ} in de bron"
        for uuid, url in objecten.items() if elk_lezen else ():
            assert uuid_van(url) == uuid and lezer.get(url)["url"] == url, url
    assert manifest["aantallen"] == {typ: len(o) for typ, o in manifest["objecten"].items()}


def _every_document_version_has_its_content(lezer: ZgwClient, manifest: dict) -> None:
    for uuid, versies in manifest["versies"].items():
        url = manifest["objecten"]["enkelvoudiginformatieobjecten"][uuid]
        assert lezer.get(url)["versie"] == versies[-1]["versie"]
        for versie in versies:
            document = lezer.get(url, params={"versie": versie["versie"]})
            inhoud = lezer.download(document["inhoud"])
            assert hashlib.sha256(inhoud).hexdigest() == versie["sha256"], (url, versie)
            assert document["bestandsomvang"] == versie["bestandsomvang"] == len(inhoud)
            assert document["bestandsnaam"] == versie["bestandsnaam"]


def _the_mix_is_realistic(lezer: ZgwClient, manifest: dict) -> None:
    zaken = {u: lezer.get(manifest["objecten"]["zaken"][u]) for u in manifest["zaken"]}
    stadia = Counter(z["stadium"] for z in manifest["zaken"].values())
    assert set(stadia) == set(STADIA)
    for uuid, info in manifest["zaken"].items():
        zaak = zaken[uuid]
        gesloten = info["stadium"] in ("afgehandeld", "gearchiveerd")
        assert (zaak["einddatum"] is not None) == gesloten, info
        assert (zaak["archiefactiedatum"] is not None) == gesloten, info  # derived on closing
        assert zaak["archiefstatus"] == (
            "gearchiveerd" if info["stadium"] == "gearchiveerd" else "nog_te_archiveren"
        )
        assert zaak["opschorting"]["indicatie"] == (info["stadium"] == "opgeschort")
        assert (zaak["verlenging"] is not None) == (info["stadium"] == "verlengd")
        assert zaak["kenmerken"][0]["bron"] == "Oud zaaksysteem"
    hoofdzaken = [z for z in zaken.values() if z["deelzaken"]]
    assert len(hoofdzaken) == 1 and len(hoofdzaken[0]["deelzaken"]) == 2
    assert sum(len(z["relevanteAndereZaken"]) for z in zaken.values()) == 2
    assert {z["vertrouwelijkheidaanduiding"] for z in zaken.values()} >= {"geheim", "vertrouwelijk"}
    rollen = [lezer.get(u) for u in manifest["objecten"]["rollen"].values()]
    assert {r["betrokkeneType"] for r in rollen} == {"natuurlijk_persoon", "medewerker"}
    for rol in rollen:
        if rol["betrokkeneType"] == "natuurlijk_persoon":
            assert _elfproef(rol["betrokkeneIdentificatie"]["inpBsn"])
    # Two published versions of each zaaktype, one after the other, and a concept.
    zaaktypen = [lezer.get(u) for u in manifest["objecten"]["zaaktypen"].values()]
    versies = Counter(z["identificatie"] for z in zaaktypen if not z["concept"])
    assert sorted(versies.values()) == [2, 2]
    assert [z["concept"] for z in zaaktypen].count(True) == 1
    assert sum(1 for z in zaaktypen if z["eindeGeldigheid"]) == 2
    afleidingen = {
        lezer.get(u)["brondatumArchiefprocedure"]["afleidingswijze"]
        for u in manifest["objecten"]["resultaattypen"].values()
    }
    assert afleidingen == {"afgehandeld", "termijn", "ingangsdatum_besluit"}
    # Documents: 1–3 versions, one large, one with a name beyond ASCII.
    aantallen = {len(v) for v in manifest["versies"].values()}
    assert aantallen == {1, 2, 3}
    groot = [v for v in manifest["versies"].values() if v[0]["bestandsomvang"] > 300_000]
    assert len(groot) == 2
    assert any(not v[0]["bestandsnaam"].isascii() for v in manifest["versies"].values())


def _the_changes_are_at_the_source(lezer: ZgwClient, oud: dict, wijziging: dict) -> None:
    nieuw = wijziging["manifest"]
    status = wijziging["status"]
    assert lezer.get(status["zaak"])["status"] == status["url"]
    document = wijziging["documentversie"]
    gelezen = lezer.get(document["document"])
    assert (
        gelezen["versie"] == document["versie"] == len(oud["versies"][uuid_van(gelezen["url"])]) + 1
    )
    assert hashlib.sha256(lezer.download(gelezen["inhoud"])).hexdigest() == document["sha256"]
    omschrijving = wijziging["omschrijving"]
    assert lezer.get(omschrijving["zaak"])["omschrijving"] == omschrijving["omschrijving"]
    assert lezer.get(wijziging["nieuwe_zaak"])["url"] == wijziging["nieuwe_zaak"]
    # The manifest that came back has the changes; the one given is as it was.
    assert nieuw["aantallen"]["zaken"] == oud["aantallen"]["zaken"] + 1
    assert nieuw["aantallen"]["statussen"] > oud["aantallen"]["statussen"]
    assert len(oud["versies"][uuid_van(gelezen["url"])]) == document["versie"] - 1
    _every_object_is_listed_and_readable(lezer, nieuw, elk_lezen=False)


def _elfproef(nummer: str) -> bool:
    gewogen = sum(int(c) * w for c, w in zip(nummer, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return len(nummer) == 9 and gewogen % 11 == 0


def _run_database() -> str:
    return os.environ["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0][:20].lower()


def test_bsn_passes_the_elfproef():
    import random

    rng = random.Random(1)
    nummers = {bsn(rng) for _ in range(200)}
    assert len(nummers) > 190 and all(_elfproef(n) for n in nummers)


def test_database_name_is_the_runs_own_and_fits_postgresql():
    naam = bronmodule._database_naam("postgres://postgres@127.0.0.1/" + "x" * 80, "bron")
    assert len(naam) <= 63 and naam.startswith("xxx") and "_bron_" in naam
    assert naam != bronmodule._database_naam("postgres://postgres@127.0.0.1/" + "x" * 80, "bron")


def test_filler_client_sends_a_token_on_its_first_request_on_a_freshly_booted_machine(
    monkeypatch,
):
    """time.monotonic() counts from boot: a few minutes after it, "token older than ten
    minutes" was false for the unset token and the first request went out as "Bearer "."""
    import jwt

    from iwerk.migratie.tests import zgwclient

    monkeypatch.setattr(zgwclient.time, "monotonic", lambda: 42.0)
    api = ZgwClient("http://127.0.0.1:9", "vuller", "een-geheim-van-minstens-32-tekens-lang")
    waarde = api._headers("http://127.0.0.1:9/catalogi/api/v1/catalogussen")["Authorization"]
    claims = jwt.decode(
        waarde.removeprefix("Bearer "),
        "een-geheim-van-minstens-32-tekens-lang",
        algorithms=["HS256"],
    )
    assert claims["client_id"] == "vuller"
