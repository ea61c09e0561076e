"""``auto`` on the markup mechanisms of the seventeenth held-out round of portal styles.

Small portals crawled together, each listing its services only in a way ``auto`` read
nothing from before, the crawl reported ``complete`` with no alert: a Hotwire Turbo lazy
frame (``<turbo-frame src loading="lazy">``) paged inside the frame, web components that
link by their ``href`` (Ionic, Calcite, Material Web, Shoelace: the ``<a>`` is in their shadow
DOM), a homepage's JSON-LD ``hasOfferCatalog`` and ``makesOffer``, and a plain-text sitemap
named by robots.txt (read by ``strategy: sitemap`` too). Each portal also holds a page that is
no service inside its services channel: it is judged and left out.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from crawl_helpers import FAST, AgencyPages, Page, Site, SitesCrawled, crawl, serve

from registry.registration import Registration

AGENCY = "اداره کل میراث فرهنگی، گردشگری و صنایع دستی استان سمنان"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home


def raw(body: bytes | str, kind: str) -> Page:
    return 200, {"Content-Type": kind}, body.encode() if isinstance(body, str) else body


def guide(title: str) -> Page:
    """A how-to page inside a services channel: no service."""
    return page(
        title,
        f"<h1>{title}</h1><p>این راهنما نحوه کار با سامانه را شرح می‌دهد.</p>"
        "<h3>چگونه ثبت‌نام کنم؟</h3><p>با شماره همراه خود وارد شوید.</p>",
    )


def office(title: str) -> Page:
    """A branch office's page: an address and hours, no service."""
    return page(
        title,
        f"<h1>{title}</h1><p>نشانی: میدان امام، جنب شهرداری</p><p>تلفن: ۰۲۳-۳۳۴۴۰۰۰۰</p>"
        "<p>ساعت کاری: شنبه تا چهارشنبه</p>",
    )


# ---- a Turbo lazy frame outside the section's path, its pager inside the frame, and an
# eager frame beside it

FRAME_PAGES = [
    {"/fa/mojavez/41": "صدور مجوز تأسیس دفتر خدمات مسافرتی", "/fa/mojavez/42": "تمدید مجوز دفتر"},
    {"/fa/mojavez/43": "صدور مجوز اقامتگاه بوم‌گردی", "/fa/mojavez/44": "صدور کارت راهنمای تور"},
    {"/fa/mojavez/45": "ثبت اثر در فهرست آثار ملی"},
]
FEATURED = {"/fa/mojavez/46": "صدور مجوز کارگاه صنایع دستی"}
FRAME_GUIDE = ("/fa/mojavez/rahnama", "راهنمای ثبت درخواست مجوز")


def frame_document(number: int) -> Page:
    links = FRAME_PAGES[number - 1] | (dict([FRAME_GUIDE]) if number == 2 else {})
    cards = "".join(
        f'<div class="card"><a href="{p}" data-turbo-frame="_top">{t}</a></div>'
        for p, t in links.items()
    )
    if number < len(FRAME_PAGES):
        cards += f'<nav class="pagy"><a href="/frames/desk-items?page={number + 1}">بعدی</a></nav>'
    return raw(
        f'<html><body><turbo-frame id="desk">{cards}</turbo-frame></body></html>',
        "text/html; charset=utf-8",
    )


def turbo_pages() -> dict[str, Page]:
    found = {p: service(t) for services in FRAME_PAGES for p, t in services.items()}
    found |= {p: service(t) for p, t in FEATURED.items()}
    found[FRAME_GUIDE[0]] = guide(FRAME_GUIDE[1])
    found["/"] = home("/portal/desk", "میز خدمت")
    found["/portal/desk"] = page(
        "میز خدمت",
        '<h1>میز خدمت</h1><turbo-frame id="desk" src="/frames/desk-items" loading="lazy">'
        '<p>در حال بارگذاری…</p></turbo-frame><turbo-frame id="featured" src="/frames/featured">'
        "</turbo-frame>",
    )
    found["/frames/desk-items"] = frame_document(1)
    for number in range(1, len(FRAME_PAGES) + 1):
        found[f"/frames/desk-items?page={number}"] = frame_document(number)
    card = "".join(f'<a href="{p}" data-turbo-frame="_top">{t}</a>' for p, t in FEATURED.items())
    found["/frames/featured"] = raw(
        f'<turbo-frame id="featured">{card}</turbo-frame>', "text/html; charset=utf-8"
    )
    return found


