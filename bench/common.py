"""Helpers shared by the benchmarks: timing percentiles and a fresh schema."""

import statistics
import time
from collections.abc import Callable

from django.core.management import call_command


def migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return p50, p95


def time_ms(fn: Callable[[], object], *, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(label: str, samples_ms: list[float]) -> None:
    p50, p95 = percentiles(samples_ms)
    print(f"{label:<58} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms   (n={len(samples_ms)})")
