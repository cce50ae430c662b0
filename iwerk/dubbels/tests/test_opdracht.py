"""`iwerk registerdubbels`, the doubles of `make demo`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]


def test_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False

    with pytest.raises(CommandError, match="alleen in demo-modus"):
        call_command("registerdubbels")


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_runs_as_a_process_and_says_where(tmp_path):
    poort = _vrije_poort()
    env = {**os.environ, "IWERK_DEMO": "true", "IWERK_DATA_DIR": str(tmp_path)}
    proces = subprocess.Popen(
        [Path(sys.executable).parent / "iwerk", "registerdubbels", "--port", str(poort)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        regel = proces.stdout.readline()
        assert (
            regel.strip()
            == f"Registerdubbels BRP, BAG en KvK luisteren op http://127.0.0.1:{poort}"
        )
        antwoord = requests.get(
            f"http://127.0.0.1:{poort}/lvbag/individuelebevragingen/v2/adressen/0150200000100012",
            timeout=5,
        )
        assert antwoord.json()["adresregel5"] == "Brink 12"
    finally:
        proces.terminate()
        proces.wait(timeout=10)
        proces.stdout.close()
        proces.stderr.close()


def test_make_demo_starts_and_stops_the_doubles_with_the_server():
    demo = (ROOT / "Makefile").read_text().split("\ndemo:", 1)[1].split("\n\n", 1)[0]

    assert "$(BIN)/iwerk registerdubbels & dubbels=$$!" in demo
    assert "trap 'kill $$worker $$dubbels $$server" in demo
    # demo_gereed's block stays the last output: it waits until the doubles listen.
    assert (
        demo.index("registerdubbels")
        < demo.index("/dev/tcp/127.0.0.1/$$poort")
        < demo.index("demo_gereed")
    )
