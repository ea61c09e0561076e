"""Hidden SEO text styled the way browsers read it (red team 12, F05).

Red team rounds 6 and 7's rule matched an inline style as text after removing spaces only: a
newline after the colon, ``!important``, ``font-size:0em``, a CSS escape, ``transform:
scale(0)``, ``color:transparent`` and a clipped 1-pixel box all got their hidden text into the
index, the snippets and search. A service title written as screen-reader text (the clipped
box) on a page that also shows it is still the service's title.
"""

from __future__ import annotations

from pathlib import Path

from crawl_helpers import crawl, html, selectors_registration, serve

from indexer.backends import open_backend
from registry.reports import CrawlStatus

PORTAL = "rt12hidden"
HIDDEN = "لوله بازکنی شبانه روزی تهران و خرید اکانت نتفلیکس ارزان"
STYLES = [
    "display:\n none",
    "opacity:0 !important",
    "font-size:0em",
    "display:n\\6f ne",
    "transform:scale(0)",
    "color:transparent",
    "position:absolute;clip:rect(0 0 0 0);width:1px;height:1px;overflow:hidden",
    "DISPLAY : none",
]
SHOWN_STYLES = ["color:#333", "opacity:0.8", "transform:scale(1.1)", "font-size:0.9em"]
CLIP = "position:absolute;clip:rect(1px,1px,1px,1px);clip-path:inset(50%);width:1px;height:1px"


def title(n: int) -> str:
    number = str(n).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))  # as indexed
    return f"صدور پروانه شماره {number} برای شهروندان"


def test_inline_styles_hiding_text_keep_it_out_and_screen_reader_titles_stay(
    tmp_path: Path,
) -> None:
    styles = STYLES + SHOWN_STYLES
    pages = {}
    for n, style in enumerate(styles, 1):
        pages[f"/s/{n}"] = html(
            f'<html><body><h2 class="title">{title(n)}</h2><div class="desc">شرح کامل'
            f' {title(n)}<div style="{style}">{HIDDEN}</div></div></body></html>'
        )
    # A title only screen readers get, on a page that shows it in its heading: kept.
    sr = len(styles) + 1
    pages[f"/s/{sr}"] = html(
        f"<html><head><title>{title(sr)} | شهرداری</title></head><body><h1>{title(sr)}</h1>"
        f'<h2 class="title"><span style="{CLIP}">{title(sr)}</span></h2>'
        f'<div class="desc">شرح کامل خدمت</div></body></html>'
    )
    links = "".join(f'<a class="svc" href="/s/{n}">{title(n)}</a> ' for n in range(1, sr + 1))
    pages["/"] = html(f"<html><body>{links}</body></html>")
    with serve(pages) as site:
        [report] = crawl([selectors_registration(PORTAL, site.origin)], tmp_path)
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    backend = open_backend(tmp_path / "index", readonly=True)
    try:
        found = {doc.url.rsplit("/", 1)[-1]: doc for doc in backend.documents([PORTAL])}
    finally:
        backend.close()
    leaked = [s for n, s in enumerate(STYLES, 1) if "نتفلیکس" in found[str(n)].description]
    assert leaked == []
    for n in range(len(STYLES) + 1, sr):  # styles that show their text still do
        assert "نتفلیکس" in found[str(n)].description, styles[n - 1]
    assert found[str(sr)].title == title(sr)
