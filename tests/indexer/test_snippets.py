"""Snippet windows: the same choice as before on ordinary text, bounded work on stuffed text.

Red team 14 F05: a description written as one short word repeated held a mark every few
characters, and choosing the window counted every mark again for each mark, on the citizen's
request thread for every hit. The bound is tested by counting the marks read, never by time.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from typing import SupportsIndex, overload

import pytest

from indexer import snippets
from indexer.normalize import analyze
from indexer.snippets import MAX_MARKS, MAX_SCANNED, snippet_html


def _old_best_start(ranges: list[tuple[int, int]], max_chars: int) -> int:
    """The quadratic choice the linear one must reproduce: the first start holding most."""
    best_start, best_hits = 0, -1
    for s, _ in ranges:
        hits = sum(1 for a, b in ranges if a >= s and b <= s + max_chars)
        if hits > best_hits:
            best_start, best_hits = s, hits
    return best_start


class _CountingRanges(list[tuple[int, int]]):
    """A list that counts how many of its items are read."""

    reads = 0

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for item in super().__iter__():
            self.reads += 1
            yield item

    @overload
    def __getitem__(self, index: SupportsIndex) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> tuple[int, int] | list[tuple[int, int]]:
        self.reads += 1
        return super().__getitem__(index)


def _random_ranges(rng: random.Random, text_len: int) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    pos = rng.randrange(0, 20)
    while pos < text_len - 12:
        length = rng.randrange(1, 12)
        if rng.random() < 0.3:
            ranges.append((pos, pos + length))
        pos += length + rng.randrange(1, 40)
    return ranges


@pytest.mark.parametrize("seed", range(40))
def test_linear_window_chooses_what_the_quadratic_one_chose(seed: int) -> None:
    rng = random.Random(seed)
    text_len = rng.randrange(300, 3000)
    text = "".join(rng.choice("ابپت ") for _ in range(text_len))
    ranges = _random_ranges(rng, text_len)
    max_chars = rng.choice([60, 120, 220])
    expected_best = _old_best_start(ranges, max_chars)
    start, end = snippets._window(text, ranges, max_chars)
    # the same window as the old code: recomputed from the old best start the same way
    old_start = max(0, expected_best - 60) if ranges else 0
    old_end = min(len(text), old_start + max_chars)
    if old_end - old_start < max_chars:
        old_start = max(0, old_end - max_chars)
    if old_start > 0:
        space = text.find(" ", old_start, expected_best if ranges else old_end)
        old_start = space + 1 if space != -1 else old_start
    if old_end < len(text):
        space = text.rfind(" ", old_start, old_end)
        old_end = space if space > old_start else old_end
    assert (start, end) == (old_start, old_end)


def test_window_reads_each_mark_a_bounded_number_of_times() -> None:
    ranges = _CountingRanges((4 * i, 4 * i + 3) for i in range(1250))
    snippets._window("ثبت " * 1250, ranges, 220)
    assert ranges.reads <= 4 * len(ranges)  # the quadratic count read 1,562,500


def test_stuffed_description_chooses_among_a_bounded_number_of_marks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[int] = []
    window = snippets._window

    def spy(text: str, ranges: list[tuple[int, int]], max_chars: int) -> tuple[int, int]:
        seen.append(len(ranges))
        return window(text, ranges, max_chars)

    monkeypatch.setattr(snippets, "_window", spy)
    stuffed = "ثبت سند نوع ۷ " + "ثبت " * 1240
    out = snippet_html(stuffed, analyze("ثبت"))
    assert seen == [MAX_MARKS]
    assert out.startswith("<mark>ثبت</mark> سند نوع ۷ <mark>ثبت</mark>")
    assert len(out.replace("<mark>", "").replace("</mark>", "")) <= 230


class _CountingWords(tuple[str, ...]):
    """A text's word keys that count how many are looked at."""

    read = 0

    def __iter__(self) -> Iterator[str]:
        for key in super().__iter__():
            type(self).read += 1
            yield key


def test_a_stuffed_description_is_looked_at_no_further_than_a_window_past_the_marks_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stuffed = "ثبت سند نوع ۷ " + "ثبت " * 1240
    analysed = snippets._analysed(stuffed)
    counting = dataclasses.replace(analysed, keys=_CountingWords(analysed.keys))
    monkeypatch.setattr(snippets, "_analysed", lambda text: counting)
    _CountingWords.read = 0
    out = snippet_html(stuffed, analyze("ثبت"), ("ثبت",))
    assert _CountingWords.read <= MAX_MARKS + 220 // 2  # of 1,244 words
    plain = out.replace("<mark>", "").replace("</mark>", "")
    assert out.count("<mark>ثبت</mark>") == plain.count("ثبت") > 40  # all marked


def test_words_past_the_scanned_length_are_not_looked_at() -> None:
    text = "کلمه " * (MAX_SCANNED // 5 + 10) + "گذرنامه"
    assert "<mark>" not in snippet_html(text, analyze("گذرنامه"))


def test_ordinary_long_description_is_cut_around_its_densest_matches() -> None:
    text = (
        "این خدمت برای شهروندان است. " * 12
        + "برای صدور گذرنامه و تمدید گذرنامه به دفتر پلیس بروید. "
        + "مدارک لازم را همراه داشته باشید. " * 12
    )
    out = snippet_html(text, analyze("گذرنامه"))
    assert out.startswith("…") and out.endswith("…")
    assert out.count("<mark>گذرنامه</mark>") == 2
