"""The container image definition and the Kubernetes reference deployment (docs/deploy) stay true to
the code: every variable they set is read by iwerk, every command they run exists, every probe
answers. They are documentation (no container engine builds them here), so this is what keeps
them from rotting."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.core.management import get_commands
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "docs" / "deploy"
SETTINGS = (ROOT / "iwerk" / "settings.py").read_text(encoding="utf-8")
CLI = (ROOT / "iwerk" / "cli.py").read_text(encoding="utf-8")


def _manifests() -> list[dict]:
    text = (DEPLOY / "kubernetes" / "iwerk.yaml").read_text(encoding="utf-8")
    return [doc for doc in yaml.safe_load_all(text) if doc]


def _read_by_iwerk(name: str) -> bool:
    # settings.py reads IWERK_* through env_str/env_int/…, "…_FILE" variants included; the
    # serve command reads its own (host, port, workers, threads) in cli.py.
    return f'"{name}"' in SETTINGS or f'"{name}"' in CLI or name == "PYTHONUNBUFFERED"


def _containers(doc: dict) -> list[dict]:
    spec = doc["spec"]
    if doc["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]["containers"]


def test_every_variable_the_deployment_sets_is_read_by_iwerk():
    kinds = {doc["kind"]: doc for doc in _manifests()}
    names = set(kinds["ConfigMap"]["data"]) | set(kinds["Secret"]["stringData"])
    env_lines = re.findall(r"^\s+(\w+)=", (DEPLOY / "Containerfile").read_text(), re.M)
    names |= {n for n in env_lines if n not in {"PATH"}}
    assert "DATABASE_URL" in names and "IWERK_DOCUMENT_STORAGE" in names
    unknown = sorted(n for n in names if not _read_by_iwerk(n))
    assert unknown == []


def test_every_process_runs_a_real_iwerk_command_and_probes_real_endpoints():
    commands = set(get_commands()) | {"serve"}
    seen = set()
    for doc in _manifests():
        if doc["kind"] not in {"Deployment", "Job", "CronJob"}:
            continue
        for container in _containers(doc):
            argv = container.get("args") or container["command"][-1].split()
            name = argv[0] if "args" in container else argv[argv.index("iwerk") + 1]
            assert name in commands, name
            seen.add(name)
            for probe in ("livenessProbe", "readinessProbe"):
                if probe in container:
                    resolve(container[probe]["httpGet"]["path"])  # raises when nothing answers
    # The three process types of docs/operations.md, and the nightly backup.
    assert {"serve", "worker", "migrate", "backup"} <= seen
    containerfile = (DEPLOY / "Containerfile").read_text()
    assert 'ENTRYPOINT ["iwerk"]' in containerfile and 'CMD ["serve"]' in containerfile
