"""The embedded search index: tantivy on a local directory.

Text is analysed by :func:`indexer.normalize.analyze` in Python and handed to
tantivy joined by spaces; the fields use a plain whitespace tokenizer, so the
index holds exactly our tokens (as Elasticsearch will). Queries are built from
the same analysis as term queries; user input never reaches tantivy's query
parser.

Concurrency: one crawl process writes while the web process reads. Each
write (``upsert``/``delete``) takes tantivy's writer lock, commits once and
releases it, so a batch is all-or-nothing for readers and a second writer
process waits instead of failing. The OS drops the lock when a writer is
killed; uncommitted files are garbage-collected by the next writer. Readers
notice new commits by a ``stat`` of ``meta.json`` before each search (tantivy
replaces that file atomically on commit) and reload only when it changed.

Query semantics (docs/search-quality.md): services matching every non-stopword
of the query (as itself, as a compound with a neighbouring word, as a ZWNJ part
or plural base; the last word also as a word prefix) come first; when fewer than
PARTIAL_BELOW do, services matching enough of the query's weight (IDF, see
:func:`indexer.ranking.coverage_sets`) follow them, and the page says when the
best ones match only part of the query. If still nothing, words within one or
two typing errors match. An empty query lists
(browses) the services of the agency/category filter sorted by title; an empty
query without a filter returns no hits but the facets over the whole index (a
start page for browsing).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Document, Occur, Query

from indexer.backend import (
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    BackendUnavailableError,
    Completion,
    FacetValue,
    Hit,
    SearchPage,
    SearchQuery,
)
from indexer.documents import ServiceDocument
from indexer.latin import is_latin, latin_rewrites
from indexer.normalize import (
    ANALYSIS_VERSION,
    QueryWord,
    analyze_groups,
    joined_pairs,
    normalize,
)
from indexer.ranking import (
    COMPLETE_BONUS,
    FEW_RESULTS,
    FIELD_BOOSTS,
    FUZZY_FIELDS,
    LAST_RESORT_COVERAGE,
    MAX_RAW_CHARS,
    MIN_PREFIX,
    PAIR_PHRASE_FIELDS,
    PARTIAL_BELOW,
    PHRASE_FIELDS,
    PREFIX_FIELDS,
    PREFIX_WEIGHT,
    TIE_BREAKER,
    complete,
    coverage_bonuses,
    coverage_sets,
    fetch_window,
    fuzzy_distance,
    fuzzy_keys,
    indexed_fields,
    join_split_words,
    latin_reading_wins,
    page_of,
    partial_possible,
    phrase_variants,
    plain_score,
    prefix_terms,
    required,
    rival_terms,
    understood_words,
    url_order,
    utility_words,
    weighted_terms,
    word_weights,
    words_read,
)
from indexer.related import with_related
from indexer.snippets import snippet_html
from indexer.spelling import suggest
from indexer.synonyms import Reading, Synonyms, default_synonyms

TOKENIZER = "dargah_ws"
# 2: stems, vocab; 3: the topic facet; 4: stems in vocab, «X‌وY» split; 5: analysis 2; 6: the
# url_order column; 7: url_order from the address's path and query only. The analysis
# (indexer.normalize.ANALYSIS_VERSION) is recorded beside it and checked too.
SCHEMA_VERSION = 7
SCHEMA_MARKER = "dargah-schema.json"  # in the index directory: the versions it was built with
MAX_OFFSET = 10_000  # deeper pages come back empty: nobody reads them, attackers could ask
MAX_FACETS = 200
WRITER_HEAP = 64_000_000
LOCK_TIMEOUT = 60.0
# Field boosts, match weights and stopwords are shared with Elasticsearch: indexer/ranking.py.
MAX_COMPLETIONS = 20
MAX_EXPANSIONS = 64  # title words the word being typed may complete to
COMPLETION_POOL = 5  # candidates fetched per completion asked, re-ranked in Python


_FACET_AGGS: dict[str, dict[str, Any]] = {
    "agency": {
        "terms": {"field": "portal_id", "size": MAX_FACETS},
        "aggs": {"name": {"terms": {"field": "agency", "size": 1}}},
    },
    "category": {"terms": {"field": "category", "size": MAX_FACETS}},
    "topic": {"terms": {"field": "topic", "size": MAX_FACETS}},
}


_PORTAL_AGG = {"terms": {"field": "portal_id", "size": MAX_FACETS}}
MAX_PORTALS = 100_000  # portals whose agency names are read once per commit
FACET_THREADS = 4  # facet counts running beside ranking searches, per backend
Facets = dict[str, list[FacetValue]]


class IndexVersionError(RuntimeError):
    """The index on disk was built with another schema version: it must be rebuilt."""


class IndexLockedError(RuntimeError):
    """Another process held the index writer lock for longer than the timeout."""


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("portal_id", stored=True, fast=True, tokenizer_name="raw")
    sb.add_text_field("agency", fast=True, tokenizer_name="raw")
    sb.add_text_field("category", fast=True, tokenizer_name="raw")
    sb.add_text_field("topic", fast=True, tokenizer_name="raw")
    sb.add_text_field("title_sort", fast=True, tokenizer_name="raw")
    sb.add_integer_field("url_order", fast=True)  # ties: indexer.ranking.url_order
    sb.add_text_field("hash", stored=True, tokenizer_name="raw")
    for name in FIELD_BOOSTS:
        sb.add_text_field(name, tokenizer_name=TOKENIZER)
    sb.add_text_field("vocab", tokenizer_name=TOKENIZER)  # word keys only: did-you-mean
    sb.add_bytes_field("doc", stored=True, indexed=False)
    return sb.build()


@cache
def _analyzer() -> tantivy.TextAnalyzer:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


class TantivyBackend:
    """:class:`indexer.backend.SearchBackend` on an embedded tantivy index in ``path``."""

    def __init__(
        self, path: Path, *, readonly: bool = False, synonyms: Synonyms | None = None
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._synonyms = synonyms
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._check_version()
            if tantivy.Index.exists(str(self.path)):
                self._index = tantivy.Index.open(str(self.path))
            else:
                self._index = tantivy.Index(_schema(), path=str(self.path))
        except IndexVersionError:
            raise
        except (OSError, ValueError) as exc:  # tantivy says ValueError("Failed to acquire…")
            raise BackendUnavailableError(
                f"the search index {self.path} cannot be opened: {exc}. Even to read it,"
                " tantivy keeps lock files in that directory: it must be writable (not a"
                " read-only filesystem), with room on its disk (GATEWAY_DATA_DIR)"
            ) from exc
        self._schema = self._index.schema
        self._index.register_tokenizer(TOKENIZER, _analyzer())
        self._seen_meta: tuple[int, int, int] | None = None
        self._agency_names: tuple[tantivy.Searcher, dict[str, str]] | None = None
        self._pool: ThreadPoolExecutor | None = None  # counts facets beside the ranking
        self._pool_lock = threading.Lock()  # concurrent searches start one pool
        self._searcher = self._fresh_searcher()

    def _check_version(self) -> None:
        """An index of other fields or other tokens is refused: its services would be
        searched under words today's queries do not use."""
        marker = self.path / SCHEMA_MARKER
        found = schema_stamp(self.path)
        if found is not None:
            version, analysis = found.get("version"), found.get("analysis", 1)
            if (version, analysis) != (SCHEMA_VERSION, ANALYSIS_VERSION):
                raise IndexVersionError(
                    f"index {self.path} has schema version {version} (analysis {analysis}), "
                    f"this code needs {SCHEMA_VERSION} (analysis {ANALYSIS_VERSION}): rebuild it "
                    "with `dargah reindex`, which re-analyses the services it stores (stop the "
                    "gateway and the worker first)"
                )
        elif not self.readonly or not any(self.path.iterdir()):
            tmp = marker.with_suffix(".tmp")
            stamp = {"version": SCHEMA_VERSION, "analysis": ANALYSIS_VERSION}
            tmp.write_text(json.dumps(stamp), encoding="utf-8")
            os.replace(tmp, marker)

    # -- reading -------------------------------------------------------------

    def _meta_stamp(self) -> tuple[int, int, int]:
        try:
            st = os.stat(self.path / "meta.json")
        except FileNotFoundError:
            return (0, 0, 0)
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def generation(self) -> tuple[int, int, int]:
        """Changes on every commit, by any process (see :mod:`indexer.result_cache`)."""
        return self._meta_stamp()

    def _fresh_searcher(self) -> tantivy.Searcher:
        """The current searcher, reloaded if another process (or we) committed since."""
        stamp = self._meta_stamp()
        if stamp != self._seen_meta:
            self._index.reload()
            self._searcher = self._index.searcher()
            self._seen_meta = stamp
        return self._searcher

    def count(self) -> int:
        return int(self._fresh_searcher().num_docs)

    def get(self, doc_id: str) -> ServiceDocument | None:
        searcher = self._fresh_searcher()
        result = searcher.search(Query.term_query(self._schema, "id", doc_id), 1)
        if not result.hits:
            return None
        return _load(searcher.doc(result.hits[0][1]))

    def _stored(self, portal_id: str) -> Iterator[Document]:
        """The stored fields of every service of one portal."""
        return _portal_stored(self._fresh_searcher(), self._schema, portal_id)

    def portal_hashes(self, portal_id: str) -> dict[str, str]:
        return {
            str(doc.get_first("id")): str(doc.get_first("hash")) for doc in self._stored(portal_id)
        }

    def documents(self, portal_ids: Sequence[str]) -> Iterator[ServiceDocument]:
        return stored_services(self._fresh_searcher(), self._schema, portal_ids)

    def search(self, query: SearchQuery) -> SearchPage:
        return with_related(self._search, query)

    def _search(self, query: SearchQuery) -> SearchPage:
        searcher = self._fresh_searcher()
        size = max(1, min(query.size, MAX_PAGE_SIZE))
        offset = (max(query.page, 1) - 1) * size
        too_deep = offset > MAX_OFFSET  # counted, but no hits: see MAX_OFFSET
        if too_deep:
            size, offset = 1, 0
        groups = analyze_groups(query.text[:MAX_QUERY_CHARS])
        agency_filter = self._filter("portal_id", query.agency)
        category_filter = self._filter("category", normalize(query.category or ""))
        # The topic narrows both other filters, so each facet still ignores only its own.
        plain = (agency_filter, category_filter)
        topic_filter = self._filter("topic", query.topic)
        agency_filter = _narrowed(agency_filter, topic_filter)
        category_filter = _narrowed(category_filter, topic_filter)

        def facets_of(base: Query) -> Facets:
            return self._facets(
                searcher,
                base,
                # each facet ignores its own filter, so its siblings stay visible
                {"agency": (category_filter,), "category": (agency_filter,), "topic": plain},
            )

        if not groups:
            base = Query.all_query()
            if agency_filter is None and category_filter is None:
                return SearchPage(0, [], facets_of(base))
            hits, total = self._browse(searcher, base, agency_filter, category_filter, offset, size)
            return SearchPage(total, [] if too_deep else hits, facets_of(base))

        text = query.text[:MAX_QUERY_CHARS]
        synonyms = self.synonyms.with_rules(query.synonyms) if query.synonyms else self.synonyms
        groups = self._join_split_words(searcher, groups, synonyms)
        filters = (agency_filter, category_filter)
        share = query.min_coverage
        suggestion, reason = None, None
        found = self._matches(searcher, groups, filters, offset, size, synonyms, facets_of, share)
        if found.complete < FEW_RESULTS and query.rewrite:
            suggestion, fixed, fixed_groups = self._spell_checked(
                searcher, text, found.complete, agency_filter, category_filter, synonyms
            )
            reason = "spelling" if suggestion else None
            if fixed is not None and not found.complete:
                # Nothing matched every word: show the corrected query's hits (the page
                # says so and links back to the query as typed).
                groups = fixed_groups
                found = replace(
                    self._matches(
                        searcher, groups, filters, offset, size, synonyms, facets_of, share
                    ),
                    corrected=True,
                )
        if not found.complete and query.rewrite and is_latin(text):
            known, understood = self._known(searcher), understood_words(synonyms)
            typed = (found.total, found.complete, words_read(groups, known, understood))
            for rewritten, kind in latin_rewrites(
                text, known, understood, lambda keys: _title_counts(searcher, keys)
            ):
                latin_groups = self._join_split_words(searcher, analyze_groups(rewritten), synonyms)
                retyped = self._matches(
                    searcher, latin_groups, filters, offset, size, synonyms, facets_of, share
                )
                read = words_read(latin_groups, known, understood)
                if latin_reading_wins(typed, (retyped.total, retyped.complete, read)):
                    groups, suggestion, reason = latin_groups, rewritten, kind
                    found = replace(retyped, corrected=True)
                    break
        if not found.total and share is None:
            loose = self._matches(
                searcher, groups, filters, offset, size, synonyms, facets_of, LAST_RESORT_COVERAGE
            )
            found = replace(loose, corrected=found.corrected)
        if not found.total:
            for fuzzy in self._fuzzy_queries(groups):
                filtered = _and(fuzzy, agency_filter, category_filter)
                total, ranked = self._ranked(searcher, filtered, offset, size)
                if total:
                    found = replace(
                        found, matching=fuzzy, total=total, ranked=ranked, partial=True, facets=None
                    )
                    break
        ranked = [] if too_deep else found.ranked
        tokens = [t for group in groups for t in group.terms] if query.marked else []
        marks_prefix = query.marked and groups and len(groups[-1].key) >= MIN_PREFIX
        prefixes = [groups[-1].key] if marks_prefix else []
        hits = [
            Hit(
                doc,
                plain_score(score),
                snippet_html(doc.description or doc.title, tokens, prefixes),
            )
            for score, doc in ranked
        ]
        facets = found.facets.result() if found.facets else facets_of(found.matching)
        return SearchPage(
            found.total,
            hits,
            facets,
            suggestion,
            found.corrected,
            found.partial,
            reason if suggestion else None,
        )

    def _matches(
        self,
        searcher: tantivy.Searcher,
        groups: list[QueryWord],
        filters: tuple[Query | None, Query | None],
        offset: int,
        size: int,
        synonyms: Synonyms,
        facets_of: Callable[[Query], Facets],
        share: float | None,
    ) -> _Found:
        """Services matching every word of the query; when fewer than PARTIAL_BELOW do,
        followed by those matching enough of it (complete ones always first).

        The facets of the matches are counted in another thread while the ranking runs
        (see :meth:`_beside`).
        """
        readings = synonyms.readings(groups)
        words = [self._word_queries(r.words) for r in readings]  # built once for both queries
        scored, matching = self._strict_query(readings, words)
        facets = self._beside(facets_of, matching)
        total, ranked = self._ranked(searcher, _and(scored, *filters), offset, size)
        found = _Found(matching, total, ranked, total, facets=facets)
        if total >= PARTIAL_BELOW or not partial_possible(readings):
            return found
        apart = synonyms.readings(groups, fold=False)
        if apart != readings:
            readings, words = apart, [self._word_queries(r.words) for r in apart]
        coverage = self._coverage_query(searcher, readings, words, share)
        if coverage is None:
            return found
        covering, covered = coverage
        filtered = _and(covering, *filters)
        more_facets = self._beside(facets_of, covered)
        more, more_ranked = self._ranked(searcher, filtered, offset, size)
        if more <= total:
            more_facets.cancel()
            return found
        facets.cancel()
        # Later pages say what the first page says.
        top = self._top_score(searcher, filtered) if offset or not more_ranked else None
        partial = not complete(more_ranked[0][0] if top is None else top)
        return _Found(covered, more, more_ranked, total, partial, facets=more_facets)

    def _beside(self, facets_of: Callable[[Query], Facets], matching: Query) -> Future[Facets]:
        """``facets_of(matching)``, started in another thread now.

        Counting the facets walks every match again; tantivy releases the GIL in both the
        ranking search and the aggregation, so the two run on two cores and a search takes
        about the longer of them instead of their sum. The total work is the same: under
        load the pool only queues.
        """
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(FACET_THREADS, thread_name_prefix="dargah-facets")
            return self._pool.submit(facets_of, matching)

    def _top_score(self, searcher: tantivy.Searcher, query: Query) -> float:
        hits = searcher.search(query, 1, count=False).hits
        return float(hits[0][0]) if hits else 0.0

    @property
    def synonyms(self) -> Synonyms:
        if self._synonyms is None:
            self._synonyms = default_synonyms()
        return self._synonyms

    def _count(self, searcher: tantivy.Searcher, query: Query) -> int:
        return _total(searcher.search(query, 1, count=True))

    def _known(self, searcher: tantivy.Searcher) -> Callable[[str], int]:
        """Document frequency of a word in the index's vocabulary (words only, no extras)."""

        @cache
        def known(key: str) -> int:
            return int(searcher.doc_freq("vocab", key))

        return known

    def _join_split_words(
        self, searcher: tantivy.Searcher, groups: list[QueryWord], synonyms: Synonyms
    ) -> list[QueryWord]:
        """Two query words that the indexed texts write as one («نوبت دهی») become that word.

        The vocabulary decides, so any compound the portals use is found however
        the citizen spaces it, and the query ranks exactly as the joined spelling.
        """
        return join_split_words(groups, self._known(searcher), synonyms.words)

    def _spell_checked(
        self,
        searcher: tantivy.Searcher,
        text: str,
        total: int,
        agency_filter: Query | None,
        category_filter: Query | None,
        synonyms: Synonyms,
    ) -> tuple[str | None, Query | None, list[QueryWord]]:
        """(suggestion, its query, its words) when a corrected query finds more than ``total``.

        The caller shows the corrected query's hits when the citizen's found
        nothing, and keeps the citizen's own hits (offering the suggestion) when
        they found a few.
        """
        corrected = suggest(text, self._known(searcher))
        if corrected is None:
            return None, None, []
        fixed_groups = self._join_split_words(searcher, analyze_groups(corrected), synonyms)
        fixed = self._strict_query(synonyms.readings(fixed_groups))[1]
        if self._count(searcher, _and(fixed, agency_filter, category_filter)) <= total:
            return None, None, []
        return corrected, fixed, fixed_groups

    def _ranked(
        self, searcher: tantivy.Searcher, query: Query, offset: int, size: int
    ) -> tuple[int, list[tuple[float, ServiceDocument]]]:
        """(total, one page of hits); within the top DIVERSITY_WINDOW near-duplicates take turns."""
        start, limit = fetch_window(offset, size)
        result = searcher.search(query, limit, count=True, offset=start)
        addresses = [address for _, address in result.hits]
        orders = searcher.fast_field_values("url_order", addresses) if addresses else []
        fetched = [
            _Stored(searcher, float(score), address, int(order or 0))
            for (score, address), order in zip(result.hits, orders, strict=True)
        ]
        page = page_of(fetched, offset, size, _Stored.scored, _Stored.score_of, _Stored.order_of)
        return _total(result), [hit.scored() for hit in page]

    def complete(self, prefix: str, limit: int = 8) -> list[Completion]:
        """Titles whose words complete ``prefix``; titles that *start* with it come first.

        Every finished word of the prefix must be in the title (in any of its
        spellings); the word being typed begins a title word. Because the
        citizen may be typing the second half of a compound («گواهی نا»), the
        last two words joined are also tried as the word being typed.
        """
        groups = analyze_groups(prefix[:MAX_QUERY_CHARS])
        if not groups:
            return []
        limit = max(1, min(limit, MAX_COMPLETIONS))
        searcher = self._fresh_searcher()
        readings = [self._completion_query(searcher, groups[:-1], groups[-1].key)]
        if len(groups) > 1:
            joined = groups[-2].key + groups[-1].key
            readings.append(self._completion_query(searcher, groups[:-2], joined))
        queries = [q for q in readings if q is not None]
        if not queries:
            return []
        result = searcher.search(_any_of(queries), limit * COMPLETION_POOL, count=False)
        typed = " ".join(g.key for g in groups)
        ranked: list[tuple[bool, int, float, ServiceDocument]] = []
        for score, address in result.hits:
            doc = _load(searcher.doc(address))
            title_key = " ".join(g.key for g in analyze_groups(doc.title))
            ranked.append((not title_key.startswith(typed), len(doc.title), -score, doc))
        ranked.sort(key=lambda r: r[:3])
        out: list[Completion] = []
        seen: set[tuple[str, str]] = set()
        for *_, doc in ranked:
            if (doc.title, doc.agency) not in seen:
                seen.add((doc.title, doc.agency))
                out.append(Completion(doc.id, doc.title, doc.agency))
        return out[:limit]

    def _completion_query(
        self, searcher: tantivy.Searcher, words: list[QueryWord], typing: str
    ) -> Query | None:
        clauses = [
            (
                Occur.Must,
                Query.disjunction_max_query(
                    [Query.term_query(self._schema, "title", t) for t in w.terms]
                ),
            )
            for w in words
        ]
        # The word being typed, expanded to the title words it begins (at most
        # MAX_EXPANSIONS): a bounded term set instead of a prefix scan of every title.
        expansions = [
            t for t, _ in searcher.terms_with_prefix("title", typing, limit=MAX_EXPANSIONS)
        ]
        if not expansions:
            return None
        clauses.append((Occur.Must, Query.term_set_query(self._schema, "title", expansions)))
        return Query.boolean_query(clauses)

    def _filter(self, field: str, value: str | None) -> Query | None:
        return Query.term_query(self._schema, field, value[:MAX_RAW_CHARS]) if value else None

    def _browse(
        self,
        searcher: tantivy.Searcher,
        base: Query,
        agency_filter: Query | None,
        category_filter: Query | None,
        offset: int,
        size: int,
    ) -> tuple[list[Hit], int]:
        query = _and(base, agency_filter, category_filter)
        result = searcher.search(
            query,
            size,
            count=True,
            order_by_field="title_sort",
            offset=offset,
            order=tantivy.Order.Asc,
        )
        hits = []
        for _, address in result.hits:
            doc = _load(searcher.doc(address))
            hits.append(Hit(doc, 0.0, snippet_html(doc.description or doc.title, ())))
        return hits, _total(result)

    def _strict_query(
        self, readings: list[Reading], words: list[list[Query]] | None = None
    ) -> tuple[Query, Query]:
        """(scored, matching): every word of some reading of the query; a document scores
        by its best reading. ``words`` are the readings' :meth:`_word_queries`, when the
        caller has built them already.

        ``matching`` finds the same documents without the clauses that only add to the
        score (phrases, stopwords): what the facets and counts need, at about
        half the engine's work on a query matching most of the index.
        """
        if words is None:
            words = [self._word_queries(r.words) for r in readings]
        scored, matching = [], []
        for reading, clauses in zip(readings, words, strict=True):
            scored.append(
                Query.boost_query(self._text_query(reading.words, clauses), reading.weight)
            )
            matching.append(
                _all_of(q for q, n in zip(clauses, required(reading.words), strict=True) if n)
            )
        return _one_of(scored, Query.disjunction_max_query), _one_of(matching, _any_of)

    def _without_rivals(self, enough: Query, groups: list[QueryWord]) -> Query:
        """``enough`` without the services whose title names a rival of what the query
        names and not that (:func:`indexer.ranking.rival_terms`)."""
        named, others = rival_terms(groups)
        if not others:
            return enough

        def in_title(terms: list[str]) -> Query:
            return _any_of(Query.term_query(self._schema, "title", t) for t in terms)

        rival = Query.boolean_query(
            [(Occur.Must, in_title(others)), (Occur.MustNot, in_title(named))]
        )
        return Query.boolean_query([(Occur.Must, enough), (Occur.MustNot, rival)])

    def _fuzzy_queries(self, groups: list[QueryWord]) -> Iterator[Query]:
        """Words within one or two typing errors: tried when nothing else matched."""
        fuzzy = [
            Query.fuzzy_term_query(self._schema, field, key, distance=fuzzy_distance(key))
            for key in fuzzy_keys(groups)
            for field in FUZZY_FIELDS
        ]
        if fuzzy:
            yield _any_of(fuzzy)

    def _coverage_query(
        self,
        searcher: tantivy.Searcher,
        readings: list[Reading],
        words: list[list[Query]],
        share: float | None,
    ) -> tuple[Query, Query] | None:
        """(scored, matching): services matching enough of some reading's weight
        (:func:`coverage_sets`); those matching every word of a reading score
        COMPLETE_BONUS more. ``matching`` finds the same services without scoring
        (see :meth:`_strict_query`; ``words`` are the readings' word queries). None when no
        word of any reading is in the index."""
        known = self._known(searcher)
        docs = max(1, int(searcher.num_docs))
        queries, matching = [], []
        for reading, clauses in zip(readings, words, strict=True):
            weights = word_weights(reading.words, known, docs)
            sets = coverage_sets(weights, share, utility_words(reading.words))
            if not sets:
                continue
            needed = [q for q, n in zip(clauses, required(reading.words), strict=True) if n]
            covers = [
                Query.const_score_query(clauses[i], bonus) for i, bonus in coverage_bonuses(weights)
            ]
            scored = _any_of([*clauses, *self._phrase_queries(reading.words), *covers])
            enough = self._without_rivals(
                _any_of(_all_of(clauses[i] for i in chosen) for chosen in sets), reading.words
            )
            matching.append(enough)
            every = _all_of(needed)
            queries.append(
                Query.boolean_query(
                    [
                        (Occur.Should, Query.boost_query(scored, reading.weight)),
                        (Occur.Should, Query.const_score_query(every, COMPLETE_BONUS)),
                        (Occur.Must, Query.const_score_query(enough, 0.0)),
                    ]
                )
            )
        if not queries:
            return None
        return _one_of(queries, Query.disjunction_max_query), _one_of(matching, _any_of)

    def _word_queries(self, groups: list[QueryWord]) -> list[Query]:
        """Each group (one query word and its alternatives) is one clause.

        Per word, the best of: the word itself, joined with a neighbour, its stem
        as a plain word, or any word of the same stem (``~stem`` tokens). The last
        word may also be the beginning of a word (the user is still typing, or
        wrote «گواهی» for «گواهینامه»).
        """
        out = []
        for n, group in enumerate(groups, start=1):
            alternatives = [
                Query.boost_query(Query.term_query(self._schema, field, term), boost * weight)
                for term, weight in weighted_terms(group)
                for field, boost in FIELD_BOOSTS.items()
            ]
            if n == len(groups):
                alternatives += [
                    Query.boost_query(
                        Query.phrase_prefix_query(self._schema, field, [key]),
                        FIELD_BOOSTS[field] * PREFIX_WEIGHT * weight,
                    )
                    for key, weight in prefix_terms(group)
                    for field in PREFIX_FIELDS
                ]
            out.append(Query.disjunction_max_query(alternatives, tie_breaker=TIE_BREAKER))
        return out

    def _phrase_queries(self, groups: list[QueryWord]) -> list[Query]:
        """Phrase matches in the title (by the joined pairs of the phrase's words) and in
        the agency name add to the score (see :data:`indexer.ranking.PHRASE_FIELDS`)."""
        out = []
        for keys, weight in phrase_variants(groups):
            pairs = joined_pairs(keys)
            words: list[str | tuple[int, str]] = list(keys)
            out += [
                Query.boost_query(
                    _one_of([Query.term_query(self._schema, field, p) for p in pairs], _all_of),
                    boost * weight,
                )
                for field, boost in PAIR_PHRASE_FIELDS
            ]
            out += [
                Query.boost_query(Query.phrase_query(self._schema, field, words), boost * weight)
                for field, boost in PHRASE_FIELDS
            ]
        return out

    def _text_query(self, groups: list[QueryWord], words: list[Query]) -> Query:
        """Every non-stopword of ``groups`` (their :meth:`_word_queries`, ``words``) must
        match; phrases add to the score. Stopwords count only inside phrases here (see
        :func:`indexer.ranking.required`)."""
        need = required(groups)
        clauses = [(Occur.Must, word) for word, n in zip(words, need, strict=True) if n]
        clauses += [(Occur.Should, q) for q in self._phrase_queries(groups)]
        return Query.boolean_query(clauses)

    def _facets(
        self,
        searcher: tantivy.Searcher,
        base: Query,
        filters: dict[str, tuple[Query | None, ...]],
    ) -> dict[str, list[FacetValue]]:
        """Disjunctive facets: ``base`` narrowed by each facet's own ``filters``.

        Facets narrowed by the same filters (all of them, when nothing is
        filtered) are counted in one aggregation: one pass over the matches.
        """
        shared: dict[frozenset[int], list[str]] = {}
        for name, narrowing in filters.items():
            shared.setdefault(frozenset(id(f) for f in narrowing if f is not None), []).append(name)
        labels = self._portal_agencies(searcher)
        aggs = _FACET_AGGS if labels is None else _FACET_AGGS | {"agency": _PORTAL_AGG}
        found: dict[str, Any] = {}
        for facets in shared.values():
            query = _and(base, *filters[facets[0]])
            found |= searcher.aggregate(query, {name: aggs[name] for name in facets})
        agencies = []
        for bucket in found["agency"]["buckets"]:
            if labels is not None:
                label = labels[bucket["key"]]
            else:
                names = bucket.get("name", {}).get("buckets") or [{"key": bucket["key"]}]
                label = str(names[0]["key"])
            agencies.append(FacetValue(bucket["key"], label, bucket["doc_count"]))
        # Topic labels are the gateway's: ids here.
        others = {
            facet: [
                FacetValue(b["key"], b["key"], b["doc_count"])
                for b in found[facet]["buckets"]
                if b["key"]
            ]
            for facet in ("category", "topic")
        }
        return {"agency": agencies, **others}

    def _portal_agencies(self, searcher: tantivy.Searcher) -> dict[str, str] | None:
        """Each portal's agency name, when every service of the portal names the same one.

        Read once per searcher (once per commit), so the agency facet need not find
        the name under every portal bucket on each search; None (ask per search) when
        some portal's services disagree: the facet then shows the most common name
        among the matches.
        """
        if self._agency_names is None or self._agency_names[0] is not searcher:
            found = searcher.aggregate(
                Query.all_query(),
                {
                    "p": {
                        "terms": {"field": "portal_id", "size": MAX_PORTALS},
                        "aggs": {"name": {"terms": {"field": "agency", "size": 2}}},
                    }
                },
            )["p"]
            names: dict[str, str] = {}
            for bucket in found["buckets"]:
                named = bucket.get("name", {}).get("buckets") or []
                if not named:
                    names[bucket["key"]] = bucket["key"]
                elif len(named) == 1 and named[0]["doc_count"] == bucket["doc_count"]:
                    names[bucket["key"]] = str(named[0]["key"])
                else:
                    names = {}
                    break
            complete = names and not found.get("sum_other_doc_count")
            self._agency_names = (searcher, names if complete else {})
        return self._agency_names[1] or None

    # -- writing -------------------------------------------------------------

    def _writer(self) -> tantivy.IndexWriter:
        if self.readonly:
            raise PermissionError(f"index {self.path} was opened read-only")
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                return self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or time.monotonic() > deadline:
                    if "LockBusy" in str(exc):
                        raise IndexLockedError(
                            f"index {self.path} is locked by another writer"
                        ) from exc
                    raise
                time.sleep(0.05)

    def _commit(self, delete: Sequence[str], add: Sequence[Document] = ()) -> None:
        """Delete the ids, then add the documents, as one commit (rolled back on failure).

        The writer is dropped before returning, even on failure, so the lock is never held
        between calls. An added document outlives a delete of its own id: deletes reach
        only documents added before them.
        """
        writer = self._writer()
        try:
            for doc_id in delete:
                writer.delete_documents_by_term("id", doc_id)
            for doc in add:
                writer.add_document(doc)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        finally:
            del writer

    def upsert(self, docs: Sequence[ServiceDocument]) -> None:
        if not docs:
            return
        latest = {doc.id: doc for doc in docs}  # a batch naming one id twice keeps the last
        self._commit(delete=list(latest), add=[_document(doc) for doc in latest.values()])

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        self._commit(delete=ids)

    def close(self) -> None:
        """Stops the facet threads; nothing else is held between calls (no writer, no lock)."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class _Found:
    """What one reading of the query found: a query matching the same services without
    scoring them (for facets), the total, one page of hits, how many matched every word,
    and whether the best match only part."""

    matching: Query
    total: int
    ranked: list[tuple[float, ServiceDocument]]
    complete: int
    partial: bool = False
    corrected: bool = False
    facets: Future[Facets] | None = None  # of ``matching``, being counted beside the ranking


class _Stored:
    """A hit whose document is read from the index only when the ranking looks at it:
    the diversity re-rank fetches a window of hits but usually needs few of them."""

    __slots__ = ("_address", "_doc", "_searcher", "order", "score")

    def __init__(self, searcher: tantivy.Searcher, score: float, address: Any, order: int) -> None:
        self._searcher = searcher
        self._address = address
        self._doc: ServiceDocument | None = None
        self.score = score
        self.order = order

    def score_of(self) -> float:
        return self.score

    def order_of(self) -> int:
        return self.order

    def scored(self) -> tuple[float, ServiceDocument]:
        if self._doc is None:
            self._doc = _load(self._searcher.doc(self._address))
        return self.score, self._doc


def _title_counts(searcher: tantivy.Searcher, keys: Sequence[str]) -> dict[str, int]:
    """How many services' titles have each term (two-word terms: indexer.latin)."""
    return {key: int(searcher.doc_freq("title", key)) for key in dict.fromkeys(keys)}


