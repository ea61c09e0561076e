"""Ranking shared by every search backend: weights, indexed fields and post-processing.

The embedded index and Elasticsearch must rank alike, so everything that
decides *what* is indexed and *how much* a match counts lives here once:
the fields a service is indexed with (as analysed token strings), the field
boosts and the weights of each kind of match, the stopwords, the joining of
split words from the vocabulary, the diversity re-rank of the top hits and
the batching glue that lets an engine answer did-you-mean lookups in a few
requests. The backends only translate this into their own query objects
(tantivy queries, Elasticsearch JSON); ``tests/indexer/test_ranking.py``
checks that both read their constants from here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import chain, combinations, islice, pairwise
from urllib.parse import urlsplit

import yaml

from indexer.documents import ServiceDocument
from indexer.normalize import (
    STEM_MARK,
    QueryWord,
    analyze,
    analyze_groups,
    analyze_split,
    be_variants,
    is_common_word,
    normalize,
    number_forms,
    spoken_forms,
)
from indexer.spelling import suggest, two_words
from indexer.synonyms import SYNONYM_WEIGHT, Reading, Synonyms
from indexer.topics import default_taxonomy

__all__ = [
    "AGENCY_PHRASE_BOOST",
    "COMPLETE_BONUS",
    "COMPOUND_WEIGHT",
    "DIVERSITY_WINDOW",
    "FEW_RESULTS",
    "FIELD_BOOSTS",
    "FUZZY_FIELDS",
    "MAX_RAW_CHARS",
    "MIN_COVERAGE",
    "MIN_FUZZY",
    "MIN_PREFIX",
    "PAIR_PHRASE_FIELDS",
    "PARTIAL_BELOW",
    "PHRASE_BOOST",
    "PHRASE_FIELDS",
    "PREFIX_FIELDS",
    "PREFIX_WEIGHT",
    "STEM_WEIGHT",
    "SYNONYM_WEIGHT",
    "TIE_BREAKER",
    "TIE_TOLERANCE",
    "BatchedVocabulary",
    "IndexedFields",
    "complete",
    "coverage_sets",
    "diversified",
    "fetch_window",
    "fuzzy_distance",
    "fuzzy_keys",
    "indexed_fields",
    "join_candidates",
    "join_split_words",
    "page_of",
    "partial_possible",
    "phrase_variants",
    "plain_score",
    "prefix_terms",
    "required",
    "rival_terms",
    "stopwords",
    "understood_words",
    "url_order",
    "utility_words",
    "weighted_terms",
    "word_weights",
    "words_read",
    "written_forms",
]

# Analysed fields and their weight in ranking.
FIELD_BOOSTS: dict[str, float] = {
    "title": 4.0,
    "agency_text": 1.5,
    "category_text": 1.5,
    "body": 1.2,  # keywords and extra fields
    "description": 1.0,
}
# A match through an alternative spelling counts a little less than the word itself:
# a compound with the neighbour («گواهی نامه» → «گواهینامه») almost as much, another
# inflection of the same stem («مهندسان» for «مهندس») less.
COMPOUND_WEIGHT = 0.9
STEM_WEIGHT = 0.6
PREFIX_WEIGHT = 0.4  # the last query word as the start of a longer word
PREFIX_FIELDS = ("title", "agency_text")
TIE_BREAKER = 0.3  # per word: the best spelling counts, the others a little
MIN_PREFIX = 2
MIN_FUZZY = 4  # shorter words have too many neighbours one edit away
FUZZY_FIELDS = ("title", "agency_text", "description")
PHRASE_BOOST = 2.0
AGENCY_PHRASE_BOOST = 12.0  # «ثبت اسناد» names the registry: its services come first
# Phrases add to the score. In titles a phrase is found by the joined pairs of its words,
# which every indexed text carries (:func:`indexer.normalize.joined_pairs`): «ثبت درخواست» is
# the term «ثبتدرخواست», a longer phrase all its pairs. Term lookups instead of word positions,
# so a title phrase costs almost nothing on a query matching most of the index
# (docs/architecture.md). The agency name keeps the engine's phrase query: its weight, the sum
# of the words' IDF, is what lets a query naming an agency bring that agency's services first
# (a pair's own IDF is about half of it), and agency names are short. No description phrase
# (it moved no judged figure) and no proximity bonus (words near each other in the title but
# not adjacent: it moved no judged figure either, and was a sixth of a broad search).
PAIR_PHRASE_FIELDS: tuple[tuple[str, float], ...] = (("title", PHRASE_BOOST),)
PHRASE_FIELDS: tuple[tuple[str, float], ...] = (("agency_text", AGENCY_PHRASE_BOOST),)
FEW_RESULTS = 3  # fewer hits than this and a better-spelled query is suggested
DIVERSITY_WINDOW = 50  # top hits re-ranked so near-duplicates of one agency take turns
MAX_NEAR_DUPLICATES = 2  # per agency and title pattern, before other services get a turn
DIVERSITY_MIN_RATIO = 0.7  # ... but only to services scoring at least this share as well
MAX_RAW_CHARS = 300  # keyword fields hold one term each; engines cap term size
# Partial matching (see :func:`coverage_sets`): when fewer services than this match every
# word, services matching enough of the query follow them. A service matching every word
# scores COMPLETE_BONUS more, so complete matches always rank above partial ones (no
# engine score comes near it) and a hit tells by its score which kind it is.
PARTIAL_BELOW = 50
COMPLETE_BONUS = 10_000.0
MAX_COVERAGE_WORDS = 6  # only the rarest words of a longer query decide coverage
# Share of the query's weight a partial match must carry, whatever the query's length: of two
# words the rarer one alone is enough (or either, if they are about as rare); a longer query
# admits the siblings sharing a third of its weight («درخواست وصل جریان گاز مشترکین بدهکار» →
# «دستورکار وصل گاز»), after its complete matches. On the external set's dev split (make eval)
# a half for three or four words and three fifths for more gave nDCG@10 0.877 and recall@10
# 0.898, a third 0.888 and 0.921 (docs/search-quality.md).
MIN_COVERAGE = 1 / 3
# Among partial matches, each query word a service matches adds COVERAGE_WEIGHT times the
# word's weight (its IDF, :func:`word_weights`) however often or in how long a text it
# occurs: the more of the query a service covers, the higher it ranks (Lucene's old
# coordination factor, by weight). Without it a title carrying two words of «قبض آب به نام
# خریدار» outranked the service whose description carries three. On the external set's dev
# split (make eval) 2, 4 and 8 gave nDCG@10 0.909, 0.911 and 0.910 against 0.904 without
# (docs/search-quality.md).
COVERAGE_WEIGHT = 4.0
# The last resort, before words one or two typing errors away: when no service carries
# MIN_COVERAGE of the query's weight (a long query, four or more words that count and none
# holding a third of the weight: «روستای ما امام جماعت نداره چطوری یه روحانی دائمی بیاد»),
# services matching any of its words follow, ranked by the weight they cover. The typo
# neighbours of every word had shown forecasts for «دائمی» («آماری») instead of the one
# service saying «روحانی».
LAST_RESORT_COVERAGE = 0.0
MIN_SPLIT = 5  # shorter unknown words are not read as two words run together


@cache
def stopwords() -> frozenset[str]:
    """Stopwords as token keys: optional in a query unless it has nothing else.

    hazm's list, plus the polite and question words citizens wrap around a
    request (``indexer/data/query_stopwords.yaml``): «چطور میتونم ... بگیرم»
    should match the services about the rest of the query completely.
    """
    from indexer.normalize import hazm_stopwords

    content = {t for w in _word_list("content_words.yaml") for t in analyze(w)[:1]}
    hazm = {t for w in hazm_stopwords() for t in analyze(w)[:1]} - content
    return frozenset(hazm | {t for w in query_stopwords() for t in analyze(w)[:1]})


def query_stopwords() -> list[str]:
    """The gateway's own query stopwords (a YAML list of words), checked as read."""
    return _word_list("query_stopwords.yaml")


