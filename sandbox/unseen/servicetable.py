# ruff: noqa: E501
"""(b) One big HTML table of services «ردیف | عنوان خدمت | شناسه | نحوه ارائه | لینک»: the title
sits in its own cell, the link in the last cell says «مشاهده» or «جزئیات». News, tenders and
forms are tables of the same shape whose links also say «مشاهده»/«جزئیات»/«دانلود»."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round3 as cat
from sandbox.unseen.base import UnseenSite, e

TENDERS = (
    "مناقصه عمومی خرید کابل مسی ۱۰۰ زوجی",
    "مزایده فروش اقلام مازاد انبار مرکزی",
    "مناقصه نگهداری تأسیسات ساختمان‌های اداری",
    "استعلام بها خرید تجهیزات فیبر نوری",
)
FORMS = ("فرم درخواست تغییر نام", "فرم تعهدنامه واگذاری خط", "فرم اعتراض به صورتحساب")


def national_id(s: ServiceSpec) -> str:
    return f"1311{s.number:08d}"


class TableSite(UnseenSite):
    id = "mokhaberat-bushehr"
    agency = cat.MOKHABERAT

    def __init__(self) -> None:
        super().__init__(cat.mokhaberat())
        self.news = list(cat.NEWS)

    def service_path(self, s: ServiceSpec) -> str:
        return f"/fa/service/view/{s.number}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        out = [f"/fa/service/view/{s.number}/print"]
        if s in self.slider():
            out.append(f"/fa/service/view/{s.number}?utm_source=slider&utm_medium=web")
        return tuple(out)

    def slider(self) -> list[ServiceSpec]:
        return [self.specs[0], self.specs[7]]

    def handle(self, r: Request) -> Response:
        p, q = r.path, r.query
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /admin/\nDisallow: /fa/user/\n")
        if p in ("/", "/fa", "/fa/", "/index.php"):
            return self.page("صفحه نخست", self.home())
        if p == "/fa/page/khadamat-electronic":
            return self.page("خدمات", self.services_table(q.get("sort") == "title"))
        if p.startswith("/fa/service/view/"):
            rest = p.removeprefix("/fa/service/view/").split("/")
            s = self.by_number(rest[0])
            if s and (len(rest) == 1 or rest[1:] == ["print"]):
                return self.detail(s, len(rest) == 2)
            return Response.not_found()
        if p == "/fa/news":
            rows = "".join(
                f'<tr><td>{persian_digits(str(i + 1))}</td><td>{e(t)}</td><td>{persian_digits(f"1403/08/{1 + i:02d}")}</td><td><a href="/fa/news/view/{800 + i}">مشاهده</a></td></tr>'
                for i, t in enumerate(self.news)
            )
            return self.page(
                "اخبار",
                f'<h1>اخبار و اطلاعیه‌ها</h1><table class="table table-striped"><thead><tr><th>ردیف</th><th>عنوان خبر</th><th>تاریخ</th><th>لینک</th></tr></thead><tbody>{rows}</tbody></table>',
            )
        if p.startswith("/fa/news/view/"):
            raw = p.rsplit("/", 1)[1]
            i = int(raw) - 800 if raw.isdigit() else -1
            if 0 <= i < len(self.news):
                t = self.news[i]
                return self.page(
                    t,
                    f'<article><h1>{e(t)}</h1><p class="date">تاریخ انتشار: {persian_digits(f"1403/08/{1 + i:02d}")} | کد خبر: {persian_digits(str(800 + i))}</p><p>به گزارش روابط عمومی {e(self.agency)}، {e(t)}. در این برنامه مدیرکل بر تسریع در ارائه خدمات به مشترکین تأکید کرد.</p><p>برچسب‌ها: <a href="/fa/tag/{i % 3}">مخابرات</a></p></article>',
                )
            return Response.not_found()
        if p.startswith("/fa/tag/"):
            rows = "".join(
                f'<li><a href="/fa/news/view/{800 + i}">{e(self.news[i])}</a></li>'
                for i in range(0, len(self.news), 2)
            )
            return self.page("برچسب", f"<h1>برچسب: مخابرات</h1><ul>{rows}</ul>")
        if p == "/fa/tenders":
            rows = "".join(
                f'<tr><td>{persian_digits(str(i + 1))}</td><td>{e(t)}</td><td>{persian_digits(f"1403-{i + 11}")}</td><td>{persian_digits(f"1403/09/{10 + i}")}</td><td><a href="/fa/tender/view/{50 + i}">جزئیات</a></td></tr>'
                for i, t in enumerate(TENDERS)
            )
            return self.page(
                "مناقصات",
                f'<h1>مناقصات و مزایدات</h1><table class="table"><thead><tr><th>ردیف</th><th>عنوان</th><th>شماره</th><th>مهلت</th><th>لینک</th></tr></thead><tbody>{rows}</tbody></table>',
            )
        if p.startswith("/fa/tender/view/"):
            raw = p.rsplit("/", 1)[1]
            i = int(raw) - 50 if raw.isdigit() else -1
            if 0 <= i < len(TENDERS):
                t = TENDERS[i]
                return self.page(
                    t,
                    f'<h1>{e(t)}</h1><table class="table"><tr><th>شماره مناقصه</th><td>{persian_digits(f"1403-{i + 11}")}</td></tr><tr><th>مهلت دریافت اسناد</th><td>{persian_digits(f"1403/09/{10 + i}")}</td></tr><tr><th>مبلغ تضمین</th><td>۵۰۰٬۰۰۰٬۰۰۰ ریال</td></tr><tr><th>مدارک لازم</th><td>اساسنامه، آگهی تأسیس، گواهی صلاحیت</td></tr></table>',
                )
            return Response.not_found()
        if p == "/fa/page/forms":
            rows = "".join(
                f'<tr><td>{e(t)}</td><td><a href="/uploads/forms/form{i + 1}.pdf">دانلود</a></td></tr>'
                for i, t in enumerate(FORMS)
            )
            return self.page(
                "فرم‌ها",
                f'<h1>فرم‌های قابل دریافت</h1><table class="table"><tr><th>عنوان فرم</th><th>لینک</th></tr>{rows}</table>',
            )
        if p.startswith("/uploads/forms/"):
            return Response(
                body=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                headers=[("Content-Type", "application/pdf")],
            )
        if p == "/fa/page/about":
            return self.page(
                "درباره ما",
                f"<h1>درباره ما</h1><p>{e(self.agency)} با بیش از ۳۰۰ مرکز تلفن در سطح استان خدمات ارتباطی ارائه می‌دهد.</p>",
            )
        if p == "/fa/page/contact":
            return self.page(
                "تماس با ما",
                "<h1>تماس با ما</h1><table class='table'><tr><th>نشانی</th><td>بوشهر، خیابان امام خمینی</td></tr><tr><th>تلفن</th><td>۲۰۲۰</td></tr></table>",
            )
        if p == "/fa/user/login":
            return self.page(
                "ورود",
                "<h1>ورود کاربران</h1><form method='post'><input name='user'><input type='password' name='pass'></form>",
            )
        if p == "/fa/search":
            return self.page(
                "جستجو", f"<h1>نتایج جستجو</h1><p>عبارت «{e(q.get('q', ''))}» یافت نشد.</p>"
            )
        return Response.not_found()

    def page(self, title: str, main: str) -> Response:
        html = f"""<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{e(self.agency)} | {e(title)}</title></head><body>
