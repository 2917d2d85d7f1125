"""gunicorn settings for `manage.py serve` / `make serve`, read from the same environment as
config/settings.py (README: "Serving in production").

- No access log; the error log is scrubbed of addresses, paths and queries
  (harbour/core/serving.py, F8).
- The application is loaded and warmed once in the master (`preload_app`, `when_ready` ->
  harbour.core.serving.warm_up), so workers start with their URL configuration, catalogues
  and templates in memory instead of each thread building them on its first request.
- Threaded workers: CPU-heavy hashing runs on a bounded pool inside each process
  (HARBOUR_HEAVY_CONCURRENCY), so slow hashes wait for a slot while other threads keep
  answering pages.
"""

import os
from pathlib import Path


def _count(name: str, default: int) -> int:
    """The positive whole number in environment variable `name`; `default` when it is unset
    or blank. Raises ValueError naming the variable for anything else, so gunicorn stops at
    start-up instead of serving with a setting nobody chose."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    return value


bind = os.environ.get("HARBOUR_BIND", "127.0.0.1:8000")
# 4 × 4 on 2 cores was measured against 2×1 and 4×1 sync, 2×2, 2×4, 3×2, 4×2 and 6×2 gthread
# (docs/benchmarks.md, "Served-path overhead and gunicorn configurations"). Keep at least
# HARBOUR_HEAVY_CONCURRENCY + 1 threads: with one thread per worker a slow hash stops the
# worker answering pages, however good single-threaded workers' tail latencies look.
workers = _count("HARBOUR_WORKERS", (os.cpu_count() or 1) * 2)
worker_class = "gthread"
threads = _count("HARBOUR_THREADS", 4)
# How many connections one worker holds at once (gunicorn's default is 1,000). A threaded
# worker accepts every connection it can and queues the requests for its own threads, so
# under load one process sits on a long queue while another idles, and a request's wait
# depends on which process took it (search p95 three times its p50). Bounded at twice its
# threads, a busy worker stops accepting and the rest wait in the kernel's listen queue,
# which every worker shares: the next free worker takes the oldest. Search p95 in the load
# mix, 2 idle cores: 293 -> 172 ms on SQLite, 358 -> 224 ms on PostgreSQL at the same
# throughput (docs/benchmarks.md, "Sharing the queue"). The other half of the bound leaves a
# kept-alive connection per thread. Slow clients are the reverse proxy's to absorb (README).
worker_connections = _count("HARBOUR_WORKER_CONNECTIONS", 2 * threads)
timeout = _count("HARBOUR_WORKER_TIMEOUT", 30)
graceful_timeout = 20
keepalive = 5
# Bounded request sizes: a request line, header count and header size past these get 400.
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190

accesslog = None
disable_redirect_access_to_syslog = True
errorlog = os.environ.get("HARBOUR_ERROR_LOG", "-")
loglevel = os.environ.get("HARBOUR_SERVER_LOG_LEVEL", "info")
logger_class = "harbour.core.serving.PrivateLogger"
# The address of the client is never needed: nothing trusts or records it.
forwarded_allow_ips = ""
proxy_allow_ips = ""
chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "config.wsgi:application"
preload_app = True


def when_ready(server):
    """In the master, after the application is loaded and before the first worker forks."""
    from harbour.core.serving import warm_up

    warm_up()
