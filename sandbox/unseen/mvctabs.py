# ruff: noqa: E501
"""(d) ASP.NET MVC 5 + Bootstrap 4 (شرکت آب و فاضلاب استان تهران). Conventions modelled:
- attribute routes `/Home/ServiceDetail/{id}/{slug}` where the slug is *raw* Persian in the
  href (`@Html.ActionLink` with a Persian route value, IIS decoding it back); the id alone
  `/Home/ServiceDetail/{id}` and `/Home/ServiceDetail?id={id}` serve the same page, IIS is
  case-insensitive and the home page links the lowercase `/home/servicedetail/{id}`;
- the listing `/Home/Services` is a Bootstrap `list-group` per category (card + card-header);
- detail: the page banner `<h1>` is the section name «خدمات مشترکین» on every page, the service
  title is `div.card-header > h2.h5`; its content is Bootstrap 4 `nav-tabs` (a.nav-link
  `href="#tab-desc"` + `data-toggle="tab"`) and `div.tab-content > div.tab-pane` panes;
- `<title>` is «{title} | آبفای استان تهران»; news `/Home/NewsDetail/{id}/{slug}` use the same
  card template; FAQ is a Bootstrap collapse accordion; login `/Account/Login?ReturnUrl=`."""

from __future__ import annotations

from urllib.parse import quote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round5 as cat
from sandbox.unseen.base import UnseenSite, e, ul

SITE = cat.ABFA
SHORT = "آبفای استان تهران"
STEPS = (
    "ثبت درخواست در سامانه یا دفاتر پیشخوان",
    "بازدید کارشناس",
    "صدور و پرداخت صورتحساب",
    "اجرای درخواست",
)
FAQ = (
    ("چگونه قبض المثنی دریافت کنم؟", "از طریق سامانه ۱۲۲ یا اپلیکیشن آبفا."),
    ("ساعات کاری امور مشترکین؟", "شنبه تا چهارشنبه ۷:۳۰ تا ۱۴:۳۰"),
)


def slugify(title: str) -> str:
    """The route's slug: dashes for spaces, punctuation and the kashida-dash «ـ» dropped."""
    s = title.replace("\u200c", " ").replace("،", " ").replace(",", " ")
    s = s.replace("(", " ").replace(")", " ").replace("/", " ").replace("ـ", " ")
    return "-".join(s.split())


