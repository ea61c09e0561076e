"""A JavaScript-rendered portal: the service list is a shell filled from a paginated JSON API."""

from __future__ import annotations

from html import escape

from sandbox.catalogue import ServiceSpec, abfa
from sandbox.site import Request, Response, Site, pages

PAGE_SIZE = 12

_SCRIPT = """(function () {
  var root = document.getElementById('service-list');
  function load(url) {
    fetch(url).then(function (r) { return r.json(); }).then(function (body) {
      body.data.items.forEach(function (item) {
        var card = document.createElement('a');
        card.className = 'service-card';
        card.href = item.url;
        card.textContent = item.title;
        root.appendChild(card);
      });
      if (body.links.next) { load(body.links.next); }
    });
  }
  load(root.getAttribute('data-source'));
})();
"""


class AbfaSite(Site):
    id = "abfa-alborz"
    agency = abfa.AGENCY

    def __init__(self) -> None:
        super().__init__(abfa.services())

    def service_path(self, spec: ServiceSpec) -> str:
        return f"/services/detail/{spec.number}"

    def handle(self, request: Request) -> Response:
        path = request.path.rstrip("/") or "/"
        if path == "/robots.txt":
            return Response.text("User-agent: *\nAllow: /\n")
        if path == "/api/services":
            return self._api(request)
        if path == "/static/js/services.js":
            return Response.text(_SCRIPT, "application/javascript")
        if path == "/":
            main = (
                "<section><h1>شرکت آب و فاضلاب استان البرز</h1><p>حوادث و اتفاقات آب: ۱۲۲ — "
                "مرکز تماس مشترکین: ۱۵۲۲</p>"
                '<a class="btn" href="/services">خدمات مشترکین</a></section>'
                '<section><h2>اطلاعیه‌ها</h2><ul><li><a href="/about">'
                "برنامه قطعی آب در مناطق شمالی کرج</a></li></ul></section>"
            )
            return self._page("صفحه اصلی", main)
        if path == "/services":
            main = (
                '<h1>خدمات مشترکین</h1><div id="service-list" class="cards" '
                'data-source="/api/services?page=1"></div>'
                "<noscript>برای مشاهده فهرست خدمات، جاوااسکریپت مرورگر را فعال کنید.</noscript>"
                '<script src="/static/js/services.js"></script>'
            )
            return self._page("خدمات مشترکین", main)
        if path.startswith("/services/detail/"):
            spec = self.by_number(path.removeprefix("/services/detail/"))
            if spec is None:
                return Response.not_found()
            return self._page(spec.title, self._detail(spec))
        if path in ("/about", "/contact"):
            main = (
                "<h1>درباره شرکت</h1><p>شرکت آب و فاضلاب استان البرز تأمین آب شرب و جمع‌آوری "
                "فاضلاب شهرهای کرج، فردیس، هشتگرد، نظرآباد، طالقان و اشتهارد را بر عهده دارد.</p>"
            )
            return self._page("درباره ما", main)
        return Response.not_found()

    def _api(self, request: Request) -> Response:
        listing = pages(self.visible(), PAGE_SIZE)
        raw = request.query.get("page", "1")
        number = int(raw) if raw.isdigit() else 0
        if not 1 <= number <= len(listing):
            response = Response.json({"error": "page out of range"})
            response.status = 404
            return response
        items = [
            {
                "id": s.number,
                "title": s.title,
                "url": self.service_path(s),
                "description": s.description,
                "category": s.category,
                "documents": list(s.documents),
                "fee": s.fee,
                "duration": s.duration,
            }
            for s in listing[number - 1]
        ]
        nxt = f"/api/services?page={number + 1}" if number < len(listing) else None
        prev = f"/api/services?page={number - 1}" if number > 1 else None
        return Response.json(
            {
                "data": {
                    "items": items,
                    "page": number,
                    "pages": len(listing),
                    "total": len(self.visible()),
                },
                "links": {"self": f"/api/services?page={number}", "prev": prev, "next": nxt},
            }
        )

    def _page(self, title: str, main: str) -> Response:
        html = f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{escape(title)} | آبفای البرز</title>
<link rel="stylesheet" href="/static/css/main.css"></head>
<body><div id="app">
<header><a class="logo" href="/">{escape(self.agency)}</a>
<nav><a href="/">خانه</a> <a href="/services">خدمات مشترکین</a> <a href="/about">درباره ما</a>
<a href="/contact">تماس با ما</a></nav></header>
<main>{main}</main>
<footer>شماره تماس حوادث: ۱۲۲ | مرکز ارتباط با مشترکین: ۱۵۲۲ |
<a href="/contact">تماس با ما</a></footer>
</div></body></html>"""
        return Response.html(html)

    def _detail(self, spec: ServiceSpec) -> str:
        docs = "".join(f"<li>{escape(d)}</li>" for d in spec.documents)
        return f"""<article class="service">
<nav class="crumbs"><a href="/">خانه</a> / <a href="/services">خدمات مشترکین</a></nav>
<h1>{escape(spec.title)}</h1><p class="category">{escape(spec.category)}</p>
<p class="description">{escape(spec.description)}</p>
<h2>مدارک مورد نیاز</h2><ul class="documents">{docs}</ul>
<p class="fee">هزینه: {escape(spec.fee)}</p>
<p class="duration">زمان انجام: {escape(spec.duration)}</p>
</article>"""
