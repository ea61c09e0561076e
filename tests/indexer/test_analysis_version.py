"""The tokens services are indexed under, pinned per analysis version.

An index keeps the tokens of the analysis that built it; a search analysed another way misses
what the two disagree on, silently. So a change to the indexed tokens (normalisation, stems,
compounds, which fields are indexed, or hazm's lexicon) must raise
``indexer.normalize.ANALYSIS_VERSION``: the embedded index then refuses an old index and
Elasticsearch's health says «outdated», both until ``dargah reindex``. This test notices the
change when nobody raised the version.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from indexer.documents import ServiceDocument
from indexer.normalize import ANALYSIS_VERSION, analyze
from indexer.ranking import indexed_fields
from sandbox import PORTAL_IDS, ground_truth

# written forms the analysis folds, joins, splits and stems (one of each kind, at least)
TEXTS = [
    "گواهينامه رانندگی",
    "گواهی‌نامه‌های رانندگی",
    "صدور قبوض آب بهای واحدهای مستقر در شهرک ها",
    "نقل‌وانتقال سند خودرو",
    "مناقصات عمومی و سوابق مصارف برق",
    "تأسیس مؤسسه ١٩٥ و 195",
    "می‌روم برقم گازمو ساختمون",
    "Driving LICENSE <b>alert(1)</b>",
    "آئین نامه اجرایی ماده۱۷",
    "مجوز ورود وخروج و حملونقل پروانه‌ی کسب",
    "عوارض ساختمانی و صورتمجلس تفکیکی کشاورزی، بدهی مشترکین و تامین",
    "رسیدگی به شکایات و ساعات کاری",
    "دفاتر بنادر جداول کتاب (A.I.P) و V.H.F.",
    "گواهی‌های خدمات موسسات و وام دانشجویان",
]
DOC = ServiceDocument(
    id="pinned",
    portal_id="p",
    agency="شرکت توزیع نیروی برق",
    url="https://p.example.ir/1",
    title="درخواست انشعاب برق",
    description="مدارک لازم: کارت ملی",
    category="برق",
    fields={"code": "۲۱۲", "fee": "رایگان"},
    keywords=["انشعاب"],
    crawled_at=datetime(2026, 1, 1, tzinfo=UTC),
)
# ANALYSIS_VERSION -> the digest of the tokens below under it
DIGESTS = {
    2: "a6f4e63e0149d0ff",
    3: "190fd1189ef441c0",
    4: "0a27d630b8bae02e",
    5: "eb9df7ca718aec20",
    6: "181b0196f4b3ab10",
    7: "9da60c3afe72a3a6",
}


def _tokens() -> str:
    titles = [s.title for portal in PORTAL_IDS for s in ground_truth(portal)]
    lines = [" ".join(analyze(text)) for text in [*TEXTS, *titles]]
    lines += [f"{name}: {text}" for name, text in sorted(indexed_fields(DOC).text.items())]
    return "\n".join(lines)


def test_a_change_of_the_indexed_tokens_raises_the_analysis_version() -> None:
    digest = hashlib.sha256(_tokens().encode("utf-8")).hexdigest()[:16]
    assert DIGESTS.get(ANALYSIS_VERSION) == digest, (
        "the tokens services are indexed under changed: raise ANALYSIS_VERSION in "
        "indexer/normalize.py (and the embedded SCHEMA_VERSION's note), say in "
        f"docs/operations.md that `dargah reindex` is needed, and record {digest!r} here"
    )
