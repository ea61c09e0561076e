"""Red team 13 F06: the usage logs are not kept for ever. `dargah worker` deletes query and
click log rows older than GATEWAY_USAGE_LOG_DAYS; the dashboards then count only newer ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawlers.worker import Worker, WorkerConfig
from registry.portals import Registry

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def test_the_worker_deletes_usage_rows_older_than_the_retention(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    registry = Registry(url)
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=40), now - timedelta(days=5)
    registry.log_queries([("پروانه ساختمان", 3, old, {}), ("گواهینامه", 2, recent, {})])
    registry.log_clicks([("old-service", old), ("new-service", recent)])
    config = WorkerConfig(
        registry_url=url,
        index_dir=tmp_path / "index",
        reports_dir=tmp_path / "reports",
        user_agent="DargahTestBot/0.1 (+tests)",
        allow_private_addresses=True,
        retire_after_misses=2,
        usage_log_days=30,
    )
    worker = Worker(config)
    try:
        worker.tick()
    finally:
        worker.registry.close()
    assert registry.top_queries(EPOCH) == [("گواهینامه", 1)]
    assert registry.click_counts(EPOCH) == [("new-service", 1)]
    registry.close()
