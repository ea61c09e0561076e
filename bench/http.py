"""HTTP load stage: the gateway under concurrent connections, beside a bare FastAPI endpoint.

Real servers on loopback, started as processes the way they run in production
(``dargah serve`` and ``dargah serve --workers N``; the bare endpoint under the
same uvicorn options), loaded by a bounded asyncio client that keeps each
connection alive and sends the next request as soon as the answer is read.
Search queries follow a Zipf curve over real service wording (a few queries
make most of the traffic, as in the query logs); ``/go`` follows the same curve
over services. Every figure is beside the bare endpoint's in the same run.

Floors (issue 9): one process serves search at ≥ 0.3× the bare endpoint's
requests per second, and search's p99 at 32 connections is ≤ 100 ms.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.corpus import queries
from bench.gateway_data import build

CONNECTIONS = (1, 8, 32, 128)
SECONDS = 3.0  # per level
WARMUP_SECONDS = 1.0
FLOOR_RATIO = 0.3
FLOOR_P99_MS = 100.0
FLOOR_AT = 32


@dataclass(frozen=True)
class Load:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def __str__(self) -> str:
        return f"{self.rate:7.0f} req/s  p50 {self.p50_ms:6.1f} ms  p99 {self.p99_ms:7.1f} ms"


def zipf_paths(paths: Sequence[str], count: int, seed: int = 9, s: float = 1.1) -> list[str]:
    """``count`` picks from ``paths``, the n-th most popular with weight 1/n^s."""
    rnd = random.Random(seed)
    weights = [1 / (n**s) for n in range(1, len(paths) + 1)]
    return rnd.choices(list(paths), weights=weights, k=count)


async def _connection(
    host: str, port: int, paths: Sequence[str], start: int, until: float, out: list[float]
) -> int:
    """Requests one after another on one keep-alive connection; returns the errors."""
    reader, writer = await asyncio.open_connection(host, port)
    errors = 0
    i = start
    try:
        while time.perf_counter() < until:
            path = paths[i % len(paths)]
            i += 1
            began = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            status = int(head.split(b" ", 2)[1])
            if status >= 500 or status == 429:
                errors += 1
            out.append(time.perf_counter() - began)
    finally:
        writer.close()
    return errors


async def _load(
    host: str, port: int, paths: Sequence[str], connections: int, seconds: float
) -> Load:
    latencies: list[float] = []
    until = time.perf_counter() + seconds
    began = time.perf_counter()
    errors = await asyncio.gather(
        *(_connection(host, port, paths, n * 7919, until, latencies) for n in range(connections))
    )
    took = time.perf_counter() - began
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000 if latencies else 0.0
    p99 = (
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000 if latencies else 0.0
    )
    return Load(len(latencies), sum(errors), took, p50, p99)


def load(base: str, paths: Sequence[str], connections: int, seconds: float = SECONDS) -> Load:
    host, port = base.removeprefix("http://").split(":")
    asyncio.run(_load(host, int(port), paths, connections, WARMUP_SECONDS))
    return asyncio.run(_load(host, int(port), paths, connections, seconds))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(command: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {' '.join(command)}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def gateway_server(data_dir: Path, workers: int = 1) -> AbstractContextManager[str]:
    port = _free_port()
    env = {**os.environ, "GATEWAY_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "dargah.cli", "serve", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    return _server(command, env, port)


def bare_server() -> AbstractContextManager[str]:
    port = _free_port()
    code = (
        "import uvicorn; from bench.bare import create_bare_app; from dargah.app import "
        f"SERVER_OPTIONS; uvicorn.run(create_bare_app(), host='127.0.0.1', port={port}, "
        "log_level='warning', **SERVER_OPTIONS)"
    )
    return _server([sys.executable, "-c", code], dict(os.environ), port)


def _rows(name: str, results: dict[int, Load], bare: dict[int, Load]) -> list[str]:
    return [
        f"{name:<22} {c:>4} conn  {results[c]}  | bare {bare[c]}  "
        f"ratio {results[c].rate / bare[c].rate:5.2f}×"
        + (f"  errors {results[c].errors}" if results[c].errors else "")
        for c in results
    ]


def run(services: int = 410, workers: int = 2, seconds: float = SECONDS) -> list[str]:
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dargah-http-") as tmp:
        data_dir = Path(tmp)
        docs = build(data_dir, services)
        search_paths = zipf_paths(
            [f"/api/search?q={quote(q)}" for q in dict.fromkeys(queries(400))], 5000
        )
        go_paths = zipf_paths([f"/go/{doc.id}" for doc in docs], 5000)
        with bare_server() as base:
            bare = {c: load(base, ["/bare"], c, seconds) for c in CONNECTIONS}
        lines.append(f"{services} services; {seconds:g} s per level; Zipf-distributed requests")
        for label, count in (("1 process", 1), (f"{workers} workers", workers)):
            with gateway_server(data_dir, count) as base:
                search = {c: load(base, search_paths, c, seconds) for c in CONNECTIONS}
                go = {c: load(base, go_paths, c, seconds) for c in CONNECTIONS}
            lines += _rows(f"search, {label}", search, bare)
            lines += _rows(f"/go, {label}", go, bare)
            if count == 1:
                best = max(r.rate for r in search.values()) / max(r.rate for r in bare.values())
                p99 = search[FLOOR_AT].p99_ms
                lines.append(
                    f"floor: search ≥ {FLOOR_RATIO}× bare req/s (best level): {best:.2f}× "
                    f"{'ok' if best >= FLOOR_RATIO else 'FAILED'}; p99 at {FLOOR_AT} conn "
                    f"≤ {FLOOR_P99_MS:g} ms: {p99:.1f} ms "
                    f"{'ok' if p99 <= FLOOR_P99_MS else 'FAILED'}"
                )
    return lines


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.http")
    parser.add_argument("--services", type=int, default=410)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    args = parser.parse_args()
    print("== HTTP load (search and /go beside a bare FastAPI endpoint, same run)")
    for line in run(args.services, args.workers, args.seconds):
        print("  " + line, flush=True)


if __name__ == "__main__":
    main()