def _word_list(name: str) -> list[str]:
    """A YAML list of words of ``indexer/data``, checked as read."""
    source = resources.files("indexer") / "data" / name
    words = yaml.safe_load(source.read_text(encoding="utf-8"))
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise ValueError(f"{name}: expected a list of words")
    return words


# -- what a service is indexed with ---------------------------------------------------


@dataclass(frozen=True)
class IndexedFields:
    """One service as both engines index it.

    ``keywords`` are single terms (ids, facets, sorting); ``text`` maps each
    field of :data:`FIELD_BOOSTS` to its analysed tokens joined by spaces (the
    engines split only at spaces); ``vocabulary`` is the service's word keys
    without extras, what did-you-mean and the joining of split words consult.
    """

    keywords: dict[str, str]
    text: dict[str, str]
    vocabulary: tuple[str, ...]


def indexed_fields(doc: ServiceDocument) -> IndexedFields:
    keywords = " ".join(doc.keywords)
    # a detail's value is the service's text; its name is not («code», «fee», «documents»:
    # indexed, every service with a code field matched the Latin query «code posti»)
    extra = " ".join(doc.fields.values())
    text: dict[str, str] = {}
    vocabulary: set[str] = set()
    for name, source in (
        ("title", doc.title),
        ("agency_text", doc.agency),
        ("category_text", doc.category),
        ("body", f"{keywords}\n{extra}"),
        ("description", doc.description),
    ):
        words, extras = analyze_split(source)
        text[name] = " ".join(words + extras)
        vocabulary.update(words)
        # Stems too: «شهرک‌های» makes «شهرک» a known word for did-you-mean and weights.
        vocabulary.update(t[1:] for t in extras if t.startswith(STEM_MARK) and "#" not in t)
    return IndexedFields(
        keywords={
            "id": doc.id,
            "portal_id": doc.portal_id,
            "agency": normalize(doc.agency)[:MAX_RAW_CHARS],
            "category": normalize(doc.category)[:MAX_RAW_CHARS],
            "title_sort": normalize(doc.title)[:MAX_RAW_CHARS],
            # documents from before the taxonomy (reindexed as they were) are filed by the rules
            "topic": doc.topic or default_taxonomy().classify(doc),
            "hash": doc.content_hash,
        },
        text=text,
        vocabulary=tuple(sorted(vocabulary)),
    )


