# ruff: noqa: E501
"""(a) A Sitefinity-like .NET CMS: services under /fa/services/{category}/{slug}; the listing
/fa/services is paged by ?page=N, its pager made of <button>s (onclick) plus one icon-only
<a rel="next">; news paged the same way; print/utm copies; a «راهنما» page under /fa/services."""

from __future__ import annotations

from urllib.parse import quote, unquote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round3 as cat
from sandbox.unseen.base import UnseenSite, e, slug

PER_PAGE = 6
CATS = {
    "gharardad": "قراردادها",
    "parvaneh": "پروانه‌ها",
    "sakht-va-saz": "ساخت و ساز",
    "omoomi": "خدمات عمومی",
}
TAGS = ("سرمایه-گذاری", "شهرک-صنعتی", "اشتغال")


class SitefinitySite(UnseenSite):
    id = "shahrak-kerman"
    agency = cat.SHAHRAK

    def __init__(self) -> None:
        super().__init__(cat.shahrak())
        self.news = list(cat.NEWS)

    def service_path(self, s: ServiceSpec) -> str:
        return f"/fa/services/{s.category}/{slug(s.title)}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        p = self.service_path(s)
        out = [p + "?print=true"]
        if s in self.featured():
            out.append(p + "?utm_source=homepage&utm_medium=banner&utm_campaign=top-services")
        return tuple(out)

    def featured(self) -> list[ServiceSpec]:
        return [self.specs[2], self.specs[8], self.specs[15]]

    def news_path(self, i: int) -> str:
        return f"/fa/news/2024/{1 + i % 12:02d}/{1 + (i * 3) % 28:02d}/{slug(self.news[i])}"

    def pager(self, base: str, n: int, total: int) -> str:
        if total <= 1:
            return ""
        buttons = "".join(
            f'<button type="button" class="sf-pager-btn{" active" if k == n else ""}" data-page="{k}" onclick="window.location.href=\'{base}?page={k}\'">{persian_digits(str(k))}</button>'
            for k in range(1, total + 1)
        )
        nxt = (
            f'<a rel="next" class="sf-next" href="{base}?page={n + 1}" aria-label="next"><i class="icon-chevron-left"></i></a>'
            if n < total
            else ""
        )
        prv = (
            '<button type="button" class="sf-prev" onclick="history.back()"><i class="icon-chevron-right"></i></button>'
            if n > 1
            else ""
        )
        return f'<nav class="sf-pager" data-sf-role="pager">{prv}{buttons}{nxt}</nav>'

    def handle(self, r: Request) -> Response:
        path = unquote(r.path)
        q = r.query
        if r.path == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /Sitefinity/\nDisallow: /fa/login\n")
        if r.path in ("/", "/fa", "/fa/"):
            return self.page("صفحه اصلی", self.home())
        if r.path == "/fa/services":
            return self.listing(q.get("page", "1"))
        if r.path == "/fa/services/guide":
            return self.page(
                "راهنمای دریافت خدمات",
                "<h1>راهنمای دریافت خدمات</h1><p>برای دریافت خدمات، ابتدا در سامانه یکپارچه ثبت‌نام کنید و سپس درخواست خود را ثبت نمایید. پیگیری درخواست از طریق کد رهگیری امکان‌پذیر است.</p><h2>مدارک عمومی</h2><ul><li>کارت ملی</li><li>آگهی تأسیس شرکت</li></ul>",
            )
        if path.startswith("/fa/services/"):
            parts = path.removeprefix("/fa/services/").split("/")
            if len(parts) == 2 and parts[0] in CATS:
                s = next(
                    (
                        x
                        for x in self.specs
                        if x.category == parts[0] and unquote(slug(x.title)) == parts[1]
                    ),
                    None,
                )
                if s:
                    return self.detail(s, q.get("print") == "true")
            return Response.not_found()
        if r.path == "/fa/news":
            return self.news_list(q.get("page", "1"))
        if path.startswith("/fa/news/tags/"):
            tag = path.removeprefix("/fa/news/tags/")
            items = "".join(
                f'<li><a href="{self.news_path(i)}">{e(self.news[i])}</a></li>'
                for i in range(0, len(self.news), 3)
            )
            return self.page(
                f"برچسب: {tag}", f"<h1>برچسب: {e(tag)}</h1><ul class='sfnewsList'>{items}</ul>"
            )
        if path.startswith("/fa/news/2024/"):
            i = next((k for k in range(len(self.news)) if unquote(self.news_path(k)) == path), None)
            if i is not None:
                t = self.news[i]
                tags = " ".join(f'<a href="/fa/news/tags/{quote(x)}">{e(x)}</a>' for x in TAGS)
                return self.page(
                    t,
                    f'<div class="sfnewsItem"><h1 class="sfnewsTitle">{e(t)}</h1><div class="sfnewsAuthorAndDate">{persian_digits(f"1403/{1 + i % 12:02d}/{1 + (i * 3) % 28:02d}")} - روابط عمومی</div><div class="sfnewsContent"><p>به گزارش روابط عمومی {e(self.agency)}، {e(t)} برگزار شد. در این مراسم بر توسعه خدمات به سرمایه‌گذاران و واحدهای مستقر در شهرک‌ها تأکید شد.</p></div><div class="sfnewsTags">برچسب‌ها: {tags}</div><a href="{self.news_path(i)}?print=true">نسخه چاپی</a></div>',
                )
            return Response.not_found()
        if r.path == "/fa/about-us":
            return self.page(
                "درباره ما",
                f"<h1>درباره ما</h1><p>{e(self.agency)} در سال ۱۳۶۴ تأسیس شد و اداره ۳۰ شهرک و ناحیه صنعتی استان را بر عهده دارد.</p>",
            )
        if r.path == "/fa/contact-us":
            return self.page(
                "تماس با ما",
                "<h1>تماس با ما</h1><p>کرمان، بلوار جمهوری اسلامی. تلفن: ۰۳۴-۳۲۱۱۰۰۰۰</p><form method='post' action='/fa/contact-us'><input name='name'><textarea name='msg'></textarea><button>ارسال</button></form>",
            )
        if r.path == "/fa/industrial-towns":
            towns = (
                "شهرک صنعتی خضرا",
                "شهرک صنعتی رفسنجان",
                "ناحیه صنعتی باغین",
                "شهرک صنعتی سیرجان",
            )
            items = "".join(
                f'<li><a href="/fa/industrial-towns/{slug(t)}">{e(t)}</a></li>' for t in towns
            )
            return self.page(
                "شهرک‌ها و نواحی صنعتی", f"<h1>شهرک‌ها و نواحی صنعتی</h1><ul>{items}</ul>"
            )
        if path.startswith("/fa/industrial-towns/"):
            t = path.rsplit("/", 1)[1].replace("-", " ")
            return self.page(
                t,
                f"<h1>{e(t)}</h1><p>مساحت: ۲۵۰ هکتار. تعداد واحدهای فعال: ۱۲۰. فاصله تا مرکز استان: ۲۰ کیلومتر.</p><h2>زیرساخت‌ها</h2><ul><li>آب</li><li>برق</li><li>گاز</li></ul>",
            )
        if r.path == "/fa/login":
            return self.page(
                "ورود",
                "<h1>ورود به حساب کاربری</h1><form method='post'><input name='username'><input type='password' name='password'><button>ورود</button></form>",
            )
        if r.path == "/fa/search":
            return self.page(
                "نتایج جستجو",
                f"<h1>نتایج جستجو</h1><p>برای «{e(q.get('searchQuery', ''))}» نتیجه‌ای یافت نشد.</p>",
            )
        return Response.not_found()

    def page(self, title: str, main: str) -> Response:
        menu = "".join(
            f'<li><a href="{u}">{t}</a></li>'
            for u, t in (
                ("/fa", "خانه"),
                ("/fa/about-us", "درباره ما"),
                ("/fa/services", "خدمات"),
                ("/fa/industrial-towns", "شهرک‌ها"),
                ("/fa/news", "اخبار"),
                ("/fa/contact-us", "تماس با ما"),
                ("/fa/login", "ورود"),
            )
        )
        html = f"""<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{e(title)} | {e(self.agency)}</title>
<meta name="Generator" content="Sitefinity 14.4.8100.0 DX"><link href="/ResourcePackages/Bootstrap5/assets/dist/css/main.min.css" rel="stylesheet"></head>
<body><form method="post" action="./" id="aspnetForm"><div class="sf-header"><a href="/fa"><img src="/images/logo.png" alt="{e(self.agency)}"></a>
<ul class="nav sf-navigation">{menu}</ul><div class="sf-search"><input name="searchQuery" placeholder="جستجو"><button type="button" onclick="location.href='/fa/search?indexCatalogue=site&searchQuery='+this.previousSibling.value">جستجو</button></div></div>
<div id="Contentplaceholder1_TDB6A2C9B001_Col00" class="sf_colsIn container">{main}</div>
<footer><a href="/fa/about-us">درباره ما</a> | <a href="/fa/contact-us">تماس</a> | <a href="/fa/services/guide">راهنمای خدمات</a> | © ۱۴۰۳ {e(self.agency)}</footer></form></body></html>"""
        return Response.html(html)

    def home(self) -> str:
        feat = "".join(
            f'<div class="col-md-4"><a class="sf-banner" href="{self.service_path(s)}?utm_source=homepage&amp;utm_medium=banner&amp;utm_campaign=top-services">{e(s.title)}</a></div>'
            for s in self.featured()
        )
        news = "".join(
            f'<li><a href="{self.news_path(i)}">{e(self.news[i])}</a> <span class="date">{persian_digits(f"1403/{1 + i % 12:02d}/{1 + (i * 3) % 28:02d}")}</span></li>'
            for i in range(6)
        )
        return f'<div class="row"><h2>خدمات پرکاربرد</h2>{feat}</div><a class="btn" href="/fa/services">همه خدمات</a><div class="sfnewsListItem"><h2>آخرین اخبار</h2><ul>{news}</ul><a href="/fa/news">آرشیو اخبار</a></div>'

    def listing(self, raw: str) -> Response:
        n = int(raw) if raw.isdigit() else 1
        total = (len(self.specs) + PER_PAGE - 1) // PER_PAGE
        if not 1 <= n <= total:
            return Response.not_found()
        chunk = self.specs[(n - 1) * PER_PAGE : n * PER_PAGE]
        cards = "".join(
            f'<li class="sf-list-item"><h3 class="sf-title"><a href="{self.service_path(s)}">{e(s.title)}</a></h3><p class="sf-summary">{e(CATS[s.category])} — {e(s.audience)}</p></li>'
            for s in chunk
        )
        return self.page(
            "خدمات",
            f'<h1>فهرست خدمات</h1><p><a href="/fa/services/guide">راهنمای دریافت خدمات</a></p><ul class="sf-list">{cards}</ul>{self.pager("/fa/services", n, total)}',
        )

    def news_list(self, raw: str) -> Response:
        n = int(raw) if raw.isdigit() else 1
        total = (len(self.news) + PER_PAGE - 1) // PER_PAGE
        if not 1 <= n <= total:
            return Response.not_found()
        rows = "".join(
            f'<li class="sfnewsListItem"><h3><a href="{self.news_path(i)}">{e(self.news[i])}</a></h3><span class="sfnewsDate">{persian_digits(f"1403/{1 + i % 12:02d}/{1 + (i * 3) % 28:02d}")}</span></li>'
            for i in range((n - 1) * PER_PAGE, min(n * PER_PAGE, len(self.news)))
        )
        return self.page(
            "اخبار",
            f'<h1>اخبار</h1><ul class="sfnewsList">{rows}</ul>{self.pager("/fa/news", n, total)}',
        )

    def detail(self, s: ServiceSpec, printing: bool) -> Response:
        first = next(x for x in self.specs if x.category == s.category)
        related = (
            ""
            if printing or first is s
            else f'<aside class="sf-related"><h4>خدمات مرتبط</h4><ul><li><a href="{self.service_path(first)}">{e(first.title)}</a></li></ul></aside>'
        )
        crumbs = f'<nav class="sf-breadscrumb"><a href="/fa">خانه</a> / <a href="/fa/services">خدمات</a> / <span>{e(CATS[s.category])}</span></nav>'
        body = (
            f'{crumbs}<div class="sfContentBlock sf-Long-text"><h1 class="sf-title">{e(s.title)}</h1>'
            f'<dl class="sf-service-details"><dt>شرح خدمت</dt><dd>{e(s.description)}</dd><dt>مدارک مورد نیاز</dt><dd>{e("، ".join(s.documents))}</dd>'
            f"<dt>هزینه</dt><dd>{e(s.fee)}</dd><dt>مدت زمان انجام</dt><dd>{e(s.duration)}</dd><dt>گیرندگان خدمت</dt><dd>{e(s.audience)}</dd></dl>"
            + (
                ""
                if printing
                else f'<a class="sf-print" href="{self.service_path(s)}?print=true">نسخه چاپی</a>'
            )
            + f"</div>{related}"
        )
        return self.page(s.title, body)
