"""The portal registration document: what the ICT directorate declares about a portal.

One schema serves the CLI (YAML/TOML files) and the API (JSON). Validation is
strict (unknown keys are refused) so a typo in a field name is an error that
names the field rather than a silently ignored setting.
"""

from __future__ import annotations

import ipaddress
import json
import re
import tomllib
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import tldextract
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from indexer.yaml_data import read_yaml


class RegistrationError(ValueError):
    """A registration document was refused; the message names the offending fields."""


class Problem(ValueError):
    """One field's problem, in English (the API's ``message``, the CLI) and in Persian (the
    registrar's form and the API's ``message_fa``): the registrar reads Persian."""

    def __init__(self, en: str, fa: str) -> None:
        super().__init__(en)
        self.fa = fa


# host_problem's reasons, as the registrar reads them
_HOST_PROBLEMS_FA = {
    "is the unspecified address, no host": "نشانی نامشخص (0.0.0.0) است، نه میزبان یک درگاه",
    "is an address written as a number; write it as four decimal numbers, a.b.c.d": (
        "نشانی‌ای است که به صورت یک عدد نوشته شده؛ آن را به شکل چهار عدد دهدهی a.b.c.d بنویسید"
    ),
    "is not a valid host name": "نام میزبان معتبری نیست",
    "is a public suffix shared by many sites; name the portal's own domain": (
        "پسوندی عمومی است که میان سایت‌های بسیاری مشترک است؛ دامنه خود درگاه را بنویسید"
    ),
}
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class Strategy(StrEnum):
    """How the crawler finds services on a portal."""

    STRUCTURED = "structured"  # schema.org JSON-LD / microdata (GovernmentService, Service)
    SITEMAP = "sitemap"  # sitemap.xml lists the service pages
    SELECTORS = "selectors"  # CSS/XPath recipe: listing links, pagination, detail fields
    JSON_FEED = "json_feed"  # a JSON endpoint lists the services (JS-rendered portals)
    AUTO = "auto"  # find the services section by itself


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _regexes(patterns: list[str]) -> list[str]:
    """Compile now, so a bad pattern is refused at registration rather than failing the crawl."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise Problem(
                f"{pattern!r} is not a valid regex: {exc}",
                f"«{pattern}» عبارت باقاعده (regex) معتبری نیست: {exc}",
            ) from exc
    return patterns


def _http_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is no number
    except ValueError as exc:
        raise Problem(
            f"{url!r} is not a valid URL: {exc}", f"«{url}» نشانی (URL) معتبری نیست: {exc}"
        ) from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Problem(
            f"{url!r} must be an absolute http(s) URL",
            f"«{url}» باید نشانی کامل با http یا https باشد",
        )
    if "@" in parts.netloc:
        # «https://portal.ir@evil.example/» goes to evil.example: a portal's address never
        # needs a user name or password, and such a deep link is refused by /go
        raise Problem(
            f"{url!r}: a portal's address has no user name or password (before '@')",
            f"«{url}»: نشانی درگاه نام کاربری و گذرواژه (پیش از @) ندارد",
        )
    if ":" in parts.hostname:
        # a portal is registered by its name (or, in a sandbox, an IPv4 address): its host
        # becomes ``allowed_domains``, which takes bare host names only
        raise Problem(
            f"{url!r}: an IPv6 address is no portal host; register its domain name",
            f"«{url}»: نشانی IPv6 میزبان درگاه نیست؛ نام دامنه آن را ثبت کنید",
        )
    if problem := host_problem(parts.hostname.rstrip(".")):
        raise Problem(
            f"{url!r}: its host {problem}",
            f"«{url}»: میزبان آن {_HOST_PROBLEMS_FA.get(problem, problem)}",
        )
    if port == 0:  # no server listens on port 0: the portal could never be crawled
        raise Problem(
            f"{url!r}: port 0 is no port a site answers on",
            f"«{url}»: درگاه (پورت) ۰ درگاهی نیست که سایتی روی آن پاسخ دهد",
        )
    if _PERCENT.search(url):  # RFC 3986: «%» starts an escape of two hex digits
        raise Problem(
            f"{url!r}: a '%' must start an escape of two hexadecimal digits (write '%25')",
            f"«{url}»: نویسه ٪ باید آغاز یک کد دو رقمی شانزده‌شانزدهی باشد (به جای آن %25 بنویسید)",
        )
    return url


class SelectorRecipe(_Strict):
    """Selectors are CSS unless they start with ``/`` or ``(`` (then XPath)."""

    service_links: str = Field(description="On listing pages: links to service detail pages")
    pagination: str | None = Field(default=None, description="On listing pages: next-page links")
    category_links: str | None = Field(
        default=None, description="On start pages: links to category listing pages"
    )
    title: str = Field(description="On detail pages: the service title")
    description: str | None = None
    category: str | None = None
    fields: dict[str, str] = Field(
        default_factory=dict, description="Extra detail fields, e.g. documents, fee, duration"
    )


class JsonFeedRecipe(_Strict):
    """Field names are dotted paths inside each item (``a.b.c``)."""

    url: str = Field(description="Feed URL, absolute or relative to the homepage")
    items_path: str = Field(default="", description="Dotted path to the list of items")
    next_path: str | None = Field(default=None, description="Dotted path to the next page URL")
    title: str = "title"
    url_field: str = "url"
    description: str | None = "description"
    category: str | None = "category"
    fields: dict[str, str] = Field(default_factory=dict)


class SitemapRecipe(_Strict):
    sitemap_urls: list[str] = Field(
        default_factory=lambda: ["/sitemap.xml"], description="Absolute or homepage-relative"
    )
    follow: list[str] = Field(
        default_factory=list,
        description="Regexes (re.search): only the pages listed in the sitemaps whose URL matches"
        " one are fetched; child sitemaps of a sitemap index are always read",
    )

    _follow_regexes = field_validator("follow")(_regexes)


class StructuredRecipe(_Strict):
    types: list[str] = Field(default_factory=lambda: ["GovernmentService", "Service"])


class Limits(_Strict):
    max_pages: int = Field(default=2000, ge=1, le=100_000)
    max_depth: int = Field(default=6, ge=0, le=50)
    download_delay: float = Field(default=0.0, ge=0, le=60, description="Seconds between requests")
    timeout: float = Field(default=20.0, gt=0, le=300, description="Seconds per request")


class Schedule(_Strict):
    every_hours: float = Field(default=24, gt=0, le=24 * 31)


class Registration(_Strict):
    """Fields are validated in declaration order, so each check of a field can rely on the
    fields above it (``info.data``) and its error names that field, not the whole document."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$", description="Stable slug")
    agency: str = Field(min_length=2, max_length=200, description="Agency name in Persian")
    agency_id: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9][a-z0-9-]{1,62}$",
        description="The owning agency's id (several portals may share one); default: a new"
        " agency with the portal's id, named by `agency`",
    )
    homepage: str
    allowed_domains: list[str] = Field(default_factory=list, validate_default=True)
    start_urls: list[str] = Field(default_factory=list, validate_default=True)
    strategy: Strategy = Strategy.AUTO
    selectors: SelectorRecipe | None = Field(default=None, validate_default=True)
    json_feed: JsonFeedRecipe | None = Field(default=None, validate_default=True)
    sitemap: SitemapRecipe | None = None
    structured: StructuredRecipe | None = None
    exclude: list[str] = Field(
        default_factory=list, description="Regexes of URLs that are never services (news, ...)"
    )
    ignore_query_params: list[str] = Field(
        default_factory=list,
        description="Query parameters that do not change a service page (e.g. Tetis' CategoryID):"
        " dropped from service deep links, so one service listed under two URLs counts once."
        " Tracking parameters (utm_*, fbclid, ...) are always dropped, from every URL",
    )
    limits: Limits = Field(default_factory=Limits)
    schedule: Schedule = Field(default_factory=Schedule)
    enabled: bool = True

    _homepage_url = field_validator("homepage")(_http_url)
    _exclude_regexes = field_validator("exclude")(_regexes)

    @field_validator("ignore_query_params")
    @classmethod
    def _parameter_names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not name or any(c in name for c in "&=?# "):
                raise Problem(
                    f"{name!r} must be a bare query parameter name, e.g. CategoryID",
                    f"«{name}» باید فقط نام یک پارامتر پرس‌وجو باشد، مانند CategoryID",
                )
        return value

    @field_validator("allowed_domains")
    @classmethod
    def _bare_hosts(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for host in value:
            if host.startswith((".", "*")):
                raise Problem(
                    f"{host!r} must be a bare host name; subdomains are always allowed,"
                    f" so write {host.lstrip('*.')!r}",
                    f"«{host}» باید فقط نام میزبان باشد؛ زیردامنه‌ها همیشه مجازند،"
                    f" پس «{host.lstrip('*.')}» بنویسید",
                )
            if not host or "/" in host or ":" in host or " " in host:
                raise Problem(
                    f"{host!r} must be a bare host name, without scheme or port",
                    f"«{host}» باید فقط نام میزبان باشد، بی پروتکل و بی درگاه (پورت)",
                )
            if problem := host_problem(host.lower().rstrip(".")):
                raise Problem(
                    f"{host!r} {problem}", f"«{host}» {_HOST_PROBLEMS_FA.get(problem, problem)}"
                )
        if not value and "homepage" in info.data:
            return [site_domain(ascii_host(urlsplit(info.data["homepage"]).hostname or ""))]
        return [ascii_host(h) for h in value]

    @field_validator("start_urls")
    @classmethod
    def _start_inside(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for url in value:
            _inside(_http_url(url), info)
        if not value and "homepage" in info.data:
            return [info.data["homepage"]]
        return value

    @field_validator("selectors", "json_feed", "sitemap", "structured")
    @classmethod
    def _recipe_fits_strategy(cls, value: _Strict | None, info: ValidationInfo) -> Any:
        """A recipe the strategy does not read would be silently ignored; refuse it instead."""
        name = info.field_name or ""
        strategy = info.data.get("strategy")
        if strategy is None:  # the strategy itself was refused
            return value
        users = _RECIPE_USERS[name]
        if value is None:
            if name in _REQUIRED_RECIPES and strategy.value == name:
                raise Problem(
                    f"strategy {name!r} needs a {name} recipe",
                    f"راهبرد «{name}» به دستورالعمل {name} نیاز دارد",
                )
            return value
        if strategy not in users:
            allowed = " or ".join(repr(s.value) for s in users)
            raise Problem(
                f"the {name} recipe is only used with strategy {allowed}, not {strategy.value!r}",
                f"دستورالعمل {name} فقط با راهبرد {allowed} به کار می‌رود، نه «{strategy.value}»",
            )
        if isinstance(value, JsonFeedRecipe):
            _inside(value.url, info, "url ")
        if isinstance(value, SitemapRecipe):
            for url in value.sitemap_urls:
                _inside(url, info, "sitemap URL ")
        return value

    def absolute(self, url: str) -> str:
        """Resolve a homepage-relative URL from a recipe."""
        return urljoin(self.homepage, url)

    @classmethod
    def parse(cls, data: Any) -> Registration:
        """Validate a decoded document, turning pydantic's errors into one readable message."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'document'}: {err['msg']}"
                for err in exc.errors()
            )
            raise RegistrationError(f"invalid registration: {problems}") from exc

    @classmethod
    def load(cls, path: Path) -> Registration:
        """Read a YAML, TOML or JSON registration file."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RegistrationError(f"{path}: not UTF-8 text: {exc}") from exc
        try:
            if path.suffix == ".toml":
                data: Any = tomllib.loads(text)
            elif path.suffix == ".json":
                data = json.loads(text)
            else:
                data = read_yaml(text)
        except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as exc:
            kind = path.suffix.lstrip(".") or "yaml"
            raise RegistrationError(f"{path}: not valid {kind}: {exc}") from exc
        try:
            return cls.parse(data)
        except RegistrationError as exc:
            raise RegistrationError(f"{path}: {exc}") from exc


_REQUIRED_RECIPES = {"selectors", "json_feed"}  # the others have working defaults
_RECIPE_USERS = {
    "selectors": (Strategy.SELECTORS,),
    "json_feed": (Strategy.JSON_FEED,),
    "sitemap": (Strategy.STRUCTURED, Strategy.SITEMAP),  # structured reads it to find pages
    "structured": (Strategy.STRUCTURED, Strategy.SITEMAP),  # the sitemap strategy judges by it
}


def _inside(url: str, info: ValidationInfo, what: str = "") -> None:
    """Refuse a URL (resolved against the homepage) that the crawler would refuse to fetch."""
    if "homepage" not in info.data or "allowed_domains" not in info.data:
        return  # already refused for its own reason
    domains = info.data["allowed_domains"]
    absolute = urljoin(info.data["homepage"], url)
    if not domain_allowed(absolute, domains):
        raise Problem(
            f"{what}{absolute} is outside allowed_domains {domains}",
            f"{what}{absolute} بیرون از دامنه‌های مجاز (allowed_domains) {domains} است",
        )


def ascii_host(host: str) -> str:
    """A host as DNS, browsers and Scrapy write it: lower case, no trailing dot, IDNA labels.

    ``ایران.ir`` and ``xn--mgba3a4f16a.ir`` are one site; Scrapy asks for the second
    whichever the portal linked. Registered domains are kept in this form, and every URL
    is compared in it, so a Persian domain name neither escapes the overlap check nor
    refuses its own pages.
    """
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host  # not a valid name: matches nothing registered


def domains_overlap(first: list[str], second: list[str]) -> list[tuple[str, str]]:
    """Pairs of domains where one covers the other (equal, or one a subdomain of the other):
    two portals with such domains would both crawl the same pages."""
    return [
        (a, b)
        for a in first
        for b in second
        if a == b or a.endswith("." + b) or b.endswith("." + a)
    ]


def site_domain(host: str) -> str:
    """The domain a homepage's host stands for: ``www.tcg.ir`` stands for ``tcg.ir``.

    Agencies link their ``www.`` and bare host interchangeably (real catalogues list
    ``http://www.tcg.ir`` and ``https://tcg.ir`` for one portal), and a bare host is not
    a subdomain of the ``www.`` one; their e-services often sit beside it
    (``eservices.tcg.ir``). A host whose rest is a public suffix (``www.gov.ir``,
    ``www.ir``) is kept as it is: ``gov.ir`` would take in every government site.
    """
    bare = host.removeprefix("www.")
    if host.startswith("www.") and not host_problem(bare):
        return bare
    return host


# One label of a host name (after IDNA): letters, digits and inner hyphens.
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# A last label that makes browsers parse the whole host as an IPv4 address.
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)


@cache
def _public_suffixes() -> tldextract.TLDExtract:
    """The Public Suffix List as tldextract ships it: never fetched, nothing cached on disk."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_problem(host: str) -> str:
    """Why ``host`` cannot stand for one portal's site, or "": not a host name at all, the
    unspecified address, or a public suffix (``ir``, ``gov.ir``: a portal on it would make
    every such site «registered», a deep link /go follows and a site the crawler indexes)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        return "is the unspecified address, no host" if address.is_unspecified else ""
    if _NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]):
        # Browsers read «2130706433» and «0x7f.1» as 127.0.0.1 (WHATWG URL, IPv4 parser).
        return "is an address written as a number; write it as four decimal numbers, a.b.c.d"
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return "is not a valid host name"
    if not all(_LABEL.match(label) for label in ascii_host.split(".")):
        return "is not a valid host name"
    if not _public_suffixes()(ascii_host).domain:
        return "is a public suffix shared by many sites; name the portal's own domain"
    return ""


