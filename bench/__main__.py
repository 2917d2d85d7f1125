"""`make bench`: run every bench/bench_*.py module's main() and print its figures.

Benchmarks print numbers; they never pass or fail on speed. docs/benchmarks.md records
measured figures with the command that produced them.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.bench_settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    django.setup()
    wanted = set(sys.argv[1:])
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    if wanted:
        names = [n for n in names if n in wanted or n.removeprefix("bench_") in wanted]
    if not names:
        print("no benchmarks yet")
        return 0
    for name in names:
        print(f"== {name}")
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
