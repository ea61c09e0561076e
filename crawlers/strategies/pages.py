"""Turning one fetched page into service items: shared by the page-judging strategies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from scrapy.http import TextResponse

from crawlers.classify import Verdict, judge
from crawlers.extract import (
    CATEGORY_LABELS,
    DESCRIPTION_LABELS,
    FIELD_LABELS,
    TITLE_LABELS,
    breadcrumb,
    field_pairs,
    fold,
    json_ld,
    labelled,
    labelled_fields,
    labelled_pairs,
    leads_elsewhere,
    microdata,
    page_description,
    page_title,
    plain,
    text_of,
    title_parts,
    types_of,
)
from crawlers.items import ServiceItem

# Headings that name the kind of page rather than the service (matched on folded text).
GENERIC_HEADINGS = frozenset(
    {
        "شناسنامه خدمت",
        "شناسنامه خدمات",
        "جزئیات خدمت",
        "مشخصات خدمت",
        "اطلاعات خدمت",
        "معرفی خدمت",
        "خدمات",
        "فهرست خدمات",
        "میز خدمت",
        "خدمات الکترونیک",
        "صفحه اصلی",
    }
)


@dataclass
class PageContext:
    """What a strategy knows about the portal beyond one page: its names, repeated headings."""

    site_names: set[str] = field(default_factory=set)  # folded
    repeated: set[str] = field(default_factory=set)  # folded headings seen on many pages

    def generic(self, heading: str) -> bool:
        folded = fold(heading)
        return (
            not folded
            or folded in GENERIC_HEADINGS
            or folded in self.repeated
            or folded in self.site_names
        )


def category_from_trail(response: TextResponse) -> str:
    trail = breadcrumb(response)
    return trail[-2] if len(trail) >= 2 else ""


def structured_services(response: TextResponse, types: set[str]) -> list[ServiceItem]:
    """Services declared as schema.org data on the page (JSON-LD or microdata)."""
    objects = [o for o in json_ld(response) if types_of(o) & types]
    objects += microdata(response, types)
    if not objects:
        return []
    single = len(objects) == 1
    fields = labelled_fields(response) if single else {}
    items = []
    for obj in objects:
        declared = plain(obj.get("url"))
        # One service on the page: the page itself (final URL after redirects) is the deep link.
        url = response.url if single or not declared else urljoin(response.url, declared)
        category = plain(obj.get("category") or obj.get("serviceType")) or category_from_trail(
            response
        )
        items.append(
            ServiceItem(
                url=url,
                title=plain(obj.get("name")) or (page_title(response) if single else ""),
                description=plain(obj.get("description")),
                category=category,
                fields=fields,
                fetched=url == response.url,
            )
        )
    return items


# Elements a CMS marks as the content's title (Tetis ``span.Title``, ``.page-title``,
# ``.entry-title``, ``#…_lblTitle``), outside the page head and navigation.
_TITLE_NODES = (
    "//body//*[not(ancestor::header or ancestor::nav or ancestor::a or self::a)]"
    "[contains(translate(@class, 'TITLE', 'title'), 'title')"
    " or contains(translate(@id, 'TITLE', 'title'), 'title')]"
)


# Text set in bold or large type outside links and menus, in page order.
_PROMINENT = (
    "//body//*[self::b or self::strong or self::big or (self::font and number(@size) >= 4)]"
    "[not(ancestor::a or ancestor::header or ancestor::nav or ancestor::footer)]"
)
_BODY_HEADINGS = "//body//*[self::h2 or self::h3][not(ancestor::header or ancestor::nav)]"


def service_title(response: TextResponse, context: PageContext, pairs: dict[str, str]) -> str:
    """The service's own name: a «عنوان خدمت» row first, then a heading that is not generic,
    then the heading or title element that ``<title>`` or the breadcrumb's last step names,
    then that step itself, then an element the CMS marks as the title, then the part of
    ``<title>`` that is not the site's name."""
    found = labelled(pairs, TITLE_LABELS)
    if found:
        return found[1]

    def own(text: str) -> bool:
        folded = fold(text)
        return (
            3 <= len(folded) <= 200
            and not context.generic(text)
            and not any(folded in name or name in folded for name in context.site_names if name)
        )

    # The heading that ``<title>`` names: a page builder marks every heading as a title
    # (Elementor's ``h2.elementor-heading-title``, the footer's «تماس با ما» too), while a
    # plain ``<h2>`` may hold the service's name.
    parts = [part for part in title_parts(response) if own(part)]
    # The breadcrumb's last step names the page too (where <title> is only the site's name).
    trail = breadcrumb(response)
    crumb = trail[-1] if len(trail) >= 2 and own(trail[-1]) else ""
    named = {fold(part) for part in parts} | ({fold(crumb)} if crumb else set())

    def by_title() -> str:
        if not named:
            return ""
        for node in response.xpath(_TITLE_NODES + " | " + _BODY_HEADINGS)[:20]:
            text = text_of(node)
            if fold(text) in named:
                return text
        return ""

    for query in ("//main//h1", "//h1"):
        heading = text_of(response.xpath(query)[:1])
        if heading and not context.generic(heading):
            # A banner <h1> naming the section («خدمات مشترکین», a menu link's name) on every
            # page, before enough pages were seen to call it generic: <title>'s heading wins.
            # Looked for only when the <h1> is not what <title> names (most pages it is).
            if (
                fold(heading) not in named
                and (named_heading := by_title())
                and _names_a_link(response, heading)
            ):
                return named_heading
            return heading
    if named_heading := by_title():
        return named_heading
    if crumb:
        return crumb
    for node in response.xpath(_TITLE_NODES)[:10]:
        text = text_of(node)
        if own(text):
            return text
    if parts:
        return parts[0]
    # An older page whose <title> is only the agency's name and whose title is set in bold
    # large type (FrontPage's ``<p align="center"><b><font size="4">``): its first such line.
    for node in response.xpath(_PROMINENT)[:20]:
        text = text_of(node)
        if own(text) and len(text) <= 150 and not FIELD_LABELS.match(fold(text)):
            return text
    return page_title(response)


