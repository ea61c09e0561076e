"""Autocomplete: service titles completing what the citizen has typed so far."""

from __future__ import annotations

import pytest

from indexer.tantivy_backend import TantivyBackend
from tests.indexer.factories import make_doc

TITLES = [
    ("licence", "صدور گواهی‌نامه رانندگی"),
    ("renew", "تمدید گواهینامه"),
    ("record", "گواهی عدم سوء پیشینه"),
    ("permit", "پروانه ساختمان"),
    ("car", "تعویض پلاک خودرو"),
]


@pytest.fixture
def titled(backend: TantivyBackend) -> TantivyBackend:
    backend.upsert([make_doc(path, title) for path, title in TITLES])
    return backend


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("گواهينا", {"تمدید گواهینامه", "صدور گواهی‌نامه رانندگی"}),  # Arabic ye
        ("گواهی‌نا", {"تمدید گواهینامه", "صدور گواهی‌نامه رانندگی"}),
        ("گواهی نا", {"تمدید گواهینامه", "صدور گواهی‌نامه رانندگی"}),  # half-space typed as space
        ("صدور گو", {"صدور گواهی‌نامه رانندگی"}),
        ("پلاک خ", {"تعویض پلاک خودرو"}),
        ("پروا", {"پروانه ساختمان"}),
        ("xyz", set()),
        ("", set()),
    ],
)
def test_prefix_completes_titles(titled: TantivyBackend, prefix: str, expected: set[str]) -> None:
    assert {c.title for c in titled.complete(prefix)} == expected


def test_titles_starting_with_the_prefix_come_first(titled: TantivyBackend) -> None:
    titles = [c.title for c in titled.complete("گواهی")]
    assert titles[0] == "گواهی عدم سوء پیشینه"


def test_completion_names_the_service_and_agency(titled: TantivyBackend) -> None:
    (only,) = titled.complete("تعویض")
    doc = titled.get(only.id)
    assert doc is not None and doc.title == only.title and only.agency == "پلیس راهور"


def test_limit_is_respected(backend: TantivyBackend) -> None:
    backend.upsert([make_doc(f"p{i}", f"پرداخت عوارض نوع {i}") for i in range(30)])
    assert len(backend.complete("پرداخت", limit=5)) == 5
    assert len(backend.complete("پرداخت", limit=1000)) == 20  # capped
