# ruff: noqa: E501 -- Persian titles, descriptions and markup kept on one line each
"""The seventh round's agencies, services and the markup its six portals print the same way.

Ported from a held-out evaluation built blind (the helper's ``h7common.py`` and its portal
modules): the titles, categories and keys are the helper's, and every service's description,
documents, fee, duration and steps are made the way its ``services()`` made them, so the ground
truth and the pages are the helper's.

Each portal's services are ``(key, title, category)`` rows in the order its listing shows
them; ``key`` is what the portal's URLs carry (a number, a zero-padded number, a folder/slug
path or a Kentico ``Category/Name``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sandbox.catalogue import ServiceSpec
from sandbox.unseen.base import e

Row = tuple[str, str, str]

BARQ = "شرکت توزیع نیروی برق استان قزوین"
SABT = "اداره کل ثبت اسناد و املاک استان یزد"
KAUMS = "دانشگاه علوم پزشکی و خدمات بهداشتی درمانی کاشان"
RASHT = "شهرداری رشت"
MANABE = "اداره کل منابع طبیعی و آبخیزداری استان مازندران"
STANDARD = "اداره کل استاندارد استان خراسان رضوی"


@dataclass(frozen=True)
class Service(ServiceSpec):
    """A service as the round's portals know it: its URL key and its steps too."""

    key: str = ""
    steps: tuple[str, ...] = ()


_DOCS = (
    "اصل و تصویر کارت ملی متقاضی",
    "اصل و تصویر شناسنامه",
    "تکمیل فرم درخواست",
    "تصویر سند مالکیت یا اجاره‌نامه رسمی",
    "وکالت‌نامه محضری (در صورت مراجعه وکیل)",
    "فیش واریزی هزینه خدمت",
    "یک قطعه عکس ۳×۴",
    "گواهی پایان خدمت یا معافیت (برای آقایان)",
    "استعلام از مراجع ذی‌ربط",
    "نقشه موقعیت ملک یا محل فعالیت",
)
_FEES = (
    "رایگان",
    "۲۵۰٬۰۰۰ ریال",
    "۱٬۲۰۰٬۰۰۰ ریال",
    "طبق تعرفه مصوب سال جاری",
    "۵۰۰٬۰۰۰ ریال",
    "۳٬۸۰۰٬۰۰۰ ریال",
)
_DURATIONS = ("۳ روز کاری", "۷ روز کاری", "۱۰ روز کاری", "۱۵ روز کاری", "یک ماه", "۲ روز کاری")
_STEPS = (
    "ثبت درخواست در پیشخوان یا سامانه",
    "بررسی مدارک توسط کارشناس",
    "بازدید میدانی (در صورت نیاز)",
    "پرداخت هزینه",
    "صدور و تحویل نتیجه به متقاضی",
)


def services(rows: tuple[Row, ...], agency: str) -> list[Service]:
    """The rows with deterministic, varied fields (by each row's place in the listing); a
    numeric key is the service's number, any other key numbers it by its place."""
    out = []
    for i, (key, title, category) in enumerate(rows):
        out.append(
            Service(
                number=int(key) if key.isdigit() else i + 1,
                title=title,
                category=category,
                description=f"متقاضیان می‌توانند برای «{title}» با در دست داشتن مدارک لازم به {agency} "
                f"مراجعه کرده یا درخواست خود را به صورت الکترونیکی ثبت کنند. این خدمت در گروه «{category}» ارائه می‌شود.",
                documents=tuple(_DOCS[(i + j * 3) % len(_DOCS)] for j in range(3 + i % 3)),
                fee=_FEES[i % len(_FEES)],
                duration=_DURATIONS[i % len(_DURATIONS)],
                audience="شهروندان",
                key=key,
                steps=_STEPS[: 3 + i % 3],
            )
        )
    return out


def fields_html(s: Service, h: str = "h3") -> str:
    """The service's four fields, each under an ``<h>`` label (``b`` on the frameset site)."""
    docs = "".join(f"<li>{e(d)}</li>" for d in s.documents)
    steps = "".join(f"<li>{e(d)}</li>" for d in s.steps)
    return (
        f"<{h}>مدارک مورد نیاز</{h}><ul>{docs}</ul>"
        f"<{h}>مراحل انجام کار</{h}><ol>{steps}</ol>"
        f"<{h}>هزینه</{h}><p>{e(s.fee)}</p>"
        f"<{h}>مدت زمان انجام</{h}><p>{e(s.duration)}</p>"
    )


