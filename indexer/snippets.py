"""Search-result snippets: escaped display text with the matched words in <mark>.

Computed in Python from the normalised display text rather than by the engine,
so every backend marks exactly the words the shared analysis matched. Crawled
text is untrusted: everything is HTML-escaped and the only markup in the
result is our own ``<mark>``/``</mark>``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from indexer.normalize import joined_pairs, normalize, word_spans

MAX_CHARS = 220
_CONTEXT_BEFORE = 60
_ANALYSED_TEXTS = 4096  # the descriptions shown most often: popular services recur in results
# Snippets are built on the citizen's request, for every hit of a page (red team 14 F05): a
# description stuffed with one short word holds a mark every few characters. Only words that
# start within the first MAX_SCANNED characters are looked at (a crawled description is at most
# 5,000), and the window is chosen among the first MAX_MARKS marks, so no word further than a
# window past the last of them is looked at either: a hit costs time linear in a bounded
# number of words whatever the text.
MAX_SCANNED = 6_000
MAX_MARKS = 200


def snippet_html(
    text: str,
    query_tokens: Iterable[str],
    prefixes: Iterable[str] = (),
    max_chars: int = MAX_CHARS,
) -> str:
    """A window of ``text`` around the densest run of matches, safe to render.

    A word is marked when its key (or one of its ZWNJ parts / plural base) is a
    query token, when it and its neighbour form a query token together, or
    when its key starts with one of ``prefixes``.
    """
    text_of = _analysed(text)
    display, spans, keys, pairs = text_of.display, text_of.spans, text_of.keys, text_of.pairs
    tokens = set(query_tokens)
    starts = tuple(prefixes)
    marked: set[int] = set()
    scan_to = MAX_SCANNED  # no window reaches a word starting here
    for i, key in enumerate(keys):
        if spans[i][0] >= scan_to:
            break
        if len(marked) >= MAX_MARKS and scan_to == MAX_SCANNED:
            # the window starts at one of the marks so far (all before word i)
            scan_to = min(MAX_SCANNED, spans[i][0] + max_chars)
        if key in tokens or not tokens.isdisjoint(text_of.extras[i]):
            marked.add(i)
        if i < len(pairs) and pairs[i] in tokens:  # a word and the next, joined: both
            marked.update((i, i + 1))
        if starts and key.startswith(starts):
            marked.add(i)
    ranges = [spans[i] for i in sorted(marked)]

    start, end = _window(display, ranges[:MAX_MARKS], max_chars)
    out: list[str] = ["…"] if start > 0 else []
    pos = start
    for s, e in ranges:
        if s < start or e > end:
            continue
        out.append(html.escape(display[pos:s]))
        out.append(f"<mark>{html.escape(display[s:e])}</mark>")
        pos = e
    out.append(html.escape(display[pos:end]))
    if end < len(display):
        out.append("…")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Analysed:
    """One text, analysed once for every query that shows it: its normalised display text
    and, per word, its characters, its key, its extra keys (ZWNJ parts, plural base) and
    its key joined with the next word's. A query then marks words in one pass over them:
    building per-token maps instead cost twice the analysis itself, paid by every search
    that shows a description for the first time."""

    display: str
    spans: tuple[tuple[int, int], ...]
    keys: tuple[str, ...]
    extras: tuple[tuple[str, ...], ...]
    pairs: tuple[str, ...]  # each word's key joined with the next word's


@lru_cache(maxsize=_ANALYSED_TEXTS)
def _analysed(text: str) -> _Analysed:
    display = normalize(text)
    found = word_spans(display)
    keys = tuple(key for _, _, key, _ in found)
    return _Analysed(
        display,
        tuple((start, end) for start, end, _, _ in found),
        keys,
        tuple(extras for _, _, _, extras in found),
        tuple(joined_pairs(keys)),
    )


def _window(text: str, ranges: list[tuple[int, int]], max_chars: int) -> tuple[int, int]:
    """Character window of at most ``max_chars``, cut at spaces, holding most marks.

    ``ranges`` are in text order and do not overlap, so both their starts and their ends
    rise: the marks that fit after a mark's start are counted with a second pointer in one
    pass, rather than by counting all marks again for each (quadratic, red team 14 F05).
    The first start holding the most marks wins, as before.
    """
    if len(text) <= max_chars:
        return 0, len(text)
    best_start, best_hits = 0, -1
    fitting = 0  # marks whose end is within the window of the current start
    for i, (s, _) in enumerate(ranges):
        while fitting < len(ranges) and ranges[fitting][1] <= s + max_chars:
            fitting += 1
        hits = max(0, fitting - i)
        if hits > best_hits:
            best_start, best_hits = s, hits
    start = max(0, best_start - _CONTEXT_BEFORE) if ranges else 0
    end = min(len(text), start + max_chars)
    if end - start < max_chars:
        start = max(0, end - max_chars)
    if start > 0:
        space = text.find(" ", start, best_start if ranges else end)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end
