"""Timing helpers shared by the benchmark sections."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Latency:
    p50_ms: float
    p99_ms: float

    def __str__(self) -> str:
        return f"p50 {self.p50_ms:7.2f} ms  p99 {self.p99_ms:7.2f} ms"


def latency[T](func: Callable[[T], object], inputs: Iterable[T], warmup: int = 20) -> Latency:
    items = list(inputs)
    for item in items[:warmup]:
        func(item)
    samples = []
    for item in items:
        start = time.perf_counter()
        func(item)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return Latency(statistics.median(samples), p99)


def rate(func: Callable[[], int]) -> float:
    """Units per second of ``func``, which returns how many units it processed."""
    start = time.perf_counter()
    units = func()
    return units / (time.perf_counter() - start)


def row(name: str, ours: str, baseline_name: str, baseline: str, ratio: float) -> str:
    return f"{name:<28} {ours:<30} | {baseline_name:<30} {baseline:<28} ratio {ratio:5.2f}×"
