"""Declared catalogues: CSV and JSON, Persian normalised, every bad row named by line."""

from __future__ import annotations

import re

import pytest

from registry.catalogue_upload import CatalogueError, parse_catalogue


def test_csv_rows_are_normalised_and_keep_their_line() -> None:
    data = (
        "title,service_id,url\n"
        "صدور پروانه ساختمان,P-1,https://Karaj.ir/s/1?b=2&a=1#top\n"
        "\n"
        "تمديد كارت بازرگاني,,\n"
    ).encode()
    rows = parse_catalogue(data, "csv")
    assert [(r.line, r.title, r.service_id, r.url) for r in rows] == [
        (2, "صدور پروانه ساختمان", "P-1", "https://karaj.ir/s/1?a=1&b=2"),
        (4, "تمدید کارت بازرگانی", "", ""),
    ]


def test_persian_headers_and_a_bom_are_accepted() -> None:
    rows = parse_catalogue("\ufeffعنوان,نشانی\nقطع آب,\n".encode(), "csv")
    assert [r.title for r in rows] == ["قطع آب"]


@pytest.mark.parametrize(
    ("data", "fmt", "problems"),
    [
        (
            "title,url\nقطع آب,\n,https://a.ir/x\nوصل آب,ftp://a.ir/x\nقطع آب,\nالف,ب,ج\n",
            "csv",
            [
                (3, "title is missing"),
                (4, "url 'ftp://a.ir/x' is not an absolute http(s) URL"),
                (5, "duplicate of line 2"),
                (6, "has 3 columns, the header has 2"),
            ],
        ),
        ("name,url\nقطع آب,\n", "csv", [(1, "there is no title column (title, service_id, url)")]),
        ("", "csv", [(1, "the first line must name the columns (title, service_id, url)")]),
        ("title\n", "csv", [(0, "the catalogue lists no services")]),
        (  # JSON services are numbered by position in the list, not by line
            '[\n  {"title": "قطع آب"},\n  "وصل آب",\n  {"title": "x", "fee": 1}\n]',
            "json",
            [
                (2, "each service must be a JSON object"),
                (3, "unknown column 'fee' (use title, service_id, url)"),
            ],
        ),
        (  # minified: every service is on line 1, each is still told apart
            '[{"title":"قطع آب"},{"title":"وصل آب"},{"title":"قطع  آب"},{"title":""}]',
            "json",
            [(3, "duplicate of item 1"), (4, "title is missing")],
        ),
        (
            '[\n  {"title": "قطع آب"},\n  {"title": }\n]',
            "json",
            [(0, "not valid JSON: Expecting value (line 3, column 13)")],
        ),
        (
            '{"title": "قطع آب"}',
            "json",
            [(0, 'expected a JSON list of services or {"services": [...]}')],
        ),
        ("title\nقطع آب\n", "xml", [(0, "unknown format 'xml': use csv or json")]),
    ],
)
def test_bad_files_name_every_bad_line(
    data: str, fmt: str, problems: list[tuple[int, str]]
) -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(data.encode(), fmt)
    assert caught.value.problems == problems
    persian = caught.value.persian  # the same problems, at the same places, for the dashboard
    assert [n for n, _ in persian] == [n for n, _ in problems]
    assert all(re.search("[\u0600-\u06ff]{3}", message) for _, message in persian), persian


def test_json_object_with_a_services_list() -> None:
    data = (
        '{"agency": "آبفا",\n "services": [\n'
        '  {"title": "قطع آب", "url": null},\n  {"title": "وصل آب"}]}'
    )
    assert [(r.line, r.title) for r in parse_catalogue(data.encode(), "json")] == [
        (1, "قطع آب"),
        (2, "وصل آب"),
    ]


@pytest.mark.parametrize(
    ("data", "fmt", "unit", "message"),
    [
        ("title\nقطع آب\nقطع آب\n", "csv", "line", "line 3: duplicate of line 2"),
        ('[{"title":"قطع آب"},{"title":"قطع آب"}]', "json", "item", "item 2: duplicate of item 1"),
    ],
)
def test_the_error_message_names_lines_of_csv_and_items_of_json(
    data: str, fmt: str, unit: str, message: str
) -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(data.encode(), fmt)
    assert (caught.value.unit, str(caught.value)) == (unit, message)


def test_non_utf8_is_refused() -> None:
    with pytest.raises(CatalogueError, match="not UTF-8"):
        parse_catalogue("title\nقطع آب\n".encode("cp1256"), "csv")
