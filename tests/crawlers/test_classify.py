"""Judging single pages: service or not, and what the generic extractors read from them."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from crawlers.classify import judge, looks_like_news, looks_like_service, news_path
from crawlers.extract import breadcrumb, labelled_fields, page_title
from crawlers.middlewares import is_public
from crawlers.strategies.json_feed import dig
from crawlers.strategies.pages import judge_page


def page(body: str, url: str = "https://portal.example/x", head: str = "") -> HtmlResponse:
    doc = f'<html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'
    return HtmlResponse(url=url, body=doc.encode("utf-8"))


SERVICE_BLOCKS = (
    "<h1>صدور پروانه</h1><dl><dt>مدارک لازم</dt><dd>کارت ملی</dd><dt>هزینه</dt><dd>رایگان</dd></dl>"
)
CRUMBS = (
    '<ol class="breadcrumb"><li><a href="/">خانه</a></li>'
    '<li><a href="/s">خدمات</a></li><li>ثبت</li></ol>'
)
LD = '<script type="application/ld+json">{"@type": "%s", "name": "عنوان"}</script>'

CASES = [
    ("service blocks", page(SERVICE_BLOCKS), True),
    ("GovernmentService data", page("<h1>x</h1>", head=LD % "GovernmentService"), True),
    ("NewsArticle data", page(SERVICE_BLOCKS, head=LD % "NewsArticle"), False),
    ("news path", page(SERVICE_BLOCKS, url="https://portal.example/news/12"), False),
    # A publication date alone does not make news (Tetis prints one on every item)...
    ("publication date", page("<p>تاریخ انتشار: ۱۴۰۳/۰۲/۰۱</p>" + SERVICE_BLOCKS), True),
    # ...nor CMS-wide article markup (WordPress/Yoast, Joomla print it on every page)...
    (
        "og article and Article data",
        page(SERVICE_BLOCKS, head=LD % "Article" + '<meta property="og:type" content="article">'),
        True,
    ),
    # ...but a news code or a reporter's byline does.
    ("news code", page("<p>کد خبر: ۱۲۳۴ به گزارش روابط عمومی</p>" + SERVICE_BLOCKS), False),
    (
        "label and span form layout",
        page(
            '<div class="dnnFormItem"><div class="dnnLabel"><label>عنوان خدمت:</label></div>'
            '<span>ثبت تعاونی</span></div><div class="dnnFormItem"><div class="dnnLabel">'
            "<label>هزینه:</label></div><span>رایگان</span></div>"
        ),
        True,
    ),
    ("one block under services", page(CRUMBS + "<h3>هزینه</h3><p>رایگان</p>"), True),
    ("one block elsewhere", page("<h3>هزینه</h3><p>رایگان</p>"), False),
    ("listing page", page("<h1>خدمات</h1><ul><li><a href='/s/1'>ثبت</a></li></ul>"), False),
    (
        "Arabic letters in labels",
        page("<h3>مدارك لازم</h3><p>ك</p><h3>مدت زمان</h3><p>ي</p>"),
        True,
    ),
    # Pages with a service's blocks that are not a service (held-out round 8): an FAQ item, a
    # guide, a form to download, a catalogue or guide of several items, a search form's labels.
    ("an FAQ item", page("<h1>چگونه درخواست را پیگیری کنم؟</h1>" + SERVICE_BLOCKS[17:]), False),
    (
        "a guide",
        page(
            "<h1>راهنمای ثبت‌نام در درگاه</h1><h3>مراحل</h3><p>ورود</p>"
            "<h3>مدت زمان</h3><p>۵ دقیقه</p>"
        ),
        False,
    ),
    (
        "a form to download",
        page(
            '<h2 class="Title">فرم درخواست صدور پروانه</h2>' + CRUMBS + "<h3>مدارک</h3><p>کارت</p>"
        ),
        False,
    ),
    (
        "the blocks of several items",
        page(
            "<h1>خدمات مشترکین</h1>"
            + "".join(
                f"<h2>خدمت {n}</h2><h4>مدارک مورد نیاز</h4><p>کارت ملی</p>"
                "<h4>هزینه</h4><p>رایگان</p>"
                for n in range(3)
            )
        ),
        False,
    ),
    (
        "a search form's labels",
        page(
            "<h1>جستجوی خدمات</h1><form><label>عنوان خدمت: <input name='q'></label>"
            "<label>هزینه: <select name='fee'><option>رایگان</option></select></label>"
            "<label>مدت زمان: <select name='days'><option>یک روز</option></select></label></form>"
        ),
        False,
    ),
    (
        "a call for tenders laid out like a service",
        page(
            "<h1>آگهی مناقصه عمومی خرید تجهیزات</h1><p>از طریق سامانه تدارکات الکترونیکی دولت"
            "</p><h3>شرایط شرکت</h3><p>ضمانت‌نامه</p><h3>مبلغ تضمین</h3><p>۴۵۰ میلیون ریال</p>"
        ),
        False,
    ),
]


@pytest.mark.parametrize(("name", "response", "expected"), CASES, ids=[c[0] for c in CASES])
def test_service_pages_are_told_from_the_rest(
    name: str, response: HtmlResponse, expected: bool
) -> None:
    assert looks_like_service(response) is expected


def test_generic_heading_gives_way_to_the_service_title_row() -> None:
    response = page(
        "<h1>شناسنامه خدمت</h1><table><tr><th>عنوان خدمت</th><td>ثبت طرح</td></tr>"
        "<tr><th>دسته خدمت</th><td>سرمایه‌گذاری</td></tr><tr><th>هزینه خدمت</th><td>رایگان</td></tr>"
        "<tr><th>مدارک لازم</th><td>طرح توجیهی</td></tr></table>"
    )
    [item] = judge_page(response, {"GovernmentService"})
    assert (item.title, item.category) == ("ثبت طرح", "سرمایه‌گذاری")
    assert item.fields["هزینه خدمت"] == "رایگان"


def test_site_name_is_not_a_title() -> None:
    from crawlers.strategies.pages import PageContext, examine

    response = page(
        "<p><strong>مدارک مورد نياز:</strong></p><ul><li>کارت ملي</li></ul>"
        "<p><strong>هزينه:</strong> رايگان</p>",
        head="<title>اداره کل بهزيستي استان قزوين - صدور کارت معلولان</title>",
    )
    context = PageContext(site_names={"اداره کل بهزیستی استان قزوین"})
    [item], _ = examine(response, {"GovernmentService"}, context)
    assert item.title == "صدور کارت معلولان"
    assert item.fields["مدارک مورد نياز"] == "کارت ملي"


def test_news_with_service_words_is_still_news() -> None:
    response = page(
        "<article><time>۱۴۰۳/۰۶/۲۰</time>" + SERVICE_BLOCKS + "</article>",
        url="https://portal.example/akhbar/5",
    )
    assert looks_like_news(response)
    assert list(judge_page(response, {"GovernmentService"})) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (CRUMBS, ["خانه", "خدمات", "ثبت"]),
        ('<nav class="breadcrumb"><a href="/">خانه</a> » <span>ثبت</span></nav>', ["خانه", "ثبت"]),
        ("<p>بدون مسیر</p>", []),
        (  # a Dorsa-style path bar: the page's own name is bare text after the last link
            '<div class="PathBar"><a href="/">صفحه اصلی</a> » <a href="/l">میز خدمت</a>'
            " » صدور مجوز</div>",
            ["صفحه اصلی", "میز خدمت", "صدور مجوز"],
        ),
        (  # Joomla's pathway, the links drawn apart by CSS
            '<span class="pathway"><a href="/">خانه</a><a href="/k">خدمات</a></span>',
            ["خانه", "خدمات"],
        ),
    ],
)
def test_breadcrumb_trails(body: str, expected: list[str]) -> None:
    assert breadcrumb(page(body)) == expected


def test_labelled_fields_from_lists_tables_and_headings() -> None:
    response = page(
        "<dl><dt>مدارک لازم:</dt><dd><ul><li>کارت ملی</li><li>عکس</li></ul></dd></dl>"
        "<table><tr><th>هزینه</th><td>۵۰۰ ریال</td></tr><tr><th>نشانی</th><td>کرج</td></tr></table>"
        "<h3>مدت زمان انجام</h3><p>۳ روز</p>"
    )
    assert labelled_fields(response) == {
        "مدارک لازم": "کارت ملی، عکس",  # list entries stay apart
        "هزینه": "۵۰۰ ریال",
        "مدت زمان انجام": "۳ روز",
    }


@pytest.mark.parametrize(
    ("label_class", "wrapper_class"),
    [
        ("field__label", "field field--name-field-documents field--label-above"),  # Drupal 8+
        ("field-label", "field field-name-field-documents field-label-above"),  # Drupal 7
        ("views-label views-label-field-fee", "views-field"),  # a Drupal view
        ("ESLabel", "ESRow"),  # Dorsa's e-services rows
        ("lblCaption Lbl", "row"),  # an ASP.NET label control's class
    ],
)
def test_labelled_fields_from_a_cms_label_class(label_class: str, wrapper_class: str) -> None:
    # The labels are what make a Drupal node a service page; the wrapper's class, which
    # names the label's position, is no label.
    response = page(
        f'<div class="{wrapper_class}"><div class="{label_class}">مدارک مورد نیاز</div>'
        '<div class="field__item">اصل کارت ملی</div></div>'
    )
    assert labelled_fields(response) == {"مدارک مورد نیاز": "اصل کارت ملی"}


def test_labelled_fields_from_collapsible_blocks_but_not_questions() -> None:
    response = page(
        "<section><details open><summary><h3>مدارک لازم</h3></summary>"
        "<ul><li>اصل شناسنامه</li></ul></details></section>"
        "<section><details><summary><h3>هزینه</h3></summary><p>رایگان</p></details></section>"
        # an FAQ in the same markup: its questions start like labels, but ask
        "<details><summary>هزینه خدمات را چگونه پرداخت کنم؟</summary><p>با کارت</p></details>"
    )
    assert labelled_fields(response) == {"مدارک لازم": "اصل شناسنامه", "هزینه": "رایگان"}


def _widget(inner: str) -> str:
    """An Elementor widget: every heading and every list in a box of its own."""
    return (
        '<div class="elementor-element elementor-widget elementor-widget-heading">'
        f'<div class="elementor-widget-container">{inner}</div></div>'
    )


def test_labelled_fields_from_page_builder_boxes() -> None:
    # Elementor (WordPress): a heading widget, then the list's widget; a bold label alone
    # in a text widget; a Bootstrap card's header and body.
    heading = '<h2 class="elementor-heading-title">{}</h2>'
    response = page(
        '<div class="elementor-widget-wrap">'
        + _widget(heading.format("مدارک مورد نیاز"))
        + _widget("<ul><li>اصل کارت ملی</li><li>عکس</li></ul>")
        + _widget("<p><strong>مدت زمان انجام:</strong></p>")
        + _widget("<p>۳ روز کاری</p>")
        + "</div>"
        '<div class="card"><div class="card-header"><h3>هزینه</h3></div>'
        '<div class="card-body"><p>رایگان</p></div></div>'
    )
    assert labelled_fields(response) == {
        "مدارک مورد نیاز": "اصل کارت ملی، عکس",
        "مدت زمان انجام": "۳ روز کاری",
        "هزینه": "رایگان",
    }


def test_a_boxed_heading_names_no_other_heading_nor_a_neighbour_of_more() -> None:
    response = page(
        # a heading over the next heading's box: «مراحل» names nothing
        _widget("<h2>مراحل</h2>")
        + _widget("<h2>مدارک لازم</h2>")
        + _widget("<p>شناسنامه</p>")
        # the box holds more than the heading: the next box is not the heading's
        + "<div><div><h3>هزینه</h3> طبق تعرفه</div></div><div><p>گران</p></div>"
    )
    assert labelled_fields(response) == {"مدارک لازم": "شناسنامه"}


def test_without_h1_the_heading_the_title_names_is_the_service() -> None:
    from crawlers.strategies.pages import PageContext, examine

    response = page(
        _widget('<h2 class="elementor-heading-title">انتظامی سمنان</h2>')
        + "<h2>صدور گذرنامه زیارتی</h2><p>صدور گذرنامه برای سفرهای زیارتی.</p>"
        + _widget('<h2 class="elementor-heading-title">مدارک مورد نیاز</h2>')
        + _widget("<ul><li>کارت ملی</li></ul>")
        + _widget('<h2 class="elementor-heading-title">هزینه</h2>')
        + _widget("<p>رایگان</p>")
        # the footer's headings are styled as titles too
        + _widget('<h2 class="elementor-heading-title">تماس با ما</h2>'),
        head="<title>صدور گذرنامه زیارتی - انتظامی سمنان</title>",
    )
    context = PageContext(site_names={"انتظامی سمنان"})
    [item], _ = examine(response, {"GovernmentService"}, context)
    assert item.title == "صدور گذرنامه زیارتی"


def test_labelled_fields_from_fieldsets_and_tabs() -> None:
    # WebForms: each block a <fieldset> named by its <legend>; Bootstrap 4/5 and ARIA tabs:
    # each tab names the pane its href, data-(bs-)target or aria-controls points at.
    response = page(
        "<fieldset><legend>مدارک لازم</legend><ul><li>کارت ملی</li><li>عکس</li></ul></fieldset>"
        '<ul class="nav nav-tabs" role="tablist">'
        '<li><a class="nav-link" data-toggle="tab" href="#p-fee" role="tab">هزینه</a></li>'
        '<li><button data-bs-toggle="tab" data-bs-target="#p-time">مدت انجام</button></li>'
        '<li><a role="tab" aria-controls="p-steps" href="#">مراحل انجام کار</a></li>'
        '<li><a data-toggle="tab" href="/elsewhere">شرایط</a></li></ul>'
        '<div class="tab-content"><div class="tab-pane" id="p-fee"><p>رایگان</p></div>'
        '<div class="tab-pane" id="p-time"><p>مدت:</p><p>۲ روز</p></div>'
        '<div class="tab-pane" id="p-steps"><ul><li>ثبت</li><li>بازدید</li></ul></div></div>'
    )
    assert labelled_fields(response) == {
        "مدارک لازم": "کارت ملی، عکس",
        "هزینه": "رایگان",
        "مدت انجام": "مدت:، ۲ روز",
        "مراحل انجام کار": "ثبت، بازدید",
    }


def test_a_listing_of_cards_titled_like_blocks_is_not_a_service() -> None:
    # Cards whose titles begin like a service's blocks («مراحل…», «فرآیند…»): a heading
    # inside a link, or in a box a link covers (Bootstrap's stretched-link), titles
    # another page; it names no block of this one.
    linked = '<article><a href="/services/{n}"><h3>{t}</h3></a><p>شرح کوتاه خدمت…</p></article>'
    covered = (
        '<div class="card-body"><h5 class="card-title">{t}</h5><p>شرح کوتاه خدمت…</p>'
        '<a class="stretched-link" href="/khedmat/{n}"></a></div>'
    )
    titles = ("مراحل صدور پروانه کسب", "مراحل تجدید پروانه کسب", "فرآیند پاسخگویی به استعلام")
    for card in (linked, covered):
        response = page(
            "<h1>خدمات شهروندی</h1>" + "".join(card.format(n=n, t=t) for n, t in enumerate(titles)),
            url="https://portal.example/services?page=2",
        )
        assert labelled_fields(response) == {}
        assert list(judge_page(response, {"GovernmentService"})) == []
    # a heading that toggles its own block (an accordion) is still a label
    toggle = page('<h3><a href="#c1">مدارک لازم</a></h3><div id="c1"><p>کارت ملی</p></div>')
    assert labelled_fields(toggle) == {"مدارک لازم": "کارت ملی"}


def test_a_banner_heading_naming_a_menu_link_gives_way_to_the_title_named_heading() -> None:
    from crawlers.strategies.pages import PageContext, examine

    response = page(
        '<nav><a href="/">خانه</a><a href="/Home/Services">خدمات مشترکین</a></nav>'
        "<section><h1>خدمات مشترکین</h1></section>"
        '<div class="card"><div class="card-header"><h2 class="h5">نصب انشعاب فاضلاب</h2></div>'
        '<div class="card-body"><h3>مدارک لازم</h3><ul><li>سند ملک</li></ul>'
        "<h3>هزینه</h3><p>طبق تعرفه</p></div></div>",
        head="<title>نصب انشعاب فاضلاب | آبفای استان تهران</title>",
    )
    [item], _ = examine(response, {"GovernmentService"}, PageContext())
    assert item.title == "نصب انشعاب فاضلاب"
    # an <h1> of its own stays the title, even beside a menu link of that name
    own = page(
        '<nav><a href="/s/1">صدور پروانه</a></nav>' + SERVICE_BLOCKS,
        head="<title>خدمات | شهرداری</title>",
    )
    [item], _ = examine(own, {"GovernmentService"}, PageContext())
    assert item.title == "صدور پروانه"


@pytest.mark.parametrize(
    ("body", "head", "expected"),
    [
        ("<h1> صدور  مجوز </h1>", "<title>دیگر</title>", "صدور مجوز"),
        ("<p>x</p>", "<title>ثبت نام | سامانه استان</title>", "ثبت نام"),
    ],
)
def test_page_title(body: str, head: str, expected: str) -> None:
    assert page_title(page(body, head=head)) == expected


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("127.0.0.1", False),
        ("127.0.1.5", False),
        ("10.1.2.3", False),
        ("192.168.1.1", False),
        ("172.16.0.1", False),
        ("169.254.169.254", False),  # cloud metadata endpoint
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("2001:4860:4860::8888", True),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    import ipaddress

    assert is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a.b", 1),
        ("a.list.1", "y"),
        ("", {"a": {"b": 1, "list": ["x", "y"]}}),
        ("a.c", None),
        ("a.list.9", None),
        (None, None),
    ],
)
def test_dotted_paths(path: str | None, expected: object) -> None:
    assert dig({"a": {"b": 1, "list": ["x", "y"]}}, path) == expected


def test_microdata_name_is_the_services_not_its_providers() -> None:
    response = page(
        '<div itemscope itemtype="https://schema.org/GovernmentService">'
        '<div itemprop="provider" itemscope itemtype="https://schema.org/GovernmentOrganization">'
        '<span itemprop="name">اداره کل استاندارد</span></div>'
        '<h1 itemprop="name">بازرسی ایمنی آسانسور</h1></div>'
    )
    [item] = judge_page(response, {"GovernmentService"})
    assert item.title == "بازرسی ایمنی آسانسور"


def test_wide_identity_tables_give_two_fields_per_row() -> None:
    response = page(
        "<h1>شناسنامه خدمت</h1><table>"
        "<tr><th>عنوان خدمت</th><td>ثبت طرح</td><th>شناسه خدمت</th><td>16010006001</td></tr>"
        "<tr><th>هزینه</th><td>رایگان</td><th>مدت زمان ارائه خدمت</th><td>۳ روز</td></tr></table>"
    )
    [item] = judge_page(response, {"GovernmentService"})
    assert item.title == "ثبت طرح"
    assert item.fields["مدت زمان ارائه خدمت"] == "۳ روز"


def test_declared_language_alone_does_not_reject_a_persian_page() -> None:
    body = (
        '<div class="dnnFormItem"><label>مدارک مورد نیاز:</label><span>کارت ملی</span></div>'
        '<div class="dnnFormItem"><label>هزینه:</label><span>رایگان</span></div>'
    )
    persian = HtmlResponse(
        url="https://portal.example/x",
        body=f'<html lang="en-US"><body>{body}</body></html>'.encode(),
    )
    english = HtmlResponse(
        url="https://portal.example/en/x",
        body=b'<html lang="en-gb"><body><h1>Service 12</h1><p>Apply at the local office for '
        b"this agricultural service; documents and fees are listed below.</p></body></html>",
    )
    assert looks_like_service(persian)
    assert judge(english).kind == "other_language"


def test_tetis_news_items_are_known_by_their_url() -> None:
    assert news_path("https://x.ir/Portal/Home/ShowPage.aspx?Object=News&ID=1&CategoryID=2")
    assert not news_path("https://x.ir/Portal/Home/ShowPage.aspx?Object=GeneralContent&ID=1")


def test_labels_in_a_wysiwyg_editors_styling_name_what_follows() -> None:
    styled = '<p><span style="font-family:B Nazanin"><strong>{}:</strong></span></p>'
    response = page(
        styled.format("مدارک مورد نیاز")
        + "<ul><li>کارت ملی</li><li>قبض</li></ul>"
        + styled.format("هزینه")
        + "<p>طبق تعرفه&nbsp;</p>"
        + "<p><font><span><b>مدت زمان انجام:</b></span></font> ۱۰ روز</p>"
    )
    assert labelled_fields(response) == {
        "مدارک مورد نیاز": "کارت ملی، قبض",
        "هزینه": "طبق تعرفه",
        "مدت زمان انجام": "۱۰ روز",
    }


def test_without_a_heading_the_breadcrumbs_last_step_names_the_service() -> None:
    # <title> holds only the site's name and section; the first "title" element is a side
    # box's caption («پیوندها»); the path bar names the page
    response = page(
        '<div class="SideTitle">پیوندها</div>'
        '<div class="PathBar"><a href="/">صفحه اصلی</a> » <a href="/l">میز خدمت</a>'
        " » صدور مجوز حفر چاه</div>"
        '<div class="ModuleTitle"><h2>خدمات الکترونیک</h2></div>'
        '<div class="ESTitle">صدور مجوز حفر چاه</div>'
        '<div><span class="ESLabel">مدارک مورد نیاز :</span> <span class="ESValue">سند</span></div>'
        '<div><span class="ESLabel">هزینه :</span> <span class="ESValue">رایگان</span></div>',
        head="<title>استانداری - خدمات الکترونیک</title>",
    )
    [service] = judge_page(response, {"GovernmentService"})
    assert service.title == "صدور مجوز حفر چاه"


def test_a_sections_own_pages_are_in_the_section() -> None:
    from crawlers.strategies.auto import in_sections

    prefixes = ["/fa/khadamat"]
    pages = [("/Default.aspx", {("tabid", "50")})]
    assert in_sections("https://x.ir/fa/khadamat?start=10", prefixes, pages)
    # a Persian path, linked raw and fetched percent-encoded, is the same section
    persian = ["/fa-IR/golestan/5190/page/خدمات-مشترکین"]
    assert in_sections(
        "https://x.ir/fa-IR/golestan/5190/page/%D8%AE%D8%AF%D9%85%D8%A7%D8%AA-%D9%85%D8%B4%D8%AA%D8%B1%DA%A9%DB%8C%D9%86?PageIndex=2",
        persian,
        [],
    )
    assert in_sections("https://x.ir/Default.aspx?tabid=50&currentpage=2", prefixes, pages)
    assert not in_sections("https://x.ir/Default.aspx?tabid=60", prefixes, pages)


@pytest.mark.parametrize(
    ("url", "location", "chain", "loop"),
    [
        ("https://p.ir/a", "/a", [], True),  # to itself
        ("https://p.ir/b", "/a#top", ["https://p.ir/a"], True),  # back to where it started
        ("https://p.ir/a", "/a/", [], False),  # a directory's trailing slash
        ("http://p.ir/a", "https://p.ir/a", [], False),  # to https
    ],
)
def test_a_redirect_loop_is_told_from_a_redirect(
    url: str, location: str, chain: list[str], loop: bool
) -> None:
    from types import SimpleNamespace

    from scrapy.http import Request, Response
    from scrapy.utils.test import get_crawler

    from crawlers.errors import RefusedRequest
    from crawlers.middlewares import RedirectLoopMiddleware
    from registry.reports import CrawlReport

    crawler = get_crawler()
    report = CrawlReport(portal_id="p")
    crawler.spider = SimpleNamespace(state=SimpleNamespace(report=report))  # type: ignore[assignment]
    request = Request(url, meta={"redirect_urls": chain})
    answer = Response(url, status=302, headers={"Location": location}, request=request)
    # a loop is stopped as the request's failure (its errback counts it), not left to the
    # duplicate filter to drop silently (red team round 9)
    try:
        RedirectLoopMiddleware(crawler).process_response(request, answer)
    except RefusedRequest as refused:
        assert loop and refused.kind == "redirect_loop"
    else:
        assert not loop


@pytest.mark.parametrize(
    ("url", "skipped"),
    [
        ("https://x.ir/printpage.aspx?pageid=235", True),  # a multi-site CMS's print script
        ("https://x.ir/fa/print.aspx?spi=NDg=", True),
        ("https://x.ir/PrintView.php?id=3", True),
        ("https://x.ir/news/1?print=1", True),
        ("https://x.ir/fa/showpages.aspx?mid=Mjcx&spi=NDg=", False),
        ("https://x.ir/khadamat/printing-services.aspx", False),  # a service about printing
        ("https://x.ir/khadamat/chap-sanad", False),
    ],
)
def test_print_copies_are_never_followed(url: str, skipped: bool) -> None:
    from crawlers.strategies.auto import endless

    assert endless(url) is skipped


@pytest.mark.parametrize(
    ("text", "is_print"),
    [
        ("نسخه چاپی", True),
        ("چاپ", True),
        ("نسخه قابل چاپ", True),
        ("چاپ این صفحه", True),
        ("Print", True),
        ("چاپ و صدور سند", False),
        ("درخواست چاپ کارت", False),
    ],
)
def test_links_to_print_copies_are_known_by_their_text(text: str, is_print: bool) -> None:
    from crawlers.spiders.portal import PRINT_LINK

    assert bool(PRINT_LINK.match(text)) is is_print
