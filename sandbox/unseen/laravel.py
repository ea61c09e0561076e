# ruff: noqa: E501
"""(c) A Laravel + Vue site: server-rendered listing cards whose link says «اطلاعات بیشتر» (the
title is a <h5> beside it), Laravel pagination with absolute URLs; detail pages put everything
in <main> with <section>s whose headings are <h3> inside <details>/<summary>. The FAQ page uses
the same <details><summary><h3> markup; offices (دفاتر پیشخوان) have pages of their own."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round3 as cat
from sandbox.unseen.base import UnseenSite, e

PER_PAGE = 9
OFFICES = (
    "دفتر پیشخوان ساری مرکزی",
    "دفتر پیشخوان بابل",
    "دفتر پیشخوان آمل",
    "دفتر پیشخوان قائمشهر",
    "دفتر پیشخوان نوشهر",
)
FAQ = (
    ("چگونه نوبت اینترنتی بگیرم؟", "از طریق سامانه نوبت‌دهی با وارد کردن کد ملی."),
    ("مدت اعتبار کارت ملی چقدر است؟", "هفت سال از تاریخ صدور."),
    ("هزینه خدمات را چگونه پرداخت کنم؟", "از طریق درگاه بانکی در دفاتر پیشخوان."),
)


class LaravelSite(UnseenSite):
    id = "sabt-mazandaran"
    agency = cat.SABT

    def __init__(self) -> None:
        super().__init__(cat.sabt())
        self.news = list(cat.NEWS)
        self.origin = ""

    def service_path(self, s: ServiceSpec) -> str:
        return f"/services/{s.number}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        out = [f"/services/{s.number}/print"]
        if s in self.popular():
            out.append(f"/services/{s.number}?ref=home&utm_source=telegram")
        return tuple(out)

    def popular(self) -> list[ServiceSpec]:
        return [self.specs[1], self.specs[7], self.specs[12]]

    def handle(self, r: Request) -> Response:
        self.origin = r.origin
        p, q = r.path, r.query
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /admin\nDisallow: /api/\n")
        if p == "/":
            return self.page("خانه", self.home())
        if p == "/services":
            return self.listing(q.get("page", "1"), q.get("category"))
        if p.startswith("/services/"):
            rest = p.removeprefix("/services/").split("/")
            s = self.by_number(rest[0])
            if s and (len(rest) == 1 or rest[1:] == ["print"]):
                return self.detail(s, len(rest) == 2)
            return Response.not_found()
        if p == "/news":
            n = int(q.get("page", "1")) if q.get("page", "1").isdigit() else 1
            chunk = range((n - 1) * 6, min(n * 6, len(self.news)))
            if not chunk:
                return Response.not_found()
            cards = "".join(
                f'<div class="card news-card"><div class="card-body"><h5 class="card-title">{e(self.news[i])}</h5><small class="text-muted">{persian_digits(f"1403/06/{1 + i:02d}")}</small><a href="/news/{300 + i}" class="stretched-link">ادامه خبر</a></div></div>'
                for i in chunk
            )
            return self.page(
                "اخبار",
                f'<h1>اخبار</h1><div class="row">{cards}</div>{self.pagination("/news", n, (len(self.news) + 5) // 6)}',
            )
        if p.startswith("/news/"):
            raw = p.rsplit("/", 1)[1]
            i = int(raw) - 300 if raw.isdigit() else -1
            if 0 <= i < len(self.news):
                t = self.news[i]
                tags = "".join(
                    f'<a class="badge" href="/tags/{x}">{x}</a>' for x in ("sabt", "kart-meli")
                )
                return self.page(
                    t,
                    f'<article><h1>{e(t)}</h1><time datetime="2024-09-{1 + i:02d}">{persian_digits(f"1403/06/{1 + i:02d}")}</time><section><p>به گزارش روابط عمومی {e(self.agency)}، {e(t)}.</p></section><div class="tags">{tags}</div></article>',
                )
            return Response.not_found()
        if p.startswith("/tags/"):
            items = "".join(
                f'<li><a href="/news/{300 + i}">{e(self.news[i])}</a></li>'
                for i in range(0, len(self.news), 3)
            )
            return self.page("برچسب", f"<h1>برچسب</h1><ul>{items}</ul>")
        if p == "/faq":
            items = "".join(
                f"<section><details><summary><h3>{e(a)}</h3></summary><p>{e(b)}</p></details></section>"
                for a, b in FAQ
            )
            return self.page("سوالات متداول", f"<h1>سوالات متداول</h1>{items}")
        if p == "/offices":
            items = "".join(
                f'<li><a href="/offices/{i + 1}">{e(t)}</a></li>' for i, t in enumerate(OFFICES)
            )
            return self.page("دفاتر پیشخوان", f"<h1>دفاتر پیشخوان</h1><ul>{items}</ul>")
        if p.startswith("/offices/"):
            raw = p.rsplit("/", 1)[1]
            i = int(raw) - 1 if raw.isdigit() else -1
            if 0 <= i < len(OFFICES):
                return self.page(
                    OFFICES[i],
                    f"<h1>{e(OFFICES[i])}</h1><section><details open><summary><h3>نشانی</h3></summary><p>خیابان امام، پلاک {persian_digits(str(10 + i))}</p></details></section><section><details><summary><h3>ساعات کاری</h3></summary><p>شنبه تا چهارشنبه ۷:۳۰ تا ۱۴</p></details></section>",
                )
            return Response.not_found()
        if p == "/about":
            return self.page(
                "درباره ما",
                f"<h1>درباره ما</h1><p>{e(self.agency)} مسئول ثبت وقایع حیاتی و صدور اسناد هویتی در استان است.</p>",
            )
        if p == "/contact":
            return self.page(
                "تماس با ما",
                '<h1>تماس با ما</h1><p>ساری، میدان امام. تلفن ۰۱۱-۳۳۳۳۰۰۰۰</p><contact-form action="/contact"></contact-form>',
            )
        if p in ("/login", "/register", "/password/reset"):
            return self.page(
                "ورود",
                '<h1>ورود</h1><form method="POST" action="/login"><input type="hidden" name="_token" value="x"><input name="mobile"><button>ارسال کد</button></form><a href="/register">ثبت نام</a> <a href="/password/reset">فراموشی رمز</a>',
            )
        if p == "/search":
            return self.page(
                "جستجو", f"<h1>نتایج جستجو برای «{e(q.get('q', ''))}»</h1><p>موردی یافت نشد.</p>"
            )
        return Response.not_found()

    def page(self, title: str, main: str) -> Response:
        nav = "".join(
            f'<a class="nav-link" href="{u}">{t}</a>'
            for u, t in (
                ("/", "خانه"),
                ("/services", "خدمات"),
                ("/offices", "دفاتر پیشخوان"),
                ("/news", "اخبار"),
                ("/faq", "سوالات متداول"),
                ("/about", "درباره ما"),
                ("/contact", "تماس با ما"),
                ("/login", "ورود / ثبت نام"),
            )
        )
        html = f"""<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="Xy7pQ2"><title>{e(title)} - {e(self.agency)}</title><link rel="stylesheet" href="/build/assets/app-4f2a1c.css"><script type="module" src="/build/assets/app-9b3e2d.js"></script></head>
