"""Mutation testing of the services of zaken, documenten and incidenten, with mutmut 3.

Usage: python ops/mutatie.py [DOEL ...] [--kinderen N] [--alleen GLOB ...] [--map DIR]
                             [--steekproef N [--zaad S] [--budget MIN]]
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
every doel ran, whatever survived. mutmut's own output goes to DIR/DOEL/mutmut.log.

With --steekproef N the script generates every mutant of a doel, draws N of their names with
random.Random(S).sample (the same S and code give the same sample), runs only those and estimates
the surviving share of the whole population from the sample (a 95 % Wilson interval).
"""

# ruff: noqa: S603, S607 - the script runs our own commands (rsync, manage.py, mutmut)
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import signal
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


# Mutant generation and the one traced test run, without running mutants: the first half of
# `mutmut run` (mutmut 3.8, mutmut/__main__.py: _run). Writes {mutant name: has tests} to a file.
LIJST = """
import json, os, sys
import mutmut.__main__ as m
from mutmut.mutation.trampoline import set_mutant_under_test
from mutmut.utils.format_utils import mangled_name_from_mutant_name

kinderen, uit = int(sys.argv[1]), sys.argv[2]
set_mutant_under_test("mutant_generation")
os.makedirs("mutants", exist_ok=True)
m.copy_src_dir()
m.copy_also_copy_files()
m.setup_source_paths()
m.store_lines_covered_by_tests()
m.create_mutants(kinderen)
m.collect_or_load_stats(m.get_mutant_runner(kinderen), apply_config_invalidation=True)
tests = m.state().tests_by_mangled_function_name
mutanten, _ = m.collect_source_file_mutation_data(mutant_names=())
with open(uit, "w") as f:
    json.dump({
        naam: bool(tests.get(mangled_name_from_mutant_name(naam.replace("__init__.", ""))))
        for _, naam, _ in mutanten
    }, f)
"""