def chash(query: str, secret: str = "t3-encryption-key") -> str:
    """TYPO3's cHash stand-in: a digest of the sorted parameters under the site's key."""
    return hashlib.md5((secret + "|" + query).encode()).hexdigest()


NEWS_TITLES = (
    "برگزاری جلسه شورای اداری با حضور مدیرکل",
    "تقدیر از کارکنان نمونه به مناسبت هفته دولت",
    "آغاز طرح تکریم ارباب رجوع در واحدهای ستادی",
    "بازدید معاون استاندار از پروژه‌های در دست اجرا",
    "اطلاعیه تغییر ساعت کاری ادارات در فصل تابستان",
)
NEWS_BODY = (
    "به گزارش روابط عمومی، در این نشست که با حضور معاونان و مدیران واحدها برگزار شد، "
    "آخرین وضعیت ارائه خدمات به مردم و برنامه‌های سال جاری بررسی و بر تسریع در پاسخگویی تاکید شد."
)
TENDERS = (
    ("آگهی مناقصه عمومی یک مرحله‌ای خرید تجهیزات رایانه‌ای", "۱۴۰۳/۰۸/۲۰"),
    ("آگهی مزایده فروش خودروهای مازاد", "۱۴۰۳/۰۹/۰۵"),
)


def tender_body(title: str, deadline: str) -> str:
    """A call for tenders laid out like a service: «شرایط شرکت», «مبلغ تضمین» and «مهلت
    دریافت اسناد» as ``<h3>`` sections (the round's five false positives on its baseline)."""
    return (
        f"<p>{e(title)} به شماره ۲۰۰۳۰۰۱۲۳۴۰۰۰۰۰۵ از طریق سامانه تدارکات الکترونیکی دولت (ستاد) برگزار می‌شود.</p>"
        "<h3>شرایط شرکت</h3><ul><li>ارائه ضمانت‌نامه شرکت در فرایند ارجاع کار</li><li>داشتن گواهی صلاحیت معتبر</li></ul>"
        "<h3>مبلغ تضمین</h3><p>۴۵۰٬۰۰۰٬۰۰۰ ریال</p>"
        f"<h3>مهلت دریافت اسناد</h3><p>تا ساعت ۱۴ روز {deadline}</p>"
    )


# barq-qazvin (Next.js)
BARQ_ROWS: tuple[Row, ...] = (
    ("101", "واگذاری انشعاب برق خانگی", "انشعاب"),
    ("102", "افزایش قدرت انشعاب", "انشعاب"),
    ("103", "تغییر نام مشترک", "خدمات مشترکین"),
    ("104", "جابجایی محل کنتور", "انشعاب"),
    ("105", "تفکیک کنتور", "انشعاب"),
    ("106", "قطع موقت انشعاب به درخواست مشترک", "خدمات مشترکین"),
    ("107", "وصل مجدد انشعاب", "خدمات مشترکین"),
    ("108", "تغییر تعرفه مصرف", "خدمات مشترکین"),
    ("109", "صدور صورتحساب المثنی", "صورتحساب"),
    ("110", "رسیدگی به اعتراض صورتحساب", "صورتحساب"),
    ("111", "آزمایش و بازدید کنتور", "خدمات مشترکین"),
    ("112", "واگذاری انشعاب موقت ساختمانی", "انشعاب"),
    ("113", "ثبت‌نام احداث نیروگاه خورشیدی خانگی", "انرژی‌های تجدیدپذیر"),
    ("114", "جمع‌آوری انشعاب", "انشعاب"),
    ("115", "صدور گواهی تسویه حساب برق", "صورتحساب"),
)

