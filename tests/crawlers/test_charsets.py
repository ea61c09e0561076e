"""Mislabelled pages: the bytes decide the encoding, the report says so, unreadable text is
never indexed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from crawl_helpers import Page, crawl, selectors_registration, serve

from indexer.backends import open_backend
from indexer.normalize import normalize
from registry.reports import CrawlReport, CrawlStatus

TITLES = {1: "صدور پروانه ساختمان", 2: "تمدید گواهی پایان کار", 3: "پرداخت عوارض نوسازی"}
LISTING = """<html><head><title>فهرست خدمات</title></head><body><ul>{links}</ul></body></html>"""
DETAIL = """<html><head><title>{title}</title></head><body><h2 class="title">{title}</h2>
<div class="desc">درخواست {title} برای شهروندان به صورت غیرحضوری</div></body></html>"""


def pages(encoding: str, label: str, titles: dict[int, str] = TITLES) -> dict[str, Page]:
    """A listing and detail pages whose bytes are ``encoding`` and whose header says ``label``."""
    headers = {"Content-Type": f"text/html; charset={label}"}

    def body(text: str) -> bytes:  # windows-1256 has only the Arabic yeh, as legacy pages do
        return (text.replace("ی", "ي") if encoding == "cp1256" else text).encode(encoding)

    links = "".join(f'<li><a class="svc" href="/s/{n}">{t}</a></li>' for n, t in titles.items())
    site = {"/": (200, headers, body(LISTING.format(links=links)))}
    for number, title in titles.items():
        site[f"/s/{number}"] = (200, headers, body(DETAIL.format(title=title)))
    return site


@pytest.fixture(scope="module")
def crawled(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[dict[str, CrawlReport], Path]]:
    # Titles the portal itself stored mangled: no charset reads them as Persian.
    mangled = {1: "\ufffd" * 4 + " " + "\ufffd" * 5, 2: "\ufffd" * 3}
    with ExitStack() as stack:
        sites = {
            "cp1256-as-utf8": stack.enter_context(serve(pages("cp1256", "utf-8"))),
            "utf8-as-latin1": stack.enter_context(serve(pages("utf-8", "ISO-8859-1"))),
            "stored-mangled": stack.enter_context(serve(pages("utf-8", "utf-8", mangled))),
        }
        tmp = tmp_path_factory.mktemp("charsets")
        reports = crawl(
            [selectors_registration(pid, site.origin) for pid, site in sites.items()], tmp
        )
        yield {r.portal_id: r for r in reports}, tmp


def titles(tmp: Path, portal_id: str) -> set[str]:
    backend = open_backend(tmp / "index", readonly=True)
    try:
        return {d.title for i in backend.portal_hashes(portal_id) if (d := backend.get(i))}
    finally:
        backend.close()


@pytest.mark.parametrize(
    ("portal_id", "label", "read_as"),
    [("cp1256-as-utf8", "utf-8", "cp1256"), ("utf8-as-latin1", "cp1252", "utf-8")],
)
def test_mislabelled_pages_are_read_as_their_bytes_say_and_reported(
    crawled: tuple[dict[str, CrawlReport], Path], portal_id: str, label: str, read_as: str
) -> None:
    reports, tmp = crawled
    report = reports[portal_id]
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert titles(tmp, portal_id) == {normalize(t) for t in TITLES.values()}
    assert report.errors["encoding_mismatch"] == 4  # the listing and the three services
    sample = next(s for s in report.error_samples if s.startswith("encoding_mismatch"))
    assert f"labelled {label}, read as {read_as}" in sample


def test_text_that_is_mostly_replacement_characters_is_never_indexed(
    crawled: tuple[dict[str, CrawlReport], Path],
) -> None:
    reports, tmp = crawled
    report = reports["stored-mangled"]
    assert titles(tmp, "stored-mangled") == set()
    assert report.errors["unreadable_text"] == 2
    assert report.errors.get("encoding_mismatch", 0) == 0  # no charset reads it as Persian
