"""Typed readers for settings that come from the environment.

Each reader fails loudly, naming the variable, when a value is malformed: a typo in a
production setting must stop the service at start, not quietly fall back to a default.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of {sorted(TRUE_WORDS | FALSE_WORDS - {''})}, not {raw!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (for Docker/systemd
    credentials). Setting both is ambiguous and refused."""
    direct = os.environ.get(name)
    file_name = os.environ.get(f"{name}_FILE")
    if direct and file_name:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from None
    return direct if direct is not None else default


def env_url(name: str, default: str) -> str:
    raw = os.environ.get(name, default).strip()
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ImproperlyConfigured(f"{name} must be an absolute http(s) URL, not {raw!r}.")
    return raw


def parse_database_url(url: str, *, base_dir: Path) -> dict:
    """Turn DATABASE_URL into a Django DATABASES entry.

    Supported: sqlite:///relative/or/absolute/path.sqlite3 and
    postgres://user:password@host:port/name?sslmode=require (also postgresql://).
    """
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path in {"", "/"}:
            raise ImproperlyConfigured("DATABASE_URL for SQLite needs a file path: sqlite:///var/harbour.sqlite3")
        # sqlite:///var/x = relative to the project; sqlite:////abs/x = absolute.
        file_path = Path(path[1:])
        if not file_path.is_absolute():
            file_path = base_dir / file_path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(file_path),
            # A connection per thread kept between requests: opening one costs about 6 ms of
            # CPU (Django's setup, the PRAGMAs below, parsing a schema of 400-odd objects),
            # more than a status check's own work (docs/benchmarks.md, issue 11).
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE avoids the
                # "database is locked" upgrade deadlock between two writers.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # secure_delete: overwrite deleted content rather than trust the SQLite build's
                # default (F5; harbour/core/storage.py truncates the WAL after sealing).
                "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                                 "PRAGMA secure_delete=ON;"),
            },
        }
    if parts.scheme in {"postgres", "postgresql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL for PostgreSQL needs a database name: postgres://host/harbour")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        options["prepare_threshold"] = _prepare_threshold(options.get("prepare_threshold"))
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured("DATABASE_URL has a port that is not a number.") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:/// or postgres://, not {parts.scheme or 'nothing'}:."
    )


# psycopg prepares a statement run this many times on a connection. Django's own cursors bind
# client-side and never prepare; Harbour asks for preparing by name only (the directory's
# occupancy probe, harbour/directory/hsds.py), so the default threshold is never reached.
PREPARE_ONLY_WHEN_ASKED = 2**31


def _prepare_threshold(value: str | None) -> int | None:
    """DATABASE_URL's `prepare_threshold` (psycopg's, a string from the query) as psycopg takes
    it: absent -> PREPARE_ONLY_WHEN_ASKED; "off" or "none" -> None (no prepared statements at
    all: behind a transaction-mode pooler that cannot keep them, such as PgBouncer before
    1.21); a whole number -> that number. Raises ImproperlyConfigured for anything else."""
    if value is None:
        return PREPARE_ONLY_WHEN_ASKED
    if value.strip().lower() in {"off", "none"}:
        return None
    if value.strip().isdigit():
        return int(value)
    raise ImproperlyConfigured("DATABASE_URL's prepare_threshold must be a whole number, or off.")