# sabt-yazd (FrontPage frameset)
SABT_ROWS: tuple[Row, ...] = (
    ("01", "صدور سند مالکیت تک‌برگ", "املاک"),
    ("02", "صدور سند مالکیت المثنی", "املاک"),
    ("03", "تفکیک آپارتمان", "املاک"),
    ("04", "ثبت شرکت سهامی خاص", "شرکت‌ها و موسسات"),
    ("05", "ثبت موسسه غیرتجاری", "شرکت‌ها و موسسات"),
    ("06", "صدور اجرائیه اسناد رسمی", "اجرای اسناد"),
    ("07", "فک رهن", "اجرای اسناد"),
    ("08", "استعلام وضعیت ثبتی ملک", "املاک"),
    ("09", "رسیدگی به اعتراض ثبتی", "املاک"),
    ("10", "تجمیع پلاک‌های ثبتی", "املاک"),
    ("11", "اصلاح سند مالکیت", "املاک"),
    ("12", "ثبت علامت تجاری", "مالکیت صنعتی"),
)

# kaums-kashan (Plone): folder -> (its title, its documents' (slug, title))
KAUMS_FOLDERS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "behdasht": (
        "خدمات معاونت بهداشت",
        (
            ("sodur-kart-behdasht", "صدور کارت بهداشت متصدیان مراکز تهیه و توزیع مواد غذایی"),
            ("mojavez-behdashti-amaken", "صدور مجوز بهداشتی اماکن عمومی"),
            ("bazresi-behdashti", "بازرسی بهداشتی اماکن به درخواست متقاضی"),
            ("salamat-ab", "صدور گواهی سلامت آب آشامیدنی"),
            ("peyamad-vaksan", "ثبت پیامد نامطلوب واکسیناسیون"),
            ("govahi-javaz-kasb", "صدور گواهی بهداشتی جواز کسب"),
            ("shekayat-behdashti", "ثبت شکایت بهداشتی از اماکن عمومی"),
            ("haml-pasmand", "صدور مجوز حمل پسماند پزشکی"),
        ),
    ),
    "darman": (
        "خدمات معاونت درمان",
        (
            ("parvane-matab", "صدور پروانه مطب پزشکان"),
            ("tamdid-parvane-matab", "تمدید پروانه مطب"),
            ("jarahi-mahdood", "صدور پروانه تاسیس مرکز جراحی محدود"),
            ("ambulance-khososi", "صدور مجوز انتقال بیمار با آمبولانس خصوصی"),
            ("shekayat-kadr-darman", "رسیدگی به شکایات از کادر درمان"),
            ("govahi-fot", "صدور گواهی فوت"),
        ),
    ),
    "ghaza-va-daroo": (
        "خدمات معاونت غذا و دارو",
        (
            ("tasis-darookhane", "صدور پروانه تاسیس داروخانه"),
            ("masool-fanni", "صدور پروانه مسئول فنی داروخانه"),
            ("parvane-sakht", "صدور پروانه ساخت فرآورده‌های غذایی"),
            ("tarkhis-daroo", "صدور مجوز ترخیص دارو از گمرک"),
        ),
    ),
}
KAUMS_ROWS: tuple[Row, ...] = tuple(
    (f"{folder}/{slug}", title, ftitle)
    for folder, (ftitle, docs) in KAUMS_FOLDERS.items()
    for slug, title in docs
)

# shahrdari-rasht (TYPO3): numbered 7, 8, ... as the plugin's records
RASHT_ROWS: tuple[Row, ...] = tuple(
    (str(i + 7), title, category)
    for i, (title, category) in enumerate(
        (
            ("صدور پروانه ساختمان", "شهرسازی"),
            ("تمدید پروانه ساختمان", "شهرسازی"),
            ("صدور گواهی پایان کار ساختمان", "شهرسازی"),
            ("صدور گواهی عدم خلاف", "شهرسازی"),
            ("صدور مجوز حفاری معابر", "عمران"),
            ("پرداخت عوارض نوسازی", "درآمد"),
            ("صدور مجوز تخریب ساختمان", "شهرسازی"),
            ("استعلام کاربری ملک", "شهرسازی"),
            ("صدور پروانه تعمیرات جزئی", "شهرسازی"),
            ("صدور مجوز نصب تابلو", "زیباسازی"),
            ("صدور مجوز قطع درخت", "فضای سبز"),
            ("صدور گواهی عوارض پسماند", "درآمد"),
            ("تعیین بر و کف ملک", "شهرسازی"),
            ("صدور مجوز دیوارکشی", "شهرسازی"),
            ("تفکیک اراضی", "شهرسازی"),
            ("رسیدگی به اعتراض کمیسیون ماده ۱۰۰", "حقوقی"),
            ("صدور مجوز استقرار داربست", "عمران"),
            ("صدور پروانه کسب مشاغل خاص", "درآمد"),
            ("ثبت درخواست جمع‌آوری نخاله ساختمانی", "خدمات شهری"),
            ("صدور مجوز تبلیغات محیطی", "زیباسازی"),
        )
    )
)

