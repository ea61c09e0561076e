"""The dashboards' small parts: Persian figures and times, chart geometry, freshness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from registry.records import CoveragePoint
from registry.registration import Registration
from search_ui.charts import bar_width, history_line, province_history
from search_ui.dashboard_data import PortalHealth
from search_ui.dashboard_text import ago, jalali_datetime, percent, problem_label

NOW = datetime(2026, 11, 22, 20, 45, tzinfo=UTC)  # 00:15 on 1405/09/02 in Tehran


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "—"), (95.2, "۹۵٫۲٪"), (100.0, "۱۰۰٪"), (0.0, "۰٪"), (7.5, "۷٫۵٪")],
)
def test_percent(value: float | None, expected: str) -> None:
    assert percent(value) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (None, "هرگز"),
        (NOW - timedelta(seconds=20), "همین حالا"),
        (NOW - timedelta(minutes=5, seconds=30), "۵ دقیقه پیش"),
        (NOW - timedelta(hours=3, minutes=59), "۳ ساعت پیش"),
        (NOW - timedelta(days=12), "۱۲ روز پیش"),
        (NOW.replace(tzinfo=None) - timedelta(hours=1), "۱ ساعت پیش"),  # naive means UTC
    ],
)
def test_ago(moment: datetime | None, expected: str) -> None:
    assert ago(moment, NOW) == expected


def test_jalali_datetime_is_in_tehran_time() -> None:
    assert jalali_datetime(NOW) == "۱۴۰۵/۰۹/۰۲ ساعت ۰۰:۱۵"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("http_404", "خطای ۴۰۴"),
        ("http_503", "خطای ۵۰۳"),
        ("timeout", "پاسخ نداد (مهلت تمام شد)"),
        ("redirect_off_domain: evil.example", "تغییر مسیر به بیرون از دامنه‌های ثبت‌شده"),
        ("offsite: evil.example", "پیوند به بیرون از دامنه‌های ثبت‌شده"),
        (
            "browser_sent_away: evil.example",
            "مرورگرها را به وبگاه دیگری می‌فرستد ولی به خزنده درگاه صفحه درست را نشان می‌دهد"
            " (پنهان‌کاری با User-Agent یا سرآیندهای مرورگر؛ وبگاه دستکاری شده؟)",
        ),
        ("robots_unreadable", "فایل robots.txt خوانده نشد؛ همه صفحه‌ها مجاز فرض شد"),
        (
            "robots_cut",
            "فایل robots.txt بزرگ‌تر از ۵۰۰ کیلوبایت بود؛ قاعده‌های پس از آن نادیده گرفته شد",
        ),
        ("something_new", "something_new"),
    ],
)
def test_problem_label(kind: str, expected: str) -> None:
    assert problem_label(kind) == expected


def test_the_new_failure_kinds_and_unlisted_services_are_said_in_persian() -> None:
    """Red team round 9: pages not read (a lying Content-Encoding, a redirect loop, a failure
    no rule names) and services kept because their own page still shows them."""
    from registry.reports import CrawlReport, CrawlStatus
    from search_ui.dashboard_text import retirement_label

    for kind in ("bad_encoding", "redirect_loop", "download_error", "evidence_limit"):
        assert problem_label(kind) != kind
    report = CrawlReport(portal_id="p", status=CrawlStatus.COMPLETE, unlisted=3)
    assert "۳ خدمت دیگر در فهرست وبگاه پیوند نداشت" in retirement_label(report)


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 0.0), (42.34, 42.3), (120.0, 100.0), (-5.0, 0.0)]
)
def test_bar_width(value: float | None, expected: float) -> None:
    assert bar_width(value) == expected


def test_history_line_runs_right_to_left_on_a_fixed_scale() -> None:
    assert history_line([]) is None
    old, new = NOW - timedelta(days=2), NOW
    line = history_line([(new, 100.0), (old, 50.0)])  # any order in, oldest first out
    assert line is not None
    first, last = line.dots
    assert (first.at, last.at) == (old, new)
    assert first.x > last.x  # the oldest point is on the right
    assert last.y < first.y == line.y_of(50)  # 100 % is higher up than 50 %
    assert line.y_of(0) > line.y_of(100)
    assert line.points == f"{first.x:g},{first.y:g} {last.x:g},{last.y:g}"
    single = history_line([(NOW, 80.0)])
    assert single is not None and len(single.dots) == 1
    assert 0 < single.dots[0].x < single.plot_right


def test_province_history_weighs_agencies_by_declared_services() -> None:
    t1, t2, t3 = NOW, NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    history = province_history(
        {
            "abfa": [CoveragePoint(t1, 1, 2, 1), CoveragePoint(t3, 2, 2, 2)],
            "sabt": [CoveragePoint(t2, 1, 4, 3)],
            "none": [],
        }
    )
    assert history == [(t1, 50.0), (t2, 66.7), (t3, 83.3)]


def _health(every_hours: float, last_complete: datetime | None) -> PortalHealth:
    reg = Registration.parse(
        {
            "id": "abfa-alborz",
            "agency": "شرکت آب و فاضلاب استان البرز",
            "homepage": "https://abfa-alborz.ir/",
            "strategy": "auto",
            "schedule": {"every_hours": every_hours},
        }
    )
    return PortalHealth(reg, 0, None, last_complete, [])


@pytest.mark.parametrize(
    ("every_hours", "age", "stale"),
    [
        (24, None, True),
        (24, timedelta(hours=30), False),
        (24, timedelta(hours=49), True),
        (6, timedelta(hours=13), True),
    ],
)
def test_a_portal_is_stale_after_two_missed_periods(
    every_hours: float, age: timedelta | None, stale: bool
) -> None:
    health = _health(every_hours, None if age is None else NOW - age)
    assert health.stale(NOW) is stale


def test_every_alert_a_crawl_can_raise_reads_in_persian() -> None:
    """The dashboards say why a crawl is not believed in a Persian sentence: an alert kind
    with no label would show its English name there (red team 11 F09)."""
    import ast
    import inspect

    from crawlers import monitor
    from crawlers.pagecheck import page_signs
    from registry.reports import CrawlReport
    from search_ui.dashboard_text import alert_labels

    raised = {
        node.args[0].value
        for node in ast.walk(ast.parse(inspect.getsource(monitor)))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "alert"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    # a stand-in page's alert is its kind's: every kind of the page signs, and the two the
    # page check names by itself (a white screen, a soft 404)
    raised |= {f"{sign.kind}_page" for sign in page_signs()} | {"error_page", "not_found_page"}
    assert {"sent_away", "replaced", "maintenance_page", "too_few_services"} <= raised
    report = CrawlReport(portal_id="p")
    for kind in sorted(raised):
        report.alert(kind, "")
    labels = alert_labels(report)
    assert len(labels) == len(raised)
    english = [label for label in labels if not any("\u0600" <= ch <= "\u06ff" for ch in label)]
    assert english == []
