"""Rights engine figures: catalogue load, one query, and the woman's result page end to end."""

import statistics
import time

from django.core.management import call_command
from django.test import Client

from harbour.rights.catalogue import load_catalogue
from harbour.rights.engine import find_rights

EVERYTHING = ["gbv", "interpreter", "immigration", "child", "disability", "repeat_harm", "abroad"]


def _time_ms(fn, *, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def _report(name: str, samples: list[float]) -> None:
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    print(f"{name}: p50 {statistics.median(samples):.2f} ms, p95 {p95:.2f} ms (n={len(samples)})")


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    _report("rights catalogue load and validate (uncached)", _time_ms(load_catalogue, repeat=10, warmup=1))
    _report("find_rights gb-eaw, all circumstances, fa",
            _time_ms(lambda: find_rights(jurisdiction="gb-eaw", circumstances=EVERYTHING, language="fa"),
                     repeat=500))
    _report("find_rights ES, reporting, interpreter",
            _time_ms(lambda: find_rights(jurisdiction="ES", stage="reporting", circumstances=["interpreter"]),
                     repeat=500))
    client = Client()
    data = {"where": "gb-eaw", "gbv": "yes", "interpreter": "yes", "stay": "yes",
            "more": ["child", "disability", "repeat_harm", "abroad"], "step": "more", "go": "next"}
    _report("POST /en/rights/answer/ largest result page",
            _time_ms(lambda: client.post("/en/rights/answer/", data), repeat=100))
    _report("GET /api/v1/rights gb-eaw all circumstances",
            _time_ms(lambda: client.get("/api/v1/rights", {"jurisdiction": "gb-eaw", "circumstance": EVERYTHING}),
                     repeat=100))
