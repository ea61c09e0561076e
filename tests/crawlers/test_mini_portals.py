"""Crawls of small hand-made portals: encodings, each strategy, markup stripping, guards."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from crawl_helpers import Site, crawl, html, serve

from indexer.backends import open_backend
from indexer.documents import ServiceDocument, service_id
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus

META_1256 = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
LEGACY_LIST = f"""<html><head>{META_1256}
<title>خدمات</title></head><body><table id="services">
<tr><td><a class="svc" href="/Default.aspx?tabid=55&amp;id=1">صدور پروانه كسب</a></td></tr>
<tr><td><a class="svc" href="/Default.aspx?tabid=55&amp;id=2">تمديد مجوز</a></td></tr>
</table><a class="next" href="/Default.aspx?tabid=54&amp;page=2">بعدي</a></body></html>"""
LEGACY_LIST_2 = """<html><head><meta charset="windows-1256"></head><body><table id="services">
<tr><td><a class="svc" href="/Default.aspx?tabid=55&amp;id=3">استعلام وضعيت</a></td></tr>
</table></body></html>"""
LEGACY_DETAIL = (
    "<html><head>"
    + META_1256
    + """</head><body><h2 class="title">{title}</h2>
<div class="desc">درخواست {title} براي شهروندان</div>
<span class="fee">رايگان</span></body></html>"""
)
LEGACY_TITLES = {1: "صدور پروانه كسب", 2: "تمديد مجوز", 3: "استعلام وضعيت"}

BOM_PAGE = """<html><head><title>ثبت نام</title><script type="application/ld+json">
{"@context": "https://schema.org", "@type": "GovernmentService",
 "name": "ثبت&nbsp;نام <b>آزمون</b>",
 "description": "<p>ثبت نام آنلاین</p><script>alert('x')<\\/script>"}
