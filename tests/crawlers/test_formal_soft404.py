"""Soft 404s in the formal wordings of government CMSs are not services (red team 10, F07).

Tetis, Rayan and Sitemaker answer a removed page with 200 and «محتوای مورد نظر موجود
نمی‌باشد», «آدرس وارد شده صحیح نمی‌باشد», «این صفحه حذف گردیده است», «رکوردی یافت نشد»...
They were indexed as the agency's services, and a removed service was renamed to the message
and never retired. A real service whose text uses the same words is still a service.
"""

from __future__ import annotations

from pathlib import Path

from crawl_helpers import FAST, Page, Site, crawl, html, selectors_registration, serve

from indexer.backends import open_backend
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus

PORTAL = "formal"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴۵۶۷۸"]
WORDINGS = [
    "محتوای مورد نظر موجود نمی‌باشد",
    "صفحه‌ای که به دنبال آن هستید وجود ندارد",
    "اطلاعاتی برای نمایش وجود ندارد",
    "آدرس وارد شده صحیح نمی‌باشد",
    "این صفحه حذف گردیده است",
    "خدمت مورد نظر غیرفعال می‌باشد",
    "مطلبی با این شناسه ثبت نشده است",
    "رکوردی یافت نشد",
]


def home(links: dict[str, str]) -> Page:
    anchors = "".join(f'<a class="svc" href="{path}">{title}</a> ' for path, title in links.items())
    return html(f"<html><head><title>اداره آزمایشی</title></head><body>{anchors}</body></html>")


def listed(titles: list[str] = TITLES) -> dict[str, str]:
    return {f"/s/{n}": t for n, t in enumerate(titles, 1)}


def service(title: str, description: str | None = None, heading: str = "h2") -> Page:
    text = f"شرح کامل {title}" if description is None else description
    return html(
        f"<html><head><title>اداره آزمایشی</title></head><body><{heading} class='title'>"
        f"{title}</{heading}><div class='desc'>{text}</div></body></html>"
    )


def soft_404(message: str) -> Page:
    """The CMS's «not found» page, answered 200, with the message where a title would be."""
    return html(
        f"<html><head><title>{message}</title></head><body><h2 class='title'>{message}</h2>"
        "<div class='desc'>بازگشت به صفحه اصلی</div></body></html>"
    )


def good_pages(titles: list[str] = TITLES, heading: str = "h2") -> dict[str, Page]:
    pages = {f"/s/{n}": service(t, heading=heading) for n, t in enumerate(titles, 1)}
    return {"/": home(listed(titles)), **pages}


def run(site: Site, state: Path, registration: Registration | None = None) -> CrawlReport:
    registration = registration or selectors_registration(PORTAL, site.origin)
    [report] = crawl([registration], state, overrides=FAST)
    return report


def indexed(state: Path) -> dict[str, str]:
    """URL path -> title of the portal's indexed services."""
    backend = open_backend(state / "index", readonly=True)
    try:
        return {"/" + d.url.split("/", 3)[3]: d.title for d in backend.documents([PORTAL])}
    finally:
        backend.close()


def test_soft_404s_in_formal_wordings_are_not_indexed(tmp_path: Path) -> None:
    pages = good_pages()
    links = listed() | {f"/x/{i}": f"خدمت بایگانی {i}" for i in range(len(WORDINGS))}
    pages["/"] = home(links)
    pages |= {f"/x/{i}": soft_404(message) for i, message in enumerate(WORDINGS)}
    with serve(pages) as site:
        report = run(site, tmp_path)
    assert report.errors["not_found_page"] == len(WORDINGS), report.summary()
    assert sorted(indexed(tmp_path).values()) == sorted(TITLES)


def test_a_removed_service_showing_a_formal_soft_404_is_missed_then_retired(
    tmp_path: Path,
) -> None:
    """It was renamed to «محتوای مورد نظر موجود نمی‌باشد» and kept for good."""
    with serve(good_pages()) as site:
        run(site, tmp_path)
        site.pages["/s/3"] = soft_404(WORDINGS[0])
        second, third = run(site, tmp_path), run(site, tmp_path)
    assert second.errors["not_found_page"] == 1, second.summary()
    assert (second.updated, second.missing) == (0, 1), second.summary()
    assert third.retired == 1, third.retirement
    assert sorted(indexed(tmp_path).values()) == sorted(TITLES[:2] + TITLES[3:])


def test_a_soft_404_the_title_selector_reads_from_an_h3_is_a_miss_not_a_rename(
    tmp_path: Path,
) -> None:
    """The page check reads the <title> and the first h1/h2; a template whose service names
    are ``h3`` shows the message there, under the portal's own <title>."""
    with serve(good_pages(heading="h3")) as site:
        registration = Registration.parse(
            {
                "id": PORTAL,
                "agency": "اداره آزمایشی",
                "homepage": site.origin + "/",
                "strategy": "selectors",
                "selectors": {
                    "service_links": "a.svc",
                    "title": "h3.title",
                    "description": ".desc",
                },
            }
        )
        assert run(site, tmp_path, registration).services_found == len(TITLES)
        site.pages["/s/3"] = service("رکوردی یافت نشد", "بازگشت به صفحه اصلی", heading="h3")
        second = run(site, tmp_path, registration)
        third = run(site, tmp_path, registration)
    assert (second.updated, second.missing) == (0, 1), second.summary()
    assert "رکوردی یافت نشد" not in indexed(tmp_path).values()
    assert third.retired == 1, third.retirement


REAL = {
    "/s/1": ("استعلام سوابق بیمه", "در صورتی که رکوردی یافت نشد، با پشتیبانی تماس بگیرید."),
    "/s/2": ("اصلاح نشانی پستی", "اگر آدرس وارد شده صحیح نمی‌باشد، درخواست اصلاح ثبت کنید."),
    "/s/3": ("ابطال پروانه کسب", "پروانه‌ای که ابطال شود از سامانه حذف گردیده است."),
    "/s/4": ("ثبت مدارک تحصیلی", "اگر مدرک در فهرست موجود نمی‌باشد، آن را بارگذاری کنید."),
}


def test_real_services_that_use_the_same_words_are_still_indexed(tmp_path: Path) -> None:
    pages = {path: service(title, text) for path, (title, text) in REAL.items()}
    pages["/"] = home({path: title for path, (title, _) in REAL.items()})
    with serve(pages) as site:
        first = run(site, tmp_path)
        for path, (title, text) in REAL.items():  # the agency rewrites them: still services
            site.pages[path] = service(title, text + " زمان پاسخ: سه روز کاری")
        second = run(site, tmp_path)
    assert first.status is CrawlStatus.COMPLETE, first.summary()
    assert not first.errors["not_found_page"], first.summary()
    assert (second.updated, second.missing, second.errors["not_found_page"]) == (4, 0, 0)
    assert sorted(indexed(tmp_path).values()) == sorted(t for t, _ in REAL.values())
