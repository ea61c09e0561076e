# ruff: noqa: E501 -- HTML templates keep the markup the CMS prints, line by line
"""(c) Bootstrap tabs + accordion: one page /khadamat lists every service as a collapsible card
with a «درخواست خدمت» button to the agency's request system (another origin on the same host,
standing in for eservices.<agency>) and a «دانلود فرم» PDF. One tab is loaded by AJAX
(data-url). The services have no page of their own on the portal: their deep links are the
request system's forms, whose origin is set when it starts (``form_origin``)."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response, Site
from sandbox.unseen import catalogue_round2 as cat
from sandbox.unseen.base import UnseenSite, UnseenTruth, e

REQUESTS = "requests"  # the sibling origin's name in the ground truth (UnseenTruth.origin)


class EServicesSite(Site):
    """The request system: one form per service, login first (as such systems usually are)."""

    id = "rahdari-eservices"
    agency = cat.RAHDARI

    def __init__(self) -> None:
        super().__init__(cat.rahdari())

    def service_path(self, s: ServiceSpec) -> str:
        return f"/Service/Request?sid={s.number}"

    def handle(self, r: Request) -> Response:
        if r.path == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /Account/\n")
        if r.path == "/Service/Request":
            s = self.by_number(r.query.get("sid") or r.query.get("id"))
            if s is None:
                return Response.not_found()
            return Response.html(f"""<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>سامانه جامع خدمات الکترونیک - {e(s.title)}</title></head>
<body><div class="navbar"><a href="/">سامانه جامع خدمات</a> <a href="/Account/Login?ReturnUrl=%2FService%2FRequest%3Fsid%3D{s.number}">ورود / ثبت نام</a></div>
<div class="container"><h2>ثبت درخواست: {e(s.title)}</h2><div class="alert alert-info">برای ثبت درخواست ابتدا وارد سامانه شوید.</div>
<form method="post" action="/Service/Request?sid={s.number}"><label>کد ملی</label><input name="NationalCode"/><label>شماره همراه</label><input name="Mobile"/>
<label>کد رهگیری</label><input name="Tracking"/><button type="submit">ادامه</button></form></div></body></html>""")
        if r.path == "/":
            return Response.html(
                '<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>سامانه جامع خدمات الکترونیک</title></head><body><h1>سامانه جامع خدمات الکترونیک</h1><a href="/Account/Login">ورود</a></body></html>'
            )
        return Response.not_found()


class AccordionSite(UnseenSite):
    id = "rahdari-hamedan"
    agency = cat.RAHDARI
    form_origin = "http://127.0.0.1:1"  # set once the request system is serving

    def __init__(self, param: str = "sid", portal_id: str = "rahdari-hamedan") -> None:
        super().__init__(cat.rahdari())
        self.param, self.id = param, portal_id
        self.cats = list(dict.fromkeys(s.category for s in self.specs))

    def service_path(self, s: ServiceSpec) -> str:
        return f"/Service/Request?{self.param}={s.number}"  # on form_origin

    def truth(self) -> list[UnseenTruth]:
        return [
            UnseenTruth(self.service_path(s), s.title, s.category, origin=REQUESTS)
            for s in self.specs
        ]

    def handle(self, r: Request) -> Response:
        p = r.path.rstrip("/") or "/"
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /admin\nSitemap: /sitemap.xml\n")
        if p == "/sitemap.xml":
            locs = ["/", "/khadamat", "/news", "/page/about", "/page/contact"] + [
                f"/news/{i + 1}" for i in range(len(cat.NEWS))
            ]
            body = "".join(
                f"<url><loc>{r.origin}{x}</loc><lastmod>2024-10-0{1 + i % 9}</lastmod></url>"
                for i, x in enumerate(locs)
            )
            return Response(
                body=f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'.encode(),
                headers=[("Content-Type", "application/xml")],
            )
        if p in ("/", "/index.php"):
            return self.page("صفحه اصلی", self.home())
        if p == "/khadamat":
            return self.page("میز خدمت الکترونیک", self.services())
        if p == "/khadamat/ajax/tab.php":
            raw = r.query.get("cat", "")
            if not raw.isdigit() or not 1 <= int(raw) <= len(self.cats):
                return Response.not_found()
            return Response.html(self.cards(int(raw)))
        if p.startswith("/forms/") and p.endswith(".pdf"):
            return Response(
                body=b"%PDF-1.4\n% form\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                headers=[("Content-Type", "application/pdf")],
            )
        if p == "/news":
            rows = "".join(
                f'<div class="news-item"><a href="/news/{i + 1}?ref=list">{e(t)}</a><small>{persian_digits(f"1403/07/{10 + i}")}</small></div>'
                for i, t in enumerate(cat.NEWS)
            )
            return self.page("اخبار", f"<h1>اخبار و اطلاعیه‌ها</h1>{rows}")
        if p.startswith("/news/"):
            raw = p.rsplit("/", 1)[-1]
            if not raw.isdigit() or not 1 <= int(raw) <= len(cat.NEWS):
                return Response.not_found()
            i = int(raw) - 1
            return self.page(
                cat.NEWS[i],
                f'<h1>{e(cat.NEWS[i])}</h1><div class="meta">تاریخ انتشار: {persian_digits(f"1403/07/{10 + i}")} | کد خبر: {persian_digits(str(3300 + i))}</div><p>به گزارش روابط عمومی اداره کل راهداری و حمل و نقل جاده‌ای استان همدان، {e(cat.NEWS[i])}.</p><a href="/news/{i + 1}?print=1">چاپ</a> <a href="/tag/راهداری">#راهداری</a>',
            )
        if p.startswith("/tag/"):
            return self.page(
                "برچسب",
                "<h1>برچسب</h1>"
                + "".join(
                    f'<a href="/news/{i + 1}">{e(t)}</a><br>' for i, t in enumerate(cat.NEWS[::3])
                ),
            )
        if p == "/page/about":
            return self.page(
                "درباره ما",
                "<h1>درباره ما</h1><p>اداره کل راهداری و حمل و نقل جاده‌ای استان همدان متولی نگهداری بیش از ۳۰۰۰ کیلومتر راه و نظارت بر حمل و نقل عمومی جاده‌ای استان است.</p>",
            )
        if p == "/page/contact":
            return self.page(
                "تماس با ما",
                "<h1>تماس با ما</h1><p>همدان، بلوار شهید بهشتی. تلفن ۱۴۱ (مرکز مدیریت راه‌ها)</p>",
            )
        if p == "/search":
            return self.page(
                "جستجو",
                f"<h1>نتایج جستجو</h1><p>نتیجه‌ای برای «{e(r.query.get('q', ''))}» یافت نشد.</p>",
            )
        if p == "/login":
            return self.page(
                "ورود",
                '<h1>ورود کاربران</h1><form><input name="u"/><input name="p" type="password"/></form>',
            )
        return Response.not_found()

    def page(self, title: str, main: str) -> Response:
        return Response.html(f"""<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} | {e(self.agency)}</title><link rel="stylesheet" href="/assets/css/bootstrap.rtl.min.css"></head><body>