<body class="antialiased"><div id="app" v-cloak><nav class="navbar navbar-expand-lg" data-v-5f2c1a>{nav}<search-box action="/search"></search-box></nav>
<main class="container py-4">{main}</main><footer class="footer" data-v-7a1b3c><p>© ۱۴۰۳ {e(self.agency)}</p></footer></div></body></html>"""
        return Response.html(html)

    def home(self) -> str:
        pop = "".join(
            f'<div class="col-md-4"><div class="card"><div class="card-body"><h5 class="card-title">{e(s.title)}</h5><a href="/services/{s.number}?ref=home&amp;utm_source=telegram" class="btn btn-primary">درخواست</a></div></div></div>'
            for s in self.popular()
        )
        news = "".join(
            f'<li><a href="/news/{300 + i}">{e(self.news[i])}</a></li>' for i in range(4)
        )
        return f'<section class="hero"><h1>{e(self.agency)}</h1></section><section><h2>خدمات پرکاربرد</h2><div class="row">{pop}</div><a href="/services">مشاهده همه خدمات</a></section><section><h2>اخبار</h2><ul>{news}</ul></section>'

    def pagination(self, base: str, n: int, total: int, extra: str = "") -> str:
        if total <= 1:
            return ""
        items = [
            f'<li class="page-item{" disabled" if n == 1 else ""}"><a class="page-link" href="{self.origin}{base}?{extra}page={max(1, n - 1)}" rel="prev">‹</a></li>'
        ]
        for k in range(1, total + 1):
            items.append(
                f'<li class="page-item active"><span class="page-link">{k}</span></li>'
                if k == n
                else f'<li class="page-item"><a class="page-link" href="{self.origin}{base}?{extra}page={k}">{k}</a></li>'
            )
        if n < total:
            items.append(
                f'<li class="page-item"><a class="page-link" href="{self.origin}{base}?{extra}page={n + 1}" rel="next">›</a></li>'
            )
        return f'<nav><ul class="pagination">{"".join(items)}</ul></nav>'

    def listing(self, raw: str, category: str | None) -> Response:
        cats = list(dict.fromkeys(s.category for s in self.specs))
        specs = self.specs
        extra = ""
        if category and category.isdigit() and 0 <= int(category) < len(cats):
            specs = [s for s in self.specs if s.category == cats[int(category)]]
            extra = f"category={category}&amp;"
        n = int(raw) if raw.isdigit() else 1
        total = (len(specs) + PER_PAGE - 1) // PER_PAGE
        chunk = specs[(n - 1) * PER_PAGE : n * PER_PAGE]
        if not chunk:
            return Response.not_found()
        cards = "".join(
            f'<div class="col-md-4"><div class="card service-card h-100" data-v-3e1f9a><div class="card-body"><span class="badge bg-info">{e(s.category)}</span>'
            f'<h5 class="card-title">{e(s.title)}</h5><p class="card-text">{e(s.duration)} — {e(s.fee)}</p>'
            f'<a href="/services/{s.number}" class="btn btn-outline-primary stretched-link">اطلاعات بیشتر</a></div></div></div>'
            for s in chunk
        )
        filters = "".join(
            f'<a class="btn btn-sm" href="/services?category={i}">{e(c)}</a>'
            for i, c in enumerate(cats)
        )
        return self.page(
            "خدمات",
            f'<h1>خدمات</h1><div class="filters">{filters}</div><div class="row g-3">{cards}</div>{self.pagination("/services", n, total, extra)}',
        )

    def detail(self, s: ServiceSpec, printing: bool) -> Response:
        steps = (
            "ثبت درخواست در سامانه یا دفتر پیشخوان",
            "پرداخت هزینه",
            "بررسی مدارک توسط کارشناس",
            "تحویل نتیجه",
        )
        body = (
            f'<nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">خانه</a></li><li class="breadcrumb-item"><a href="/services">خدمات</a></li><li class="breadcrumb-item active">{e(s.category)}</li></ol></nav>'
            f'<article class="service"><header><h1 class="h3">{e(s.title)}</h1><p class="lead">{e(s.description)}</p></header>'
            f'<section id="documents"><details open><summary><h3>مدارک لازم</h3></summary><ul>{"".join(f"<li>{e(d)}</li>" for d in s.documents)}</ul></details></section>'
            f'<section id="steps"><details><summary><h3>مراحل انجام کار</h3></summary><ol>{"".join(f"<li>{e(x)}</li>" for x in steps)}</ol></details></section>'
            f'<section id="fee"><details><summary><h3>هزینه</h3></summary><p>{e(s.fee)}</p></details></section>'
            f'<section id="time"><details><summary><h3>مدت زمان</h3></summary><p>{e(s.duration)}</p></details></section>'
            + (
                ""
                if printing
                else f'<service-rating :service-id="{s.number}"></service-rating><a href="/services/{s.number}/print" target="_blank">نسخه چاپی</a>'
            )
            + "</article>"
        )
        return self.page(s.title, body)
