"""Telling a service page from everything else a portal publishes (news above all).

Used by the strategies that must judge pages themselves (auto, sitemap). The
rules are generic signals, never portal-specific, and no single one decides:
each page gets a service score and a news score and the larger wins.

Why weights rather than vetoes: common CMSs print article markup on every
page (WordPress/Yoast's ``og:type=article`` and Article JSON-LD, Joomla's
``itemtype=Article`` and «منتشر شده در»), and Tetis prints «تاریخ انتشار» on
service pages too. Such boilerplate only weighs a little; what makes news is
news data (NewsArticle), a news URL, a news code or a reporter's byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrapy.http import TextResponse

from crawlers.extract import (
    block_kinds,
    breadcrumb,
    fold,
    labelled_fields,
    page_title,
    page_types,
    repeated_labels,
)

SERVICE_TYPES = frozenset({"GovernmentService", "Service"})
# Data that only news carries.
NEWS_TYPES = frozenset({"NewsArticle", "Report", "ReportageNewsArticle", "AnalysisNewsArticle"})
# Data CMSs print on every page (posts and plain pages alike): weak evidence.
ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "BlogPost"})
NEWS_PATH = re.compile(
    r"/(news|akhbar|khabar|article|articles|blog|events?|press|notice|notices|media|gallery"
    r"|tenders?|auctions?|monaq?g?h?es[eh]h?|mozay[ae]d[eh]h?)(/|$|[-_.])",
    re.IGNORECASE,
)
# A query naming the content type (Tetis ``Object=News``, ``?type=news``).
NEWS_QUERY = re.compile(r"(^|&)[^=&]*=(news|akhbar|khabar|article|blogpost)(&|$)", re.IGNORECASE)
# A news code or a reporter's byline (on folded text): strong evidence. A byline is the word
# «خبرنگار» as a label («خبرنگار: …») or the reporter an item quotes («به گزارش خبرنگار …»,
# caught by «به گزارش»), never the word inside a service's name or an intro sentence: an
# ارشاد catalogue lists «صدور کارت خبرنگاری» and explains who may ask for it. Nor is the
# plural «به گزارش‌های …» (folded «به گزارش های»: «رسیدگی به گزارش‌های مردمی», a service).
NEWS_WORDS = re.compile(
    r"(کد خبر|شناسه خبر|منبع خبر|به گزارش(?! ?ها)"
    r"|(?<![\w\u200c])خبرنگار(ان)?(?![\w\u200c])\s*[:：])"
)
# A call for tenders or bids (on folded text): announced like news, while its «شرایط شرکت»
# and «مبلغ تضمین» read like a service's blocks.
TENDER_WORDS = re.compile(
    r"((آگهی|فراخوان)( عمومی)? (مناقصه|مزایده|ارزیابی کیفی|استعلام بها)|(مناقصه|مزایده) عمومی"
    r"|شماره فراخوان|سامانه تدارکات الکترونیکی دولت|تضمین شرکت در|بازگشایی پاکت)"
)
TENDER_NAMES = re.compile(r"(مناقصه|مزایده|مناقصات|مزایدات)")
# A publication date: printed on service pages by several CMSs, weak evidence.
DATE_WORDS = re.compile(r"(تاریخ انتشار|منتشر شده|تاریخ درج|نویسنده|نوشته شده توسط)")
SECTION_WORDS = (
    "فهرست خدمات",
    "شناسنامه خدمات",
    "خدمات الکترونیک",
    "خدمات الکترونیکی",
    "میز خدمت",
    "خدمات",
)
# A title that asks (an FAQ's «چگونه … ؟»), guides («راهنمای ثبت‌نام …») or offers a form to
# download («فرم درخواست …»): such a page may list steps, documents and a duration, and still
# not be a service of its own.
NOT_A_SERVICE_TITLE = re.compile(r"([؟?]$|^(راهنمای|فرم) )")
SERVICE_THRESHOLD = 2.0
NEWS_THRESHOLD = 2.0


def news_path(url: str) -> bool:
    parts = urlsplit(url)
    return bool(NEWS_PATH.search(parts.path) or NEWS_QUERY.search(parts.query))


@dataclass
class Verdict:
    """What a page is, with the signals that decided it (for reports and the preview)."""

    kind: str  # "service", "news", "not_service" or "other_language"
    service: float = 0.0
    news: float = 0.0
    signals: list[str] = field(default_factory=list)

    @property
    def is_service(self) -> bool:
        return self.kind == "service"

    @property
    def is_news(self) -> bool:
        return self.kind == "news"


def _head_text(response: TextResponse) -> str:
    return fold(" ".join(response.xpath("//body//text()[not(ancestor::script)]").getall())[:4000])


def _own_text(response: TextResponse) -> str:
    """The page's own words, not its links' texts: a byline or a news code is written by the
    page («به گزارش خبرنگار …»), while a link only names another page. A catalogue listing
    «رسیدگی به گزارش‌های مردمی تخلفات» among its twelve services is no news for that one
    title, as :func:`tender_score` already judges tenders by the page's own words."""
    own = response.xpath("//body//text()[not(ancestor::script or ancestor::a)]").getall()
    return fold(" ".join(own)[:4000])


