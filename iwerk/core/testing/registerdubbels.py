"""The doubles of the BRP, BAG and KvK in the tests (ADR 0050), and checks against their OAS.

`start()` runs one `Registerdubbels` server on a free loopback port (the root conftest does so
once per test process and points IWERK_BRP_URL, IWERK_BAG_URL and IWERK_KVK_URL at it). The
`valideer_*` helpers check a request or an answer against the official OpenAPI documents copied
into iwerk/specs/brp (BRP Personen 2.7.0, OAS 3.1) and iwerk/specs/bag (BAG Individuele
Bevragingen 2.0.0, OAS 3.0), and raise AssertionError with what is wrong.

Two readings of the documents, both written down in ADR 0050: a `discriminator` with a `mapping`
is honoured (an object is checked against the schema its `type` names, an unknown `type` fails),
which plain JSON Schema would skip; and the BAG 2.0.0 schema `Adres` requires "kortNaam", a typo
of its own property "korteNaam" (what the API returns), read as "korteNaam".
"""

from __future__ import annotations

import copy
import functools
import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml
from django.conf import settings

from iwerk.dubbels.server import PREFIXEN, Registerdubbels

SPECS = Path(__file__).resolve().parents[2] / "specs"
BRP_OAS = SPECS / "brp" / "openapi.yaml"
BAG_OAS = SPECS / "bag" / "openapi.yaml"


def start(**opties: Any) -> Registerdubbels:
    """A running server on a free loopback port (a daemon thread)."""
    return Registerdubbels(**opties).start()


@dataclass
class Dubbelproces:
    """The doubles in a child process (`python -m iwerk.dubbels`), for the whole test session.

    No serving thread in the test process: Hypothesis generates other sequences when one runs
    beside it, and the fuzz tests' floors are set for the sequences of their seed. A test that
    watches requests or sets a storing gets a server of its own (the `registerdubbels` fixture).
    """

    proces: subprocess.Popen
    url: str

    @property
    def brp_url(self) -> str:
        return self.url + PREFIXEN["brp"]

    @property
    def bag_url(self) -> str:
        return self.url + PREFIXEN["bag"]

    @property
    def kvk_url(self) -> str:
        return self.url + PREFIXEN["kvk"]

    def stop(self) -> None:
        self.proces.terminate()
        try:
            self.proces.wait(5)
        except subprocess.TimeoutExpired:
            self.proces.kill()


