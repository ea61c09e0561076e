"""A single-page app: every HTML page is the same empty shell; the bundle reads a
JSON:API feed (Drupal-style ``data``/``attributes``/``links.next``) of services and articles."""

from __future__ import annotations

import uuid

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue
from sandbox.unseen.base import UnseenSite, e, slug

LIMIT = 8
BUNDLE = "/static/js/main.7c1e2f.js"


class SpaSite(UnseenSite):
    id = "fani-qazvin"
    agency = catalogue.FANI

    def __init__(self) -> None:
        super().__init__(catalogue.fani())
        self.news = catalogue.news_titles()
        self.terms = list(dict.fromkeys(s.category for s in self.specs))

    def service_path(self, spec: ServiceSpec) -> str:
        return f"/services/{slug(spec.title)}"

    def handle(self, request: Request) -> Response:
        path, query = request.path, request.query
        if path == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /user/\n")
        if path == BUNDLE:
            js = (
                '(()=>{const API="/jsonapi";function load(t,o){return fetch(API+"/node/"+t+'
                '"?page[offset]="+o+"&page[limit]=' + str(LIMIT) + '")'
                '.then(r=>r.json())}load("service",0);load("article",0);})();'
            )
            return Response.text(js, "application/javascript")
        if path == "/jsonapi":  # the JSON:API entry point lists the resource collections
            base = f"{request.origin}/jsonapi"
            return Response.json(
                {
                    "jsonapi": {"version": "1.0"},
                    "data": [],
                    "links": {
                        "self": {"href": base},
                        "node--article": {"href": f"{base}/node/article"},
                        "node--service": {"href": f"{base}/node/service"},
                        "taxonomy_term--service_category": {
                            "href": f"{base}/taxonomy_term/service_category"
                        },
                    },
                }
            )
        if path == "/jsonapi/node/service":
            return self._feed(request, [self._service(s) for s in self.visible()], "service")
        if path == "/jsonapi/node/article":
            items: list[dict[str, object]] = [
                {
                    "type": "node--article",
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, t)),
                    "attributes": {
                        "title": t,
                        "created": "2024-06-01T10:00:00+03:30",
                        "path": {"alias": f"/news/{i}"},
                    },
                }
                for i, t in enumerate(self.news)
            ]
            return self._feed(request, items, "article")
        del query
        return self._shell()

    def _shell(self) -> Response:
        html = f"""<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{e(self.agency)}</title>
<script defer="defer" src="{BUNDLE}"></script><link href="/static/css/main.css" rel="stylesheet">
</head><body><noscript>برای استفاده از این سامانه جاوااسکریپت مرورگر را فعال کنید.</noscript>
<div id="root"></div></body></html>"""
        return Response.html(html)

    def _service(self, spec: ServiceSpec) -> dict[str, object]:
        term = str(uuid.uuid5(uuid.NAMESPACE_URL, spec.category))
        return {
            "type": "node--service",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"fani/{spec.number}")),
            "attributes": {
                "title": spec.title,
                "path": {"alias": self.service_path(spec), "langcode": "fa"},
                "body": {"value": f"<p>{e(spec.description)}</p>", "summary": spec.description},
                "field_documents": list(spec.documents),
                "field_fee": spec.fee,
                "field_duration": spec.duration,
            },
            "relationships": {
                "field_category": {"data": {"type": "taxonomy_term--service_category", "id": term}}
            },
        }

    def _feed(self, request: Request, items: list[dict[str, object]], kind: str) -> Response:
        raw = request.query.get("page[offset]", "0")
        offset = int(raw) if raw.isdigit() else 0
        page = items[offset : offset + LIMIT]
        base = f"{request.origin}/jsonapi/node/{kind}"
        links: dict[str, object] = {
            "self": {"href": f"{base}?page[offset]={offset}&page[limit]={LIMIT}"}
        }
        if offset + LIMIT < len(items):
            links["next"] = {"href": f"{base}?page[offset]={offset + LIMIT}&page[limit]={LIMIT}"}
        included = (
            [
                {
                    "type": "taxonomy_term--service_category",
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, t)),
                    "attributes": {"name": t},
                }
                for t in self.terms
            ]
            if kind == "service"
            else []
        )
        return Response(
            body=Response.json(
                {"jsonapi": {"version": "1.0"}, "data": page, "links": links, "included": included}
            ).body,
            headers=[("Content-Type", "application/vnd.api+json")],
        )
