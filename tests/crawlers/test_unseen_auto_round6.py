"""``strategy: auto`` alone on the unseen province's sixth round: six more portal styles.

A Dorsa portal whose every page is ``/Index.aspx?page_=…``, its services' title a bare
``div.ESTitle`` under a «خدمات الکترونیک» module header and their fields ``span.ESLabel`` rows
(``ostandari-semnan``), a multi-site ``siteid/pageid`` portal whose city sub-sites are linked only
by a ``<select onchange>`` menu and whose services have print copies at ``printpage.aspx``
(``gaz-khuzestan``), a county image map whose ``<area>`` links lead to county office pages that
list the services (``sabtahval-mzn``), a Douran portal of raw Persian slugs whose hub is paged
``?PageIndex=2``, its services' title a module-head ``span`` and their labels ``<strong>`` in a
styled ``<span>`` (``tozi-golestan``), a site whose services are reachable only through its
sitemap index (``sanati-kerman``), and base64 ``showpages.aspx`` ids with ``<dl>`` catalogues
and details and print copies at ``print.aspx`` (``qazaii-hamedan``). The six are registered
with their homepage and ``strategy: auto`` only, crawled once together, and scored against the
committed ground truth with :mod:`unseen_score`: every service found, nothing else indexed.

The first tests check the sandbox itself (ground truth, served markup); they crawl nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from sandbox.unseen import (
    PORTAL_IDS_ROUND6,
    UnseenProvince,
    ground_truth,
    start_round,
)
from tests.crawlers.crawl_helpers import Crawled
from tests.crawlers.unseen_rounds import crawl_auto, fetch, fetch_page, problems, scored


@pytest.fixture(scope="module")
def round6() -> Iterator[UnseenProvince]:
    with start_round(6) as running:
        yield running


# ---- the sandbox: what the crawl is measured against


def test_dorsa_label_rows_a_div_title_and_a_generic_title(round6: UnseenProvince) -> None:
    with httpx.Client(follow_redirects=True) as client:
        home = fetch_page(client, round6, "ostandari-semnan", "/")
        service = ground_truth("ostandari-semnan")[0]
        assert f'<a href="{service.aliases[0]}">{service.title}</a>' in home  # «خدمات پرکاربرد»
        page = fetch_page(client, round6, "ostandari-semnan", service.path)
        assert '<div class="ModuleTitle"><h2>خدمات الکترونیک</h2></div>' in page
        assert f'<div class="ESTitle">{service.title}</div>' in page
        assert '<div class="SideTitle">پیوندها</div>' in page  # before the content
        assert (
            '<div class="ESRow"><span class="ESLabel">مدارک مورد نیاز :</span> '
            '<span class="ESValue">' in page
        )
        assert re.findall(r"<h[1-6][^>]*>([^<]*)</h[1-6]>", page) == ["خدمات الکترونیک"]
        assert "<title>استانداری سمنان - خدمات الکترونیک</title>" in page
        printed = fetch_page(client, round6, "ostandari-semnan", service.path + "&print=true")
        assert 'class="PrintPage"' in printed and 'id="TopMenu"' not in printed


def test_sub_sites_only_behind_a_select_and_print_copies(round6: UnseenProvince) -> None:
    with httpx.Client(follow_redirects=True) as client:
        home = fetch_page(client, round6, "gaz-khuzestan", "/")
        select = (
            '<select id="ddlSites" name="ddlSites" '
            'onchange="window.location=this.options[this.selectedIndex].value">'
        )
        assert select in home
        for site in (67, 68, 69):
            assert f'<option value="index.aspx?siteid={site}">' in home
            assert f'href="index.aspx?siteid={site}"' not in home
        province = {e.path for e in ground_truth("gaz-khuzestan") if "siteid=1&" in e.path}
        assert len(province) == 5  # the other 11 are the sub-sites'
        sub = fetch_page(
            client, round6, "gaz-khuzestan", "/index.aspx?fkeyid=&siteid=67&pageid=3550"
        )
        assert 'href="index.aspx?siteid=67&&siteid=67&pageid=3551"' in sub
        service = ground_truth("gaz-khuzestan")[5]
        page = fetch_page(client, round6, "gaz-khuzestan", service.path)
        assert f'<h2 class="pageTitle">{service.title}</h2>' in page
        assert "<p><strong>مدارک لازم:</strong></p>" in page
        number = service.path.rsplit("=", 1)[1]
        assert f'<a href="printpage.aspx?pageid={number}">نسخه چاپی</a>' in page
        printed = fetch_page(client, round6, "gaz-khuzestan", f"/printpage.aspx?pageid={number}")
        assert f'<h2 class="pageTitle">{service.title}</h2>' in printed
        assert 'id="ddlSites"' not in printed


def test_the_county_map_is_the_only_way_to_the_services(round6: UnseenProvince) -> None:
    truth = ground_truth("sabtahval-mzn")
    with httpx.Client(follow_redirects=True) as client:
        for path in ("/", "/Pages/Edarat.aspx"):
            page = fetch_page(client, round6, "sabtahval-mzn", path)
            assert '<img src="/images/map-mazandaran.png"' in page and 'usemap="#ostan"' in page
            assert page.count('<area shape="poly"') == 6
            area = re.search(r'<area shape="poly" coords="[\d,]+" href="([^"]+)" alt="ساری"', page)
            assert area and area[1] == "/Edarat/Edare.aspx?id=1"
            assert 'title="اداره ثبت احوال شهرستان ساری">' in page
            assert '<a href="/Edarat/' not in page and "/Khadamat/" not in page
        listed: set[str] = set()
        for county in range(1, 7):
            page = fetch_page(client, round6, "sabtahval-mzn", f"/Edarat/Edare.aspx?id={county}")
            assert "<h3>خدمات قابل ارائه در این اداره</h3>" in page
            links = re.findall(r'href="(/Khadamat/Show\.aspx\?id=\d+&edare=\d+)"', page)
            assert links and all(link.endswith(f"&edare={county}") for link in links)
            listed.update(links)
        assert listed == {alias for entry in truth for alias in entry.aliases}


def test_douran_raw_slugs_pager_span_title_and_styled_labels(round6: UnseenProvince) -> None:
    truth = ground_truth("tozi-golestan")
    hub = "/fa-IR/golestan/5190/page/خدمات-مشترکین"
    with httpx.Client(follow_redirects=True) as client:
        first = fetch_page(client, round6, "tozi-golestan", hub)
        assert f'<a href="{hub}?PageIndex=2">۲</a>' in first
        assert [e.path for e in truth if f'href="{e.path}"' in first] == [
            e.path for e in truth[:10]
        ]
        second = fetch_page(client, round6, "tozi-golestan", hub + "?PageIndex=2")
        for entry in truth[10:]:
            assert f'<li><a href="{entry.path}">{entry.title}</a></li>' in second
        service = truth[1]
        page = fetch_page(client, round6, "tozi-golestan", service.path)
        assert f'<span class="dp-module-title">{service.title}</span>' in page
        assert re.search(r"<h[1-6]", page) is None
        style = "font-family:'B Nazanin';font-size:13pt"
        label = f'<p><span style="{style}"><strong>مدارک مورد نیاز:</strong></span></p>'
        assert label in page


def test_the_sitemap_is_the_only_route_to_the_services(round6: UnseenProvince) -> None:
    origin = round6.portals["sanati-kerman"].origin
    truth = ground_truth("sanati-kerman")
    with httpx.Client(follow_redirects=True) as client:
        robots = fetch_page(client, round6, "sanati-kerman", "/robots.txt")
        assert f"Sitemap: {origin}/sitemap.xml" in robots
        index = fetch_page(client, round6, "sanati-kerman", "/sitemap.xml")
        assert "<sitemapindex" in index
        assert f"<loc>{origin}/sitemaps/services.xml</loc><lastmod>" in index
        services = fetch_page(client, round6, "sanati-kerman", "/sitemaps/services.xml")
        assert services.count("<url>") == len(truth)
        listing = fetch_page(client, round6, "sanati-kerman", "/services")
        assert 'data-endpoint="/api/services/list" data-method="POST"' in listing
        assert "<noscript>" in listing and 'href="/services/' not in listing
        assert fetch(client, round6, "sanati-kerman", "/api/services/list").status_code == 405
        number = truth[0].path.split("/")[2]
        moved = client.get(f"{origin}/services/{number}", follow_redirects=False)
        assert moved.status_code == 301 and moved.headers["location"].endswith(truth[0].path)


def test_definition_lists_base64_ids_and_print_copies(round6: UnseenProvince) -> None:
    truth = ground_truth("qazaii-hamedan")
    with httpx.Client(follow_redirects=True) as client:
        catalogue = fetch_page(client, round6, "qazaii-hamedan", "/fa/showpages.aspx?mid=Mjcx")
        assert (
            '<dl class="srv-list"><dt><a href="/fa/showpages.aspx?mid=Mjcx&spi=NDg=">' in catalogue
        )
        assert catalogue.count("<dt><a ") == len(truth)
        home = fetch_page(client, round6, "qazaii-hamedan", "/")
        assert 'href="/fa/showpages.aspx?mid=Mjcx&spi=NDg%3d"' in home
        page = fetch_page(client, round6, "qazaii-hamedan", truth[0].path)
        assert f'<h2 class="page-title">{truth[0].title}</h2>' in page
        assert '<dl class="dl-horizontal srv-info"><dt>شرح خدمت</dt>' in page
        assert 'href="/fa/print.aspx?spi=NDg="' in page
        printed = fetch_page(client, round6, "qazaii-hamedan", "/fa/print.aspx?spi=NDg=")
        assert f'<h2 class="page-title">{truth[0].title}</h2>' in printed
        assert "navbar" not in printed


# ---- the crawl


@pytest.fixture(scope="module")
def auto_crawl(round6: UnseenProvince, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    return crawl_auto(round6, PORTAL_IDS_ROUND6, tmp_path_factory.mktemp("unseen-round6"))


@pytest.mark.slow
@pytest.mark.parametrize("portal_id", PORTAL_IDS_ROUND6)
def test_auto_finds_every_service_of_each_round6_portal_and_nothing_else(
    portal_id: str, round6: UnseenProvince, auto_crawl: Crawled
) -> None:
    result = scored(round6, auto_crawl, portal_id)
    found = problems(result, auto_crawl.reports[portal_id])
    assert not found, f"{result.found}/{result.expected}: {found}"