# manabe-mazandaran (the RSS-fed CMS): page ids 120, 123, 126, ...
MANABE_ROWS: tuple[Row, ...] = tuple(
    (str(120 + i * 3), title, category)
    for i, (title, category) in enumerate(
        (
            ("صدور مجوز قطع درختان در اراضی ملی", "جنگل"),
            ("صدور پروانه چرای دام", "مرتع"),
            ("واگذاری اراضی ملی برای طرح‌های کشاورزی", "اراضی"),
            ("استعلام وضعیت اراضی ملی", "اراضی"),
            ("صدور پروانه حمل چوب و فرآورده‌های چوبی", "جنگل"),
            ("صدور مجوز بهره‌برداری از گیاهان دارویی", "مرتع"),
            ("رفع تصرف از اراضی ملی", "اراضی"),
            ("صدور مجوز تاسیس نهالستان خصوصی", "جنگل"),
            ("صدور مجوز احداث راه در عرصه‌های منابع طبیعی", "اراضی"),
            ("تمدید قرارداد طرح مرتعداری", "مرتع"),
            ("صدور مجوز زنبورداری در عرصه‌های ملی", "مرتع"),
            ("صدور گواهی مبدا بذر و نهال", "جنگل"),
            ("رسیدگی به اعتراض به اجرای ماده ۵۶", "اراضی"),
            ("صدور مجوز تولید زغال", "جنگل"),
        )
    )
)

# standard-khorasan (Kentico): tab number, category path, tab title, (name, title)
STANDARD_TABS: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "1",
        "Licenses",
        "صدور پروانه و گواهی",
        (
            ("Standard-Mark-License", "صدور پروانه کاربرد علامت استاندارد"),
            ("Standard-Mark-License-Renewal", "تمدید پروانه کاربرد علامت استاندارد"),
            ("Import-Conformity-Certificate", "صدور گواهی انطباق کالای وارداتی"),
            ("Export-Conformity-Certificate", "صدور گواهی انطباق کالای صادراتی"),
            ("Elevator-Safety-Certificate", "صدور گواهی ایمنی آسانسور"),
            ("Amusement-Ride-Safety", "صدور گواهی ایمنی وسایل شهربازی"),
        ),
    ),
    (
        "2",
        "Accreditation",
        "تایید صلاحیت",
        (
            ("Cooperating-Laboratory", "تایید صلاحیت آزمایشگاه همکار"),
            ("Technical-Inspector", "تایید صلاحیت بازرس فنی"),
            ("Quality-Control-Officer", "تایید صلاحیت مسئول کنترل کیفیت"),
            ("Laboratory-Renewal", "تمدید صلاحیت آزمایشگاه همکار"),
            ("Inspection-Company-License", "صدور پروانه شرکت‌های بازرسی"),
        ),
    ),
    (
        "3",
        "Testing",
        "آزمون و کالیبراسیون",
        (
            ("Scale-Calibration", "کالیبراسیون ترازو و وزنه"),
            ("Reference-Lab-Testing", "آزمون کالا در آزمایشگاه مرجع"),
            ("Fuel-Pump-Calibration", "صدور گواهی کالیبراسیون پمپ بنزین"),
            ("Quality-Complaint", "رسیدگی به شکایت از کیفیت کالا"),
            ("New-National-Standard", "ثبت سفارش استاندارد ملی جدید"),
        ),
    ),
)
STANDARD_ROWS: tuple[Row, ...] = tuple(
    (f"{cat}/{name}", title, ctitle)
    for _, cat, ctitle, items in STANDARD_TABS
    for name, title in items
)
