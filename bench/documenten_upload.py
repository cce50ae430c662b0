"""Upload and download of one large document through the real server (granian), with memory measured.

Usage: python bench/documenten_upload.py [--megabytes 200] [--part-megabytes 16] [--write]

Creates the document with only a bestandsomvang (so it gets bestandsdelen), uploads every part
as multipart/form-data streamed from a generator, unlocks (which merges the parts), downloads
it again and checks the SHA-256. Reports MB/s both ways and the peak resident memory (VmHWM)
of every server process: a server that buffered the file would show a peak above its size.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogi_load import ROOT, SECRET, free_port, token, wait_healthy, write_block  # noqa: E402

BLOCK = hashlib.sha256(b"iwerk").digest() * 32768  # 1 MiB, not compressible by accident


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found + [c for child in found for c in _children(child)]


def _peak_rss_mib(pid: int) -> float:
    peaks = []
    for p in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return round(max(peaks), 1)


def _multipart(lock: str, size: int, boundary: str):
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="lock"\r\n\r\n{lock}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="inhoud"; filename="deel"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body():
        yield head
        sent = 0
        while sent < size:
            chunk = BLOCK[: min(len(BLOCK), size - sent)]
            sent += len(chunk)
            yield chunk
        yield tail

    return body(), len(head) + size + len(tail)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--part-megabytes", type=int, default=16)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    size = args.megabytes * 1024 * 1024
    tmp = tempfile.mkdtemp(prefix="iwerk-upload-bench-")
    port = free_port()
    env = {
        **os.environ,
        "IWERK_DEMO": "true",
        "IWERK_DATA_DIR": tmp,
        "IWERK_PORT": str(port),
        "IWERK_DEMO_SECRET": SECRET,
        "IWERK_LOG_LEVEL": "WARNING",
        "IWERK_DEMO_ZAKEN_PER_ZAAKTYPE": "0",
        "IWERK_DOCUMENT_PART_SIZE": str(args.part_megabytes * 1024 * 1024),
    }
    python = sys.executable
    subprocess.run([python, "-m", "iwerk.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [python, "-m", "iwerk.cli", "load_demo"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    iot = subprocess.run(
        [
            python,
            "-c",
            "import django; django.setup()\n"
            "from iwerk.catalogi.models import InformatieObjectType as I\n"
            "i = I.objects.filter(concept=False).select_related('tenant').first()\n"
            "print(i.uuid, i.tenant.rsin)",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "iwerk.settings"},
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    server = subprocess.Popen(
        [python, "-m", "iwerk.cli", "serve", "--log-level", "warning"], env=env, cwd=ROOT
    )
    auth = {"Authorization": f"Bearer {token()}"}
    try:
        wait_healthy(port, tries=100)
        idle_rss = _peak_rss_mib(server.pid)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        body = {
            "bronorganisatie": iot[1],
            "creatiedatum": "2026-11-29",
            "titel": "Bouwtekeningen (groot bestand)",
            "auteur": "Architectenbureau",
            "taal": "dut",
            "formaat": "application/octet-stream",
            "bestandsnaam": "tekeningen.bin",
            "bestandsomvang": size,
            "inhoud": None,
            "informatieobjecttype": f"http://127.0.0.1:{port}/catalogi/api/v1/informatieobjecttypen/{iot[0]}",
        }
        conn.request(
            "POST",
            "/documenten/api/v1/enkelvoudiginformatieobjecten",
            json.dumps(body),
            {**auth, "Content-Type": "application/json"},
        )
        created = json.loads(conn.getresponse().read())
        lock = created["lock"]
        started = time.perf_counter()
        for part in created["bestandsdelen"]:
            boundary = uuid.uuid4().hex
            stream, length = _multipart(lock, part["omvang"], boundary)
            conn.putrequest("PUT", part["url"].split(str(port), 1)[1])
            for key, value in {
                **auth,
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(length),
            }.items():
                conn.putheader(key, value)
            conn.endheaders()
            for chunk in stream:
                conn.send(chunk)
            response = conn.getresponse()
            assert response.status == 200, response.read()
            response.read()
        path = created["url"].split(str(port), 1)[1]
        conn.request(
            "POST",
            f"{path}/unlock",
            json.dumps({"lock": lock}),
            {**auth, "Content-Type": "application/json"},
        )
        unlocked = conn.getresponse()
        unlocked.read()
        assert unlocked.status == 204
        upload_seconds = time.perf_counter() - started
        conn.request("GET", path, headers=auth)
        document = json.loads(conn.getresponse().read())
        started = time.perf_counter()
        conn.request("GET", f"{path}/download", headers=auth)
        response = conn.getresponse()
        digest, received = hashlib.sha256(), 0
        while chunk := response.read(1024 * 1024):
            digest.update(chunk)
            received += len(chunk)
        download_seconds = time.perf_counter() - started
        expected = hashlib.sha256()
        for part in created["bestandsdelen"]:
            left = part["omvang"]
            while left:
                chunk = BLOCK[: min(len(BLOCK), left)]
                expected.update(chunk)
                left -= len(chunk)
        assert received == size and digest.hexdigest() == expected.hexdigest(), "content differs"
        peak_rss = _peak_rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    result = {
        "megabytes": args.megabytes,
        "parts": len(created["bestandsdelen"]),
        "upload_mb_s": round(args.megabytes / upload_seconds, 1),
        "download_mb_s": round(args.megabytes / download_seconds, 1),
        "server_peak_rss_mib": peak_rss,
        "server_idle_rss_mib": idle_rss,
        "versie_bestandsomvang": document["bestandsomvang"],
    }
    print(json.dumps(result))
    if args.write:
        _record(result, args)


def _record(result: dict, args) -> None:
    from datetime import UTC, datetime

    write_block(
        "documenten-upload-bench",
        f"**x86_64, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"{'PostgreSQL' if os.environ.get('DATABASE_URL', '').startswith('postgres') else 'SQLite'}**"
        f" — one {result['megabytes']} MB document in {result['parts']} bestandsdelen of "
        f"{args.part_megabytes} MB, measured {datetime.now(UTC):%Y-%m-%d}.\n\n"
        "| upload MB/s (parts + merge) | download MB/s | server peak RSS MiB | server RSS before MiB |\n"
        "| ---: | ---: | ---: | ---: |\n"
        f"| {result['upload_mb_s']} | {result['download_mb_s']} | {result['server_peak_rss_mib']} "
        f"| {result['server_idle_rss_mib']} |",
        heading="Documenten API: a 200 MB upload in bestandsdelen",
    )


if __name__ == "__main__":
    main()
