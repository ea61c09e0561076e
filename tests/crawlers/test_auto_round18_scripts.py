"""``auto`` on the script mechanisms of the eighteenth held-out round of portal styles.

Small portals crawled together, each listing its services only through an address its script
puts together, so the crawl found none of them and reported ``complete`` with no alert: a Vue 2
in-DOM template binding ``:href="'/prefix/' + s.id"`` (or ``v-bind:href`` with a template
literal) over records in ``new Vue({data: {...}})``, the same over records an API answers,
Alpine's ``:href`` over ``x-data``, Angular's ``[routerLink]`` segments, and grids whose rows
call ``onclick="ShowX(12)"``, a function of the site's script file (or of the page's inline
script) going to a literal head plus its parameter. Each portal also holds a page that is no
service inside its services list: it is judged and left out.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from crawl_helpers import AgencyPages, Page, Site, SitesCrawled, crawl_sites, serve

AGENCY = "اداره کل استاندارد استان یزد"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home


def raw(body: bytes | str, kind: str) -> Page:
    return 200, {"Content-Type": kind}, body.encode() if isinstance(body, str) else body


def guide(title: str) -> Page:
    """A how-to page inside a services list: no service."""
    return page(
        title,
        f"<h1>{title}</h1><p>این راهنما نحوه کار با سامانه را شرح می‌دهد.</p>"
        "<h3>چگونه ثبت‌نام کنم؟</h3><p>با شماره همراه خود وارد شوید.</p>",
    )


def news(title: str) -> Page:
    return page(
        title,
        f"<h1>{title}</h1><div>کد خبر: 7781</div>"
        "<p>به گزارش روابط عمومی، مدیرکل از آزمایشگاه‌های همکار بازدید کرد.</p>",
    )


VUE_LIB = '<script src="/assets/vue@2.6.14/vue.min.js"></script>'


def library() -> Page:
    return raw("/*! Vue.js v2.6.14 (c) 2014-2021 Evan You */", "text/javascript")


# ---- Vue 2: ``v-bind:href`` with a template literal, the records in ``new Vue({data})``

VUE = {
    f"/khadamat/sabt/{c}": t
    for c, t in [
        ("st-101", "صدور پروانه کاربرد علامت استاندارد"),
        ("st-102", "تمدید پروانه کاربرد علامت استاندارد"),
        ("st-103", "صدور گواهی کالیبراسیون"),
        ("st-104", "ثبت درخواست بازرسی کالای وارداتی"),
    ]
}
VUE_GUIDE = ("/khadamat/sabt/st-199", "راهنمای استفاده از سامانه پروانه‌ها")


def vue_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in VUE.items()}
    found[VUE_GUIDE[0]] = guide(VUE_GUIDE[1])
    records = [{"code": p.rsplit("/", 1)[1], "name": t} for p, t in VUE.items()]
    records.insert(2, {"code": "st-199", "name": VUE_GUIDE[1]})
    app = (
        '<div id="khadamat"><ul><li v-for="k in shown" :key="k.code">'
        '<a v-bind:href="`/khadamat/sabt/${k.code}`">{{ k.name }}</a></li></ul></div>'
        + VUE_LIB
        + "<script>var vm = new Vue({\n  el: '#khadamat',\n  data: {\n    filter: '',\n"
        f"    items: {json.dumps(records, ensure_ascii=False)}\n  }},\n"
        "  computed: { shown: function () { return this.items; } }\n});</script>"
    )
    found["/"] = home("/khadamat")
    found["/khadamat"] = page("خدمات", "<h1>خدمات الکترونیک</h1>" + app)
    found["/assets/vue@2.6.14/vue.min.js"] = library()
    return found


# ---- Vue 2: ``:href="'/fa/khedmat/' + item.id"`` over the records an API answers

VUE_API = {
    "/fa/khedmat/61": "صدور گواهی انطباق کالا",
    "/fa/khedmat/62": "ثبت درخواست نشان ملی کیفیت",
    "/fa/khedmat/63": "صدور تأییدیه آزمایشگاه همکار",
}
VUE_API_GUIDE = ("/fa/khedmat/69", "پرسش‌های متداول آزمایشگاه‌ها")


def vue_api_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in VUE_API.items()}
    found[VUE_API_GUIDE[0]] = guide(VUE_API_GUIDE[1])
    records = [
        {"id": int(p.rsplit("/", 1)[1]), "title": t} for p, t in [*VUE_API.items(), VUE_API_GUIDE]
    ]
    found["/api/khedmat"] = raw(json.dumps(records, ensure_ascii=False), "application/json")
    app = (
        '<div id="app"><div class="card" v-for="item in items">'
        "<a :href=\"'/fa/khedmat/' + item.id\">{{ item.title }}</a></div></div>"
        + VUE_LIB
        + "<script>new Vue({ el: '#app', data: { items: [] }, mounted: function () {"
        " var self = this; fetch('/api/khedmat').then(function (r) { return r.json(); })"
        ".then(function (d) { self.items = d; }); } });</script>"
    )
    found["/"] = home("/fa/khadamat")
    found["/fa/khadamat"] = page("خدمات", "<h1>میز خدمت</h1>" + app)
    found["/assets/vue@2.6.14/vue.min.js"] = library()
    return found


# ---- Alpine: ``:href`` inside ``x-for`` over ``x-data``'s list; Angular: ``[routerLink]``

ALPINE = {
    "/services/detail/7": "صدور مجوز واحد بسته‌بندی",
    "/services/detail/8": "ثبت درخواست ارزیابی انطباق",
}
ALPINE_GUIDE = ("/services/detail/9", "راهنمای ثبت درخواست ارزیابی")
ANGULAR = {
    "/khadamat/item/kal-1": "صدور گواهی بازرسی کالای صادراتی",
    "/khadamat/item/kal-2": "صدور گواهی آزمون مصالح ساختمانی",
}


def alpine_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in (ALPINE | ANGULAR).items()}
    found[ALPINE_GUIDE[0]] = guide(ALPINE_GUIDE[1])
    records = [{"id": int(p.rsplit("/", 1)[1]), "t": t} for p, t in [*ALPINE.items(), ALPINE_GUIDE]]
    data = html.escape(json.dumps({"services": records}, ensure_ascii=False))
    alpine = (
        f'<div x-data="{data}"><template x-for="s in services" :key="s.id">'
        '<a :href="\'/services/detail/\' + s.id" x-text="s.t"></a></template></div>'
    )
    slugs = [{"slug": p.rsplit("/", 1)[1], "title": t} for p, t in ANGULAR.items()]
    angular = (
        '<app-khadamat><a *ngFor="let k of khadamat" [routerLink]="[\'/khadamat/item\', k.slug]">'
        "{{ k.title }}</a></app-khadamat>"
        f"<script>window.khadamat = {json.dumps(slugs, ensure_ascii=False)};</script>"
    )
    found["/"] = home("/services")
    found["/services"] = page("خدمات", "<h1>خدمات</h1>" + alpine + angular)
    return found


# ---- onclick="OpenKhedmat('k-12')": the function in the site's script file

GRID = {
    "/Khadamat/View.aspx?code=k-12&lang=fa": "صدور پروانه ساخت کالا",
    "/Khadamat/View.aspx?code=k-13&lang=fa": "صدور گواهی مطابقت با استاندارد اجباری",
    "/Khadamat/View.aspx?code=k-14&lang=fa": "ثبت شکایت از کیفیت کالا",
}
GRID_GUIDE = ("/Khadamat/View.aspx?code=k-99&lang=fa", "راهنمای تکمیل فرم شکایت")
NEWS_PAGE = ("/Khabar/Show.aspx?id=31", "بازدید مدیرکل از واحدهای تولیدی")
SITE_JS = (
    "/* site scripts */\n"
    "var OpenKhedmat = function (code) {\n"
    "    document.location.href = '/Khadamat/View.aspx?code=' + encodeURIComponent(code)"
    " + '&lang=fa';\n};\n"
    "function OpenKhabar(id) { location.href = '/Khabar/Show.aspx?id=' + id; }\n"
    "function PrintIt(id) { window.open('/Print.aspx?id=' + id, 'p', 'width=600,height=400'); }\n"
)


def grid_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in GRID.items()}
    found[GRID_GUIDE[0]] = guide(GRID_GUIDE[1])
    found[NEWS_PAGE[0]] = news(NEWS_PAGE[1])
    rows = "".join(
        f"<tr onclick=\"OpenKhedmat('{p.split('=')[1].split('&')[0]}')\"><td>{t}</td>"
        f'<td><a href="javascript:;" onclick="PrintIt({i});return false;">چاپ</a></td></tr>'
        for i, (p, t) in enumerate([*GRID.items(), GRID_GUIDE])
    )
    found["/"] = home("/Khadamat/List.aspx")
    found["/Khadamat/List.aspx"] = page(
        "خدمات",
        f'<h1>فهرست خدمات</h1><table class="grid">{rows}</table>'
        f'<p><a href="javascript:void(0)" onclick="OpenKhabar(31)">{NEWS_PAGE[1]}</a></p>',
        '<script src="/js/site.js"></script>',
    )
    found["/js/site.js"] = raw(SITE_JS, "application/javascript")
    return found


# ---- onclick="goService(31)": the function in the page's inline script, a relative head

INLINE = {
    "/portal/ServiceDetail.aspx?id=31": "صدور مجوز آزمایشگاه همکار",
    "/portal/ServiceDetail.aspx?id=32": "تمدید مجوز آزمایشگاه همکار",
}
INLINE_GUIDE = ("/portal/ServiceDetail.aspx?id=39", "راهنمای دریافت کد رهگیری")


def inline_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in INLINE.items()}
    found[INLINE_GUIDE[0]] = guide(INLINE_GUIDE[1])
    buttons = "".join(
        f'<li>{t} <button type="button" onclick="goService({p.rsplit("=", 1)[1]})">مشاهده</button>'
        for p, t in [*INLINE.items(), INLINE_GUIDE]
    )
    found["/"] = home("/portal/Services.aspx")
    found["/portal/Services.aspx"] = page(
        "خدمات",
        f"<h1>خدمات</h1><ul>{buttons}</ul>"
        "<script>function goService(id) {\n  window.location = 'ServiceDetail.aspx?id=' + id;\n}"
        "</script>",
    )
    return found


STYLES = {
    "vue": vue_pages,
    "vue-api": vue_api_pages,
    "alpine": alpine_pages,
    "grid": grid_pages,
    "inline": inline_pages,
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    tmp = tmp_path_factory.mktemp("round18")
    with ExitStack() as stack:
        sites: dict[str, Site] = {name: stack.enter_context(serve({})) for name in STYLES}
        for name, pages in STYLES.items():
            sites[name].pages.update(pages())
        yield crawl_sites(sites, tmp, AGENCY)


def _complete(crawled: SitesCrawled, name: str) -> None:
    assert crawled.reports[name].status.value == "complete", crawled.reports[name].summary()


def test_a_vue_template_literal_binding_is_filled_from_the_vue_data(crawled: SitesCrawled) -> None:
    asked = crawled.asked["vue"]
    assert crawled.found["vue"] == VUE, asked
    assert VUE_GUIDE[0] in asked  # judged, and left out
    assert not any("{" in path or "%7B" in path for path in asked)
    _complete(crawled, "vue")


def test_a_vue_binding_is_filled_from_the_records_its_api_answers(crawled: SitesCrawled) -> None:
    asked = crawled.asked["vue-api"]
    assert crawled.found["vue-api"] == VUE_API, asked
    assert VUE_API_GUIDE[0] in asked
    _complete(crawled, "vue-api")


def test_alpine_and_angular_bindings_are_filled(crawled: SitesCrawled) -> None:
    asked = crawled.asked["alpine"]
    assert crawled.found["alpine"] == ALPINE | ANGULAR, asked
    assert ALPINE_GUIDE[0] in asked
    _complete(crawled, "alpine")


def test_rows_calling_a_site_script_function_with_an_id_are_followed(crawled: SitesCrawled) -> None:
    asked = crawled.asked["grid"]
    assert crawled.found["grid"] == GRID, asked
    assert GRID_GUIDE[0] in asked  # judged, and left out
    assert NEWS_PAGE not in crawled.found["grid"].items()
    assert not any(path.startswith("/Print.aspx") for path in asked)  # a pop-up print copy
    _complete(crawled, "grid")


def test_buttons_calling_an_inline_function_with_an_id_are_followed(crawled: SitesCrawled) -> None:
    asked = crawled.asked["inline"]
    assert crawled.found["inline"] == INLINE, asked
    assert INLINE_GUIDE[0] in asked
    assert "/portal/ServiceDetail.aspx?id=" not in asked  # the head alone is no page
    _complete(crawled, "inline")


def test_bound_expressions_are_read_only_in_plain_shapes() -> None:
    from crawlers import jsbind

    assert jsbind.bound_template("'/a/' + s.id") == "/a/{{s.id}}"
    assert jsbind.bound_template(" '/a?x=' + s.id + '&l=fa' ") == "/a?x={{s.id}}&l=fa"
    assert jsbind.bound_template("`/a/${ s.code }/`") == "/a/{{s.code}}/"
    assert jsbind.bound_template("s.url") == "{{s.url}}"
    assert jsbind.bound_template("'/static'") == "/static"
    assert jsbind.bound_template("['/a', s.slug]") == "/a/{{s.slug}}"
    assert jsbind.bound_template("go(s.id)") is None
    assert jsbind.bound_template("s.ok ? '/a' : '/b'") is None
    assert jsbind.bound_template("'/a/' + " * 10_000 + "s.id") is None  # cut: nothing read


def test_navigating_functions_and_calls_are_read_within_bounds() -> None:
    from crawlers import jsbind

    code = (
        "function A(x, id) { top.location.href = '/a?id=' + id; }\n"
        "var B = (k) => { location.assign('/b/' + k + '/'); };\n"
        "function C(id) { window.open('/c?id=' + id, 'w', 'width=300'); }\n"
        "function D(id) { var u = '/d?id=' + id; location.href = u; }\n"
        "function E(id) { if (id) { x(); } } function F(v) { location.href = '/f?' + w; }\n"
    )
    found = jsbind.navigating_functions(code)
    assert set(found) == {"A", "B"}
    assert jsbind.called_addresses("A(1, 5); B('x-y'); C(3)", found) == ["/a?id=5", "/b/x-y/"]
    assert jsbind.called_addresses("A(1)", found) == []  # the parameter not passed
    assert jsbind.literal_calls("B(this.id); B(window.x)") == []  # nothing literal
    many = "".join(f"function F{i}(id) {{ location.href = '/x?i=' + id; }}\n" for i in range(500))
    assert len(jsbind.navigating_functions(many)) == jsbind.MAX_FUNCTIONS
    assert len(jsbind.literal_calls("B(1);" * 1000)) == jsbind.MAX_CALLS