# ---- web components linking by ``href`` (Shoelace, Ionic, Calcite, Material Web), paged by
# component buttons; SVG and style hrefs beside them are no links

COMPONENT_PAGES = [
    {"/khadamat/item/71": "صدور مجوز فعالیت موزه خصوصی", "/khadamat/item/72": "صدور مجوز کاوش"},
    {"/khadamat/item/73": "صدور مجوز مرمت بنای تاریخی", "/khadamat/item/74": "ثبت صنایع دستی"},
    {"/khadamat/item/75": "صدور گواهی اصالت اثر صنایع دستی"},
]
COMPONENT_GUIDE = ("/khadamat/item/help", "راهنمای استفاده از میز خدمت")
ICONS = "/static/icons.svg"


def component_listing(number: int) -> Page:
    entries = COMPONENT_PAGES[number - 1] | (dict([COMPONENT_GUIDE]) if number == 3 else {})
    tags = ("ion-item", "calcite-link", "md-list-item")
    items = "".join(
        f'<{tags[i % 3]} type="link" href="{p}"><div slot="headline">{t}</div></{tags[i % 3]}>'
        for i, (p, t) in enumerate(entries.items())
    )
    pager = ""
    if number > 1:
        pager += f'<md-text-button href="?page={number - 1}">قبلی</md-text-button>'
    if number < len(COMPONENT_PAGES):
        pager += f'<calcite-button href="/khadamat/list?page={number + 1}">بعدی</calcite-button>'
    icon = f'<svg><use href="{ICONS}#arrow"></use><image href="/static/logo.png"/></svg>'
    icon += '<md-list-item type="link" href="{{ s.url }}">{{ s.title }}</md-list-item>'
    return page(
        "خدمات الکترونیک",
        f"<h1>خدمات الکترونیک</h1><ion-list>{items}</ion-list>{icon}<div>{pager}</div>",
        '<link rel="stylesheet" href="/static/site.css">',
    )


def component_pages() -> dict[str, Page]:
    found = {p: service(t) for services in COMPONENT_PAGES for p, t in services.items()}
    found[COMPONENT_GUIDE[0]] = guide(COMPONENT_GUIDE[1])
    found["/"] = page(
        "صفحه اصلی",
        f"<h1>{AGENCY}</h1><nav><sl-button href='/khadamat/list'>خدمات الکترونیک</sl-button></nav>",
    )
    found["/khadamat/list"] = component_listing(1)
    for number in range(1, len(COMPONENT_PAGES) + 1):
        found[f"/khadamat/list?page={number}"] = component_listing(number)
    return found


# ---- a homepage's JSON-LD: an organisation's nested offer catalogues and its ``makesOffer``,
# its branch offices beside them

IN_CATALOGUE = {
    "/fa/service-detail?id=81": "صدور مجوز بهره‌برداری تأسیسات گردشگری",
    "/fa/service-detail?id=82": "صدور پروانه دفتر زیارتی",
    "/fa/service-detail?id=83": "صدور مجوز نمایشگاه صنایع دستی",
}
OFFERED = {"/fa/service-detail?id=84": "صدور مجوز تابلو راهنمای گردشگری"}
BRANCHES = {"/fa/daftar/2": "دفتر شهرستان شاهرود", "/fa/daftar/3": "دفتر شهرستان دامغان"}


def offer_pages(origin: str) -> dict[str, Page]:
    catalogue = list(IN_CATALOGUE.items())

    def offer(path: str, title: str, absolute: bool = True) -> dict[str, object]:
        offered = {"@type": "GovernmentService", "name": title}
        return {
            "@type": "Offer",
            "itemOffered": offered | {"url": origin + path if absolute else path},
        }

    organisation = {
        "@type": "GovernmentOrganization",
        "@id": origin + "/#org",
        "name": AGENCY,
        "url": origin + "/",
        "department": [
            {"@type": "GovernmentOffice", "name": t, "url": origin + p} for p, t in BRANCHES.items()
        ],
        "subOrganization": {"@type": "GovernmentOrganization", "url": origin + "/fa/daftar/3"},
        "hasOfferCatalog": {
            "@type": "OfferCatalog",
            "name": "خدمات",
            "itemListElement": [
                {
                    "@type": "OfferCatalog",
                    "name": "گردشگری",
                    "itemListElement": [offer(*catalogue[0]), offer(*catalogue[1], absolute=False)],
                },
                {
                    "@type": "OfferCatalog",
                    "name": "صنایع دستی",
                    "itemListElement": [offer(*catalogue[2])],
                },
            ],
        },
        "makesOffer": [offer(p, t) for p, t in OFFERED.items()],
    }
    ld = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, organisation]}
    head = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    found = {p: service(t) for p, t in (IN_CATALOGUE | OFFERED).items()}
    found |= {p: office(t) for p, t in BRANCHES.items()}
    found["/"] = page(
        "صفحه اصلی",
        f'<h1>{AGENCY}</h1><ul class="menu"><li><a href="/fa/khadamat">خدمات</a></li></ul>',
        head,
    )
    found["/fa/khadamat"] = page("خدمات", '<h1>خدمات</h1><div id="mega"></div>')
    return found