</script></head><body><h1>ثبت نام</h1><a href="/s/2">بعدی</a></body></html>"""
BOM_PAGE_2 = """<html><head><script type="application/ld+json">
{"@type": "GovernmentService", "name": "", "description": "بی‌نام"}</script></head>
<body><a href="/go-away">خدمت دیگر</a> <a href="/private/1">بایگانی</a></body></html>"""
ROBOTS = b"User-agent: *\nDisallow: /private\n"


def legacy_pages() -> dict[str, tuple[int, dict[str, str], bytes]]:
    pages = {
        "/Default.aspx?tabid=54": html(LEGACY_LIST, charset=None, encoding="cp1256"),
        "/Default.aspx?tabid=54&page=2": html(LEGACY_LIST_2, charset=None, encoding="cp1256"),
    }
    for number, title in LEGACY_TITLES.items():
        pages[f"/Default.aspx?tabid=55&id={number}"] = html(
            LEGACY_DETAIL.format(title=title), charset=None, encoding="cp1256"
        )
    return pages


def feed_pages() -> dict[str, tuple[int, dict[str, str], bytes]]:
    def page(items: list[dict[str, object]], nxt: str | None) -> tuple[int, dict[str, str], bytes]:
        body = json.dumps({"data": {"items": items}, "paging": {"next": nxt}}, ensure_ascii=False)
        # half an emoji, as a script that cut a string sends it: a lone surrogate escape
        return 200, {"Content-Type": "application/json"}, body.replace("<cut>", "\\ud83d").encode()

    return {
        "/api/services?page=1": page(
            [{"name": "انشعاب آب", "link": "/service/1", "meta": {"fee": 1200}}],
            "/api/services?page=2",
        ),
        "/api/services?page=2": page(
            [
                {"name": "تغییر نام<cut>", "link": "/service/2"},
                {"link": "/x"},
                {"name": "پرداخت قبض", "link": "https://phish.example/pay"},
                {"name": "ورود کاربران", "link": "http://user:pw@127.0.0.1/service/3"},
            ],
            None,
        ),
    }


class Province:
    def __init__(self, stack: ExitStack) -> None:
        self.legacy: Site = stack.enter_context(serve(legacy_pages()))
        # Copies for the limit tests: a service id is its URL, so each portal needs its own.
        self.legacy_copies = [stack.enter_context(serve(legacy_pages())) for _ in range(3)]
        bom = b"\xef\xbb\xbf"
        self.bom: Site = stack.enter_context(
            serve(
                {
                    "/": (200, {"Content-Type": "text/html"}, bom + BOM_PAGE.encode()),
                    "/s/2": (200, {"Content-Type": "text/html"}, bom + BOM_PAGE_2.encode()),
                    "/go-away": (302, {"Location": "http://localhost:9/elsewhere"}, b""),
                    "/robots.txt": (200, {"Content-Type": "text/plain"}, ROBOTS),
                    "/private/1": (200, {"Content-Type": "text/html"}, bom + BOM_PAGE.encode()),
                }
            )
        )
        self.feed: Site = stack.enter_context(serve(feed_pages()))

    def registrations(self) -> list[Registration]:
        legacy, *others = self.good_registrations()
        variants: list[dict[str, Any]] = [
            {"id": "limited", "limits": {"max_pages": 3}},
            {"id": "broken", "exclude": ["[unclosed"]},
            {"id": "shallow", "limits": {"max_depth": 1}},
        ]
        copies = []
        for site, changes in zip(self.legacy_copies, variants, strict=True):
            home = site.origin + "/Default.aspx?tabid=54"
            raw = {**legacy.model_dump(mode="json"), "homepage": home, "start_urls": [home]}
            if changes["id"] == "broken":
                # Validation refuses a bad regex today; a registration stored before that rule
                # existed still reaches the crawler, which must fail that portal alone.
                unchecked = {"homepage": home, "start_urls": [home], **changes}
                copies.append(legacy.model_copy(update=unchecked))
            else:
                copies.append(Registration.parse({**raw, **changes}))
        limited, broken, shallow = copies
        return [broken, legacy, limited, shallow, *others]  # a failing first portal blocks none

    def good_registrations(self) -> list[Registration]:
        return [
            Registration.parse(
                {
                    "id": "legacy",
                    "agency": "اداره قدیمی",
                    "homepage": self.legacy.origin + "/Default.aspx?tabid=54",
                    "strategy": "selectors",
                    "selectors": {
                        "service_links": "a.svc",
                        "pagination": "a.next",
                        "title": "h2.title",
                        "description": ".desc",
                        "fields": {"هزینه": "//span[@class='fee']"},
                    },
                }
            ),
            Registration.parse(
                {
                    "id": "bom",
                    "agency": "اداره یونیکد",
                    "homepage": self.bom.origin + "/",
                    "strategy": "structured",
                }
            ),
            Registration.parse(
                {
                    "id": "feed",
                    "agency": "آبفا",
                    "homepage": self.feed.origin + "/",
                    "strategy": "json_feed",
                    "json_feed": {
                        "url": "/api/services?page=1",
                        "items_path": "data.items",
                        "next_path": "paging.next",
                        "title": "name",
                        "url_field": "link",
                        "fields": {"هزینه": "meta.fee"},
                    },
                }
            ),
        ]


@pytest.fixture(scope="module")
def province() -> Iterator[Province]:
    with ExitStack() as stack:
        yield Province(stack)


@pytest.fixture(scope="module")
def crawled(
    province: Province, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, CrawlReport], Path]:
    tmp = tmp_path_factory.mktemp("mini")
    reports = crawl(province.registrations(), tmp)
    return {r.portal_id: r for r in reports}, tmp


def indexed(tmp: Path, portal_id: str) -> dict[str, ServiceDocument]:
    backend = open_backend(tmp / "index", readonly=True)
    docs = [backend.get(i) for i in backend.portal_hashes(portal_id)]
    return {d.url: d for d in docs if d is not None}


def test_windows_1256_declared_only_in_meta_is_decoded_to_persian_letters(
    crawled: tuple[dict[str, CrawlReport], Path], province: Province
) -> None:
    reports, tmp = crawled
    assert reports["legacy"].status is CrawlStatus.COMPLETE
    docs = indexed(tmp, "legacy")
    titles = sorted(d.title for d in docs.values())
    # Arabic ك/ي from the legacy page become Persian ک/ی after normalisation.
    assert titles == sorted(["صدور پروانه کسب", "تمدید مجوز", "استعلام وضعیت"])
    fee = {d.fields.get("fee") for d in docs.values()}  # «هزینه» in the vocabulary
    assert fee == {"رایگان"}
    assert all("ي" not in d.description and "ك" not in d.description for d in docs.values())


def test_selector_pagination_reaches_every_listing_page(
    crawled: tuple[dict[str, CrawlReport], Path], province: Province
) -> None:
    _, tmp = crawled
    urls = set(indexed(tmp, "legacy"))
    expected = {f"{province.legacy.origin}/Default.aspx?id={n}&tabid=55" for n in (1, 2, 3)}
    assert urls == expected  # canonical: sorted query


def test_utf8_bom_page_and_markup_in_structured_data_become_plain_text(
    crawled: tuple[dict[str, CrawlReport], Path], province: Province
) -> None:
    reports, tmp = crawled
    docs = indexed(tmp, "bom")
    assert [(d.title, d.description) for d in docs.values()] == [
        ("ثبت نام آزمون", "ثبت نام آنلاین")
    ]
    # The nameless service was dropped with a reason, not indexed.
    assert reports["bom"].errors["dropped_item"] == 1
    assert any("no title" in s for s in reports["bom"].error_samples)


def test_redirect_to_an_unregistered_host_is_refused(
    crawled: tuple[dict[str, CrawlReport], Path], province: Province
) -> None:
    reports, _ = crawled
    assert reports["bom"].errors["offsite"] == 1
    assert any("offsite" in s for s in reports["bom"].error_samples)


def test_json_feed_follows_next_pages_and_reads_dotted_paths(
    crawled: tuple[dict[str, CrawlReport], Path], province: Province
) -> None:
    reports, tmp = crawled
    docs = indexed(tmp, "feed")
    origin = province.feed.origin
    assert {u: d.title for u, d in docs.items()} == {
        f"{origin}/service/1": "انشعاب آب",
        f"{origin}/service/2": "تغییر نام",
    }
    # the recipe names the field «هزینه»; the crawler files it under the vocabulary name
    assert docs[f"{origin}/service/1"].fields == {"fee": "۱۲۰۰"}
    # The item without a title, the one linking off the portal and the one whose link
    # carries a password (which /go would refuse to follow) were dropped, with reasons.
    assert reports["feed"].errors["dropped_item"] == 3
    samples = " ".join(reports["feed"].error_samples)
    assert "has no title" in samples and "phish.example" in samples
    assert "has a user name or password" in samples
    assert reports["feed"].status is CrawlStatus.COMPLETE


def test_requests_carry_the_descriptive_user_agent(
    crawled: tuple[dict[str, CrawlReport], Path], province: Province
) -> None:
    assert province.legacy.agents == {"DargahTestBot/0.1 (+tests)"}


def test_reports_are_written_as_json_per_portal(
    crawled: tuple[dict[str, CrawlReport], Path],
) -> None:
    reports, tmp = crawled
    for portal_id, report in reports.items():
        files = list((tmp / "reports" / portal_id).glob("*.json"))
        assert len(files) == 1
        data = json.loads(files[0].read_text(encoding="utf-8"))
        assert data["status"] == report.status.value
        assert data["services_found"] == report.services_found


def test_service_ids_are_stable_from_the_canonical_url(
    crawled: tuple[dict[str, CrawlReport], Path], province: Province
) -> None:
    _, tmp = crawled
    for url, doc in indexed(tmp, "legacy").items():
        assert doc.id == service_id(url)


def test_private_addresses_are_refused_unless_allowed(province: Province, tmp_path: Path) -> None:
    [legacy] = province.good_registrations()[:1]
    before = len(province.legacy.requests)
    [report] = crawl([legacy], tmp_path, allow_private_addresses=False)
    assert report.status is CrawlStatus.FAILED
    assert report.errors["refused_private_address"] >= 1
    assert "127.0.0.1" in report.error_samples[0]
    assert len(province.legacy.requests) == before  # not even robots.txt was asked for


def test_robots_txt_disallowed_pages_are_counted_and_never_fetched(
    crawled: tuple[dict[str, CrawlReport], Path], province: Province
) -> None:
    reports, _ = crawled
    assert reports["bom"].errors["robots_forbidden"] == 1
    assert "/private/1" not in province.bom.requests


def test_page_limit_makes_the_crawl_partial(crawled: tuple[dict[str, CrawlReport], Path]) -> None:
    reports, _ = crawled
    limited = reports["limited"]
    assert limited.finish_reason == "closespider_pagecount"
    assert limited.status is CrawlStatus.PARTIAL
    assert limited.retired == 0
    # `dargah crawl` says why, and what to change.
    assert limited.explanation()[0].startswith("stopped at limits.max_pages (")


def test_depth_limit_makes_the_crawl_partial(
    crawled: tuple[dict[str, CrawlReport], Path],
) -> None:
    shallow = crawled[0]["shallow"]
    assert shallow.errors["depth_limit"] == 1  # the detail page linked from listing page 2
    assert shallow.services_found == 2
    assert shallow.status is CrawlStatus.PARTIAL


def test_a_portal_that_cannot_start_fails_alone(
    crawled: tuple[dict[str, CrawlReport], Path],
) -> None:
    reports, tmp = crawled
    assert reports["broken"].status is CrawlStatus.FAILED
    assert "invalid exclude regex '[unclosed'" in reports["broken"].finish_reason
    assert list((tmp / "reports" / "broken").glob("*.json"))
    assert reports["legacy"].status is CrawlStatus.COMPLETE
