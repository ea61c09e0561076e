# ruff: noqa: E501
"""(e) A portal whose only way to the services is a Bootstrap-3 *mega menu* in the navbar, grouped
by «گروه خدمت» (اداره کل ثبت احوال استان خراسان رضوی). Conventions modelled:
- `<li class="dropdown mega-dropdown"><a href="#" class="dropdown-toggle" data-toggle="dropdown">خدمات</a>`
  opens `<ul class="dropdown-menu mega-dropdown-menu row">` with `<li class="col-sm-3"><ul>` columns whose
  first item is `<li class="dropdown-header">گروه خدمت: …</li>`; there is NO listing page (the
  «خدمات» top link is `#`), the same menu is on every page;
- the menu also carries «درباره اداره کل» (تاریخچه، چارت سازمانی، مدیرکل) and «سامانه‌ها»
  (off-site) columns; the about pages use the same content template as services;
- service pages `/Portal/Service/{id}` (`?lang=fa` copies from the language switch) with `<h1>`
  and `<p><strong>…:</strong></p>` labelled sections, a side menu of the same group;
- noise: `/Portal/News/{id}`, `/Portal/Page/{id}` about pages, `/Portal/Contact`, search form."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round5 as cat
from sandbox.unseen.base import UnseenSite, e, ul

SITE = cat.SABT
# the menu's columns: the services (by their place in the catalogue) in the order each column
# lists them; a column's «گروه خدمت» is its services' category
COLUMNS = ((0, 2, 12, 13, 6), (1, 3, 5, 10), (7, 8, 9), (11, 4))
ABOUT = (
    (
        1,
        "تاریخچه اداره کل",
        "اداره کل ثبت احوال استان در سال ۱۳۴۰ تأسیس شد و از آن زمان ثبت وقایع حیاتی استان را بر عهده دارد.",
    ),
    (
        2,
        "چارت سازمانی",
        "اداره کل دارای معاونت‌های فناوری اطلاعات، امور اسناد هویتی و توسعه مدیریت است.",
    ),
    (3, "پیام مدیرکل", "هدف ما ارائه خدمات سریع، دقیق و بدون مراجعه حضوری به هم‌وطنان است."),
    (4, "منشور حقوق شهروندی", "مراجعین حق دارند از زمان و هزینه انجام خدمات آگاه شوند."),
)


class MegaMenuSite(UnseenSite):
    id = "sabt-khorasan"
    agency = cat.SABT

    def __init__(self) -> None:
        super().__init__(cat.sabt())
        self.news = list(cat.NEWS[:5])
        self.groups = [(self.specs[column[0]].category, column) for column in COLUMNS]
        for group, column in self.groups:
            if any(self.specs[i].category != group for i in column):
                raise ValueError(f"a column of «{group}» lists a service of another group")

    def service_path(self, s: ServiceSpec) -> str:
        return f"/Portal/Service/{s.number}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (f"/Portal/Service/{s.number}?lang=fa",)

    def menu(self) -> str:
        """The navbar on every page: the mega menu is the only place the services are listed."""
        cols = ""
        for g, idx in self.groups:
            head = f'<li class="dropdown-header">گروه خدمت: {e(g)}</li>'
            items = "".join(
                f'<li><a href="{self.service_path(self.specs[i])}">{e(self.specs[i].title)}</a></li>'
                for i in idx
            )
            cols += f'<li class="col-sm-3"><ul>{head}{items}</ul></li>'
        about = "".join(f'<li><a href="/Portal/Page/{n}">{e(t)}</a></li>' for n, t, _ in ABOUT)
        return (
            f'<nav class="navbar navbar-default" role="navigation"><div class="container"><div class="navbar-header"><a class="navbar-brand" href="/">{SITE}</a></div>'
            '<ul class="nav navbar-nav"><li><a href="/">صفحه نخست</a></li>'
            f'<li class="dropdown"><a href="#" class="dropdown-toggle" data-toggle="dropdown">درباره ما <span class="caret"></span></a><ul class="dropdown-menu">{about}</ul></li>'
            f'<li class="dropdown mega-dropdown"><a href="#" class="dropdown-toggle" data-toggle="dropdown">خدمات <span class="caret"></span></a><ul class="dropdown-menu mega-dropdown-menu row">{cols}</ul></li>'
            '<li class="dropdown"><a href="#" class="dropdown-toggle" data-toggle="dropdown">سامانه‌ها <span class="caret"></span></a><ul class="dropdown-menu"><li><a href="https://www.sabteahval.ir/">سازمان ثبت احوال کشور</a></li><li><a href="https://nobat.sabteahval.ir/">نوبت‌دهی اینترنتی</a></li></ul></li>'
            '<li><a href="/Portal/News">اخبار</a></li><li><a href="/Portal/Contact">تماس با ما</a></li></ul>'
            '<form class="navbar-form navbar-left" action="/Portal/Search"><input class="form-control" name="q" placeholder="جستجو"></form>'
            '<ul class="nav navbar-nav navbar-left"><li><a href="?lang=fa">فارسی</a></li><li><a href="?lang=en">English</a></li></ul></div></nav>'
        )

    def handle(self, r: Request) -> Response:
        p, q = r.path, r.query
        if q.get("lang") == "en":  # whatever the page, the English site is one placeholder
            return self.page(
                "Civil Registration",
                "<h1>Civil Registration Office</h1><p>The English site is under construction.</p>",
                lang="en",
            )
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /Portal/Search\n")
        if p in ("/", "/Portal", "/Portal/Home"):
            news = "".join(
                f'<div class="col-md-4"><div class="thumbnail"><div class="caption"><h4><a href="/Portal/News/{300 + i}">{e(t)}</a></h4></div></div></div>'
                for i, t in enumerate(self.news[:3])
            )
            body = (
                f'<div class="jumbotron"><h1>{SITE}</h1><p>ثبت وقایع حیاتی و صدور اسناد هویتی</p></div><h2>آخرین اخبار</h2><div class="row">{news}</div>'
                '<div class="well"><h3>اطلاعیه</h3><p>نوبت‌دهی کارت هوشمند ملی فقط از طریق سامانه نوبت‌دهی انجام می‌شود.</p></div>'
            )
            return self.page("صفحه نخست", body)
        if p.startswith("/Portal/Service/"):
            s = self.by_number(p.removeprefix("/Portal/Service/"))
            return self.detail(s) if s else Response.not_found()
        if p.startswith("/Portal/Page/"):
            raw = p.removeprefix("/Portal/Page/")
            hit = next(((n, t, txt) for n, t, txt in ABOUT if str(n) == raw), None)
            if hit is None:
                return Response.not_found()
            # an about page in the services' template, a labelled paragraph included
            return self.page(
                hit[1],
                f'<ol class="breadcrumb"><li><a href="/">صفحه نخست</a></li><li>درباره ما</li><li class="active">{e(hit[1])}</li></ol><div class="content-page"><h1>{e(hit[1])}</h1><p>{e(hit[2])}</p><p><strong>نشانی:</strong></p><p>مشهد، بلوار وکیل‌آباد</p></div>',
            )
        if p.startswith("/Portal/News/"):
            raw = p.removeprefix("/Portal/News/")
            i = int(raw) - 300 if raw.isdigit() else -1
            if 0 <= i < len(self.news):
                t = self.news[i]
                return self.page(
                    t,
                    f'<ol class="breadcrumb"><li><a href="/">صفحه نخست</a></li><li><a href="/Portal/News">اخبار</a></li></ol><div class="content-page"><h1>{e(t)}</h1><p class="text-muted">تاریخ انتشار: {persian_digits(f"1403/04/{10 + i}")}</p><p>به گزارش روابط عمومی {SITE}، {e(t)}.</p></div>',
                )
            return Response.not_found()
        if p == "/Portal/News":
            items = "".join(
                f'<li><a href="/Portal/News/{300 + i}">{e(t)}</a></li>'
                for i, t in enumerate(self.news)
            )
            return self.page("اخبار", f"<h1>اخبار</h1><ul>{items}</ul>")
        if p == "/Portal/Contact":
            return self.page(
                "تماس با ما",
                '<div class="content-page"><h1>تماس با ما</h1><p><strong>نشانی:</strong> مشهد، بلوار وکیل‌آباد</p><p><strong>تلفن:</strong> ۰۵۱-۳۸۶۰۰۰۰۰</p></div>',
            )
        return Response.not_found()

    def detail(self, s: ServiceSpec) -> Response:
        """The title in <h1>; each section a bold «…:» label in a paragraph of its own."""
        g, idx = next((g, idx) for g, idx in self.groups if s.category == g)
        side = "".join(
            f'<li{' class="active"' if self.specs[i] is s else ""}><a href="{self.service_path(self.specs[i])}">{e(self.specs[i].title)}</a></li>'
            for i in idx
        )
        body = (
            f'<ol class="breadcrumb"><li><a href="/">صفحه نخست</a></li><li>خدمات</li><li>{e(g)}</li></ol><div class="row"><div class="col-md-9"><div class="content-page">'
            f"<h1>{e(s.title)}</h1><p><strong>شرح خدمت:</strong></p><p>{e(s.description)}</p><p><strong>مدارک مورد نیاز:</strong></p>{ul(s.documents)}"
            f"<p><strong>هزینه:</strong> {e(s.fee)}</p><p><strong>مدت انجام:</strong> {e(s.duration)}</p><p><strong>نحوه دریافت خدمت:</strong> مراجعه به دفاتر پیشخوان یا ادارات ثبت احوال شهرستان</p></div></div>"
            f'<div class="col-md-3"><div class="panel panel-default"><div class="panel-heading">{e(g)}</div><ul class="list-group side-menu">{side}</ul></div></div></div>'
        )
        return self.page(s.title, body)

    def page(self, title: str, body: str, lang: str = "fa") -> Response:
        html = (
            f'<!DOCTYPE html><html lang="{lang}" dir="{"rtl" if lang == "fa" else "ltr"}"><head><meta charset="utf-8"><title>{e(title)} - {SITE}</title><link href="/Content/bootstrap-rtl.min.css" rel="stylesheet"></head>'
            f'<body>{self.menu()}<div class="container main">{body}</div><footer class="footer"><div class="container"><p>کلیه حقوق این پایگاه متعلق به {SITE} است.</p></div></footer></body></html>'
        )
        return Response.html(html)
