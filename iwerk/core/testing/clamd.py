"""A real ClamAV daemon for tests: Debian's clamd with a one-signature test database.

The signature matches exactly MONSTER (a small, otherwise valid-looking PDF), so nothing else on
the machine is ever flagged and no internet signature download is needed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
MONSTER = b"%PDF-1.4\n% iwerk-testvirus X5O!P%@AP\n%%EOF\n"
SIGNATUUR = "Iwerk.Test.Signature.UNOFFICIAL"

vereist = pytest.mark.skipif(
    not os.path.exists(CLAMD) and not os.environ.get("CI"),
    reason="clamd not installed (CI installs Debian's clamav-daemon)",
)


@contextmanager
def running(folder: Path) -> Iterator[str]:
    """clamd with the test signature, its files in folder; yields its address for IWERK_CLAMAV.
    The fixtures `clamd` (one per test module) and `scanner` are in the root conftest."""
    (folder / "db").mkdir()
    (folder / "db" / "iwerk.hdb").write_text(
        f"{hashlib.md5(MONSTER).hexdigest()}:{len(MONSTER)}:Iwerk.Test.Signature\n"  # noqa: S324 - ClamAV's hash signature format
    )
    sock = folder / "clamd.sock"
    (folder / "clamd.conf").write_text(
        f"LocalSocket {sock}\nDatabaseDirectory {folder / 'db'}\nForeground yes\n"
        f"LogFile {folder / 'clamd.log'}\nPidFile {folder / 'clamd.pid'}\nTemporaryDirectory {folder}\n"
    )
    process = subprocess.Popen([CLAMD, "-c", str(folder / "clamd.conf")])
    for _ in range(600):
        if sock.exists():
            break
        time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("clamd did not start: " + (folder / "clamd.log").read_text()[-2000:])
    try:
        yield f"unix://{sock}"
    finally:
        process.terminate()
        process.wait(timeout=10)