# -- what a query word matches, and how much it counts ------------------------------------


def weighted_terms(group: QueryWord) -> list[tuple[str, float]]:
    """The index terms that satisfy one query word, each with the weight of such a match:
    its own spellings, then its one-word synonyms' at SYNONYM_WEIGHT (a term both
    have counts once, at the higher weight)."""
    weighted = {group.key: 1.0}
    for term, weight in (
        *((t, COMPOUND_WEIGHT) for t in group.compounds),
        *((t, STEM_WEIGHT) for t in (*group.parts, *group.stem_terms)),
        *(
            (t, w * SYNONYM_WEIGHT)
            for synonym in group.synonyms
            for t, w in weighted_terms(synonym)
        ),
    ):
        weighted[term] = max(weight, weighted.get(term, 0.0))
    return list(weighted.items())


def prefix_terms(group: QueryWord) -> list[tuple[str, float]]:
    """What the last query word may be the beginning of (the citizen is still typing, or
    wrote «گواهی» for «گواهینامه»): its key, and its one-word synonyms' at SYNONYM_WEIGHT."""
    weighted = [(group.key, 1.0)]
    weighted += [(s.key, SYNONYM_WEIGHT) for s in group.synonyms]
    return [(key, weight) for key, weight in weighted if len(key) >= MIN_PREFIX]


def phrase_variants(groups: Sequence[QueryWord]) -> list[tuple[list[str], float]]:
    """The query's words as a phrase, then with each one-word synonym in its word's place,
    each with the weight of its match: «مجوز ساختمان» also rewards the title that says
    «پروانه ساختمان», as the synonym's own reading did before synonyms were folded into
    their word (see :meth:`indexer.synonyms.Synonyms.readings`). None for one word typed."""
    keys = [g.key for g in groups]
    # two words the vocabulary joined («صدور شناسنامه» → «صدورشناسنامه», as one portal writes
    # it) are also the phrase as typed: the titles writing them apart are phrases too
    typed = [k for g in groups for k in (g.spaced or (g.key,))]
    out = [(typed, 1.0)] if typed != keys else []
    if len(keys) < 2:
        return out
    out.insert(0, (keys, 1.0))
    for i, group in enumerate(groups):
        out += [([*keys[:i], s.key, *keys[i + 1 :]], SYNONYM_WEIGHT) for s in group.synonyms]
    return out


def required(groups: Sequence[QueryWord]) -> list[bool]:
    """Per word, whether the strict reading requires it: every non-stopword, or every
    word when the query is only stopwords. Among services matching every required word,
    only these words score as words and a stopword counts inside the query's phrases (as
    Lucene's Persian analyzer drops stopwords, while «نقل و انتقال» as a phrase still ranks
    the service written so first): scoring «و» or «در» in every matching description cost
    a fifth of a broad search and moved no judged figure. Partial matches (which the
    required words do not decide) still score stopwords: there they do help."""
    stop = stopwords()
    content = any(g.key not in stop for g in groups)
    return [g.key not in stop or not content for g in groups]


# Things of one kind a citizen never confuses: a partial match whose title names another of
# them, and not the one the query names, is about something else. «قطعی برق» matches no service
# completely; by IDF its rare word «قطعی» outweighs «برق», so «رفع قطعی گاز» led the page, and a
# water query showed the gas company's services. Only the kinds whose neighbours are never
# related: the building uses («مسکونی», «تجاری») or a person's kind («حقیقی», «حقوقی») name
# siblings that a citizen does want beside the service asked for. Of the external set's 114
# judged queries naming one utility, 12 showed another utility's service in their top 5 (fresh:
# 5 of 34; lucene-fa 4 and 5); 1 and 1 after, with no judged figure changed (make eval,
# tests/relevance/rivals.py).
RIVALS: tuple[tuple[str, ...], ...] = (("آب", "برق", "گاز", "تلفن"),)


