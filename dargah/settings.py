"""The one place configuration is read from (``GATEWAY_`` environment variables).

Settings are built by the entry points (CLI, app factory), never at import
time, and flow down to the other packages as plain arguments.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from indexer.backends import BackendSpec

DEFAULT_USER_AGENT = (
    "DargahBot/0.1 (+https://dargah.example/bot; provincial single gateway crawler)"
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Registry, index and crawl reports")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL of the registry; SQLite in data_dir if unset"
    )
    search_backend: Literal["embedded", "elasticsearch"] = Field(
        default="embedded", description="embedded (tantivy in data_dir) or elasticsearch"
    )
    elasticsearch_url: str | None = Field(
        default=None, description="Elasticsearch node URL(s), comma-separated"
    )
    elasticsearch_api_key: SecretStr | None = Field(default=None, description="Encoded API key")
    elasticsearch_username: str | None = Field(default=None, description="Basic auth user")
    elasticsearch_password: SecretStr | None = Field(default=None, description="Basic auth secret")
    elasticsearch_ca_certs: Path | None = Field(
        default=None, description="CA certificate (PEM) that signed the cluster's TLS certificate"
    )
    elasticsearch_index: str = Field(
        default="dargah-services", description="Alias searched and written (over versioned indices)"
    )
    elasticsearch_shards: int = Field(default=1, ge=1, description="Primary shards of new indices")
    elasticsearch_replicas: int = Field(default=1, ge=0, description="Replicas of new indices")
    province_name: str = Field(
        default="استان البرز", description="The province's name as the site's header shows it"
    )
    public_url: str = Field(
        default="",
        description="The gateway's address as citizens' browsers see it (https://dargah.example.ir):"
        " the link checker's browser view arrives from it, as a citizen clicking a result does",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    user_agent: str = DEFAULT_USER_AGENT
    allow_private_addresses: bool = Field(
        default=False,
        description="Let the crawler fetch loopback/private addresses (sandbox and tests only)",
    )
    retire_after_misses: int = Field(
        default=2, ge=1, description="Complete crawls a service must be missing from to retire"
    )
    suspect_below: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="A crawl finding fewer than this share of the services of the portal's "
        "last complete crawl is suspect and retires nothing",
    )
    crawl_heartbeat_seconds: float = Field(
        default=15, gt=0, description="How often a running crawl records that it is alive"
    )
    crawl_dead_after_minutes: float = Field(
        default=5,
        gt=0,
        description="A running crawl silent this long (or whose process is gone) is closed "
        "as failed at the next crawl or worker start",
    )
    link_check_every_hours: float = Field(
        default=24, gt=0, description="How often `dargah worker` checks each portal's deep links"
    )
    crawl_timeout_minutes: float = Field(
        default=180, gt=0, description="`dargah worker` stops a crawl running longer than this"
    )
    preview_timeout_seconds: float = Field(
        default=30,
        ge=10,
        le=300,
        description="A registration preview (`dargah portals try`, dashboard) answers within this",
    )
    worker_parallel_crawls: int = Field(
        default=2, ge=1, description="Crawls (one portal each) `dargah worker` runs at once"
    )
    auth_max_failures: int = Field(
        default=10, ge=1, description="Failed sign-ins per client before it gets 429s"
    )
    auth_failure_window_seconds: float = Field(
        default=60, gt=0, description="Window over which failed sign-ins are counted"
    )
    usage_log_days: float = Field(
        default=180,
        gt=0,
        description="Query and click log rows older than this are deleted by `dargah worker`",
    )
    usage_log_per_client_hour: int = Field(
        default=60,
        ge=1,
        description="Searches of one client logged in an hour at most (all are answered)",
    )
    catalogue_uploads_per_hour: int = Field(
        default=20,
        ge=1,
        description="Accepted catalogue uploads one token may make for an agency in an hour"
        " (then 429)",
    )
    catalogue_refused_per_hour: int = Field(
        default=60,
        ge=1,
        description="Refused (malformed) catalogue uploads one token may make in an hour"
        " (then 429)",
    )
    catalogue_versions_kept: int = Field(
        default=20,
        ge=1,
        description="Newest catalogue versions kept per agency, and as many again of those"
        " in force for an hour or more; older ones are deleted",
    )

    @property
    def registry_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'registry.sqlite3'}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def backend(self) -> "BackendSpec":
        """Which search backend, as plain data for :func:`indexer.backends.open_backend`."""
        from indexer.backends import BackendSpec
        from indexer.elasticsearch.config import ElasticsearchConfig

        if self.search_backend == "embedded":
            return BackendSpec(index_dir=self.index_dir)
        es = ElasticsearchConfig(
            hosts=ElasticsearchConfig.split_urls(self.elasticsearch_url or ""),
            alias=self.elasticsearch_index,
            api_key=_secret(self.elasticsearch_api_key),
            username=self.elasticsearch_username,
            password=_secret(self.elasticsearch_password),
            ca_certs=self.elasticsearch_ca_certs,
            shards=self.elasticsearch_shards,
            replicas=self.elasticsearch_replicas,
        )
        return BackendSpec(kind="elasticsearch", index_dir=self.index_dir, elasticsearch=es)

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def http_cache_dir(self) -> Path:
        """Pages and their ETag/Last-Modified from the last crawl: recrawls are conditional."""
        return self.data_dir / "httpcache"


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None
