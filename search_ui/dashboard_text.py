"""How the dashboards say times, percentages and crawl outcomes in Persian."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import jdatetime
import yaml

from gateway_api.text import persian_digits
from registry.reports import CrawlReport, CrawlStatus
from registry.search_rules import SearchRuleError

__all__ = [
    "ago",
    "alert_labels",
    "crawl_status_label",
    "jalali_datetime",
    "percent",
    "problem_label",
    "retirement_label",
    "rule_problem",
    "upload_problem_place",
    "yaml_problem",
]

_TEHRAN = ZoneInfo("Asia/Tehran")

_STATUS = {
    "complete": "کامل",
    "partial": "ناقص",
    "failed": "ناموفق",
    "suspect": "مشکوک",
    "running": "در حال اجرا",
    "queued": "در صف",
    "done": "انجام شد",
}

# Crawl and link-check error kinds -> what an agency's webmaster should read.
_PROBLEMS = {
    "timeout": "پاسخ نداد (مهلت تمام شد)",
    "unchecked_timeout": "در بررسی پیوند دیر پاسخ داد؛ خزش پیشین صفحه را خواند، خراب شمرده نشد",
    "dns": "نام دامنه پیدا نشد",
    "connection_refused": "اتصال پذیرفته نشد",
    "connection_error": "اتصال برقرار نشد",
    "crawler_error": "خطای خزنده",
    "too_many_redirects": "تغییر مسیر بی‌پایان",
    "redirect_to_homepage": "به صفحه نخست وبگاه برگردانده شد (صفحه حذف شده)",
    "depth_limit": "از حد عمق خزش فراتر رفت",
    "dropped_item": "صفحه خدمت ناقص بود",
    "index_error": "خطای نمایه",
    "offsite": "پیوند به بیرون از دامنه‌های ثبت‌شده",
    "robots_unreadable": "فایل robots.txt خوانده نشد؛ همه صفحه‌ها مجاز فرض شد",
    "robots_cut": "فایل robots.txt بزرگ‌تر از ۵۰۰ کیلوبایت بود؛ قاعده‌های پس از آن نادیده گرفته شد",
    "maintenance_page": "صفحه «در حال به‌روزرسانی / تعمیر» به جای محتوا",
    "login_page": "صفحه ورود (نام کاربری و رمز) به جای محتوا",
    "login_redirect": "به صفحه ورود یکپارچه (SSO) در دامنه دیگری فرستاده شد؛ خدمت نگه داشته شد",
    "offsite_redirect": (
        "صفحه بازدیدکننده را با اسکریپت یا refresh به وبگاه دیگری می‌فرستد؛ خدمت نگه داشته شد"
    ),
    "script_check_cut": (
        "اسکریپت‌های صفحه برای بررسی تغییر مسیر بیش از حد سنگین بود؛ صفحه خوانده نشد و"
        " خدمت پیشین نگه داشته شد"
    ),
    "browser_sent_away": (
        "مرورگرها را به وبگاه دیگری می‌فرستد ولی به خزنده درگاه صفحه درست را نشان می‌دهد"
        " (پنهان‌کاری با User-Agent یا سرآیندهای مرورگر؛ وبگاه دستکاری شده؟)"
    ),
    "parked_page": "دامنه پارک‌شده یا برای فروش",
    "challenge_page": "صفحه «بررسی مرورگر» سامانه امنیتی (CDN) به جای محتوا",
    "error_page": "صفحه خطای سرور یا صفحه سفید به جای محتوا",
    "service_not_shown": "صفحه‌ای که خدمت داشت این بار خدمتی نشان نداد؛ خدمت نگه داشته شد",
    "truncated_page": "صفحه خدمت نیمه‌کاره رسید و بخشی از متنش نبود؛ متن پیشین خدمت ماند",
    "bad_encoding": "فشرده‌سازی صفحه با سرآیند Content-Encoding آن نمی‌خواند؛ صفحه خوانده نشد",
    "redirect_loop": "تغییر مسیر صفحه به خودش برمی‌گردد (حلقه)؛ صفحه خوانده نشد",
    "download_error": "صفحه دریافت یا خوانده نشد (خطای ناشناخته)؛ خدمت نگه داشته شد",
    "evidence_limit": "خدمات ثبت‌شده‌ای که خزش به آن‌ها نرسید بیش از سقف بازپرسی بود؛ نگه داشته شد",
    "size_limit": "صفحه از حد اندازه بزرگ‌تر بود و خوانده نشد",
    "link_budget": "وبگاه بیش از حد مجاز پیوند تازه داشت؛ بقیه پیوندها دنبال نشد",
    "catalogue_cut_short": (
        "فهرست خدمات (PDF یا Excel) بیش از حد پرهزینه بود و تا پایان خوانده نشد؛ چیزی بازنشسته نشد"
    ),
    "write_error": "ذخیره نتیجه خزش ناموفق بود (دیسک یا پایگاه داده)",
    "crawler_gone": "فرایند خزش پیش از پایان از کار افتاد",
    "portal_removed": "وبگاه در میانه خزش از ثبت خارج شد؛ خدماتش از درگاه برداشته شد",
    "encoding_mismatch": "کدگذاری اعلام‌شده صفحه نادرست بود",
    "unreadable_text": "متن صفحه خوانا نبود و نمایه نشد",
    "conflict": "همین صفحه را وبگاه دیگری هم یافته است (خدمت نزد نخستین وبگاه ماند)",
    "refused_private_address": "نشانی داخلی/خصوصی؛ تنظیمات خزنده اجازه نمی‌دهد (مشکل پیکربندی)",
    "spam": (
        "آگهی قمار، شرط‌بندی، مدرک‌فروشی، وام یا دارو به جای خدمت (وبگاه دستکاری شده؟)؛ برداشته نشد"
    ),
}

# Why a crawl is suspect, for the registrar and the agency (from ``CrawlReport.alert_kinds``).
_ALERTS = {
    "maintenance_page": "وبگاه به جای خدمات صفحه «در حال به‌روزرسانی / تعمیر» نشان داد",
    "login_page": "وبگاه به جای خدمات صفحه ورود (نام کاربری و رمز) نشان داد",
    "parked_page": "دامنه وبگاه پارک‌شده یا برای فروش است",
    "challenge_page": "سامانه امنیتی وبگاه (CDN) به جای خدمات صفحه «بررسی مرورگر» نشان داد",
    "not_found_page": "وبگاه به جای خدمات صفحه «پیدا نشد» نشان داد (با پاسخ درست، نه ۴۰۴)",
    "error_page": "وبگاه به جای خدمات صفحه خطا یا صفحه‌ای خالی نشان داد",
    "same_body": "همه صفحه‌های وبگاه یک محتوای یکسان داشتند",
    "retitled": (
        "عنوان بیشتر خدمات یک‌باره یا در چند خزش پیاپی عوض شد (وبگاه دستکاری شده؟)؛"
        " عنوان‌های پیشین ماند یا بازگردانده شد"
    ),
    "redescribed": "شرح بیشتر خدمات یک‌باره پاک یا یکسان شد (وبگاه دستکاری شده؟)؛ شرح‌های پیشین ماند",
    "spam": (
        "وبگاه آگهی قمار، شرط‌بندی، مدرک‌فروشی، وام یا دارو را خدمت نشان داد (دستکاری شده؟)؛"
        " چیزی برداشته نشد"
    ),
    "burst": (
        "وبگاه در یک یا چند خزش اخیر خدمات تازه بسیاری با واژه‌هایی بیگانه با خدمات پیشینش"
        " نشان داد (وبگاه دستکاری شده؟)؛ خدمات تازه تا ثبت دوباره وبگاه نگه داشته نشد"
    ),
    "replaced": (
        "وبگاه به جای خدمات پیشین خدمات دیگری نشان داد (وبگاه نهاد دیگری روی این نشانی؟)؛"
        " خدمات تازه نگه داشته نشد و چیزی حذف نشد"
    ),
    "sent_away": (
        "صفحه‌هایی از وبگاه بازدیدکننده را به وبگاهی غیردولتی می‌فرستند (دستکاری شده؟)؛"
        " خدمات آن‌ها همان‌گونه که بود ماند"
    ),
    "merged": (
        "چند صفحه خدمت به صفحه یک خدمت دیگر فرستاده می‌شوند (قاعده تغییر مسیر نادرست؟)؛"
        " این خدمات نگه داشته شد و چیزی حذف نشد"
    ),
    "check_failed": "درستی این خزش بررسی نشد",
}


# Why a crawl ended before the end of the portal (Scrapy's finish reasons), said first.
_CUT_SHORT = {
    "closespider_pagecount": (
        "خزش به سقف صفحه‌ها ({pages} صفحه، limits.max_pages) رسید و همه وبگاه را ندید؛ "
    ),
    "shutdown": "خزش پیش از پایان متوقف شد؛ ",
}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def jalali_datetime(moment: datetime) -> str:
    """``۱۴۰۵/۰۹/۰۲ ساعت ۱۴:۰۵`` in Tehran time."""
    local = _aware(moment).astimezone(_TEHRAN)
    stamp = jdatetime.datetime.fromgregorian(datetime=local.replace(tzinfo=None))
    return persian_digits(stamp.strftime("%Y/%m/%d ساعت %H:%M"))


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """A coarse Persian age: «۳ ساعت پیش»; «هرگز» when there is no moment."""
    if moment is None:
        return "هرگز"
    delta = (now or datetime.now(UTC)) - _aware(moment)
    if delta < timedelta(minutes=1):
        return "همین حالا"
    for unit, size in (("روز", 86400), ("ساعت", 3600), ("دقیقه", 60)):
        count = int(delta.total_seconds() // size)
        if count >= 1:
            return f"{persian_digits(count)} {unit} پیش"
    return "همین حالا"  # pragma: no cover - unreachable after the minute check


def percent(value: float | None) -> str:
    """``۸۷٫۵٪``; «—» when nothing is declared, so there is nothing to measure."""
    if value is None:
        return "—"
    text = f"{value:.1f}".removesuffix(".0").replace(".", "٫")
    return persian_digits(text) + "٪"


def crawl_status_label(status: str) -> str:
    return _STATUS.get(status, status)


def problem_label(kind: str) -> str:
    """``http_404`` -> «خطای ۴۰۴»; unknown kinds are shown as they are."""
    if kind.startswith("http_") and kind[5:].isdigit():
        return f"خطای {persian_digits(kind[5:])}"
    if kind.startswith("redirect_off_domain"):
        return "تغییر مسیر به بیرون از دامنه‌های ثبت‌شده"
    return _PROBLEMS.get(kind.split(":", 1)[0], kind)


def retirement_label(report: CrawlReport) -> str:
    """What a crawl did to services gone from the portal, in Persian.

    Said from the report's figures (the report's own ``retirement`` sentence is
    English, for operators): only a complete crawl retires, and a service is
    retired only after missing from several complete crawls in a row.
    """
    if report.status is CrawlStatus.RUNNING:
        return ""
    if report.status is CrawlStatus.SUSPECT:
        return (
            "هشدار: این خزش مشکوک است؛ " + "؛ ".join(alert_labels(report)) + ". هیچ خدمتی حذف نشد."
        )
    if report.status is not CrawlStatus.COMPLETE:
        cut = _CUT_SHORT.get(report.finish_reason, "").format(
            pages=persian_digits(report.pages_fetched)
        )
        if report.retired or report.missing:  # pages that answered «not found» (404/410)
            return (
                cut
                + "خزش ناقص بود؛ تنها خدماتی که صفحه خودشان پاسخ «پیدا نشد» داد شمرده شدند: "
                + "؛ ".join(_missed(report, "خزش پیاپی"))
                + "."
            )
        return cut + "خدمتی حذف نشد؛ فقط خزش کامل می‌تواند خدمتی را از درگاه حذف کند."
    parts = _missed(report, "خزش کامل پیاپی")
    if report.unlisted:  # crawlers.evidence: no longer linked, still shown on its own page
        parts.append(
            f"{persian_digits(report.unlisted)} خدمت دیگر در فهرست وبگاه پیوند نداشت ولی صفحه"
            " خودش هنوز آن را نشان می‌دهد؛ در درگاه ماند"
        )
    if not parts:
        return "همه خدمات پیشین پیدا شدند؛ خدمتی حذف نشد."
    return "؛ ".join(parts) + "."


def _missed(report: CrawlReport, crawls: str) -> list[str]:
    parts = []
    if report.retired:
        parts.append(
            f"{persian_digits(report.retired)} خدمت که در چند {crawls} پیدا نشد از درگاه حذف شد"
        )
    if report.missing:
        parts.append(
            f"{persian_digits(report.missing)} خدمت در این خزش پیدا نشد و تا خزش‌های "
            "کامل بعدی در درگاه می‌ماند"
        )
    return parts


def alert_labels(report: CrawlReport) -> list[str]:
    """The reasons a crawl is not to be believed, in Persian, with its figures."""
    labels = []
    for kind in report.alert_kinds:
        if kind == "too_few_services":
            labels.append(
                f"تنها {persian_digits(report.services_found)} خدمت پیدا شد، بسیار کمتر از "
                f"{persian_digits(report.baseline_services or 0)} خدمت آخرین خزش کامل"
            )
        else:
            labels.append(_ALERTS.get(kind, kind))
    return labels


def upload_problem_place(unit: str, number: int) -> str:
    """Where a catalogue problem is: «خط ۳» of a CSV file, «ردیف ۲» of a JSON list, or
    nothing for a problem of the whole file."""
    if not number:
        return ""
    return f"{'ردیف' if unit == 'item' else 'خط'} {persian_digits(number)}"


def rule_problem(exc: ValueError) -> str:
    """Why the registrar's synonym or best bet was refused, naming the part at fault."""
    if not isinstance(exc, SearchRuleError):
        return "عبارت و مقصد قاعده را کامل بنویسید."
    return exc.fa