@cache
def _rival_keys() -> tuple[frozenset[str], ...]:
    return tuple(frozenset(analyze(word)[0] for word in kind) for kind in RIVALS)


def rival_terms(groups: Sequence[QueryWord]) -> tuple[list[str], list[str]]:
    """(named, others): the title terms of the :data:`RIVALS` the query names (as typed or
    under an affix: «برقم»), and of the rivals of those it does not name. A partial match
    whose title has one of ``others`` and none of ``named`` is left out."""
    terms = {t for g in groups for t in (g.key, *g.parts)}
    named: set[str] = set()
    others: set[str] = set()
    for kind in _rival_keys():
        if found := kind & terms:
            named |= found
            others |= kind - found
    return sorted(named), sorted(others)


# -- partial matching: how much of the query a service must cover ---------------------------


def word_weights(
    groups: Sequence[QueryWord], known: Callable[[str], int], docs: int
) -> list[float]:
    """Per query word, how much it tells services apart: BM25's IDF of its document
    frequency (the word or its stem, in the vocabulary). Stopwords weigh nothing, and
    neither does a word no service uses («برق رفته»: «رفته»): it cannot decide which
    services qualify, it only keeps them from being complete matches."""
    need = required(groups)
    weights = []
    for group, needed in zip(groups, need, strict=True):
        df = max((known(k) for k in (group.key, *group.parts)), default=0) if needed else 0
        weights.append(math.log(1 + (docs - df + 0.5) / (df + 0.5)) if df else 0.0)
    return weights


def utility_words(groups: Sequence[QueryWord]) -> list[bool]:
    """Per query word, whether it names one of the :data:`RIVALS` («آب», «برقم»): the
    words a partial match must match (:func:`coverage_sets`).

    A query naming a utility asks about that utility's services, whatever else it says. By
    IDF its other words outweigh it («آب» is in every water service), so «قطعی آب» showed
    «انتقال قطعی سند مالکیت» (a final deed) among the water services. On make eval (nDCG@10
    external dev / fresh / blind «sandbox» dev; 0.921 / 0.945 / 0.869 before) it gave
    0.927 / 0.947 / 0.871, and the held-out external split went from 0.843 to 0.865 (its
    colloquial class from 0.607 to 0.681). Letting the utility's word alone be enough instead
    (every water service a partial match) gave 0.926 / 0.946 / 0.871 and showed another
    utility's services for 2 of the fresh set's 34 utility queries."""
    kinds = frozenset().union(*_rival_keys())
    return [bool(kinds & {g.key, *g.parts}) for g in groups]


def coverage_sets(
    weights: Sequence[float], share: float | None = None, anchors: Sequence[bool] = ()
) -> list[tuple[int, ...]]:
    """The smallest sets of query words (by index) that carry enough of the query's weight.

    A service qualifies as a partial match when it matches every word of one set:
    the minimum-should-match rule counted by IDF instead of a raw word count, so
    «درخواست پیشینه» needs «پیشینه» (rare) but not «درخواست» (in every other
    service). Empty when no word counts. Only the MAX_COVERAGE_WORDS rarest words
    count, which bounds the sets an engine is asked to check. ``share`` replaces
    MIN_COVERAGE (:mod:`indexer.related` asks for less). When a counted word is one of
    ``anchors`` (:func:`utility_words`), every set has one of them as well.
    """
    counted = sorted((i for i, w in enumerate(weights) if w > 0), key=lambda i: -weights[i])
    counted = sorted(counted[:MAX_COVERAGE_WORDS])
    need = (MIN_COVERAGE if share is None else share) * sum(weights[i] for i in counted)
    anchored = {i for i in counted if i < len(anchors) and anchors[i]}
    found: list[tuple[int, ...]] = []
    for size in range(1, len(counted) + 1):
        for combo in combinations(counted, size):
            if anchored and not anchored.intersection(combo):
                continue
            if sum(weights[i] for i in combo) >= need - 1e-9 and not any(
                set(small) <= set(combo) for small in found
            ):
                found.append(combo)
    return found


def coverage_bonuses(weights: Sequence[float]) -> list[tuple[int, float]]:
    """(word index, constant score) a partial match earns per query word it matches: see
    COVERAGE_WEIGHT."""
    return [(i, COVERAGE_WEIGHT * w) for i, w in enumerate(weights) if w > 0]


