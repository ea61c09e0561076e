# ruff: noqa: E501 -- HTML templates keep the markup the CMS prints, line by line
"""A «شناسنامه خدمت» site: every service page is the same labelled table under the same
heading «شناسنامه خدمت»; the service's name is the row «عنوان خدمت»."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue
from sandbox.unseen.base import UnseenSite, e


def national_code(spec: ServiceSpec) -> str:
    """The 11-digit national service id (شناسه خدمت) of the national services catalogue."""
    return f"1601{spec.number:07d}"


class ShenasnameSite(UnseenSite):
    id = "daraei-qazvin"
    agency = catalogue.DARAEI

    def __init__(self) -> None:
        super().__init__(catalogue.daraei())
        self.news = catalogue.news_titles()

    def service_path(self, spec: ServiceSpec) -> str:
        return f"/khadamat/shenasname.php?code={national_code(spec)}"

    def handle(self, request: Request) -> Response:
        path, query = request.path, request.query
        if path == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /admin/\n")
        if path in ("/", "/index.php"):
            news = "".join(
                f'<li><a href="/content.php?id={i + 40}">{e(t)}</a></li>'
                for i, t in enumerate(self.news)
            )
            main = f"<h1>{e(self.agency)}</h1><h2>اخبار و اطلاعیه‌ها</h2><ul>{news}</ul>"
            return self._page(self.agency, main)
        if path in ("/khadamat", "/khadamat/"):
            rows = "".join(
                f"<tr><td>{persian_digits(str(i + 1))}</td>"
                f'<td><a href="{self.service_path(s)}">{e(s.title)}</a></td>'
                f"<td>{national_code(s)}</td></tr>"
                for i, s in enumerate(self.visible())
            )
            main = (
                '<h1>فهرست خدمات</h1><table class="list"><tr><th>ردیف</th><th>عنوان خدمت</th>'
                f"<th>شناسه خدمت</th></tr>{rows}</table>"
            )
            return self._page("فهرست خدمات", main)
        if path == "/khadamat/shenasname.php":
            spec = next((s for s in self.visible() if national_code(s) == query.get("code")), None)
            if spec is None:
                return Response.not_found()
            return self._page("شناسنامه خدمت", self._card(spec))
        if path == "/content.php":
            raw = query.get("id", "")
            number = int(raw) - 40 if raw.isdigit() else -1
            if not 0 <= number < len(self.news):
                return Response.not_found()
            main = (
                f'<h1>{e(self.news[number])}</h1><p class="date">تاریخ: '
                f"{persian_digits('1403/06/0' + str(number + 1))} | کد خبر: {persian_digits(raw)}</p>"
                f"<p>به گزارش روابط عمومی، {e(self.news[number])}.</p>"
            )
            return self._page(self.news[number], main)
        if path == "/about.php":
            return self._page(
                "درباره ما", "<h1>درباره ما</h1><p>اداره کل امور اقتصادی و دارایی.</p>"
            )
        return Response.not_found()

    def _page(self, title: str, main: str) -> Response:
        html = f"""<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>{e(title)} | {e(self.agency)}</title></head><body>
<div id="menu"><a href="/">صفحه نخست</a> | <a href="/khadamat/">فهرست خدمات</a> |
<a href="/about.php">درباره ما</a></div><div id="content">{main}</div></body></html>"""
        return Response.html(html)

    def _card(self, spec: ServiceSpec) -> str:
        rows = (
            ("عنوان خدمت", spec.title),
            ("شناسه خدمت", national_code(spec)),
            ("دستگاه ارائه دهنده", self.agency),
            ("نوع خدمت", "خدمت به شهروند (G2C)"),
            ("دسته خدمت", spec.category),
            ("شرح خدمت", spec.description),
            ("مدارک لازم", "، ".join(spec.documents)),
            ("هزینه خدمت", spec.fee),
            ("مدت زمان ارائه خدمت", spec.duration),
            ("نحوه دسترسی", "حضوری و الکترونیکی"),
        )
        body = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
        return f'<h1>شناسنامه خدمت</h1><table class="shenasname">{body}</table>'
