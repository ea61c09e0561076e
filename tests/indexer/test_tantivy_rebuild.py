"""Rebuilding the embedded index from the services it stores (indexer/tantivy_rebuild.py): what
an operator runs after an upgrade that changed the analysis, instead of re-crawling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tantivy

from indexer import tantivy_rebuild
from indexer.backend import SearchQuery
from indexer.tantivy_backend import SCHEMA_VERSION, IndexVersionError, TantivyBackend
from indexer.tantivy_rebuild import RebuildError, rebuild
from tests.indexer.factories import make_doc

WATER = [
    make_doc("w1", "صدور قبوض آب بهای واحدهای مستقر در شهرک صنعتی", portal="abfa"),
    make_doc("w2", "تغییر نام پرونده", "انتقال اشتراک آب به نام خریدار", portal="abfa"),
]
GONE = make_doc("g1", "صدور مجوز حفاری", portal="unregistered")


def old_index(path: Path, version: int = SCHEMA_VERSION - 1) -> None:
    """An index that an older Dargah left: the services stored, the schema mark older."""
    backend = TantivyBackend(path)
    backend.upsert([*WATER, GONE])
    backend.close()
    (path / "dargah-schema.json").write_text(json.dumps({"version": version}))


def test_an_old_index_is_refused_then_rebuilt_from_its_stored_services(tmp_path: Path) -> None:
    index = tmp_path / "index"
    old_index(index)
    with pytest.raises(IndexVersionError):
        TantivyBackend(index)

    result = rebuild(index, ["abfa"])

    assert (result.documents, result.previous_version) == (2, SCHEMA_VERSION - 1)
    backend = TantivyBackend(index, readonly=True)
    try:
        assert backend.count() == 2  # the unregistered portal's service is left behind
        assert backend.get(WATER[0].id) == WATER[0]  # every stored field comes back unchanged
        page = backend.search(SearchQuery("آب بها شهرک صنعتی"))
        assert [h.document for h in page.hits][:1] == WATER[:1] and not page.partial
    finally:
        backend.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]  # nothing left beside it


def test_an_index_another_process_writes_to_is_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "index"
    old_index(index)
    monkeypatch.setattr(tantivy_rebuild, "LOCK_WAIT", 0.2)
    writer = tantivy.Index.open(str(index)).writer(heap_size=15_000_000, num_threads=1)
    try:
        with pytest.raises(RebuildError, match="stop the worker"):
            rebuild(index, ["abfa"])
    finally:
        del writer
    marker = json.loads((index / "dargah-schema.json").read_text())
    assert marker == {"version": SCHEMA_VERSION - 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]


def test_no_index_to_rebuild_is_said(tmp_path: Path) -> None:
    with pytest.raises(RebuildError, match="no index"):
        rebuild(tmp_path / "index", ["abfa"])


def test_a_rebuild_killed_between_its_renames_finds_the_old_index_again(tmp_path: Path) -> None:
    index = tmp_path / "index"
    old_index(index)
    index.rename(tmp_path / "index.old")  # moved aside; the new one never took its place
    (tmp_path / "index.rebuild").mkdir()  # and a half-built new one

    assert rebuild(index, ["abfa"]).documents == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]
