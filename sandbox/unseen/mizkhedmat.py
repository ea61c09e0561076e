# ruff: noqa: E501
"""(c) «میز خدمت» e-government style (my.gov.ir / «شناسنامه خدمات»): the list `/services?page=N`
is a table whose link is the 8-digit «شناسه خدمت» (Persian digits) and whose title is plain
text in the next cell; detail `/service/{code}` has only generic headings («شناسنامه خدمت»,
«مشخصات خدمت») and the title in `<dl><dt>عنوان خدمت</dt><dd>…</dd>` and in <title> after
the site name. Its «چاپ» copy is `?print=true`. FAQ and «میز خدمت حضوری» pages use <dl> too;
«ثبت درخواست» goes to a login page with ReturnUrl."""

from __future__ import annotations

from urllib.parse import quote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round4 as cat
from sandbox.unseen.base import UnseenSite, e

PER_PAGE = 10
SITE = "میز خدمت مخابرات گیلان"
FAQ = (
    ("چگونه از وضعیت درخواست خود مطلع شوم؟", "با وارد کردن کد رهگیری در بخش پیگیری."),
    ("ساعات کاری میز خدمت حضوری چیست؟", "شنبه تا چهارشنبه ۸ تا ۱۳."),
    ("آیا ارائه خدمات الکترونیکی هزینه دارد؟", "مطابق تعرفه مصوب سازمان تنظیم مقررات."),
)


def code(s: ServiceSpec) -> str:
    """The service's 8-digit «شناسه خدمت»."""
    return f"1302{s.number:04d}"