# ---- a plain-text sitemap named by robots.txt (a BOM, CRLF lines, a blank line), listing
# home, about, contact, news and a guide beside the services; the services page is a search box

IN_TEXT_SITEMAP = {
    "/fa/kh/item/91": "صدور مجوز احداث اقامتگاه",
    "/fa/kh/item/92": "صدور مجوز فعالیت راهنمای محلی",
    "/fa/kh/item/93": "ثبت درخواست حریم آثار تاریخی",
}
TEXT_GUIDE = ("/fa/help/sabt", "راهنمای ثبت درخواست در سامانه")
NEWS = "/fa/news/512"


def text_sitemap_pages(origin: str, sitemap: str) -> dict[str, Page]:
    found = {p: service(t) for p, t in IN_TEXT_SITEMAP.items()}
    found[TEXT_GUIDE[0]] = guide(TEXT_GUIDE[1])
    found["/fa/about"] = page(
        "درباره ما", "<h1>درباره ما</h1><p>این اداره کل در سال ۱۳۶۴ تأسیس شد.</p>"
    )
    found["/fa/contact"] = page("تماس با ما", "<h1>تماس با ما</h1><p>تلفن: ۰۲۳-۳۳۴۴۰۰۰۰</p>")
    found[NEWS] = page(
        "بازدید مدیرکل",
        "<h1>بازدید مدیرکل از کاروانسرا</h1><div>کد خبر: 5120</div>"
        "<p>به گزارش روابط عمومی، مدیرکل از کاروانسرای تاریخی بازدید کرد.</p>",
    )
    found["/"] = home("/fa/kh")
    found["/fa/kh"] = page("خدمات", '<h1>جستجوی خدمات</h1><input id="q"><ul id="r"></ul>')
    listed = ["/", "/fa/about", "/fa/contact", NEWS, *IN_TEXT_SITEMAP, TEXT_GUIDE[0]]
    text = "\ufeff" + "\r\n".join(origin + p for p in listed[:4]) + "\r\n\r\n"
    text += "\r\n".join(origin + p for p in listed[4:]) + "\r\n"
    found[sitemap] = raw(text, "text/plain; charset=utf-8")
    found["/robots.txt"] = raw(f"User-agent: *\nSitemap: {origin}{sitemap}\n", "text/plain")
    return found


SITEMAP_TXT = "/map/urls.txt"
STYLES = ("turbo", "components", "offers", "textmap")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    from sandbox.unseen import auto_registration
    from tests.crawlers.unseen_score import indexed

    tmp = tmp_path_factory.mktemp("round17")
    with ExitStack() as stack:
        sites: dict[str, Site] = {
            name: stack.enter_context(serve({})) for name in (*STYLES, "textmap-recipe")
        }
        sites["turbo"].pages.update(turbo_pages())
        sites["components"].pages.update(component_pages())
        sites["offers"].pages.update(offer_pages(sites["offers"].origin))
        sites["textmap"].pages.update(text_sitemap_pages(sites["textmap"].origin, SITEMAP_TXT))
        recipe = sites["textmap-recipe"]
        recipe.pages.update(text_sitemap_pages(recipe.origin, "/map/urls.txt.gz"))
        status, _headers, body = recipe.pages["/map/urls.txt.gz"]
        recipe.pages["/map/urls.txt.gz"] = (
            status,
            {"Content-Type": "application/gzip"},
            gzip.compress(body),
        )
        registrations = [auto_registration(k, sites[k].origin, AGENCY) for k in STYLES]
        registrations.append(
            Registration.parse(
                {
                    "id": "textmap-recipe",
                    "agency": AGENCY,
                    "homepage": recipe.origin + "/",
                    "strategy": "sitemap",
                    "sitemap": {"sitemap_urls": ["/map/urls.txt.gz"]},
                }
            )
        )
        reports = {r.portal_id: r for r in crawl(registrations, tmp, overrides=FAST)}
        found = {
            key: {url.removeprefix(site.origin): title for url, title in indexed(tmp, key)}
            for key, site in sites.items()
        }
        yield SitesCrawled(found, {k: s.requests for k, s in sites.items()}, reports)