def _total(result: tantivy.SearchResult) -> int:
    """Hit count (searched with ``count=True``; tantivy's stub omits the attribute)."""
    return int(getattr(result, "count", 0) or 0)


def _and(base: Query, *filters: Query | None) -> Query:
    active = [f for f in filters if f is not None]
    if not active:
        return base
    return Query.boolean_query([(Occur.Must, base), *((Occur.Must, f) for f in active)])


def _all_of(queries: Iterable[Query]) -> Query:
    return Query.boolean_query([(Occur.Must, q) for q in queries])


def _any_of(queries: Iterable[Query]) -> Query:
    return Query.boolean_query([(Occur.Should, q) for q in queries])


def _one_of(queries: list[Query], combine: Callable[[list[Query]], Query]) -> Query:
    return queries[0] if len(queries) == 1 else combine(queries)


def _narrowed(one: Query | None, other: Query | None) -> Query | None:
    if one is None or other is None:
        return one or other
    return Query.boolean_query([(Occur.Must, one), (Occur.Must, other)])


def _document(doc: ServiceDocument) -> Document:
    fields = indexed_fields(doc)
    payload: dict[str, Any] = {
        **fields.keywords,
        **fields.text,
        "vocab": " ".join(fields.vocabulary),
        "url_order": url_order(doc.url),
        "doc": json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8"),
    }
    return Document(**{k: [v] for k, v in payload.items()})


def schema_stamp(path: Path) -> dict[str, Any] | None:
    """What the index at ``path`` says it was built with (schema and analysis versions);
    None when it says nothing."""
    marker = path / SCHEMA_MARKER
    if not marker.exists():
        return None
    found: dict[str, Any] = json.loads(marker.read_text(encoding="utf-8"))
    return found


def stored_services(
    searcher: tantivy.Searcher, schema: tantivy.Schema, portal_ids: Sequence[str]
) -> Iterator[ServiceDocument]:
    """The services an index stores for ``portal_ids``. Only stored fields are read, so an
    index of any schema version can be read (what a rebuild needs)."""
    for portal_id in portal_ids:
        yield from map(_load, _portal_stored(searcher, schema, portal_id))


def _portal_stored(
    searcher: tantivy.Searcher, schema: tantivy.Schema, portal_id: str
) -> Iterator[Document]:
    query = Query.term_query(schema, "portal_id", portal_id)
    limit = max(1, int(searcher.num_docs))
    for _, address in searcher.search(query, limit, count=False).hits:
        yield searcher.doc(address)


def _load(stored: Document) -> ServiceDocument:
    return ServiceDocument.from_dict(json.loads(bytes(stored.get_first("doc") or b"{}")))
