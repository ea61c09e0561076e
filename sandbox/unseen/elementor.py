# ruff: noqa: E501
"""(e) WordPress + Elementor Pro theme builder: services are custom post type `khadamat` at
`/khadamat/{persian-slug}/` (lowercase %-encoding, absolute URLs as WordPress prints them),
archive `/khadamat/` paged `/khadamat/page/N/` by an Elementor Posts widget, taxonomy
`/khadamat-category/…/`. Single template: every heading is `h2.elementor-heading-title`
(site name in the header template, post title, «مدارک مورد نیاز», «مراحل انجام کار», footer
«تماس با ما»), each in its own widget box; Rank Math breadcrumbs; <title> «{title} - {site}».
Copies: `?amp` (rel=amphtml), `/feed/` comments RSS (rel=alternate), `/?p=ID` shortlink (301).
News are ordinary posts `/{slug}/` rendered by the very same single template."""

from __future__ import annotations

import zlib
from urllib.parse import quote, unquote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round4 as cat
from sandbox.unseen.base import UnseenSite, e

PER_PAGE = 6
SITE = "دفاتر خدمات الکترونیک انتظامی سمنان"
CATS = {"vazifeh": "نظام وظیفه", "police": "خدمات انتظامی"}
NEWS_ID = 900  # post IDs of the news, after the services'
STEPS = "<ol><li>مراجعه به دفتر با مدارک</li><li>ثبت درخواست در سامانه</li><li>پرداخت هزینه و دریافت کد رهگیری</li></ol>"


def wslug(title: str) -> str:
    """WordPress's slug of a Persian title: dashes for spaces, lowercase %-hex."""
    raw = title.replace("\u200c", "-")
    for dropped in "()،/":
        raw = raw.replace(dropped, "")
    return quote("-".join(raw.split()), safe="-").lower()


