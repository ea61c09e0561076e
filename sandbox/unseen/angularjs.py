# ruff: noqa: E501
"""(d) اداره کل بنادر و دریانوردی استان هرمزگان on ASP.NET MVC 5 with an AngularJS 1.x services list.
Ported from the held-out round's ``p4_angularjs.py`` (its base variant):
- ``/Services`` carries the model as HTML-escaped JSON in an attribute,
  ``ng-init="vm.services=[{&quot;Id&quot;:101,…}]"`` (no URL in it), rendered by
  ``<li ng-repeat="s in vm.services | filter:vm.q …"><a ng-href="/Service/Details/{{s.Id}}">{{s.Title}}</a>``:
  no ``href`` on the page names a service;
- detail pages ``/Service/Details/N`` are server-rendered (h1, bootstrap panels) with
  ``/Service/Print/N``; the home page links three services with ``<a href>``;
- noise: news, guides ``/Guide/Details/N`` («مراحل»/«مدت زمان» h3s), an FAQ of collapsed panels,
  tenders in headed sections, contact, search; paths answered in any letter case."""

from __future__ import annotations

import json

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round8 as cat
from sandbox.unseen.base import e, raw
from sandbox.unseen.catalogue_round8 import (
    FAQ,
    GUIDES,
    NEWS_BODY,
    NEWS_TITLES,
    TENDERS,
    Service,
    guide_html,
    tender_body,
)
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.PMO
TEMPLATE = (
    '<div ng-controller="ServicesController as vm" {init}>'
    '<h2>فهرست خدمات</h2><input type="text" class="form-control" ng-model="vm.q" placeholder="جستجو در خدمات..." />'
    '<select ng-model="vm.group" ng-options="g for g in vm.groups"><option value="">همه گروه‌ها</option></select>'
    '<ul class="list-group"><li class="list-group-item" ng-repeat="s in vm.services | filter:vm.q | filter:{{Group: vm.group}} track by s.Id">'
    '<a ng-href="/Service/Details/{{{{s.Id}}}}">{{{{s.Title}}}}</a> <span class="badge">{{{{s.Group}}}}</span></li></ul>'
    '<p ng-if="!vm.services.length">در حال بارگذاری...</p></div>'
)


def layout(title: str, content: str, scripts: str = "") -> Response:
    nav = "".join(
        f'<li><a href="{h}">{t}</a></li>'
        for h, t in [
            ("/", "صفحه اصلی"),
            ("/Services", "خدمات"),
            ("/News", "اخبار"),
            ("/Guide", "راهنماها"),
            ("/Faq", "پرسش‌های متداول"),
            ("/Tenders", "مناقصات"),
            ("/Contact", "تماس با ما"),
            ("/en", "English"),
        ]
    )
    return Response.html(
        '<!DOCTYPE html>\r\n<html lang="fa" dir="rtl" ng-app="pmoApp">\r\n<head>\r\n<meta charset="utf-8" />\r\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\r\n'
        f'<title>{e(title)} - {e(AGENCY)}</title>\r\n<link href="/Content/bootstrap-rtl.min.css" rel="stylesheet"/>\r\n'
        '<link href="/Content/site.css" rel="stylesheet"/>\r\n<script src="/Scripts/angular.min.js"></script>\r\n'
        '<script src="/Scripts/app/app.js"></script>\r\n</head>\r\n<body ng-cloak>\r\n'
        '<div class="navbar navbar-inverse navbar-fixed-top"><div class="container"><a class="navbar-brand" href="/">'
        + e(AGENCY)
        + "</a>"
        f'<ul class="nav navbar-nav">{nav}</ul>'
        '<form class="navbar-form" action="/Search" method="get"><input name="term" class="form-control" /></form></div></div>\r\n'
        f'<div class="container body-content">{content}<hr /><footer><p>&copy; 1403 - {e(AGENCY)}</p></footer></div>\r\n'
        f'{scripts}<input name="__RequestVerificationToken" type="hidden" value="CfDJ8Hk2-x9" /></body>\r\n</html>'
    )


def panel(t: str, body: str) -> str:
    return f'<div class="panel panel-default"><div class="panel-heading"><h3 class="panel-title">{t}</h3></div><div class="panel-body">{body}</div></div>'


