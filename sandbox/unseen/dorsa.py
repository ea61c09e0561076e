# ruff: noqa: E501
"""(a) Dorsa (درسا) portal of استانداری سمنان: every page is `/Index.aspx?` + a query string.
Conventions modelled (real URLs in services.yaml: portal.ostan-sm.ir, portal.sko.ir, aepdco.ir, shirazedc.co.ir):
- e-services list `Index.aspx?page_=dorsaetoolseservice&order=list&lang=1&sub=66&tempname=EServicesList&PageId=8190`
  (pager `&CurrentPage=N`), detail `…&order=show&lang=1&sub=66&tempname=EServicesDetails&PageId={id}`;
- the home page's «خدمات پرکاربرد» box links the same detail with the other spelling seen in the wild:
  `Index.aspx?page_=dorsaetoolseservice&lang=1&sub=66&PageID={id}&PageIDF=0&tempname=eservicesdetails`
  (ASP.NET query keys are case-insensitive, so both answer the same page);
- detail: module header «خدمات الکترونیک» (`div.ModuleTitle > h2`) on every e-service page; the service title
  is `div.ESTitle` (no heading); fields are `div.ESRow > span.ESLabel + span.ESValue`;
- `<title>` is only «استانداری سمنان - خدمات الکترونیک»;
- noise: news `page_=news&order=show…&tempname=NewsShow`, form pages `page_=form…&tempname=NewMainShow`
  (about, contact), print copies `&print=true` (bare template), login `page_=login`, search, `lang=2` English home,
  off-site links (my.gov.ir, iran.gov.ir)."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response, pages
from sandbox.unseen import catalogue_round6 as cat
from sandbox.unseen.base import UnseenSite, e

SITE = cat.OSTANDARI
NEWS = cat.NEWS
FORMS = {
    1499: (
        "درباره استانداری",
        "استانداری سمنان به عنوان نماینده عالی دولت در استان، هماهنگی دستگاه‌های اجرایی را بر عهده دارد.",
    ),
    1500: ("تماس با ما", "نشانی: سمنان، میدان استانداری. تلفن: ۰۲۳-۳۳۳۳۰۰۰۰"),
    1501: ("منشور حقوق شهروندی", "مراجعین حق دارند از زمان، هزینه و مراحل دریافت خدمات آگاه شوند."),
}
PER_PAGE = 7


class DorsaSite(UnseenSite):
    id = "ostandari-semnan"
    agency = cat.OSTANDARI

    LIST = "/Index.aspx?page_=dorsaetoolseservice&order=list&lang=1&sub=66&tempname=EServicesList&PageId=8190"

    def __init__(self) -> None:
        super().__init__(
            cat.services(
                cat.OSTANDARI_ROWS,
                8200,
                docs=("اصل و تصویر کارت ملی متقاضی", "تکمیل فرم درخواست", "مدارک مثبته مربوط"),
                duration="۷ روز کاری",
            )
        )

    def service_path(self, s: ServiceSpec) -> str:
        return f"/Index.aspx?page_=dorsaetoolseservice&order=show&lang=1&sub=66&tempname=EServicesDetails&PageId={s.number}"

    def alt_path(self, s: ServiceSpec) -> str:
        """The home page box's spelling of the same detail."""
        return f"/Index.aspx?page_=dorsaetoolseservice&lang=1&sub=66&PageID={s.number}&PageIDF=0&tempname=eservicesdetails"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (self.alt_path(s),)

    def handle(self, r: Request) -> Response:
        p = r.path.lower()
        q = {k.lower(): v for k, v in r.query.items()}
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /Admin/\n")
        if p == "/":
            return Response.redirect("/Index.aspx?lang=1")
        if p != "/index.aspx":
            return Response.not_found()
        if q.get("lang") == "2":
            return Response.html(
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Semnan Governorate</title></head><body><h1>Semnan Governorate</h1><p>Welcome to the English portal.</p><a href="/Index.aspx?lang=1">فارسی</a></body></html>'
            )
        page_ = q.get("page_", "").lower()
        if not page_:
            return self.home()
        if page_ == "dorsaetoolseservice":
            if q.get("order", "show").lower() == "list":
                raw = q.get("currentpage", "1")
                return self.listing(int(raw) if raw.isdigit() else 1)
            s = self.by_number(q.get("pageid"))
            if s is None:
                return Response.not_found()
            return self.detail(s, printed=q.get("print") == "true")
        if page_ == "news":
            raw = q.get("pageid", "")
            i = int(raw) - 9000 if raw.isdigit() else -1
            if 0 <= i < len(NEWS) and q.get("order") != "list":
                return self.news(i, printed=q.get("print") == "true")
            if q.get("order") == "list":
                items = "".join(
                    f'<li><a href="/Index.aspx?page_=news&order=show&lang=1&sub=0&PageId={9000 + j}&tempname=NewsShow">{e(t)}</a></li>'
                    for j, t in enumerate(NEWS)
                )
                return self.page(
                    "آرشیو اخبار",
                    f'<div class="ModuleTitle"><h2>آرشیو اخبار</h2></div><ul class="NewsList">{items}</ul>',
                )
            return Response.not_found()
        if page_ == "form":
            raw = q.get("pageid", "")
            if raw.isdigit() and int(raw) in FORMS:
                t, txt = FORMS[int(raw)]
                return self.page(
                    t,
                    f'<div class="PathBar"><a href="/Index.aspx?lang=1">صفحه اصلی</a> » {e(t)}</div><div class="ModuleTitle"><h2>{e(t)}</h2></div><div class="FormContent"><p>{e(txt)}</p></div>',
                )
            return Response.not_found()
        if page_ == "login":
            return self.page(
                "ورود کاربران",
                '<div class="ModuleTitle"><h2>ورود کاربران</h2></div><form method="post" action="/Index.aspx?page_=login&lang=1"><label>نام کاربری</label><input name="u"><label>رمز عبور</label><input type="password" name="p"><button>ورود</button></form>',
            )
        if page_ == "search":
            return self.page(
                "جستجو",
                '<div class="ModuleTitle"><h2>جستجو</h2></div><p>عبارتی برای جستجو وارد نشده است.</p>',
            )
        return Response.not_found()

    def menu(self) -> str:
        return (
            '<div id="TopMenu"><ul class="MainMenu"><li><a href="/Index.aspx?lang=1">صفحه اصلی</a></li>'
            '<li><a href="/Index.aspx?page_=form&order=show&lang=1&sub=0&PageId=1499&tempname=NewMainShow">درباره استانداری</a></li>'
            f'<li><a href="{e(self.LIST)}">میز خدمت الکترونیک</a></li>'
            '<li><a href="/Index.aspx?page_=news&order=list&lang=1&sub=0&PageId=9100&tempname=NewsList">اخبار</a></li>'
            '<li><a href="/Index.aspx?page_=form&order=show&lang=1&sub=0&PageId=1501&tempname=NewMainShow">منشور حقوق شهروندی</a></li>'
            '<li><a href="/Index.aspx?page_=form&order=show&lang=1&sub=0&PageId=1500&tempname=NewMainShow">تماس با ما</a></li>'
            '<li><a href="/Index.aspx?page_=login&lang=1">ورود</a></li><li><a href="/Index.aspx?lang=2">English</a></li></ul>'
            '<form action="/Index.aspx" method="get" class="SearchBox"><input type="hidden" name="page_" value="search"><input type="hidden" name="lang" value="1"><input name="q"></form></div>'
        )

    def page(self, title: str, body: str, bare: bool = False) -> Response:
        """The layout; a print copy (``bare``) is the content alone, printing itself on load.
        An e-service page's ``<title>`` is the module's name only."""
        if bare:
            return Response.html(
                f'<!DOCTYPE html><html dir="rtl" lang="fa"><head><meta charset="utf-8"><title>{SITE} - نسخه چاپی</title></head><body onload="window.print()" class="PrintPage">{body}</body></html>'
            )
        side = (
            '<div class="SideBox"><div class="SideTitle">پیوندها</div><ul><li><a href="https://my.gov.ir/">پنجره ملی خدمات دولت هوشمند</a></li>'
            '<li><a href="https://iran.gov.ir/">پورتال ملی</a></li><li><a href="http://www.president.ir/">پایگاه ریاست جمهوری</a></li></ul></div>'
        )
        return Response.html(
            f'<!DOCTYPE html><html dir="rtl" lang="fa"><head><meta charset="utf-8"><title>{SITE} - {"خدمات الکترونیک" if "ES" in body else e(title)}</title>'
            f'<link href="/Styles/Dorsa.css" rel="stylesheet"></head><body><form id="form1" method="post" action="Index.aspx"><div id="Header"><div class="Logo">{SITE}</div></div>{self.menu()}'
            f'<div id="Main"><div id="RightCol">{side}</div><div id="Content">{body}</div></div>'
            f'<div id="Footer">کلیه حقوق این پورتال متعلق به {SITE} می باشد. طراحی و پیاده سازی: شرکت درسا</div></form></body></html>'
        )

    def home(self) -> Response:
        pop = "".join(
            f'<li><a href="{e(self.alt_path(s))}">{e(s.title)}</a></li>' for s in self.specs[:6]
        )
        news = "".join(
            f'<li><a href="/Index.aspx?page_=news&order=show&lang=1&sub=0&PageId={9000 + j}&tempname=NewsShow">{e(t)}</a></li>'
            for j, t in enumerate(NEWS[:5])
        )
        return self.page(
            "صفحه اصلی",
            f'<div class="Box"><div class="BoxTitle">آخرین اخبار</div><ul>{news}</ul></div>'
            f'<div class="Box"><div class="BoxTitle">خدمات پرکاربرد</div><ul class="EServicesPopular">{pop}</ul>'
            f'<a class="More" href="{e(self.LIST)}">مشاهده همه خدمات</a></div>',
        )

    def listing(self, n: int) -> Response:
        chunks = pages(self.visible(), PER_PAGE)
        if not 1 <= n <= len(chunks):
            return Response.not_found()
        rows = "".join(
            f'<tr><td>{persian_digits(str((n - 1) * PER_PAGE + i + 1))}</td><td><a href="{e(self.service_path(s))}">{e(s.title)}</a></td><td>{e(s.category)}</td></tr>'
            for i, s in enumerate(chunks[n - 1])
        )
        pager = "".join(
            f'<a href="{e(self.LIST)}&CurrentPage={k}">{persian_digits(str(k))}</a> '
            if k != n
            else f'<span class="Current">{persian_digits(str(k))}</span> '
            for k in range(1, len(chunks) + 1)
        )
        return self.page(
            "میز خدمت الکترونیک",
            f'<div class="PathBar"><a href="/Index.aspx?lang=1">صفحه اصلی</a> » میز خدمت الکترونیک</div><div class="ModuleTitle"><h2>فهرست خدمات الکترونیک</h2></div>'
            f'<table class="ESList"><tr><th>ردیف</th><th>عنوان خدمت</th><th>حوزه</th></tr>{rows}</table><div class="Pager">{pager}</div>',
        )

    def detail(self, s: ServiceSpec, printed: bool = False) -> Response:
        fields = (
            ("شرح خدمت", e(s.description)),
            ("مدارک مورد نیاز", "، ".join(e(d) for d in s.documents)),
            ("هزینه", e(s.fee)),
            ("مدت زمان انجام", e(s.duration)),
            ("مخاطبین خدمت", e(s.audience)),
            ("حوزه", e(s.category)),
        )
        rows = "".join(
            f'<div class="ESRow"><span class="ESLabel">{lbl} :</span> <span class="ESValue">{val}</span></div>'
            for lbl, val in fields
        )
        head = f'<div class="ESTitle">{e(s.title)}</div>'
        if printed:
            return self.page(
                s.title, f'<div class="EServicesDetails">{head}{rows}</div>', bare=True
            )
        tools = f'<div class="Tools"><a href="{e(self.service_path(s))}&print=true" target="_blank">نسخه چاپی</a> | <a href="https://my.gov.ir/">درخواست آنلاین در پنجره ملی</a></div>'
        body = (
            f'<div class="PathBar"><a href="/Index.aspx?lang=1">صفحه اصلی</a> » <a href="{e(self.LIST)}">میز خدمت الکترونیک</a> » {e(s.title)}</div>'
            '<div class="ModuleTitle"><h2>خدمات الکترونیک</h2></div>'
            f'<div class="EServicesDetails">{head}{rows}</div>{tools}'
        )
        return self.page(s.title, body)

    def news(self, i: int, printed: bool = False) -> Response:
        t = NEWS[i]
        body = (
            f'<div class="NewsShow"><div class="NewsTitle">{e(t)}</div><div class="NewsDate">{persian_digits(f"1403/05/{10 + i}")}</div>'
            f'<div class="NewsBody"><p>به گزارش روابط عمومی {SITE}، {e(t)} برگزار شد.</p><p>در این برنامه بر تسریع در ارائه خدمات به مردم تاکید شد.</p></div></div>'
        )
        if printed:
            return self.page(t, body, bare=True)
        return self.page(
            t,
            f'<div class="PathBar"><a href="/Index.aspx?lang=1">صفحه اصلی</a> » اخبار</div><div class="ModuleTitle"><h2>اخبار</h2></div>{body}'
            f'<div class="Tools"><a href="/Index.aspx?page_=news&order=show&lang=1&sub=0&PageId={9000 + i}&tempname=NewsShow&print=true">نسخه چاپی</a></div>',
        )