def understood_words(synonyms: Synonyms) -> Callable[[str], bool]:
    """Words a search reads though no service may use them: the stopwords and the words of
    the synonyms' phrases, and those phrases themselves (spaced or run together), which a
    Finglish reading may keep (:mod:`indexer.latin`)."""
    stop = stopwords()
    return lambda key: key in stop or key in synonyms.words or key in synonyms.phrases


def words_read(
    groups: Sequence[QueryWord], known: Callable[[str], int], understood: Callable[[str], bool]
) -> int:
    """How many of a query's words a search reads: words of the index (as typed, or by a
    stem or written form) and words it understands without the index (a synonym's word, a
    stopword). What a Latin query and its Persian reading are compared by."""
    return sum(
        1 for g in groups if understood(g.key) or any(map(known, (g.key, *g.parts, *g.compounds)))
    )


def latin_reading_wins(typed: tuple[int, int, int], retyped: tuple[int, int, int]) -> bool:
    """Whether a keyboard or Finglish reading of a Latin query replaces what the query as
    typed found, each as (total, complete matches, :func:`words_read`): any result when it
    found nothing; complete matches when it found partial ones (a Latin word of some
    description, «code» of «code posti»); partial ones too when the reading reads more of
    its words («mojavez vorood asnad post sarie» matched «post» in one description as typed,
    five words as «مجوز ورود اسناد پست سریع»); never when some service matched every word as
    typed."""
    (typed_total, typed_complete, typed_read), (total, complete_, read) = typed, retyped
    if typed_complete:
        return False
    if not typed_total:
        return total > 0
    return complete_ > 0 or (total > 0 and read > typed_read)


def partial_possible(readings: Sequence[Reading]) -> bool:
    """Whether some reading has two or more words that count: otherwise every service
    the coverage rule admits already matched completely."""
    return any(sum(required(r.words)) > 1 for r in readings)


def complete(score: float) -> bool:
    """Whether a hit of a partial-matching query matched every word (see COMPLETE_BONUS)."""
    return score >= COMPLETE_BONUS


def plain_score(score: float) -> float:
    """The engine's score without the complete-match bonus."""
    return score - COMPLETE_BONUS if complete(score) else score


def fuzzy_distance(key: str) -> int:
    return 1 if len(key) < 8 else 2


def fuzzy_keys(groups: Sequence[QueryWord]) -> list[str]:
    """Words long enough to look up within a typing error or two (digits never are)."""
    return [g.key for g in groups if len(g.key) >= MIN_FUZZY and not g.key.isdigit()]


# -- the vocabulary: split words and did-you-mean --------------------------------------------


def join_candidates(groups: Sequence[QueryWord]) -> list[str]:
    """Every key :func:`join_split_words` may ask the vocabulary about (an engine where each
    lookup is a request fetches them at once): the words and their stems, the joined
    neighbour pairs, the halves of words run together, and the written forms, other
    spellings and singulars of :func:`written_forms`."""
    keys = [g.key for g in groups]
    pairs = [a + b for a, b in pairwise(keys) if not (a + b).isdigit()]
    forms = [
        f
        for g in groups
        for f in (*g.parts, *spoken_forms(g.key), *be_variants(g.key), *number_forms(g.key))
    ]
    halves = [h for k in keys for split in _splits(k) for h in split]
    plurals = [p for g in groups if (p := _plural_base(g)) is not None]
    return list(dict.fromkeys([*keys, *pairs, *forms, *halves, *plurals]))


def _splits(key: str) -> list[tuple[str, ...]]:
    """The ways to read ``key`` as words run together: two words («سوءپیشینه», «پایانکار»),
    «و» and a word («وانتقال», the «و» of «نقل وانتقال»), or a word, «و» and a word
    («نقلوانتقال», «ساختوساز»: an «X و Y» compound written without its half-spaces)."""
    if len(key) < MIN_SPLIT or key.isdigit():
        return []
    and_word: list[tuple[str, ...]] = [("و", key[1:])] if key[0] == "و" else []
    x_and_y = [(key[:i], "و", key[i + 1 :]) for i in range(2, len(key) - 2) if key[i] == "و"]
    return [*and_word, *two_words(key), *x_and_y]


def join_split_words(
    groups: list[QueryWord], known: Callable[[str], int], listed: Container[str] = frozenset()
) -> list[QueryWord]:
    """The query's words as the indexed texts write them.

    Two query words that the texts write as one («نوبت دهی») become that word, a word
    no service uses that is two words they do use becomes those two («سوءپیشینه»), and
    each word also accepts the forms :func:`written_forms` finds. The vocabulary decides,
    so any compound the portals use is found however the citizen spaces it, and the
    query ranks exactly as the joined spelling.
    """
    return written_forms(_split_joined(_joined(groups, known), known), known, listed)


