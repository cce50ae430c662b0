"""requirements.lock covers pyproject.toml: every declared dependency is pinned there, with hashes,
at a version its range allows (`make lock` renews the file)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]


def _pins() -> dict[str, list[tuple[str, list[str]]]]:
    text = (ROOT / "requirements.lock").read_text()
    pins: dict[str, list[tuple[str, list[str]]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;\\]+)", block)
        if m:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
            pins.setdefault(canonicalize_name(m.group(1)), []).append((m.group(2), hashes))
    return pins


def test_every_dependency_is_pinned_with_hashes_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pins = _pins()
    problems = []
    for line in declared:
        req = Requirement(line)
        versions = pins.get(canonicalize_name(req.name))
        if not versions:
            problems.append(f"{req.name}: not in requirements.lock")
            continue
        for version, hashes in versions:
            if not req.specifier.contains(version, prereleases=True):
                problems.append(f"{req.name}=={version} outside {req.specifier}")
            if not hashes:
                problems.append(f"{req.name}=={version} without a hash")
    assert problems == [], "run `make lock`: " + "; ".join(problems)


def test_every_pin_has_hashes():
    assert all(h for versions in _pins().values() for _, h in versions)
    assert len(_pins()) > 50