def _complete(crawled: SitesCrawled, name: str) -> None:
    assert crawled.reports[name].status.value == "complete", crawled.reports[name].summary()


def test_a_turbo_lazy_frame_and_its_pager_are_walked_as_the_section(crawled: SitesCrawled) -> None:
    asked = crawled.asked["turbo"]
    expected = {k: v for p in FRAME_PAGES for k, v in p.items()} | FEATURED
    assert crawled.found["turbo"] == expected, asked
    assert "/frames/desk-items?page=3" in asked
    assert FRAME_GUIDE[0] in asked  # judged, and left out
    _complete(crawled, "turbo")


def test_web_components_with_an_href_are_links_and_pagers(crawled: SitesCrawled) -> None:
    asked = crawled.asked["components"]
    expected = {k: v for p in COMPONENT_PAGES for k, v in p.items()}
    assert crawled.found["components"] == expected, asked
    assert "/khadamat/list?page=3" in asked
    assert COMPONENT_GUIDE[0] in asked  # judged, and left out
    assert not any(path.startswith("/static/") for path in asked)  # SVG, image, style hrefs
    assert not any("%7B" in path or "{" in path for path in asked)  # a template's placeholder
    _complete(crawled, "components")


def test_the_services_a_homepage_json_ld_offers_are_read(crawled: SitesCrawled) -> None:
    asked = crawled.asked["offers"]
    assert crawled.found["offers"] == IN_CATALOGUE | OFFERED, asked
    assert not any(path.startswith("/fa/daftar/") for path in asked)  # branch offices: unread
    _complete(crawled, "offers")


def test_a_plain_text_sitemap_named_by_robots_txt_is_read_and_its_pages_judged(
    crawled: SitesCrawled,
) -> None:
    asked = crawled.asked["textmap"]
    assert crawled.found["textmap"] == IN_TEXT_SITEMAP, asked
    assert TEXT_GUIDE[0] in asked and "/fa/about" in asked  # judged, and left out
    _complete(crawled, "textmap")


def test_strategy_sitemap_reads_a_gzipped_text_sitemap(crawled: SitesCrawled) -> None:
    report = crawled.reports["textmap-recipe"]
    assert crawled.found["textmap-recipe"] == IN_TEXT_SITEMAP, crawled.asked["textmap-recipe"]
    assert not report.errors, report.summary()
    _complete(crawled, "textmap-recipe")


def test_text_sitemaps_are_read_within_bounds() -> None:
    from crawlers import textsitemap

    assert textsitemap.addresses(b"<html><body>https://a.ir/x</body></html>") is None
    assert textsitemap.addresses(b"User-agent: *\nDisallow: /\nSitemap: https://a.ir/s") is None
    assert textsitemap.addresses(b"https://a.ir/x\r\nhttps://a.ir/x\n# note\n") == [
        "https://a.ir/x"
    ]
    many = "".join(f"https://a.ir/{n}\n" for n in range(textsitemap.MAX_URLS + 10)).encode()
    assert len(textsitemap.addresses(many) or []) == textsitemap.MAX_URLS
    long_line = b"https://a.ir/" + b"x" * 5000
    assert textsitemap.addresses(long_line) is None


def test_offer_catalogues_are_walked_within_bounds() -> None:
    from scrapy.http import HtmlResponse

    from crawlers import offers

    def offered(data: str) -> list[str]:
        body = f'<html><head><script type="application/ld+json">{data}</script></head></html>'
        return offers.offered_urls(HtmlResponse("https://a.ir/", body=body, encoding="utf-8"))

    deep = '{"hasOfferCatalog":' * 5000 + "{}" + "}" * 5000
    assert offered(deep) == []  # nested past the parser's or the walk's depth: nothing, no crash
    assert offered("[" * 100_000 + "]" * 100_000) == []
    flat = {
        "@type": "Organization",
        "makesOffer": [
            {"@type": "Offer", "itemOffered": {"@type": "Service", "url": f"/s/{n}"}}
            for n in range(2000)
        ],
        "department": {"@type": "GovernmentService", "url": "/not-walked"},
    }
    found = offered(json.dumps(flat))
    assert len(found) == offers.MAX_URLS and "/not-walked" not in found
