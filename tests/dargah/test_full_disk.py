"""`dargah crawl` on a full disk: the crawl is failed, says why, and the command exits non-zero;
a read-only data directory is refused naming it.

The index directory is a real 64 KiB tmpfs, so the index's writes fail with ENOSPC as
they do on a full disk (mounting needs root; elsewhere the test is skipped).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from registry.portals import Registry
from registry.reports import CrawlStatus
from sandbox import Province
from tests.dargah.test_cli import dargah, registration_of, write_registration

PORTAL = "abfa-alborz"


@pytest.fixture
def full_index_disk(tmp_path: Path) -> Iterator[Path]:
    index = tmp_path / "index"
    index.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(index)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield index
    finally:
        subprocess.run(["umount", str(index)], check=True)


def test_a_crawl_that_cannot_write_fails_and_the_command_exits_non_zero(
    tmp_path: Path, sandbox_province: Province, full_index_disk: Path
) -> None:
    path = write_registration(tmp_path, registration_of(sandbox_province, PORTAL))
    assert dargah(tmp_path, "portals", "add", str(path)).returncode == 0

    crawled = dargah(tmp_path, "crawl", PORTAL, env={"GATEWAY_ALLOW_PRIVATE_ADDRESSES": "true"})

    assert crawled.returncode == 1, crawled.stdout + crawled.stderr
    assert f"{PORTAL}: failed" in crawled.stdout
    [file] = (tmp_path / "reports" / PORTAL).glob("*.json")
    report = json.loads(file.read_text("utf-8"))
    assert report["status"] == "failed"
    assert report["errors"].get("write_error", 0) >= 1
    assert any("No space left on device" in line for line in report["error_samples"])
    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    try:
        [(_, run)] = registry.runs(PORTAL)
        assert run.status is CrawlStatus.FAILED  # recorded as it ended, not left running
    finally:
        registry.close()


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """``tmp_path/ro``: a read-only bind mount of ``tmp_path/rw`` (fill ``rw`` first)."""
    source, view = tmp_path / "rw", tmp_path / "ro"
    source.mkdir(exist_ok=True)
    view.mkdir()
    mounted = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(source), str(view)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot bind-mount read-only here: {mounted.stderr.strip()}")
    try:
        if (view / ".probe").exists() or _writable(view):
            pytest.skip("the read-only mount is writable here")
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=True)


def _writable(path: Path) -> bool:
    try:
        (path / ".probe").write_text("x")
    except OSError:
        return False
    return True


def test_a_read_only_data_directory_is_named_with_what_to_fix(
    tmp_path: Path, read_only: Path
) -> None:
    """The registry and the index on a read-only filesystem: each refusal names the file
    or directory and says it must be writable (red team round 3: a bare «unable to open
    database file» and tantivy's «Failed to acquire Lockfile», naming nothing)."""
    from indexer.backend import BackendUnavailableError
    from indexer.tantivy_backend import TantivyBackend
    from registry.portals import RegistryError

    TantivyBackend(tmp_path / "rw" / "index").close()  # an index, then seen read-only

    with pytest.raises(RegistryError) as refused:
        Registry(f"sqlite:///{read_only / 'registry.sqlite3'}")
    assert str(read_only / "registry.sqlite3") in str(refused.value)
    assert "writable" in str(refused.value)

    with pytest.raises(BackendUnavailableError) as unavailable:
        TantivyBackend(read_only / "index", readonly=True)
    assert str(read_only / "index") in str(unavailable.value)
    assert "writable" in str(unavailable.value)
