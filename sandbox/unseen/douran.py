# ruff: noqa: E501
"""(d) Douran Portal (پورتال دوران) of شرکت توزیع نیروی برق استان گلستان. Conventions modelled (real URLs in
services.yaml: goped.ir `/fa-IR/golestan/5198/page/اعلام-بدهی-…`, maztozi.ir `/fa-IR/DouranPortal/5312/page/خوداظهاری`,
qums.ac.ir `/fa-IR/qums.ac/10390/page/صدور-کارت-بهداشت`, eaedc.ir `/fa-IR/Main/4918/ModuleViewer/view/14624/18`;
magirans.com describes the platform: many portals on one database, hierarchical pages, pages made of modules):
- pages are `/fa-IR/golestan/{pageid}/page/{raw Persian slug}`; the slug is cut at 40 characters and any slug
  (or none: `/fa-IR/golestan/{pageid}/page`) answers the same page;
- the services hub `/fa-IR/golestan/5190/page/خدمات-مشترکین` is a link-list module
  (`div.dp-module > div.dp-module-head > span.dp-module-title`, `ul.dp-linklist > li > a`), paged with `?PageIndex=2`;
- detail pages are a single ContentViewer module: the title is the module head `span.dp-module-title`
  (no heading; `<title>` is «site - title»); the body is WYSIWYG output: labels as
  `<p><span style="font-family:'B Nazanin';font-size:13pt"><strong>…:</strong></span></p>`, `&nbsp;`;
- noise: news `/fa-IR/golestan/4918/ModuleViewer/view/{id}/18` (same module chrome), about/contact pages in the
  same template, English `/en-US/golestan/…`, print `?print=true`, `/fa-IR/golestan/login`, search,
  off-site links (tavanir, my.gov.ir)."""

from __future__ import annotations

from urllib.parse import quote, unquote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response, pages
from sandbox.unseen import catalogue_round6 as cat
from sandbox.unseen.base import UnseenSite, e, ul

SITE = cat.TOZI
NEWS = cat.NEWS
HUB = 5190
HUB_SLUG = "خدمات-مشترکین"
PER_PAGE = 10
ABOUT = {
    5180: ("درباره شرکت", "شرکت توزیع نیروی برق استان گلستان در سال ۱۳۷۱ تأسیس شد."),
    5181: ("تماس با ما", "گرگان، خیابان ولیعصر، شرکت توزیع برق. تلفن ۱۲۱"),
    5182: ("منشور اخلاقی", "ما متعهد به ارائه برق مطمئن و پایدار به مشترکین هستیم."),
}
STYLE = "font-family:'B Nazanin';font-size:13pt"  # the WYSIWYG editor's inline style


def dslug(title: str) -> str:
    """Douran's page slug: raw Persian, dashes for spaces and ZWNJ, cut at 40 characters."""
    return (
        title.replace("\u200c", "-")
        .replace("(", "")
        .replace(")", "")
        .replace("/", "-")
        .replace(" ", "-")
        .replace("--", "-")
        .strip("-")[:40]
        .rstrip("-")
    )


