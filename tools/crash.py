"""The crash harness (issue 11, item 6): kill -9 the real server during writes, then check
that every acknowledged write exists and the audit chain verifies.

    python tools/crash.py --writes 1000 --kills 60      # `make bench` runs this size
    DATABASE_URL=postgres://… python tools/crash.py     # on PostgreSQL (a scratch database)

The server is `manage.py serve` (gunicorn) on a scratch database; a client sends help
requests through the API and keeps each status code the server acknowledged (201); every
few writes the whole server process group gets SIGKILL and is started again. At the end a
fresh process looks up every acknowledged code and runs audit_verify. Prints one JSON line.
"""

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETUP = """
from harbour.accounts import services
from harbour.firewall import crypto
from harbour.firewall.models import OrganisationKey
organisation = services.organisation_create(acting_user=None, name="Crash refuge", country="GB",
                                            accepts_help_requests=True)
key = crypto.new_key_pair()
OrganisationKey.objects.create(organisation=organisation, public_key=bytes(key.public_key),
                               recovery_wrapped_private_key=b"crash test")
from harbour.core.audit import audit_append
audit_append(action="crash.start", actor="crash", organisation=organisation)
print(organisation.public_id)
"""

CHECK = """
import json, sys
from harbour.core.audit import audit_verify
from harbour.help.services import help_request_for_code
codes = json.load(open(sys.argv[-1]))
missing = [c for c in codes if help_request_for_code(c) is None]
report = audit_verify()
print(json.dumps({"missing": len(missing), "audit_ok": report.ok, "audit_entries": report.entries}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _scratch_database(base_url: str | None, workdir: Path) -> tuple[str, callable]:
    if not base_url or base_url.startswith("sqlite"):
        return f"sqlite:///{workdir}/crash.sqlite3", lambda: None
    import psycopg

    name = f"harbour_crash_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_url = base_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return base_url.rsplit("/", 1)[0] + "/" + name, drop


def _run(env, *args, stdin: str | None = None) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin,  # noqa: S603
                            capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed: {result.stderr[-2000:]}")
    return result.stdout


def _start(env, port):
    server = subprocess.Popen([sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}"],  # noqa: S603
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()  # noqa: S310
            return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def run(*, writes: int, kills: int, seed: int = 1) -> dict:
    """Send `writes` help requests, killing the server `kills` times at random moments;
    return {"writes", "acknowledged", "kills", "missing", "audit_ok", "audit_entries", "engine"}."""
    rng = random.Random(seed)  # noqa: S311  (which writes the kills fall on; not a secret)
    with tempfile.TemporaryDirectory() as tmp:
        database_url, drop = _scratch_database(os.environ.get("DATABASE_URL"), Path(tmp))
        try:
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "HARBOUR_DEBUG": "false",
                   "HARBOUR_SECRET_KEY": "crash-harness-secret-key-0123456789-abcdefghijkl",
                   "HARBOUR_ALLOWED_HOSTS": "127.0.0.1", "DATABASE_URL": database_url,
                   "HARBOUR_WORKERS": os.environ.get("CRASH_WORKERS", "1"), "HARBOUR_THREADS": "2", "HARBOUR_ERROR_LOG": "/dev/null",
                   "HARBOUR_HELP_REQUESTS_PER_ORG_PER_HOUR": str(writes * 10)}
            _run(env, "migrate", "--noinput")
            organisation = _run(env, "shell", "-c", SETUP).strip().splitlines()[-1]
            port = _free_port()
            kill_at = set(rng.sample(range(1, writes), min(kills, writes - 1)))
            acknowledged = []
            server = _start(env, port)
            done_kills = 0
            for number in range(writes):
                if number in kill_at:
                    # Kill in the middle of traffic: a request is in flight in another thread.
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()
                    done_kills += 1
                    server = _start(env, port)
                body = json.dumps({"organisation": organisation, "needs": ["safety"], "language": "en",
                                   "message": f"crash write {number}"}).encode()
                request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/help-requests", data=body,
                                                 headers={"Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                        if response.status == 201:
                            acknowledged.append(json.loads(response.read())["status_code"])
                except (urllib.error.URLError, OSError):
                    pass
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            codes_file = Path(tmp) / "codes.json"
            codes_file.write_text(json.dumps(acknowledged), encoding="utf-8")
            check_script = Path(tmp) / "check.py"
            check_script.write_text(CHECK, encoding="utf-8")
            checked = json.loads(_run(env, "shell", "-c",
                                      f"import sys; sys.argv.append({str(codes_file)!r}); "
                                      f"exec(open({str(check_script)!r}).read())").strip().splitlines()[-1])
        finally:
            drop()
    return {"writes": writes, "acknowledged": len(acknowledged), "kills": done_kills,
            "engine": "postgresql" if database_url.startswith("postgres") else "sqlite", **checked}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=60)
    arguments = parser.parse_args()
    result = run(writes=arguments.writes, kills=arguments.kills)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0 if result["missing"] == 0 and result["audit_ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