def _split_joined(groups: list[QueryWord], known: Callable[[str], int]) -> list[QueryWord]:
    """A word no service uses that is words they do use, run together («گواهی عدم
    سوءپیشینه», «پایانکار», «نقل وانتقال», «دوربینوتجهیزات»), becomes those words: the split
    that leaves the better known words. A spoken form the vocabulary knows comes first
    («شناسنامه‌ام» is «شناسنامه», not «شناسنامه» + «ام»)."""
    stop = stopwords()
    words: list[str] = []
    changed = False
    for group in groups:
        splits = []
        if group.key not in stop and not any(
            known(k) for k in (group.key, *group.parts, *spoken_forms(group.key))
        ):
            splits = [
                # the better known words win; the «و» of «نقل وانتقال» is not a vocabulary word
                (min(known(w) for w in split if w != "و"), split)
                for split in _splits(group.key)
                if _split_reads(split, known, stop)
            ]
        if splits:
            words += max(splits)[1]
            changed = True
        else:
            words.append(group.key)
    if not changed:
        return groups
    # the words joined before (:func:`_joined`) keep what was typed
    return _with_typed(
        analyze_groups(" ".join(words)), {g.key: g.spaced for g in groups if g.spaced}
    )


def _split_reads(split: tuple[str, ...], known: Callable[[str], int], stop: Container[str]) -> bool:
    """Whether every word of ``split`` is a vocabulary word. Two words run together never
    read a stopword half: «آمپراز» is a typo of «آمپراژ», not «آمپر» + «از». Around an «و»
    one may be («ساختوساز»: hazm lists «ساز»), the «و» being the evidence."""
    words = [w for w in split if w != "و"]
    if len(words) < len(split) and len(words) == 2:
        # «دوربینوتجهیزات»: around an «و», a common word no service uses is still a word
        return (
            any(map(known, words))
            and all(known(w) or is_common_word(w) for w in words)
            and not all(w in stop for w in words)
        )
    return all(map(known, words)) and not any(w in stop for w in words)


def written_forms(
    groups: list[QueryWord], known: Callable[[str], int], listed: Container[str] = frozenset()
) -> list[QueryWord]:
    """Each word also accepts the forms of it the portals write, when the vocabulary knows
    them: the other spelling of an inner «به» and the number in the other writing, almost
    as good as typed (the joined-word weight: «جابجایی» / «جابه‌جایی», «۱۰» / «ده»); the
    singular of a plural hazm's lexicon does not know (the stem weight); and, for a word
    no service uses (nor its stem), the written word it is the spoken form of
    (:func:`indexer.normalize.spoken_forms`, the first the vocabulary knows), as its stem:
    «قبضمو» matches «قبض» as «قبض‌ها» does. Stopwords are left alone, and a word the
    portals use is never replaced: what a service says is never second-guessed. A spoken
    form is also taken when it is a word of the synonyms (``listed``) that no service uses:
    «بچه‌م» is «بچه», which the synonyms read as «فرزند», «افغانیه» is «افغانی» («اتباع»)."""
    stop = stopwords()
    out = list(groups)
    for i, group in enumerate(groups):
        if group.key in stop:
            continue
        other = tuple(v for v in (*be_variants(group.key), *number_forms(group.key)) if known(v))
        if other:  # «جابجایی» for «جابه‌جایی», «ده» for «۱۰»: almost as good as typed
            group = out[i] = group._replace(compounds=(*group.compounds, *other))
        plural = _plural_base(group)
        if plural is not None and known(plural):  # «دامداری‌ها»: hazm's lexicon lacks «دامداری»
            group = out[i] = group._replace(parts=(*group.parts, plural))
        if any(known(k) for k in (group.key, *group.parts, *other)):
            continue
        written = next((f for f in spoken_forms(group.key) if known(f) or f in listed), None)
        if written is not None:
            out[i] = group._replace(parts=(*group.parts, written))
    return out


_PLURAL = ("هایی", "های", "ها")


def _plural_base(group: QueryWord) -> str | None:
    """The singular of a word with the plural «ها» that the analysis left whole (its
    singular is not in hazm's lexicon: «دامداری‌ها», «علمک‌ها»); the vocabulary decides."""
    if group.parts:
        return None
    for suffix in _PLURAL:
        if group.key.endswith(suffix) and len(group.key) - len(suffix) >= 3:
            return group.key[: -len(suffix)]
    return None