def _names_a_link(response: TextResponse, text: str) -> bool:
    """Whether ``text`` is also what a link on the page to another page says (a menu item)."""
    here = response.url.split("#", 1)[0]
    folded = fold(text)
    for anchor in response.xpath("//a[@href]"):
        href = anchor.attrib["href"].strip()
        if not leads_elsewhere(href) or response.urljoin(href) == here:
            continue
        if fold(text_of(anchor)) == folded:
            return True
    return False


def generic_service(response: TextResponse, context: PageContext | None = None) -> ServiceItem:
    context = context or PageContext()
    pairs = labelled_pairs(response)
    category = labelled(pairs, CATEGORY_LABELS)
    description = labelled(pairs, DESCRIPTION_LABELS)
    fields = field_pairs(pairs)
    title = service_title(response, context, pairs)
    fields = {k: v for k, v in fields.items() if v != title}
    return ServiceItem(
        url=response.url,
        title=title,
        description=description[1] if description else page_description(response),
        category=category[1] if category else category_from_trail(response),
        fields=fields,
    )


def examine(
    response: TextResponse,
    types: set[str],
    context: PageContext | None = None,
    *,
    in_section: bool = False,
) -> tuple[list[ServiceItem], Verdict]:
    """The services a page describes (if it is a service page at all), and why."""
    verdict = judge(response, in_section=in_section)
    found = structured_services(response, types)
    if found:
        if verdict.kind != "news" or len(found) > 1:
            return found, Verdict("service", verdict.service, verdict.news, verdict.signals)
        return [], verdict
    if verdict.is_service:
        return [generic_service(response, context)], verdict
    return [], verdict


def judge_page(response: TextResponse, types: set[str]) -> Iterable[ServiceItem]:
    """The services a page describes, if it is a service page at all."""
    yield from examine(response, types)[0]
