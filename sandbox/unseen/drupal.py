# ruff: noqa: E501 -- HTML templates keep the markup the CMS prints, line by line
"""(b) Drupal 9: /fa/services view paged ?page=N, taxonomy term pages, services as /fa/node/NNN
interleaved with news and basic pages under the same /fa/node/NNN pattern; print module copies,
an /en mirror, search and login pages."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round2 as cat
from sandbox.unseen.base import UnseenSite, e

PER_PAGE = 8
TERM_PAGE = 5


class DrupalSite(UnseenSite):
    id = "saorg"
    agency = cat.SAORG

    def __init__(self) -> None:
        super().__init__(cat.saorg())
        self.cats = list(dict.fromkeys(s.category for s in self.specs))
        self.tags = ["صندوق رفاه", "دانشجویان", "بورس", "خوابگاه", "همایش", "اطلاعیه"]

    def nid(self, s: ServiceSpec) -> int:
        return 1200 + 2 * (s.number - 301)

    def news_nid(self, i: int) -> int:
        return 1201 + 2 * i

    def tid(self, c: str) -> int:
        return 11 + self.cats.index(c)

    def service_path(self, s: ServiceSpec) -> str:
        return f"/fa/node/{self.nid(s)}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (f"/fa/print/node/{self.nid(s)}", f"/node/{self.nid(s)}")

    def handle(self, r: Request) -> Response:
        p, q = r.path.rstrip("/") or "/", r.query
        if p == "/robots.txt":
            return Response.text(
                "User-agent: *\nDisallow: /admin/\nDisallow: /comment/reply/\nDisallow: /node/add/\nDisallow: /search/\nDisallow: /user/register/\nDisallow: /user/password/\nDisallow: /user/login/\nDisallow: /index.php/\n"
            )
        if p == "/":
            return Response.redirect("/fa")
        if p == "/fa":
            return self.page("خانه", self.home(), "/fa")
        if p == "/en":
            return self.page(
                "Home", "<h1>Student Affairs Organization</h1><p>Welcome.</p>", "/en", lang="en"
            )
        if p == "/fa/services":
            return self.listing(q.get("page", "0"))
        if p.startswith("/fa/taxonomy/term/"):
            return self.term(p.rsplit("/", 1)[-1], q.get("page", "0"))
        if p.startswith(("/fa/node/", "/node/", "/fa/print/node/")):
            raw = p.rsplit("/", 1)[-1]
            if not raw.isdigit():
                return Response.not_found()
            return self.node(int(raw), printing="/print/" in p)
        if p == "/fa/news":
            n = int(q.get("page", "0")) if q.get("page", "0").isdigit() else 0
            chunk = list(enumerate(cat.NEWS))[n * 10 : (n + 1) * 10]
            if not chunk:
                return Response.not_found()
            rows = "".join(
                f'<div class="views-row"><span class="date">۱۴۰۳/۰۶/{persian_digits(str(10 + i))}</span><h3><a href="/fa/node/{self.news_nid(i)}" hreflang="fa">{e(t)}</a></h3></div>'
                for i, t in chunk
            )
            pager = "".join(
                f'<li class="pager__item"><a href="?page={k}" title="Go to page {k + 1}">{persian_digits(str(k + 1))}</a></li>'
                for k in range(2)
                if k != n
            )
            return self.page(
                "اخبار",
                f'<h1 class="page-title">اخبار</h1><div class="view view-news">{rows}<nav class="pager" role="navigation"><ul class="pager__items js-pager__items">{pager}</ul></nav></div>',
                "/fa/news",
            )
        if p == "/fa/contact":
            return self.page(
                "تماس با ما",
                '<h1 class="page-title">تماس با ما</h1><form class="contact-message-feedback-form" action="/fa/contact" method="post"><input name="name"/><input name="mail"/><textarea name="message[0][value]"></textarea></form><p>تهران، خیابان کارگر شمالی، سازمان امور دانشجویان — تلفن ۸۲۲۳۳۰۰۰</p>',
                "/fa/contact",
            )
        if p == "/fa/user/login":
            return self.page(
                "ورود",
                '<h1 class="page-title">ورود</h1><form id="user-login-form"><input name="name"/><input name="pass" type="password"/></form>',
                "/fa/user/login",
            )
        if p == "/fa/search/node":
            k = q.get("keys", "")
            hits = [s for s in self.specs if k and k in s.title]
            rows = "".join(
                f'<li class="search-result"><h3><a href="{self.service_path(s)}">{e(s.title)}</a></h3><p>{e(s.description)}</p></li>'
                for s in hits
            )
            return self.page(
                "جستجو",
                f'<h1 class="page-title">جستجو</h1><h2>نتایج جستجو</h2><ol class="search-results">{rows}</ol>',
                "/fa/search/node",
            )
        return Response.not_found()

    def page(self, title: str, main: str, path: str, lang: str = "fa", head: str = "") -> Response:
        tags = "".join(
            f'<a href="/fa/taxonomy/term/{60 + i}" class="tagclouds level{1 + i % 4}">{e(t)}</a> '
            for i, t in enumerate(self.tags)
        )
        html = f"""<!DOCTYPE html><html lang="{lang}" dir="{"rtl" if lang == "fa" else "ltr"}"><head>