def _joined(groups: list[QueryWord], known: Callable[[str], int]) -> list[QueryWord]:
    if len(groups) < 2:
        return groups
    keys = [g.key for g in groups]
    joined: list[str] = []
    spaced: dict[str, tuple[str, str]] = {}
    i = 0
    while i < len(keys):
        pair = keys[i] + keys[i + 1] if i + 1 < len(keys) else ""
        if pair and not pair.isdigit() and known(pair):
            joined.append(pair)
            spaced[pair] = (keys[i], keys[i + 1])
            i += 2
        else:
            joined.append(keys[i])
            i += 1
    if joined == keys:
        return groups
    return _with_typed(analyze_groups(" ".join(joined)), spaced)


def _with_typed(groups: list[QueryWord], spaced: Mapping[str, tuple[str, ...]]) -> list[QueryWord]:
    """``groups`` with each word the vocabulary joined carrying the words typed (``spaced``,
    by joined key): a joined word meets its neighbours as the typed words do too, so
    «صدورشناسنامه اولیه» is also «شناسنامهاولیه», the pair the titles writing «صدور شناسنامه»
    carry (and :func:`phrase_variants` has the typed phrase)."""
    out = [g._replace(spaced=spaced.get(g.key, ())) for g in groups]
    for i, group in enumerate(out):
        if group.spaced:
            if i > 0:
                _add_compound(out, i - 1, out[i - 1].key + group.spaced[0])
                _add_compound(out, i, out[i - 1].key + group.spaced[0])
            if i + 1 < len(out):
                _add_compound(out, i + 1, group.spaced[-1] + out[i + 1].key)
                _add_compound(out, i, group.spaced[-1] + out[i + 1].key)
    return out


def _add_compound(groups: list[QueryWord], i: int, key: str) -> None:
    if key not in groups[i].compounds:
        groups[i] = groups[i]._replace(compounds=(*groups[i].compounds, key))


class BatchedVocabulary:
    """``known(key) -> document frequency`` for an engine where each lookup is a request.

    Keys are fetched in batches (``fetch`` answers many keys at once) and kept
    for the rest of one search. :meth:`suggest` gives exactly what
    :func:`indexer.spelling.suggest` gives with a live lookup, in at most three
    fetches: the query's words, then the candidates of the unknown ones.
    """

    MAX_ROUNDS = 4

    def __init__(self, fetch: Callable[[Sequence[str]], Mapping[str, int]]) -> None:
        self._fetch = fetch
        self._counts: dict[str, int] = {}

    def fetch(self, keys: Iterable[str]) -> None:
        missing = [k for k in dict.fromkeys(keys) if k not in self._counts]
        if missing:
            counts = self._fetch(missing)
            self._counts.update({k: int(counts.get(k, 0)) for k in missing})

    def __call__(self, key: str) -> int:
        return self._counts.get(key, 0)

    def suggest(self, text: str) -> str | None:
        """:func:`indexer.spelling.suggest` over this vocabulary.

        A dry run learns which keys the speller asks about: a key not fetched
        yet counts as known, so a word not looked up yet is not expanded into
        its candidates until the vocabulary says it is unknown.
        """
        asked: list[str] = []

        def probe(key: str) -> int:
            if key in self._counts:
                return self._counts[key]
            asked.append(key)
            return 1

        for _ in range(self.MAX_ROUNDS):
            asked.clear()
            result = suggest(text, probe)
            if not asked:
                return result
            self.fetch(asked)
        return suggest(text, self)


# -- the diversity re-rank ----------------------------------------------------------------


def _score_doc[H](hit: H) -> tuple[float, ServiceDocument]:
    return hit  # type: ignore[return-value]


def fetch_window(offset: int, size: int) -> tuple[int, int]:
    """(from, count) to ask the engine for, for the page at ``offset``.

    A page inside the diversity window needs the whole window (the re-rank may
    move any of its hits); deeper pages are plain engine order.
    """
    if offset >= DIVERSITY_WINDOW:
        return offset, size
    return 0, max(DIVERSITY_WINDOW, offset + size)


def page_of[H](
    fetched: Sequence[H],
    offset: int,
    size: int,
    score_doc: Callable[[H], tuple[float, ServiceDocument]] = _score_doc,
    score_of: Callable[[H], float] | None = None,
    order_of: Callable[[H], int] | None = None,
) -> list[H]:
    """The page at ``offset`` from what :func:`fetch_window` asked for.

    The re-rank stops as soon as the page is known, so ``score_doc`` (which
    may read a document from the index) is called only for the hits it needs;
    ``score_of`` and ``order_of`` (:func:`url_order`), when given, read a hit's score
    and order without its document.
    """
    if offset >= DIVERSITY_WINDOW:
        return list(fetched)
    score = score_of or (lambda hit: score_doc(hit)[0])
    order = order_of or (lambda hit: url_order(score_doc(hit)[1].url))
    head = _ties_settled(fetched[:DIVERSITY_WINDOW], score, order)
    diversity = _diversify(head, score_doc, score_of)
    window = chain(diversity, fetched[DIVERSITY_WINDOW:])
    return list(islice(window, offset, offset + size))


