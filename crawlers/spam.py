"""Items a hacked portal put among its services: gambling, betting and pill adverts.

A defaced portal keeps its layout and adds adverts as services («کازینو آنلاین معتبر …», forty
of them on an eight-service portal) or appends one to every description, each worded a little
differently so that no shared text gives it away (red team 8). Such an item was not written by
the agency: it is dropped, a service found at its URL before keeps what it had (the page is
withheld, as a login wall is), and when several items (or a share of the portal) are adverts
the crawl is `suspect` (the `spam` alert, crawlers.monitor), so nothing the defacer wrote
reaches citizens and the registrar is told. One such item is dropped by itself: the portal's
other services, new ones too, are kept (red team 10).

The adverts' words are data (``data/spam_signs.yaml``), matched after NormalizePipeline has
reduced every value to plain text, folded so that a word written to dodge a filter (a ZWNJ
inside it, presentation forms, full-width letters) is still the word (red team 11).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from scrapy.exceptions import DropItem

from crawlers.extract import fold_hard, folded_patterns
from crawlers.items import ServiceItem
from crawlers.pipelines import SpiderBound


@dataclass(frozen=True)
class SpamSigns:
    advert: tuple[re.Pattern[str], ...]  # only an advert says these
    subject: tuple[re.Pattern[str], ...]  # adverts and services about them both name these
    context: tuple[re.Pattern[str], ...]  # how an advert speaks
    report: tuple[re.Pattern[str], ...]  # how a service about them speaks


def _compile(raw: dict[str, Any], kind: str) -> tuple[re.Pattern[str], ...]:
    patterns = raw.get(kind)
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        raise ValueError(f"spam_signs.yaml: expected a list of patterns under {kind!r}")
    return folded_patterns(patterns, "spam_signs.yaml", kind)


@cache
def spam_signs() -> SpamSigns:
    """The advert patterns, read once from the package data."""
    raw = yaml.safe_load(
        resources.files("crawlers").joinpath("data/spam_signs.yaml").read_text("utf-8")
    )
    if not isinstance(raw, dict):
        raise ValueError("spam_signs.yaml: expected advert, subject, context and report")
    return SpamSigns(*(_compile(raw, kind) for kind in ("advert", "subject", "context", "report")))


def _first(patterns: tuple[re.Pattern[str], ...], texts: tuple[str, ...]) -> str | None:
    for text in texts:
        for pattern in patterns:
            found = pattern.search(text)
            if found:
                return found.group(0)
    return None


# A report word an advert negates is its trust claim, not a report: «بدون کلاهبرداری» (no
# fraud), «بدون تخلف», «ضد فیلتر» (red team 11).
_NEGATED = re.compile(r"(?:\bبدون|\bبی|\bضد|\bعاری از|\bنه)\s*$")


def _reports(patterns: tuple[re.Pattern[str], ...], texts: tuple[str, ...]) -> bool:
    """Whether the text speaks like a service about the subject: a report word that no
    «بدون» or «ضد» negates."""
    return any(
        not _NEGATED.search(text[max(0, found.start() - 12) : found.start()])
        for text in texts
        for pattern in patterns
        for found in pattern.finditer(text)
    )


def spam_in(item: ServiceItem) -> str | None:
    """The advert words the item says, or None.

    Words only an advert says are one. A subject adverts and services share («کازینو»,
    «شرط‌بندی آنلاین») is one when the item also speaks like an advert (a sign-up prize, a
    domain to go to), or does not speak like a service about it (reporting, prosecuting,
    warning): the cyber police's «گزارش سایت‌های شرط‌بندی آنلاین و کازینو» is a service.

    The service words count only where such a service says them: in its title (an advert
    copies them into its text: «… بدون کلاهبرداری», «هشدار: فقط بالای ۱۸ سال», red team 11),
    or in its text when its title does not name the subject at all; and never negated.
    Everything is read folded hard (:func:`crawlers.extract.fold_hard`): a ZWNJ inside a
    word, presentation forms and full-width letters do not hide a word."""
    title = fold_hard(item.title)
    text = fold_hard(" ".join([item.title, item.description, *item.fields.values()]))
    signs = spam_signs()
    said = _first(signs.advert, text)
    if said is not None:
        return said
    subject = _first(signs.subject, text)
    if subject is None:
        return None
    context = _first(signs.context, text)
    if context is not None:
        return f"{subject} … {context}"
    if _reports(signs.report, title):
        return None
    if _first(signs.subject, title) is None and _reports(signs.report, text):
        return None
    return subject


class SpamPipeline(SpiderBound):
    """Drops the items that carry adverts; the monitor makes a crawl with several suspect."""

    def process_item(self, item: ServiceItem) -> ServiceItem:
        said = spam_in(item)
        if said is None:
            return item
        state = self.spider.state
        state.withhold(item.url, {})  # what the service said before is kept
        state.report.error("spam", f"{item.url}: an advert («{said}»), not a service")
        raise DropItem(f"service at {item.url} carries an advert ({said!r})")
