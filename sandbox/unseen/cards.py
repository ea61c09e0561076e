# ruff: noqa: E501
"""(f) A provincial governorate's «میز خدمت» catalogue as Bootstrap 5 cards (استانداری خراسان جنوبی,
services of several provincial departments). Conventions modelled:
- each card is `<div class="card service-card" data-href="/khedmat/{id}" role="link" tabindex="0">`
  with the title in `h5.card-title` and the only real link an *empty* `<a class="stretched-link"
  href="/khedmat/{id}" aria-label="{title}"></a>` (Bootstrap's stretched-link pattern: the
  ::after overlay makes the whole card clickable);
- the listing `/khedmat?page=N` (`ul.pagination` with `a.page-link`, «قبلی»/«بعدی» as
  `&laquo;`/`&raquo;` with aria-labels) and `?org=N` department filters (chips);
- detail `/khedmat/{id}`: `<h1 class="display-6">`, a `table.table` of `<th scope="row">` fields,
  print copy `/khedmat/{id}/print`; «ثبت درخواست» goes to `https://my.gov.ir/` (off-site);
- news use the same stretched-link cards (`/akhbar/{id}`); `/darbare`, `/tamas`."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round5 as cat
from sandbox.unseen.base import UnseenSite, e, ul

SITE = cat.OSTANDARI
PER = 6


class CardsSite(UnseenSite):
    id = "ostandari-khj"
    agency = cat.OSTANDARI

    def __init__(self) -> None:
        super().__init__(cat.ostandari())
        self.news = list(cat.NEWS)
        self.orgs = sorted({s.category for s in self.specs})  # the chips' ?org=N, by name

    def service_path(self, s: ServiceSpec) -> str:
        return f"/khedmat/{s.number}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (f"/khedmat/{s.number}/print",)

    def card(self, href: str, title: str, text: str, badge: str = "") -> str:
        """A card the script makes clickable; its one <a> is empty, named only by aria-label."""
        return (
            f'<div class="col"><div class="card service-card h-100 shadow-sm" data-href="{href}" role="link" tabindex="0"><div class="card-body"><span class="badge bg-light text-dark">{e(badge)}</span>'
            f'<h5 class="card-title">{e(title)}</h5><p class="card-text">{e(text)}</p><a href="{href}" class="stretched-link" aria-label="{e(title)}"></a></div></div></div>'
        )

    def service_card(self, s: ServiceSpec) -> str:
        return self.card(self.service_path(s), s.title, s.description[:60] + "…", s.category)

    def handle(self, r: Request) -> Response:
        p, q = r.path, r.query
        if p == "/robots.txt":
            return Response.text("User-agent: *\nAllow: /\n")
        if p == "/":
            feat = "".join(self.service_card(s) for s in self.specs[:3])
            news = "".join(
                self.card(f"/akhbar/{40 + i}", t, "ادامه خبر…", "خبر")
                for i, t in enumerate(self.news[:3])
            )
            body = (
                f'<section class="py-4"><h2 class="h4">خدمات پرمراجعه</h2><div class="row row-cols-1 row-cols-md-3 g-3">{feat}</div><a class="btn btn-primary mt-3" href="/khedmat">میز خدمت الکترونیک</a></section>'
                f'<section class="py-4"><h2 class="h4">اخبار استانداری</h2><div class="row row-cols-1 row-cols-md-3 g-3">{news}</div><a href="/akhbar">همه اخبار</a></section>'
            )
            return self.page("صفحه اصلی", body)
        if p == "/khedmat":
            return self.listing(q.get("org"), q.get("page", "1"))
        if p.startswith("/khedmat/"):
            parts = p.removeprefix("/khedmat/").split("/")
            s = self.by_number(parts[0])
            if s is None or parts[1:] not in ([], ["print"]):
                return Response.not_found()
            return self.detail(s, parts[1:] == ["print"])
        if p.startswith("/akhbar/"):
            raw = p.removeprefix("/akhbar/")
            i = int(raw) - 40 if raw.isdigit() else -1
            if 0 <= i < len(self.news):
                t = self.news[i]
                return self.page(
                    t,
                    f'<article><h1 class="display-6">{e(t)}</h1><p class="text-muted">{persian_digits(f"1403/03/{10 + i}")}</p><p>به گزارش پایگاه اطلاع‌رسانی {SITE}، {e(t)}.</p></article>',
                )
            return Response.not_found()
        if p == "/akhbar":
            cards = "".join(
                self.card(f"/akhbar/{40 + i}", t, "ادامه خبر…", "خبر")
                for i, t in enumerate(self.news)
            )
            return self.page(
                "اخبار",
                f'<h1 class="h3">اخبار</h1><div class="row row-cols-1 row-cols-md-3 g-3">{cards}</div>',
            )
        if p == "/darbare":
            return self.page(
                "درباره استانداری",
                '<h1 class="display-6">درباره استانداری</h1><p>استانداری خراسان جنوبی نماینده عالی دولت در استان است.</p><h2 class="h5">وظایف</h2><ul><li>هماهنگی دستگاه‌های اجرایی</li><li>نظارت بر حسن اجرای قوانین</li></ul>',
            )
        if p == "/tamas":
            return self.page(
                "تماس با ما",
                '<h1 class="display-6">تماس با ما</h1><p>بیرجند، خیابان طالقانی، استانداری خراسان جنوبی</p>',
            )
        return Response.not_found()

    def listing(self, org: str | None, raw: str) -> Response:
        """A page of cards, of every department or of one (``org``: its place among the chips)."""
        pool = [
            s
            for s in self.specs
            if org is None
            or (org.isdigit() and int(org) < len(self.orgs) and s.category == self.orgs[int(org)])
        ]
        n = int(raw) if raw.isdigit() else 1
        chunk = pool[(n - 1) * PER : n * PER]
        if not chunk:
            return Response.not_found()
        last = (len(pool) + PER - 1) // PER
        base = f"/khedmat?org={org}&amp;" if org is not None else "/khedmat?"
        pl = "".join(
            f'<li class="page-item{" active" if i == n else ""}"><a class="page-link" href="{base}page={i}">{persian_digits(str(i))}</a></li>'
            for i in range(1, last + 1)
        )
        prev = (
            f'<li class="page-item"><a class="page-link" href="{base}page={n - 1}" aria-label="قبلی"><span aria-hidden="true">&laquo;</span></a></li>'
            if n > 1
            else '<li class="page-item disabled"><span class="page-link">&laquo;</span></li>'
        )
        nxt = (
            f'<li class="page-item"><a class="page-link" href="{base}page={n + 1}" aria-label="بعدی"><span aria-hidden="true">&raquo;</span></a></li>'
            if n < last
            else '<li class="page-item disabled"><span class="page-link">&raquo;</span></li>'
        )
        chips = "".join(
            f'<a class="btn btn-sm btn-outline-secondary m-1" href="/khedmat?org={i}">{e(o)}</a>'
            for i, o in enumerate(self.orgs)
        )
        cards = "".join(self.service_card(s) for s in chunk)
        body = (
            f'<nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">خانه</a></li><li class="breadcrumb-item active">میز خدمت</li></ol></nav>'
            f'<h1 class="h3">میز خدمت الکترونیک</h1><div class="chips">{chips}</div><div class="row row-cols-1 row-cols-md-3 g-3 mt-2">{cards}</div>'
            f'<nav aria-label="صفحه‌بندی خدمات" class="mt-4"><ul class="pagination justify-content-center">{prev}{pl}{nxt}</ul></nav>'
        )
        return self.page("میز خدمت الکترونیک", body)

    def detail(self, s: ServiceSpec, printing: bool) -> Response:
        rows = (
            ("دستگاه ارائه‌دهنده", e(s.category)),
            ("شرح خدمت", e(s.description)),
            ("مدارک لازم", ul(s.documents)),
            ("هزینه", e(s.fee)),
            ("مدت زمان", e(s.duration)),
            ("مخاطبان", e(s.audience)),
        )
        table = (
            '<table class="table table-bordered"><tbody>'
            + "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
            + "</tbody></table>"
        )
        actions = (
            ""
            if printing
            else f'<div class="d-flex gap-2"><a class="btn btn-success" href="https://my.gov.ir/">ثبت درخواست در پنجره ملی خدمات</a><a class="btn btn-outline-secondary" href="/khedmat/{s.number}/print">نسخه چاپی</a></div>'
        )
        body = (
            f'<nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">خانه</a></li><li class="breadcrumb-item"><a href="/khedmat">میز خدمت</a></li><li class="breadcrumb-item active">{e(s.title)}</li></ol></nav>'
            f'<h1 class="display-6">{e(s.title)}</h1>{table}{actions}'
        )
        return self.page(s.title, body, bare=printing)

    def page(self, title: str, body: str, bare: bool = False) -> Response:
        """The layout; a print copy (``bare``) has no navbar and no footer."""
        nav = (
            ""
            if bare
            else (
                f'<header class="navbar navbar-expand-lg bg-dark navbar-dark"><div class="container"><a class="navbar-brand" href="/">{SITE}</a><ul class="navbar-nav">'
                '<li class="nav-item"><a class="nav-link" href="/">خانه</a></li><li class="nav-item"><a class="nav-link" href="/khedmat">میز خدمت</a></li><li class="nav-item"><a class="nav-link" href="/akhbar">اخبار</a></li>'
                '<li class="nav-item"><a class="nav-link" href="/darbare">درباره ما</a></li><li class="nav-item"><a class="nav-link" href="/tamas">تماس با ما</a></li></ul></div></header>'
            )
        )
        foot = (
            ""
            if bare
            else f'<footer class="bg-light py-3 mt-5"><div class="container"><p>© {SITE}</p></div></footer>'
        )
        html = (
            f'<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(title)} | {SITE}</title>'
            f'<link rel="stylesheet" href="/assets/css/bootstrap.rtl.min.css"></head><body>{nav}<main class="container py-3">{body}</main>{foot}'
            '<script>document.querySelectorAll("[data-href]").forEach(function(c){c.addEventListener("click",function(){location.href=c.dataset.href;});});</script></body></html>'
        )
        return Response.html(html)
