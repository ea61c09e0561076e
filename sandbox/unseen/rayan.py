# ruff: noqa: E501 -- HTML templates keep the markup the CMS prints, line by line
"""(d) A Rayan-style Iranian portal: windows-1256 pages (Arabic ي, Latin/char-ref digits), every
route in the query string of /Portal/home/ (?page/…, ?generaltextlist/…, ?generaltext/…, ?news/…),
Jalali dates, breadcrumbs, a «خدمات الکترونیک» menu, services two levels below the category page,
news and «generaltext» info pages under the same patterns, print copies and slug variants."""

from __future__ import annotations

from urllib.parse import quote, unquote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round2 as cat
from sandbox.unseen.base import UnseenSite, e

ROOT = 2410
MORE_NEWS = tuple(
    f"{t} در شهرستان {c}"
    for t in cat.NEWS[:4]
    for c in ("دشتستان", "کنگان", "دیر", "گناوه", "عسلویه")
)


def slugify(title: str) -> str:
    return quote(title.replace(" ", "-").replace("(", "").replace(")", ""), safe="-")


def arabic(text: str) -> str:
    return text.replace("ی", "ي").replace("ک", "ك")


class RayanSite(UnseenSite):
    id = "pmo-bushehr"
    agency = cat.BANADER

    def __init__(self) -> None:
        super().__init__(cat.banader())
        self.tops = list(dict.fromkeys(s.category.split("/")[0] for s in self.specs))
        self.subs = list(dict.fromkeys(s.category for s in self.specs))
        self.news = list(cat.NEWS) + list(MORE_NEWS)

    def top_id(self, top: str) -> int:
        return ROOT + 1 + self.tops.index(top)

    def sub_id(self, sub: str) -> int:
        return ROOT + 10 + self.subs.index(sub)

    def sid(self, s: ServiceSpec) -> int:
        return 270000 + s.number * 13

    def service_path(self, s: ServiceSpec) -> str:
        return f"/Portal/home/?generaltext/{self.top_id(s.category.split('/')[0])}/{self.sub_id(s.category)}/{self.sid(s)}/{slugify(s.title)}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        short = slugify(" ".join(s.title.split()[:2]))
        top, sub = self.top_id(s.category.split("/")[0]), self.sub_id(s.category)
        return (
            f"/Portal/home/?generaltext/{top}/{sub}/{self.sid(s)}/{short}",
            f"/Portal/home/print.aspx?generaltext/{top}/{sub}/{self.sid(s)}/{slugify(s.title)}",
        )

    def news_path(self, i: int) -> str:
        day = persian_digits(f"1403-07-{1 + i % 28:02d}")
        return (
            f"/Portal/home/?news/2400/2401/{310000 + i}/{quote(day)}-{slugify(self.news[i][:30])}"
        )

    def handle(self, r: Request) -> Response:
        path = r.path
        route = unquote(r.target.split("?", 1)[1]) if "?" in r.target else ""
        parts = route.split("/")
        if path == "/robots.txt":
            return Response.text(
                "User-agent: *\nDisallow: /Portal/Admin/\nDisallow: /Portal/Home/Login.aspx\n"
            )
        if path in ("/", "/Portal", "/Portal/"):
            return Response.redirect("/Portal/home/")
        printing = path.lower() == "/portal/home/print.aspx"
        if path.lower() not in ("/portal/home/", "/portal/home/default.aspx") and not printing:
            if path == "/Portal/Home/Search.aspx":
                return self.page(
                    "جستجو",
                    [],
                    f"<h1>نتايج جستجو</h1><p>عبارت «{e(r.query.get('q', ''))}» در ۰ مطلب یافت شد.</p>",
                )
            return Response.not_found()
        kind = parts[0]
        ids = [x for x in parts[1:] if x.isdigit()]
        if kind == "":
            return self.page("صفحه اصلی", [], self.home())
        if kind == "page" and ids:
            pid = int(ids[0])
            if pid == ROOT:
                items = "".join(
                    f'<li><a href="/Portal/home/?page/{self.top_id(t)}/{slugify(t)}">{e(t)}</a></li>'
                    for t in self.tops
                )
                return self.page(
                    "خدمات الکترونیک",
                    [("خدمات الکترونیک", None)],
                    f'<h1>خدمات الکترونیک</h1><ul class="CategoryList">{items}</ul>',
                )
            top = next((t for t in self.tops if self.top_id(t) == pid), None)
            if top:
                items = "".join(
                    f'<li><a href="/Portal/home/?generaltextlist/{pid}/{self.sub_id(s)}/{slugify(s.split("/")[1])}">{e(s.split("/")[1])}</a></li>'
                    for s in self.subs
                    if s.startswith(top + "/")
                )
                return self.page(
                    top,
                    [
                        (
                            "خدمات الکترونیک",
                            f"/Portal/home/?page/{ROOT}/{slugify('خدمات الکترونیک')}",
                        ),
                        (top, None),
                    ],
                    f'<h1>{e(top)}</h1><ul class="CategoryList">{items}</ul>',
                )
        if kind == "generaltextlist" and len(ids) >= 2:
            sub = next((s for s in self.subs if self.sub_id(s) == int(ids[1])), None)
            if sub:
                top = sub.split("/")[0]
                items = "".join(
                    f'<tr><td><a href="{self.service_path(s)}">{e(s.title)}</a></td><td>1402/11/{10 + i:02d}</td></tr>'
                    for i, s in enumerate(self.specs)
                    if s.category == sub
                )
                return self.page(
                    sub.split("/")[1],
                    [
                        (
                            "خدمات الکترونیک",
                            f"/Portal/home/?page/{ROOT}/{slugify('خدمات الکترونیک')}",
                        ),
                        (top, f"/Portal/home/?page/{self.top_id(top)}/{slugify(top)}"),
                        (sub.split("/")[1], None),
                    ],
                    f'<h1>{e(sub.split("/")[1])}</h1><table class="GeneralTextList"><tr><th>عنوان</th><th>تاريخ</th></tr>{items}</table>',
                )
        if kind == "generaltext" and len(ids) >= 3:
            gid = int(ids[2])
            if gid == 240001:
                return self.page(
                    "درباره ما",
                    [("درباره ما", None)],
                    '<div class="GeneralText"><h1 class="Title">درباره ما</h1><div class="Body"><p>اداره کل بنادر و دریانوردی استان بوشهر در سال ۱۳۴۹ تأسیس شد و مدیریت ۱۲ بندر تجاری و صیادی استان را بر عهده دارد.</p></div></div>',
                )
            if gid == 240002:
                return self.page(
                    "تماس با ما",
                    [("تماس با ما", None)],
                    '<div class="GeneralText"><h1 class="Title">تماس با ما</h1><div class="Body"><p>بوشهر، خیابان خلیج فارس، ساختمان بنادر. تلفن: 33332000-077</p></div></div>',
                )
            if gid == 240003:
                return self.page(
                    "منشور اخلاقی",
                    [("درباره ما", None)],
                    '<div class="GeneralText"><h1 class="Title">منشور اخلاقی کارکنان</h1><div class="Body"><p>ما کارکنان اداره کل بنادر و دریانوردی متعهد می‌شویم با تکریم ارباب رجوع، خدمات را در کمترین زمان ارائه کنیم.</p></div></div>',
                )
            s = next((x for x in self.specs if self.sid(x) == gid), None)
            if s:
                return self.detail(s, printing)
        if kind == "news" and len(ids) >= 3:
            i = int(ids[2]) - 310000
            if 0 <= i < len(self.news):
                t = self.news[i]
                return self.page(
                    t,
                    [("اخبار", f"/Portal/home/?newslist/2400/{slugify('اخبار')}"), (t, None)],
                    f'<div class="NewsDetail"><h1 class="Title">{e(t)}</h1><div class="Info">کد خبر: {310000 + i} | تاريخ انتشار: 1403/07/{1 + i % 28:02d} | تعداد بازديد: {120 + i}</div><div class="Body"><p>به گزارش روابط عمومی اداره کل بنادر و دریانوردی استان بوشهر، {e(t)}.</p></div><div class="Tags"><a href="/Portal/home/?tag/{slugify("بندر")}">بندر</a> <a href="/Portal/home/?tag/{slugify("دریانوردی")}">دریانوردی</a></div><a href="/Portal/home/print.aspx?news/2400/2401/{310000 + i}">نسخه چاپي</a></div>',
                )
        if kind == "newslist":
            n = int(r.query.get("p", "1")) if r.query.get("p", "1").isdigit() else 1
            n = int(parts[-1]) if parts[-1].isdigit() and len(ids) > 1 else 1
            chunk = list(range(len(self.news)))[(n - 1) * 10 : n * 10]
            if not chunk:
                return Response.not_found()
            rows = "".join(
                f'<li><a href="{self.news_path(i)}">{e(self.news[i])}</a> <span>1403/07/{1 + i % 28:02d}</span></li>'
                for i in chunk
            )
            pager = "".join(
                f'<a href="/Portal/home/?newslist/2400/{k}">{k}</a> '
                for k in range(1, (len(self.news) + 9) // 10 + 1)
                if k != n
            )
            return self.page(
                "اخبار",
                [("اخبار", None)],
                f'<h1>آرشيو اخبار</h1><ul class="NewsList">{rows}</ul><div class="Pager">{pager}</div>',
            )
        if kind == "tag":
            rows = "".join(
                f'<li><a href="{self.news_path(i)}">{e(self.news[i])}</a></li>'
                for i in range(0, len(self.news), 2)
            )
            return self.page("برچسب", [("برچسب", None)], f"<h1>برچسب</h1><ul>{rows}</ul>")
        return Response.not_found()

    def page(self, title: str, crumbs: list[tuple[str, str | None]], main: str) -> Response:
        trail = '<a href="/Portal/home/">صفحه اصلی</a>' + "".join(
            f' &gt; <a href="{u}">{e(t)}</a>' if u else f" &gt; <span>{e(t)}</span>"
            for t, u in crumbs
        )
        tags = "".join(
            f'<a href="/Portal/home/?tag/{slugify(t)}" style="font-size:{10 + 2 * i}px">{e(t)}</a> '
            for i, t in enumerate(("بندر", "دریانوردی", "کشتیرانی", "صیادی", "گردشگری دریایی"))
        )
        html = f"""<!DOCTYPE html><html dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256" />
<title>{e(self.agency)} - {e(title)}</title><meta name="keywords" content="بنادر,دریانوردی,بوشهر" /></head><body>
<div id="Header"><img src="/Portal/Images/logo.gif" alt="" /><span class="Date">پنجشنبه 8 آذر 1403</span></div>
<div id="TopMenu"><ul><li><a href="/Portal/home/">صفحه اصلی</a></li><li><a href="/Portal/home/?generaltext/2390/2391/240001/{slugify("درباره ما")}">درباره ما</a></li>
<li><a href="/Portal/home/?page/{ROOT}/{slugify("خدمات الکترونیک")}">خدمات الکترونیک</a></li><li><a href="/Portal/home/?newslist/2400/{slugify("اخبار")}">اخبار</a></li>
<li><a href="/Portal/home/?generaltext/2390/2391/240002/{slugify("تماس با ما")}">تماس با ما</a></li><li><a href="/Portal/Home/Login.aspx">ورود</a></li></ul></div>
<div id="Breadcrumb" class="SiteMapPath">{trail}</div><div id="Content">{main}</div>
<div id="Side"><div class="Box"><div class="BoxTitle">ابر برچسب</div>{tags}</div><div class="Box"><a href="/Portal/home/?generaltext/2390/2391/240003/{slugify("منشور اخلاقی")}">منشور اخلاقی</a></div></div>
<div id="Footer">کليه حقوق اين سايت متعلق به {e(self.agency)} مي‌باشد. طراحی و اجرا: شرکت رایان</div></body></html>"""
        return Response(
            body=arabic(html).encode("cp1256", errors="xmlcharrefreplace"),
            headers=[("Content-Type", "text/html; charset=windows-1256")],
        )

    def home(self) -> str:
        news = "".join(
            f'<li><a href="{self.news_path(i)}">{e(self.news[i])}</a><span class="Date">1403/07/{1 + i % 28:02d}</span></li>'
            for i in range(8)
        )
        top = [self.specs[0], self.specs[9], self.specs[20]]
        quick = "".join(f'<li><a href="{self.aliases(s)[0]}">{e(s.title)}</a></li>' for s in top)
        return f'<div class="Box"><div class="BoxTitle">اخبار</div><ul>{news}</ul><a href="/Portal/home/?newslist/2400/{slugify("اخبار")}">آرشيو</a></div><div class="Box"><div class="BoxTitle">خدمات پرمراجعه</div><ul>{quick}</ul></div>'

    def detail(self, s: ServiceSpec, printing: bool) -> Response:
        top, sub = s.category.split("/")
        crumbs = [
            ("خدمات الکترونیک", f"/Portal/home/?page/{ROOT}/{slugify('خدمات الکترونیک')}"),
            (top, f"/Portal/home/?page/{self.top_id(top)}/{slugify(top)}"),
            (
                sub,
                f"/Portal/home/?generaltextlist/{self.top_id(top)}/{self.sub_id(s.category)}/{slugify(sub)}",
            ),
            (s.title, None),
        ]
        body = (
            f'<div class="GeneralText"><h1 class="Title">{e(s.title)}</h1><div class="Info">تاريخ: 1402/11/05 | تعداد بازديد: 341</div><div class="Body">'
            f"<p><strong>شرح خدمت:</strong> {e(s.description)}</p><p><strong>مدارک مورد نیاز:</strong> {e('، '.join(s.documents))}</p>"
            f"<p><strong>هزینه:</strong> {e(s.fee)}</p><p><strong>مدت زمان انجام:</strong> {e(s.duration)}</p><p><strong>مخاطبان:</strong> {e(s.audience)}</p></div>"
            + (
                ""
                if printing
                else f'<a href="/Portal/home/print.aspx?generaltext/{self.top_id(top)}/{self.sub_id(s.category)}/{self.sid(s)}/{slugify(s.title)}">نسخه چاپي</a>'
            )
            + "</div>"
        )
        return self.page(s.title, crumbs, body)
