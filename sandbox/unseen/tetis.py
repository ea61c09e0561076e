# ruff: noqa: E501 -- HTML templates keep the markup the CMS prints, line by line
"""A Tetis PORTAL site (the CMS of many provincial agencies): GUID URLs, Arabic ي/ك.

Pages are ``/Portal/Home/Default.aspx?CategoryID=…`` (a category's content list)
and ``/Portal/Home/ShowPage.aspx?Object=GeneralContent&ID=…&LayoutID=…&CategoryID=…``
(one item). The listing's CategoryID travels into each item URL, so a service
listed in two groups is served under two URLs (and also without CategoryID).
Every item, service or news, prints «تاريخ انتشار».
"""

from __future__ import annotations

import uuid

from sandbox.catalogue import ServiceSpec, arabic_letters, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue
from sandbox.unseen.base import UnseenSite, e

LAYOUT = "b05ef124-2d9b-4f2c-a3a5-3d9d8a8f6c11"
SERVICES_ROOT = "0f1c5f0e-8d2a-4a55-9e0b-7c9b1e2a0001"
NEWS_CAT = "0f1c5f0e-8d2a-4a55-9e0b-7c9b1e2a0099"
POPULAR_CAT = "0f1c5f0e-8d2a-4a55-9e0b-7c9b1e2a0098"
DESK_ID = "5d1f3c2a-0000-4000-8000-00000000d35c"


def guid(kind: str, number: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"tetis/{kind}/{number}"))


def item_url(object_kind: str, item_id: str, category: str | None) -> str:
    url = f"/Portal/Home/ShowPage.aspx?Object={object_kind}&ID={item_id}&LayoutID={LAYOUT}"
    return url + (f"&CategoryID={category}" if category else "")


class TetisSite(UnseenSite):
    id = "behzisti-qazvin"
    agency = catalogue.BEHZISTI

    def __init__(self) -> None:
        super().__init__(catalogue.behzisti())
        self.groups = list(dict.fromkeys(s.category for s in self.specs))
        self.news = catalogue.news_titles()

    def group_id(self, name: str) -> str:
        return guid("category", self.groups.index(name))

    def popular(self) -> list[ServiceSpec]:
        return [s for i, s in enumerate(self.visible()) if i % 4 == 1]

    def service_path(self, spec: ServiceSpec) -> str:
        return item_url(
            "GeneralContent", guid("service", spec.number), self.group_id(spec.category)
        )

    def aliases(self, spec: ServiceSpec) -> tuple[str, ...]:
        item = guid("service", spec.number)
        return (
            item_url("GeneralContent", item, POPULAR_CAT),
            item_url("GeneralContent", item, None),
        )

    def handle(self, request: Request) -> Response:
        path, query = request.path, request.query
        if path == "/robots.txt":
            return Response.text(
                "User-agent: *\nDisallow: /Portal/Login\nDisallow: /Portal/Admin\n"
            )
        if path in ("/", "/Portal/Home/Default.aspx") and not query.get("CategoryID"):
            return self._page("صفحه اصلی", self._home())
        if path == "/Portal/Home/Default.aspx":
            return self._category(query["CategoryID"])
        if path == "/Portal/Home/ShowPage.aspx":
            return self._item(query)
        return Response.not_found()

    def _page(self, title: str, main: str) -> Response:
        site = arabic_letters(self.agency)
        html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" dir="rtl"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{e(site)} - {e(arabic_letters(title))}</title>