class DouranSite(UnseenSite):
    id = "tozi-golestan"
    agency = cat.TOZI

    def __init__(self) -> None:
        super().__init__(
            cat.services(
                cat.TOZI_ROWS,
                5198,
                docs=("اصل و تصویر کارت ملی", "آخرین قبض برق", "مدرک مالکیت"),
                duration="۱۰ روز کاری",
            )
        )

    def service_path(self, s: ServiceSpec) -> str:
        return f"/fa-IR/golestan/{s.number}/page/{dslug(s.title)}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (f"/fa-IR/golestan/{s.number}/page",)

    def handle(self, r: Request) -> Response:
        p = unquote(r.path)
        q = r.query
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /fa-IR/golestan/login\n")
        if p in ("/", "/fa-IR", "/fa-IR/golestan"):
            return Response.redirect("/fa-IR/golestan/5170/page/" + quote("صفحه-اصلی"))
        if p.startswith("/en-US/"):
            return Response.html(
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Golestan Electricity Distribution</title></head><body><h1>Golestan Electric Power Distribution Co.</h1><p>Welcome.</p><a href="/fa-IR/golestan/5170/page/صفحه-اصلی">فارسی</a></body></html>'
            )
        parts = p.strip("/").split("/")
        if parts[:2] != ["fa-IR", "golestan"]:
            return Response.not_found()
        rest = parts[2:]
        if rest == ["login"]:
            return self.page(
                "ورود",
                self.module(
                    "ورود به پورتال",
                    '<form method="post"><input name="UserName"><input name="Password" type="password"><input type="submit" value="ورود"></form>',
                ),
            )
        if rest == ["search"]:
            return self.page("جستجو", self.module("جستجو", "<p>عبارت مورد نظر یافت نشد.</p>"))
        if len(rest) == 5 and rest[1:3] == ["ModuleViewer", "view"] and rest[3].isdigit():
            i = int(rest[3]) - 14600
            if 0 <= i < len(NEWS):
                t = NEWS[i]
                return self.page(
                    t,
                    self.module(
                        t,
                        f'<p class="dp-date">{persian_digits(f"1403/07/{10 + i}")}</p><p><span style="{STYLE}">به گزارش روابط عمومی {SITE}، {e(t)}.</span></p><p><span style="{STYLE}"><strong>خلاصه:</strong></span></p><p>این برنامه با حضور مدیرعامل برگزار شد.</p>',
                    ),
                )
            return Response.not_found()
        if len(rest) >= 2 and rest[0].isdigit() and rest[1] == "page":
            pid = int(rest[0])
            if pid == 5170:
                return self.home()
            if pid == HUB:
                raw = q.get("PageIndex", "1")
                return self.hub(int(raw) if raw.isdigit() else 1)
            if pid in ABOUT:
                t, txt = ABOUT[pid]
                return self.page(t, self.module(t, f'<p><span style="{STYLE}">{e(txt)}</span></p>'))
            s = self.by_number(rest[0])
            if s is not None:
                return self.detail(s, printed=q.get("print") == "true")
        return Response.not_found()

    def module(self, title: str, content: str) -> str:
        """A Douran module: its title is a ``span`` in the module head, not a heading."""
        return f'<div class="dp-module"><div class="dp-module-head"><span class="dp-module-title">{e(title)}</span></div><div class="dp-module-content">{content}</div></div>'

    def page(self, title: str, content: str, printed: bool = False) -> Response:
        if printed:
            return Response.html(
                f'<!DOCTYPE html><html dir="rtl"><head><meta charset="utf-8"><title>{SITE} - {e(title)}</title></head><body class="print">{content}</body></html>'
            )
        menu = (
            '<ul class="dp-menu"><li><a href="/fa-IR/golestan/5170/page/صفحه-اصلی">صفحه اصلی</a></li><li><a href="/fa-IR/golestan/5180/page/درباره-شرکت">درباره شرکت</a></li>'
            f'<li><a href="/fa-IR/golestan/{HUB}/page/{HUB_SLUG}">خدمات مشترکین</a></li><li><a href="/fa-IR/golestan/5182/page/منشور-اخلاقی">منشور اخلاقی</a></li>'
            '<li><a href="/fa-IR/golestan/5181/page/تماس-با-ما">تماس با ما</a></li><li><a href="/fa-IR/golestan/login">ورود</a></li><li><a href="/en-US/golestan/5170/page/Home">English</a></li></ul>'
            '<form action="/fa-IR/golestan/search"><input name="q"></form>'
        )
        links = self.module(
            "پیوندها",
            '<ul><li><a href="https://www.tavanir.org.ir/">توانیر</a></li><li><a href="https://my.gov.ir/">پنجره ملی خدمات</a></li><li><a href="https://bargh-man.ir/">برق من</a></li></ul>',
        )
        return Response.html(
            f'<!DOCTYPE html><html dir="rtl" lang="fa-IR"><head><meta charset="utf-8"><title>{SITE} - {e(title)}</title><link rel="stylesheet" href="/DouranPortal/Themes/golestan/style.css"></head>'
            f'<body><div class="dp-header"><span class="dp-logo">{SITE}</span></div>{menu}<div class="dp-pane dp-content">{content}</div>'
            f'<div class="dp-pane dp-side">{links}</div>'
            f'<div class="dp-footer">کلیه حقوق برای {SITE} محفوظ است. قدرت گرفته از پورتال دوران</div></body></html>'
        )

    def home(self) -> Response:
        news = "".join(
            f'<li><a href="/fa-IR/golestan/4918/ModuleViewer/view/{14600 + i}/18">{e(t)}</a></li>'
            for i, t in enumerate(NEWS[:5])
        )
        return self.page(
            "صفحه اصلی",
            self.module("اخبار", f'<ul class="dp-linklist">{news}</ul>')
            + self.module(
                "اطلاعیه", "<p>قطعی‌های برنامه‌ریزی شده را از طریق اپلیکیشن برق من پیگیری کنید.</p>"
            ),
        )

    def hub(self, n: int) -> Response:
        """The services link list, ten a page; the pager links keep the raw Persian slug."""
        chunks = pages(self.visible(), PER_PAGE)
        if not 1 <= n <= len(chunks):
            return Response.not_found()
        items = "".join(
            f'<li><a href="{e(self.service_path(s))}">{e(s.title)}</a></li>' for s in chunks[n - 1]
        )
        pager = "".join(
            f'<a href="/fa-IR/golestan/{HUB}/page/{HUB_SLUG}?PageIndex={k}">{persian_digits(str(k))}</a> '
            for k in range(1, len(chunks) + 1)
            if k != n
        )
        return self.page(
            "خدمات مشترکین",
            self.module(
                "خدمات مشترکین",
                f'<ul class="dp-linklist">{items}</ul><div class="dp-pager">{pager}</div>',
            ),
        )

    def detail(self, s: ServiceSpec, printed: bool = False) -> Response:
        def label(text: str) -> str:
            return f'<p><span style="{STYLE}"><strong>{text}:</strong></span></p>'

        content = (
            f"{label('شرح خدمت')}<p><span style=\"font-family:'B Nazanin';font-size:12pt\">{e(s.description)}</span>&nbsp;</p>{label('مدارک مورد نیاز')}{ul(s.documents)}"
            f"{label('هزینه')}<p>{e(s.fee)}&nbsp;</p>{label('مدت زمان انجام')}<p>{e(s.duration)}</p>"
            f'<p>&nbsp;</p><p><a href="{e(self.service_path(s))}?print=true">نسخه چاپی</a> | <a href="https://my.gov.ir/">ثبت درخواست در پنجره ملی</a></p>'
        )
        return self.page(s.title, self.module(s.title, content), printed=printed)