def news_score(response: TextResponse, signals: list[str] | None = None) -> float:
    signals = signals if signals is not None else []
    score = 0.0
    kinds = page_types(response)
    if kinds & NEWS_TYPES:
        score += 3
        signals.append("news data")
    elif kinds & ARTICLE_TYPES:
        score += 0.5
        signals.append("article data")
    if response.xpath('//meta[@property="og:type"]/@content').get("").strip() == "article":
        score += 0.5
        signals.append("og:type article")
    if response.xpath('//meta[@property="article:published_time"]'):
        score += 1
        signals.append("published time")
    if news_path(response.url):
        score += 2
        signals.append("news URL")
    head = _head_text(response)
    if NEWS_WORDS.search(_own_text(response)):
        score += 2
        signals.append("news code or byline")
    if DATE_WORDS.search(head) or response.xpath("//article//time | //time[@datetime]"):
        score += 0.5
        signals.append("publication date")
    return score


def tender_score(response: TextResponse, signals: list[str]) -> float:
    """How much a page reads like a call for tenders: its own words (never a link's, as a
    listing's «آگهی مناقصه …» box) and what its title and first heading name."""
    score = 0.0
    if TENDER_WORDS.search(_own_text(response)):
        score += 2
        signals.append("call for tenders")
    named = response.xpath("//title//text() | (//h1)[1]//text() | (//h2)[1]//text()").getall()
    if TENDER_NAMES.search(fold(" ".join(named))):
        score += 2
        signals.append("tenders in the title")
    return score


def _titles(response: TextResponse) -> list[str]:
    """What names the page: its title (:func:`page_title`) and a heading marked as the title."""
    marked = "(//*[self::h1 or self::h2][contains(translate(@class, 'TITLE', 'title'), 'title')])"
    marked += "[1]"
    return [page_title(response), " ".join(response.xpath(marked + "//text()").getall()).strip()]


def under_service_section(response: TextResponse) -> bool:
    trail = [fold(c) for c in breadcrumb(response)[:-1]]
    return any(word in crumb for crumb in trail for word in SECTION_WORDS)


_PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def other_language(response: TextResponse) -> bool:
    """A page in another language (an English mirror): not for a Persian gateway.

    The declared ``lang`` is not trusted alone (many Persian DotNetNuke sites keep
    ``lang="en-US"``): the page must also read mostly in Latin letters.
    """
    lang = (response.xpath("/html/@lang").get() or "").strip().lower()
    if not lang or lang.startswith(("fa", "per", "prs")):
        return False
    text = " ".join(response.xpath("//body//text()[not(ancestor::script)]").getall())[:3000]
    return len(_LATIN_LETTER.findall(text)) > 2 * len(_PERSIAN_LETTER.findall(text))


def judge(response: TextResponse, *, in_section: bool = False) -> Verdict:
    """Weigh the service signals against the news signals of one page."""
    if other_language(response):
        return Verdict("other_language", signals=["html lang"])
    signals: list[str] = []
    service = 0.0
    if page_types(response) & SERVICE_TYPES:
        service += 3
        signals.append("service data")
    kinds = block_kinds(labelled_fields(response))
    if kinds:
        service += min(len(kinds), 5)
        signals.append("service blocks: " + ", ".join(sorted(kinds)))
    if kinds and (in_section or under_service_section(response)):
        service += 1
        signals.append("in a services section")
    if kinds and repeated_labels(response) >= 2:  # a catalogue or a guide of several items
        service = min(service, 1.0)
        signals.append("the same blocks over several items")
    if kinds and any(NOT_A_SERVICE_TITLE.search(fold(t)) for t in _titles(response)):
        service -= 2
        signals.append("titled as a question, a guide or a form")
    news = news_score(response, signals)
    # A call for tenders only keeps a page from being a service: it is never news, so a
    # listing or a home page that announces one is still walked.
    tender = tender_score(response, signals) if service >= SERVICE_THRESHOLD else 0.0
    if service >= SERVICE_THRESHOLD and service > news + tender:
        kind = "service"
    elif news >= NEWS_THRESHOLD:
        kind = "news"
    else:
        kind = "not_service"
    return Verdict(kind, service, news, signals)


def looks_like_news(response: TextResponse) -> bool:
    return judge(response).is_news


def looks_like_service(response: TextResponse) -> bool:
    """A page describing one service: service data or service blocks outweigh news signals."""
    return judge(response).is_service
