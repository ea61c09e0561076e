"""``strategy: auto`` alone on the unseen province's fifth round: six more portal styles.

A Liferay 6.2 portal whose first-visit links carry ``;jsessionid=`` in their path and whose
services have ``?p_p_state=pop_up`` print copies (``shahrak-yazd``), a catalogue that is an
ASP.NET app shown only in an ``<iframe>``, its sections ``<fieldset><legend>`` blocks and its
title in a bare ``<span>`` (``pishkhan-isfahan``), a «نمایش بیشتر» list whose later pages come as
HTML fragments and through a ``<noscript>`` pager (``shahrdari-kerman``), an ASP.NET MVC site
whose sections are Bootstrap ``nav-tabs`` panes under a banner ``<h1>`` that names the section
(``abfa-tehran``), a portal whose services are listed only in a mega menu (``sabt-khorasan``)
and Bootstrap 5 cards whose only link is an empty ``a.stretched-link`` (``ostandari-khj``).
The six are registered with their homepage and ``strategy: auto`` only, crawled once together,
and scored against the committed ground truth with :mod:`unseen_score`: every service found,
nothing else indexed.

The first tests check the sandbox itself (ground truth, served markup); they crawl nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from sandbox.unseen import (
    PORTAL_IDS_ROUND5,
    UnseenProvince,
    ground_truth,
    start_round,
)
from tests.crawlers.crawl_helpers import Crawled
from tests.crawlers.unseen_rounds import crawl_auto, fetch_page, problems, scored


@pytest.fixture(scope="module")
def round5() -> Iterator[UnseenProvince]:
    with start_round(5) as running:
        yield running


# ---- the sandbox: what the crawl is measured against


def test_liferay_links_carry_the_session_and_print_copies_are_bare(
    round5: UnseenProvince,
) -> None:
    with httpx.Client(follow_redirects=True) as client:
        home = fetch_page(client, round5, "shahrak-yazd", "/")
        assert 'href="/web/guest/khadamat;jsessionid=' in home
        service = ground_truth("shahrak-yazd")[0]
        page = fetch_page(client, round5, "shahrak-yazd", service.path)
        assert f'<h1 class="header-title"><span>{service.title}</span></h1>' in page
        assert '<span class="portlet-title-text">خدمات شرکت</span>' in page
        assert f"<title>{service.title} - خدمات - " in page
        printed = fetch_page(client, round5, "shahrak-yazd", service.aliases[1])
        assert 'class="portal-popup"' in printed and 'id="navigation"' not in printed


def test_the_iframe_is_the_only_way_into_the_catalogue(round5: UnseenProvince) -> None:
    with httpx.Client(follow_redirects=True) as client:
        frame = fetch_page(client, round5, "pishkhan-isfahan", "/khadamat.html")
        assert (
            '<iframe id="frmServices" name="frmServices" src="/app/ServiceList.aspx?cat=0"' in frame
        )
        assert 'href="/app/ServiceList' not in frame
        service = ground_truth("pishkhan-isfahan")[0]
        page = fetch_page(client, round5, "pishkhan-isfahan", service.path)
        assert f'<span id="lblTitle" class="srv-title">{service.title}</span>' in page
        assert "<legend>مدارک لازم</legend>" in page and "<h" not in page.split("<body", 1)[1]
        assert "<title>سامانه معرفی خدمات پیشخوان</title>" in page


def test_load_more_fragments_and_the_noscript_pager(round5: UnseenProvince) -> None:
    with httpx.Client(follow_redirects=True) as client:
        first = fetch_page(client, round5, "shahrdari-kerman", "/services")
        assert first.count('<article class="service-item') == 5
        assert 'data-url="/services?page=2&ajax=1"' in first
        before, rest = first.split("<noscript>", 1)
        noscript, after = rest.split("</noscript>", 1)
        assert 'href="/services?page=3"' in noscript  # the only links to the later pages
        assert 'href="/services?page=' not in before + after
        fragment = fetch_page(client, round5, "shahrdari-kerman", "/services?page=2&ajax=1")
        assert fragment.startswith('<article class="service-item') and "<html" not in fragment


def test_mvc_tabs_raw_slugs_and_the_section_h1(round5: UnseenProvince) -> None:
    with httpx.Client(follow_redirects=True) as client:
        listing = fetch_page(client, round5, "abfa-tehran", "/Home/Services")
        assert 'href="/Home/ServiceDetail/32/درخواست-برقراری-انشعاب-فاضلاب"' in listing
        service = ground_truth("abfa-tehran")[1]
        page = fetch_page(client, round5, "abfa-tehran", service.path)
        assert re.findall(r"<h1[^>]*>([^<]*)</h1>", page) == ["خدمات مشترکین"]
        assert f'<div class="card-header"><h2 class="h5">{service.title}</h2></div>' in page
        assert 'data-toggle="tab" href="#tab-docs"' in page and "<h3" not in page


def test_the_mega_menu_is_the_only_listing(round5: UnseenProvince) -> None:
    with httpx.Client(follow_redirects=True) as client:
        home = fetch_page(client, round5, "sabt-khorasan", "/")
        assert '<a href="#" class="dropdown-toggle" data-toggle="dropdown">خدمات' in home
        assert home.count('<li class="dropdown-header">گروه خدمت: ') == 4
        for entry in ground_truth("sabt-khorasan"):
            assert f'<li><a href="{entry.path}">{entry.title}</a></li>' in home


def test_stretched_link_cards_have_an_empty_link(round5: UnseenProvince) -> None:
    with httpx.Client(follow_redirects=True) as client:
        listing = fetch_page(client, round5, "ostandari-khj", "/khedmat")
        service = ground_truth("ostandari-khj")[0]
        assert f'<h5 class="card-title">{service.title}</h5>' in listing
        link = f'<a href="{service.path}" class="stretched-link" aria-label="{service.title}"></a>'
        assert link in listing


# ---- the crawl


@pytest.fixture(scope="module")
def auto_crawl(round5: UnseenProvince, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    return crawl_auto(round5, PORTAL_IDS_ROUND5, tmp_path_factory.mktemp("unseen-round5"))


@pytest.mark.slow
@pytest.mark.parametrize("portal_id", PORTAL_IDS_ROUND5)
def test_auto_finds_every_service_of_each_round5_portal_and_nothing_else(
    portal_id: str, round5: UnseenProvince, auto_crawl: Crawled
) -> None:
    result = scored(round5, auto_crawl, portal_id)
    found = problems(result, auto_crawl.reports[portal_id])
    assert not found, f"{result.found}/{result.expected}: {found}"
