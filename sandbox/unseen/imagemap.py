# ruff: noqa: E501
"""(c) اداره کل ثبت احوال استان مازندران: the services are reached only through a clickable county map
(`<img usemap="#ostan">` + `<map><area shape="poly" href=…>`), and each county office page lists the services
that office offers (services split across county pages; a service offered by several offices is linked from each
with its own `&edare=K`). Conventions modelled (MDN/HTML image maps; provincial «نقشه استان» county maps with
`<area … alt="ساری" title="اداره ثبت احوال شهرستان ساری">`; ASP.NET `Show.aspx?id=` pages):
- the home page and `/Pages/Edarat.aspx` («ادارات شهرستان‌ها») carry the map; there is no service listing page
  and no `<a>` to a county page (the «خدمات ادارات» menu item goes to `/Pages/Edarat.aspx`);
- county page `/Edarat/Edare.aspx?id=K`: office card (رئیس اداره, نشانی, تلفن, ساعات کاری) in a table, then
  «خدمات قابل ارائه در این اداره» `<ul>` of `/Khadamat/Show.aspx?id=N&edare=K`;
- detail `/Khadamat/Show.aspx?id=N` (all `&edare=K` variants are aliases; they differ only in the breadcrumb):
  `<h1>` + `<h3>` sections;
- noise: news in the same template, about/contact pages, `?lang=en`, print copies `&print=1`, search,
  off-site links (sabteahval.ir, nobat)."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round6 as cat
from sandbox.unseen.base import UnseenSite, e, ul

SITE = cat.SABTAHVAL
NEWS = cat.NEWS
# county id: (name, the services its office offers, by their places in the catalogue's rows)
COUNTIES = {
    1: ("ساری", (0, 2, 3, 4, 7, 11)),
    2: ("بابل", (0, 1, 5, 6, 12)),
    3: ("آمل", (2, 8, 9, 10)),
    4: ("قائم‌شهر", (1, 4, 11, 12)),
    5: ("نوشهر", (3, 5, 8)),
    6: ("تنکابن", (6, 7, 9, 10)),
}
COORDS = {
    1: "310,120,360,110,380,160,330,175",
    2: "250,110,300,105,305,150,255,160",
    3: "190,100,245,95,250,150,195,155",
    4: "280,160,320,158,325,200,285,205",
    5: "120,80,180,75,185,120,125,125",
    6: "40,60,110,55,115,100,45,105",
}
HEADS = ("محمدی", "حسینی", "رضایی", "کریمی", "احمدی", "موسوی")


class ImageMapSite(UnseenSite):
    id = "sabtahval-mzn"
    agency = cat.SABTAHVAL

    def __init__(self) -> None:
        super().__init__(
            cat.services(
                cat.SABTAHVAL_ROWS,
                40,
                docs=("اصل شناسنامه", "اصل کارت ملی", "دو قطعه عکس ۳×۴"),
                duration="۳ روز کاری",
            )
        )

    def service_path(self, s: ServiceSpec) -> str:
        return f"/Khadamat/Show.aspx?id={s.number}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        i = self.specs.index(s)
        return tuple(
            f"/Khadamat/Show.aspx?id={s.number}&edare={k}"
            for k, (_, idx) in COUNTIES.items()
            if i in idx
        )

    def map_html(self) -> str:
        areas = "".join(
            f'<area shape="poly" coords="{COORDS[k]}" href="/Edarat/Edare.aspx?id={k}" alt="{e(n)}" title="اداره ثبت احوال شهرستان {e(n)}">'
            for k, (n, _) in COUNTIES.items()
        )
        return (
            '<div class="ostan-map"><img src="/images/map-mazandaran.png" width="420" height="240" usemap="#ostan" alt="نقشه استان مازندران" border="0">'
            f'<map name="ostan" id="ostan">{areas}</map>'
            '<p class="hint">برای مشاهده خدمات هر اداره، شهرستان مورد نظر را روی نقشه انتخاب کنید.</p></div>'
        )

    def handle(self, r: Request) -> Response:
        p, q = r.path, r.query
        if q.get("lang") == "en":
            return Response.html(
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>NOCR Mazandaran</title></head><body><h1>National Organization for Civil Registration - Mazandaran</h1><p>Coming soon.</p></body></html>'
            )
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /Search.aspx\n")
        if p in ("/", "/Default.aspx"):
            news = "".join(
                f'<li><a href="/News/Show.aspx?id={700 + i}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS[:5])
            )
            return self.page(
                "صفحه اصلی",
                f'<div class="row"><div class="col-7"><h2>ادارات ثبت احوال شهرستان‌ها</h2>{self.map_html()}</div><div class="col-5"><h2>آخرین اخبار</h2><ul class="news">{news}</ul></div></div>',
            )
        if p == "/Pages/Edarat.aspx":
            return self.page(
                "ادارات شهرستان‌ها", f"<h1>ادارات ثبت احوال شهرستان‌ها</h1>{self.map_html()}"
            )
        if p == "/Edarat/Edare.aspx":
            raw = q.get("id", "")
            return (
                self.county(int(raw))
                if raw.isdigit() and int(raw) in COUNTIES
                else Response.not_found()
            )
        if p == "/Khadamat/Show.aspx":
            s = self.by_number(q.get("id"))
            if s is None:
                return Response.not_found()
            edare = q.get("edare", "")
            k = int(edare) if edare.isdigit() and int(edare) in COUNTIES else None
            return self.detail(s, k, printed=q.get("print") == "1")
        if p == "/News/Show.aspx":
            raw = q.get("id", "")
            i = int(raw) - 700 if raw.isdigit() else -1
            if 0 <= i < len(NEWS):
                t = NEWS[i]
                return self.page(
                    t,
                    f'<div class="crumb"><a href="/">خانه</a> / <a href="/News/List.aspx">اخبار</a></div><h1>{e(t)}</h1><p class="date">{persian_digits(f"1403/02/{10 + i}")}</p><h3>خلاصه خبر</h3><p>به گزارش روابط عمومی {SITE}، {e(t)}.</p><h3>متن خبر</h3><p>مدیرکل ثبت احوال استان در این مراسم بر لزوم تسریع در ارائه خدمات تاکید کرد.</p>',
                )
            return Response.not_found()
        if p == "/News/List.aspx":
            items = "".join(
                f'<li><a href="/News/Show.aspx?id={700 + i}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS)
            )
            return self.page("اخبار", f"<h1>اخبار</h1><ul>{items}</ul>")
        if p == "/Pages/About.aspx":
            return self.page(
                "درباره ما",
                "<h1>درباره اداره کل</h1><h3>تاریخچه</h3><p>اداره کل ثبت احوال مازندران در سال ۱۳۴۰ تأسیس شد.</p><h3>وظایف</h3><p>ثبت وقایع حیاتی، صدور اسناد هویتی و کارت هوشمند ملی.</p>",
            )
        if p == "/Pages/Contact.aspx":
            return self.page(
                "تماس با ما",
                "<h1>تماس با ما</h1><p>ساری، بلوار خزر، اداره کل ثبت احوال استان مازندران</p><p>تلفن: ۰۱۱-۳۳۳۰۰۰۰۰</p>",
            )
        if p == "/Search.aspx":
            return self.page("جستجو", "<h1>جستجو</h1><p>نتیجه‌ای یافت نشد.</p>")
        return Response.not_found()

    def page(self, title: str, body: str) -> Response:
        nav = (
            '<ul class="nav"><li><a href="/">صفحه اصلی</a></li><li><a href="/Pages/About.aspx">درباره ما</a></li><li><a href="/Pages/Edarat.aspx">خدمات ادارات</a></li>'
            '<li><a href="/News/List.aspx">اخبار</a></li><li><a href="/Pages/Contact.aspx">تماس با ما</a></li><li><a href="?lang=en">English</a></li></ul>'
            '<form action="/Search.aspx"><input name="q" placeholder="جستجو"></form>'
        )
        return Response.html(
            f'<!DOCTYPE html><html dir="rtl" lang="fa"><head><meta charset="utf-8"><title>{e(title)} | {SITE}</title></head><body><header><div class="brand">{SITE}</div>{nav}</header>'
            f'<main>{body}</main><footer><a href="https://www.sabteahval.ir/">سازمان ثبت احوال کشور</a> | <a href="https://nobat.sabteahval.ir/">نوبت‌دهی اینترنتی</a><p>© {SITE}</p></footer></body></html>'
        )

    def county(self, k: int) -> Response:
        """A county office: its card, then the services it offers (each linked with ``&edare=K``)."""
        name, idx = COUNTIES[k]
        items = "".join(
            f'<li><a href="/Khadamat/Show.aspx?id={self.specs[i].number}&edare={k}">{e(self.specs[i].title)}</a></li>'
            for i in idx
            if self.service_path(self.specs[i]) not in self.hidden
        )
        card = (
            f'<table class="office"><tr><th>رئیس اداره</th><td>آقای {e(HEADS[k - 1])}</td></tr>'
            f"<tr><th>نشانی</th><td>شهرستان {e(name)}، خیابان امام</td></tr><tr><th>تلفن</th><td>{persian_digits(f'011-4{k}22{k}000')}</td></tr><tr><th>ساعات کاری</th><td>شنبه تا چهارشنبه ۷:۳۰ تا ۱۴:۳۰</td></tr></table>"
        )
        return self.page(
            f"اداره ثبت احوال شهرستان {name}",
            f'<div class="crumb"><a href="/">خانه</a> / <a href="/Pages/Edarat.aspx">ادارات شهرستان‌ها</a></div><h1>اداره ثبت احوال شهرستان {e(name)}</h1>'
            f'{card}<h3>خدمات قابل ارائه در این اداره</h3><ul class="services">{items}</ul>',
        )

    def detail(self, s: ServiceSpec, k: int | None, printed: bool = False) -> Response:
        body = (
            f"<h1>{e(s.title)}</h1><h3>شرح خدمت</h3><p>{e(s.description)}</p><h3>مدارک مورد نیاز</h3>{ul(s.documents)}"
            f"<h3>هزینه</h3><p>{e(s.fee)}</p><h3>مدت زمان انجام</h3><p>{e(s.duration)}</p>"
        )
        if printed:
            return Response.html(
                f'<html dir="rtl"><head><meta charset="utf-8"><title>{e(s.title)}</title></head><body>{body}</body></html>'
            )
        county = (
            f'<a href="/Edarat/Edare.aspx?id={k}">اداره شهرستان {e(COUNTIES[k][0])}</a> / '
            if k
            else ""
        )
        crumb = f'<div class="crumb"><a href="/">خانه</a> / {county}{e(s.title)}</div>'
        tools = f'<p class="tools"><a href="/Khadamat/Show.aspx?id={s.number}&print=1">نسخه چاپی</a> | <a href="https://nobat.sabteahval.ir/">دریافت نوبت</a></p>'
        return self.page(s.title, crumb + body + tools)
