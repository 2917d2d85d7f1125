"""The public shell: page weight against the 14,336-byte budget, render time, login cost."""

import gzip

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.staticfiles import finders
from django.test import Client
from django.test.utils import setup_test_environment

from bench.common import migrate, report, time_ms

PAGES = ["/en/", "/ar/", "/es/", "/en/staying-safe-online/", "/ar/staying-safe-online/"]
ASSETS = ["web/harbour.css", "web/exit.js"]


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    migrate()
    client = Client()
    asset_bytes = b"".join(open(finders.find(a), "rb").read() for a in ASSETS)  # noqa: SIM115
    print(f"{'page (HTML + CSS + JS)':<34}{'raw bytes':>12}{'gzip bytes':>12}{'of budget':>11}")
    for url in PAGES:
        html = client.get(url).content
        raw = len(html) + len(asset_bytes)
        packed = len(gzip.compress(html + asset_bytes, compresslevel=9))
        print(f"{url:<34}{raw:>12}{packed:>12}{packed / 14336:>10.0%}")
    report("GET /en/ through Django (test client)", time_ms(lambda: client.get("/en/"), repeat=200))
    report("GET /ar/staying-safe-online/", time_ms(lambda: client.get("/ar/staying-safe-online/"), repeat=200))
    encoded = make_password("a staff password of fair length")
    report("Argon2 password check (one staff login)",
           time_ms(lambda: check_password("a staff password of fair length", encoded), repeat=20))
