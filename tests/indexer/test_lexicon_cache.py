"""The lexicon cache (`dargah search` cold start) gives exactly the analysis without it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json, sys
from pathlib import Path
from indexer import normalize
if sys.argv[1] != "-":
    normalize.use_lexicon_cache(Path(sys.argv[1]))
from indexer.ranking import stopwords
texts = json.loads(sys.argv[2])
print(json.dumps({
    "analyze": [normalize.analyze(t) for t in texts],
    "normalize": [normalize.normalize(t) for t in texts],
    "stopwords": sorted(stopwords()),
}, ensure_ascii=False))
"""
TEXTS = [
    "صدور پروانه ساختمان مسکونی",
    "می‌روم به اداره؛ نمی‌دانم کجا می‌شود گواهی نامه گرفت",
    "ثبت نام آزمون‌های رانندگان",
    "مهندسان سازمان‌ها بزرگ‌تر",
    "كتابهاي ما مي‌خواهيم",  # Arabic letters
    "۱۲۳ 456 ٧٨٩ ﷼ ٪",
    "مي روم",
]


def analysed(cache: str) -> dict[str, object]:
    done = subprocess.run(  # a fresh process: no table is built yet
        [sys.executable, "-c", SCRIPT, cache, json.dumps(TEXTS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_analysis_is_the_same_with_the_cache_built_reused_or_damaged(tmp_path: Path) -> None:
    without = analysed("-")
    assert analysed(str(tmp_path)) == without  # built and stored
    [stored] = tmp_path.glob("hazm-*.marshal")
    assert analysed(str(tmp_path)) == without  # read back
    stored.write_bytes(b"\x00not marshal")
    assert analysed(str(tmp_path)) == without  # a damaged file is rebuilt, never trusted
    assert stored.read_bytes() != b"\x00not marshal"
