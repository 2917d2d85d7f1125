"""Benchmarks: production settings (real Argon2), on a database of their own.

DATABASE_URL chooses the engine; on SQLite the benchmarks use var/bench.sqlite3.
"""

import os

os.environ.setdefault("HARBOUR_DEBUG", "false")
os.environ.setdefault("HARBOUR_SECRET_KEY", "bench-secret-key-not-for-serving-0123456789")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")
os.environ.setdefault("HARBOUR_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from config.settings import *  # noqa: E402,F403
