"""Production mode refuses to start with insecure settings; the demo and a sound setup start."""

from __future__ import annotations

import os
import subprocess
import sys

SOUND = {
    "IWERK_DEBUG": "false",
    "IWERK_DEMO": "false",
    "IWERK_TESTING": "false",
    "IWERK_SECRET_KEY": "k" * 30 + "-0123456789abcdefghijklmnopqrstuvwxyz",
    "IWERK_ALLOWED_HOSTS": "iwerk.example.nl",
    "IWERK_BASE_URL": "https://iwerk.example.nl",
    "IWERK_CLAMAV": "tcp://clamav:3310",
    "IWERK_AUDIT_SLEUTELS": "2026-1:" + "s" * 40,
}


def _start(env: dict) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter, as `iwerk serve` would (not under pytest)."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("IWERK_")}
    full.update(env, DJANGO_SETTINGS_MODULE="iwerk.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('gestart')"],
        env=full, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_a_sound_production_configuration_starts():
    result = _start(SOUND)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "gestart" in result.stdout


def test_insecure_production_settings_are_refused_with_the_variable_to_fix():
    for change, melding in (
        ({"IWERK_SECRET_KEY": "kort"}, "IWERK_SECRET_KEY is te kort"),
        ({"IWERK_ALLOWED_HOSTS": "*"}, "IWERK_ALLOWED_HOSTS mag geen '*'"),
        ({"IWERK_BASE_URL": "http://iwerk.example.nl"}, "IWERK_BASE_URL moet met https://"),
        ({"IWERK_HSTS_SECONDS": "0"}, "IWERK_HSTS_SECONDS moet minstens"),
        ({"IWERK_SECRET_KEY": ""}, "IWERK_SECRET_KEY (or IWERK_SECRET_KEY_FILE) must be set"),
        ({"IWERK_AUDIT_SLEUTELS": ""}, "IWERK_AUDIT_SLEUTELS is niet ingesteld"),
        ({"IWERK_AUDIT_SLEUTELS": "2026-1:kort"}, "de sleutel '2026-1' is te kort"),
    ):
        result = _start({**SOUND, **change})
        assert result.returncode != 0 and melding in result.stderr, (change, result.stderr[-800:])


def test_secrets_come_from_files_too(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(SOUND["IWERK_SECRET_KEY"] + "\n")
    env = {k: v for k, v in SOUND.items() if k != "IWERK_SECRET_KEY"}
    result = _start({**env, "IWERK_SECRET_KEY_FILE": str(secret)})
    assert result.returncode == 0, result.stderr[-1000:]


def test_production_without_a_virus_scanner_starts_only_when_switched_off_on_purpose():
    zonder = {k: v for k, v in SOUND.items() if k != "IWERK_CLAMAV"}
    result = _start(zonder)
    assert result.returncode != 0 and "IWERK_CLAMAV is niet ingesteld" in result.stderr
    assert "IWERK_CLAMAV=uit" in result.stderr  # the message names the opt-out too
    result = _start({**SOUND, "IWERK_CLAMAV": "clamav:3310"})  # no scheme: a typo, not an address
    assert result.returncode != 0 and "IWERK_CLAMAV moet met unix://" in result.stderr
    for adres in ("uit", "unix:///run/clamav/clamd.ctl"):
        result = _start({**SOUND, "IWERK_CLAMAV": adres})
        assert result.returncode == 0, (adres, result.stderr[-1000:])


def test_the_demo_starts_without_a_virus_scanner():
    result = _start({"IWERK_DEMO": "true", "IWERK_TESTING": "false"})
    assert result.returncode == 0, result.stderr[-1000:]


def test_a_short_demo_secret_is_refused_when_any_process_starts():
    """One rule for every JWT secret: IWERK_DEMO_SECRET is also the test IdP's client secret, so
    `serve` must refuse a short one as `load_demo` and `create-applicatie` do."""
    demo = {"IWERK_DEMO": "true", "IWERK_DEMO_SECRET": "x" * 31}
    result = _start(demo)
    assert result.returncode != 0
    assert "IWERK_DEMO_SECRET: Gebruik een geheim van minstens 32 tekens" in result.stderr
    assert _start({**demo, "IWERK_DEMO_SECRET": "x" * 32}).returncode == 0
