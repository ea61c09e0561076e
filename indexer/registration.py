"""The portal registration document: what the ICT directorate declares about a portal.

One schema serves the CLI (YAML/TOML files) and the API (JSON). Validation is
strict (unknown keys are refused) so a typo in a field name is an error that
names the field rather than a silently ignored setting.
"""

from __future__ import annotations

import json
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class RegistrationError(ValueError):
    """A registration document was refused; the message names the offending fields."""


class Strategy(StrEnum):
    """How the crawler finds services on a portal."""

    STRUCTURED = "structured"  # schema.org JSON-LD / microdata (GovernmentService, Service)
    SITEMAP = "sitemap"  # sitemap.xml lists the service pages
    SELECTORS = "selectors"  # CSS/XPath recipe: listing links, pagination, detail fields
    JSON_FEED = "json_feed"  # a JSON endpoint lists the services (JS-rendered portals)
    AUTO = "auto"  # find the services section by itself


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
        default_factory=list, description="Regexes: only sitemap URLs matching one are fetched"
    )


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
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$", description="Stable slug")
    agency: str = Field(min_length=2, max_length=200, description="Agency name in Persian")
    homepage: str
    allowed_domains: list[str] = Field(default_factory=list)
    start_urls: list[str] = Field(default_factory=list)
    strategy: Strategy = Strategy.AUTO
    selectors: SelectorRecipe | None = None
    json_feed: JsonFeedRecipe | None = None
    sitemap: SitemapRecipe | None = None
    structured: StructuredRecipe | None = None
    exclude: list[str] = Field(
        default_factory=list, description="Regexes of URLs that are never services (news, ...)"
    )
    limits: Limits = Field(default_factory=Limits)
    schedule: Schedule = Field(default_factory=Schedule)
    enabled: bool = True

    @field_validator("homepage")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an absolute http(s) URL")
        return value

    @field_validator("allowed_domains")
    @classmethod
    def _bare_hosts(cls, value: list[str]) -> list[str]:
        for host in value:
            if not host or "/" in host or ":" in host or " " in host:
                raise ValueError(f"{host!r} must be a bare host name, without scheme or port")
        return [h.lower() for h in value]

    @model_validator(mode="after")
    def _complete(self) -> Self:
        host = urlsplit(self.homepage).hostname or ""
        domains = self.allowed_domains or [host]
        object.__setattr__(self, "allowed_domains", domains)
        if not self.start_urls:
            object.__setattr__(self, "start_urls", [self.homepage])
        for url in self.start_urls:
            if not domain_allowed(url, domains):
                raise ValueError(f"start URL {url} is outside allowed_domains {domains}")
        recipe = {
            Strategy.SELECTORS: self.selectors,
            Strategy.JSON_FEED: self.json_feed,
        }.get(self.strategy, True)
        if recipe is None:
            raise ValueError(f"strategy {self.strategy.value!r} needs a {self.strategy.value} recipe")
        return self

    def absolute(self, url: str) -> str:
        """Resolve a homepage-relative URL from a recipe."""
        from urllib.parse import urljoin

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
        text = path.read_text(encoding="utf-8-sig")
        try:
            if path.suffix == ".toml":
                data: Any = tomllib.loads(text)
            elif path.suffix == ".json":
                data = json.loads(text)
            else:
                data = yaml.safe_load(text)
        except (yaml.YAMLError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
            raise RegistrationError(f"{path}: not valid {path.suffix.lstrip('.')}: {exc}") from exc
        try:
            return cls.parse(data)
        except RegistrationError as exc:
            raise RegistrationError(f"{path}: {exc}") from exc


def domain_allowed(url: str, domains: list[str]) -> bool:
    """True when the URL's host is one of ``domains`` or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)