class AngularJsSite(TableSite):
    id = "pmo-hormozgan"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(cat.services(cat.PMO_ROWS, AGENCY))

    def service_path(self, s: ServiceSpec) -> str:
        assert isinstance(s, Service)
        return f"/Service/Details/{s.key}"

    def pages(self, origin: str) -> dict[str, Response]:
        pages: dict[str, Response] = {}
        shown = self.shown()
        model = [{"Id": int(s.key), "Title": s.title, "Group": s.category} for s in shown]
        pages["/Services"] = layout(
            "خدمات",
            TEMPLATE.format(
                init=f'ng-init="vm.services={e(json.dumps(model, ensure_ascii=False))}"'
            ),
            '<script src="/Scripts/app/services.controller.js"></script>',
        )
        pages["/Scripts/app/app.js"] = raw(
            "var app = angular.module('pmoApp', []);\n", "application/javascript"
        )
        pages["/Scripts/app/services.controller.js"] = raw(
            "app.controller('ServicesController', ['$scope', function ($scope) {\n  var vm = this;\n  vm.q = '';\n"
            "  vm.init = function () { vm.services = window.model || []; };\n}]);\n",
            "application/javascript",
        )
        pages["/Scripts/angular.min.js"] = raw(
            "/* AngularJS v1.6.9 (c) 2010-2018 Google, Inc. http://angularjs.org License: MIT */\n",
            "application/javascript",
        )

        popular = [s for s in self.services[:3] if s in shown]
        pages["/"] = layout(
            "صفحه اصلی",
            '<div class="jumbotron"><h1>سامانه خدمات اداره کل بنادر و دریانوردی</h1></div>'
            '<div class="row"><div class="col-md-6"><h3>خدمات پرکاربرد</h3><ul>'
            + "".join(
                f'<li><a href="/Service/Details/{s.key}">{e(s.title)}</a></li>' for s in popular
            )
            + '</ul><a class="btn btn-default" href="/Services">همه خدمات &raquo;</a></div>'
            '<div class="col-md-6"><h3>اخبار</h3><ul>'
            + "".join(
                f'<li><a href="/News/Details/{i + 1}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS_TITLES[:3])
            )
            + "</ul></div></div>",
        )
        pages["/en"] = layout(
            "Home",
            "<h1>Ports and Maritime Organization - Hormozgan</h1><p>English pages are coming soon.</p>",
        )
        for s in shown:
            docs = "<ul>" + "".join(f"<li>{e(d)}</li>" for d in s.documents) + "</ul>"
            steps = "<ol>" + "".join(f"<li>{e(d)}</li>" for d in s.steps) + "</ol>"
            inner = (
                f'<p class="lead">{e(s.description)}</p>'
                + panel("مدارک مورد نیاز", docs)
                + panel("مراحل انجام کار", steps)
                + panel("هزینه", e(s.fee))
                + panel("مدت زمان انجام", e(s.duration))
            )
            pages[f"/Service/Details/{s.key}"] = layout(
                s.title,
                '<ol class="breadcrumb"><li><a href="/">خانه</a></li><li><a href="/Services">خدمات</a></li></ol>'
                f'<h1>{e(s.title)}</h1><span class="label label-info">{e(s.category)}</span>{inner}'
                f'<a class="btn btn-default" href="/Service/Print/{s.key}" target="_blank">نسخه چاپی</a> '
                f'<a class="btn btn-primary" href="https://e.pmo.ir/Request/Create?serviceId={s.key}">درخواست آنلاین</a>',
            )
            pages[f"/Service/Print/{s.key}"] = Response.html(
                f'<html dir="rtl"><head><meta charset="utf-8"><title>{e(s.title)}</title></head><body onload="window.print()"><h1>{e(s.title)}</h1>{inner}</body></html>'
            )
        pages["/News"] = layout(
            "اخبار",
            "<h2>اخبار</h2><ul>"
            + "".join(
                f'<li><a href="/News/Details/{i + 1}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS_TITLES)
            )
            + "</ul>",
        )
        for i, t in enumerate(NEWS_TITLES):
            pages[f"/News/Details/{i + 1}"] = layout(
                t, f'<h1>{e(t)}</h1><p class="text-muted">۱۴۰۳/۰۸/{10 + i}</p><p>{e(NEWS_BODY)}</p>'
            )
        pages["/Guide"] = layout(
            "راهنماها",
            "<h2>راهنماها</h2><ul>"
            + "".join(
                f'<li><a href="/Guide/Details/{i + 1}">{e(t)}</a></li>'
                for i, (t, _) in enumerate(GUIDES)
            )
            + "</ul>",
        )
        for i, (t, st) in enumerate(GUIDES):
            pages[f"/Guide/Details/{i + 1}"] = layout(t, f"<h1>{e(t)}</h1>{guide_html(t, st)}")
        pages["/Faq"] = layout(
            "پرسش‌های متداول",
            '<h2>پرسش‌های متداول</h2><div class="panel-group" id="faq">'
            + "".join(
                f'<div class="panel panel-default"><div class="panel-heading"><h4 class="panel-title"><a data-toggle="collapse" href="#q{i}">{e(q)}</a></h4></div>'
                f'<div id="q{i}" class="panel-collapse collapse"><div class="panel-body">{e(a)}</div></div></div>'
                for i, (q, a) in enumerate(FAQ)
            )
            + "</div>",
        )
        pages["/Tenders"] = layout(
            "مناقصات",
            "<h2>مناقصات</h2>"
            + "".join(
                f'<h3><a href="/Tenders/Details/{i + 1}">{e(t)}</a></h3>'
                for i, (t, _) in enumerate(TENDERS)
            ),
        )
        for i, (t, d) in enumerate(TENDERS):
            pages[f"/Tenders/Details/{i + 1}"] = layout(t, f"<h1>{e(t)}</h1>{tender_body(t, d)}")
        pages["/Contact"] = layout(
            "تماس با ما",
            '<h2>تماس با ما</h2><address>بندرعباس، بلوار ساحلی، ساختمان بنادر</address><form action="/Contact" method="post"><input name="Name"><textarea name="Body"></textarea><button type="submit">ارسال</button></form>',
        )
        pages["/robots.txt"] = raw("User-agent: *\nDisallow: /Account/\n", "text/plain")
        return pages

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        """MVC's routes: a search answers nothing found; any page in any letter case."""
        if r.target.startswith("/Search"):
            return layout("جستجو", "<h2>نتایج جستجو</h2><p>نتیجه‌ای یافت نشد.</p>")
        target = r.target.lower()
        return next((p for path, p in pages.items() if path.lower() == target), None)