<link href="/Portal/Theme/Default/Style.css" rel="stylesheet" type="text/css" /></head>
<body><form name="aspnetForm" method="post" action="./ShowPage.aspx" id="aspnetForm">
<div id="Header"><img src="/Portal/Theme/Default/Logo.png" alt="{e(site)}" /></div>
<div id="TopMenu"><ul class="Menu">
<li><a href="/Portal/Home/Default.aspx">صفحه اصلي</a></li>
<li><a href="/Portal/Home/Default.aspx?CategoryID={SERVICES_ROOT}">خدمات</a></li>
<li><a href="{item_url("GeneralContent", DESK_ID, None)}">ميز خدمت</a></li>
<li><a href="/Portal/Home/Default.aspx?CategoryID={NEWS_CAT}">اخبار</a></li>
<li><a href="/Portal/Login/Default.aspx">ورود کاربران</a></li></ul></div>
<div id="Middle">{main}</div>
<div id="Footer">{e(site)} - کليه حقوق محفوظ است. طراحي و اجرا: تتيس</div>
</form></body></html>"""
        return Response.html(html)

    def _home(self) -> str:
        news = "".join(
            f'<li><a href="{item_url("News", guid("news", i), NEWS_CAT)}">{e(arabic_letters(t))}</a></li>'
            for i, t in enumerate(self.news[:4])
        )
        return (
            f'<div class="Box"><div class="BoxTitle">آخرين اخبار</div><ul>{news}</ul></div>'
            f'<div class="Box"><div class="BoxTitle">خدمات پرکاربرد</div>'
            f'<a href="/Portal/Home/Default.aspx?CategoryID={POPULAR_CAT}">مشاهده</a></div>'
        )

    def _list(self, title: str, rows: list[tuple[str, str, str]]) -> Response:
        body = "".join(
            f'<div class="ContentListItem"><a class="Title" href="{e(href)}">{e(arabic_letters(t))}</a>'
            f'<div class="Summary">{e(arabic_letters(summary))}</div>'
            f'<span class="Date">تاريخ انتشار: {persian_digits("1402/03/15")}</span></div>'
            for href, t, summary in rows
        )
        return self._page(
            title, f'<div class="ContentTitle">{e(arabic_letters(title))}</div>{body}'
        )

    def _category(self, category: str) -> Response:
        if category == SERVICES_ROOT:
            links = "".join(
                f'<li><a href="/Portal/Home/Default.aspx?CategoryID={self.group_id(g)}">'
                f"{e(arabic_letters(g))}</a></li>"
                for g in self.groups
            )
            return self._page("خدمات", f'<div class="CategoryList"><ul>{links}</ul></div>')
        if category == NEWS_CAT:
            rows = [
                (item_url("News", guid("news", i), NEWS_CAT), t, t) for i, t in enumerate(self.news)
            ]
            return self._list("اخبار", rows)
        if category == POPULAR_CAT:
            specs, cat = self.popular(), POPULAR_CAT
            title = "خدمات پرکاربرد"
        else:
            name = next((g for g in self.groups if self.group_id(g) == category), None)
            if name is None:
                return Response.not_found()
            specs, cat, title = [s for s in self.visible() if s.category == name], category, name
        rows = [
            (item_url("GeneralContent", guid("service", s.number), cat), s.title, s.description)
            for s in specs
        ]
        return self._list(title, rows)

    def _item(self, query: dict[str, str]) -> Response:
        item = query.get("ID", "")
        if query.get("Object") == "News":
            number = next((i for i in range(len(self.news)) if guid("news", i) == item), None)
            if number is None:
                return Response.not_found()
            title = self.news[number]
            body = (
                f"<p>به گزارش روابط عمومي {e(self.agency)}، {e(title)}. در اين نشست بر تسريع "
                "ارائه خدمات به مددجويان و کاهش مراجعات حضوري تاکيد شد.</p>"
                f"<p>کد خبر: {persian_digits(str(5200 + number))}</p>"
            )
            return self._article(title, body, "1403/02/1" + str(number % 10))
        if item == DESK_ID:
            body = (
                "<p>ميز خدمت حضوري اداره کل همه روزه از ساعت ۸ تا ۱۴ آماده پاسخگويي به مراجعان "
                "است. نشاني: قزوين، خيابان نادري.</p><p>تلفن: ۳۳۳۳۴۴۴۴-۰۲۸</p>"
            )
            return self._article("ميز خدمت", body, "1401/01/20")
        spec = next((s for s in self.visible() if guid("service", s.number) == item), None)
        if spec is None:
            return Response.not_found()
        body = (
            f"<p><strong>شرح خدمت:</strong> {e(spec.description)}</p>"
            f"<p><strong>مدارک مورد نياز:</strong></p><ul>"
            + "".join(f"<li>{e(d)}</li>" for d in spec.documents)
            + f"</ul><p><strong>هزينه:</strong> {e(spec.fee)}</p>"
            f"<p><strong>مدت زمان انجام:</strong> {e(spec.duration)}</p>"
            f"<p><strong>گروه خدمت:</strong> {e(spec.category)}</p>"
        )
        return self._article(spec.title, body, "1402/03/15")

    def _article(self, title: str, body: str, date: str) -> Response:
        main = f"""<div class="GeneralContent">
<div class="ContentTitle"><span class="Title">{e(arabic_letters(title))}</span></div>
<div class="ContentInfo"><span>تاريخ انتشار: {persian_digits(date)}</span>
<span>تعداد بازديد: {persian_digits("231")}</span></div>
<div class="ContentBody">{arabic_letters(body)}</div>
<div class="Tools"><a href="javascript:window.print()">چاپ</a></div></div>"""
        return self._page(title, main)
