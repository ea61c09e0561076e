"""``auto`` on the script-loading styles of the nineteenth held-out round of portal styles.

Small portals crawled together, each listing its services only through script the page does
not include by ``<script src>`` as code: an ES module named only in the page's import map
(``<script type="importmap">`` + an inline ``import … from "@doe/khadamat"``) that fetches a
JSON data file and links each record by a template literal, the same through a module
``src`` whose dynamic ``import()`` a scope of the map redirects, and a JSONP answer
(``renderServices({…});``) whose records the page's own inline callback links by a relative
string concatenation. Each portal also holds a page that is no service inside its services
list: it is judged and left out. Two negative cases: a JSONP-looking answer calling another
function than the page's callback, and a bare specifier no import map names, are not read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from crawl_helpers import AgencyPages, Page, Site, SitesCrawled, crawl_sites, serve

AGENCY = "اداره کل حفاظت محیط زیست استان گلستان"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home
JS = "text/javascript; charset=utf-8"


def raw(body: bytes | str, kind: str) -> Page:
    return 200, {"Content-Type": kind}, body.encode() if isinstance(body, str) else body


def guide(title: str) -> Page:
    """A how-to page inside a services list: no service."""
    return page(
        title,
        f"<h1>{title}</h1><p>این راهنما نحوه کار با سامانه را شرح می‌دهد.</p>"
        "<h3>چگونه ثبت‌نام کنم؟</h3><p>با شماره همراه خود وارد شوید.</p>",
    )


# ---- an import map's bare name, an inline module importing it, a JSON data file

IMPORTMAP = {
    "/fa/khedmat/gl-11": "صدور پروانه شکار و صید",
    "/fa/khedmat/gl-12": "صدور مجوز نگهداری حیات وحش",
    "/fa/khedmat/gl-13": "ارزیابی اثرات زیست‌محیطی طرح‌ها",
}
IMPORTMAP_GUIDE = ("/fa/khedmat/gl-19", "راهنمای دریافت مجوز از درگاه ملی مجوزها")


def importmap_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in IMPORTMAP.items()}
    found[IMPORTMAP_GUIDE[0]] = guide(IMPORTMAP_GUIDE[1])
    imap = {
        "imports": {
            "@doe/khadamat": "/static/js/khadamat-list.8c1f3e.js",
            "@doe/lib/": "/static/js/lib/",  # a prefix: "@doe/lib/dom.js" is under it
        }
    }
    found["/fa/khadamat"] = page(
        "خدمات",
        '<h1>خدمات</h1><section id="k">در حال بارگذاری…</section>'
        '<script type="module">import { render } from "@doe/khadamat";\n'
        'import "@unmapped/analytics";\n'  # no map names it: a browser fails it too
        'render(document.getElementById("k"));</script>',
        f'<script type="importmap">{json.dumps(imap)}</script>',
    )
    found["/static/js/khadamat-list.8c1f3e.js"] = raw(
        'import { clear } from "@doe/lib/dom.js";\n'
        "const DATA = '/static/data/khadamat.fa.json';\n"
        "export async function render(el) {\n"
        "  const items = await (await fetch(DATA)).json();\n  clear(el);\n"
        "  el.innerHTML = items.map(s =>\n"
        '    `<li><a href="/fa/khedmat/${s.code}">${s.title}</a></li>`).join("");\n}\n',
        JS,
    )
    found["/static/js/lib/dom.js"] = raw(
        "export const clear = (el) => { el.textContent = ''; };", JS
    )
    records = [{"code": p.rsplit("/", 1)[1], "title": t} for p, t in IMPORTMAP.items()]
    records.insert(1, {"code": "gl-19", "title": IMPORTMAP_GUIDE[1]})
    found["/static/data/khadamat.fa.json"] = raw(
        json.dumps(records, ensure_ascii=False), "application/json"
    )
    found["/"] = home("/fa/khadamat")
    return found


# ---- a module src whose dynamic import() a scope of the map sends to another file; the
# module fetches its data relative to the page

SCOPED = {
    "/khadamat/item/71": "صدور مجوز تردد در مناطق حفاظت‌شده",
    "/khadamat/item/72": "صدور مجوز طبیعت‌گردی",
}
SCOPED_GUIDE = ("/khadamat/item/79", "پرسش‌های متداول طبیعت‌گردی")


def scoped_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in SCOPED.items()}
    found[SCOPED_GUIDE[0]] = guide(SCOPED_GUIDE[1])
    imap = {
        "imports": {"list": "/assets/list-old.js"},
        "scopes": {"/assets/app/": {"list": "/assets/list-v2.js"}},
    }
    found["/khadamat/"] = page(
        "خدمات",
        '<h1>خدمات</h1><div id="app"></div>'
        '<script type="module" src="/assets/app/main.js"></script>',
        f'<script type="importmap">{json.dumps(imap)}</script>',
    )
    found["/assets/app/main.js"] = raw(
        "const el = document.getElementById('app');\nimport('list').then((m) => m.show(el));\n",
        JS,
    )
    found["/assets/list-v2.js"] = raw(
        "export function show(el) {\n"
        "  fetch('data/items.json').then((r) => r.json()).then((d) => {\n"
        "    el.innerHTML = d.items.map((s) => `<a href='/khadamat/item/${s.id}'>${s.name}</a>`)"
        ".join('');\n  });\n}\n",
        JS,
    )
    records = [{"id": int(p.rsplit("/", 1)[1]), "name": t} for p, t in SCOPED.items()]
    records.append({"id": 79, "name": SCOPED_GUIDE[1]})
    found["/khadamat/data/items.json"] = raw(
        json.dumps({"items": records}, ensure_ascii=False), "application/json"
    )
    found["/"] = home("/khadamat/")
    return found


# ---- JSONP: the page's callback links each record by a relative concatenation

JSONP = {
    "/Portal/ServiceInfo.aspx?SID=5101": "صدور پروانه بهره‌برداری واحد صنعتی",
    "/Portal/ServiceInfo.aspx?SID=5102": "صدور جواز تأسیس واحد صنعتی",
    "/Portal/ServiceInfo.aspx?SID=5103": "صدور کارت بازرگانی",
}
JSONP_GUIDE = ("/Portal/ServiceInfo.aspx?SID=5199", "راهنمای ثبت‌نام در سامانه بهین‌یاب")


def jsonp_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in JSONP.items()}
    found[JSONP_GUIDE[0]] = guide(JSONP_GUIDE[1])
    records = [{"SID": int(p.rsplit("=", 1)[1]), "Title": t} for p, t in JSONP.items()]
    records.insert(1, {"SID": 5199, "Title": JSONP_GUIDE[1]})
    found["/Portal/Services.aspx"] = page(
        "خدمات",
        '<h1>خدمات</h1><div id="svc">در حال دریافت...</div>'
        "<script>function renderServices(res) {\n  var h = '';\n"
        "  for (var i = 0; i < res.Items.length; i++) {\n    var s = res.Items[i];\n"
        "    h += '<li><a href=\"ServiceInfo.aspx?SID=' + s.SID + '\">' + s.Title + '</a></li>';\n"
        "  }\n  document.getElementById('svc').innerHTML = '<ul>' + h + '</ul>';\n}</script>"
        '<script src="/Handlers/ServiceList.ashx?callback=renderServices&amp;lang=fa"></script>',
    )
    answer = json.dumps({"Total": len(records), "Items": records}, ensure_ascii=False)
    found["/Handlers/ServiceList.ashx?callback=renderServices&lang=fa"] = raw(
        f"/**/renderServices({answer});", JS
    )
    found["/"] = home("/Portal/Services.aspx")
    return found


# ---- JSONP with forEach and a ``name && name(…)`` wrapper; and an answer for another function

FOREACH = {
    "/khadamat/detail.php?id=31": "صدور پروانه کسب",
    "/khadamat/detail.php?id=32": "تمدید پروانه کسب",
}
FOREACH_GUIDE = ("/khadamat/detail.php?id=39", "راهنمای پرداخت الکترونیک")
UNTIED = "/khadamat/detail.php?id=88"  # in an answer calling another function: never asked


def foreach_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in FOREACH.items()}
    found[FOREACH_GUIDE[0]] = guide(FOREACH_GUIDE[1])
    found[UNTIED] = service("خدمتی که هیچ فهرستی پیوند نمی‌دهد")
    records = [
        {"id": int(p.rsplit("=", 1)[1]), "t": t} for p, t in [*FOREACH.items(), FOREACH_GUIDE]
    ]
    found["/khadamat/list.php"] = page(
        "خدمات",
        '<h1>میز خدمت</h1><ul id="l"></ul>'
        "<script>window.showList = function (data) {\n"
        "  data.result.items.forEach(function (s) {\n"
        "    var a = document.createElement('a');\n"
        "    a.href = 'detail.php?id=' + encodeURIComponent(s.id);\n"
        "    a.textContent = s.t; document.getElementById('l').appendChild(a);\n  });\n};</script>"
        '<script src="/feeds/khadamat.js?jsonp=showList"></script>'
        '<script src="/feeds/stats.js"></script>',
    )
    body = json.dumps({"result": {"items": records}}, ensure_ascii=False)
    found["/feeds/khadamat.js?jsonp=showList"] = raw(f"showList && showList({body});", JS)
    found["/feeds/stats.js"] = raw('trackVisit({"result": {"items": [{"id": 88}]}});', JS)
    found["/"] = home("/khadamat/list.php")
    return found


# ---- a hijack appended to a module file only another module imports: every page running it

INFECTED = {"/fa/service/1": "صدور مجوز شکار", "/fa/service/2": "تمدید مجوز شکار"}
CASINO = "http://127.0.0.2:9/casino"


def infected_pages() -> dict[str, Page]:
    head = (
        '<script type="importmap">{"imports": {"theme": "/js/theme.js"}}</script>'
        '<script type="module">import "/js/app.js";</script>'
    )
    found = {
        p: page(
            t,
            f"<h1>{t}</h1><h3>مدارک مورد نیاز</h3><p>کارت ملی</p><h3>هزینه</h3><p>رایگان</p>"
            f"<h3>مدت زمان انجام</h3><p>دو روز</p>",
            head,
        )
        for p, t in INFECTED.items()
    }
    links = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in INFECTED.items())
    found["/fa/services"] = page("خدمات", f"<h1>خدمات</h1><ul>{links}</ul>", head)
    found["/js/app.js"] = raw('import { menu } from "theme";\nmenu();\n', JS)
    found["/js/theme.js"] = raw(
        "export function menu() {}\n"
        f';(function(){{ window.location.replace("{CASINO}"); }})();\n',
        JS,
    )
    found["/"] = home("/fa/services")
    return found


STYLES = {
    "importmap": importmap_pages,
    "scoped": scoped_pages,
    "jsonp": jsonp_pages,
    "foreach": foreach_pages,
    "infected": infected_pages,
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    tmp = tmp_path_factory.mktemp("round19")
    with ExitStack() as stack:
        sites: dict[str, Site] = {name: stack.enter_context(serve({})) for name in STYLES}
        for name, pages in STYLES.items():
            sites[name].pages.update(pages())
        yield crawl_sites(sites, tmp, AGENCY)


def _complete(crawled: SitesCrawled, name: str) -> None:
    report = crawled.reports[name]
    assert report.status.value == "complete", report.summary()
    assert not report.errors, report.summary()


def test_a_module_named_only_in_an_import_map_is_read_with_its_data(crawled: SitesCrawled) -> None:
    asked = crawled.asked["importmap"]
    assert crawled.found["importmap"] == IMPORTMAP, asked
    assert IMPORTMAP_GUIDE[0] in asked  # judged, and left out
    assert "/static/js/lib/dom.js" in asked  # the module's own import, by the map's prefix
    assert not any("unmapped" in path or "%7B" in path for path in asked)
    _complete(crawled, "importmap")


def test_a_scope_of_the_import_map_resolves_a_dynamic_import(crawled: SitesCrawled) -> None:
    asked = crawled.asked["scoped"]
    assert crawled.found["scoped"] == SCOPED, asked
    assert SCOPED_GUIDE[0] in asked
    assert "/assets/list-old.js" not in asked  # the scope's file replaces the top level's
    _complete(crawled, "scoped")


def test_a_jsonp_answer_fills_the_pages_callback_template(crawled: SitesCrawled) -> None:
    asked = crawled.asked["jsonp"]
    assert crawled.found["jsonp"] == JSONP, asked
    assert JSONP_GUIDE[0] in asked
    _complete(crawled, "jsonp")


def test_a_jsonp_answer_is_tied_only_to_the_callback_it_calls(crawled: SitesCrawled) -> None:
    asked = crawled.asked["foreach"]
    assert crawled.found["foreach"] == FOREACH, asked
    assert FOREACH_GUIDE[0] in asked
    assert UNTIED not in asked  # ``trackVisit(…)`` is no answer for ``showList``
    _complete(crawled, "foreach")


def test_a_hijack_in_a_module_another_module_imports_is_caught(crawled: SitesCrawled) -> None:
    """Red team round 12's infected theme file, now an ES module only ``/js/app.js`` imports
    (through the import map): every page running it sends its visitors away."""
    report = crawled.reports["infected"]
    assert "/js/theme.js" in crawled.asked["infected"]
    assert report.status.value == "suspect", report.summary()
    assert "sent_away" in report.alert_kinds, (report.alerts, report.error_samples)
    assert crawled.found["infected"] == {}  # withheld: no page sending visitors away is indexed
    assert any("/js/theme.js" in line for line in report.error_samples), report.error_samples


def test_import_maps_resolve_as_the_standard_says() -> None:
    from scrapy.http import HtmlResponse

    from crawlers import esmodules

    imap_json = json.dumps(
        {
            "imports": {"a": "/x/a.js", "lib/": "/l/", "bad/": "/no-slash", "/old.js": "/new.js"},
            "scopes": {"/s/": {"a": "/s/a2.js"}},
        }
    )
    response = HtmlResponse(
        "http://p.ir/fa/page",
        body=f'<script type="importmap">{imap_json}</script>'.encode(),
        encoding="utf-8",
    )
    imap = esmodules.import_map(response)
    assert imap.resolve("a", "http://p.ir/fa/page") == "http://p.ir/x/a.js"
    assert imap.resolve("a", "http://p.ir/s/m.js") == "http://p.ir/s/a2.js"  # the scope's
    assert imap.resolve("lib/u.js", "http://p.ir/") == "http://p.ir/l/u.js"
    assert imap.resolve("lib/../../etc.js", "http://p.ir/") is None  # climbs out of the prefix
    assert imap.resolve("bad/x.js", "http://p.ir/") is None  # a prefix mapped to no folder
    assert imap.resolve("./old.js", "http://p.ir/") == "http://p.ir/new.js"  # an address remapped
    assert imap.resolve("./m.js", "http://p.ir/s/x.js") == "http://p.ir/s/m.js"
    assert imap.resolve("react", "http://p.ir/") is None  # bare, and named by no map
    assert imap.resolve("javascript:alert(1)", "http://p.ir/") is None
    assert esmodules.specifiers('import "a"; export * from "./b.js"; import("./c.js")') == [
        "a",
        "./b.js",
        "./c.js",
    ]
    assert esmodules.specifiers('import "a"; import("./c.js")', module=False) == ["./c.js"]
    many = "".join(f'import "./m{i}.js";\n' for i in range(500))
    assert len(esmodules.specifiers(many)) == esmodules.MAX_SPECIFIERS


def test_jsonp_answers_and_callbacks_are_read_in_plain_shapes() -> None:
    from crawlers import jsonp

    assert jsonp.unwrap('cb({"a": 1});') == ("cb", {"a": 1})
    assert jsonp.unwrap('/**/ typeof cb === "function" && cb([1]);') == ("cb", [1])
    assert jsonp.unwrap("ns.cb && ns.cb({});") == ("ns.cb", {})
    assert jsonp.unwrap("a && b({});") is None  # two names: no one callback's answer
    assert jsonp.unwrap("alert(1); cb({})") is None  # code, not a call with JSON
    assert jsonp.unwrap("cb(window.x)") is None
    code = (
        "function r(res) { for (var i = 0; i < res.Items.length; i++) { var s = res.Items[i];"
        " h += '<a href=\"Info.aspx?SID=' + s.SID + '&l=fa\">' + s.Title + '</a>'; } }\n"
        'var f = (d) => { for (const x of d.rows) { out += `<a href="/k/${x.code}/">`; } };\n'
        "function g(res) { go(res.Items[0].url); }\n"  # links no record by a template
    )
    found = jsonp.callbacks(code)
    assert found == {
        "r": jsonp.Callback("Items", (("Info.aspx?SID=", "SID", "&l=fa"),)),
        "f": jsonp.Callback("rows", (("/k/", "code", "/"),)),
    }
    many = "".join(
        f"function c{i}(d) {{ d.forEach(s => {{ h += '<a href=\"x?i=' + s.id + '\">'; }}); }}\n"
        for i in range(200)
    )
    assert len(jsonp.callbacks(many)) == jsonp.MAX_FUNCTIONS
