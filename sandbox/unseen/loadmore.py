# ruff: noqa: E501
"""(c) A modern municipality site (شهرداری کرمان) whose service list grows by «نمایش بیشتر»:
- `/services` shows the first 5 cards; the rest comes from
  `<button class="btn-load-more" data-url="/services?page=2&ajax=1" data-target="#service-list">`
  (jQuery `$.get(url).done(html => $(target).append(html))`); each `?page=N&ajax=1` answer is an
  HTML *fragment* (cards plus the next button, no <html>/<head>), `Content-Type: text/html`;
- for crawlers / no-JS there is a `<noscript>` pager with `/services?page=N` (full pages);
- card: `<article class="service-item"><a href="/services/{id}/{slug}"><h3>title</h3></a>`;
  `/services/{id}` 301s to the slug URL; detail `<h1>` + `<h2>` sections, a «خدمات مرتبط»
  box and share links `?utm_source=…&utm_medium=share`;
- noise: `/news/{id}`, `/faq`, `/login?returnUrl=…`, `/contact`, the «سامانه ۱۳۷» page."""

from __future__ import annotations

from urllib.parse import quote, unquote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round5 as cat
from sandbox.unseen.base import UnseenSite, e, ul

SITE = cat.SHAHRDARI
PER = 5


def slugify(title: str) -> str:
    """The CMS's slug: dashes for spaces and half-spaces, punctuation dropped, not encoded."""
    s = title.replace("\u200c", "-").replace("،", " ").replace(",", " ")
    s = s.replace("(", " ").replace(")", " ").replace("/", " ")
    return "-".join(s.split())


