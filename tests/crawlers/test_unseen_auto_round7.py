"""``strategy: auto`` alone on the unseen province's seventh round: six more portal styles,
ported from a held-out evaluation built blind (its portals, by the helper's names: ``nextjs`` is
``barq-qazvin``, ``frameset`` is ``sabt-yazd``, ``plone`` is ``kaums-kashan``, ``typo3`` is
``shahrdari-rasht``, ``rss`` is ``manabe-mazandaran`` and ``kentico`` is ``standard-khorasan``).

A Next.js site whose services section is a skeleton, its list only in ``__NEXT_DATA__`` and its
link template only in a JS chunk (``barq-qazvin``), a FrontPage frameset in windows-1256 (a
``<meta>`` only, Arabic ي/ك) whose services table opens its rows by ``onclick`` and
``window.open`` with no ``href``, the title a ``<b><font size=4>`` under the agency's
``<title>`` and the labels ``<b>`` (``sabt-yazd``), Plone 5 with absolute URLs, ``b_start:int``
batches and ``/view`` aliases (``kaums-kashan``), TYPO3 ``index.php?id=N`` whose plugin links
need their ``cHash``, under a ``<base href>`` (``shahrdari-rasht``), a CMS whose services are
listed only in the RSS feed ``/fa/rss/services.xml`` that jQuery reads (``manabe-mazandaran``),
and Kentico tabs 2-3 filled by ``fetch()`` from a URL put together in a script, with PDF request
forms and ``/getdoc/`` permalinks (``standard-khorasan``). Four of them publish calls for tenders
laid out in headed «شرایط شرکت» / «مبلغ تضمین» sections. The six are registered with their
homepage and ``strategy: auto`` only, crawled once together, and scored against the committed
ground truth with :mod:`unseen_score`: every service found, nothing else indexed.

The first tests check the sandbox itself (ground truth, served markup); they crawl nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import pytest

from sandbox.unseen import (
    PORTAL_IDS_ROUND7,
    UnseenProvince,
    ground_truth,
    start_round,
)
from tests.crawlers.crawl_helpers import Crawled
from tests.crawlers.unseen_rounds import (
    crawl_auto,
    fetch,
    fetch_page,
    folded,
    problems,
    scored,
)

TENDER_SECTIONS = "<h3>شرایط شرکت</h3>"


@pytest.fixture(scope="module")
def round7() -> Iterator[UnseenProvince]:
    with start_round(7) as running:
        yield running


# ---- the sandbox: what the crawl is measured against


def test_nextjs_lists_its_services_only_in_next_data(round7: UnseenProvince) -> None:
    truth = ground_truth("barq-qazvin")
    with httpx.Client(follow_redirects=True) as client:
        listing = fetch_page(client, round7, "barq-qazvin", "/services")
        assert '<div class="ServiceList_grid__w4" data-loading="true">' in listing
        assert not [t.path for t in truth if f'href="{t.path}"' in listing]
        blob = re.search(
            r'<script id="__NEXT_DATA__" type="application/json">(.*?)</script>', listing
        )
        assert blob
        data = json.loads(blob[1])
        items = data["props"]["pageProps"]["services"]
        assert [f"/services/{i['id']}" for i in items] == [t.path for t in truth]
        assert all("url" not in i for i in items)  # no URL in the data, only ids
        chunk = re.search(r'src="(/_next/static/chunks/pages/services-[^"]+\.js)"', listing)
        assert chunk and '"/services/".concat(e.id)' in fetch_page(
            client, round7, "barq-qazvin", chunk[1]
        )
        feed = fetch(client, round7, "barq-qazvin", f"/_next/data/{data['buildId']}/services.json")
        assert feed.json()["pageProps"]["services"] == items
        home = fetch_page(client, round7, "barq-qazvin", "/")
        assert [t.path for t in truth if f'href="{t.path}"' in home] == [t.path for t in truth[:3]]
        page = fetch_page(client, round7, "barq-qazvin", truth[4].path)
        assert f'<h1 class="ServiceDetail_title__d2">{truth[4].title}</h1>' in page
        assert f'<a href="{truth[4].path}/print" target="_blank">' in page


def test_frameset_rows_open_by_onclick_only_in_windows_1256(round7: UnseenProvince) -> None:
    truth = ground_truth("sabt-yazd")
    with httpx.Client(follow_redirects=True) as client:
        root = fetch(client, round7, "sabt-yazd", "/")
        assert root.headers["content-type"] == "text/html"  # the charset only in a <meta>
        assert b'content="text/html; charset=windows-1256"' in root.content
        assert b'<frame name="main" src="main.htm"' in root.content
        assert b'<frame name="contents" target="main" src="menu.htm">' in root.content
        menu = fetch_page(client, round7, "sabt-yazd", "/menu.htm")
        assert '<a href="khadamat.htm" target="main">' in menu
        table = fetch_page(client, round7, "sabt-yazd", "/khadamat.htm")
        assert 'href="khadamat/' not in table  # no service has an href
        for entry in truth[:6]:
            assert f"onclick=\"location.href='{entry.path[1:]}'\"" in table
        for entry in truth[6:]:
            opened = f"onclick=\"window.open('{entry.path[1:]}','main')\""
            assert f'<a href="javascript:void(0)" {opened}>' in table
        raw = fetch(client, round7, "sabt-yazd", truth[1].path).content
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        page = raw.decode("cp1256")
        title = truth[1].title.replace("ی", "ي").replace("ک", "ك")  # Arabic yeh and kaf
        font = '<font face="Tahoma" size="4" color="#000080">'
        assert f'<p align="center"><b>{font}{title}</font></b></p>' in page
        assert re.search(r"<h[1-6]", page) is None
        assert "<title>اداره كل ثبت اسناد و املاك استان يزد</title>" in page  # the agency's
        assert "<b>مدارك مورد نياز</b>" in page  # a label is bold type
        assert "onclick=\"window.open('chap.asp?id=02','chap','width=600,height=500')\"" in page
        tender = fetch_page(client, round7, "sabt-yazd", "/monaghese/m1.htm")
        assert TENDER_SECTIONS in folded(tender)


def test_plone_absolute_urls_batches_and_view_aliases(round7: UnseenProvince) -> None:
    origin = round7.portals["kaums-kashan"].origin
    truth = ground_truth("kaums-kashan")
    with httpx.Client() as client:
        root = fetch(client, round7, "kaums-kashan", "/")
        assert root.status_code == 302 and root.headers["location"] == f"{origin}/fa"
        home = fetch_page(client, round7, "kaums-kashan", "/fa")
        for entry in (truth[0], truth[8], truth[14]):  # «خدمات پربازدید»
            assert f'<a href="{origin}{entry.aliases[0]}" class="tile contenttype-document"' in home
        first = fetch_page(client, round7, "kaums-kashan", "/fa/khadamat/behdasht")
        assert first.count('<article class="tileItem">') == 6
        assert f'<a href="{origin}/fa/khadamat/behdasht?b_start:int=6">' in first
        second = fetch_page(client, round7, "kaums-kashan", "/fa/khadamat/behdasht?b_start:int=6")
        assert [e.path for e in truth if f'href="{origin}{e.path}"' in second] == [
            e.path for e in truth[6:8]
        ]
        page = fetch_page(client, round7, "kaums-kashan", truth[3].path)
        assert f'<base href="{origin}{truth[3].path}" />' in page
        assert f'<h1 class="documentFirstHeading">{truth[3].title}</h1>' in page
        assert f'<a href="{origin}{truth[3].path}/sendto_form"' in page
        tender = fetch_page(client, round7, "kaums-kashan", "/fa/monaghesat/tender-1")
        assert TENDER_SECTIONS in tender


def test_typo3_chash_links_under_a_base_href(round7: UnseenProvince) -> None:
    origin = round7.portals["shahrdari-rasht"].origin
    truth = ground_truth("shahrdari-rasht")
    with httpx.Client() as client:
        listing = fetch(client, round7, "shahrdari-rasht", "/index.php?id=12").text
        assert f'<base href="{origin}/">' in listing
        first = truth[0].path.lstrip("/")
        assert f'<a href="{first.replace("&", "&amp;")}">{truth[0].title}</a>' in listing
        assert "&cHash=" in first and "%5Bservice%5D=7" in first
        assert "tx_dgservices_list%5B%40widget_0%5D%5BcurrentPage%5D=3" in listing
        assert listing.count('<li class="service-item">') == 8
        unsigned = truth[0].path.split("&cHash=")[0]
        failed = fetch(client, round7, "shahrdari-rasht", unsigned)
        assert failed.status_code == 404 and "cHash comparison failed" in failed.text
        page = fetch_page(client, round7, "shahrdari-rasht", truth[0].path)
        assert f"<h1>{truth[0].title}</h1>" in page and "type=98" in page
        tenders = fetch_page(client, round7, "shahrdari-rasht", "/index.php?id=7")
        assert tenders.count(TENDER_SECTIONS) == 2


def test_the_rss_feed_is_the_only_listing(round7: UnseenProvince) -> None:
    origin = round7.portals["manabe-mazandaran"].origin
    truth = ground_truth("manabe-mazandaran")
    with httpx.Client() as client:
        listing = fetch_page(client, round7, "manabe-mazandaran", "/fa/services")
        assert '<ul id="svc-list" class="svc-list"><li class="loading">' in listing
        assert '$.get("/fa/rss/services.xml"' in listing
        assert not [t for t in truth if f'href="{t.aliases[0]}' in listing]
        assert (
            '<link rel="alternate" type="application/rss+xml" '
            'title="خدمات اداره کل منابع طبیعی و آبخیزداری استان مازندران" '
            'href="/fa/rss/services.xml" />'
        ) in listing
        assert '<a href="/fa/rss/services.xml">خوراک خدمات</a>' in listing
        feed = fetch(client, round7, "manabe-mazandaran", "/fa/rss/services.xml")
        assert feed.headers["content-type"].startswith("application/rss+xml")
        links = re.findall(r"<link>([^<]+)</link>", feed.text)
        assert links == [f"{origin}/fa/services"] + [origin + t.path for t in truth]
        page = fetch_page(client, round7, "manabe-mazandaran", truth[0].aliases[0])
        assert f'<h1 class="page-title">{truth[0].title}</h1>' in page
        about = fetch_page(client, round7, "manabe-mazandaran", "/fa/page/2")
        assert '<h1 class="page-title">درباره ما</h1>' in about  # the same URL shape


def test_kentico_tabs_two_and_three_come_from_fetch(round7: UnseenProvince) -> None:
    truth = ground_truth("standard-khorasan")
    with httpx.Client() as client:
        tabs = fetch_page(client, round7, "standard-khorasan", "/Services.aspx")
        linked = [t.path for t in truth if f'href="{t.path}"' in tabs]
        assert linked == [t.path for t in truth[:6]]
        assert tabs.count('<div class="loading">') == 2
        assert 'data-toggle="tab" data-cat="2"' in tabs and "data-url" not in tabs
        assert "fetch('/CMSPages/Custom/ServiceTab.ashx?cat=' + cat + '&lang=fa-IR')" in tabs
        assert "ServiceTab.ashx?cat=2" not in tabs
        second = fetch_page(
            client, round7, "standard-khorasan", "/CMSPages/Custom/ServiceTab.ashx?cat=2&lang=fa-IR"
        )
        assert [t.path for t in truth if f'href="{t.path}"' in second] == [
            t.path for t in truth[6:11]
        ]
        page = fetch_page(client, round7, "standard-khorasan", truth[7].path)
        assert f'<h1 class="page-title">{truth[7].title}</h1>' in page
        assert f'<a href="{truth[7].aliases[0]}">' in page
        form = re.search(r'href="(/getattachment/[^"]+\.pdf\.aspx)"', page)
        assert form
        attachment = fetch(client, round7, "standard-khorasan", form[1])
        assert attachment.headers["content-type"] == "application/pdf"
        assert attachment.content.startswith(b"%PDF-1.4")
        title = ("فرم درخواست " + truth[7].title).encode("utf-16-be").hex().upper()
        assert f"/Title <FEFF{title}>".encode() in attachment.content
        assert TENDER_SECTIONS in fetch_page(
            client, round7, "standard-khorasan", "/Tenders/Tender-1.aspx"
        )


# ---- the crawl


@pytest.fixture(scope="module")
def auto_crawl(round7: UnseenProvince, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    return crawl_auto(round7, PORTAL_IDS_ROUND7, tmp_path_factory.mktemp("unseen-round7"))


@pytest.mark.slow
@pytest.mark.parametrize("portal_id", PORTAL_IDS_ROUND7)
def test_auto_finds_every_service_of_each_round7_portal_and_nothing_else(
    portal_id: str, round7: UnseenProvince, auto_crawl: Crawled
) -> None:
    result = scored(round7, auto_crawl, portal_id)
    found = problems(result, auto_crawl.reports[portal_id])
    assert not found, f"{result.found}/{result.expected}: {found}"