_NOT_IN_LINKS = set("\\\t\r\n ") | {chr(c) for c in range(0x20)} | {"\x7f"}


def unsafe_link_reason(url: str) -> str:
    """Why ``url`` may not be a deep link ('' when it may): http(s), no credentials, no
    characters browsers and Python parse differently.

    A backslash is a path separator to browsers but not to ``urlsplit``
    (``http://evil.example\\@portal.gov.ir`` goes to evil.example), browsers
    percent-decode host names and Python does not, and ``user@host`` is only
    ever used for phishing in a deep link. The crawler refuses to index such a link and
    ``/go`` refuses to follow one (with the registered domains checked besides).
    """
    if not url or any(ch in _NOT_IN_LINKS for ch in url):
        return "a space, backslash or control character"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises on a malformed port
    except ValueError:
        return "a malformed host or port"
    if parts.scheme not in ("http", "https"):
        return "not http(s)"
    if "@" in parts.netloc:
        return "a user name or password"
    if "%" in parts.netloc:
        return "an encoded host"
    return "" if parts.hostname else "no host"


def domain_allowed(url: str, domains: list[str]) -> bool:
    """True when the URL's host is one of ``domains`` or a subdomain of one."""
    host = ascii_host(urlsplit(url).hostname or "")
    return any(host == d or host.endswith("." + d) for d in domains)
