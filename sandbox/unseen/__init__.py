"""The unseen province (استان قزوین): seven portals in CMS markup the crawler was not written for.

Kept apart from the demo province (:mod:`sandbox`): it exists to measure
``strategy: auto`` on material its rules were not tuned against. Each portal
is its own loopback origin (127.0.2.1, 127.0.2.2, ...) with committed ground
truth in ``sandbox/unseen/data/<id>/ground_truth.json`` (regenerate with
``python -m sandbox.unseen --write-ground-truth``).

A second round (:data:`PORTAL_IDS_ROUND2`, :func:`start_round`, on 127.0.12.x) adds
four more styles of other provinces: ASP.NET WebForms paged by ``__doPostBack`` (also without
any GET link to its grid's later pages), Drupal 9, Bootstrap tabs + accordion whose services
have no page of their own (their deep links are forms on a sibling origin, the request
system), and a Rayan-style windows-1256 portal routed by its query string.

A third round (:data:`PORTAL_IDS_ROUND3`, :func:`start_round`, on 127.0.13.x) adds four
more: a Sitefinity-like portal paged by ``<button onclick>`` plus one icon-only ``rel="next"``
link, one big services ``<table>`` whose links say «مشاهده»/«جزئیات», a Laravel/Vue site whose
service sections sit inside ``<details>/<summary>``, and a Joomla 1.5 portal in windows-1256
with a missing or wrong charset.

A fourth round (:data:`PORTAL_IDS_ROUND4`, :func:`start_round`, on 127.0.15.x) adds three:
a WordPress + Elementor site whose every heading is an ``h2.elementor-heading-title`` in a widget
box of its own, a SharePoint 2010 site whose title is only in
``span#ctl00_PlaceHolderMain_lblTitle`` (UTF-8 with a BOM), and a «میز خدمت» portal whose title is
only in a ``<dl>`` and in ``<title>``.

A fifth round (:data:`PORTAL_IDS_ROUND5`, :func:`start_round`, on 127.0.19.x) adds six:
a Liferay 6.2 portal whose first-visit links carry ``;jsessionid=`` in their path and whose
services have print copies ``?p_p_state=pop_up``, a catalogue that is an ASP.NET app shown only
in an ``<iframe>`` (its sections ``<fieldset><legend>``), a «نمایش بیشتر» list whose later
pages are HTML fragments and a ``<noscript>`` pager, an ASP.NET MVC site whose sections are
Bootstrap ``nav-tabs`` panes, a portal whose services are listed only in a mega menu, and
Bootstrap 5 cards whose only link is an empty ``a.stretched-link``.

A sixth round (:data:`PORTAL_IDS_ROUND6`, :func:`start_round`, on 127.0.23.x) adds six:
a Dorsa portal whose every page is ``/Index.aspx?page_=…`` (its services' title a bare
``div.ESTitle``, their fields ``span.ESLabel``/``span.ESValue`` rows), a multi-site
``index.aspx?siteid=S&&siteid=S&pageid=P`` portal whose city sub-sites are linked only by a
``<select onchange>`` menu (print copies at ``printpage.aspx``), a county image map
(``<area>``) whose county office pages list the services, a Douran portal of raw Persian slugs
(a ``?PageIndex=2`` hub, the title a module-head ``span``, labels ``<strong>`` in a styled
``<span>``), a site whose services are reachable only through its sitemap index (the listing a
POST-only widget), and base64 ``showpages.aspx`` ids with ``<dl>`` lists (print copies at
``print.aspx``).

A seventh round (:data:`PORTAL_IDS_ROUND7`, :func:`start_round`, on 127.0.24.x), ported from a
held-out evaluation built blind, adds six: a Next.js site whose services list is only in its
``__NEXT_DATA__`` blob (the link template only in a JS chunk), a FrontPage frameset in
windows-1256 whose services table opens its rows by ``onclick``/``window.open`` only (the title a
``<b><font size=4>`` under the agency's ``<title>``), Plone 5 (absolute URLs, ``b_start:int``
batches, ``/view`` aliases), TYPO3 ``index.php?id=N`` with ``cHash`` and ``<base href>``, a CMS
whose services are listed only in an RSS feed under ``/fa/rss/``, and Kentico tabs filled by
``fetch()`` (PDF request forms, ``/getdoc/`` permalinks); four of them publish calls for tenders
laid out in headed sections like a service.

An eighth round (:data:`PORTAL_IDS_ROUND8`, on 127.0.26.x), ported the same way, adds six:
Umbraco 8 whose catalogue cards are ``<div data-href>`` made clickable by jQuery (no ``<a>``),
Drupal 7 Views split by citizen type (حقیقی/حقوقی, ``?page=N``, Persian pathauto aliases,
``/node/N`` and ``/print/N``), classic ASP in windows-1256 named only in the HTTP header with
icon-only links and form-download pages, an AngularJS list in ``ng-init`` JSON rendered through
``ng-href="/Service/Details/{{s.Id}}"``, a Persian CMS whose catalogue is only behind an empty GET
search form (``/fa/خدمت/۱۲`` URLs, FAQ items with a «مدارک مورد نیاز» heading), and a Sitecore
long page of ``#srv-N`` sections beside a page per service (a guide page laid out like a
service); four of them publish guides or FAQ items with service-like headings.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from registry.registration import Registration
from sandbox.province import Province, RunningPortal
from sandbox.unseen.base import UnseenSite, UnseenTruth

PORTAL_IDS: tuple[str, ...] = (
    "behzisti-qazvin",
    "taavon-qazvin",
    "miras-qazvin",
    "jahad-qazvin",
    "standard-qazvin",
    "daraei-qazvin",
    "fani-qazvin",
)
PORTAL_IDS_ROUND2: tuple[str, ...] = (
    "barq-zanjan",
    "barq-zanjan-norelated",
    "saorg",
    "rahdari-hamedan",
    "pmo-bushehr",
)
PORTAL_IDS_ROUND3: tuple[str, ...] = (
    "shahrak-kerman",
    "mokhaberat-bushehr",
    "sabt-mazandaran",
    "gas-khuzestan",
)
PORTAL_IDS_ROUND4: tuple[str, ...] = (
    "entezami-semnan",
    "gas-kurdistan",
    "mokhaberat-gilan",
)
PORTAL_IDS_ROUND5: tuple[str, ...] = (
    "shahrak-yazd",
    "pishkhan-isfahan",
    "shahrdari-kerman",
    "abfa-tehran",
    "sabt-khorasan",
    "ostandari-khj",
)
PORTAL_IDS_ROUND6: tuple[str, ...] = (
    "ostandari-semnan",
    "gaz-khuzestan",
    "sabtahval-mzn",
    "tozi-golestan",
    "sanati-kerman",
    "qazaii-hamedan",
)
PORTAL_IDS_ROUND7: tuple[str, ...] = (
    "barq-qazvin",
    "sabt-yazd",
    "kaums-kashan",
    "shahrdari-rasht",
    "manabe-mazandaran",
    "standard-khorasan",
)
PORTAL_IDS_ROUND8: tuple[str, ...] = (
    "standard-isfahan",
    "samt-khorasan",
    "dampezeshki-fars",
    "pmo-hormozgan",
    "taavon-kerman",
    "abfa-karaj",
)
CMS: dict[str, str] = {
    "behzisti-qazvin": "Tetis PORTAL",
    "taavon-qazvin": "DotNetNuke",
    "miras-qazvin": "WordPress + Yoast",
    "jahad-qazvin": "Joomla",
    "standard-qazvin": "microdata + gzipped sitemap index",
    "daraei-qazvin": "«شناسنامه خدمت» tables",
    "fani-qazvin": "single-page app over JSON:API",
    "barq-zanjan": "ASP.NET WebForms GridView paged by __doPostBack",
    "barq-zanjan-norelated": "WebForms, grid pages 2-3 reachable only by __doPostBack",
    "saorg": "Drupal 9 views, taxonomy and /fa/node/N",
    "rahdari-hamedan": "Bootstrap tabs + accordion, forms on a sibling origin",
    "pmo-bushehr": "Rayan-style windows-1256 portal routed by its query string",
    "shahrak-kerman": "Sitefinity-like, ?page=N behind <button> and an icon-only rel=next",
    "mokhaberat-bushehr": "one services <table>, links «مشاهده»/«جزئیات»",
    "sabt-mazandaran": "Laravel/Vue cards, <details><summary><h3> service sections",
    "gas-khuzestan": "Joomla 1.5 index.php?option=…, windows-1256 with no or a wrong charset",
    "entezami-semnan": "WordPress + Elementor, every heading an h2.elementor-heading-title",
    "gas-kurdistan": "SharePoint 2010, the title only in span#…_lblTitle, UTF-8 BOM",
    "mokhaberat-gilan": "«میز خدمت» شناسنامه, links are codes, the title only in <dl> and <title>",
    "shahrak-yazd": "Liferay 6.2 Asset Publisher, ;jsessionid= in link paths, pop-up print copies",
    "pishkhan-isfahan": "an ASP.NET catalogue only in an <iframe>, <fieldset><legend> sections",
    "shahrdari-kerman": "«نمایش بیشتر» <button data-url> fragments, a <noscript> pager",
    "abfa-tehran": "ASP.NET MVC raw-Persian slugs, Bootstrap nav-tabs panes, a section <h1>",
    "sabt-khorasan": "no listing: the services only in a Bootstrap 3 mega menu",
    "ostandari-khj": "Bootstrap 5 cards, the only link an empty a.stretched-link",
    "ostandari-semnan": "Dorsa Index.aspx?page_=…, div.ESTitle, span.ESLabel/ESValue rows",
    "gaz-khuzestan": "siteid/pageid multi-site, city sub-sites only via <select onchange>",
    "sabtahval-mzn": "county image map <area> -> county office pages listing the services",
    "tozi-golestan": "Douran Portal, raw Persian slugs, ?PageIndex=2, styled-span labels",
    "sanati-kerman": "sitemap.xml index only, the services widget POST-only",
    "qazaii-hamedan": "base64 showpages.aspx ids, <dl> catalogue and dl-horizontal details",
    "barq-qazvin": "Next.js pages router, the services list only in __NEXT_DATA__",
    "sabt-yazd": "FrontPage frameset, windows-1256, rows opened by onclick/window.open",
    "kaums-kashan": "Plone 5 classic + multilingual, b_start:int batches, /view aliases",
    "shahrdari-rasht": "TYPO3 index.php?id=N, Extbase links with cHash, <base href>",
    "manabe-mazandaran": "«سامانه جامع مدیریت محتوا», the services only in an RSS feed",
    "standard-khorasan": "Kentico portal engine, tabs filled by fetch(), PDF request forms",
    "standard-isfahan": "Umbraco 8, catalogue cards are <div data-href> clicked by jQuery",
    "samt-khorasan": "Drupal 7 Views by citizen type, ?page=N, Persian aliases, /node/N",
    "dampezeshki-fars": "classic ASP, windows-1256 in the header only, icon-only links",
    "pmo-hormozgan": "ASP.NET MVC + AngularJS, the list in ng-init JSON and ng-href",
    "taavon-kerman": "Sepehr CMS, the catalogue only behind an empty GET search form",
    "abfa-karaj": "Sitecore 9, one long page of #srv sections and a page per service",
}
DATA_DIR = Path(__file__).parent / "data"


def build_sites() -> dict[str, UnseenSite]:
    from sandbox.unseen import dnn, joomla, microdata, shenasname, spa, tetis, wordpress

    sites: list[UnseenSite] = [
        tetis.TetisSite(),
        dnn.DnnSite(),
        wordpress.WordPressSite(),
        joomla.JoomlaSite(),
        microdata.MicrodataSite(),
        shenasname.ShenasnameSite(),
        spa.SpaSite(),
    ]
    return {site.id: site for site in sites}


def build_sites_round2() -> dict[str, UnseenSite]:
    from sandbox.unseen import accordion, drupal, rayan, webforms

    sites: list[UnseenSite] = [
        webforms.WebFormsSite(),
        webforms.WebFormsSite(related=False, portal_id="barq-zanjan-norelated"),
        drupal.DrupalSite(),
        accordion.AccordionSite(),
        rayan.RayanSite(),
    ]
    return {site.id: site for site in sites}


def build_sites_round3() -> dict[str, UnseenSite]:
    from sandbox.unseen import joomla15, laravel, servicetable, sitefinity

    sites: list[UnseenSite] = [
        sitefinity.SitefinitySite(),
        servicetable.TableSite(),
        laravel.LaravelSite(),
        joomla15.Joomla15Site(),
    ]
    return {site.id: site for site in sites}


def build_sites_round4() -> dict[str, UnseenSite]:
    from sandbox.unseen import elementor, mizkhedmat, sharepoint

    sites: list[UnseenSite] = [
        elementor.ElementorSite(),
        sharepoint.SharePointSite(),
        mizkhedmat.MizKhedmatSite(),
    ]
    return {site.id: site for site in sites}


def build_sites_round5() -> dict[str, UnseenSite]:
    from sandbox.unseen import cards, iframe, liferay, loadmore, megamenu, mvctabs

    sites: list[UnseenSite] = [
        liferay.LiferaySite(),
        iframe.IframeSite(),
        loadmore.LoadMoreSite(),
        mvctabs.MvcTabsSite(),
        megamenu.MegaMenuSite(),
        cards.CardsSite(),
    ]
    return {site.id: site for site in sites}


def build_sites_round6() -> dict[str, UnseenSite]:
    from sandbox.unseen import deflist, dorsa, douran, imagemap, siteid, sitemaponly

    sites: list[UnseenSite] = [
        dorsa.DorsaSite(),
        siteid.SiteIdSite(),
        imagemap.ImageMapSite(),
        douran.DouranSite(),
        sitemaponly.SitemapOnlySite(),
        deflist.DefListSite(),
    ]
    return {site.id: site for site in sites}


def build_sites_round7() -> dict[str, UnseenSite]:
    from sandbox.unseen import frameset, kentico, nextjs, plone, rssfeed, typo3

    sites: list[UnseenSite] = [
        nextjs.NextJsSite(),
        frameset.FramesetSite(),
        plone.PloneSite(),
        typo3.Typo3Site(),
        rssfeed.RssFeedSite(),
        kentico.KenticoSite(),
    ]
    return {site.id: site for site in sites}


def build_sites_round8() -> dict[str, UnseenSite]:
    from sandbox.unseen import angularjs, classicasp, drupal7, longpage, searchform, umbraco

    sites: list[UnseenSite] = [
        umbraco.UmbracoSite(),
        drupal7.Drupal7Site(),
        classicasp.ClassicAspSite(),
        angularjs.AngularJsSite(),
        searchform.SearchFormSite(),
        longpage.LongPageSite(),
    ]
    return {site.id: site for site in sites}


class UnseenProvince(Province):
    """Portals plus the sibling origins some of them link their services to, by portal and
    by the name their ground truth uses (:attr:`UnseenTruth.origin`)."""

    def __init__(
        self, portals: dict[str, RunningPortal], siblings: dict[str, dict[str, RunningPortal]]
    ) -> None:
        super().__init__(portals)
        self.siblings = siblings

    def origins(self, portal_id: str) -> dict[str, str]:
        """The sibling origins of one portal, by name (empty for most portals)."""
        return {name: s.origin for name, s in self.siblings.get(portal_id, {}).items()}

    def __enter__(self) -> UnseenProvince:
        return self

    def stop(self) -> None:
        super().stop()
        for named in self.siblings.values():
            for sibling in named.values():
                sibling.stop()


@dataclass(frozen=True)
class Round:
    """One round of unseen styles: its portals, what serves them, and where ``python -m
    sandbox.unseen --round N`` listens (tests use ephemeral ports on the same hosts)."""

    portal_ids: tuple[str, ...]
    build: Callable[[], dict[str, UnseenSite]]
    host_prefix: str
    port: int


ROUNDS: dict[int, Round] = {
    1: Round(PORTAL_IDS, build_sites, "127.0.2.", 8082),
    2: Round(PORTAL_IDS_ROUND2, build_sites_round2, "127.0.12.", 8093),
    3: Round(PORTAL_IDS_ROUND3, build_sites_round3, "127.0.13.", 8094),
    4: Round(PORTAL_IDS_ROUND4, build_sites_round4, "127.0.15.", 8095),
    5: Round(PORTAL_IDS_ROUND5, build_sites_round5, "127.0.19.", 8096),
    6: Round(PORTAL_IDS_ROUND6, build_sites_round6, "127.0.23.", 8097),
    7: Round(PORTAL_IDS_ROUND7, build_sites_round7, "127.0.24.", 8098),
    8: Round(PORTAL_IDS_ROUND8, build_sites_round8, "127.0.26.", 8099),
}


def start_round(number: int, host_prefix: str | None = None, port: int = 0) -> UnseenProvince:
    """Serve one round, each portal on ``host_prefix`` + 1, 2, ... (the round's own prefix by
    default). The second round's accordion portal links its services to a request system on
    the same host, another port (a sibling subdomain's stand-in: a port of its own when
    ``port`` is fixed, else an ephemeral one), started first so the portal links to its real
    origin."""
    from sandbox.unseen.accordion import REQUESTS, AccordionSite, EServicesSite

    spec = ROUNDS[number]
    prefix = spec.host_prefix if host_prefix is None else host_prefix
    portals: dict[str, RunningPortal] = {}
    siblings: dict[str, dict[str, RunningPortal]] = {}
    province = UnseenProvince(portals, siblings)
    try:
        for index, (portal_id, site) in enumerate(spec.build().items(), start=1):
            host = f"{prefix}{index}"
            if isinstance(site, AccordionSite):
                requests = RunningPortal(EServicesSite(), host, port + 1 if port else 0)
                siblings[portal_id] = {REQUESTS: requests}
                site.form_origin = requests.origin
            portals[portal_id] = RunningPortal(site, host, port)
    except OSError:
        province.stop()
        raise
    return province


def start_unseen(host_prefix: str = "127.0.2.", port: int = 0) -> UnseenProvince:
    """The first round (the unseen province itself)."""
    return start_round(1, host_prefix, port)


def render(site: UnseenSite) -> str:
    entries: list[dict[str, object]] = []
    for t in site.truth():
        entry: dict[str, object] = {
            "path": t.path,
            "title": t.title,
            "category": t.category,
            "aliases": list(t.aliases),
        }
        if t.origin:  # only the second round's request-system forms
            entry["origin"] = t.origin
        entries.append(entry)
    return json.dumps(entries, ensure_ascii=False, indent=1) + "\n"


def ground_truth(portal_id: str) -> list[UnseenTruth]:
    known = [portal_id for spec in ROUNDS.values() for portal_id in spec.portal_ids]
    if portal_id not in known:
        raise KeyError(f"unknown unseen portal {portal_id!r}; known: {', '.join(known)}")
    text = (resources.files("sandbox.unseen") / "data" / portal_id / "ground_truth.json").read_text(
        "utf-8"
    )
    return [
        UnseenTruth(
            e["path"],
            e["title"],
            e.get("category", ""),
            tuple(e.get("aliases", ())),
            e.get("origin", ""),
        )
        for e in json.loads(text)
    ]


def write_all(root: Path) -> list[Path]:
    written = []
    for portal_id, site in ((i, s) for r in ROUNDS.values() for i, s in r.build().items()):
        path = root / portal_id / "ground_truth.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(site), encoding="utf-8")
        written.append(path)
    return written


def auto_registration(portal_id: str, origin: str, agency: str) -> Registration:
    """The minimal registration a registrar tries first: the homepage and ``strategy: auto``."""
    return Registration.parse(
        {
            "id": portal_id,
            "agency": agency,
            "homepage": origin.rstrip("/") + "/",
            "strategy": "auto",
            "limits": {"max_pages": 400},
        }
    )
