"""Mutation testing of the services of zaken, documenten and incidenten, with mutmut 3.

Usage: python ops/mutatie.py [DOEL ...] [--kinderen N] [--alleen GLOB ...] [--map DIR]
(docs/mutatietests.md)

The doelen (targets) and their fast test selections are in pyproject.toml, [tool.mutmut.doelen];
without DOEL every doel runs, one after the other. Each doel runs in a scratch copy of the working
tree (DIR/DOEL, default $TMPDIR/iwerk-mutatie), so the checkout gets no `mutants/` directory and
edits made meanwhile do not disturb the run. In that copy [tool.mutmut] is the base table plus the
doel's `only_mutate` and tests, and a root conftest.py gives every test session a copy of one
database migrated once (a migrated SQLite file), instead of migrating anew for every mutant.

mutmut is not a project dependency: install it into the virtualenv (`.venv/bin/pip install
"mutmut>=3.8,<4"`) or put it on MUTMUT_PYTHONPATH. Prints, per doel, the counts mutmut exports
(killed, survived, no tests, timeout, ...) and the surviving mutants; the exit status is 0 when
every doel ran, whatever survived.
"""

# ruff: noqa: S603, S607 - the script runs our own commands (rsync, manage.py, mutmut)
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = [".venv", ".git", "var", "mutants", ".hypothesis", ".pytest_cache", ".ruff_cache"]

CONFTEST = '''"""Written by ops/mutatie.py: each test session works on a copy of one migrated database."""

import os
import shutil
import tempfile

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    from django.db import connections

    copy = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False).name
    shutil.copyfile(os.environ["IWERK_MUTATIE_MAL"], copy)
    with django_db_blocker.unblock():
        connections.close_all()
        for alias in connections:
            connections[alias].settings_dict["NAME"] = copy
    yield
    with django_db_blocker.unblock():
        connections.close_all()
    os.unlink(copy)
'''


def _toml(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # strings, lists and booleans: valid TOML too


def _config(pyproject: str, doel: str, alleen: list[str]) -> tuple[str, dict]:
    """pyproject.toml with [tool.mutmut] replaced by one flat table for this doel."""
    tabel = tomllib.loads(pyproject)["tool"]["mutmut"]
    doelen = tabel.pop("doelen")
    if doel not in doelen:
        raise SystemExit(f"Onbekend doel {doel!r}; kies uit {', '.join(doelen)}.")
    instellingen = {
        **tabel,
        "only_mutate": alleen or doelen[doel]["only_mutate"],
        "pytest_add_cli_args_test_selection": doelen[doel]["tests"],
    }
    regels, binnen = [], False
    for regel in pyproject.splitlines():
        if regel.startswith("["):
            binnen = regel.startswith("[tool.mutmut")
        if not binnen:
            regels.append(regel)
    regels += ["", "[tool.mutmut]"] + [f"{k} = {_toml(v)}" for k, v in instellingen.items()]
    return "\n".join(regels) + "\n", instellingen


def run(doel: str, basis: Path, kinderen: int, alleen: list[str]) -> dict:
    werk = basis / doel
    werk.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["rsync", "-a", "--delete", *(f"--exclude=/{s}" for s in SKIP), f"{ROOT}/", f"{werk}/"],
        check=True,
    )
    tekst, _ = _config((ROOT / "pyproject.toml").read_text(), doel, alleen)
    (werk / "pyproject.toml").write_text(tekst)
    eigen = ROOT / "conftest.py"  # a root conftest of the project, if any, comes first
    (werk / "conftest.py").write_text(
        (eigen.read_text() + "\n\n" if eigen.exists() else "") + CONFTEST
    )
    env = {**os.environ, "IWERK_TESTING": "true"}
    env.pop("DATABASE_URL", None)
    mal = werk / "mal.sqlite3"
    if not mal.exists():
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=werk, check=True, env={**env, "DATABASE_URL": f"sqlite:///{mal}"},
        )  # fmt: skip
    env["IWERK_MUTATIE_MAL"] = str(mal)
    if os.environ.get("MUTMUT_PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["MUTMUT_PYTHONPATH"]
    mutmut = ["nice", "-n", "19", sys.executable, "-m", "mutmut"]
    begin = time.monotonic()
    subprocess.run([*mutmut, "run", "--max-children", str(kinderen)], cwd=werk, check=True, env=env)
    duur = time.monotonic() - begin
    subprocess.run([*mutmut, "export-cicd-stats"], cwd=werk, check=True, env=env)
    cijfers = json.loads((werk / "mutants" / "mutmut-cicd-stats.json").read_text())
    overleefd = subprocess.run(
        [*mutmut, "results"], cwd=werk, check=True, env=env, capture_output=True, text=True
    ).stdout
    print(f"\n== {doel}: {json.dumps(cijfers)} in {duur:.0f} s")
    print("\n".join(r for r in overleefd.splitlines() if r.endswith(": survived")))
    return {"doel": doel, "seconden": round(duur), **cijfers}


def main() -> None:
    doelen = list(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]["doelen"])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("doel", nargs="*", help=f"one or more of: {', '.join(doelen)}")
    parser.add_argument("--kinderen", type=int, default=1, help="parallel mutants (default 1)")
    parser.add_argument(
        "--alleen", nargs="+", default=[], help="mutate only these files of the doel (globs)"
    )
    parser.add_argument("--map", type=Path, default=Path(tempfile.gettempdir()) / "iwerk-mutatie")
    args = parser.parse_args()
    if shutil.which("rsync") is None:
        raise SystemExit("rsync ontbreekt (apt-get install rsync).")
    uitkomsten = [run(d, args.map, args.kinderen, args.alleen) for d in args.doel or doelen]
    print("\n" + json.dumps(uitkomsten, indent=2))


if __name__ == "__main__":
    main()
