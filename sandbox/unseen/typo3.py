# ruff: noqa: E501
"""(d) شهرداری رشت on TYPO3 without speaking URLs: an Extbase services plugin and tx_news.
Conventions modelled (RealURL configuration pastes for tx_news, pastebin.com/i4yePtPf and pastebin.com/BzgUpsCH;
bednee/cooluri issue #75 on cHash for tx_news and Extbase plugins; georgringer/news):
- every page is `index.php?id=N`, with `<base href="{origin}/">` (config.baseURL) and relative links;
- the plugin's details are `index.php?id=13&tx_dgservices_list%5Bservice%5D=7&…%5Baction%5D=show&…%5Bcontroller%5D=Service&cHash=…`
  (brackets percent-encoded, `&amp;` in HTML); a wrong or missing cHash is a 404 "cHash comparison failed";
- the list (`id=12`) is paged by the fluid widget paginator `tx_dgservices_list[@widget_0][currentPage]=2`, 8 per page;
- each service has a print copy `&type=98`; tx_news details have the same shape and an `<h1>`;
- noise: the tenders page `id=7` (two content elements, each with headed «شرایط شرکت»/«مبلغ تضمین» `<h3>` sections),
  news, sitemap, contact (a form), search (`tx_indexedsearch_pi2`), the English home `id=1&L=1`."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round7 as cat
from sandbox.unseen.base import e, raw
from sandbox.unseen.catalogue_round7 import NEWS_BODY, NEWS_TITLES, TENDERS, chash
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.RASHT
P = "tx_dgservices_list"
PER_PAGE = 8
Pairs = list[tuple[str, str]]
Route = frozenset[tuple[str, str]]
MENU = (
    (1, "صفحه اصلی"),
    (12, "خدمات شهروندی"),
    (5, "اخبار"),
    (7, "مناقصات و مزایدات"),
    (3, "نقشه سایت"),
    (9, "تماس با ما"),
)


def signed(pairs: Pairs) -> str:
    """The cHash of a query's parameters (sorted, the cHash itself left out)."""
    return chash("&".join(f"{k}={v}" for k, v in sorted(pairs)))[:32]


def query(pairs: Pairs) -> str:
    """The query string TYPO3 builds: brackets encoded, a cHash over any plugin parameters."""
    base = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    if len(pairs) == 1 or pairs[1][0] == "L":
        return base
    return base + "&cHash=" + signed(pairs)


def show(key: str) -> Pairs:
    return [(f"{P}[service]", key), (f"{P}[action]", "show"), (f"{P}[controller]", "Service")]


def news(i: int) -> Pairs:
    return [
        ("id", "6"),
        ("tx_news_pi1[news]", str(30 + i)),
        ("tx_news_pi1[controller]", "News"),
        ("tx_news_pi1[action]", "detail"),
    ]


def a(pairs: Pairs) -> str:
    """A link as the page writes it."""
    return "index.php?" + query(pairs).replace("&", "&amp;")


