# ruff: noqa: E501
"""(d) A Joomla 1.5 / PHP-Nuke-era portal: index.php?option=com_content&task=view&id=N&Itemid=M for
services and news alike, table layout, windows-1256 bodies with a missing or wrong charset
(home: HTTP says iso-8859-1, meta says windows-1256; articles: no declaration at all), Arabic
ي/ك and Persian digits, a «خدمات الکترونيک» block in the side menu (first 8 + «ادامه»)."""

from __future__ import annotations

from dataclasses import replace

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round3 as cat
from sandbox.unseen.base import UnseenSite, UnseenTruth, e

SVC_ITEMID = 58
SIDE_ITEMID = 63
NEWS_ITEMID = 2
PER_PAGE = 10


def arabic(t: str) -> str:
    return t.replace("ی", "ي").replace("ک", "ك")


def art(i: int, itemid: int) -> str:
    return f"/index.php?option=com_content&task=view&id={i}&Itemid={itemid}"


class Joomla15Site(UnseenSite):
    id = "gas-khuzestan"
    agency = cat.GAS

    def __init__(self) -> None:
        super().__init__(cat.gas())
        self.news = list(cat.NEWS)

    def service_path(self, s: ServiceSpec) -> str:
        return art(s.number, SVC_ITEMID)

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        out = [
            f"/index2.php?option=com_content&task=view&id={s.number}&pop=1&page=0&Itemid={SVC_ITEMID}"
        ]
        if s in self.specs[:8]:
            out.append(art(s.number, SIDE_ITEMID))
        return tuple(out)

    def truth(self) -> list[UnseenTruth]:
        """Titles as the pages print them: Arabic ي/ك, as the old Joomla database stores them."""
        return [replace(t, title=arabic(t.title)) for t in super().truth()]

    def handle(self, r: Request) -> Response:
        p, q = r.path, r.query
        if p == "/robots.txt":
            return Response.text(
                "User-agent: *\nDisallow: /administrator/\nDisallow: /cache/\nDisallow: /includes/\n"
            )
        if p == "/" or (p == "/index.php" and not q):
            return self.page(
                "صفحه اصلي", self.home(), header="text/html; charset=iso-8859-1", meta=True
            )
        if p == "/index.php" and q.get("option") == "com_content":
            task = q.get("task")
            if task == "view" and q.get("id", "").isdigit():
                return self.article(int(q["id"]), q.get("Itemid", ""), printing=False)
            if task == "category" and q.get("id") == "19":
                return self.category(q.get("limitstart", "0"))
            if task == "blogsection" and q.get("id") == "1":
                return self.blog(q.get("limitstart", "0"))
            return self.page("خطا", "<div class='componentheading'>404 - مطلب يافت نشد</div>")
        if p == "/index2.php" and q.get("pop") == "1" and q.get("id", "").isdigit():
            return self.article(int(q["id"]), q.get("Itemid", ""), printing=True)
        if p == "/index.php" and q.get("option") == "com_contact":
            return self.page(
                "تماس با ما",
                "<div class='componentheading'>تماس با ما</div><table><tr><td>اهواز، کيانپارس، خيابان ۱۲ غربي</td></tr><tr><td>تلفن: ۳۳۳۳۶۰۰۰-۰۶۱</td></tr></table>",
                meta=True,
            )
        if p == "/index.php" and q.get("option") == "com_user":
            return self.page(
                "ورود",
                "<div class='componentheading'>ورود کاربران</div><form method='post'><input name='username'><input type='password' name='passwd'></form>",
                meta=True,
            )
        if p == "/index.php" and q.get("option") == "com_search":
            return self.page(
                "جستجو",
                f"<div class='componentheading'>جستجو</div><p>نتيجه‌اي براي «{e(q.get('searchword', ''))}» يافت نشد.</p>",
                meta=True,
            )
        if p == "/index.php" and q.get("option") == "com_poll":
            return self.page(
                "نظرسنجي",
                "<div class='componentheading'>نظرسنجي</div><p>ميزان رضايت شما از خدمات: عالي ۴۰٪ خوب ۳۵٪</p>",
                meta=True,
            )
        if p == "/modules.php" and q.get("name") == "News":
            return self.blog("0")
        return Response.not_found()

    def page(
        self, title: str, main: str, header: str = "text/html", meta: bool = False
    ) -> Response:
        side = "".join(
            f'<tr><td><a href="{art(s.number, SIDE_ITEMID)}" class="mainlevel">{e(arabic(s.title))}</a></td></tr>'
            for s in self.specs[:8]
        )
        html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" dir="rtl"><head>{'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256" />' if meta else ""}
