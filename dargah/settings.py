"""The one place configuration is read from (``GATEWAY_`` environment variables).

Settings are built by the entry points (CLI, app factory), never at import
time, and flow down to the other packages as plain arguments.
"""

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_USER_AGENT = (
    "DargahBot/0.1 (+https://dargah.example/bot; provincial single gateway crawler)"
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Registry, index and crawl reports")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL of the registry; SQLite in data_dir if unset"
    )
    search_backend: Literal["embedded"] = "embedded"
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

    @property
    def registry_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'registry.sqlite3'}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"
