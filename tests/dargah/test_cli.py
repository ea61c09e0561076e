"""The `dargah` command, run as a person runs it: a real process on a real data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dargah.settings import Settings
from registry.portals import Registry
from registry.records import TokenKind
from registry.registration import Registration
from sandbox import Province
from tests.live_server import free_port, province_hosts


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
    # every write is audited, from the command line as from the dashboard
    registry = Registry(Settings(data_dir=tmp_path).registry_url)
    try:
        actions = [(e.actor, e.action) for e in registry.audit_log(target="portal:tax-alborz")]
    finally:
        registry.close()
    assert ("cli", "portal.delete") in actions


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
    # one line per error kind with its count and a sample URL; no traceback; a hint
    assert "Traceback" not in refused.stdout + refused.stderr
    summary = refused.stdout[refused.stdout.index("crawl summary:") :]
    assert "error: refused_private_address" in summary or "errors: refused_private_address" in (
        summary
    )
    origin = sandbox_province.portals["abfa-alborz"].origin
    assert f"refused_private_address ×1 — e.g. {origin}/" in summary
    assert "GATEWAY_ALLOW_PRIVATE_ADDRESSES=true" in refused.stderr

    allowed = {"GATEWAY_ALLOW_PRIVATE_ADDRESSES": "true"}
    crawled = dargah(tmp_path, "crawl", "abfa-alborz", env=allowed)
    assert crawled.returncode == 0, crawled.stdout + crawled.stderr
    assert "abfa-alborz: complete" in crawled.stdout
    assert "GATEWAY_ALLOW_PRIVATE_ADDRESSES" not in crawled.stderr  # nothing to hint at
    assert list((tmp_path / "reports" / "abfa-alborz").glob("*.json"))
    listed = dargah(tmp_path, "portals", "list", "--json")
    [portal] = json.loads(listed.stdout)
    assert portal["agency"] == "abfa-alborz" and portal["last_crawl"]["status"] == "complete"

    found = dargah(tmp_path, "search", "انشعاب آب")
    assert found.returncode == 0
    assert "شرکت آب و فاضلاب استان البرز" in found.stdout
    assert sandbox_province.portals["abfa-alborz"].origin in found.stdout


def test_reindex_rebuilds_an_embedded_index_an_upgrade_refuses(
    tmp_path: Path, sandbox_province: Province
) -> None:
    from indexer.tantivy_backend import SCHEMA_VERSION, TantivyBackend
    from tests.indexer.factories import make_doc

    path = write_registration(tmp_path, registration_of(sandbox_province, "abfa-alborz"))
    assert dargah(tmp_path, "portals", "add", str(path)).returncode == 0
    backend = TantivyBackend(tmp_path / "index")
    backend.upsert(
        [
            make_doc("a", "صدور قبوض آب بهای مشترکین", portal="abfa-alborz", agency="آبفا"),
            make_doc("b", "صدور مجوز حفاری", portal="removed-portal"),
        ]
    )
    backend.close()
    # what an older Dargah left: the same services, indexed under an older analysis
    (tmp_path / "index" / "dargah-schema.json").write_text('{"version": 4}')
    refused = dargah(tmp_path, "search", "آب بها")
    assert refused.returncode != 0 and "rebuild it" in refused.stderr

    rebuilt = dargah(tmp_path, "reindex")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"1 services from 1 portals re-analysed (schema 4 → {SCHEMA_VERSION})" in rebuilt.stdout
    found = dargah(tmp_path, "search", "آب بها")
    assert found.returncode == 0, found.stderr
    assert "صدور قبوض آب بهای مشترکین" in found.stdout


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[str]:
    port, sandbox_port = free_port(), free_port(*province_hosts())
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
        proc.wait(timeout=60)
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


@pytest.mark.slow
def test_a_recrawl_requested_in_the_demo_is_carried_out(demo: str, tmp_path: Path) -> None:
    """The dashboard's button queues a job; the demo's background worker must run it."""
    from gateway_api import registrar
    from registry.records import JobStatus

    registry = registry_in(tmp_path)
    try:
        job = registrar.request_crawl(registry, "agency:abfa-alborz:1", "abfa-alborz")
        deadline = time.monotonic() + 90
        while True:
            [now] = [j for j in registry.jobs("abfa-alborz") if j.id == job.id]
            if now.status in (JobStatus.DONE, JobStatus.FAILED):
                break
            log = (
                (tmp_path / "worker.log").read_text() if (tmp_path / "worker.log").exists() else ""
            )
            assert time.monotonic() < deadline, f"the job stayed {now.status}:\n{log[-2000:]}"
            time.sleep(0.5)
        assert now.status is JobStatus.DONE, now.error
        assert registry.broken_links([doc for doc in _indexed_ids(tmp_path)]) == {}
    finally:
        registry.close()


def _indexed_ids(data_dir: Path) -> list[str]:
    from indexer.backends import open_backend

    backend = open_backend(data_dir / "index", readonly=True)
    try:
        return list(backend.portal_hashes("abfa-alborz"))
    finally:
        backend.close()


# --- tokens and coverage: the registrar's terminal tools --------------------------------------


@pytest.fixture
def gateway_dir(tmp_path: Path, gateway_builder: Any) -> Path:
    """A data dir with an index and a registry (agencies of tests/data/gateway_services.yaml)."""
    data_dir = tmp_path / "data"
    gateway_builder(data_dir)
    return data_dir


def registry_in(data_dir: Path) -> Registry:
    return Registry(Settings(data_dir=data_dir).registry_url)


def test_tokens_are_printed_once_listed_without_secrets_and_revoked(gateway_dir: Path) -> None:
    admin = dargah(gateway_dir, "tokens", "create-admin", "--label", "ict office")
    assert admin.returncode == 0, admin.stderr
    admin_secret = admin.stdout.strip()
    assert admin.stdout.count("\n") == 1 and " " not in admin_secret  # only the token
    assert "shown only now" in admin.stderr

    issued = dargah(gateway_dir, "tokens", "issue", "polis-rahvar", "--label", "webmaster")
    assert issued.returncode == 0, issued.stderr
    agency_secret = issued.stdout.strip()
    assert "for polis-rahvar" in issued.stderr

    registry = registry_in(gateway_dir)
    try:
        admin_principal = registry.authenticate(admin_secret)
        agency_principal = registry.authenticate(agency_secret)
        assert admin_principal is not None and admin_principal.kind is TokenKind.ADMIN
        assert agency_principal is not None and agency_principal.agency_id == "polis-rahvar"

        listed = dargah(gateway_dir, "tokens", "list")
        assert listed.returncode == 0
        header, *rows = listed.stdout.splitlines()
        assert header.split() == ["ID", "KIND", "AGENCY", "STATE", "LABEL"]
        assert len(rows) == 2
        assert "admin" in rows[0] and "active" in rows[0] and "ict office" in rows[0]
        assert "polis-rahvar" in rows[1] and "webmaster" in rows[1]
        for secret in (admin_secret, agency_secret):  # nor any recognisable part of one
            assert secret[-12:] not in listed.stdout + listed.stderr

        revoked = dargah(gateway_dir, "tokens", "revoke", str(agency_principal.token_id))
        assert revoked.returncode == 0, revoked.stderr
        assert registry.authenticate(agency_secret) is None
        assert registry.authenticate(admin_secret) is not None  # only that one
        after = dargah(gateway_dir, "tokens", "list", "--json")
        states = [(row["id"], row["state"]) for row in json.loads(after.stdout)]
        assert states == [
            (admin_principal.token_id, "active"),
            (agency_principal.token_id, "revoked"),
        ]

        again = dargah(gateway_dir, "tokens", "revoke", str(agency_principal.token_id))
        assert again.returncode == 2
        assert f"no active token {agency_principal.token_id}" in again.stderr
    finally:
        registry.close()


def test_a_token_for_an_unknown_agency_is_refused(gateway_dir: Path) -> None:
    result = dargah(gateway_dir, "tokens", "issue", "no-such-agency")
    assert result.returncode == 2
    assert result.stdout == ""  # no token was made, none printed
    assert "no-such-agency" in result.stderr and "dargah agencies" in result.stderr
    assert json.loads(dargah(gateway_dir, "tokens", "list", "--json").stdout) == []


def test_agencies_are_managed_and_tokens_issued_by_persian_name(
    gateway_dir: Path, tmp_path: Path
) -> None:
    added = dargah(gateway_dir, "agencies", "add", "police-alborz", "فرماندهی انتظامی البرز")
    assert added.returncode == 0, added.stderr
    assert "agency_id: police-alborz" in added.stdout  # how its portals join it
    taken = dargah(gateway_dir, "agencies", "add", "police-alborz", "دیگری")
    assert taken.returncode == 2 and "already exists" in taken.stderr
    # a portal whose registration names the agency joins it instead of making its own
    doc = {
        "id": "police-110",
        "agency": "پلیس ۱۱۰",
        "agency_id": "police-alborz",
        "homepage": "https://police110.ir/",
    }
    path = tmp_path / "police-110.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert dargah(gateway_dir, "portals", "add", str(path)).returncode == 0
    listed = dargah(gateway_dir, "agencies", "list", "--json")
    police = next(a for a in json.loads(listed.stdout) if a["id"] == "police-alborz")
    assert police == {
        "id": "police-alborz",
        "name": "فرماندهی انتظامی البرز",
        "portals": ["police-110"],
    }
    table = dargah(gateway_dir, "agencies", "list").stdout.splitlines()
    assert table[0].split() == ["ID", "NAME", "PORTALS"]
    assert not any(line.startswith("police-110") for line in table)  # a portal, not an agency

    renamed = dargah(gateway_dir, "agencies", "rename", "police-alborz", "فراجا البرز")
    assert renamed.returncode == 0, renamed.stderr
    # the Persian name as an operator types it (spaced differently) finds the agency
    issued = dargah(gateway_dir, "tokens", "issue", "فراجا  البرز")
    assert issued.returncode == 0, issued.stderr
    assert "for police-alborz" in issued.stderr
    assert dargah(gateway_dir, "agencies", "rename", "ghost", "روح").returncode == 2


def test_a_portal_overlapping_another_is_refused_naming_both(
    gateway_dir: Path, tmp_path: Path
) -> None:
    registry = registry_in(gateway_dir)
    try:
        taken = next(r for r in registry.list_portals() if r.id == "polis-rahvar")
    finally:
        registry.close()
    doc = {
        "id": "rahvar-2",
        "agency": "پلیس راهور (دوم)",
        "homepage": f"https://www.{taken.allowed_domains[0]}/",
    }
    path = tmp_path / "rahvar-2.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    refused = dargah(gateway_dir, "portals", "add", str(path))
    assert refused.returncode == 2
    assert "'rahvar-2'" in refused.stderr and "'polis-rahvar'" in refused.stderr
    assert "--allow-overlap" in refused.stderr
    assert "rahvar-2" not in dargah(gateway_dir, "portals", "list").stdout
    allowed = dargah(gateway_dir, "portals", "add", "--allow-overlap", str(path))
    assert allowed.returncode == 0, allowed.stderr


@pytest.mark.parametrize(
    ("name", "content", "missing_line"),
    [
        (
            "declared.csv",
            "title\nتعویض پلاک خودرو\nتمديد گواهينامه رانندگي\nصدور کارت سوخت\n",
            "✗ missing (line 4): صدور کارت سوخت",
        ),
        (  # one line of JSON: its services are numbered by position
            "declared.json",
            '[{"title":"تعویض پلاک خودرو"},{"title":"تمدید گواهینامه رانندگی"},'
            '{"title":"صدور کارت سوخت"}]',
            "✗ missing (item 3): صدور کارت سوخت",
        ),
    ],
)
def test_coverage_against_a_declared_file_lists_the_missing(
    gateway_dir: Path, name: str, content: str, missing_line: str
) -> None:
    declared = gateway_dir.parent / name
    declared.write_text(content, encoding="utf-8")
    result = dargah(gateway_dir, "coverage", "polis-rahvar", "--declared", str(declared))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "پلیس راهور استان (polis-rahvar): 2/3 declared services found — coverage 66.7%"
    )
    assert [line.strip() for line in lines if "✗" in line] == [missing_line]
    assert any("✓ تعویض پلاک خودرو" in line for line in lines)
    # a file checked from the terminal is not the catalogue in force: nothing was recorded
    registry = registry_in(gateway_dir)
    try:
        assert registry.catalogue("polis-rahvar") is None
        assert registry.coverage_history("polis-rahvar") == []
    finally:
        registry.close()


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("coverage", "no-such-agency"), "no agency 'no-such-agency'"),
        (("coverage", "polis-rahvar", "--declared", "/nonexistent/declared.csv"), "declared.csv"),
    ],
)
def test_coverage_refuses_what_it_cannot_measure(
    gateway_dir: Path, args: tuple[str, ...], error: str
) -> None:
    result = dargah(gateway_dir, *args)
    assert result.returncode == 2
    assert error in result.stderr and result.stdout == ""


def test_coverage_names_the_bad_rows_of_a_declared_file(gateway_dir: Path) -> None:
    declared = gateway_dir.parent / "declared.csv"
    declared.write_text("title,url\nتعویض پلاک,\n,https://rahvar120.ir/x\n", encoding="utf-8")
    result = dargah(gateway_dir, "coverage", "polis-rahvar", "--declared", str(declared))
    assert result.returncode == 2
    assert "line 3: title is missing" in result.stderr


def test_coverage_without_a_catalogue_says_so_briefly(gateway_dir: Path) -> None:
    result = dargah(gateway_dir, "coverage", "پلیس راهور استان")  # by its Persian name
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("پلیس راهور استان (polis-rahvar): no declared catalogue yet")
    assert "0/0" not in result.stdout and "--declared FILE" in result.stdout
    assert len(lines) < 10  # not every undeclared service: --json has them
