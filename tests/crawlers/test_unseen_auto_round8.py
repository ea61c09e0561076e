"""``strategy: auto`` alone on the unseen province's eighth round: six more portal styles,
ported from a held-out evaluation built blind (its portals, by the helper's names: ``umbraco`` is
``standard-isfahan``, ``drupal7`` is ``samt-khorasan``, ``classicasp`` is ``dampezeshki-fars``,
``angularjs`` is ``pmo-hormozgan``, ``searchform`` is ``taavon-kerman`` and ``longpage`` is
``abfa-karaj``).

Umbraco 8 whose catalogue cards are ``<div data-href>`` made clickable by a jQuery handler, with
no ``<a>`` on a card, and guides laid out with «مراحل»/«مدت زمان» headings
(``standard-isfahan``), Drupal 7 Views split by citizen type with ``?page=N`` pagers, three
services in both lists, Persian pathauto aliases beside ``/node/N`` and ``/print/N``
(``samt-khorasan``), classic ASP in windows-1256 named only in the HTTP header, its catalogue
icon-only image links and its form-download pages a label table with a «مدارک مورد نياز» row
(``dampezeshki-fars``), an AngularJS list whose data is JSON in an ``ng-init`` attribute and whose
links are only the template ``ng-href="/Service/Details/{{s.Id}}"`` (``pmo-hormozgan``), a Persian
CMS whose catalogue is only behind an empty GET search form labelled «عنوان خدمت:» / «گروه
خدمت:», its service URLs ``/fa/خدمت/۱۲`` and its FAQ items headed «مدارک مورد نیاز»
(``taavon-kerman``), and a Sitecore long page of ``#srv-N`` sections carrying the services'
fields beside a page per service, with a guide page of «مراحل»/«مدت زمان انجام» sections
(``abfa-karaj``). The six are registered with their homepage and ``strategy: auto`` only, crawled
once together, and scored against the committed ground truth with :mod:`unseen_score`: every
service found, nothing else indexed.

The first tests check the sandbox itself (ground truth, served markup); they crawl nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import quote, unquote

import httpx
import pytest

from sandbox.unseen import (
    PORTAL_IDS_ROUND8,
    UnseenProvince,
    ground_truth,
    start_round,
)
from tests.crawlers.crawl_helpers import Crawled
from tests.crawlers.unseen_rounds import (
    crawl_auto,
    fetch,
    fetch_page,
    problems,
    scored,
)


@pytest.fixture(scope="module")
def round8() -> Iterator[UnseenProvince]:
    with start_round(8) as running:
        yield running


def hrefs(page: str) -> list[str]:
    return re.findall(r'<a[^>]*\shref="([^"]*)"', page)


# ---- the sandbox: what the crawl is measured against


def test_umbraco_cards_are_divs_opened_by_a_script(round8: UnseenProvince) -> None:
    truth = ground_truth("standard-isfahan")
    with httpx.Client() as client:
        root = fetch(client, round8, "standard-isfahan", "/")
        assert root.status_code == 302 and root.headers["location"] == "/fa/"
        listing = fetch_page(client, round8, "standard-isfahan", "/fa/services/")
        assert not [t.path for t in truth if t.path in hrefs(listing)]  # no card has an <a>
        for t in truth:
            card = f'<div class="service-card" data-href="{t.path}" role="link" tabindex="0">'
            assert card in listing
        assert 'window.location=$(this).data("href")' in listing
        home = fetch_page(client, round8, "standard-isfahan", "/fa/")
        assert [t.path for t in truth if t.path in hrefs(home)] == [t.path for t in truth[:2]]
        page = fetch_page(client, round8, "standard-isfahan", truth[0].path)
        assert f"<h1>{truth[0].title}</h1>" in page
        related = page.split('<aside class="related">')[1]
        assert [t.path for t in truth if t.path in hrefs(related)] == [truth[1].path, truth[2].path]
        guide = fetch_page(client, round8, "standard-isfahan", "/fa/guides/g1/")
        assert "<h3>مراحل</h3>" in guide and "<h3>مدت زمان</h3>" in guide


def test_drupal7_lists_by_citizen_type_with_persian_aliases(round8: UnseenProvince) -> None:
    truth = ground_truth("samt-khorasan")
    with httpx.Client() as client:
        first = fetch_page(client, round8, "samt-khorasan", "/khadamat/haghighi")
        assert first.count('<div class="views-row views-row-') == 5
        assert 'href="/khadamat/haghighi?page=1"' in first
        lists = {
            path: "".join(
                fetch_page(client, round8, "samt-khorasan", path + q) for q in ("", "?page=1")
            )
            for path in ("/khadamat/haghighi", "/khadamat/hoghooghi")
        }
        both = [t.path for t in truth if all(f'href="{t.path}"' in v for v in lists.values())]
        assert len(both) == 3
        alias = truth[0]
        assert unquote(alias.path) == "/khedmat/صدور-کارت-بازرگانی" and alias.path != unquote(
            alias.path
        )
        assert alias.aliases == ("/node/301",)
        page = fetch(client, round8, "samt-khorasan", alias.path)
        assert fetch(client, round8, "samt-khorasan", "/node/301").content == page.content
        assert '<link rel="shortlink" href="/node/301" />' in page.text
        assert 'href="/print/301"' in page.text
        assert "field-name-field-madarek field-type-text-long field-label-above" in page.text
        guide = fetch_page(client, round8, "samt-khorasan", "/rahnama/1")
        assert "field-name-field-marahel" in guide and "field-name-field-modat" in guide


def test_classicasp_icon_links_in_windows_1256_named_only_in_the_header(
    round8: UnseenProvince,
) -> None:
    truth = ground_truth("dampezeshki-fars")
    with httpx.Client() as client:
        root = fetch(client, round8, "dampezeshki-fars", "/")
        assert root.status_code == 302 and root.headers["location"] == "/Default.asp"
        listing = fetch(client, round8, "dampezeshki-fars", "/Khadamat.asp")
        assert listing.headers["content-type"] == "text/html; Charset=windows-1256"
        assert b"<meta" not in listing.content
        with pytest.raises(UnicodeDecodeError):
            listing.content.decode("utf-8")
        text = listing.content.decode("cp1256")
        for t in truth:
            alt = html.escape(t.title.replace("ی", "ي"))
            number = t.path.split("=")[1]
            icon = f'<a href="{t.path[1:]}"><img src="images/icons/s{number}.gif" alt="{alt}"'
            assert icon in text  # an image and no text in the link
        page = fetch(client, round8, "dampezeshki-fars", truth[0].path).content.decode("cp1256")
        assert f'<h2 class="Title">{truth[0].title.replace("ی", "ي")}</h2>' in page
        assert "<title>اداره کل دامپزشکي استان فارس</title>" in page  # the agency's, everywhere
        form = fetch(client, round8, "dampezeshki-fars", "/ShowForm.asp?ID=1").content.decode(
            "cp1256"
        )
        assert '<td class="Label">مدارک مورد نياز</td>' in form
        assert 'href="files/form1.doc"' in form


def test_angularjs_list_only_in_ng_init_and_an_ng_href_template(round8: UnseenProvince) -> None:
    truth = ground_truth("pmo-hormozgan")
    with httpx.Client() as client:
        raw = fetch(client, round8, "pmo-hormozgan", "/Services").text
        assert not [h for h in hrefs(raw) if h.startswith("/Service/")]  # no plain href
        assert '<a ng-href="/Service/Details/{{s.Id}}">{{s.Title}}</a>' in raw
        init = re.search(r'ng-init="vm\.services=([^"]*)"', raw)
        assert init and "&quot;Id&quot;: 101" in init[1] and "Url" not in init[1]
        home = fetch_page(client, round8, "pmo-hormozgan", "/")
        assert [t.path for t in truth if t.path in hrefs(home)] == [t.path for t in truth[:3]]
        page = fetch_page(client, round8, "pmo-hormozgan", truth[5].path)
        assert f"<h1>{truth[5].title}</h1>" in page
        assert '<h3 class="panel-title">مدارک مورد نیاز</h3>' in page
        guide = fetch_page(client, round8, "pmo-hormozgan", "/Guide/Details/1")
        assert "<h3>مراحل</h3>" in guide and "<h3>مدت زمان</h3>" in guide


def test_searchform_catalogue_only_behind_an_empty_get_form(round8: UnseenProvince) -> None:
    truth = ground_truth("taavon-kerman")
    with httpx.Client() as client:
        home = fetch_page(client, round8, "taavon-kerman", "/")
        assert (
            '<form action="/fa/services/search" method="get" class="service-search-form">' in home
        )
        assert '<label>گروه خدمت: <select name="group"><option value="">همه گروه‌ها</option>' in home
        assert not [h for h in hrefs(home) if "services/search" in h]  # no link to the list
        assert [t.path for t in truth if t.path in hrefs(home)] == [t.path for t in truth[:2]]
        assert truth[0].path == quote("/fa/خدمت/۱۲")
        first = fetch_page(client, round8, "taavon-kerman", "/fa/services/search?q=&group=")
        assert [t.path for t in truth if t.path in hrefs(first)] == [t.path for t in truth[:6]]
        assert 'href="/fa/services/search?q=&group=&page=2"' in first  # entities resolved
        third = fetch_page(client, round8, "taavon-kerman", "/fa/services/search?q=&group=&page=3")
        assert [t.path for t in truth if t.path in hrefs(third)] == [t.path for t in truth[12:]]
        faq = fetch_page(client, round8, "taavon-kerman", quote("/fa/پرسش/۱"))
        assert "<h4>مدارک مورد نیاز</h4>" in faq
        empty = fetch_page(client, round8, "taavon-kerman", "/fa/search?q=")
        assert "لطفاً عبارت جستجو را وارد کنید." in empty


def test_longpage_sections_carry_the_fields_beside_a_page_per_service(
    round8: UnseenProvince,
) -> None:
    truth = ground_truth("abfa-karaj")
    with httpx.Client() as client:
        root = fetch(client, round8, "abfa-karaj", "/")
        assert root.status_code == 302 and root.headers["location"] == "/fa"
        long = fetch_page(client, round8, "abfa-karaj", "/fa/khadamat")
        assert long.count('class="service-section"><h2>') == len(truth)
        assert long.count("<h4>مدارک مورد نیاز</h4>") == len(truth)
        assert '<a href="#srv-12">' in long and '<section id="srv-12"' in long
        assert [t.path for t in truth if t.path in hrefs(long)] == [t.path for t in truth]
        page = fetch_page(client, round8, "abfa-karaj", truth[0].path)
        assert f'<h1 class="field-title">{truth[0].title}</h1>' in page
        assert f'href="{truth[0].path}?sc_device=print"' in page
        guide = fetch_page(client, round8, "abfa-karaj", "/fa/rahnama")
        assert "<h4>مراحل</h4>" in guide and "<h4>مدت زمان انجام</h4>" in guide


# ---- the crawl


@pytest.fixture(scope="module")
def auto_crawl(round8: UnseenProvince, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    return crawl_auto(round8, PORTAL_IDS_ROUND8, tmp_path_factory.mktemp("unseen-round8"))


@pytest.mark.slow
@pytest.mark.parametrize("portal_id", PORTAL_IDS_ROUND8)
def test_auto_finds_every_service_of_each_round8_portal_and_nothing_else(
    portal_id: str, round8: UnseenProvince, auto_crawl: Crawled
) -> None:
    result = scored(round8, auto_crawl, portal_id)
    found = problems(result, auto_crawl.reports[portal_id])
    assert not found, f"{result.found}/{result.expected}: {found}"