class MizKhedmatSite(UnseenSite):
    id = "mokhaberat-gilan"
    agency = cat.MOKHABERAT

    def __init__(self) -> None:
        super().__init__(cat.mokhaberat())
        self.news = list(cat.NEWS)

    def service_path(self, s: ServiceSpec) -> str:
        return f"/service/{code(s)}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (f"/service/{code(s)}?print=true",)

    def by_code(self, raw: str) -> ServiceSpec | None:
        return next((s for s in self.specs if code(s) == raw), None)

    def handle(self, r: Request) -> Response:
        p, q = r.path, r.query
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /account/\n")
        if p == "/":
            news = "".join(
                f'<li><a href="/news/{500 + i}">{e(self.news[i])}</a></li>' for i in range(4)
            )
            return self.page(
                "صفحه اصلی",
                f'<div class="hero"><h1>{SITE}</h1><p>ارائه خدمات مخابراتی به صورت الکترونیکی</p><form action="/services"><input name="q" placeholder="جستجوی خدمت"></form></div>'
                '<div class="row"><div class="col"><a class="tile" href="/services">شناسنامه خدمات</a></div><div class="col"><a class="tile" href="/miz-khedmat">میز خدمت حضوری</a></div><div class="col"><a class="tile" href="/peygiri">پیگیری درخواست</a></div></div>'
                f"<h2>اخبار</h2><ul>{news}</ul>",
            )
        if p == "/services":
            return self.listing(q.get("page", "1"))
        if p.startswith("/service/"):
            s = self.by_code(p.removeprefix("/service/"))
            return self.detail(s, q.get("print") == "true") if s else Response.not_found()
        if p == "/faq":
            items = "".join(f"<dt>{e(a)}</dt><dd>{e(b)}</dd>" for a, b in FAQ)
            return self.page(
                "پرسش‌های متداول", f'<h1>پرسش‌های متداول</h1><dl class="faq">{items}</dl>'
            )
        if p == "/miz-khedmat":
            return self.page(
                "میز خدمت حضوری",
                '<h1>میز خدمت حضوری</h1><dl class="service-profile"><dt>عنوان</dt><dd>میز خدمت حضوری ستاد مرکزی</dd><dt>نشانی</dt><dd>رشت، خیابان سعدی</dd><dt>ساعات کاری</dt><dd>شنبه تا چهارشنبه ۸ تا ۱۳</dd><dt>تلفن</dt><dd>۲۰۲۰</dd></dl>',
            )
        if p == "/peygiri":
            return self.page(
                "پیگیری درخواست",
                '<h1>پیگیری درخواست</h1><form><input name="code" placeholder="کد رهگیری"></form>',
            )
        if p.startswith("/news/"):
            raw = p.removeprefix("/news/")
            i = int(raw) - 500 if raw.isdigit() else -1
            if not 0 <= i < len(self.news):
                return Response.not_found()
            t = self.news[i]
            return self.page(
                t,
                f'<h1>{e(t)}</h1><p class="date">{persian_digits(f"1403/09/{1 + i:02d}")}</p><p>به گزارش روابط عمومی {e(self.agency)}، {e(t)}.</p>',
            )
        if p == "/news":
            items = "".join(
                f'<li><a href="/news/{500 + i}">{e(t)}</a></li>' for i, t in enumerate(self.news)
            )
            return self.page("اخبار", f"<h1>اخبار</h1><ul>{items}</ul>")
        if p == "/account/login":
            return self.page(
                "ورود",
                '<h1>ورود به حساب کاربری</h1><form method="post"><input name="NationalCode"><input type="password" name="Password"></form><a href="https://my.gov.ir/">ورود با پنجره ملی خدمات</a>',
            )
        return Response.not_found()

    def listing(self, raw: str) -> Response:
        n = int(raw) if raw.isdigit() else 1
        chunk = self.specs[(n - 1) * PER_PAGE : n * PER_PAGE]
        if not chunk:
            return Response.not_found()
        last = (len(self.specs) + PER_PAGE - 1) // PER_PAGE
        # the link is the code; the title is plain text in the next cell
        rows = "".join(
            f"<tr><td>{persian_digits(str((n - 1) * PER_PAGE + i + 1))}</td>"
            f'<td><a href="{self.service_path(s)}" title="مشاهده شناسنامه">{persian_digits(code(s))}</a></td><td>{e(s.title)}</td>'
            f"<td>{'الکترونیکی' if i % 2 else 'نیمه الکترونیکی'}</td><td>{e(s.category)}</td></tr>"
            for i, s in enumerate(chunk)
        )
        pager = "".join(
            f'<li class="page-item{" active" if i == n else ""}"><a class="page-link" href="/services?page={i}">{persian_digits(str(i))}</a></li>'
            for i in range(1, last + 1)
        )
        return self.page(
            "شناسنامه خدمات",
            f"<h1>شناسنامه خدمات</h1><p>فهرست خدمات قابل ارائه {e(self.agency)} مطابق سامانه مدیریت خدمات دولت</p>"
            f'<table class="table table-striped"><thead><tr><th>ردیف</th><th>شناسه خدمت</th><th>عنوان خدمت</th><th>نوع خدمت</th><th>گروه</th></tr></thead><tbody>{rows}</tbody></table>'
            f'<ul class="pagination">{pager}</ul>',
        )

    def detail(self, s: ServiceSpec, printing: bool) -> Response:
        profile = (
            f'<dl class="service-profile"><dt>عنوان خدمت</dt><dd>{e(s.title)}</dd><dt>شناسه خدمت</dt><dd>{persian_digits(code(s))}</dd>'
            f"<dt>دستگاه ارائه‌دهنده</dt><dd>{e(self.agency)}</dd><dt>نوع خدمت</dt><dd>خدمت به شهروند (G2C)</dd><dt>گروه خدمت</dt><dd>{e(s.category)}</dd>"
            f"<dt>شرح خدمت</dt><dd>{e(s.description)}</dd><dt>مدارک لازم</dt><dd>{e('، '.join(s.documents))}</dd><dt>هزینه</dt><dd>{e(s.fee)}</dd>"
            f"<dt>مدت زمان انجام</dt><dd>{e(s.duration)}</dd><dt>مخاطبین</dt><dd>{e(s.audience)}</dd></dl>"
        )
        actions = (
            ""
            if printing
            else f'<div class="actions"><a class="btn" href="/account/login?ReturnUrl={quote(self.service_path(s), safe="")}">ثبت درخواست</a> <a class="btn" href="/service/{code(s)}?print=true">چاپ</a></div>'
        )
        body = (
            f'<ol class="breadcrumb"><li><a href="/">صفحه اصلی</a></li><li><a href="/services">شناسنامه خدمات</a></li><li>{persian_digits(code(s))}</li></ol>'
            f'<h1>شناسنامه خدمت</h1><div class="card"><div class="card-header"><h2>مشخصات خدمت</h2></div><div class="card-body">{profile}</div></div>'
            + actions
        )
        return self.page(s.title, body, bare=printing)

    def page(self, title: str, body: str, bare: bool = False) -> Response:
        """<title> is «{site} - {title}»; a print copy (``bare``) has no navigation."""
        nav = (
            ""
            if bare
            else (
                f'<nav class="navbar"><a class="brand" href="/">{SITE}</a><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/services">شناسنامه خدمات</a></li>'
                '<li><a href="/miz-khedmat">میز خدمت حضوری</a></li><li><a href="/news">اخبار</a></li><li><a href="/faq">پرسش‌های متداول</a></li><li><a href="/account/login">ورود</a></li></ul></nav>'
            )
        )
        return Response.html(
            f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{SITE} - {e(title)}</title></head>'
            f'<body>{nav}<div class="container">{body}</div><footer>{e(self.agency)}</footer></body></html>'
        )
