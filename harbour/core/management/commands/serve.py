"""`manage.py serve`: Harbour's production server (gunicorn with config/gunicorn.py)."""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

CONFIG = Path(__file__).resolve().parents[4] / "config" / "gunicorn.py"


class Command(BaseCommand):
    help = ("Serve Harbour with gunicorn: no access log, no address, path or query in the error "
            "log. Configured by HARBOUR_BIND, HARBOUR_WORKERS, HARBOUR_THREADS and the usual settings.")

    def add_arguments(self, parser):
        parser.add_argument("--bind", help="host:port (default HARBOUR_BIND or 127.0.0.1:8000)")

    def handle(self, *args, **options):
        argv = [sys.executable, "-m", "gunicorn", "--config", str(CONFIG)]
        if options.get("bind"):
            argv += ["--bind", options["bind"]]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.execv(sys.executable, argv)  # noqa: S606  (replaces this process with gunicorn)
