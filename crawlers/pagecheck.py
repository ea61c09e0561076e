"""Telling a portal's real pages from pages that only stand in for them.

During maintenance a portal answers every URL with one 200 page («سامانه در حال
به‌روزرسانی است»); a login wall or a parked domain does the same. Such a crawl
"finishes normally" with no services, and two of them used to retire a whole
portal. This module recognises those pages (by patterns kept as data in
``data/page_signs.yaml``) and fingerprints bodies, so the monitor can call the
crawl ``suspect`` instead of complete.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml
from scrapy.http import HtmlResponse, TextResponse

from crawlers.extract import NOT_SHOWN, fold, folded_patterns, text_of
from registry.registration import domain_allowed

SHORT_PAGE = 1500  # visible characters: longer pages are real content, whatever they mention


@dataclass(frozen=True)
class PageSign:
    kind: str
    title: tuple[re.Pattern[str], ...]
    text: tuple[re.Pattern[str], ...]
    needs_password_field: bool = False
    ends_sentence: bool = False  # a match counts only where it ends what it is said in
    anywhere: tuple[re.Pattern[str], ...] = ()  # text patterns that count wherever they are


# Where one thing said ends and another begins, in a title («… | پورتال»), between the page's
# headings (joined with « | »), or in its text.
_BOUNDARY = re.compile(r"[.!?؟|:;؛،,()\[\]«»\"/\\–—…]| - ")
_TOKEN = re.compile(r"\w+")
_MARKS = str.maketrans("", "", "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
# What a stand-in page says after its notice: a copula, an apology, «try again later».
_AFTERWORDS_TEXT = """
    است هست نیست نمی می باشد میباشد باشند گردیده بود بوده اند هستند لطفا بعدا مجددا دوباره
    تلاش کنید نمایید بفرمایید فرمایید مراجعه پوزش عذرخواهی متاسفانه طلبیم میطلبیم ساعاتی
    دقایقی دیگر چند لحظه تا اطلاع ثانوی موقتا فعلا اکنون از شکیبایی شما سپاسگزاریم
    is are was has been currently temporarily please try again later sorry we will be back soon
    shortly for now right the this page site"""
_AFTERWORDS = frozenset(_AFTERWORDS_TEXT.split())


def ends_sentence(text: str, found: re.Match[str]) -> bool:
    """Whether a sign ends what it is said in: nothing but a copula, an apology or «try
    later» follows it before the next boundary. A stand-in says «سامانه در حال به‌روزرسانی
    است» or «خطایی رخ داده است»; a service's name goes on after the same words: «سامانه
    تعمیر و نگهداری تجهیزات پزشکی», «گزارش خطایی رخ داده در قبض», «اعلام نشانی نامعتبر
    پستی» (red team 11: such a portal got no service at all, for good)."""
    if _BOUNDARY.search(found.group().rstrip()[-1:]):
        return True  # the sign ends on its own boundary («Fatal error: …»)
    rest = _BOUNDARY.split(text[found.end() :], maxsplit=1)[0]
    return all(
        word.isdigit() or word in _AFTERWORDS
        for word in _TOKEN.findall(rest.translate(_MARKS).lower())
    )


def says(sign: PageSign, patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    """Whether ``text`` shows one of the sign's ``patterns`` (where it ends a sentence, for a
    sign that asks so)."""
    if not sign.ends_sentence:
        return any(pattern.search(text) for pattern in patterns)
    return any(ends_sentence(text, found) for p in patterns for found in p.finditer(text))


@cache
def page_signs() -> tuple[PageSign, ...]:
    """The kinds of stand-in pages, read once from the package data."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("crawlers").joinpath("data/page_signs.yaml").read_text("utf-8")
    )
    return tuple(
        PageSign(
            kind=kind,
            title=folded_patterns(list(spec.get("title") or []), "page_signs.yaml", kind),
            text=folded_patterns(list(spec.get("text") or []), "page_signs.yaml", kind),
            needs_password_field=bool(spec.get("needs_password_field")),
            ends_sentence=bool(spec.get("ends_sentence")),
            anywhere=folded_patterns(
                list(spec.get("text_anywhere") or []), "page_signs.yaml", kind
            ),
        )
        for kind, spec in raw.items()
    )


@dataclass(frozen=True)
class StandIn:
    kind: str  # "maintenance", "login", "parked", "not_found", "error"
    by_title: bool  # said by the title or a heading, not only somewhere in a short text


# The page's surroundings, repeated on every page: a sidebar login box, an announcement bar
# («سامانه پرداخت … امشب در حال به‌روزرسانی است»), menus. What they say is not what the page is.
_CHROME = (
    "ancestor::header or ancestor::nav or ancestor::aside or ancestor::footer"
    " or ancestor::marquee or ancestor::*[contains(@class, 'sidebar')]"
)
_OWN_TEXT = f"//body//text()[not({NOT_SHOWN} or {_CHROME})]"