<title>{e(self.agency)} - {e(title)}</title><meta name="generator" content="Joomla! 1.5 - Open Source Content Management" /></head>
<body><table width="950" border="0" cellpadding="0" cellspacing="0" align="center"><tr><td colspan="3"><img src="/templates/gas/images/header.jpg" width="950" height="150" alt="" /></td></tr>
<tr><td colspan="3" class="topmenu"><a href="/index.php">صفحه اصلي</a> | <a href="{art(1, 27)}">درباره ما</a> | <a href="/index.php?option=com_content&amp;task=blogsection&amp;id=1&amp;Itemid={NEWS_ITEMID}">اخبار</a> | <a href="/index.php?option=com_contact&amp;Itemid=3">تماس با ما</a> | <a href="/index.php?option=com_user&amp;view=login&amp;Itemid=5">ورود</a></td></tr>
<tr><td width="200" valign="top" class="rightcol"><table class="moduletable" width="100%"><tr><th>خدمات الکترونيک</th></tr>{side}<tr><td><a href="/index.php?option=com_content&amp;task=category&amp;sectionid=5&amp;id=19&amp;Itemid={SVC_ITEMID}">ادامه ...</a></td></tr></table>
<table class="moduletable"><tr><th>نظرسنجي</th></tr><tr><td><a href="/index.php?option=com_poll&amp;task=results&amp;id=14">نتايج</a></td></tr></table>
<form action="/index.php?option=com_search" method="get"><input name="searchword" /><input type="hidden" name="option" value="com_search" /></form></td>
<td width="550" valign="top" class="maincol">{main}</td><td width="200" valign="top"><a href="/modules.php?name=News">آرشيو اخبار</a></td></tr>
<tr><td colspan="3" class="footer">کليه حقوق براي {e(self.agency)} محفوظ است. Powered by Joomla!</td></tr></table></body></html>"""
        return Response(
            body=arabic(html).encode("cp1256", errors="xmlcharrefreplace"),
            headers=[("Content-Type", header)],
        )

    def home(self) -> str:
        news = "".join(
            f'<tr><td class="sectiontableentry{1 + i % 2}"><a href="{art(200 + i, NEWS_ITEMID)}">{e(self.news[i])}</a> <span class="small">{persian_digits(f"1388/05/{10 + i}")}</span></td></tr>'
            for i in range(6)
        )
        return f'<table class="blog"><tr><td class="componentheading">آخرين اخبار</td></tr>{news}</table>'

    def category(self, raw: str) -> Response:
        start = int(raw) if raw.isdigit() else 0
        chunk = self.specs[start : start + PER_PAGE]
        if not chunk:
            return self.page("خطا", "<p>مطلبي نيست</p>", meta=True)
        rows = "".join(
            f'<tr class="sectiontableentry{1 + i % 2}"><td align="right">{persian_digits(str(start + i + 1))}</td><td><a href="{art(s.number, SVC_ITEMID)}">{e(arabic(s.title))}</a></td><td>{persian_digits(f"1388/0{1 + i % 9}/1{i}")}</td><td>{persian_digits(str(100 + 7 * i))}</td></tr>'
            for i, s in enumerate(chunk)
        )
        base = f"/index.php?option=com_content&amp;task=category&amp;sectionid=5&amp;id=19&amp;Itemid={SVC_ITEMID}"
        nav = []
        if start > 0:
            nav.append(
                f'<a href="{base}&amp;limit={PER_PAGE}&amp;limitstart=0" class="pagenav" title="شروع">&lt;&lt; شروع</a> <a href="{base}&amp;limit={PER_PAGE}&amp;limitstart={start - PER_PAGE}" class="pagenav">&lt; قبلي</a>'
            )
        for k in range(0, len(self.specs), PER_PAGE):
            nav.append(
                f'<span class="pagenav">{persian_digits(str(k // PER_PAGE + 1))}</span>'
                if k == start
                else f'<a href="{base}&amp;limit={PER_PAGE}&amp;limitstart={k}" class="pagenav">{persian_digits(str(k // PER_PAGE + 1))}</a>'
            )
        if start + PER_PAGE < len(self.specs):
            nav.append(
                f'<a href="{base}&amp;limit={PER_PAGE}&amp;limitstart={start + PER_PAGE}" class="pagenav" title="بعد">بعد &gt;</a>'
            )
        return self.page(
            "خدمات الکترونيک",
            f'<div class="componentheading">خدمات الکترونيک</div><table width="100%" class="contentpane"><tr><td class="sectiontableheader">#</td><td class="sectiontableheader">عنوان</td><td class="sectiontableheader">تاريخ</td><td class="sectiontableheader">بازديد</td></tr>{rows}<tr><td colspan="4" align="center">{" ".join(nav)}</td></tr></table>',
            meta=True,
        )

    def blog(self, raw: str) -> Response:
        start = int(raw) if raw.isdigit() else 0
        items = "".join(
            f'<table class="contentpaneopen"><tr><td class="contentheading">{e(self.news[i])}</td></tr><tr><td class="createdate">{persian_digits(f"1388/05/{10 + i}")}</td></tr><tr><td>{e(self.news[i])} با حضور مديرعامل برگزار شد.</td></tr><tr><td><a href="{art(200 + i, NEWS_ITEMID)}" class="readon">ادامه مطلب...</a></td></tr></table>'
            for i in range(start, min(start + 5, len(self.news)))
        )
        more = (
            f'<a href="/index.php?option=com_content&amp;task=blogsection&amp;id=1&amp;Itemid={NEWS_ITEMID}&amp;limitstart={start + 5}" class="pagenav">بعد &gt;</a>'
            if start + 5 < len(self.news)
            else ""
        )
        return self.page(
            "اخبار", f'<div class="componentheading">اخبار</div>{items}{more}', meta=True
        )

    def article(self, i: int, itemid: str, printing: bool) -> Response:
        s = self.by_number(str(i))
        if i == 1:
            title, body, date = (
                "درباره ما",
                f"<p>{e(self.agency)} در سال ۱۳۷۸ تأسيس شد و گازرساني به ۲۵ شهر استان را بر عهده دارد.</p>",
                "1386/02/01",
            )
        elif s is not None:
            title = arabic(s.title)
            body = f"<p>{e(arabic(s.description))}</p><p><b>مدارك مورد نياز:</b> {e(arabic('، '.join(s.documents)))}</p><p><b>هزينه:</b> {e(s.fee)}</p><p><b>مدت زمان:</b> {e(s.duration)}</p><p><b>مخاطبين:</b> {e(s.audience)}</p>"
            date = "1388/03/15"
        elif 200 <= i < 200 + len(self.news):
            title = self.news[i - 200]
            body = f"<p>به گزارش روابط عمومي {e(self.agency)}، {e(title)}. در اين مراسم مديرعامل بر ارتقاي خدمات به مشترکين تأکيد کرد.</p>"
            date = f"1388/05/{10 + i - 200}"
        else:
            return self.page("خطا", "<div class='componentheading'>404 - مطلب يافت نشد</div>")
        pop = (
            ""
            if printing
            else f'<td class="buttonheading" width="100%"><a href="/index2.php?option=com_content&amp;task=view&amp;id={i}&amp;pop=1&amp;page=0&amp;Itemid={itemid}" target="_blank"><img src="/images/M_images/printButton.png" alt="چاپ" /></a></td>'
        )
        main = f'<table class="contentpaneopen"><tr><td class="contentheading" width="100%">{e(title)}</td>{pop}</tr></table><table class="contentpaneopen"><tr><td class="createdate">{persian_digits(date)}</td></tr><tr><td valign="top">{body}</td></tr><tr><td class="modifydate">آخرين به روز رساني ( {persian_digits(date)} )</td></tr></table>'
        if printing:
            html = f'<html><head><title>{e(self.agency)} - {e(title)}</title></head><body class="contentpane">{main}</body></html>'
            return Response(
                body=arabic(html).encode("cp1256", errors="xmlcharrefreplace"),
                headers=[("Content-Type", "text/html")],
            )
        return self.page(title, main)