<meta charset="utf-8" /><meta name="Generator" content="Drupal 9 (https://www.drupal.org)" /><meta name="MobileOptimized" content="width" />
{head}<title>{e(title)} | {e(self.agency)}</title>
<link rel="alternate" hreflang="en" href="/en" /></head>
<body class="path-node page-node-type-service"><a href="#main-content" class="visually-hidden focusable skip-link">پرش به محتوای اصلی</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas><header role="banner"><div class="site-branding"><a href="/fa" rel="home">{e(self.agency)}</a></div>
<nav role="navigation" aria-labelledby="block-mainnavigation-menu"><ul class="menu">
<li class="menu-item"><a href="/fa" data-drupal-link-system-path="&lt;front&gt;">خانه</a></li>
<li class="menu-item"><a href="/fa/node/1100" data-drupal-link-system-path="node/1100">درباره سازمان</a></li>
<li class="menu-item"><a href="/fa/services" data-drupal-link-system-path="services">خدمات</a></li>
<li class="menu-item"><a href="/fa/news" data-drupal-link-system-path="news">اخبار</a></li>
<li class="menu-item"><a href="/fa/contact">تماس با ما</a></li>
<li class="menu-item"><a href="/fa/user/login?destination={path}">ورود</a></li>
<li class="menu-item"><a href="/en" hreflang="en">English</a></li></ul></nav>
<form action="/fa/search/node" method="get"><input name="keys"/></form></header>
<main role="main"><a id="main-content" tabindex="-1"></a><div class="layout-content">{main}</div>
<aside class="layout-sidebar-first"><div class="block block-tagclouds"><h2>برچسب‌ها</h2>{tags}</div></aside></main>
<footer role="contentinfo"><p>تمامی حقوق برای {e(self.agency)} محفوظ است.</p><a href="/fa/search/node?keys=%D9%88%D8%A7%D9%85">جستجوی وام</a></footer></div></body></html>"""
        return Response.html(html)

    def home(self) -> str:
        news = "".join(
            f'<li><a href="/fa/node/{self.news_nid(i)}">{e(t)}</a></li>'
            for i, t in enumerate(cat.NEWS[:6])
        )
        return f'<div class="block"><h2>آخرین اخبار</h2><ul>{news}</ul></div><div class="block"><h2>دسترسی سریع</h2><ul><li><a href="/fa/services">فهرست خدمات</a></li><li><a href="/fa/taxonomy/term/11">صندوق رفاه دانشجویان</a></li></ul></div>'

    def row(self, s: ServiceSpec) -> str:
        return (
            f'<div class="views-row"><div class="views-field views-field-title"><span class="field-content"><a href="{self.service_path(s)}" hreflang="fa">{e(s.title)}</a></span></div>'
            f'<div class="views-field views-field-field-category"><div class="field-content"><a href="/fa/taxonomy/term/{self.tid(s.category)}" hreflang="fa">{e(s.category)}</a></div></div></div>'
        )

    def pager(self, n: int, total: int) -> str:
        items = "".join(
            f'<li class="pager__item{" is-active" if k == n else ""}"><a href="?page={k}" title="Go to page {k + 1}">{persian_digits(str(k + 1))}</a></li>'
            for k in range(total)
        )
        if n + 1 < total:
            items += f'<li class="pager__item pager__item--next"><a href="?page={n + 1}" title="Go to next page" rel="next"><span aria-hidden="true">›</span></a></li>'
        return f'<nav class="pager" role="navigation"><h4 class="visually-hidden">صفحه‌بندی</h4><ul class="pager__items js-pager__items">{items}</ul></nav>'

    def listing(self, raw: str) -> Response:
        n = int(raw) if raw.isdigit() else -1
        total = (len(self.specs) + PER_PAGE - 1) // PER_PAGE
        if not 0 <= n < total:
            return Response.not_found()
        rows = "".join(self.row(s) for s in self.specs[n * PER_PAGE : (n + 1) * PER_PAGE])
        return self.page(
            "خدمات",
            f'<h1 class="page-title">خدمات</h1><div class="view view-services view-id-services view-display-id-page_1"><div class="view-content">{rows}</div>{self.pager(n, total)}</div>',
            "/fa/services",
        )

    def term(self, raw: str, page: str) -> Response:
        if not raw.isdigit():
            return Response.not_found()
        tid, n = int(raw), int(page) if page.isdigit() else 0
        if 60 <= tid < 60 + len(self.tags):
            items = [
                (i, t)
                for i, t in enumerate(cat.NEWS)
                if i % len(self.tags) == tid - 60 or i % 3 == (tid - 60) % 3
            ]
            rows = "".join(
                f'<div class="views-row"><h3><a href="/fa/node/{self.news_nid(i)}">{e(t)}</a></h3></div>'
                for i, t in items
            )
            return self.page(
                self.tags[tid - 60],
                f'<h1 class="page-title">{e(self.tags[tid - 60])}</h1><div class="view view-taxonomy-term">{rows}</div>',
                f"/fa/taxonomy/term/{tid}",
            )
        if not 11 <= tid < 11 + len(self.cats):
            return Response.not_found()
        c = self.cats[tid - 11]
        specs = [s for s in self.specs if s.category == c]
        total = (len(specs) + TERM_PAGE - 1) // TERM_PAGE
        if not 0 <= n < total:
            return Response.not_found()
        rows = "".join(self.row(s) for s in specs[n * TERM_PAGE : (n + 1) * TERM_PAGE])
        return self.page(
            c,
            f'<h1 class="page-title">{e(c)}</h1><div class="view view-taxonomy-term"><div class="view-content">{rows}</div>{self.pager(n, total)}</div>',
            f"/fa/taxonomy/term/{tid}",
        )

    def node(self, nid: int, printing: bool) -> Response:
        if nid == 1100:
            return self.page(
                "درباره سازمان",
                '<article class="node node--type-page"><h1 class="page-title"><span class="field field--name-title">درباره سازمان</span></h1><div class="field field--name-body"><p>سازمان امور دانشجویان در سال ۱۳۷۳ با هدف ساماندهی امور رفاهی و آموزشی دانشجویان داخل و خارج از کشور تأسیس شد.</p></div></article>',
                f"/fa/node/{nid}",
            )
        spec = next((s for s in self.specs if self.nid(s) == nid), None)
        canon = f'<link rel="canonical" href="/fa/node/{nid}" /><link rel="shortlink" href="/fa/node/{nid}" />'
        if spec is not None:
            s = spec
            tools = (
                ""
                if printing
                else f'<div class="print-link"><a href="/fa/print/node/{nid}">نسخه چاپی</a></div>'
            )

            def field(name: str, label: str, value: str) -> str:
                return f'<div class="field field--name-field-{name} field--type-text-long field--label-above"><div class="field__label">{e(label)}</div><div class="field__item">{value}</div></div>'

            body = (
                f'<article role="article" about="/fa/node/{nid}" class="node node--type-service node--view-mode-full">'
                f'<h1 class="page-title"><span class="field field--name-title field--type-string">{e(s.title)}</span></h1><div class="node__content">'
                f'<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item"><p>{e(s.description)}</p></div>'
                + field(
                    "madarek",
                    "مدارک مورد نیاز",
                    "<ul>" + "".join(f"<li>{e(d)}</li>" for d in s.documents) + "</ul>",
                )
                + field("hazineh", "هزینه", e(s.fee))
                + field("zaman", "مدت زمان انجام", e(s.duration))
                + field("mokhatab", "مخاطبان", e(s.audience))
                + f'<div class="field field--name-field-category field--type-entity-reference field--label-inline"><div class="field__label">دسته‌بندی</div><div class="field__item"><a href="/fa/taxonomy/term/{self.tid(s.category)}" hreflang="fa">{e(s.category)}</a></div></div>'
                + f"{tools}</div></article>"
            )
            return self.page(
                s.title,
                body,
                f"/fa/node/{nid}",
                head=canon + f'<meta name="description" content="{e(s.description)}" />',
            )
        i = (nid - 1201) // 2
        if nid % 2 == 1 and 0 <= i < len(cat.NEWS):
            t = cat.NEWS[i]
            tag = f'<a href="/fa/taxonomy/term/{60 + i % len(self.tags)}">{e(self.tags[i % len(self.tags)])}</a>'
            body = (
                f'<article role="article" class="node node--type-news node--view-mode-full"><h1 class="page-title"><span class="field field--name-title">{e(t)}</span></h1>'
                f'<footer class="node__meta"><div class="node__submitted">ارسال شده توسط <span class="field field--name-uid"><span>روابط عمومی</span></span> در <span class="field field--name-created">۱۴۰۳/۰۶/{persian_digits(str(10 + i))} - ۱۰:۳۰</span></div></footer>'
                f'<div class="node__content"><div class="field field--name-body"><p>{e(t)}؛ این برنامه با حضور رئیس سازمان امور دانشجویان و جمعی از مدیران برگزار شد.</p></div>'
                f'<div class="field field--name-field-tags field--label-above"><div class="field__label">برچسب‌ها</div><div class="field__item">{tag}</div></div></div></article>'
            )
            return self.page(
                t,
                body,
                f"/fa/node/{nid}",
                head=canon + '<meta property="og:type" content="article" />',
            )
        return Response.not_found()
