"""Issue 11 figures: status-check server time, and a mixed load through the real server.

1. Status checks through Django's full stack (test client, no network): right and wrong
   codes, page and API, with 2,000 stored requests. Target: p95 under 50 ms.
2. The load mix: `manage.py serve` (gunicorn, config/gunicorn.py) on this machine, 50
   client threads for LOAD_SECONDS sending help requests (API), wrong status checks (API),
   directory searches (POST, with CSRF) and home-page views; prints throughput and
   p50/p95/p99 per kind, the server's CPU per request (from /proc: unlike latencies, not
   inflated by other programs on the machine) and the clients' own CPU. Target: search p95
   under 300 ms on 2 cores. The clients form a closed loop (no pause between requests), so
   the mean latency is clients / throughput whatever the server does (printed).

Environment: BENCH_LOAD_SECONDS (default 30), BENCH_CLIENTS (default 50), BENCH_PORT (8104).
"""

# ruff: noqa: S310  (requests go to the local server this benchmark starts, over http only)
import http.cookiejar
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.test import Client, override_settings

from bench.common import migrate, report

ROOT = Path(__file__).resolve().parent.parent


def _organisation():
    import uuid

    from harbour.accounts import services as account_services
    from harbour.firewall import crypto
    from harbour.firewall.models import OrganisationKey

    organisation = account_services.organisation_create(
        acting_user=None, name=f"Bench refuge {uuid.uuid4().hex[:6]}", country="GB", accepts_help_requests=True)
    key = crypto.new_key_pair()
    OrganisationKey.objects.create(organisation=organisation, public_key=bytes(key.public_key),
                                   recovery_wrapped_private_key=b"bench: not recoverable")
    return organisation


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def bench_status_checks(stored: int = 2000):
    from harbour.help import services

    organisation = _organisation()
    made = []
    for number in range(stored):
        _request, code = services.help_request_create(organisation=organisation, needs=["safety"],
                                                      message=f"bench {number}", language="en" if number % 2 else "ar")
        if number < 200:
            made.append(code)
    for label, codes in (("code check alone (help_request_for_code), right", made),
                         ("code check alone (help_request_for_code), wrong", ["zoo " * 9] * 200)):
        samples = []
        for code in codes:
            start = time.perf_counter()
            services.help_request_for_code(code)
            samples.append((time.perf_counter() - start) * 1000)
        report(f"{label} ({stored} stored)", samples)
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        for label, codes in (("status page, right code", made), ("status page, wrong code", ["zoo " * 9] * 200)):
            samples = []
            for code in codes:
                start = time.perf_counter()
                response = client.post("/en/help/status/", {"code": code})
                samples.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"status page answered {response.status_code}")
            report(f"{label} ({stored} stored)", samples)
        samples = []
        for code in made:
            start = time.perf_counter()
            response = client.post("/api/v1/help-requests/status", json.dumps({"code": code}),
                                   content_type="application/json")
            samples.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"status API answered {response.status_code}")
        report(f"API status, right code ({stored} stored)", samples)
    return organisation


def _opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def _client(base: str, organisation_id: str, stop: float, results: dict, lock: threading.Lock, seed: int):
    opener = _opener()
    kinds = ["search", "status", "help", "page"]
    turn = seed
    while time.monotonic() < stop:
        kind = kinds[turn % len(kinds)]
        turn += 1
        if kind == "search":
            request = urllib.request.Request(base + "/en/services/", data=urllib.parse.urlencode(
                {"q": "women legal advice"}).encode())
        elif kind == "status":
            request = urllib.request.Request(base + "/api/v1/help-requests/status",
                                             data=json.dumps({"code": "zoo " * 9}).encode(),
                                             headers={"Content-Type": "application/json"})
        elif kind == "help":
            request = urllib.request.Request(base + "/api/v1/help-requests", data=json.dumps(
                {"organisation": organisation_id, "needs": ["safety"], "message": "bench"}).encode(),
                headers={"Content-Type": "application/json"})
        else:
            request = urllib.request.Request(base + "/en/")
        start = time.perf_counter()
        try:
            status = opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            results.setdefault(kind, []).append((elapsed, status))


def _server_cpu_seconds(master_pid: int) -> float | None:
    """CPU seconds (user + system) used so far by gunicorn's master and its workers, read
    from /proc; None where there is no /proc. Unlike latencies, this does not grow when other
    programs compete for the cores."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == master_pid or int(fields[1]) == master_pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def bench_load_mix(organisation):
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
    clients = int(os.environ.get("BENCH_CLIENTS", "50"))
    port = int(os.environ.get("BENCH_PORT", "8104"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.bench_settings", "HARBOUR_BIND": f"127.0.0.1:{port}",
           "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:///var/bench.sqlite3"),
           "HARBOUR_ERROR_LOG": "/dev/null"}
    env.setdefault("HARBOUR_WORKERS", "4")
    server = subprocess.Popen([sys.executable, "manage.py", "serve"], cwd=ROOT, env=env)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/en/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"the server stopped at start-up (exit {server.returncode})") from None
                time.sleep(0.3)
        else:
            raise RuntimeError("the server did not answer within 30 s")
        results: dict = {}
        lock = threading.Lock()
        server_cpu = _server_cpu_seconds(server.pid)
        client_cpu = time.process_time()
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=_client, args=(base, str(organisation.public_id), stop, results, lock, n))
                   for n in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        client_cpu = time.process_time() - client_cpu
        if server_cpu is not None:
            server_cpu = _server_cpu_seconds(server.pid) - server_cpu
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    total = sum(len(v) for v in results.values())
    threads = env.get("HARBOUR_THREADS") or "4"
    print(f"load mix: {clients} clients, {seconds} s, workers={env['HARBOUR_WORKERS']} x threads={threads} "
          f"(connections per worker {env.get('HARBOUR_WORKER_CONNECTIONS') or 2 * int(threads)}): "
          f"{total} requests, {total / seconds:.1f} requests/s")
    # A closed loop: each client sends its next request when the last one answers, so the
    # mean time in the system is clients / throughput (Little's law), whatever the server.
    print(f"  mean latency implied by {clients} closed-loop clients at this throughput: "
          f"{clients * seconds / max(total, 1) * 1000:.0f} ms")
    if server_cpu is not None:
        print(f"  server CPU {server_cpu:.1f} s = {server_cpu / max(total, 1) * 1000:.1f} ms per request; "
              f"clients' CPU {client_cpu:.1f} s (load average now {os.getloadavg()[0]:.1f})")
    for kind, samples in sorted(results.items()):
        times = [s[0] for s in samples]
        statuses = {}
        for _elapsed, status in samples:
            statuses[status] = statuses.get(status, 0) + 1
        print(f"  {kind:<7} n={len(times):5d}  p50 {statistics.median(times):7.1f} ms  "
              f"p95 {_percentile(times, 0.95):7.1f} ms  p99 {_percentile(times, 0.99):7.1f} ms  statuses {statuses}")
    unanswered = sum(1 for samples in results.values() for _elapsed, status in samples if status == 0)
    if unanswered > total // 100:
        # A refused connection returns at once: latencies and throughput would flatter a dead server.
        raise SystemExit(f"load mix: {unanswered} of {total} requests got no answer; the figures above are void")


def main():
    migrate()
    organisation = bench_status_checks()
    if int(os.environ.get("BENCH_LOAD_SECONDS", "30")) > 0:
        bench_load_mix(organisation)