def wilson(x: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval for a proportion x/n."""
    if n == 0:
        return 0.0, 1.0
    p = x / n
    midden = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, midden - half), min(1.0, midden + half)


def _functie(naam: str) -> str:
    """The function a mutant belongs to: the name without mutmut's prefix and counter."""
    module, _, rest = naam.rpartition(".")
    rest = rest.split("__mutmut_")[0]
    rest = rest[2:] if rest.startswith(("x_", "xǁ")) else rest
    return f"{module}.{rest.replace('ǁ', '.').strip('.')}"


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


def run(
    doel: str,
    basis: Path,
    kinderen: int,
    alleen: list[str],
    steekproef: int = 0,
    zaad: int = 0,
    budget: float | None = None,
) -> dict:
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
    log = (werk / "mutmut.log").open("a")  # mutmut's own output (a spinner per mutant)
    if steekproef:
        return _steekproef(doel, werk, env, mutmut, kinderen, steekproef, zaad, budget, log)
    begin = time.monotonic()
    _mutmut([*mutmut, "run", "--max-children", str(kinderen)], werk, env, log, budget)
    duur = time.monotonic() - begin
    subprocess.run([*mutmut, "export-cicd-stats"], cwd=werk, check=True, env=env, stdout=log)
    cijfers = json.loads((werk / "mutants" / "mutmut-cicd-stats.json").read_text())
    overleefd = [n for n, s in _uitslagen(mutmut, werk, env).items() if s == "survived"]
    print(f"\n== {doel}: {json.dumps(cijfers)} in {duur:.0f} s")
    print("\n".join(overleefd))
    return {"doel": doel, "seconden": round(duur), **cijfers, "overleefd": overleefd}


def _mutmut(opdracht: list[str], werk: Path, env: dict, log, budget: float | None) -> None:
    """Run mutmut; after `budget` minutes interrupt it as Ctrl-C would (results so far are kept)."""
    proces = subprocess.Popen(
        opdracht, cwd=werk, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        proces.wait(timeout=budget * 60 if budget else None)
    except subprocess.TimeoutExpired:
        print(f"   budget of {budget} min used up: interrupting mutmut", flush=True)
        os.killpg(proces.pid, signal.SIGINT)
        try:
            proces.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proces.pid, signal.SIGKILL)
            proces.wait()
    if proces.returncode not in (0, -signal.SIGINT):
        raise SystemExit(f"mutmut stopte met {proces.returncode}; zie {werk / 'mutmut.log'}.")


def _uitslagen(mutmut: list[str], werk: Path, env: dict) -> dict[str, str]:
    """Every mutant of the doel with its status, as `mutmut results --all true` lists them."""
    uit = subprocess.run(
        [*mutmut, "results", "--all", "true"],
        cwd=werk, check=True, env=env, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return dict(r.strip().rsplit(": ", 1) for r in uit.splitlines() if ": " in r)


def _steekproef(doel, werk, env, mutmut, kinderen, n, zaad, budget, log) -> dict:
    begin = time.monotonic()
    lijst = werk / "mutants" / "iwerk-mutanten.json"
    print(f"== {doel}: generating mutants and tracing the tests", flush=True)
    subprocess.run(
        [*mutmut[:-2], "-c", LIJST, str(kinderen), str(lijst)],
        cwd=werk, check=True, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    heeft_tests = json.loads(lijst.read_text())
    getrokken = sorted(random.Random(zaad).sample(sorted(heeft_tests), min(n, len(heeft_tests))))
    te_draaien = [naam for naam in getrokken if heeft_tests[naam]]
    print(f"   {len(heeft_tests)} mutants, {len(getrokken)} drawn, running {len(te_draaien)}",
          flush=True)  # fmt: skip
    if te_draaien:
        _mutmut(
            [*mutmut, "run", "--max-children", str(kinderen), *te_draaien], werk, env, log, budget
        )
    alle = _uitslagen(mutmut, werk, env)
    status = {naam: (alle.get(naam, "not checked") if heeft_tests[naam] else "no tests")
              for naam in getrokken}  # fmt: skip
    telling: dict[str, int] = {}
    for s in status.values():
        telling[s] = telling.get(s, 0) + 1
    geprobeerd = len(getrokken) - telling.get("not checked", 0)
    overleefd = sorted(naam for naam, s in status.items() if s == "survived")
    laag, hoog = wilson(len(overleefd), geprobeerd)
    per_functie: dict[str, list[str]] = {}
    for naam in overleefd:
        per_functie.setdefault(_functie(naam), []).append(naam)
    duur = time.monotonic() - begin
    uitkomst = {
        "doel": doel,
        "mutanten": len(heeft_tests),
        "getrokken": len(getrokken),
        "zaad": zaad,
        "geprobeerd": geprobeerd,
        **telling,
        "aandeel_overleefd": round(len(overleefd) / geprobeerd, 3) if geprobeerd else None,
        "interval_95": [round(laag, 3), round(hoog, 3)],
        "schatting_overlevers": [round(laag * len(heeft_tests)), round(hoog * len(heeft_tests))],
        "seconden": round(duur),
        "overleefd": per_functie,
    }
    print(f"\n== {doel}: {json.dumps({k: v for k, v in uitkomst.items() if k != 'overleefd'})}")
    for functie, namen in per_functie.items():
        print(f"   {functie}: {', '.join(naam.rsplit('__mutmut_', 1)[1] for naam in namen)}")
    return uitkomst


def main() -> None:
    doelen = list(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]["doelen"])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("doel", nargs="*", help=f"one or more of: {', '.join(doelen)}")
    parser.add_argument("--kinderen", type=int, default=1, help="parallel mutants (default 1)")
    parser.add_argument(
        "--alleen", nargs="+", default=[], help="mutate only these files of the doel (globs)"
    )
    parser.add_argument("--map", type=Path, default=Path(tempfile.gettempdir()) / "iwerk-mutatie")
    parser.add_argument(
        "--steekproef", type=int, default=0, metavar="N", help="run only N mutants drawn per doel"
    )
    parser.add_argument("--zaad", type=int, default=0, metavar="S", help="seed of the draw")
    parser.add_argument(
        "--budget", type=float, metavar="MIN", help="interrupt mutmut after MIN minutes per doel"
    )
    args = parser.parse_args()
    if shutil.which("rsync") is None:
        raise SystemExit("rsync ontbreekt (apt-get install rsync).")
    uitkomsten = [
        run(d, args.map, args.kinderen, args.alleen, args.steekproef, args.zaad, args.budget)
        for d in args.doel or doelen
    ]
    print("\n" + json.dumps(uitkomsten, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