def stand_in(response: TextResponse) -> StandIn | None:
    """What the page stands in for the portal as, or None for real content.

    Only the page's own words count: its title, its first headings and its text outside
    the header, menus, sidebars and footer. A portal that shows a login box or a notice in
    its chrome on every page is not a login wall or under maintenance.
    """
    try:
        heads = " | ".join(  # each one said apart: a title's end is no heading's start
            fold(text_of(head))
            for head in response.xpath(f"//title | (//h1 | //h2)[not({_CHROME})]")[:4]
        )
        body = fold(text_of(response.xpath(_OWN_TEXT)))
    except (ValueError, AttributeError):  # not markup (a JSON feed, plain text)
        return None
    if (
        isinstance(response, HtmlResponse)
        and not heads
        and not body
        and not response.xpath("//script | //frame | //iframe | //img | //object")
    ):
        # A «white screen»: an empty body, or one only markup, answered 200 where a page was
        # (a PHP page that died before printing). Not an app's shell: it has a script.
        return StandIn("error", True)
    short = len(body) <= SHORT_PAGE
    password = None
    for sign in page_signs():
        by_title = says(sign, sign.title, heads)
        if not by_title and not (
            short and (says(sign, sign.text, body) or any(p.search(body) for p in sign.anywhere))
        ):
            continue
        if sign.needs_password_field:
            if password is None:
                password = bool(response.xpath(f'//input[@type="password"][not({_CHROME})]'))
            if not password:
                continue
        return StandIn(sign.kind, by_title)
    return None


def says_gone(title: str) -> bool:
    """Whether a title read from a page is a not-found message: a soft 404 whose template
    shows «محتوای مورد نظر موجود نمی‌باشد» where the service's name was, in an element the
    page check does not read as a heading (an ``h3``, a ``div``) but the registration's
    title selector does. It is no service's name (red team round 10)."""
    text = fold(title)
    return bool(text) and any(
        says(sign, sign.title, text) for sign in page_signs() if sign.kind == "not_found"
    )


_DOCUMENT_START = re.compile(rb"<(html|body)[\s>]", re.IGNORECASE)
_DOCUMENT_END = re.compile(rb"</(body|html)\s*>", re.IGNORECASE)


def cut_short(response: TextResponse) -> bool:
    """Whether an HTML document stops before its end (red team round 8): it opens ``<html>``
    or ``<body>`` but closes neither, as when PHP dies half-way with ``display_errors`` off
    and the server still answers 200. A fragment a script loads (no ``<html>``/``<body>``)
    is not a document, and is never cut short."""
    if not isinstance(response, HtmlResponse) or not 200 <= response.status < 300:
        return False
    body = response.body
    return bool(_DOCUMENT_START.search(body[:65536])) and not _DOCUMENT_END.search(body)


def body_fingerprint(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


# Where a portal sends a visitor to sign in first, on a host of its own (red team round 8): the
# national single sign-on (my.gov.ir), a ministry's «sso.» or «login.» host, CAS, ADFS, OAuth
# and OpenID Connect endpoints. Read from the address alone: the crawler never fetches it.
_SIGN_ON_HOST = re.compile(r"^(sso|login|auth|accounts?|idp|cas|signin|my)\.", re.IGNORECASE)
_SIGN_ON_PATH = re.compile(
    r"/(log-?in|log-?on|sign-?in|sso|auth|authorize|oauth2?|cas|adfs|saml2?|openid-connect)"
    r"(/|\.|$)",
    re.IGNORECASE,
)


def sign_on_url(url: str) -> bool:
    """Whether ``url`` looks like a sign-on page (by its host or its path). The look alone
    proves nothing about who runs it: see :func:`trusted_sign_on`."""
    parts = urlsplit(url)
    return bool(_SIGN_ON_HOST.match(parts.hostname or "") or _SIGN_ON_PATH.search(parts.path or ""))


# Governments' own hosts: a service page sending its visitor to the national window or a
# ministry («my.gov.ir», «*.gov.ir») may be a service moved there, not a hijacked page.
_GOVERNMENT_HOST = re.compile(r"(^|\.)gov\.ir$", re.IGNORECASE)


def government_host(url: str) -> bool:
    """Whether ``url`` is on a government host («my.gov.ir», «*.gov.ir»)."""
    return bool(_GOVERNMENT_HOST.search(urlsplit(url).hostname or ""))


def trusted_sign_on(url: str, domains: Sequence[str] = (), back_to: str = "") -> bool:
    """Whether a service page sending its visitor to ``url`` is behind a login, not gone nor
    hijacked: a sign-on page (:func:`sign_on_url`) on the portal's registered ``domains``, on
    a government host (the national single sign-on «my.gov.ir», a ministry's
    «sso.….gov.ir»), or one that names the page's own host (``back_to``) as where the visitor
    comes back after signing in, as every single sign-on does (OAuth's ``redirect_uri``,
    CAS's ``service``, ``ReturnUrl``): a ministry's sign-on on a host outside «gov.ir».

    Anyone can name a path «/login»: a hijacked portal sending its pages to
    «casino.example/login» was taken for a login wall, with no alert, and the link checker
    called the link working (red team round 11); a casino has no reason to send its visitors
    back to the portal. A hijacker who writes the return address too passes, as before."""
    if not sign_on_url(url):
        return False
    if government_host(url) or (bool(domains) and domain_allowed(url, list(domains))):
        return True
    return bool(back_to) and _returns_to(url, back_to)


def _returns_to(url: str, page: str) -> bool:
    """Whether the address ``url`` names an absolute address on ``page``'s host in its query
    (decoded once, as a sign-on reads it)."""
    host = urlsplit(page).hostname
    if not host:
        return False
    for _, value in parse_qsl(urlsplit(url).query):
        back = urlsplit(value.strip())
        if back.scheme in ("http", "https") and back.hostname == host:
            return True
    return False
