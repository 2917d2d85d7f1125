"""Issue 11, item 5: the production server logs no client address, path or query.

Starts `manage.py serve` (gunicorn with config/gunicorn.py) on a free port, sends malformed
and ordinary requests carrying marker strings, stops it, and reads everything it wrote."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harbour.core.serving import scrub

ROOT = Path(__file__).resolve().parents[2]
MARKERS = ["127.0.0.1", "secretpath", "secretquery", "needleword", "Flooder-Agent"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _send(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(raw)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
    return b"".join(chunks)


MALFORMED = [
    b"GARBAGE /secretpath?secretquery=1\r\n\r\n",
    b"GET /secretpath?secretquery=1 HTTP/9.9\r\nHost: x\r\n\r\n",
    b"GET /secretpath?secretquery=1 HTTP/1.1\r\nHost: x\r\nContent-Length: needleword\r\n\r\n",
    b"GET /secretpath?secretquery=1 HTTP/1.1\r\nBad Header needleword: y\r\n\r\n",
    b"GET /" + b"secretpath" * 600 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /en/help/?secretquery=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nneedleword\r\n",
    b"\x00\x01\x02 secretpath\r\n\r\n",
]


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "HARBOUR_DEBUG": "false",
           "HARBOUR_SECRET_KEY": "serve-test-secret-key-0123456789-abcdefghijklmnop",
           "HARBOUR_ALLOWED_HOSTS": "127.0.0.1,localhost,x", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
           "HARBOUR_WORKERS": "1", "HARBOUR_THREADS": "2", "HARBOUR_SERVER_LOG_LEVEL": "debug"}
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}"],  # noqa: S603
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            process.kill()
            pytest.fail("the server did not start: " + log.read_text(errors="replace"))
        yield port, log
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_malformed_and_ordinary_requests_leave_no_address_path_or_query_in_any_log(server):
    port, log = server
    for raw in MALFORMED:
        _send(port, raw)
    ok = _send(port, b"GET /en/?secretquery=needleword HTTP/1.1\r\nHost: x\r\nUser-Agent: Flooder-Agent\r\n"
                     b"Connection: close\r\n\r\n")
    assert ok.startswith(b"HTTP/1.1 200")
    missing = _send(port, b"GET /secretpath/?q=needleword HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert missing.startswith(b"HTTP/1.1 404")
    time.sleep(0.5)
    written = log.read_text(errors="replace")
    assert "Invalid request" in written  # gunicorn did log the malformed requests...
    for marker in MARKERS:
        assert marker not in written, marker  # ...without what identifies or reveals


def test_scrub_removes_addresses_paths_quotes_and_queries():
    line = ("Invalid request from ip=203.0.113.9: Invalid HTTP request line: 'GET /a?b=c' "
            "from [2001:db8::1]:443 at /en/help/?q=x")
    cleaned = scrub(line)
    for leaked in ("203.0.113.9", "GET /a", "b=c", "2001:db8", "/en/help", "q=x"):
        assert leaked not in cleaned
    assert cleaned.startswith("Invalid request from ip=…")
