"""Shared fixtures. Append-only: each section belongs to the package it serves."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from dargah.settings import Settings
    from indexer.documents import ServiceDocument
    from registry.registration import Registration

# --- gateway API and search UI: a real tantivy index and SQLite registry ------------------------
# build_gateway() fills a data dir from tests/data/gateway_services.yaml; `populated_gateway`
# is one such dir per session (read-only for tests), `gateway_client` a TestClient on it.

GATEWAY_DATA = Path(__file__).parent / "data" / "gateway_services.yaml"
# 00:15 on 1405/09/02 in Tehran: shows that dates are converted to Iran time
GATEWAY_CRAWLED_AT = datetime(2026, 11, 22, 20, 45, tzinfo=UTC)


@dataclass(frozen=True)
class GatewayData:
    """A data dir holding an index and a registry, plus what was put in them."""

    settings: Settings  # points at the data dir
    docs: dict[str, ServiceDocument]  # key (from the YAML) -> document
    portals: dict[str, Registration]  # portal id -> registration


def build_gateway(data_dir: Path, origins: Mapping[str, str] | None = None) -> GatewayData:
    """Index the YAML services; ``origins`` ({portal id: "http://127.0.0.1:port"}) moves
    portals onto live test servers (their allowed_domains become that host)."""
    import yaml

    from dargah.settings import Settings
    from indexer.backends import open_backend
    from indexer.documents import ServiceDocument, service_id
    from registry.portals import Registry
    from registry.registration import Registration

    origins = origins or {}
    spec = yaml.safe_load(GATEWAY_DATA.read_text(encoding="utf-8"))
    portals = {}
    for raw in spec["portals"]:
        raw = dict(raw)
        if raw["id"] in origins:
            raw["homepage"] = origins[raw["id"]].rstrip("/") + "/"
            raw.pop("allowed_domains", None)
        portals[raw["id"]] = Registration.parse(raw)
    docs = {}
    for item in spec["services"]:
        portal = portals[item["portal"]]
        url = item.get("url") or portal.homepage.rstrip("/") + item["path"]
        docs[item["key"]] = ServiceDocument(
            id=service_id(url),
            portal_id=portal.id,
            agency=portal.agency,
            url=url,
            title=item["title"],
            description=item.get("description", ""),
            category=item.get("category", ""),
            fields=item.get("fields") or {},
            crawled_at=GATEWAY_CRAWLED_AT,
        )
    settings = Settings(data_dir=data_dir)
    backend = open_backend(settings.index_dir)
    backend.upsert(list(docs.values()))
    backend.close()
    registry = Registry(settings.registry_url)
    for reg in portals.values():
        registry.add_portal(reg, replace=True)
    registry.close()
    return GatewayData(settings, docs, portals)


@pytest.fixture(scope="session")
def gateway_builder() -> Callable[..., GatewayData]:
    """:func:`build_gateway`, for tests that need their own (changeable or live-linked) data."""
    return build_gateway


@pytest.fixture(scope="session")
def populated_gateway(tmp_path_factory: pytest.TempPathFactory) -> GatewayData:
    return build_gateway(tmp_path_factory.mktemp("gateway"))


@pytest.fixture(scope="session")
def gateway_client(populated_gateway: GatewayData) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    from dargah.app import create_app

    with TestClient(create_app(populated_gateway.settings), follow_redirects=False) as client:
        yield client


# --- sandbox: the test province (استان البرز) ------------------------------------------------
# One running province per session, on 127.0.1.1-6 with ephemeral ports. Read-only for tests:
# to stop portals or hide services, start your own with sandbox.start_province(host_prefix=...).
# Ground truth: sandbox.ground_truth(portal_id); registrations: sandbox_province.registrations().

if TYPE_CHECKING:
    from sandbox import Province


@pytest.fixture(scope="session")
def sandbox_province() -> Iterator[Province]:
    from sandbox import start_province

    with start_province(slow_seconds=0.5) as province:
        yield province


# --- registry databases: SQLite always, PostgreSQL when GATEWAY_TEST_DATABASE_URL is set -------
# `database_url` runs a test once per database; each PostgreSQL run starts from an empty schema.

_PG_URL_VAR = "GATEWAY_TEST_DATABASE_URL"


def _empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not __import__("os").environ.get(_PG_URL_VAR),
                reason=f"set {_PG_URL_VAR} to run the registry tests on PostgreSQL",
            ),
        ),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    import os

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'registry.sqlite3'}"
    url = os.environ[_PG_URL_VAR]
    _empty_postgres(url)
    return url


# --- backends: the Elasticsearch leg runs only the Elasticsearch half of each backend pair ------
# `make test` runs every "embedded" parameter; `make test-es` passes --only-backend elasticsearch
# so the live leg does not spend a minute repeating them (the parity test, which compares the
# two, takes the embedded index as a plain fixture and still runs).


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--only-backend",
        choices=("embedded", "elasticsearch"),
        default=None,
        help="deselect the tests parametrized with the other search backend",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    only = config.getoption("--only-backend")
    if only is None:
        return
    other = "embedded" if only == "elasticsearch" else "elasticsearch"
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params.values() if callspec is not None else ()
        (drop if any(value == other for value in params) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
