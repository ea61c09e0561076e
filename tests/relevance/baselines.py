"""Baselines the gateway is measured against, computed in the same run on the same records.

Each baseline is plain BM25 (tantivy's, k1=1.2, b=0.75) over text analysed in Python and
indexed pre-tokenised (tantivy's ``whitespace`` tokenizer then sees exactly our tokens). A
query is the OR of its tokens over the title, description and agency fields, the way a stock
``multi_match`` over a stock analyzer behaves; nothing is tuned to the judged queries.

* ``whitespace`` — raw BM25: whitespace tokens, no folding at all.
* ``lucene-fa`` — Lucene's ``PersianAnalyzer`` chain, the one Elasticsearch's ``persian``
  analyzer is built from, reproduced from the Lucene source (apache/lucene,
  ``analysis/fa/PersianAnalyzer.java``, ``PersianNormalizer.java``, ``PersianCharFilter``,
  ``analysis/ar/ArabicNormalizer.java``): ZWNJ → space (``PersianCharFilter``), standard word
  tokens, lower case, decimal digits → ASCII (``DecimalDigitFilter``), ``ArabicNormalizer``
  (آ/أ/إ → ا, ى → ي, ة → ه, harakat and tatweel removed), ``PersianNormalizer`` (ی/ے → ي,
  ک → ك, ۀ/ہ → ه, hamza above removed), then Lucene's Persian stopword list
  (``lucene_fa_stopwords.txt``, the BSD list of J. Savoy that Lucene ships). Lucene 9's
  ``PersianStemFilter`` is left out, as issue 8 specifies the chain without it.
* ``hazm`` — hazm's ``Normalizer`` then ``word_tokenize``; punctuation tokens dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STOPWORDS = Path(__file__).with_name("lucene_fa_stopwords.txt")
FIELDS = ("title", "description", "agency")

Analyzer = Callable[[str], list[str]]


@dataclass(frozen=True)
class Record:
    """What a baseline indexes of a service: the text a citizen could match."""

    id: str
    title: str
    description: str
    agency: str


def whitespace(text: str) -> list[str]:
    return text.split()


# --- Lucene's Persian chain -----------------------------------------------------------------

_ARABIC_NORMALIZER = {
    "\u0622": "\u0627",  # ALEF_MADDA -> ALEF
    "\u0623": "\u0627",  # ALEF_HAMZA_ABOVE
    "\u0625": "\u0627",  # ALEF_HAMZA_BELOW
    "\u0649": "\u064a",  # DOTLESS_YEH -> YEH
    "\u0629": "\u0647",  # TEH_MARBUTA -> HEH
    # TATWEEL and the harakat are deleted
    **{c: "" for c in "\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"},
}
_PERSIAN_NORMALIZER = {
    "\u06cc": "\u064a",  # FARSI_YEH -> YEH
    "\u06d2": "\u064a",  # YEH_BARREE -> YEH
    "\u06a9": "\u0643",  # KEHEH -> KAF
    "\u06c0": "\u0647",  # HEH_YEH -> HEH
    "\u06c1": "\u0647",  # HEH_GOAL -> HEH
    "\u0654": "",  # HAMZA_ABOVE is deleted
}
_LUCENE_TABLE = str.maketrans(_ARABIC_NORMALIZER | _PERSIAN_NORMALIZER)
# StandardTokenizer (UAX#29) keeps combining marks inside a word; \w alone would split on them.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")


def _decimal_digits(token: str) -> str:
    """DecimalDigitFilter: every Unicode decimal digit becomes its ASCII digit."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in token)


@cache
def lucene_stopwords() -> frozenset[str]:
    lines = STOPWORDS.read_text(encoding="utf-8").splitlines()
    # the list is applied after normalisation, so it is normalised the same way
    return frozenset(
        w.translate(_LUCENE_TABLE) for w in (x.strip() for x in lines) if w and w[0] != "#"
    )


def lucene_persian(text: str) -> list[str]:
    text = text.replace("\u200c", " ")  # PersianCharFilter
    stop = lucene_stopwords()
    out = []
    for token in _WORD.findall(text):
        token = _decimal_digits(token.lower()).translate(_LUCENE_TABLE)
        if token and token not in stop:
            out.append(token)
    return out


# --- hazm -----------------------------------------------------------------------------------


@cache
def _hazm() -> tuple[Callable[[str], str], Callable[[str], list[str]]]:
    import hazm

    normalizer = hazm.Normalizer()
    tokenizer = hazm.WordTokenizer()  # built once: it loads hazm's lexicon
    return normalizer.normalize, tokenizer.tokenize


def hazm_tokens(text: str) -> list[str]:
    normalize, tokenize = _hazm()
    return [t for t in tokenize(normalize(text)) if any(c.isalnum() for c in t)]


ANALYZERS: dict[str, Analyzer] = {
    "whitespace": whitespace,
    "lucene-fa": lucene_persian,
    "hazm": hazm_tokens,
}


class Bm25:
    """An in-memory tantivy index of ``records`` analysed by ``analyzer``."""

    def __init__(self, records: Sequence[Record], analyzer: Analyzer) -> None:
        import tantivy

        self._tantivy = tantivy
        self._analyze = analyzer
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("id", stored=True, tokenizer_name="raw")
        for name in FIELDS:
            sb.add_text_field(name, tokenizer_name="whitespace")
        self._schema = sb.build()
        self._index = tantivy.Index(self._schema)
        writer = self._index.writer(heap_size=15_000_000, num_threads=1)
        for r in records:
            writer.add_document(
                tantivy.Document(
                    id=r.id,
                    **{name: " ".join(analyzer(getattr(r, name))) for name in FIELDS},
                )
            )
        writer.commit()
        self._index.reload()
        self._searcher = self._index.searcher()

    def search(self, text: str, k: int = 10) -> list[str]:
        tv = self._tantivy
        terms = dict.fromkeys(self._analyze(text))  # unique, in order
        clauses = [
            (tv.Occur.Should, tv.Query.term_query(self._schema, name, term))
            for term in terms
            for name in FIELDS
        ]
        if not clauses:
            return []
        hits = self._searcher.search(tv.Query.boolean_query(clauses), k).hits
        return [self._searcher.doc(addr)["id"][0] for _score, addr in hits]
