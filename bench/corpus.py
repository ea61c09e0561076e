"""A synthetic province-sized corpus made from the sandbox's real service wording.

Deterministic (fixed seed) so two runs index the same documents.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from indexer.documents import ServiceDocument, service_id
from sandbox.catalogue import CITIES, abfa, karaj, mrud, ostandari, sabt, tax

_MODULES = (abfa, karaj, mrud, ostandari, sabt, tax)


def _vocabulary() -> tuple[list[str], list[str], list[str], list[tuple[str, str]]]:
    titles, descriptions, categories = [], [], []
    for module in _MODULES:
        for spec in module.services():
            titles.append(spec.title)
            descriptions.append(spec.description)
            categories.append(spec.category)
    agencies = [(f"agency-{i:02d}", f"{m.AGENCY} ({i})") for i, m in enumerate(_MODULES * 5)]
    return titles, descriptions, sorted(set(categories)), agencies


def documents(count: int, seed: int = 1405) -> Iterator[ServiceDocument]:
    rnd = random.Random(seed)
    titles, descriptions, categories, agencies = _vocabulary()
    for i in range(count):
        portal_id, agency = rnd.choice(agencies)
        url = f"https://{portal_id}.example.ir/services/{i}"
        yield ServiceDocument(
            id=service_id(url),
            portal_id=portal_id,
            agency=agency,
            url=url,
            title=f"{rnd.choice(titles)} — {rnd.choice(CITIES)}",
            description=" ".join(rnd.sample(descriptions, 2)),
            category=rnd.choice(categories),
        )


def services() -> Iterator[ServiceDocument]:
    """The sandbox province's services, one document each, as their agencies word them."""
    for module in _MODULES:
        portal_id = module.__name__.rsplit(".", 1)[-1]
        for n, spec in enumerate(module.services()):
            url = f"https://{portal_id}.example.ir/services/{n}"
            yield ServiceDocument(
                id=service_id(url),
                portal_id=portal_id,
                agency=module.AGENCY,
                url=url,
                title=spec.title,
                description=spec.description,
                category=spec.category,
            )


def queries(count: int, seed: int = 7) -> list[str]:
    """One to three consecutive words of a real title, as citizens type them."""
    rnd = random.Random(seed)
    titles = _vocabulary()[0]
    out = []
    for _ in range(count):
        words = rnd.choice(titles).split()
        start = rnd.randrange(len(words))
        out.append(" ".join(words[start : start + rnd.randint(1, 3)]))
    return out
