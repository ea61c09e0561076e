"""Warm start (issue 9, item 4): `dargah serve` accepts connections only once it is ready.

Run as a real process (the cold costs live in a fresh interpreter): the moment its
port accepts a connection, /api/health says ready and a burst of first searches is
answered within a citizen's patience (5 s), where a cold first search took 3.5–7 s.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from tests.live_server import free_port

PATIENCE = 5.0  # seconds a citizen's browser (or the attackers' client) waited


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def test_the_first_requests_after_start_find_a_warm_gateway(
    tmp_path: Path, gateway_builder: Any
) -> None:
    data = gateway_builder(tmp_path)
    port = free_port()
    env = {**os.environ, "GATEWAY_DATA_DIR": str(data.settings.data_dir)}
    server = subprocess.Popen(
        [sys.executable, "-m", "dargah.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not _accepts(port):
            assert server.poll() is None, "dargah serve exited"
            assert time.monotonic() < deadline, "dargah serve never accepted connections"
            time.sleep(0.02)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=PATIENCE) as client:
            health = client.get("/api/health")
            assert health.status_code == 200
            body = health.json()
            assert body["status"] == "ready" and body["backend"]["ok"]
            assert body["backend"]["documents"] == len(data.docs)

            def first_search(n: int) -> int:
                q = ["پروانه ساختمان", "گواهینامه", "انشعاب آب", "مالیات"][n % 4]
                return client.get("/api/search", params={"q": q}).status_code

            with ThreadPoolExecutor(8) as pool:
                assert list(pool.map(first_search, range(16))) == [200] * 16
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_with_workers_answers_from_each_worker(tmp_path: Path, gateway_builder: Any) -> None:
    """`dargah serve --workers 2`: each worker opens the index read-only and serves."""
    data = gateway_builder(tmp_path)
    port = free_port()
    env = {**os.environ, "GATEWAY_DATA_DIR": str(data.settings.data_dir)}
    server = subprocess.Popen(
        [sys.executable, "-m", "dargah.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not _accepts(port):
            assert server.poll() is None, "dargah serve --workers 2 exited"
            assert time.monotonic() < deadline, "never accepted connections"
            time.sleep(0.05)
        permit = data.docs["permit"]
        # a new connection per request: the kernel spreads them over both workers
        for _ in range(20):
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                found = client.get("/api/search", params={"q": "پروانه ساختمان"})
                assert found.status_code == 200 and found.json()["total"] > 0
                go = client.get(f"/go/{permit.id}")
                assert (go.status_code, go.headers["location"]) == (302, permit.url)
    finally:
        server.terminate()
        server.wait(timeout=30)
