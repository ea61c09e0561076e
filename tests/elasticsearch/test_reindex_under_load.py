"""``dargah reindex`` while citizens search: not one failed or empty search during the
alias swap, and the old index is gone afterwards (issue 10). The gateway is a real
uvicorn server on the cluster; the reindex is the real CLI in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from tests.conftest import build_gateway
from tests.contract.live import ES_URL, live_backend, skip_without_cluster
from tests.live_server import serve_app

QUERY = "پروانه ساختمان"
LOAD_THREADS = 3


def reindex(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dargah.cli", "reindex", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_reindex_while_searching_fails_no_search(tmp_path: Path) -> None:
    skip_without_cluster()
    from dargah.app import create_app
    from dargah.settings import Settings

    data = build_gateway(tmp_path)  # the embedded index and registry of the gateway tests
    with live_backend("dargah-reindex") as live:
        env = {
            **os.environ,
            "GATEWAY_DATA_DIR": str(tmp_path),
            "GATEWAY_SEARCH_BACKEND": "elasticsearch",
            "GATEWAY_ELASTICSEARCH_URL": ES_URL,
            "GATEWAY_ELASTICSEARCH_INDEX": live.alias,
            "GATEWAY_ELASTICSEARCH_REPLICAS": "0",
        }
        reindex(env, "--from-embedded")
        assert live.count() == len(data.docs)
        settings = Settings(
            data_dir=tmp_path,
            search_backend="elasticsearch",
            elasticsearch_url=ES_URL,
            elasticsearch_index=live.alias,
            elasticsearch_replicas=0,
        )
        with serve_app(create_app(settings)) as base:
            expected = httpx.get(f"{base}/api/search", params={"q": QUERY}).json()["total"]
            assert expected > 0
            outcomes: list[tuple[int, int]] = []
            stop = threading.Event()

            def search() -> None:
                with httpx.Client(base_url=base, timeout=30) as client:
                    while not stop.is_set():
                        response = client.get("/api/search", params={"q": QUERY})
                        total = response.json().get("total", -1) if response.is_success else -1
                        outcomes.append((response.status_code, total))

            load = [threading.Thread(target=search) for _ in range(LOAD_THREADS)]
            for thread in load:
                thread.start()
            try:
                before = sorted(live.client.indices.get_alias(name=live.alias))
                for _ in range(2):  # two swaps under load
                    reindex(env)
                after = sorted(live.client.indices.get_alias(name=live.alias))
                every = live.client.indices.get(index=f"{live.alias}-*", expand_wildcards="all")
            finally:
                stop.set()
                for thread in load:
                    thread.join(timeout=60)
    failed = [o for o in outcomes if o != (200, expected)]
    print(f"\n{len(outcomes)} searches during two reindexes, {len(failed)} failed or incomplete")
    assert len(outcomes) >= 20, "the load did not run during the reindex"
    assert not failed, failed[:5]
    assert after != before and len(after) == 1
    assert sorted(every) == after  # the old indices are removed
