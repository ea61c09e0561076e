"""The registration schema: what it accepts, how it completes a document, what it refuses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from registry.registration import (
    Registration,
    RegistrationError,
    domain_allowed,
    domains_overlap,
)

BASE: dict[str, Any] = {
    "id": "karaj-municipality",
    "agency": "شهرداری کرج",
    "homepage": "https://www.karaj.ir/",
}
SELECTORS = {"service_links": "ul.service-list a.service-link", "title": "h1.service-title"}


def _doc(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


@pytest.mark.parametrize(
    ("changes", "attribute", "expected"),
    [
        # a www. homepage stands for its domain: karaj.ir, www.karaj.ir, eservices.karaj.ir
        ({}, "allowed_domains", ["karaj.ir"]),
        ({"homepage": "https://WWW.Karaj.IR/"}, "allowed_domains", ["karaj.ir"]),
        ({"homepage": "https://eservices.karaj.ir/"}, "allowed_domains", ["eservices.karaj.ir"]),
        ({"homepage": "https://www.ir/"}, "allowed_domains", ["www.ir"]),
        ({"homepage": "https://www.gov.ir/"}, "allowed_domains", ["www.gov.ir"]),
        ({"homepage": "https://www.tehran.gov.ir/"}, "allowed_domains", ["tehran.gov.ir"]),
        ({"homepage": "https://karaj.ir./"}, "allowed_domains", ["karaj.ir"]),
        ({"allowed_domains": ["Karaj.ir."]}, "allowed_domains", ["karaj.ir"]),
        ({"allowed_domains": ["www.karaj.ir"]}, "allowed_domains", ["www.karaj.ir"]),
        # a Persian domain name is kept as DNS and the crawler write it (IDNA)
        (
            {"homepage": "https://سازمان.ایران/"},
            "allowed_domains",
            ["xn--mgba6ac6gh.xn--mgba3a4f16a"],
        ),
        (
            {"allowed_domains": ["karaj.ir", "کرج.ایران"]},
            "allowed_domains",
            ["karaj.ir", "xn--rgbj37a.xn--mgba3a4f16a"],
        ),
        ({}, "start_urls", ["https://www.karaj.ir/"]),
        (
            {"start_urls": ["https://karaj.ir/khadamat", "https://eservices.karaj.ir/"]},
            "start_urls",
            ["https://karaj.ir/khadamat", "https://eservices.karaj.ir/"],
        ),
        ({"allowed_domains": ["Karaj.IR"]}, "allowed_domains", ["karaj.ir"]),
        ({"homepage": "http://127.0.1.3:8080/"}, "allowed_domains", ["127.0.1.3"]),
        ({}, "start_urls", ["https://www.karaj.ir/"]),
        (
            {"allowed_domains": ["karaj.ir"], "start_urls": ["https://eservices.karaj.ir/"]},
            "start_urls",
            ["https://eservices.karaj.ir/"],
        ),
        ({"id": "ab"}, "id", "ab"),
        ({"id": "a" * 63}, "id", "a" * 63),
        ({"id": "0ostan-31"}, "id", "0ostan-31"),
        ({}, "strategy", "auto"),
        ({"strategy": "structured"}, "strategy", "structured"),
        ({"strategy": "sitemap"}, "strategy", "sitemap"),
        ({"strategy": "selectors", "selectors": SELECTORS}, "strategy", "selectors"),
        ({"strategy": "sitemap", "structured": {}}, "strategy", "sitemap"),
        ({"strategy": "structured", "sitemap": {}}, "strategy", "structured"),
        (
            {"strategy": "sitemap", "sitemap": {"follow": [r"/fa/services/\d+$"]}},
            "strategy",
            "sitemap",
        ),
        (
            {"exclude": ["[?&]ArticleID=", r"\?ArticleID="]},
            "exclude",
            ["[?&]ArticleID=", r"\?ArticleID="],
        ),
        ({"allowed_domains": ["karaj.ir"]}, "allowed_domains", ["karaj.ir"]),
        ({}, "enabled", True),
    ],
)
def test_accepted_document_is_completed(
    changes: dict[str, Any], attribute: str, expected: Any
) -> None:
    assert getattr(Registration.parse(_doc(**changes)), attribute) == expected


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        ({}, (2000, 6, 0.0, 20.0)),
        ({"max_pages": 1, "max_depth": 0, "download_delay": 0, "timeout": 0.5}, (1, 0, 0, 0.5)),
        (
            {"max_pages": 100_000, "max_depth": 50, "download_delay": 60, "timeout": 300},
            (100_000, 50, 60, 300),
        ),
    ],
)
def test_limits_accept_their_whole_range(
    limits: dict[str, Any], expected: tuple[float, ...]
) -> None:
    got = Registration.parse(_doc(limits=limits)).limits
    assert (got.max_pages, got.max_depth, got.download_delay, got.timeout) == expected


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"id": "k"}, "id"),
        ({"id": "k" * 64}, "id"),
        ({"id": "-karaj"}, "id"),
        ({"id": "karaj_municipality"}, "id"),
        ({"id": "Karaj"}, "id"),
        ({"id": "شهرداری-کرج"}, "id"),
        ({"id": 2024}, "id"),
        ({"agency": "ک"}, "agency"),
        ({"agency": "ک" * 201}, "agency"),
        ({"homepage": "www.karaj.ir"}, "homepage"),
        ({"homepage": "ftp://www.karaj.ir/"}, "homepage"),
        ({"homepage": "https:///fa/"}, "homepage"),
        ({"homepage": "https://www.karaj.ir@evil.example/"}, "homepage"),
        ({"start_urls": ["https://user:pw@www.karaj.ir/eservices"]}, "start_urls"),
        ({"allowed_domains": ["www.karaj.ir/fa"]}, "allowed_domains"),
        ({"allowed_domains": ["www.karaj.ir:443"]}, "allowed_domains"),
        ({"allowed_domains": ["www karaj.ir"]}, "allowed_domains"),
        ({"allowed_domains": [""]}, "allowed_domains"),
        ({"allowed_domains": "www.karaj.ir"}, "allowed_domains"),
        # a public suffix or no host at all would make every such site the portal's
        ({"allowed_domains": ["ir"]}, "allowed_domains"),
        ({"allowed_domains": ["gov.ir"]}, "allowed_domains"),
        ({"allowed_domains": ["karaj.ir", "com"]}, "allowed_domains"),
        ({"allowed_domains": ["a..b"]}, "allowed_domains"),
        ({"allowed_domains": ["-.karaj.ir"]}, "allowed_domains"),
        ({"allowed_domains": ["0.0.0.0"]}, "allowed_domains"),
        # browsers read these as 127.0.0.1: an address is written as four decimal numbers
        ({"homepage": "http://2130706433/"}, "homepage"),
        ({"homepage": "http://0x7f.1/"}, "homepage"),
        ({"homepage": "http://127.1/"}, "homepage"),
        ({"homepage": "https://ir/"}, "homepage"),
        ({"allowed_domains": ["karaj.ir", "0x7f000001"]}, "allowed_domains"),
        ({"start_urls": "https://www.karaj.ir/eservices"}, "start_urls"),
        ({"start_urls": ["https://evilkaraj.ir/"]}, "start_urls"),
        ({"strategy": "Selectors"}, "strategy"),
        ({"strategy": "selectors"}, "selectors"),
        ({"strategy": "json_feed"}, "json_feed"),
        ({"strategy": "json_feed", "json_feed": {"items_path": "data"}}, "json_feed.url"),
        ({"strategy": "selectors", "selectors": {"title": "h1"}}, "selectors.service_links"),
        ({"selectors": {**SELECTORS, "fields": {"fee": 12}}}, "selectors.fields.fee"),
        ({"sitemap": {"sitemap_urls": "/sitemap.xml"}}, "sitemap.sitemap_urls"),
        ({"structured": {"type": ["GovernmentService"]}}, "structured.type"),
        ({"limits": {"max_pages": 0}}, "limits.max_pages"),
        ({"limits": {"max_pages": 100_001}}, "limits.max_pages"),
        ({"limits": {"max_depth": 51}}, "limits.max_depth"),
        ({"limits": {"download_delay": -1}}, "limits.download_delay"),
        ({"limits": {"timeout": 0}}, "limits.timeout"),
        ({"limits": {"pages": 10}}, "limits.pages"),
        ({"schedule": {"every_hours": 0}}, "schedule.every_hours"),
        ({"schedule": {"every_hours": 24 * 31 + 1}}, "schedule.every_hours"),
        ({"enabled": "maybe"}, "enabled"),
        ({"homepage_url": "https://www.karaj.ir/"}, "homepage_url"),
    ],
)
def test_refused_document_names_the_field(changes: dict[str, Any], named: str) -> None:
    with pytest.raises(RegistrationError, match=r"^invalid registration: ") as refused:
        Registration.parse(_doc(**changes))
    assert f"{named}: " in str(refused.value)


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        # 1. regexes are compiled at registration, not when the crawl starts
        (
            {"exclude": ["/news/", "?ArticleID="]},
            "exclude",
            "'?ArticleID=' is not a valid regex",
        ),
        ({"exclude": ["(unclosed"]}, "exclude", "'(unclosed' is not a valid regex"),
        (
            {"strategy": "sitemap", "sitemap": {"follow": ["*.html"]}},
            "sitemap.follow",
            "'*.html' is not a valid regex",
        ),
        # 2. a recipe the strategy does not read is refused, not ignored
        (
            {"selectors": SELECTORS},
            "selectors",
            "the selectors recipe is only used with strategy 'selectors', not 'auto'",
        ),
        (
            {"strategy": "structured", "selectors": SELECTORS},
            "selectors",
            "the selectors recipe is only used with strategy 'selectors', not 'structured'",
        ),
        (
            {"strategy": "selectors", "selectors": SELECTORS, "json_feed": {"url": "/api"}},
            "json_feed",
            "the json_feed recipe is only used with strategy 'json_feed', not 'selectors'",
        ),
        (
            {"sitemap": {}},
            "sitemap",
            "the sitemap recipe is only used with strategy 'structured' or 'sitemap', not 'auto'",
        ),
        (
            {"strategy": "json_feed", "json_feed": {"url": "/api"}, "structured": {}},
            "structured",
            "the structured recipe is only used with strategy 'structured' or 'sitemap',"
            " not 'json_feed'",
        ),
        (
            {"strategy": "selectors"},
            "selectors",
            "strategy 'selectors' needs a selectors recipe",
        ),
        (
            {"strategy": "json_feed"},
            "json_feed",
            "strategy 'json_feed' needs a json_feed recipe",
        ),
        # 3. start URLs are absolute http(s) URLs, like the homepage
        (
            {"start_urls": ["/eservices"]},
            "start_urls",
            "'/eservices' must be an absolute http(s) URL",
        ),
        (
            {"start_urls": ["ftp://www.karaj.ir/"]},
            "start_urls",
            "'ftp://www.karaj.ir/' must be an absolute http(s) URL",
        ),
        (
            {"start_urls": ["https://www.karaj.ir/", "https://evilkaraj.ir/"]},
            "start_urls",
            "https://evilkaraj.ir/ is outside allowed_domains ['karaj.ir']",
        ),
        # 4. feed and sitemap URLs, resolved against the homepage, stay inside allowed_domains
        (
            {"strategy": "json_feed", "json_feed": {"url": "https://api.tehran.ir/services"}},
            "json_feed",
            "url https://api.tehran.ir/services is outside allowed_domains ['karaj.ir']",
        ),
        (
            {
                "allowed_domains": ["eservices.karaj.ir"],
                "start_urls": ["https://eservices.karaj.ir/"],
                "strategy": "json_feed",
                "json_feed": {"url": "/api/services"},
            },
            "json_feed",
            "url https://www.karaj.ir/api/services"
            " is outside allowed_domains ['eservices.karaj.ir']",
        ),
        (
            {
                "strategy": "sitemap",
                "sitemap": {"sitemap_urls": ["/sitemap.xml", "https://cdn.example/s.xml"]},
            },
            "sitemap",
            "sitemap URL https://cdn.example/s.xml is outside allowed_domains ['karaj.ir']",
        ),
        # 6. wildcard domains never match a host; subdomains are allowed anyway
        (
            {"allowed_domains": ["*.karaj.ir"]},
            "allowed_domains",
            "'*.karaj.ir' must be a bare host name;"
            " subdomains are always allowed, so write 'karaj.ir'",
        ),
        (
            {"allowed_domains": [".karaj.ir"]},
            "allowed_domains",
            "'.karaj.ir' must be a bare host name;"
            " subdomains are always allowed, so write 'karaj.ir'",
        ),
        (
            {"homepage": "www.karaj.ir"},
            "homepage",
            "'www.karaj.ir' must be an absolute http(s) URL",
        ),
        # 7. the homepage's host becomes allowed_domains: a host it could not be is refused
        # here, not stored to fail every later reading of the portal list
        (
            {"homepage": "http://[2001:db8::1]/", "start_urls": []},
            "homepage",
            "'http://[2001:db8::1]/': an IPv6 address is no portal host; register its domain name",
        ),
        (
            {"homepage": "https://www.karaj.ir:port/", "start_urls": []},
            "homepage",
            "'https://www.karaj.ir:port/' is not a valid URL",
        ),
    ],
)
def test_refusal_names_the_field_and_the_problem(
    changes: dict[str, Any], field: str, problem: str
) -> None:
    with pytest.raises(RegistrationError) as refused:
        Registration.parse(_doc(**changes))
    assert f"invalid registration: {field}: Value error, {problem}" in str(refused.value)
    assert "document: " not in str(refused.value)


def test_each_bad_field_is_reported_once_under_its_own_name() -> None:
    """A bad homepage must not hide a bad start URL, nor blame the start URL for it."""
    with pytest.raises(RegistrationError) as refused:
        Registration.parse(_doc(homepage="karaj.ir", start_urls=["/eservices"]))
    assert str(refused.value) == (
        "invalid registration: homepage: Value error, 'karaj.ir' must be an absolute http(s) URL; "
        "start_urls: Value error, '/eservices' must be an absolute http(s) URL"
    )


@pytest.mark.parametrize("missing", ["id", "agency", "homepage"])
def test_required_field_missing_is_named(missing: str) -> None:
    doc = {k: v for k, v in BASE.items() if k != missing}
    with pytest.raises(RegistrationError, match=rf"{missing}: Field required"):
        Registration.parse(doc)


@pytest.mark.parametrize(
    ("url", "domains", "expected"),
    [
        ("https://www.karaj.ir/eservices", ["www.karaj.ir"], True),
        ("https://WWW.KARAJ.IR/", ["www.karaj.ir"], True),
        ("https://www.karaj.ir:8443/", ["www.karaj.ir"], True),
        ("https://eservices.karaj.ir/", ["karaj.ir"], True),
        ("https://eservices.karaj.ir/", ["www.karaj.ir"], False),
        ("https://evilkaraj.ir/", ["karaj.ir"], False),
        ("https://karaj.ir.evil.example/", ["karaj.ir"], False),
        ("https://www.karaj.ir@evil.example/", ["www.karaj.ir"], False),
        ("https://evil.example/?next=www.karaj.ir", ["www.karaj.ir"], False),
        ("/eservices", ["www.karaj.ir"], False),
        ("https://www.karaj.ir/", [], False),
        ("https://سازمان.ایران/خدمات", ["xn--mgba6ac6gh.xn--mgba3a4f16a"], True),
        ("https://www.xn--mgba6ac6gh.xn--mgba3a4f16a/", ["xn--mgba6ac6gh.xn--mgba3a4f16a"], True),
    ],
)
def test_domain_allowed(url: str, domains: list[str], expected: bool) -> None:
    assert domain_allowed(url, domains) is expected


@pytest.mark.parametrize(
    ("homepage", "relative", "expected"),
    [
        (
            "https://www.abfa-alborz.ir/",
            "/api/services?page=1",
            "https://www.abfa-alborz.ir/api/services?page=1",
        ),
        (
            "https://www.abfa-alborz.ir/fa/",
            "api/services",
            "https://www.abfa-alborz.ir/fa/api/services",
        ),
        (
            "https://www.abfa-alborz.ir/",
            "https://api.abfa-alborz.ir/x",
            "https://api.abfa-alborz.ir/x",
        ),
    ],
)
def test_recipe_urls_resolve_against_the_homepage(
    homepage: str, relative: str, expected: str
) -> None:
    assert Registration.parse(_doc(homepage=homepage)).absolute(relative) == expected


def test_stored_form_parses_back_to_the_same_registration() -> None:
    """The registry stores ``model_dump(mode="json")``; reading it back must change nothing."""
    reg = Registration.parse(
        _doc(strategy="selectors", selectors=SELECTORS, exclude=["/news/"], limits={"timeout": 5})
    )
    assert Registration.parse(reg.model_dump(mode="json")) == reg


def test_registration_is_immutable() -> None:
    reg = Registration.parse(_doc())
    with pytest.raises(ValueError, match="frozen"):
        reg.id = "other"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "portal.yaml",
            "\ufeffid: karaj-municipality\nagency: شهرداری کرج\nhomepage: https://www.karaj.ir/\n",
        ),
        (
            "portal.yml",
            "id: karaj-municipality\nagency: شهرداری کرج\nhomepage: https://www.karaj.ir/\n",
        ),
        (
            "portal.toml",
            'id = "karaj-municipality"\nagency = "شهرداری کرج"\nhomepage = "https://www.karaj.ir/"\n',
        ),
        (
            "portal.json",
            '{"id": "karaj-municipality", "agency": "شهرداری کرج", "homepage": "https://www.karaj.ir/"}',
        ),
    ],
)
def test_load_reads_each_format(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert Registration.load(path) == Registration.parse(BASE)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("portal.toml", 'id = "karaj-municipality\n', "not valid toml"),
        ("portal.json", '{"id": "karaj-municipality",}', "not valid json"),
        ("portal.yaml", "id: [karaj\n", "not valid yaml"),
        # a key given twice: plain YAML would register the second id without a word
        (
            "portal.yaml",
            "id: karaj-municipality\nagency: شهرداری کرج\nid: karaj-2\n",
            "not valid yaml: 'id' is listed twice \\(lines 1 and 3\\)",
        ),
    ],
)
def test_load_names_the_file_that_does_not_decode(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistrationError, match=rf"^{re.escape(str(path))}: {message}"):
        Registration.load(path)


def test_load_names_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "portal.yaml"
    path.write_bytes(b"id: karaj\nagency: \xe6\xe5\xd1\n")  # windows-1256, not UTF-8
    with pytest.raises(RegistrationError, match=rf"^{re.escape(str(path))}: not UTF-8 text"):
        Registration.load(path)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://portal.ir/fa/service/1", ""),
        ("https://portal.ir/fa/page/%D8%B5%D8%AF%D9%88%D8%B1", ""),
        ("http://user:pw@portal.ir/f/5", "a user name or password"),
        ("http://evil.example\\@portal.ir/", "a space, backslash or control character"),
        ("https://portal.ir/a b", "a space, backslash or control character"),
        ("javascript:alert(1)//portal.ir", "not http(s)"),
        ("https://%70ortal.ir/", "an encoded host"),
        ("https://portal.ir:99999/", "a malformed host or port"),
        ("https:///path", "no host"),
    ],
)
def test_what_a_deep_link_may_not_be(url: str, reason: str) -> None:
    """One predicate for the crawler (it does not index such a link) and /go (it does not
    follow one)."""
    from registry.registration import unsafe_link_reason

    assert unsafe_link_reason(url) == reason


def test_one_persian_domain_in_both_spellings_is_one_site() -> None:
    """Written in Persian or as punycode, a domain is the same site to the overlap check."""
    persian = Registration.parse({**BASE, "homepage": "https://سازمان.ایران/"})
    punycode = Registration.parse(
        {**BASE, "id": "other", "homepage": "https://www.xn--mgba6ac6gh.xn--mgba3a4f16a/"}
    )
    assert domains_overlap(persian.allowed_domains, punycode.allowed_domains)