# What PyYAML says is wrong -> what the registrar reads (red team round 12: the form showed the
# parser's English). The first that matches; a problem none names is quoted as the parser says it.
_YAML_PROBLEMS = (
    (
        r"expected ',' or '\]'",
        "فهرستی که با «[» باز شده با «]» بسته نشده یا میان دو عضوش «,» نیامده",
    ),
    (r"expected ',' or '\}'", "بخشی که با «{» باز شده با «}» بسته نشده یا میان دو جفتش «,» نیامده"),
    (
        r"mapping values are not allowed",
        "دونقطه «:» این‌جا جایی ندارد؛ تورفتگی خط نادرست است، یا مقداری که «:» دارد باید میان"
        " نقل‌قول بیاید",
    ),
    (r"could not find expected ':'", "دونقطه «:» میان کلید و مقدار پیدا نشد"),
    (r"found character '\\t'", "نویسه تب (Tab) در YAML روا نیست؛ برای تورفتگی فاصله بگذارید"),
    (
        r"cannot start any token",
        "این نویسه نمی‌تواند مقداری را آغاز کند؛ مقدار را میان نقل‌قول بگذارید",
    ),
    (r"unexpected end of stream", "متن پیش از بسته شدن نقل‌قول به پایان رسید"),
    (r"expected <block end>", "تورفتگی این خط با خط‌های پیشین نمی‌خواند، یا نویسه‌ای زیادی آمده"),
    (r"found undefined alias", "نام مستعاری («*…») آمده که پیش‌تر تعریف نشده است"),
    (r"could not determine a constructor", "برچسب «!!…» یا «!…» در متن ثبت روا نیست"),
)
# where the part the problem is in began: said when it opened elsewhere
_YAML_OPENED = {
    "while parsing a flow sequence": "«[»",
    "while parsing a flow mapping": "«{»",
    "while scanning a quoted scalar": "نقل‌قول",
}


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A registration that is not YAML or JSON, said in Persian: the line and column (Persian
    digits, counted from one) and what is wrong there."""
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or exc)
    if mark is None:
        return f"متن ثبت YAML یا JSON درستی نیست («{problem}»)."
    what = next(
        (fa for pattern, fa in _YAML_PROBLEMS if re.search(pattern, problem)),
        f"نوشتار نادرست است («{problem}»)",
    )
    text = (
        f"متن ثبت YAML یا JSON درستی نیست: در خط {persian_digits(mark.line + 1)}،"
        f" ستون {persian_digits(mark.column + 1)}، {what}"
    )
    opened = _YAML_OPENED.get(str(getattr(exc, "context", "")))
    start = getattr(exc, "context_mark", None)
    if opened and start is not None:
        text += (
            f" ({opened} در خط {persian_digits(start.line + 1)}، ستون"
            f" {persian_digits(start.column + 1)} باز شده است)"
        )
    return text + "."
