"""``auto`` on a headless CMS's REST API (held-out round 19's Strapi style).

A services page is a shell whose inline script reads a Strapi-shaped API: ``{data: [...],
meta: {pagination: {...}}}``, its records carrying no address, only a slug or a code the
page's template literal writes into each link (`` `/khadamat/${s.attributes.slug}` ``). The
old crawl asked the template unfilled (a 404), read the API's first page only and indexed
nothing, reporting ``complete``. Portals here: Strapi v4 (``data[].attributes``, paged by
``page``/``pageCount`` past the server's short default page), Strapi v5 (flat records,
optional chaining, the page parameters written in the fetch's template literal), an
offset-paged envelope (``start``/``limit``/``total``, a ``fields`` object) and a negative
portal whose one-page API and unmatched template must ask nothing more. Each list carries a
guide that is judged and left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from crawl_helpers import AgencyPages, Page, Site, SitesCrawled, crawl_sites, serve

AGENCY = "اداره کل استاندارد استان گیلان"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home


def raw(body: str, kind: str = "application/json; charset=utf-8") -> Page:
    return 200, {"Content-Type": kind}, body.encode()


def guide(title: str) -> Page:
    """A how-to page inside a services list: no service."""
    return page(
        title,
        f"<h1>{title}</h1><p>این راهنما نحوه کار با سامانه را شرح می‌دهد.</p>"
        "<h3>چگونه ثبت‌نام کنم؟</h3><p>با شماره همراه خود وارد شوید.</p>",
    )


def unfilled(path: str) -> bool:
    return any(mark in path for mark in ("${", "$%7B", "%24%7B", "{{", "%7B%7B"))


Records = Callable[[dict[str, list[str]]], dict[str, Any]]


def api(path: str, records: Records) -> Callable[[BaseHTTPRequestHandler], Page | None]:
    """A GET answer for ``path`` (any query), as ``records`` makes it from the query."""

    def answer(request: BaseHTTPRequestHandler) -> Page | None:
        parts = urlsplit(request.path)
        if parts.path != path:
            return None
        return raw(json.dumps(records(parse_qs(parts.query)), ensure_ascii=False))

    return answer


def number(query: dict[str, list[str]], key: str, default: int) -> int:
    return int((query.get(key) or [str(default)])[0])


# ---- Strapi v4: ``data[].attributes.slug``, a default page of 3, ``pagination[page]``

V4 = {
    f"/khadamat/{s}": t
    for s, t in [
        ("sodoor-parvane-neshan", "صدور پروانه کاربرد علامت استاندارد"),
        ("tamdid-parvane-neshan", "تمدید پروانه کاربرد علامت استاندارد"),
        ("kalibrasion-tarazoo", "کالیبراسیون ترازوها و وسایل سنجش"),
        ("bazresi-asansor", "بازرسی و صدور گواهی ایمنی آسانسور"),
        ("sabt-shekayat-kala", "ثبت شکایت از کیفیت کالا"),
        ("sodoor-shenase-kala", "صدور شناسه کالای مشمول استاندارد اجباری"),
    ]
}
V4_GUIDE = ("/khadamat/rahnamaye-sabt", "راهنمای ثبت درخواست در سامانه خدمات")


def v4_records(query: dict[str, list[str]]) -> dict[str, Any]:
    rows = [(p.rsplit("/", 1)[1], t) for p, t in V4.items()]
    rows.insert(4, (V4_GUIDE[0].rsplit("/", 1)[1], V4_GUIDE[1]))
    size = number(query, "pagination[pageSize]", 3)  # the site's ``rest.defaultLimit``
    at = number(query, "pagination[page]", 1)
    chunk = rows[(at - 1) * size : at * size]
    count = (len(rows) + size - 1) // size
    return {
        "data": [
            {"id": 40 + i, "attributes": {"title": t, "slug": s}} for i, (s, t) in enumerate(chunk)
        ],
        "meta": {
            "pagination": {"page": at, "pageSize": size, "pageCount": count, "total": len(rows)}
        },
    }


def v4_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in V4.items()}
    found[V4_GUIDE[0]] = guide(V4_GUIDE[1])
    script = (
        "<script>const API='/api/khadamats';const list=document.getElementById('list');"
        "async function load(page){const q=new URLSearchParams({'pagination[page]':page,"
        "'fields[0]':'title','fields[1]':'slug'});"
        "const r=await (await fetch(`${API}?${q}`)).json();"
        "r.data.forEach(s=>list.insertAdjacentHTML('beforeend',"
        '`<li><a href="/khadamat/${s.attributes.slug}">${s.attributes.title}</a></li>`));'
        "const pg=r.meta.pagination;if(pg.page<pg.pageCount){more.onclick=()=>load(pg.page+1);}}"
        "load(1);</script>"
    )
    found["/"] = home("/khadamat")
    found["/khadamat"] = page(
        "خدمات", '<h1>خدمات</h1><ul id="list"></ul><button id="more">نمایش بیشتر</button>' + script
    )
    return found


# ---- Strapi v5: flat records, ``item?.slug``, the page parameters in the fetch's literal

V5 = {
    "/fa/services/mojavez-azmayeshgah": "صدور مجوز آزمایشگاه همکار",
    "/fa/services/tamdid-mojavez": "تمدید مجوز آزمایشگاه همکار",
    "/fa/services/gavahi-saderati": "صدور گواهی کنترل کیفیت کالای صادراتی",
}
V5_GUIDE = ("/fa/services/soalat-motadavel", "پرسش‌های متداول سامانه")


def v5_records(query: dict[str, list[str]]) -> dict[str, Any]:
    rows = [(p.rsplit("/", 1)[1], t) for p, t in [*V5.items(), V5_GUIDE]]
    size = number(query, "pagination[pageSize]", 25)
    at = number(query, "pagination[page]", 1)
    chunk = rows[(at - 1) * size : at * size]
    return {
        "data": [
            {"id": 7 + i, "documentId": f"x{i}k2", "title": t, "slug": s}
            for i, (s, t) in enumerate(chunk)
        ],
        "meta": {
            "pagination": {
                "page": at,
                "pageSize": size,
                "pageCount": (len(rows) + size - 1) // size,
                "total": len(rows),
            }
        },
    }


def v5_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in V5.items()}
    found[V5_GUIDE[0]] = guide(V5_GUIDE[1])
    script = (
        "<script>let page = 1;\nasync function more() {\n"
        "  const res = await fetch(`/api/services?pagination[page]=${page}"
        "&pagination[pageSize]=2&sort=title`);\n"
        "  const { data } = await res.json();\n"
        "  document.querySelector('#cards').innerHTML += data.map(item =>"
        ' `<a class="card" href="/fa/services/${ item?.slug }">${item?.title}</a>`).join(\'\');\n'
        "  page++;\n}\nmore();</script>"
    )
    found["/"] = home("/fa/services")
    found["/fa/services"] = page("خدمات", '<h1>میز خدمت</h1><div id="cards"></div>' + script)
    return found


# ---- an offset-paged envelope: ``meta.pagination.start/limit/total``, ``fields.code``

OFFSET = {
    "/khedmat/K-301": "صدور گواهی انطباق کالا",
    "/khedmat/K-302": "ثبت درخواست نشان ملی کیفیت",
    "/khedmat/K-303": "صدور تأییدیه واحد بسته‌بندی",
}
OFFSET_GUIDE = ("/khedmat/K-399", "راهنمای پرداخت الکترونیک")


def offset_records(query: dict[str, list[str]]) -> dict[str, Any]:
    rows = [(p.rsplit("/", 1)[1], t) for p, t in [*OFFSET.items(), OFFSET_GUIDE]]
    limit = number(query, "pagination[limit]", 2)
    start = number(query, "pagination[start]", 0)
    return {
        "data": [
            {"sys": {"id": c}, "fields": {"code": c, "name": t}}
            for c, t in rows[start : start + limit]
        ],
        "meta": {"pagination": {"start": start, "limit": limit, "total": len(rows)}},
    }


def offset_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in OFFSET.items()}
    found[OFFSET_GUIDE[0]] = guide(OFFSET_GUIDE[1])
    script = (
        "<script>fetch('/api/catalogue').then(r => r.json()).then(j => {"
        " for (const e of j.data) { ul.innerHTML +="
        " `<li><a href='/khedmat/${encodeURIComponent(e.fields.code)}'>${e.fields.name}</a></li>`;"
        " } });</script>"
    )
    found["/"] = home("/khadamat")
    found["/khadamat"] = page("خدمات", '<h1>فهرست خدمات</h1><ul id="ul"></ul>' + script)
    return found


# ---- Vue: a bound template literal reading ``s.attributes.slug`` over the API's records

VUE = {
    "/fa/khadamat/parvane-tolid": "صدور پروانه تولید فرآورده",
    "/fa/khadamat/tamdid-tolid": "تمدید پروانه تولید فرآورده",
}
VUE_GUIDE = ("/fa/khadamat/rahnama-pardakht", "راهنمای پرداخت هزینه خدمات")


def vue_records(query: dict[str, list[str]]) -> dict[str, Any]:
    rows = [(p.rsplit("/", 1)[1], t) for p, t in [*VUE.items(), VUE_GUIDE]]
    data = [{"id": i, "attributes": {"title": t, "slug": s}} for i, (s, t) in enumerate(rows)]
    return {"data": data, "meta": {"pagination": {"page": 1, "pageCount": 1, "total": 3}}}


def vue_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in VUE.items()}
    found[VUE_GUIDE[0]] = guide(VUE_GUIDE[1])
    app = (
        '<div id="app"><a v-for="s in items" :href="`/fa/khadamat/${s?.attributes?.slug}`">'
        "{{ s.attributes.title }}</a></div>"
        "<script>new Vue({ el: '#app', data: { items: [] }, mounted() {"
        " fetch('/api/khadamat-ha').then(r => r.json()).then(r => { this.items = r.data; }); } });"
        "</script>"
    )
    found["/"] = home("/fa/khadamat")
    found["/fa/khadamat"] = page("خدمات", "<h1>میز خدمت</h1>" + app)
    return found


# ---- negative: a one-page API, and a template whose field no record has

ONE = {"/fa/khedmat/91": "صدور پروانه بهره‌برداری", "/fa/khedmat/92": "تمدید پروانه بهره‌برداری"}


def one_records(query: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "data": [
            {"id": int(p.rsplit("/", 1)[1]), "attributes": {"title": t}} for p, t in ONE.items()
        ],
        "meta": {"pagination": {"page": 1, "pageSize": 25, "pageCount": 1, "total": len(ONE)}},
    }


def one_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in ONE.items()}
    script = (
        "<script>fetch('/api/khedmats').then(r => r.json()).then(r => {"
        ' box.innerHTML = r.data.map(s => `<a href="/fa/khedmat/${s.id}">${s.attributes.title}</a>'
        "<a href=\"/fa/item/${s.attributes.code}\">بیشتر</a>`).join(''); });"
        ' const share = "/fa/share/${location.hash}";</script>'
    )
    found["/"] = home("/fa/khadamat")
    found["/fa/khadamat"] = page("خدمات", '<h1>خدمات</h1><div id="box"></div>' + script)
    return found


STYLES: dict[str, tuple[Callable[[], dict[str, Page]], str, Records]] = {
    "strapi4": (v4_pages, "/api/khadamats", v4_records),
    "strapi5": (v5_pages, "/api/services", v5_records),
    "offset": (offset_pages, "/api/catalogue", offset_records),
    "one": (one_pages, "/api/khedmats", one_records),
    "vue": (vue_pages, "/api/khadamat-ha", vue_records),
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    tmp = tmp_path_factory.mktemp("round19-strapi")
    with ExitStack() as stack:
        sites: dict[str, Site] = {
            name: stack.enter_context(serve(pages(), answer=api(path, records)))
            for name, (pages, path, records) in STYLES.items()
        }
        yield crawl_sites(sites, tmp, AGENCY)


def _checked(crawled: SitesCrawled, name: str) -> list[str]:
    """What the portal was asked, after the checks every portal here shares: the crawl is
    complete and no template was ever asked unfilled."""
    asked = crawled.asked[name]
    assert crawled.reports[name].status.value == "complete", crawled.reports[name].summary()
    assert not [path for path in asked if unfilled(path)], asked
    return asked


def test_strapi_v4_slugs_fill_the_template_and_every_page_is_read(crawled: SitesCrawled) -> None:
    asked = _checked(crawled, "strapi4")
    assert crawled.found["strapi4"] == V4, asked
    assert V4_GUIDE[0] in asked  # judged, and left out
    assert any("pagination%5Bpage%5D=3" in p or "pagination[page]=3" in p for p in asked)
    assert not any("pagination%5Bpage%5D=4" in p or "pagination[page]=4" in p for p in asked)


def test_strapi_v5_flat_records_and_the_scripts_page_parameters(crawled: SitesCrawled) -> None:
    asked = _checked(crawled, "strapi5")
    assert crawled.found["strapi5"] == V5, asked
    assert V5_GUIDE[0] in asked
    apis = [p for p in asked if p.startswith("/api/services")]
    assert apis and all("pageSize%5D=2" in p or "pageSize]=2" in p for p in apis), apis
    assert len(apis) == 2, apis  # pages 1 and 2 of 2


def test_an_offset_paged_envelope_and_a_fields_object(crawled: SitesCrawled) -> None:
    asked = _checked(crawled, "offset")
    assert crawled.found["offset"] == OFFSET, asked
    assert OFFSET_GUIDE[0] in asked
    assert len([p for p in asked if p.startswith("/api/catalogue")]) == 2, asked


def test_a_vue_binding_reading_a_nested_field_is_filled(crawled: SitesCrawled) -> None:
    asked = _checked(crawled, "vue")
    assert crawled.found["vue"] == VUE, asked
    assert VUE_GUIDE[0] in asked


def test_no_page_past_the_last_and_no_template_a_record_cannot_fill(crawled: SitesCrawled) -> None:
    asked = _checked(crawled, "one")
    assert crawled.found["one"] == ONE, asked
    assert [p for p in asked if p.startswith("/api/")] == ["/api/khedmats"], asked
    assert not any(p.startswith(("/fa/item/", "/fa/share/")) for p in asked), asked


def test_paging_reads_the_envelope_and_the_address_as_written() -> None:
    from crawlers.restpaging import first_page, next_url

    meta = {"meta": {"pagination": {"page": 1, "pageSize": 6, "pageCount": 2, "total": 11}}}
    assert next_url("http://x/api/k", meta, 6) == "http://x/api/k?pagination[page]=2"
    assert next_url("http://x/api/k?page=1&size=6", meta, 6) == "http://x/api/k?size=6&page=2"
    assert next_url("http://x/api/k", meta, 0) is None  # an empty page ends it
    last = {"meta": {"pagination": {"page": 2, "pageCount": 2}}}
    assert next_url("http://x/api/k?pagination[page]=2", last, 5) is None
    offset = {"meta": {"pagination": {"start": 0, "limit": 25, "total": 30}}}
    assert (
        next_url("http://x/a", offset, 25) == "http://x/a?pagination[start]=25&pagination[limit]=25"
    )
    assert (
        next_url("http://x/a?_start=0&_limit=10", [{}] * 10, 10) == "http://x/a?_limit=10&_start=10"
    )
    assert next_url("http://x/a?_start=0&_limit=10", [{}] * 4, 4) is None
    spring = {"page": {"number": 0, "totalPages": 3}}
    assert next_url("http://x/a", spring, 2) == "http://x/a?page=1"
    assert first_page("/api/s?pagination[page]=${p}&pagination[pageSize]=4") == (
        "/api/s?pagination[page]=1&pagination[pageSize]=4"
    )
    assert first_page("/api/s?_start=${n * 10}&_limit=10&q=${term}") == "/api/s?_start=0&_limit=10"
    assert first_page("/api/${kind}?page=1") is None


def test_link_templates_read_field_paths_within_bounds() -> None:
    from crawlers.linktemplates import MAX_TEMPLATES, field_value, link_templates, unfilled

    code = (
        "`/k/${s.attributes.slug}` '/o/#=Id#' \"/m/{{ item.fields.code }}/\""
        " `/c/${ r?.attributes?.code }` `/e/${encodeURIComponent(e.slug)}`"
    )
    assert link_templates(code) == [
        ("/k/", "s.attributes.slug", ""),
        ("/o/", "Id", ""),
        ("/m/", "item.fields.code", "/"),
        ("/c/", "r.attributes.code", ""),
        ("/e/", "e.slug", ""),
    ]
    assert len(link_templates("`/k/${s.id}` " * 100)) == MAX_TEMPLATES
    values = {"id": "4", "attributes.slug": "a-b", "slug": "top", "code": "x/y"}
    assert field_value(values, "s.attributes.slug") == "a-b"  # the longest tail first
    assert field_value(values, "s.slug") == "top"
    assert field_value(values, "s.code") == ""  # no single path segment
    assert field_value(values, "s.attributes.title") == ""
    assert unfilled("/k/$%7Bs.slug%7D") and unfilled("/k/${s}") and unfilled("/k/%7B%7Bid%7D%7D")
    assert not unfilled("/k/a-b?x=1")


def test_bound_expressions_read_nested_field_paths() -> None:
    from crawlers import jsbind

    assert jsbind.bound_template("`/k/${ s?.attributes?.slug }`") == "/k/{{s.attributes.slug}}"
    assert jsbind.bound_template("'/k/' + s.fields.code + '/'") == "/k/{{s.fields.code}}/"
    assert jsbind.bound_template("['/k', s.attributes.slug]") == "/k/{{s.attributes.slug}}"
    assert jsbind.bound_template("'/k/' + a.b.c.d.e.f.g") is None  # too deep: not read