<nav class="navbar navbar-expand-lg"><a class="navbar-brand" href="/">{e(self.agency)}</a><ul class="navbar-nav">
<li class="nav-item"><a class="nav-link" href="/">صفحه اصلی</a></li><li class="nav-item"><a class="nav-link" href="/khadamat">میز خدمت</a></li>
<li class="nav-item"><a class="nav-link" href="/news">اخبار</a></li><li class="nav-item"><a class="nav-link" href="/page/about">درباره ما</a></li>
<li class="nav-item"><a class="nav-link" href="/page/contact">تماس با ما</a></li><li class="nav-item"><a class="nav-link" href="/login">ورود</a></li></ul>
<form action="/search"><input name="q"></form></nav><div class="container">{main}</div>
<footer><p>© ۱۴۰۳ {e(self.agency)}</p></footer><script src="/assets/js/jquery.min.js"></script><script src="/assets/js/bootstrap.bundle.min.js"></script>
<script>$('a[data-url]').on('show.bs.tab',function(){{var t=$(this);$(t.attr('href')).load(t.data('url'));}});</script></body></html>""")

    def home(self) -> str:
        news = "".join(
            f'<li><a href="/news/{i + 1}?utm_source=home">{e(t)}</a></li>'
            for i, t in enumerate(cat.NEWS[:6])
        )
        quick = "".join(
            f'<a class="btn btn-outline-primary" href="{self.form_origin}{self.service_path(s)}">{e(s.title)}</a> '
            for s in self.specs[:3]
        )
        return f'<div class="jumbotron"><h2>خدمات پرکاربرد</h2>{quick}<a href="/khadamat">همه خدمات</a></div><h3>آخرین اخبار</h3><ul>{news}</ul>'

    def card(self, s: ServiceSpec) -> str:
        return f"""<div class="card" id="svc-{s.number}"><div class="card-header" id="h-{s.number}"><h5 class="mb-0">
<button class="btn btn-link collapsed" type="button" data-toggle="collapse" data-target="#c-{s.number}" aria-expanded="false">{e(s.title)}</button></h5></div>
<div id="c-{s.number}" class="collapse" data-parent="#acc-{s.category.replace(" ", "")}"><div class="card-body"><p>{e(s.description)}</p>
<p><strong>مدارک لازم:</strong> {e("، ".join(s.documents))}</p><p><strong>هزینه:</strong> {e(s.fee)} — <strong>مدت انجام:</strong> {e(s.duration)}</p>
<a class="btn btn-success" href="{self.form_origin}{self.service_path(s)}" target="_blank">درخواست خدمت</a>
<a class="btn btn-secondary" href="/forms/form-{s.number}.pdf">دانلود فرم</a></div></div></div>"""

    def cards(self, k: int) -> str:
        c = self.cats[k - 1]
        return (
            f'<div class="accordion" id="acc-{c.replace(" ", "")}">'
            + "".join(self.card(s) for s in self.specs if s.category == c)
            + "</div>"
        )

    def services(self) -> str:
        tabs = "".join(
            f'<li class="nav-item"><a class="nav-link{" active" if k == 1 else ""}" data-toggle="tab" href="#tab{k}"'
            + (f' data-url="/khadamat/ajax/tab.php?cat={k}"' if k == len(self.cats) else "")
            + f">{e(c)}</a></li>"
            for k, c in enumerate(self.cats, 1)
        )
        panes = "".join(
            f'<div class="tab-pane fade{" show active" if k == 1 else ""}" id="tab{k}">'
            + ("" if k == len(self.cats) else self.cards(k))
            + "</div>"
            for k in range(1, len(self.cats) + 1)
        )
        return f'<h1>میز خدمت الکترونیک</h1><p>برای مشاهده جزئیات هر خدمت روی عنوان آن کلیک کنید.</p><ul class="nav nav-tabs" role="tablist">{tabs}</ul><div class="tab-content">{panes}</div>'
