"""Where the cluster is and how to reach it: plain data, built by the composition root."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from indexer.backend import BackendUnavailableError

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

DEFAULT_ALIAS = "dargah-services"
# Index and alias names: lower case, no path or wildcard characters (Elasticsearch's rules).
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,200}")
# Requests the transport retries on another node: overload and failover, never client errors.
RETRY_ON_STATUS = (429, 502, 503, 504)


class ElasticsearchConfigError(ValueError):
    """The Elasticsearch settings are unusable; the message names the setting."""


class ElasticsearchUnavailableError(BackendUnavailableError):
    """No node of the cluster answered, or it refused our credentials: a setting or the
    cluster is wrong, which no retry of ours will fix."""


@dataclass(frozen=True)
class ElasticsearchConfig:
    hosts: tuple[str, ...]
    alias: str = DEFAULT_ALIAS
    api_key: str | None = None
    username: str | None = None
    password: str | None = None
    ca_certs: Path | None = None
    shards: int = 1
    replicas: int = 1
    request_timeout: float = 30.0

    def __post_init__(self) -> None:
        if not self.hosts:
            raise ElasticsearchConfigError(
                "GATEWAY_ELASTICSEARCH_URL is empty: give one or more node URLs, "
                "comma-separated (https://es1:9200,https://es2:9200)"
            )
        for url in self.hosts:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ElasticsearchConfigError(
                    f"GATEWAY_ELASTICSEARCH_URL: {url!r} is not an http(s) URL with a host"
                )
        if not _NAME.fullmatch(self.alias):
            raise ElasticsearchConfigError(
                f"GATEWAY_ELASTICSEARCH_INDEX: {self.alias!r} is not a valid index alias "
                "(lower-case letters, digits, '.', '_' and '-', not starting with a symbol)"
            )
        if self.api_key and (self.username or self.password):
            raise ElasticsearchConfigError(
                "set either GATEWAY_ELASTICSEARCH_API_KEY or GATEWAY_ELASTICSEARCH_USERNAME/"
                "PASSWORD, not both"
            )
        if bool(self.username) != bool(self.password):
            raise ElasticsearchConfigError(
                "GATEWAY_ELASTICSEARCH_USERNAME and GATEWAY_ELASTICSEARCH_PASSWORD go together"
            )
        if self.ca_certs is not None and not self.ca_certs.is_file():
            raise ElasticsearchConfigError(
                f"GATEWAY_ELASTICSEARCH_CA_CERTS: no file at {self.ca_certs}"
            )
        if self.shards < 1 or self.replicas < 0:
            raise ElasticsearchConfigError("shards must be ≥ 1 and replicas ≥ 0")

    @staticmethod
    def split_urls(urls: str) -> tuple[str, ...]:
        """``"https://a:9200, https://b:9200"`` → both URLs (blanks dropped)."""
        return tuple(u.strip().rstrip("/") for u in urls.split(",") if u.strip())


def connect(config: ElasticsearchConfig) -> Elasticsearch:
    """The official client for ``config`` (no request is sent until it is used)."""
    from elasticsearch import Elasticsearch

    options: dict[str, Any] = {}
    if config.api_key:
        options["api_key"] = config.api_key
    if config.username and config.password:
        options["basic_auth"] = (config.username, config.password)
    if config.ca_certs:
        options["ca_certs"] = str(config.ca_certs)
    return Elasticsearch(
        list(config.hosts),
        request_timeout=config.request_timeout,
        max_retries=3,
        retry_on_status=RETRY_ON_STATUS,
        retry_on_timeout=True,
        **options,
    )