class LoadMoreSite(UnseenSite):
    id = "shahrdari-kerman"
    agency = cat.SHAHRDARI

    def __init__(self) -> None:
        super().__init__(cat.shahrdari())
        self.news = list(cat.NEWS)

    def service_path(self, s: ServiceSpec) -> str:
        return f"/services/{s.number}/{quote(slugify(s.title), safe='-')}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (
            f"/services/{s.number}",
            self.service_path(s) + "?utm_source=telegram&utm_medium=share",
        )

    def last_page(self) -> int:
        return (len(self.specs) + PER - 1) // PER

    def card(self, s: ServiceSpec) -> str:
        """A card whose one link wraps an icon and the title's <h3>."""
        return (
            f'<article class="service-item col-md-4"><a href="{self.service_path(s)}" class="service-link"><div class="icon"><i class="fa fa-file-text-o"></i></div>'
            f'<h3 class="service-title">{e(s.title)}</h3></a><p class="service-desc">{e(s.description[:70])}…</p><span class="badge">{e(s.category)}</span></article>'
        )

    def more(self, n: int) -> str:
        """The button that fetches page ``n`` as a fragment; none after the last page."""
        if n > self.last_page():
            return ""
        return f'<div class="load-more-wrap text-center"><button type="button" class="btn btn-outline-primary btn-load-more" data-url="/services?page={n}&amp;ajax=1" data-target="#service-list">نمایش بیشتر</button></div>'

    def pager(self, cur: int) -> str:
        """The full pages' links, shown only without JavaScript."""
        links = "".join(
            f'<li class="page-item{" active" if i == cur else ""}"><a class="page-link" href="/services?page={i}">{persian_digits(str(i))}</a></li>'
            for i in range(1, self.last_page() + 1)
        )
        return f'<noscript><nav aria-label="صفحه‌بندی"><ul class="pagination">{links}</ul></nav></noscript>'

    def handle(self, r: Request) -> Response:
        p, q = r.path, r.query
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /admin\nDisallow: /login\n")
        if p == "/":
            news = "".join(
                f'<div class="news-item"><a href="/news/{900 + i}"><h4>{e(t)}</h4></a></div>'
                for i, t in enumerate(self.news[:4])
            )
            quick = "".join(
                f'<li><a href="{self.service_path(s)}?utm_source=home&amp;utm_medium=quick">{e(s.title)}</a></li>'
                for s in self.specs[:3]
            )
            body = (
                f'<section class="hero"><h1>{SITE}</h1><p>شهر ما، خانه ما</p></section><section class="quick"><h2>خدمات پرکاربرد</h2><ul>{quick}</ul><a class="btn" href="/services">همه خدمات شهروندی</a></section>'
                f'<section class="news"><h2>اخبار شهرداری</h2>{news}<a href="/news">آرشیو اخبار</a></section>'
            )
            return self.page("صفحه اصلی", body)
        if p == "/services":
            raw = q.get("page", "1")
            n = int(raw) if raw.isdigit() else 1
            chunk = self.specs[(n - 1) * PER : n * PER]
            if not chunk:
                return Response.not_found()
            cards = "".join(self.card(s) for s in chunk)
            if q.get("ajax") == "1":  # what the button appends: no page around the cards
                return Response.html(cards + self.more(n + 1))
            body = (
                f'<div class="page-head"><h1>خدمات شهروندی</h1><ol class="breadcrumb"><li><a href="/">خانه</a></li><li>خدمات شهروندی</li></ol></div>'
                f'<div class="row" id="service-list">{cards}</div>{self.more(n + 1)}{self.pager(n)}'
                '<script>$(document).on("click",".btn-load-more",function(){var b=$(this);$.get(b.data("url")).done(function(h){b.parent().remove();$(b.data("target")).append(h);});});</script>'
            )
            return self.page("خدمات شهروندی", body)
        if p.startswith("/services/"):
            parts = p.removeprefix("/services/").split("/")
            s = self.by_number(parts[0])
            if s is None:
                return Response.not_found()
            if len(parts) == 1 or unquote(parts[1]) != slugify(s.title):
                return Response.redirect(r.origin + self.service_path(s), 301)
            return self.detail(s)
        if p.startswith("/news/"):
            raw = p.removeprefix("/news/")
            i = int(raw) - 900 if raw.isdigit() else -1
            if 0 <= i < len(self.news):
                t = self.news[i]
                return self.page(
                    t,
                    f'<article class="news-full"><h1>{e(t)}</h1><time>{persian_digits(f"1403/06/{10 + i}")}</time><p>به گزارش پایگاه اطلاع‌رسانی {SITE}، {e(t)}.</p></article>',
                )
            return Response.not_found()
        if p == "/news":
            items = "".join(
                f'<li><a href="/news/{900 + i}">{e(t)}</a></li>' for i, t in enumerate(self.news)
            )
            return self.page("اخبار", f"<h1>اخبار</h1><ul>{items}</ul>")
        if p == "/faq":
            return self.page(
                "پرسش‌های متداول",
                '<h1>پرسش‌های متداول</h1><div class="faq"><h3>عوارض نوسازی چگونه محاسبه می‌شود؟</h3><p>بر اساس ارزش معاملاتی.</p><h3>آیا پرداخت اقساطی ممکن است؟</h3><p>بله، با مراجعه به واحد درآمد.</p></div>',
            )
        if p == "/contact":
            return self.page(
                "تماس با ما",
                "<h1>تماس با ما</h1><p>کرمان، میدان آزادی، ساختمان مرکزی شهرداری</p><p>سامانه ۱۳۷</p>",
            )
        if p == "/137":
            return self.page(
                "سامانه ۱۳۷",
                "<h1>سامانه مدیریت شهری ۱۳۷</h1><p>ثبت درخواست‌ها و شکایات شهروندی به صورت شبانه‌روزی.</p><h2>راه‌های ارتباطی</h2><ul><li>تلفن ۱۳۷</li><li>اپلیکیشن شهرزاد</li></ul>",
            )
        if p == "/login":
            return self.page(
                "ورود",
                '<h1>ورود به پیشخوان شهروندی</h1><form method="post"><input name="mobile"><input name="otp"></form>',
            )
        return Response.not_found()

    def detail(self, s: ServiceSpec) -> Response:
        related = "".join(
            f'<li><a href="{self.service_path(x)}">{e(x.title)}</a></li>'
            for x in [x for x in self.specs if x.category == s.category and x is not s][:3]
        )
        share = quote(self.service_path(s), safe="/-%")
        body = (
            f'<div class="page-head"><ol class="breadcrumb"><li><a href="/">خانه</a></li><li><a href="/services">خدمات شهروندی</a></li><li>{e(s.title)}</li></ol></div>'
            f'<div class="row"><article class="col-md-8 service-detail"><h1>{e(s.title)}</h1><p class="lead">{e(s.description)}</p>'
            f"<h2>مدارک مورد نیاز</h2>{ul(s.documents)}<h2>هزینه</h2><p>{e(s.fee)}</p><h2>مدت زمان انجام</h2><p>{e(s.duration)}</p>"
            f'<a class="btn btn-primary" href="/login?returnUrl={quote(self.service_path(s), safe="")}">ثبت درخواست آنلاین</a>'
            f'<div class="share">اشتراک‌گذاری: <a href="{share}?utm_source=telegram&amp;utm_medium=share">تلگرام</a> <a href="{share}?utm_source=whatsapp&amp;utm_medium=share">واتس‌اپ</a></div></article>'
            f'<aside class="col-md-4"><div class="box"><h4>خدمات مرتبط</h4><ul>{related}</ul></div></aside></div>'
        )
        return self.page(s.title, body)

    def page(self, title: str, body: str) -> Response:
        nav = (
            f'<nav class="navbar navbar-expand-lg"><a class="navbar-brand" href="/">{SITE}</a><ul class="navbar-nav"><li class="nav-item"><a class="nav-link" href="/">خانه</a></li>'
            '<li class="nav-item"><a class="nav-link" href="/services">خدمات شهروندی</a></li><li class="nav-item"><a class="nav-link" href="/news">اخبار</a></li><li class="nav-item"><a class="nav-link" href="/137">سامانه ۱۳۷</a></li>'
            '<li class="nav-item"><a class="nav-link" href="/faq">پرسش‌های متداول</a></li><li class="nav-item"><a class="nav-link" href="/contact">تماس با ما</a></li><li class="nav-item"><a class="nav-link" href="/login">ورود</a></li></ul></nav>'
        )
        html = (
            f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(title)} | {SITE}</title>'
            f'<link rel="stylesheet" href="/css/bootstrap.rtl.min.css"><script src="/js/jquery-3.6.0.min.js"></script></head><body>{nav}<main class="container">{body}</main>'
            f'<footer class="site-footer"><div class="container"><p>© ۱۴۰۳ {SITE} - کلیه حقوق محفوظ است.</p><a href="/contact">تماس با ما</a></div></footer></body></html>'
        )
        return Response.html(html)