def start_proces() -> Dubbelproces:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proces = subprocess.Popen(
        [sys.executable, "-m", "iwerk.dubbels", "--port", str(port)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proces.poll() is not None or time.monotonic() > deadline:
                proces.kill()
                raise RuntimeError("De registerdubbels starten niet.") from None
            time.sleep(0.05)
    return Dubbelproces(proces, f"http://127.0.0.1:{port}")


def wijs_naar(server: Registerdubbels | Dubbelproces, instellingen: Any = settings) -> None:
    """Point iwerk's default register connections at the server: in Django's settings, or in a
    test's pytest-django `settings` (which undoes it after the test)."""
    instellingen.IWERK_BRP_URL = server.brp_url
    instellingen.IWERK_BAG_URL = server.bag_url
    instellingen.IWERK_KVK_URL = server.kvk_url


@functools.cache
def _lees(pad: Path) -> dict:
    spec = yaml.load(pad.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506 - the safe loader
    # YAML reads an unquoted example date as a date; JSON Schema knows only JSON values.
    return json.loads(json.dumps(spec, default=str))


def _met_discriminators(spec: dict) -> dict:
    """A copy in which every schema with a discriminator mapping is a oneOf of its subtypes, each
    with its `type` value fixed (so the value chooses the schema, and an unknown value fails);
    the subtypes build on the base without its discriminator."""
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]
    for naam, schema in list(schemas.items()):
        discriminator = schema.get("discriminator") or {}
        if not discriminator.get("mapping"):
            continue
        basis = f"{naam}__basis"
        schemas[basis] = {k: v for k, v in schema.items() if k != "discriminator"}
        for ref in discriminator["mapping"].values():
            for deel in schemas[ref.rsplit("/", 1)[-1]].get("allOf", []):
                if deel.get("$ref") == f"#/components/schemas/{naam}":
                    deel["$ref"] = f"#/components/schemas/{basis}"
        veld = discriminator["propertyName"]
        schemas[naam] = {
            "oneOf": [
                {
                    "allOf": [
                        {"$ref": ref},
                        {"properties": {veld: {"const": waarde}}, "required": [veld]},
                    ]
                }
                for waarde, ref in discriminator["mapping"].items()
            ]
        }
    return spec


@functools.cache
def _brp() -> dict:
    return _met_discriminators(_lees(BRP_OAS))


@functools.cache
def _bag() -> dict:
    spec = copy.deepcopy(_lees(BAG_OAS))
    adres = spec["components"]["schemas"]["Adres"]
    adres["required"] = ["korteNaam" if r == "kortNaam" else r for r in adres["required"]]
    return spec


@functools.cache
def _validator(register: str, ref: str) -> Any:
    """A validator of one schema of the document ('#/components/schemas/Persoon'), the
    document's components beside it so every $ref resolves."""
    if register == "brp":
        return jsonschema_rs.Draft202012Validator(
            {"$ref": ref, "components": _brp()["components"]}, validate_formats=True
        )
    return jsonschema_rs.Draft4Validator(
        {"$ref": ref, "components": _bag()["components"]}, validate_formats=True
    )


def _bladeren(fout: Any) -> list[Any]:
    """The errors that explain a failed oneOf: those of the branch the `type` chose (or, when no
    branch's type matched, the branch with the fewest errors)."""
    takken = getattr(fout.kind, "context", None)
    if not takken:
        return [fout]
    gekozen = [tak for tak in takken if not any(f.kind.name == "const" for f in tak)] or takken
    return [blad for f in min(gekozen, key=len) for blad in _bladeren(f)]


def _valideer(register: str, ref: str, waarde: Any, wat: str) -> None:
    fouten = [blad for f in _validator(register, ref).iter_errors(waarde) for blad in _bladeren(f)]
    if fouten:
        regels = [f"{'/'.join(str(p) for p in f.instance_path)}: {f.message}" for f in fouten[:5]]
        raise AssertionError(
            f"{wat} volgt de OAS niet ({len(fouten)} fout(en)): " + "; ".join(regels)
        )


def _antwoord(spec: dict, operatie: dict, status: int) -> str:
    """The $ref of the schema of the operation's answer with this status."""
    antwoorden = operatie["responses"]
    antwoord = antwoorden.get(str(status)) or antwoorden.get("default")
    assert antwoord is not None, f"De OAS kent status {status} hier niet"
    if "$ref" in antwoord:
        antwoord = spec["components"]["responses"][antwoord["$ref"].rsplit("/", 1)[-1]]
    (inhoud,) = antwoord["content"].values()
    return inhoud["schema"]["$ref"]


def valideer_brp_verzoek(body: dict) -> None:
    """The body of a POST /personen against PersonenQuery (the schema its `type` names)."""
    _valideer("brp", "#/components/schemas/PersonenQuery", body, "Het BRP-verzoek")


def valideer_brp_antwoord(status: int, body: Any) -> None:
    """An answer of POST /personen against the OAS's response for that status."""
    spec = _brp()
    ref = _antwoord(spec, spec["paths"]["/personen"]["post"], status)
    _valideer("brp", ref, body, f"Het BRP-antwoord ({status})")


def valideer_bag_antwoord(path_template: str, status: int, body: Any) -> None:
    """An answer of GET {path_template} (e.g. "/adressen/{nummeraanduidingIdentificatie}") of the
    BAG against the OAS's response for that status."""
    spec = _bag()
    ref = _antwoord(spec, spec["paths"][path_template]["get"], status)
    _valideer("bag", ref, body, f"Het BAG-antwoord ({status})")