<header class="navbar"><a href="/fa"><img src="/img/logo.png" alt="مخابرات"></a><ul class="nav">
<li><a href="/fa">صفحه نخست</a></li><li><a href="/fa/page/about">درباره ما</a></li><li><a href="/fa/page/khadamat-electronic">خدمات الکترونیک</a></li>
<li><a href="/fa/news">اخبار</a></li><li><a href="/fa/tenders">مناقصات</a></li><li><a href="/fa/page/forms">فرم‌ها</a></li><li><a href="/fa/page/contact">تماس با ما</a></li><li><a href="/fa/user/login">ورود</a></li></ul>
<form action="/fa/search"><input name="q"></form></header><div class="container"><div class="row"><div class="col-12">{main}</div></div></div>
<footer>تمامی حقوق برای {e(self.agency)} محفوظ است.</footer></body></html>"""
        return Response.html(html)

    def home(self) -> str:
        slides = "".join(
            f'<div class="carousel-item"><a href="/fa/service/view/{s.number}?utm_source=slider&amp;utm_medium=web">{e(s.title)}</a></div>'
            for s in self.slider()
        )
        news = "".join(
            f'<tr><td>{e(self.news[i])}</td><td><a href="/fa/news/view/{800 + i}">مشاهده</a></td></tr>'
            for i in range(5)
        )
        return f'<div class="carousel">{slides}</div><h2>آخرین اخبار</h2><table class="table">{news}</table><p><a href="/fa/news">همه اخبار</a> | <a href="/fa/page/khadamat-electronic">فهرست خدمات</a></p>'

    def services_table(self, sorted_: bool) -> str:
        specs = sorted(self.specs, key=lambda s: s.title) if sorted_ else self.specs
        rows = "".join(
            f"<tr><td>{persian_digits(str(i + 1))}</td><td>{e(s.title)}</td><td>{persian_digits(national_id(s))}</td>"
            f'<td>{"الکترونیکی" if i % 3 else "حضوری"}</td><td><a href="/fa/service/view/{s.number}" class="btn btn-sm btn-info">{"جزئیات" if i % 4 == 3 else "مشاهده"}</a>'
            + (
                ""
                if i % 3 == 0
                else ' <a href="https://my.tci.ir/" target="_blank">ورود به سامانه</a>'
            )
            + "</td></tr>"
            for i, s in enumerate(specs)
        )
        return (
            "<h1>فهرست خدمات الکترونیک</h1><p>جهت مشاهده شناسنامه هر خدمت روی «مشاهده» کلیک کنید.</p>"
            '<table class="table table-bordered table-hover" id="tblServices"><thead><tr>'
            '<th>ردیف</th><th><a href="/fa/page/khadamat-electronic?sort=title&amp;dir=asc">عنوان خدمت</a></th><th>شناسه</th><th>نحوه ارائه</th><th>لینک</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )

    def detail(self, s: ServiceSpec, printing: bool) -> Response:
        body = (
            f'<ol class="breadcrumb"><li><a href="/fa">صفحه نخست</a></li><li><a href="/fa/page/khadamat-electronic">خدمات الکترونیک</a></li><li class="active">شناسنامه خدمت</li></ol>'
            f'<h1 class="page-title">{e(s.title)}</h1><table class="table table-bordered">'
            f"<tr><th>شناسه خدمت</th><td>{persian_digits(national_id(s))}</td></tr><tr><th>گروه خدمت</th><td>{e(s.category)}</td></tr>"
            f"<tr><th>شرح خدمت</th><td>{e(s.description)}</td></tr><tr><th>مدارک لازم</th><td>{e('، '.join(s.documents))}</td></tr>"
            f"<tr><th>هزینه</th><td>{e(s.fee)}</td></tr><tr><th>زمان انجام</th><td>{e(s.duration)}</td></tr><tr><th>مخاطبین</th><td>{e(s.audience)}</td></tr></table>"
            + ("" if printing else f'<a href="/fa/service/view/{s.number}/print">چاپ</a>')
        )
        return self.page(s.title, body)
