"""A crawl process writes while the web process reads; a killed crawl loses nothing committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from indexer import tantivy_backend
from indexer.backend import SearchQuery
from indexer.tantivy_backend import IndexLockedError, TantivyBackend
from tests.indexer.factories import make_doc

REPO = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from indexer.tantivy_backend import TantivyBackend, _document
    from tests.indexer.factories import make_doc

    index, mode, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    backend = TantivyBackend(index)
    batch = [make_doc(f"{mode}{i}", f"خدمت {mode} شماره {i}", "درخواست آنلاین") for i in range(n)]
    if mode == "batch":
        backend.upsert(batch)
        print("committed", flush=True)
    elif mode == "hang":
        # Take the writer lock, add a whole batch, then die before committing.
        writer = backend._writer()
        for doc in batch:
            writer.add_document(_document(doc))
        print("adding", flush=True)
        time.sleep(60)
    elif mode == "big":
        print("adding", flush=True)
        backend.upsert(batch)
        print("committed", flush=True)
    """
)


def spawn(tmp_path: Path, index: Path, mode: str, n: int) -> subprocess.Popen[str]:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(script), str(index), mode, str(n)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_reader_sees_another_process_commit_whole(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    reader = TantivyBackend(index, readonly=True)
    assert reader.search(SearchQuery("خدمت")).total == 0
    proc = spawn(tmp_path, index, "batch", 300)
    seen: set[int] = set()
    while proc.poll() is None:
        seen.add(reader.search(SearchQuery("خدمت")).total)
        time.sleep(0.005)
    assert proc.returncode == 0
    seen.add(reader.search(SearchQuery("خدمت")).total)
    assert seen <= {0, 300}, f"a reader saw a partial batch: {sorted(seen)}"
    assert reader.count() == 300  # the same reader object, no restart


def test_sigkill_mid_batch_keeps_committed_documents(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    first = [make_doc(f"old{i}", f"گذرنامه شماره {i}") for i in range(20)]
    TantivyBackend(index).upsert(first)

    proc = spawn(tmp_path, index, "hang", 500)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "adding"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    after = TantivyBackend(index)
    assert after.count() == 20
    assert after.search(SearchQuery("گذرنامه")).total == 20
    assert after.search(SearchQuery("خدمت")).total == 0
    after.upsert([make_doc("new", "خدمت تازه")])  # the dead writer's lock is gone
    assert after.count() == 21


def test_sigkill_during_public_upsert_leaves_index_usable(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    TantivyBackend(index).upsert([make_doc("old", "گذرنامه")])
    proc = spawn(tmp_path, index, "big", 3000)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "adding"
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    after = TantivyBackend(index)
    assert after.count() in (1, 3001)  # all of the batch or none of it
    assert after.search(SearchQuery("گذرنامه")).total == 1
    after.upsert([make_doc("new", "خدمت تازه")])
    assert after.get(make_doc("new", "").id) is not None


def test_second_writer_waits_for_the_lock_then_reports_who_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "ix"
    backend = TantivyBackend(index)
    proc = spawn(tmp_path, index, "hang", 1)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "adding"
        monkeypatch.setattr(tantivy_backend, "LOCK_TIMEOUT", 0.3)
        started = time.monotonic()
        with pytest.raises(IndexLockedError, match="locked by another writer"):
            backend.upsert([make_doc("x", "خدمت")])
        assert time.monotonic() - started >= 0.3
    finally:
        proc.kill()
        proc.wait(timeout=10)
    backend.upsert([make_doc("x", "خدمت")])
    assert backend.count() == 1