TIE_TOLERANCE = 1e-6  # relative: scores this close are a tie (engines sum in their own order)
_NUMBER = re.compile(r"[0-9]+")
_ORDER_NUMBERS = 3  # the first numbers of an address's path and query ...
_ORDER_BITS = 21  # ... each up to 2,097,151, packed into one 63-bit column


def url_order(url: str) -> int:
    """Where a service stands in its portal's own numbering: the numbers of its address's
    path and query, in order («…/eservices/service/150» before «…/service/1000»;
    «Default.aspx?ServiceID=150&tabid=55» before «?ServiceID=151&tabid=55»), packed into one
    integer that orders as they do; never the host or port. Services scoring alike are
    listed in this order, not in the order a crawl happened to index them (:func:`page_of`):
    the same search gives the same page after every crawl, and a portal numbering its
    services as it publishes them lists its first, usually main, service first («… مسکونی»
    before «… ورزشی»). A number, so the embedded index reads it from a column."""
    parts = urlsplit(url)
    numbers = [int(n) for n in _NUMBER.findall(f"{parts.path}?{parts.query}")]
    numbers = (numbers + [0] * _ORDER_NUMBERS)[:_ORDER_NUMBERS]
    top = (1 << _ORDER_BITS) - 1
    order = 0
    for number in numbers:
        order = (order << _ORDER_BITS) | min(number, top)
    return order


def _ties_settled[H](
    hits: Sequence[H], score: Callable[[H], float], order_of: Callable[[H], int]
) -> list[H]:
    """Hits in engine order, each run of hits scoring alike in :func:`url_order`."""
    out: list[H] = []
    run: list[H] = []
    for hit in hits:
        if run and not math.isclose(score(hit), score(run[0]), rel_tol=TIE_TOLERANCE):
            out += sorted(run, key=order_of)
            run = []
        run.append(hit)
    return out + sorted(run, key=order_of)


def diversified[H](
    hits: Sequence[H],
    score_doc: Callable[[H], tuple[float, ServiceDocument]] = _score_doc,
) -> list[H]:
    """Hits in order, except that an agency's near-duplicate titles (the same service in
    six cities, one licence in seven fields) wait once MAX_NEAR_DUPLICATES of them are in,
    so other services get a turn. A waiting hit only yields to hits scoring at least
    DIVERSITY_MIN_RATIO of its own score: diversity never buries a strong match under
    weak ones. Nothing is dropped; waiting hits follow in their own order.

    Complete matches (see COMPLETE_BONUS) and partial ones are re-ranked apart:
    diversity never lifts a partial match above a complete one.
    """
    return list(_diversify(hits, score_doc))


def _diversify[H](
    hits: Sequence[H],
    score_doc: Callable[[H], tuple[float, ServiceDocument]],
    score_of: Callable[[H], float] | None = None,
) -> Iterator[H]:
    """:func:`diversified` one hit at a time (a hit is final once it is yielded)."""
    score = score_of or (lambda hit: score_doc(hit)[0])
    done = sum(1 for hit in hits if complete(score(hit)))
    if done:

        def unbonused(hit: H) -> tuple[float, ServiceDocument]:
            score, doc = score_doc(hit)
            return score - COMPLETE_BONUS, doc

        yield from _diversified(hits[:done], unbonused)
        yield from _diversified(hits[done:], score_doc)
    else:
        yield from _diversified(hits, score_doc)


def _diversified[H](
    hits: Sequence[H], score_doc: Callable[[H], tuple[float, ServiceDocument]]
) -> Iterator[H]:
    placed: list[tuple[str, frozenset[str]]] = []
    waiting: list[H] = []
    for hit in hits:
        score, doc = score_doc(hit)
        while waiting and score < score_doc(waiting[0])[0] * DIVERSITY_MIN_RATIO:
            yield waiting.pop(0)
        words = frozenset(doc.title.split())  # display text: already normalised
        similar = sum(
            1 for agency, other in placed if agency == doc.portal_id and _near(words, other)
        )
        if similar >= MAX_NEAR_DUPLICATES:
            waiting.append(hit)
        else:
            placed.append((doc.portal_id, words))
            yield hit
    yield from waiting


def _near(a: frozenset[str], b: frozenset[str]) -> bool:
    """Titles differing in at most one word each («… کرج» / «… فردیس»)."""
    return len(a ^ b) <= 2 and len(a & b) >= 2