class ElementorSite(UnseenSite):
    id = "entezami-semnan"
    agency = cat.ENTEZAMI

    def __init__(self) -> None:
        super().__init__(cat.entezami())
        self.news = list(cat.NEWS[:7])

    def service_path(self, s: ServiceSpec) -> str:
        return f"/khadamat/{wslug(s.title)}/"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (self.service_path(s) + "?amp", f"/?p={s.number}")

    def news_path(self, i: int) -> str:
        return f"/{wslug(self.news[i])}/"

    def handle(self, r: Request) -> Response:
        o, q = r.origin, r.query
        # WordPress matches the slug whatever case its %-hex is in
        p = quote(unquote(r.path) if r.path.isascii() else r.path, safe="/-").lower()
        amp = "?" in r.target and "amp" in r.target.split("?", 1)[1].split("&")
        if p == "/robots.txt":
            return Response.text(
                "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
            )
        if p == "/" and "p" in q:  # the shortlink
            s = self.by_number(q["p"])
            if s:
                return Response.redirect(o + self.service_path(s), 301)
            i = int(q["p"]) - NEWS_ID if q["p"].isdigit() else -1
            if 0 <= i < len(self.news):
                return Response.redirect(o + self.news_path(i), 301)
            return Response.not_found()
        if p == "/":
            recent = "".join(
                self.post_card(o, s.title, self.service_path(s), s.description)
                for s in self.specs[:3]
            )
            news = "".join(
                self.post_card(o, t, self.news_path(i), "") for i, t in enumerate(self.news[:3])
            )
            return self.page(
                o,
                SITE,
                self.section([self.heading("خدمات پرکاربرد"), self.posts(recent)])
                + self.section([self.heading("آخرین اخبار"), self.posts(news)]),
                "home page-template-default",
            )
        if p == "/khadamat/" or p.startswith("/khadamat/page/"):
            last = p.removeprefix("/khadamat/page/").strip("/")
            n = int(last) if p.startswith("/khadamat/page/") and last.isdigit() else 1
            return self.archive(o, "خدمات", "/khadamat/", self.specs, n)
        if p.startswith("/khadamat-category/"):
            key = p.split("/")[2]
            if key not in CATS:
                return Response.not_found()
            specs = [s for s in self.specs if s.category == key]
            return self.archive(o, CATS[key], f"/khadamat-category/{key}/", specs, 1)
        if p.startswith("/khadamat/"):
            parts = p.split("/")
            s = next((x for x in self.specs if wslug(x.title) == parts[2]), None)
            if s is None:
                return Response.not_found()
            if len(parts) > 4 and parts[3] == "feed":
                return self.feed(o, s.title, self.service_path(s))
            if len(parts) != 4 or parts[3] != "":
                return Response.not_found()
            if amp:
                return self.amp(o, s.title, s.description)
            return self.single(
                o,
                s.title,
                self.service_path(s),
                s.number,
                s.description,
                s.documents,
                ("خدمات", "/khadamat/"),
                f"khadamat-template-default single single-khadamat postid-{s.number}",
            )
        if p == "/feed/":
            return self.feed(o, SITE, "/")
        if p in ("/akhbar/", "/category/akhbar/"):
            cards = "".join(
                self.post_card(o, t, self.news_path(i), "") for i, t in enumerate(self.news)
            )
            return self.page(
                o,
                "اخبار",
                self.section([self.heading("اخبار"), self.posts(cards)]),
                "archive category",
            )
        for i, t in enumerate(self.news):
            base = self.news_path(i)
            if p == base + "feed/":
                return self.feed(o, t, base)
            if p == base:
                if amp:
                    return self.amp(o, t, "")
                return self.single(
                    o,
                    t,
                    base,
                    NEWS_ID + i,
                    f"به گزارش روابط عمومی {self.agency}، {t}.",
                    (),
                    ("اخبار", "/akhbar/"),
                    f"post-template-default single single-post postid-{NEWS_ID + i}",
                )
        static = {
            "/contact/": (
                "تماس با ما",
                '<div class="elementor-widget-form"><form class="elementor-form" method="post"><input name="form_fields[name]"><textarea name="form_fields[message]"></textarea></form></div>',
            ),
            "/faq/": (
                "سوالات متداول",
                '<div class="elementor-accordion"><div class="elementor-accordion-item"><div class="elementor-tab-title">مدت اعتبار گذرنامه چقدر است؟</div><div class="elementor-tab-content">هفت سال.</div></div><div class="elementor-accordion-item"><div class="elementor-tab-title">ساعات کاری دفاتر؟</div><div class="elementor-tab-content">۸ تا ۱۸</div></div></div>',
            ),
            "/about/": ("درباره ما", f"<p>{e(self.agency)} با ۲۴ دفتر فعال در سطح استان.</p>"),
        }
        if p in static:
            title, body = static[p]
            return self.page(
                o,
                f"{title} - {SITE}",
                self.section([self.heading(title), self.widget("text-editor", body)]),
                "page-template-default page",
            )
        if p == "/wp-login.php":
            return Response.html(
                f'<!DOCTYPE html><html lang="fa-IR" dir="rtl"><head><meta charset="UTF-8"><title>ورود &lsaquo; {SITE} &#8212; وردپرس</title></head><body class="login"><form name="loginform" action="{o}/wp-login.php" method="post"><input name="log"><input type="password" name="pwd"></form></body></html>'
            )
        return Response.not_found()

    # ---- Elementor markup: every widget in its own element box

    def widget(self, kind: str, inner: str, extra: str = "") -> str:
        element = f"{zlib.crc32(inner.encode()) % 0xFFFFFFF:07x}"  # Elementor's element id
        return f'<div class="elementor-element elementor-element-{element} elementor-widget elementor-widget-{kind} {extra}" data-element_type="widget" data-widget_type="{kind}.default"><div class="elementor-widget-container">{inner}</div></div>'

    def heading(self, text: str, href: str | None = None, extra: str = "") -> str:
        inner = f'<a href="{href}">{e(text)}</a>' if href else e(text)
        return self.widget(
            "heading",
            f'<h2 class="elementor-heading-title elementor-size-default">{inner}</h2>',
            extra,
        )

    def section(self, widgets: list[str]) -> str:
        return (
            '<section class="elementor-section elementor-top-section elementor-section-boxed" data-element_type="section"><div class="elementor-container elementor-column-gap-default">'
            '<div class="elementor-column elementor-col-100 elementor-top-column" data-element_type="column"><div class="elementor-widget-wrap elementor-element-populated">'
            + "".join(widgets)
            + "</div></div></div></section>"
        )

    def posts(self, cards: str) -> str:
        return self.widget(
            "posts",
            f'<div class="elementor-posts-container elementor-posts elementor-posts--skin-classic elementor-grid">{cards}</div>',
            "elementor-grid-3",
        )

    def post_card(self, o: str, title: str, path: str, excerpt: str) -> str:
        return (
            f'<article class="elementor-post elementor-grid-item post type-post status-publish"><div class="elementor-post__text"><h3 class="elementor-post__title"><a href="{o}{path}">{e(title)}</a></h3>'
            f'<div class="elementor-post__excerpt"><p>{e(excerpt[:80])}</p></div><a class="elementor-post__read-more" href="{o}{path}" aria-label="ادامه مطلب {e(title)}">ادامه مطلب »</a></div></article>'
        )

    def archive(self, o: str, title: str, base: str, specs: list[ServiceSpec], n: int) -> Response:
        chunk = specs[(n - 1) * PER_PAGE : n * PER_PAGE]
        if not chunk:
            return Response.not_found()
        last = (len(specs) + PER_PAGE - 1) // PER_PAGE
        cards = "".join(
            self.post_card(o, s.title, self.service_path(s), s.description) for s in chunk
        )

        def href(i: int) -> str:
            return f"{o}{base}" if i == 1 else f"{o}{base}page/{i}/"

        def number(i: int) -> str:
            label = f'<span class="elementor-screen-only">برگه</span>{persian_digits(str(i))}'
            if i == n:
                return f'<span aria-current="page" class="page-numbers current">{label}</span>'
            return f'<a class="page-numbers" href="{href(i)}">{label}</a>'

        prev = (
            f'<a class="page-numbers prev" href="{href(n - 1)}">&rarr; قبلی</a>'
            if n > 1
            else '<span class="page-numbers prev">&rarr; قبلی</span>'
        )
        nxt = (
            f'<a class="page-numbers next" href="{href(n + 1)}">بعدی &larr;</a>'
            if n < last
            else '<span class="page-numbers next">بعدی &larr;</span>'
        )
        numbers = "".join(number(i) for i in range(1, last + 1))
        pager = (
            f'<nav class="elementor-pagination" aria-label="صفحه بندی">{prev}{numbers}{nxt}</nav>'
            if last > 1
            else ""
        )
        cats = "".join(f'<a href="{o}/khadamat-category/{k}/">{e(v)}</a> ' for k, v in CATS.items())
        suffix = f" - برگه {persian_digits(str(n))}" if n > 1 else ""
        return self.page(
            o,
            f"{title} - {SITE}{suffix}",
            self.section(
                [
                    self.heading(title),
                    self.widget("text-editor", f"<p>{cats}</p>"),
                    self.posts(cards) + pager,
                ]
            ),
            "archive post-type-archive post-type-archive-khadamat",
        )

    def single(
        self,
        o: str,
        title: str,
        path: str,
        pid: int,
        text: str,
        docs: tuple[str, ...],
        parent: tuple[str, str],
        body_class: str,
    ) -> Response:
        """The one single-post template of services and news alike."""
        crumbs = f'<nav aria-label="breadcrumbs" class="rank-math-breadcrumb"><p><a href="{o}/">خانه</a><span class="separator"> &raquo; </span><a href="{o}{parent[1]}">{e(parent[0])}</a><span class="separator"> &raquo; </span><span class="last">{e(title)}</span></p></nav>'
        widgets = [
            self.widget("breadcrumbs", crumbs),
            self.heading(title, extra="elementor-page-title elementor-widget-theme-post-title"),
            self.widget("theme-post-content", f"<p>{e(text)}</p>"),
        ]
        if docs:
            items = "".join(
                f'<li class="elementor-icon-list-item"><span class="elementor-icon-list-text">{e(d)}</span></li>'
                for d in docs
            )
            widgets += [
                self.heading("مدارک مورد نیاز"),
                self.widget("icon-list", f'<ul class="elementor-icon-list-items">{items}</ul>'),
                self.heading("مراحل انجام کار"),
                self.widget("text-editor", STEPS),
            ]
        widgets.append(
            self.widget(
                "share-buttons",
                f'<div class="elementor-share-btn elementor-share-btn_telegram" data-url="{o}{path}?utm_source=telegram"><span class="elementor-share-btn__title">تلگرام</span></div>',
            )
        )
        head = (
            f'<link rel="canonical" href="{o}{path}" /><link rel="shortlink" href="{o}/?p={pid}" /><link rel="amphtml" href="{o}{path}?amp" />'
            f'<link rel="alternate" type="application/rss+xml" title="{SITE} &raquo; {e(title)} خوراک دیدگاه‌ها" href="{o}{path}feed/" /><meta property="og:title" content="{e(title)} - {SITE}" />'
        )
        content = (
            f'<div data-elementor-type="single-post" data-elementor-id="412" class="elementor elementor-412 elementor-location-single post-{pid}">'
            + self.section(widgets)
            + "</div>"
        )
        return self.page(o, f"{title} - {SITE}", content, body_class, head)

    def amp(self, o: str, title: str, text: str) -> Response:
        return Response.html(
            f'<!doctype html><html amp lang="fa-IR" dir="rtl"><head><meta charset="utf-8"><title>{e(title)} - {SITE}</title><link rel="canonical" href="{o}"><style amp-boilerplate>body{{visibility:hidden}}</style></head>'
            f'<body class=""><header id="top" class="amp-wp-header"><div><a href="{o}/">{SITE}</a></div></header><article class="amp-wp-article"><header class="amp-wp-article-header"><h1 class="amp-wp-title">{e(title)}</h1></header>'
            f'<div class="amp-wp-article-content"><p>{e(text)}</p></div></article></body></html>'
        )

    def feed(self, o: str, title: str, path: str) -> Response:
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>دیدگاه‌ها برای: {e(title)}</title>'
            f'<atom:link href="{o}{path}feed/" rel="self" type="application/rss+xml" /><link>{o}{path}</link><description>{SITE}</description><lastBuildDate>Sat, 02 Nov 2024 08:00:00 +0000</lastBuildDate><sy:updatePeriod xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">hourly</sy:updatePeriod></channel></rss>'
        )
        return Response(
            body=xml.encode(), headers=[("Content-Type", "application/rss+xml; charset=UTF-8")]
        )

    def page(self, o: str, title: str, content: str, body_class: str, head: str = "") -> Response:
        menu = "".join(
            f'<li class="menu-item"><a href="{o}{u}" class="elementor-item">{t}</a></li>'
            for u, t in (
                ("/", "خانه"),
                ("/khadamat/", "خدمات"),
                ("/akhbar/", "اخبار"),
                ("/faq/", "سوالات متداول"),
                ("/about/", "درباره ما"),
                ("/contact/", "تماس با ما"),
                ("/wp-login.php", "ورود"),
            )
        )
        nav = f'<nav class="elementor-nav-menu--main"><ul id="menu-1-main" class="elementor-nav-menu">{menu}</ul></nav>'
        site_title = self.heading(SITE, o + "/", "elementor-widget-theme-site-title")
        header = f'<div data-elementor-type="header" data-elementor-id="10" class="elementor elementor-10 elementor-location-header">{self.section([site_title, self.widget("nav-menu", nav)])}</div>'
        footer_widgets = [
            self.heading("تماس با ما"),
            self.widget("text-editor", "<p>سمنان، بلوار امام رضا، تلفن ۱۱۰</p>"),
            self.heading("لینک‌های مفید"),
            self.widget("text-editor", '<p><a href="https://epolice.ir/">پلیس من</a></p>'),
        ]
        footer = f'<div data-elementor-type="footer" data-elementor-id="55" class="elementor elementor-55 elementor-location-footer">{self.section(footer_widgets)}</div>'
        return Response.html(
            f'<!doctype html><html dir="rtl" lang="fa-IR"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(title)}</title>'
            '<meta name="generator" content="WordPress 6.4.3" /><meta name="generator" content="Elementor 3.18.3; features: e_dom_optimization; settings: css_print_method-external" />'
            f'<link rel="alternate" type="application/rss+xml" title="{SITE} &raquo; خوراک" href="{o}/feed/" /><link rel="https://api.w.org/" href="{o}/wp-json/" />{head}'
            f"<link rel='stylesheet' id='elementor-frontend-css' href='{o}/wp-content/plugins/elementor/assets/css/frontend-lite-rtl.min.css?ver=3.18.3' media='all' /></head>"
            f'<body class="rtl {body_class} elementor-default elementor-kit-5">{header}<main id="content">{content}</main>{footer}</body></html>'
        )
