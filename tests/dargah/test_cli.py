"""The `dargah` command, run as a person runs it: a real process on a real data directory."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.registration import Registration
from sandbox import Province


def dargah(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "GATEWAY_DATA_DIR": str(data_dir), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "dargah.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def write_registration(tmp_path: Path, registration: Registration) -> Path:
    path = tmp_path / f"{registration.id}.json"
    path.write_text(registration.model_dump_json(), encoding="utf-8")
    return path


def registration_of(province: Province, portal_id: str) -> Registration:
    return next(r for r in province.registrations() if r.id == portal_id)


def test_portals_add_list_remove(tmp_path: Path, sandbox_province: Province) -> None:
    path = write_registration(tmp_path, registration_of(sandbox_province, "tax-alborz"))
    added = dargah(tmp_path, "portals", "add", str(path))
    assert added.returncode == 0, added.stderr
    assert "tax-alborz" in dargah(tmp_path, "portals", "list").stdout

    again = dargah(tmp_path, "portals", "add", str(path))
    assert again.returncode == 2
    assert "tax-alborz" in again.stderr  # the error names the portal that already exists
    assert dargah(tmp_path, "portals", "add", "--replace", str(path)).returncode == 0

    removed = dargah(tmp_path, "portals", "remove", "tax-alborz")
    assert removed.returncode == 0, removed.stderr
    assert "tax-alborz" not in dargah(tmp_path, "portals", "list").stdout


def test_a_bad_file_among_good_ones_registers_nothing(
    tmp_path: Path, sandbox_province: Province
) -> None:
    good = write_registration(tmp_path, registration_of(sandbox_province, "tax-alborz"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: water\nagency: آبفا\nhomepage: not-a-url\n", encoding="utf-8")
    result = dargah(tmp_path, "portals", "add", str(good), str(bad))
    assert result.returncode == 2
    assert "homepage" in result.stderr
    assert "no portals registered" in dargah(tmp_path, "portals", "list").stdout


def test_crawl_of_an_unknown_portal_is_refused(tmp_path: Path) -> None:
    result = dargah(tmp_path, "crawl", "no-such-portal")
    assert result.returncode == 2
    assert "no-such-portal" in result.stderr


def test_crawl_then_search_from_the_terminal(tmp_path: Path, sandbox_province: Province) -> None:
    path = write_registration(tmp_path, registration_of(sandbox_province, "abfa-alborz"))
    assert dargah(tmp_path, "portals", "add", str(path)).returncode == 0

    refused = dargah(tmp_path, "crawl", "abfa-alborz")  # loopback is private: refused by default
    assert refused.returncode == 1
    assert "failed" in refused.stdout

    allowed = {"GATEWAY_ALLOW_PRIVATE_ADDRESSES": "true"}
    crawled = dargah(tmp_path, "crawl", "abfa-alborz", env=allowed)
    assert crawled.returncode == 0, crawled.stdout + crawled.stderr
    assert "abfa-alborz: complete" in crawled.stdout
    assert list((tmp_path / "reports" / "abfa-alborz").glob("*.json"))

    found = dargah(tmp_path, "search", "انشعاب آب")
    assert found.returncode == 0
    assert "شرکت آب و فاضلاب استان البرز" in found.stdout
    assert sandbox_province.portals["abfa-alborz"].origin in found.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[str]:
    port, sandbox_port = free_port(), free_port()
    # An index left by an older version of Dargah: the demo must rebuild it, not fail.
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "dargah-schema.json").write_text('{"version": 1}')
    environment = {**os.environ, "GATEWAY_DATA_DIR": str(tmp_path)}
    log = (tmp_path / "demo.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dargah.cli",
            "demo",
            "--port",
            str(port),
            "--sandbox-port",
            str(sandbox_port),
        ],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            output = (tmp_path / "demo.log").read_text()[-3000:]
            assert proc.poll() is None, f"the demo exited:\n{output}"
            assert time.monotonic() < deadline, f"the demo did not start serving:\n{output}"
            try:
                urllib.request.urlopen(base + "/api/agencies", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.mark.slow
def test_demo_serves_the_whole_sandbox_province(demo: str) -> None:
    with urllib.request.urlopen(demo + "/api/agencies") as response:
        agencies = json.load(response)
    assert len(agencies) == 6
    assert sum(agency["count"] for agency in agencies) >= 400
    with urllib.request.urlopen(demo + "/") as response:
        page = response.read().decode("utf-8")
    assert 'dir="rtl"' in page
