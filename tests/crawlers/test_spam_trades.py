"""Spam a hacked CMS shows as services, in the shapes red team 11 found past the spam stage.

- F02: other trades than gambling (degree mills, bought followers, «صیغه‌یابی», instant
  loans, diet pills), and a burst of new pages in words the portal never used, whatever
  their trade: the crawl is suspect and the new pages are not kept. An agency adding as many
  services of its own trade is believed.
- F06: gambling adverts written to dodge a filter (a ZWNJ inside «کازینو», presentation
  forms, full-width letters, «پیش‌بینی فوتبال», a betting brand in Persian).
- F07: adverts that borrow the words of a police service about gambling sites («بدون
  کلاهبرداری», «هشدار: فقط بالای ۱۸ سال»).
- F10: a spam pattern that was quadratic on «a-a-a-…» stalled the crawl.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl_helpers import FAST, Page, crawl, html, indexed_titles, selectors_registration, serve

from crawlers.items import ServiceItem
from crawlers.spam import spam_in
from registry.portals import Registry
from registry.reports import CrawlReport, CrawlStatus

PORTAL = "rt11spam"
TITLES = [
    "صدور پروانه ساختمان مسکونی",
    "تمدید پروانه کسب",
    "پرداخت عوارض نوسازی",
    "استعلام عوارض خودرو",
    "صدور مجوز حفاری معابر",
    "ثبت درخواست پسماند ساختمانی",
    "صدور گواهی پایان کار ساختمان",
    "اعتراض به عوارض کمیسیون ماده صد",
]


def service(title: str, description: str | None = None) -> Page:
    text = f"شرح کامل {title}: مدارک لازم، مراحل و هزینه‌ها" if description is None else description
    return html(
        f'<html><body><h2 class="title">{title}</h2><div class="desc">{text}</div></body></html>'
    )


def portal(extra: dict[str, tuple[str, str | None]]) -> dict[str, Page]:
    links = {f"/s/{n}": t for n, t in enumerate(TITLES, 1)} | {p: t for p, (t, _) in extra.items()}
    anchors = "".join(f'<a class="svc" href="{path}">{title}</a> ' for path, title in links.items())
    home = html(f"<html><head><title>شهرداری</title></head><body>{anchors}</body></html>")
    found = {f"/s/{n}": service(t) for n, t in enumerate(TITLES, 1)}
    return {"/": home, **found, **{p: service(t, d) for p, (t, d) in extra.items()}}


def run(origin: str, state: Path) -> CrawlReport:
    [report] = crawl([selectors_registration(PORTAL, origin)], state, overrides=FAST)
    return report


def titles(state: Path) -> set[str]:
    return indexed_titles(state, PORTAL)


def added_to_an_indexed_portal(
    tmp_path: Path, extra: dict[str, tuple[str, str | None]]
) -> CrawlReport:
    with serve(portal({})) as site:
        assert run(site.origin, tmp_path).status is CrawlStatus.COMPLETE
        site.pages.update(portal(extra))
        return run(site.origin, tmp_path)


CITIES = ["تهران", "مشهد", "اصفهان", "شیراز", "تبریز"]
TRADES = [
    "خرید مدرک دانشگاهی معتبر بدون کنکور در {c}",
    "خرید فالوور واقعی اینستاگرام با تحویل فوری {c}",
    "خرید بک لینک قوی و رپورتاژ آگهی ارزان {c}",
    "سایت همسریابی و صیغه یابی موقت در {c}",
    "وام فوری بدون ضامن با چک صیادی در {c}",
    "دانلود فیلم و سریال جدید بدون سانسور {c}",
    "قرص لاغری گیاهی اصل با ارسال رایگان به {c}",
    "خرید گواهینامه رانندگی بدون آزمون در {c}",
]
PITCH = " - تضمینی، سریع و با کمترین هزینه. همین حالا تماس بگیرید: ۰۹۱۲۰۰۰۰۰۰۰"


def test_seo_spam_of_other_trades_makes_the_crawl_suspect(tmp_path: Path) -> None:
    spam = [t.format(c=c) for t in TRADES for c in CITIES]
    report = added_to_an_indexed_portal(
        tmp_path, {f"/news/{i}": (t, t + PITCH) for i, t in enumerate(spam)}
    )
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "spam" in report.alert_kinds, report.alerts
    assert report.errors["spam"] == len(spam), report.summary()
    assert titles(tmp_path) == set(TITLES)


# Pages of a trade no word list names: what the portal never spoke of gives them away.
UNLISTED = [
    "فروش ویلا ساحلی نوشهر",
    "اجاره ماشین عروس لوکس",
    "آموزش آرایش عروس حرفه‌ای",
    "تور ارزان آنتالیا",
    "تعمیر یخچال ساید بای ساید",
    "کلاس زبان انگلیسی آیلتس",
    "فروش گوشی سامسونگ اقساطی",
    "طراحی سایت فروشگاهی حرفه‌ای",
    "لوله بازکنی شبانه روزی",
    "قالیشویی با تخفیف ویژه",
]


def test_a_burst_of_pages_in_words_the_portal_never_used_makes_the_crawl_suspect(
    tmp_path: Path,
) -> None:
    """...until the registrar, told so, registers the portal again: that accepts them."""
    burst = [f"{t} {c}" for t in UNLISTED for c in CITIES[:2]]
    assert all(spam_in(ServiceItem(url="https://p.ir/", title=t)) is None for t in burst)
    with serve(portal({})) as site:
        registration = selectors_registration(PORTAL, site.origin)
        assert run(site.origin, tmp_path).status is CrawlStatus.COMPLETE
        site.pages.update(portal({f"/blog/{i}": (t, f"{t}{PITCH}") for i, t in enumerate(burst)}))
        report = run(site.origin, tmp_path)
        assert report.status is CrawlStatus.SUSPECT, report.summary()
        assert report.alert_kinds == ["burst"], report.alerts
        assert report.retired == 0
        assert titles(tmp_path) == set(TITLES)  # what was stored stays, the new pages are not
        registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
        try:
            registry.add_portal(registration, replace=True)
        finally:
            registry.close()
        accepted = run(site.origin, tmp_path)
    assert accepted.status is CrawlStatus.COMPLETE, accepted.summary()
    assert titles(tmp_path) == {*TITLES, *burst}


def test_a_burst_added_in_steps_under_the_threshold_is_caught(tmp_path: Path) -> None:
    """9 new pages, then 16 more (each crawl under «10, and as many as the portal had»): the
    burst guard counted one crawl only, and 25 pages of trades the portal never spoke of
    reached search under the agency's name (red team 12, F02). The second step counts the
    first's: suspect, and neither step's pages are kept."""
    burst = [f"{t} {c}" for c in CITIES for t in UNLISTED][:25]
    with serve(portal({})) as site:
        assert run(site.origin, tmp_path).status is CrawlStatus.COMPLETE
        site.pages.update(portal({f"/blog/{i}": (t, None) for i, t in enumerate(burst[:9])}))
        first = run(site.origin, tmp_path)
        assert first.status is CrawlStatus.COMPLETE and first.new == 9, first.summary()
        site.pages.update(portal({f"/blog/{i}": (t, None) for i, t in enumerate(burst)}))
        report = run(site.origin, tmp_path)
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert report.alert_kinds == ["burst"], report.alerts
    assert titles(tmp_path) == set(TITLES)


GENUINE = [
    "صدور پروانه {x}",
    "تمدید مجوز {x}",
    "پرداخت عوارض {x}",
    "استعلام پرونده {x}",
]
KINDS = ["تجاری", "اداری", "صنعتی", "کارگاهی", "انبار", "باغ", "تابلو تبلیغاتی", "حصارکشی"]


def test_an_agency_adding_many_services_of_its_own_trade_is_believed(tmp_path: Path) -> None:
    """Forty new services, four times what the portal had: a real expansion names what the
    agency always dealt in (permits, fees, files), and nothing is held back."""
    new = [g.format(x=k) for g in GENUINE for k in KINDS]
    assert len(new) >= 4 * len(TITLES)
    report = added_to_an_indexed_portal(tmp_path, {f"/n/{i}": (t, None) for i, t in enumerate(new)})
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert not report.alerts
    assert titles(tmp_path) == {*TITLES, *new}


def test_an_agency_growing_steadily_in_its_own_trade_is_believed(tmp_path: Path) -> None:
    """Four new services a crawl over four crawls, twice what the portal had in all: counted
    together as a burst is, and believed, since they name what the agency deals in."""
    new = [g.format(x=k) for k in KINDS[:4] for g in GENUINE]
    with serve(portal({})) as site:
        assert run(site.origin, tmp_path).status is CrawlStatus.COMPLETE
        for step in range(1, 5):
            added = {f"/n/{i}": (t, None) for i, t in enumerate(new[: 4 * step])}
            site.pages.update(portal(added))
            report = run(site.origin, tmp_path)
            assert report.status is CrawlStatus.COMPLETE and not report.alerts, report.summary()
    assert titles(tmp_path) == {*TITLES, *new}


OBFUSCATED = [
    "کازی\u200cنو آنلاین معتبر با جوایز روزانه {i}",
    "کازی\u200cنو زنده و رولت {i}",
    "ﮐﺎﺯﯾﻨﻮ آنلاین معتبر {i}",  # Arabic presentation forms
    "Ｃａｓｉｎｏ online best bonus {i}",  # full-width Latin
    "سایت پیش بینی فوتبال با جایزه ثبت نام {i}",
    "ورود به سایت هات بت بدون فیلتر {i}",
    "پیش\u200cبینی فوتبال و شارژ رایگان هدیه {i}",
    "کاز\u200bینو با واریز آنی {i}",  # a zero-width space
]
BORROWED = [
    "سایت شرط بندی فوتبال بدون کلاهبرداری {i}",
    "کازینو آنلاین زنده بدون کلاهبرداری و مطمئن {i}",
    "بازی انفجار بدون تخلف با برداشت {i}",
    "پوکر آنلاین حرفه ای - هشدار: فقط بالای ۱۸ سال {i}",
    "رولت و بلک جک زنده، بدون کلاهبرداری {i}",
    "شرط بندی ورزشی مطمئن بدون کلاهبرداری {i}",
    "کازینو زنده - هشدار: بازی مسئولانه {i}",
    "بازی انفجار - پشتیبانی و پیگیری ۲۴ ساعته {i}",
]


@pytest.mark.parametrize("shapes", [OBFUSCATED, BORROWED], ids=["obfuscated", "borrowed-words"])
def test_gambling_adverts_in_disguise_are_caught(tmp_path: Path, shapes: list[str]) -> None:
    adverts = [v.format(i=i) for i in range(1, 4) for v in shapes]
    report = added_to_an_indexed_portal(
        tmp_path, {f"/p/{k}": (t, t) for k, t in enumerate(adverts)}
    )
    assert report.errors["spam"] == len(adverts), report.summary()
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "spam" in report.alert_kinds, report.alerts
    assert titles(tmp_path) == set(TITLES)


def test_a_report_word_in_a_title_still_makes_a_police_service() -> None:
    """What the exemption is for stays (red team 10): a service about gambling sites."""
    for title, text in [
        ("گزارش سایت‌های شرط‌بندی آنلاین و کازینو", "برای پیگیری قضایی گزارش کنید"),
        ("هشدار پلیس فتا درباره سایت‌های پیش‌بینی فوتبال", "شکایت خود را ثبت کنید"),
        ("ثبت شکایت از کلاهبرداری", "قربانیان کلاهبرداری کازینو آنلاین شکایت کنند"),
    ]:
        assert spam_in(ServiceItem(url="https://p.ir/", title=title, description=text)) is None


RUN = "a-" * 2500  # 5,000 characters: the cap of one labelled block


@pytest.mark.timeout(30)
def test_the_domain_pattern_is_linear_on_a_hyphen_run() -> None:
    """The old pattern took ~1 s on 5,000 characters and grew with their square: 200,000
    would take half an hour. A linear one reads them at once."""
    item = ServiceItem(url="https://p.ir/", title="کازینو", description="a-" * 100_000)
    assert spam_in(item) is not None  # the subject, with no report words: still an advert


@pytest.mark.timeout(60)
def test_hyphen_runs_do_not_stall_the_crawl(tmp_path: Path) -> None:
    """Eighty such pages held the old crawl for over a minute and a half of CPU."""
    # each run its own (one text on every page would be wiped as the site's chrome)
    pages = {f"/p/{k}": (f"کازینو {k}", RUN[2 * k :]) for k in range(80)}
    with serve(portal(pages)) as site:
        report = run(site.origin, tmp_path)
    assert report.errors["spam"] == 80, report.summary()
    assert report.status is CrawlStatus.SUSPECT
