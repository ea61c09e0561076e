"""The HTTP ``Link`` header, parsed as RFC 8288 writes it."""

from __future__ import annotations

from scrapy.http import Headers, Response

from crawlers.weblinks import header_links, parse


def test_links_parameters_and_quoted_commas() -> None:
    value = (
        '</a?ids=1,2>; rel="next last"; title="one, \\"two\\"", <http://x.ir/b>;REL=Prev,'
        ' <c>; rel=next; anchor="#x", no link here, <d>'
    )
    assert parse(value) == [
        ("/a?ids=1,2", {"rel": "next last", "title": 'one, "two"'}),
        ("http://x.ir/b", {"rel": "Prev"}),
        ("c", {"rel": "next", "anchor": "#x"}),
        ("d", {}),
    ]


def test_a_parameter_given_twice_counts_once_the_first_time() -> None:
    assert parse("<a>; rel=next; rel=prev") == [("a", {"rel": "next"})]


def test_header_links_by_relation_resolved_against_the_page() -> None:
    headers = Headers()
    headers.appendlist(b"Link", b'</fa/khadamat?page=2>; rel="next", </x>; rel=last')
    headers.appendlist(b"Link", b'<page1>; rel="prev first", <y>; rel="next"; anchor="#z"')
    response = Response("http://x.ir/fa/khadamat?page=1", headers=headers)
    assert header_links(response, {"next", "prev"}) == [
        "http://x.ir/fa/khadamat?page=2",
        "http://x.ir/fa/page1",
    ]
    assert header_links(response, {"search"}) == []
