"""Services like the first result, shown after the matches when too few services matched.

A citizen's words often differ from the agency's. «دکه روزنامه فروشی» finds the one
service that shares them, «پروانه فروش مطبوعات در دکه های مطبوعاتی». Its siblings share
no word with the query: «مجوز تأسیس مرکز توزیع نشریات» (the same office), «مدیریت مناقصات
الکترونیک دولت» beside «مزایده الکترونیک». The rest of the first page stayed empty.

When a search matched fewer services than fill its first page, the first result's title (its
first MAX_SEED_WORDS words) is searched as a query of its own (the same matching and
filters, no rewriting, a lower share of the title's weight: RELATED_COVERAGE), first among
its own agency's services, then among all; the services found fill the page after every
match, each marked ``related``. This is pseudo-relevance feedback in its simplest form: the
first result is what the citizen most likely meant, and the agency's own words for it find
the services around it, those sharing the most of its rarest words first.

It never moves a match. Only the empty part of the first page is filled, so a search that
found enough services is unchanged, and ``total`` still counts matches only. A search that
found nothing stays empty: there is nothing to seed it, and the registrar still sees it
among the zero-result searches. On the judged sets (``make eval``) it added recall@10 on every
set (docs/search-quality.md).

Both backends call :func:`with_related` around their own search, so they fill alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from indexer.backend import (
    MAX_QUERY_CHARS,
    BackendUnavailableError,
    Hit,
    SearchPage,
    SearchQuery,
)
from indexer.normalize import analyze, analyze_groups
from indexer.ranking import rival_terms, stopwords

# Share of the first result's title weight (IDF, see indexer.ranking.coverage_sets) a
# related service must carry: one rare word of it is enough, the ranking puts the services
# sharing more of it first. On the dev splits of make eval (nDCG@10 external / blind
# «sandbox» / blind «records»; 0.913 / 0.848 / 0.839 without filling), the engine's own
# rule (a third) gave 0.915 / 0.853 / 0.852, a fifth 0.917 / 0.853 / 0.864, a tenth
# 0.918 / 0.860 / 0.870. Searching all agencies at once instead of the seed's first gave
# 0.919 / 0.860 / 0.864, and kept the office's own services further down (docs/search-quality.md).
RELATED_COVERAGE = 0.1
MAX_RELATED = 10  # a page of 50 asked for matches, not for 49 services like one of them
# A title's first words name the act and its object («صدور پروانه ساختمان …»); its tail the
# qualifiers («… شهر منطقه ۱», «(نوبت اول)»), which cost most of a long title's search. On the
# dev splits the first 6 words gave the whole title's figures (nDCG@10 external 0.918, blind
# «sandbox» 0.861, blind «records» 0.896), 4 lost up to 0.009 recall; on the sandbox's 410
# services (make bench) a search that fills went from 4.3× to 3.3× the p99 of the engine's
# search alone (three runs each; p50 1.2 ms against 0.6).
MAX_SEED_WORDS = 6


def with_related(search: Callable[[SearchQuery], SearchPage], query: SearchQuery) -> SearchPage:
    """``search(query)``, its first page filled up with services like its first hit."""
    page = search(query)
    room = min(query.size - len(page.hits), MAX_RELATED)
    if query.page != 1 or room <= 0 or not page.hits or not analyze(query.text):
        return page  # a later page, a full page, nothing found, or a browse without words
    seed = page.hits[0].document
    like = replace(
        query,
        text=_seed_words(seed.title)[:MAX_QUERY_CHARS],
        page=1,
        rewrite=False,
        synonyms=(),
        min_coverage=RELATED_COVERAGE,
        marked=False,  # the seed's words are not the citizen's: nothing is marked
    )
    shown = {hit.document.id for hit in page.hits}
    off_topic = _rival_titles(query.text)
    more: list[Hit] = []
    # the seed's own agency first (its office's other services), then every agency
    scopes = [query.agency] if query.agency else [seed.portal_id, None]
    for scope in scopes:
        if len(more) >= room:
            break
        try:
            similar = search(replace(like, agency=scope)).hits
        except BackendUnavailableError:
            break  # the cluster went away after the matches were found: show those
        for hit in similar:
            if hit.document.id in shown or len(more) >= room or off_topic(hit.document.title):
                continue
            shown.add(hit.document.id)
            more.append(replace(hit, related=True))
    return replace(page, hits=[*page.hits, *more])


def _seed_words(title: str) -> str:
    """The title's first MAX_SEED_WORDS words that count, with the stopwords between them:
    «برگزاری مسابقات ملی و بین المللی قرآن کریم» reaches «قرآن», the word its siblings
    share, where six words of any kind ended at «المللی»."""
    stop = stopwords()
    taken, counted = [], 0
    for word in title.split():
        if counted >= MAX_SEED_WORDS:
            break
        taken.append(word)
        counted += any(key not in stop for key in analyze(word))
    return " ".join(taken)


def _rival_titles(text: str) -> Callable[[str], bool]:
    """Whether a title names a rival of the utility the query names, and not that one
    (:func:`indexer.ranking.rival_terms`): the partial matches leave such services out, and
    the services like the first result do too («تغییر نام پرونده آب» is not about a telephone
    line, though «تغییر نام تلفن» is like «تغییر نام پرونده»)."""
    named, others = map(frozenset, rival_terms(analyze_groups(text)))
    if not others:  # most queries name no utility: no title needs analysing
        return lambda title: False

    def off_topic(title: str) -> bool:
        terms = analyze(title)  # once per title, for both sides
        return not others.isdisjoint(terms) and named.isdisjoint(terms)

    return off_topic
