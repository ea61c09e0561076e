# ruff: noqa: E501 -- HTML templates keep the markup the CMS prints, line by line
"""A DotNetNuke site: a grid paged with ``?currentpage=N``, details in ``dnnFormItem`` rows.

Every page of the services tab carries the same site-wide tab title and the
module header «شناسنامه خدمات»; the service's own name is only in the
``label`` + ``span`` row «عنوان خدمت». Detail pages link a print version
(``?dnnprintmode=true``) that shows the same service.
"""

from __future__ import annotations

from urllib.parse import quote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response, pages
from sandbox.unseen import catalogue
from sandbox.unseen.base import UnseenSite, e

SERVICES = "/fa-ir/" + quote("خدمات-الکترونیک")
NEWS = "/fa-ir/" + quote("اخبار-و-رویدادها")
PAGE_SIZE = 8


class DnnSite(UnseenSite):
    id = "taavon-qazvin"
    agency = catalogue.TAAVON

    def __init__(self) -> None:
        super().__init__(catalogue.taavon())
        self.news = catalogue.news_titles()

    def service_path(self, spec: ServiceSpec) -> str:
        return f"{SERVICES}/ctl/Detail/mid/540/ServiceID/{spec.number}"

    def aliases(self, spec: ServiceSpec) -> tuple[str, ...]:
        return (self.service_path(spec) + "?dnnprintmode=true&mid=540",)

    def handle(self, request: Request) -> Response:
        path, query = request.path, request.query
        if path == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /admin/\nDisallow: /Login\n")
        if path in ("/", "/fa-ir", "/fa-ir/", "/Default.aspx"):
            return self._page("صفحه اصلی", self._home())
        if path == SERVICES:
            return self._grid(query.get("currentpage", "1"))
        prefix = f"{SERVICES}/ctl/Detail/mid/540/ServiceID/"
        if path.startswith(prefix):
            spec = self.by_number(path.removeprefix(prefix))
            if spec is None:
                return Response.not_found()
            return self._detail(spec, printing=query.get("dnnprintmode") == "true")
        if path == NEWS:
            rows = "".join(
                f'<div class="edn_article"><a href="{NEWS}/ArticleId/{i}">{e(t)}</a></div>'
                for i, t in enumerate(self.news)
            )
            return self._page("اخبار و رویدادها", rows)
        if path.startswith(f"{NEWS}/ArticleId/"):
            raw = path.rsplit("/", 1)[-1]
            if not raw.isdigit() or int(raw) >= len(self.news):
                return Response.not_found()
            title = self.news[int(raw)]
            body = (
                f'<h1 class="edn_articleTitle">{e(title)}</h1>'
                f'<p class="edn_metaDetails">تاریخ انتشار: {persian_digits("1403/04/0" + raw)}'
                f" | کد خبر: {persian_digits(str(880 + int(raw)))}</p>"
                f"<p>به گزارش روابط عمومی اداره کل، {e(title)} برگزار شد و بر بهبود خدمات "
                "به کارگران و کارفرمایان تأکید شد.</p>"
            )
            return self._page("اخبار و رویدادها", body)
        return Response.not_found()

    def _page(self, tab: str, pane: str, *, printing: bool = False) -> Response:
        menu = (
            ""
            if printing
            else f"""<div id="dnn_dnnMENU_RadMenu1"><ul class="rmRootGroup">
<li class="rmItem"><a class="rmLink" href="/fa-ir/">صفحه اصلی</a></li>
<li class="rmItem"><a class="rmLink" href="{SERVICES}">خدمات الکترونیک</a></li>
<li class="rmItem"><a class="rmLink" href="{NEWS}">اخبار و رویدادها</a></li>
<li class="rmItem"><a class="rmLink" href="/Login?returnurl=%2f">ورود</a></li></ul></div>"""
        )
        html = f"""<!DOCTYPE html>
<html lang="fa-IR"><head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<title>{e(self.agency)} &gt; {e(tab)}</title>
<meta id="MetaDescription" name="DESCRIPTION" content="{e(self.agency)}" />
<meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " /></head>
<body id="Body" class="rtl"><form method="post" action="/" id="Form">
<div id="dnn_wrapper">{menu}
<div id="dnn_ContentPane" class="contentPane">{pane}</div></div>
<div class="footer">Copyright 2024 by {e(self.agency)}</div></form></body></html>"""
        return Response.html(html)

    def _home(self) -> str:
        return (
            '<div class="DnnModule"><h2><span class="Head">به درگاه اداره کل خوش آمدید</span></h2>'
            f'<p>برای مشاهده خدمات به بخش <a href="{SERVICES}">خدمات الکترونیک</a> مراجعه کنید.</p>'
            f'<p><a href="{NEWS}/ArticleId/0">{e(self.news[0])}</a></p></div>'
        )

    def _grid(self, raw: str) -> Response:
        listing = pages(self.visible(), PAGE_SIZE)
        number = int(raw) if raw.isdigit() else 0
        if not 1 <= number <= len(listing):
            return Response.not_found()
        rows = "".join(
            f'<tr class="{"dnnGridItem" if i % 2 == 0 else "dnnGridAltItem"}">'
            f"<td>{persian_digits(str((number - 1) * PAGE_SIZE + i + 1))}</td>"
            f'<td><a href="{self.service_path(s)}">{e(s.title)}</a></td><td>{e(s.category)}</td></tr>'
            for i, s in enumerate(listing[number - 1])
        )
        pager = " ".join(
            f'<span class="CommandButton">{n}</span>'
            if n == number
            else f'<a class="CommandButton" href="{SERVICES}?currentpage={n}">{n}</a>'
            for n in range(1, len(listing) + 1)
        )
        if number < len(listing):
            pager += (
                f' <a class="CommandButton" href="{SERVICES}?currentpage={number + 1}">بعدی</a>'
            )
        grid = f"""<div class="DnnModule DnnModule-540"><h2><span class="Head">فهرست خدمات</span></h2>
<table class="dnnGrid" cellspacing="0"><tr class="dnnGridHeader"><th>ردیف</th><th>عنوان خدمت</th>
<th>گروه</th></tr>{rows}</table><div class="dnnGridPager">{pager}</div></div>"""
        return self._page("خدمات الکترونیک", grid)

    def _detail(self, spec: ServiceSpec, *, printing: bool) -> Response:
        def item(control: str, label: str, value: str) -> str:
            return (
                f'<div class="dnnFormItem"><div class="dnnLabel"><label for="dnn_ctr540_Detail_{control}">'
                f'<span id="dnn_ctr540_Detail_lbl{control}">{e(label)}</span></label></div>'
                f'<span id="dnn_ctr540_Detail_{control}" class="dnnFormValue">{value}</span></div>'
            )

        docs = "، ".join(spec.documents)
        form = "".join(
            (
                item("Title", "عنوان خدمت:", e(spec.title)),
                item("Group", "گروه خدمت:", e(spec.category)),
                item("Desc", "شرح خدمت:", e(spec.description)),
                item("Docs", "مدارک مورد نیاز:", e(docs)),
                item("Fee", "هزینه:", e(spec.fee)),
                item("Duration", "مدت زمان انجام:", e(spec.duration)),
                item("Audience", "مخاطبان:", e(spec.audience)),
            )
        )
        tools = (
            ""
            if printing
            else f'<a href="{self.service_path(spec)}?dnnprintmode=true&amp;mid=540">نسخه چاپی</a> '
            f'<a href="{SERVICES}">بازگشت به فهرست</a>'
        )
        pane = f"""<div class="DnnModule DnnModule-540"><h2><span id="dnn_ctr540_dnnTITLE_titleLabel"
class="Head">شناسنامه خدمات</span></h2><div class="dnnForm">{form}</div>
<div class="dnnActions">{tools}</div></div>"""
        return self._page("خدمات الکترونیک", pane, printing=printing)
