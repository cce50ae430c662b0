"""What a newcomer sees of `make demo`: no mail in the console, one closing block, no build warnings."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from iwerk.autorisaties.services import register_client
from iwerk.demo.management.commands.demo_gereed import blok

ROOT = Path(__file__).resolve().parents[3]


def test_the_demo_writes_mail_to_files_not_to_the_console(tmp_path):
    """The demo's default mail backend is a folder of text files; the console stays readable."""
    env = {**os.environ, "IWERK_DEMO": "true", "IWERK_DATA_DIR": str(tmp_path)}
    env.pop("IWERK_EMAIL_BACKEND", None)
    code = (
        "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)"
    )
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "iwerk.settings"},
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    assert out == ["django.core.mail.backends.filebased.EmailBackend", str(tmp_path / "mail")]


@pytest.mark.django_db
def test_demo_gereed_waits_for_health_then_prints_the_block(live_server, settings):
    settings.DEMO_MODE = True
    register_client(client_id="iwerk-demo", secret="s" * 40, label="demo", alle_autorisaties=True)
    out = io.StringIO()
    call_command("demo_gereed", url=live_server.url, wachttijd=10, stdout=out)
    text = out.getvalue()
    assert text.count("=" * 78) == 2  # one block, framed
    assert f"iwerk draait op {live_server.url}/" in text
    assert "s" * 40 in text  # the API secret
    assert "README.md" in text  # where the table of demo accounts is
    assert f"{live_server.url}/werkplek/" in text and f"{live_server.url}/admin/" in text


@pytest.mark.django_db
def test_demo_gereed_gives_up_with_a_clear_message(settings):
    from django.core.management.base import CommandError

    settings.DEMO_MODE = True
    with pytest.raises(CommandError, match="antwoordt na 1 s niet"):
        call_command("demo_gereed", url="http://127.0.0.1:9", wachttijd=1, stdout=io.StringIO())


def test_block_lines_fit_a_terminal():
    assert all(len(line) <= 100 for line in blok("http://127.0.0.1:8000", "x" * 43).splitlines())


def test_pyproject_builds_without_deprecation_warnings():
    """setuptools ≥ 77 warned (at every step of an install) about a license given as a TOML table."""
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert isinstance(project["project"]["license"], str)  # an SPDX expression (PEP 639)
    assert "setuptools>=77" in project["build-system"]["requires"]
    assert not any("License ::" in c for c in project["project"].get("classifiers", []))


@pytest.mark.django_db
def test_load_demo_prints_no_mail(settings, capsys, tmp_path):
    """load_demo used to print two whole e-mails (console backend) between its summary lines."""
    settings.DEMO_MODE = True
    settings.IWERK_DEMO_ZAKEN_PER_ZAAKTYPE = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"  # the demo's
    settings.EMAIL_FILE_PATH = tmp_path
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue() + capsys.readouterr().out
    assert "Subject:" not in printed and "Content-Type:" not in printed
    assert len(printed.strip().splitlines()) == 2  # the summary and where to find the rest