class MvcTabsSite(UnseenSite):
    id = "abfa-tehran"
    agency = cat.ABFA

    def __init__(self) -> None:
        super().__init__(cat.abfa())
        self.news = list(cat.NEWS[:5])

    def service_path(self, s: ServiceSpec) -> str:
        return f"/Home/ServiceDetail/{s.number}/{quote(slugify(s.title), safe='-')}"

    def href(self, s: ServiceSpec) -> str:
        """The link as the Razor view prints it: the Persian slug unencoded."""
        return f"/Home/ServiceDetail/{s.number}/{slugify(s.title)}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (
            f"/Home/ServiceDetail/{s.number}",
            f"/home/servicedetail/{s.number}",
            f"/Home/ServiceDetail?id={s.number}",
        )

    def handle(self, r: Request) -> Response:
        p, q = r.path, r.query
        lp = p.lower().rstrip("/")  # IIS: routes are case-insensitive
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /Account/\n")
        if lp in ("", "/home", "/home/index"):
            quick = "".join(
                f'<div class="col-md-3"><a class="quick-link" href="/home/servicedetail/{s.number}"><i class="fa fa-tint"></i><span>{e(s.title)}</span></a></div>'
                for s in self.specs[:4]
            )
            news = "".join(
                f'<li class="media"><a href="/Home/NewsDetail/{70 + i}/{slugify(t)}">{e(t)}</a></li>'
                for i, t in enumerate(self.news[:3])
            )
            body = (
                f'<section class="page-banner"><h1>{SHORT}</h1></section><div class="container"><h2 class="section-title">خدمات پرکاربرد</h2><div class="row">{quick}</div>'
                f'<a class="btn btn-info" href="/Home/Services">مشاهده همه خدمات</a><h2 class="section-title">اخبار</h2><ul class="list-unstyled">{news}</ul></div>'
            )
            return self.page("صفحه اصلی", body)
        if lp == "/home/services":
            cats: dict[str, list[ServiceSpec]] = {}
            for s in self.specs:
                cats.setdefault(s.category, []).append(s)
            groups = "".join(
                f'<div class="card mb-3"><div class="card-header">{e(c)}</div><div class="list-group list-group-flush">'
                + "".join(
                    f'<a class="list-group-item list-group-item-action" href="{self.href(s)}">{e(s.title)}</a>'
                    for s in ss
                )
                + "</div></div>"
                for c, ss in cats.items()
            )
            body = (
                self.banner("خدمات مشترکین", "فهرست خدمات")
                + f'<div class="container">{groups}</div>'
            )
            return self.page("فهرست خدمات", body)
        if lp.startswith("/home/servicedetail"):
            # the id is the route's; the slug after it is decoration, and ?id= binds too
            rest = p[len("/Home/ServiceDetail") :].strip("/")
            raw = rest.split("/")[0] if rest else q.get("id")
            spec = self.by_number(raw)
            return self.detail(spec) if spec else Response.not_found()
        if lp.startswith("/home/newsdetail/"):
            raw = p.split("/")[3]
            i = int(raw) - 70 if raw.isdigit() else -1
            if 0 <= i < len(self.news):
                t = self.news[i]
                card = f'<div class="card"><div class="card-header"><h2 class="h5">{e(t)}</h2></div><div class="card-body"><p class="text-muted">{persian_digits(f"1403/05/{10 + i}")}</p><p>به گزارش روابط عمومی {SITE}، {e(t)}.</p></div></div>'
                return self.page(
                    t, self.banner("اخبار", t) + f'<div class="container">{card}</div>'
                )
            return Response.not_found()
        if lp == "/home/news":
            items = "".join(
                f'<li><a href="/Home/NewsDetail/{70 + i}/{slugify(t)}">{e(t)}</a></li>'
                for i, t in enumerate(self.news)
            )
            return self.page(
                "اخبار",
                self.banner("اخبار", "اخبار") + f'<div class="container"><ul>{items}</ul></div>',
            )
        if lp == "/home/faq":
            acc = "".join(
                f'<div class="card"><div class="card-header" id="h{i}"><h5 class="mb-0"><button class="btn btn-link" data-toggle="collapse" data-target="#c{i}">{e(a)}</button></h5></div><div id="c{i}" class="collapse" data-parent="#faq"><div class="card-body">{e(b)}</div></div></div>'
                for i, (a, b) in enumerate(FAQ)
            )
            return self.page(
                "پرسش‌های متداول",
                self.banner("پرسش‌های متداول", "پرسش‌های متداول")
                + f'<div class="container"><div class="accordion" id="faq">{acc}</div></div>',
            )
        if lp == "/home/contact":
            return self.page(
                "تماس با ما",
                self.banner("تماس با ما", "تماس با ما")
                + '<div class="container"><p>تهران، خیابان کارگر شمالی</p><p>شماره تماس: ۱۲۲</p></div>',
            )
        if lp == "/account/login":
            return self.page(
                "ورود",
                self.banner("ورود", "ورود")
                + '<div class="container"><form method="post"><input name="UserName"><input type="password" name="Password"><input name="__RequestVerificationToken" type="hidden" value="CfDJ8"></form></div>',
            )
        return Response.not_found()

    def banner(self, section: str, here: str) -> str:
        """The layout's banner: its <h1> is the section's name, never the page's."""
        return (
            f'<section class="page-banner"><div class="container"><h1>{e(section)}</h1><nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">خانه</a></li>'
            f'<li class="breadcrumb-item"><a href="/Home/Services">خدمات</a></li><li class="breadcrumb-item active" aria-current="page">{e(here)}</li></ol></nav></div></section>'
        )

    def detail(self, s: ServiceSpec) -> Response:
        """The title in the card header's <h2>; each section's label a tab link, its content
        a pane elsewhere with no heading."""
        panes = (
            ("desc", "شرح خدمت", f"<p>{e(s.description)}</p>"),
            ("docs", "مدارک مورد نیاز", ul(s.documents)),
            ("steps", "مراحل انجام کار", ul(STEPS)),
            ("fee", "هزینه و زمان", f"<p>هزینه: {e(s.fee)}</p><p>مدت زمان: {e(s.duration)}</p>"),
        )
        nav = "".join(
            f'<li class="nav-item"><a class="nav-link{" active" if i == 0 else ""}" id="{k}-tab" data-toggle="tab" href="#tab-{k}" role="tab" aria-controls="tab-{k}" aria-selected="{"true" if i == 0 else "false"}">{t}</a></li>'
            for i, (k, t, _) in enumerate(panes)
        )
        content = "".join(
            f'<div class="tab-pane fade{" show active" if i == 0 else ""}" id="tab-{k}" role="tabpanel" aria-labelledby="{k}-tab">{c}</div>'
            for i, (k, _, c) in enumerate(panes)
        )
        inner = f'<ul class="nav nav-tabs" id="serviceTabs" role="tablist">{nav}</ul><div class="tab-content" id="serviceTabsContent">{content}</div>'
        card = (
            f'<div class="card service-card"><div class="card-header"><h2 class="h5">{e(s.title)}</h2></div><div class="card-body">{inner}</div>'
            f'<div class="card-footer"><a class="btn btn-primary" href="/Account/Login?ReturnUrl=%2FHome%2FServiceDetail%2F{s.number}">درخواست آنلاین</a></div></div>'
        )
        return self.page(
            s.title, self.banner("خدمات مشترکین", s.title) + f'<div class="container">{card}</div>'
        )

    def page(self, title: str, body: str) -> Response:
        nav = (
            f'<nav class="navbar navbar-expand-lg navbar-dark bg-primary"><a class="navbar-brand" href="/">{SHORT}</a><ul class="navbar-nav">'
            '<li class="nav-item"><a class="nav-link" href="/">خانه</a></li><li class="nav-item"><a class="nav-link" href="/Home/Services">خدمات مشترکین</a></li>'
            '<li class="nav-item"><a class="nav-link" href="/Home/News">اخبار</a></li><li class="nav-item"><a class="nav-link" href="/Home/Faq">پرسش‌های متداول</a></li>'
            '<li class="nav-item"><a class="nav-link" href="/Home/Contact">تماس با ما</a></li><li class="nav-item"><a class="nav-link" href="/Account/Login">ورود</a></li></ul></nav>'
        )
        html = (
            f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>{e(title)} | {SHORT}</title>'
            f'<link href="/Content/bootstrap.rtl.css" rel="stylesheet"/><script src="/bundles/modernizr?v=inCVuEFe6J4Q07A0AcRsbJic"></script></head><body>{nav}{body}'
            f'<footer class="footer"><div class="container"><p>&copy; ۱۴۰۳ - {SITE}</p></div></footer><script src="/bundles/jquery?v=FVs3ACwOLIVInrAl5sdzR"></script><script src="/bundles/bootstrap?v=Ntyo"></script></body></html>'
        )
        return Response.html(html)
