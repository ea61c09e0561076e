"""Utility queries showing another utility: «قطعی برق» led by «رفع قطعی گاز».

For every judged query that names exactly one utility («آب», «برق», «گاز», «تلفن»; as typed or
under an affix, «برقم»), the top 5 of each system is checked for a service whose title names a
utility and not that one. Nobody judged these pairs: a citizen who asked about electricity and
is shown the gas company's service sees the mistake without knowing the catalogue. Counted by
query (a query with such a hit in its top 5), for the gateway and the baselines on the same
records (``make eval``; the tests hold the gateway to it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.normalize import analyze_groups
from indexer.ranking import rival_terms
from tests.relevance import external
from tests.relevance.harness import Search, backend_search, search_all

if TYPE_CHECKING:
    from collections.abc import Sequence

    from indexer.backend import SearchBackend

TOP = 5


@dataclass(frozen=True)
class RivalReport:
    queries: int  # judged queries naming exactly one utility
    shown: int  # ... whose top 5 has a service naming only another

    @property
    def share(self) -> float:
        return self.shown / self.queries if self.queries else 0.0


@cache
def utilities(text: str) -> frozenset[str]:
    """The utilities ``text`` names, as analysed keys (as the engine reads them: the same
    titles come back in the top 5 of many queries and systems)."""
    return frozenset(rival_terms(analyze_groups(text))[0])


def measure(search: Search, texts: Iterable[str], titles: dict[str, str]) -> RivalReport:
    queries = shown = 0
    naming_one = [text for text in dict.fromkeys(texts) if len(utilities(text)) == 1]
    for text, (ranked, _) in search_all(search, naming_one).items():
        named = utilities(text)
        queries += 1
        shown += any(
            (other := utilities(titles[sid])) and not other & named for sid in ranked[:TOP]
        )
    return RivalReport(queries, shown)


def run(
    backend: SearchBackend,
    services: Path = external.SERVICES,
    judgments: Path = external.JUDGMENTS,
    splits: Sequence[str] = external.SPLITS,
) -> dict[str, RivalReport]:
    """The gateway (on ``backend``, holding the records of ``services``) and the baselines on
    the same records, over every judged query of ``judgments``."""
    docs = external.load_services(services)
    texts = [j.text for j in external.load_judgments(docs, judgments, splits)]
    titles = {d.id: d.title for d in docs}
    searches = external.systems(backend_search(backend), external.records(docs))
    return {name: measure(search, texts, titles) for name, search in searches.items()}


def render(reports: dict[str, RivalReport]) -> str:
    lines = [f"{'system':<11}{'queries':>9}{'shown':>7}{'share':>8}"]
    for name, r in reports.items():
        lines.append(f"{name:<11}{r.queries:>9}{r.shown:>7}{r.share:>8.3f}")
    return "\n".join(lines)