class Typo3Site(TableSite):
    id = "shahrdari-rasht"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(cat.services(cat.RASHT_ROWS, AGENCY))
        self.routes: dict[str, dict[Route, Response]] = {}  # by origin: parameters -> page

    def service_path(self, s: ServiceSpec) -> str:
        return "/index.php?" + query([("id", "13"), *show(str(s.number))])

    def layout(self, o: str, title: str, pid: int, content: str) -> Response:
        menu = "".join(
            f'<li{' class="active"' if pid == i else ""}><a href="index.php?id={i}">{t}</a></li>'
            for i, t in MENU
        )
        return Response.html(
            '<!DOCTYPE html>\n<html lang="fa" dir="rtl">\n<head>\n\n<meta charset="utf-8">\n<!-- \n\tThis website is powered by TYPO3 - inspiring people to share!\n'
            "\tTYPO3 is a free open source Content Management Framework initially created by Kasper Skaarhoj and licensed under GNU/GPL.\n-->\n"
            f'<base href="{o}/">\n<title>{e(AGENCY)}: {e(title)}</title>\n<meta name="generator" content="TYPO3 CMS">\n'
            '<link rel="stylesheet" type="text/css" href="typo3temp/assets/css/7015c8c4ac.css?1690000000" media="all">\n'
            '<link rel="stylesheet" type="text/css" href="fileadmin/templates/rasht/css/main.css?1690000000" media="all">\n</head>\n'
            f'<body id="p{pid}" class="page-{pid}">\n<div class="header"><a href="index.php?id=1" class="logo"><img src="fileadmin/templates/rasht/img/logo.png" alt="{e(AGENCY)}"></a>'
            '<ul class="lang"><li class="act">فارسی</li><li><a href="index.php?id=1&amp;L=1">English</a></li></ul>'
            '<form action="index.php?id=20" method="get"><input type="hidden" name="id" value="20"><input name="tx_indexedsearch_pi2[search][sword]"><input type="submit" value="جستجو"></form></div>'
            f'<nav class="main-nav"><ul>{menu}</ul></nav>\n<!--TYPO3SEARCH_begin-->\n<div class="content">{content}</div>\n<!--TYPO3SEARCH_end-->\n'
            f'<div class="footer"><p>{e(AGENCY)} — سامانه ۱۳۷</p><a href="https://e.rasht.ir">شهرداری الکترونیک</a> | <a href="index.php?id=9">تماس با ما</a></div>\n</body>\n</html>'
        )

    def pages(self, origin: str) -> dict[str, Response]:
        o = origin
        pages: dict[str, Response] = {}
        routes: dict[Route, Response] = {}

        def add(pairs: Pairs, page: Response) -> None:
            routes[frozenset(pairs)] = page
            pages["/index.php?" + query(pairs)] = page

        latest = "".join(
            f'<li><a href="{a(news(i))}">{e(t)}</a></li>' for i, t in enumerate(NEWS_TITLES[:3])
        )
        add(
            [("id", "1")],
            self.layout(
                o,
                "صفحه اصلی",
                1,
                '<div id="c2" class="frame frame-default frame-type-text"><header><h1>به پرتال شهرداری رشت خوش آمدید</h1></header>'
                '<p>شهروندان گرامی برای دریافت خدمات به بخش <a href="index.php?id=12">خدمات شهروندی</a> مراجعه کنند.</p></div>'
                f'<div id="c4" class="frame frame-default frame-type-list"><h2>آخرین اخبار</h2><ul>{latest}</ul></div>',
            ),
        )
        pages["/"] = pages["/index.php?id=1"]
        add(
            [("id", "1"), ("L", "1")],
            self.layout(
                o, "Home", 1, "<h1>Rasht Municipality</h1><p>English content is being prepared.</p>"
            ),
        )
        shown = self.shown()
        chunks = [shown[i : i + PER_PAGE] for i in range(0, len(shown), PER_PAGE)]
        for n, chunk in enumerate(chunks):
            items = "".join(
                f'<li class="service-item"><h3><a href="{a([("id", "13"), *show(s.key)])}">{e(s.title)}</a></h3>'
                f'<p class="teaser">{e(s.description[:100])}…</p></li>'
                for s in chunk
            )
            page = self.layout(
                o,
                "خدمات شهروندی",
                12,
                '<div id="c40" class="frame frame-default frame-type-list"><header><h1>خدمات شهروندی</h1></header>'
                f'<div class="tx-dgservices"><ul class="service-list">{items}</ul>{self.pager(n, len(chunks))}</div></div>',
            )
            add(
                [("id", "12")] + ([(f"{P}[@widget_0][currentPage]", str(n + 1))] if n else []), page
            )
        for s in shown:
            body = (
                f'<div id="c88" class="frame frame-default frame-type-list"><div class="tx-dgservices"><div class="service-single">'
                f'<h1>{e(s.title)}</h1><p class="service-category">گروه خدمت: {e(s.category)}</p><div class="service-description"><p>{e(s.description)}</p></div>'
                f'{cat.fields_html(s)}<div class="service-links"><a class="print" href="{a([("id", "13"), ("type", "98"), *show(s.key)])}">نسخه چاپی</a> '
                '<a href="index.php?id=12">بازگشت به فهرست خدمات</a> '
                f'<a href="https://e.rasht.ir/request?service={s.key}">ثبت درخواست الکترونیکی</a></div></div></div></div>'
            )
            add([("id", "13"), *show(s.key)], self.layout(o, s.title, 13, body))
            add(
                [("id", "13"), ("type", "98"), *show(s.key)],
                Response.html(
                    f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{e(s.title)}</title></head><body class="print">'
                    f"<h1>{e(s.title)}</h1><p>{e(s.description)}</p>{cat.fields_html(s)}<script>window.print();</script></body></html>"
                ),
            )
        newsitems = "".join(
            f'<div class="article articletype-0"><div class="header"><h3><a href="{a(news(i))}">{e(t)}</a></h3></div>'
            f'<span class="news-list-date">۱۴۰۳/۰۷/{10 + i}</span></div>'
            for i, t in enumerate(NEWS_TITLES)
        )
        add(
            [("id", "5")],
            self.layout(
                o,
                "اخبار",
                5,
                f'<div class="news"><div class="news-list-view">{newsitems}</div></div>',
            ),
        )
        for i, t in enumerate(NEWS_TITLES):
            add(
                news(i),
                self.layout(
                    o,
                    t,
                    6,
                    f'<div class="news news-single"><div class="article"><div class="header"><h1>{e(t)}</h1></div>'
                    f'<div class="footer"><p><span class="news-list-date"><time datetime="2024-10-0{i + 1}">۱۴۰۳/۰۷/{10 + i}</time></span></p></div>'
                    f'<div class="teaser-text"><p>{e(NEWS_BODY[:60])}</p></div><div class="news-text-wrap"><p>{e(NEWS_BODY)}</p></div>'
                    '<div class="news-backlink-wrap"><a href="index.php?id=5">بازگشت</a></div></div></div>',
                ),
            )
        add(
            [("id", "7")],
            self.layout(
                o,
                "مناقصات و مزایدات",
                7,
                "".join(
                    f'<div id="c7{i}" class="frame frame-default frame-type-text"><header><h2>{e(t)}</h2></header>{cat.tender_body(t, d)}</div>'
                    for i, (t, d) in enumerate(TENDERS)
                ),
            ),
        )
        add(
            [("id", "9")],
            self.layout(
                o,
                "تماس با ما",
                9,
                "<header><h1>تماس با ما</h1></header><p>رشت، میدان شهرداری — تلفن ۱۳۷</p>"
                '<form method="post" action="index.php?id=9&amp;tx_form_formframework%5Baction%5D=perform"><input name="name"><textarea name="message"></textarea><button>ارسال</button></form>',
            ),
        )
        add(
            [("id", "3")],
            self.layout(
                o,
                "نقشه سایت",
                3,
                '<header><h1>نقشه سایت</h1></header><ul><li><a href="index.php?id=12">خدمات شهروندی</a></li><li><a href="index.php?id=5">اخبار</a></li><li><a href="index.php?id=7">مناقصات و مزایدات</a></li></ul>',
            ),
        )
        add(
            [("id", "20")],
            self.layout(o, "جستجو", 20, "<h1>جستجو</h1><p>عبارتی برای جستجو وارد نشده است.</p>"),
        )
        pages["/robots.txt"] = raw(
            "User-agent: *\nDisallow: /typo3/\nDisallow: /typo3conf/\n", "text/plain"
        )
        self.routes[o] = routes
        return pages

    def pager(self, n: int, count: int) -> str:
        """The fluid widget paginator of list page ``n`` (from 0) of ``count``."""
        if count < 2:
            return ""
        lis = []
        for k in range(count):
            if k == n:
                lis.append(f'<li class="current">{k + 1}</li>')
            else:
                pp = [("id", "12")] + ([(f"{P}[@widget_0][currentPage]", str(k + 1))] if k else [])
                lis.append(f'<li><a href="{a(pp)}">{k + 1}</a></li>')
        if n + 1 < count:
            nxt = [("id", "12"), (f"{P}[@widget_0][currentPage]", str(n + 2))]
            lis.append(f'<li class="next"><a href="{a(nxt)}">بعدی</a></li>')
        return (
            '<div class="f3-widget-paginator-wrap"><ul class="f3-widget-paginator">'
            + "".join(lis)
            + "</ul></div>"
        )

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        """TYPO3 reads the parameters in any order and spelling; a plugin's parameters need
        their cHash, else «cHash comparison failed» (a 404)."""
        base, _, q = r.target.partition("?")
        if base not in ("/", "/index.php") or not q:
            return None
        routes = self.routes.get(r.origin, {})
        pairs = parse_qsl(q, keep_blank_values=True)
        given = [v for k, v in pairs if k == "cHash"]
        rest = [(k, v) for k, v in pairs if k != "cHash"]
        if rest and rest[0][0] == "id" and any(k.startswith("tx_indexedsearch") for k, _ in rest):
            return routes.get(frozenset([("id", "20")]))
        page = routes.get(frozenset(rest))
        if page is None:
            return None
        needs = (
            len(rest) > 1
            and not (len(rest) == 2 and rest[1][0] == "L")
            and any(k.startswith(("tx_", "type")) for k, _ in rest)
        )
        if needs and given != [signed(rest)]:
            failed = Response.html(
                "<h1>Page Not Found</h1><p>Reason: Request parameters could not be validated (&amp;cHash comparison failed)</p>"
            )
            failed.status = 404
            return failed
        return page
