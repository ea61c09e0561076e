"""The bounds on the work of reading a page's script (red team round 14, F03 and F04).

F03: the hijack check (:func:`crawlers.scriptnav.script_sends_away`) runs on every page, in the
crawl's reactor and in the link checker's event loop. Each navigation of a script searched the
whole script again for every variable it named: ten scripts of harmless
``location.href='/x'+a+…`` held the crawl for 20 s a page. A script's definitions are now
indexed once and each expression folded once, and one page's check does a bounded amount of
work; a page needing more is withheld and said as ``script_check_cut``.

F04: :mod:`crawlers.loadmore` read the literal of every ``$.post(`` of a 200 KB script before
keeping 20, twice a section page. Now it stops at 20, walks at most ``MAX_READ`` characters of
literal a page and reads the page's script once for both of ``auto``'s questions.

Work is counted, never timed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from crawl_helpers import AgencyPages, Page, SitesCrawled, crawl_sites, serve
from scrapy.http import HtmlResponse

from crawlers import loadmore, scriptnav
from crawlers.scriptnav import check_scripts, navigations, page_budget, script_sends_away

# The red team's script: nothing but navigation to the portal's own pages, each expression
# 2,000 characters naming a variable a hundred times
HEAVY = ("location.href='/x'+a+" * 3000)[:49_000]
CASINO = "http://127.0.0.2:9/casino"


def page_of(*scripts: str, url: str = "http://portal.example/fa/s/1") -> HtmlResponse:
    body = "".join(f"<script>{code}</script>" for code in scripts)
    return HtmlResponse(url, body=f"<html><body><p>x</p>{body}</body></html>".encode())


class Counted:
    """A function of a module, wrapped to count its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
        self.calls = 0
        self.inner = getattr(module, name)
        monkeypatch.setattr(module, name, self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.inner(*args, **kwargs)


# ---- F03: the page check


def test_a_scripts_assignments_are_read_once_for_all_its_navigations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hundred navigations naming the same variables: one pass over the script finds every
    assignment, however many times they are named."""
    code = "var base = '/fa/';\nvar lang = 'fa';\n" + "".join(
        f"function go{n}() {{ location.href = base + lang + '/s/{n}'; }}\n" for n in range(100)
    )
    passes = Counted(monkeypatch, scriptnav, "_Script")
    scriptnav._script.cache_clear()
    found = list(navigations(code))
    assert len(found) == 100
    assert found[7].address == "/fa/fa/s/7" and not found[7].on_load
    assert passes.calls == 1


def test_variables_built_from_variables_are_folded_once_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``a1 = a0 + a0 + …``, ``a2 = a1 + a1 + …``: each definition is folded once, not once
    for every time it is named (20 × 20 × 20 lookups before)."""
    code = "var a0 = '/f';\n" + "".join(
        f"var a{n} = " + " + ".join([f"a{n - 1}"] * 20) + ";\n" for n in (1, 2, 3)
    )
    code += "location.href = a3;"
    lookups = Counted(monkeypatch, scriptnav, "_definition_at")
    scriptnav._script.cache_clear()
    [nav] = navigations(code)
    assert nav.address == "/f" * 8000 and nav.exact and nav.on_load
    assert lookups.calls <= 3 * 20 + 5


def test_a_page_too_heavy_to_check_stops_within_its_bound() -> None:
    """Ten of the red team's scripts: the check stops at its page bound and says so, having
    read no more than one navigation past it."""
    scriptnav._script.cache_clear()
    scriptnav._block_tree.cache_clear()
    with page_budget() as work:
        check = check_scripts(page_of(*[HEAVY] * 10))
    assert check.target is None and "characters" in check.cut
    # the last step taken is one script's blocks at most
    assert -scriptnav.MAX_CODE <= work.steps < 0
    assert scriptnav.PAGE_NAVIGATIONS - work.navigations < 2 * scriptnav.MAX_NAVIGATIONS


def test_a_page_of_too_many_navigations_stops_at_its_bound() -> None:
    """Twenty scripts of fifteen short navigations each (300): the check stops at 200."""
    code = "".join(f"function f{n}() {{ location.href = '/fa/{n}'; }}\n" for n in range(15))
    with page_budget() as work:
        check = check_scripts(page_of(*[code] * 20))
    assert check.target is None and "navigations" in check.cut
    assert work.navigations == -1


def test_a_hijack_read_before_the_bound_is_still_found() -> None:
    """The check stops only when it found nothing yet: a hijack in the first script is read."""
    hijack = f"window.location.replace('{CASINO}');"
    check = check_scripts(page_of(hijack, *[HEAVY] * 10))
    assert (check.target, check.cut) == (CASINO, "")


def test_an_ordinary_page_is_checked_well_within_the_bounds() -> None:
    code = (
        "var lang = 'fa';\n$(function () { if (!lang) { location.href = '/' + lang + '/'; } });\n"
        "function go(id) { location.href = '/fa/s/' + id; }\n"
        "document.getElementById('b').onclick = function () { window.open('/fa/help'); };"
    )
    with page_budget() as work:
        assert check_scripts(page_of(code, code)) == scriptnav.ScriptCheck(None)
    assert scriptnav.PAGE_STEPS - work.steps < 2_000
    assert scriptnav.PAGE_NAVIGATIONS - work.navigations == 6


def test_the_old_question_has_no_verdict_on_a_page_too_heavy_to_check() -> None:
    """The link checker's browser view asks :func:`script_sends_away`: a page too heavy to
    check says nothing against the honest answer there (the crawl withheld it and said so)."""
    assert script_sends_away(page_of(*[HEAVY] * 10)) is None
    assert script_sends_away(page_of(f"location.href = '{CASINO}';")) == CASINO


# ---- F04: load-more calls

BOMB = "$.post('/x',{" * 15_000  # 195 KB of calls that never close


def test_post_calls_stop_at_their_cap_and_their_literals_at_the_page_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walked: list[int] = []
    inner = loadmore.braced

    def braced(code: str, at: int, budget: Any = None) -> str:
        before = budget.left
        out = inner(code, at, budget)
        walked.append(before - budget.left)
        return out

    monkeypatch.setattr(loadmore, "braced", braced)
    loadmore._starts.cache_clear()
    ajax = "$.ajax({type: 'POST', url: '/y'," * 15_000
    assert loadmore.posted_paths(BOMB + ajax) == {"/x"}
    assert len(walked) <= loadmore.MAX_STARTS
    assert sum(walked) <= loadmore.MAX_READ
    walked.clear()
    loadmore._starts.cache_clear()
    assert loadmore.posted_paths(ajax) == set()
    assert sum(walked) <= loadmore.MAX_READ


def test_a_pages_script_is_read_once_for_both_of_autos_questions() -> None:
    code = "$('#more').click(function () { $.post('/fa/Services/More', {page: p}); });"
    loadmore._starts.cache_clear()
    assert loadmore.posted_paths(code) == {"/fa/Services/More"}
    [call] = loadmore.calls("".join(list(code)), {})  # the same text, read again by auto
    assert call.url == "/fa/Services/More" and call.page_key == "page"
    info = loadmore._starts.cache_info()
    assert (info.misses, info.hits) == (1, 1)


# ---- a crawl: the heavy page is withheld and said; the honest pages beside it are read

AGENCY = "اداره کل آزمایشی استان سمنان"
PAGES = AgencyPages(AGENCY)
SERVICES = {f"/fa/s/{n}": f"صدور پروانه بهره‌برداری نوع {n}" for n in range(1, 4)}
GUIDE = ("/fa/s/9", "راهنمای استفاده از سامانه")
ORDINARY = (
    "<script>var lang = 'fa';\nfunction go(id) { location.href = '/fa/s/' + id; }\n"
    "$(function () { if (!lang) { location.href = '/' + navigator.language + '/'; } });"
    "</script>"
)


def with_scripts(page: Page, scripts: str) -> Page:
    status, headers, body = page
    return status, headers, body.replace(b"</body>", scripts.encode() + b"</body>")


def site(heavy: bool) -> dict[str, Page]:
    links = {**SERVICES, GUIDE[0]: GUIDE[1]}
    pages = {
        "/": PAGES.home("/fa/services"),
        "/fa/services": PAGES.page(
            "خدمات",
            "<ul>" + "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in links.items()) + "</ul>",
        ),
        GUIDE[0]: PAGES.page(GUIDE[1], f"<h1>{GUIDE[1]}</h1><p>این راهنما را بخوانید.</p>"),
    }
    for path, title in SERVICES.items():
        pages[path] = with_scripts(PAGES.service(title), ORDINARY)
    if heavy:  # the third service's page carries the red team's scripts
        pages["/fa/s/3"] = with_scripts(
            PAGES.service(SERVICES["/fa/s/3"]), f"<script>{HEAVY}</script>" * 10
        )
    return pages


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    with ExitStack() as stack:
        sites = {
            "heavy": stack.enter_context(serve(site(heavy=True))),
            "plain": stack.enter_context(serve(site(heavy=False))),
        }
        yield crawl_sites(sites, tmp_path_factory.mktemp("budgets"), AGENCY)


def test_a_page_too_heavy_to_check_is_withheld_and_said(crawled: SitesCrawled) -> None:
    report = crawled.reports["heavy"]
    assert report.errors["script_check_cut"] == 1, report.summary()
    assert "sent_away" not in report.alert_kinds, report.alerts
    assert set(crawled.found["heavy"]) == {"/fa/s/1", "/fa/s/2"}, crawled.found["heavy"]


def test_pages_of_ordinary_script_navigation_are_read(crawled: SitesCrawled) -> None:
    report = crawled.reports["plain"]
    assert "script_check_cut" not in report.errors, report.summary()
    assert set(crawled.found["plain"]) == set(SERVICES), crawled.found["plain"]
