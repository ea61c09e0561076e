"""A hostile portal's PDF «catalogue» that inflates to megabytes (red team 12, F04).

A PDF is read in Scrapy's reactor thread. Only the file's size and its page counts were
bounded: ten pages sharing one stream that inflates to 3 MB (a 10 KB file) held the crawl
about a minute, and five such files past the 3-hour crawl limit with heartbeats stalled. What a
stream inflates to, what the pages read inflate to together and the time spent on a file are
bounded now, and the report says the catalogue was cut short (the crawl is partial: what it
listed past the cut was not seen, so nothing is retired on its account).
"""

from __future__ import annotations

import time
import zlib
from pathlib import Path

from crawl_helpers import crawl, html, serve, written_pdf

from registry.registration import Registration
from registry.reports import CrawlStatus

PORTAL = "rt12pdfbomb"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴۵۶۷۸"]
BOMB = "/uploads/docs/services.pdf"


def bomb(pages: int, inflated: int) -> bytes:
    """A PDF whose ``pages`` all show one FlateDecode stream of ``inflated`` bytes of text."""
    unit = b"BT /F1 12 Tf 72 712 Td (a) Tj ET\n"
    stream = zlib.compress(unit * (inflated // len(unit)), 9)
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ] + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources"
        b" << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
    ] * pages
    return written_pdf(objects)


def test_a_pdf_that_inflates_to_megabytes_is_cut_short_and_said_so(tmp_path: Path) -> None:
    links = "".join(f'<li><a href="/fa/service/{n}">{t}</a></li>' for n, t in enumerate(TITLES, 1))
    pages = {
        "/": html(
            "<html><head><title>اداره آزمایشی</title></head><body><h1>اداره آزمایشی</h1>"
            f"<ul class='services'>{links}</ul>"
            f'<p><a href="{BOMB}">دریافت فهرست خدمات</a></p></body></html>'
        ),
        BOMB: (200, {"Content-Type": "application/pdf"}, bomb(10, 3 * 1024 * 1024)),
    }
    for n, title in enumerate(TITLES, 1):
        pages[f"/fa/service/{n}"] = html(
            f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p>شرح کامل {title} و مدارک لازم برای دریافت آن.</p></body></html>"
        )
    with serve(pages) as site:
        registration = Registration.parse(
            {"id": PORTAL, "agency": "اداره آزمایشی", "homepage": site.origin + "/"}
            | {"strategy": "auto"}
        )
        started = time.monotonic()
        [report] = crawl([registration], tmp_path)
        took = time.monotonic() - started
    assert BOMB in site.requests
    assert report.errors["catalogue_cut_short"] == 1, report.summary()
    assert report.status is CrawlStatus.PARTIAL, report.summary()
    assert took < 45, took  # the file alone held the crawl about a minute
