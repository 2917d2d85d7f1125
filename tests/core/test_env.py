import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[2]


def start_settings(**environ) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_") and k != "DATABASE_URL"}
    clean.update(environ)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import config.settings"], cwd=ROOT, env=clean,
        capture_output=True, text=True, timeout=60, check=False,
    )


def test_production_start_without_secret_key_refuses_with_a_clear_message():
    result = start_settings(HARBOUR_DEBUG="false")
    assert result.returncode != 0
    assert "Harbour will not start without a secret key" in result.stderr


def test_production_start_with_the_placeholder_secret_key_refuses():
    result = start_settings(HARBOUR_DEBUG="false", HARBOUR_SECRET_KEY="harbour-insecure-development-key-do-not-use")
    assert result.returncode != 0
    assert "Harbour will not start without a secret key" in result.stderr


def test_production_start_with_a_real_secret_key_succeeds(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("k" * 20 + "a-long-enough-random-secret-value\n")
    result = start_settings(HARBOUR_DEBUG="false", HARBOUR_SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["maybe", "2", "tru"])
def test_malformed_boolean_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("HARBOUR_DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="HARBOUR_DEBUG must be one of"):
        env.env_bool("HARBOUR_DEBUG")


def test_malformed_integer_names_the_variable(monkeypatch):
    monkeypatch.setenv("HARBOUR_STAFF_IDLE_MINUTES", "thirty")
    with pytest.raises(ImproperlyConfigured, match="HARBOUR_STAFF_IDLE_MINUTES must be a whole number"):
        env.env_int("HARBOUR_STAFF_IDLE_MINUTES", 30)


def test_integer_below_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("HARBOUR_STAFF_IDLE_MINUTES", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.env_int("HARBOUR_STAFF_IDLE_MINUTES", 30, minimum=1)


def test_secret_from_both_variable_and_file_is_ambiguous(monkeypatch, tmp_path):
    monkeypatch.setenv("HARBOUR_SECRET_KEY", "x")
    monkeypatch.setenv("HARBOUR_SECRET_KEY_FILE", str(tmp_path / "k"))
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env.env_secret("HARBOUR_SECRET_KEY")


def test_unreadable_secret_file_is_named(monkeypatch, tmp_path):
    monkeypatch.delenv("HARBOUR_SECRET_KEY", raising=False)
    monkeypatch.setenv("HARBOUR_SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env.env_secret("HARBOUR_SECRET_KEY")


def test_exit_url_must_be_absolute_http(monkeypatch):
    monkeypatch.setenv("HARBOUR_EXIT_URL", "javascript:alert(1)")
    with pytest.raises(ImproperlyConfigured, match="HARBOUR_EXIT_URL must be an absolute"):
        env.env_url("HARBOUR_EXIT_URL", "https://example.org/")


def test_database_url_sqlite_relative_path_is_under_the_project():
    config = env.parse_database_url("sqlite:///var/x.sqlite3", base_dir=ROOT)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(ROOT / "var" / "x.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_database_url_sqlite_keeps_each_threads_connection_between_requests():
    # Opening an SQLite connection (PRAGMAs, a 400-object schema) cost more CPU than a status
    # check itself; it is kept for a minute, and checked before reuse (issue 11, item 2).
    config = env.parse_database_url("sqlite:///var/x.sqlite3", base_dir=ROOT)
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)


def test_database_url_sqlite_absolute_path():
    assert env.parse_database_url("sqlite:////srv/h.sqlite3", base_dir=ROOT)["NAME"] == "/srv/h.sqlite3"


def test_database_url_postgres_parts():
    config = env.parse_database_url("postgres://us%40er:p%2Fw@db.internal:6543/harbour?sslmode=require", base_dir=ROOT)
    assert (config["ENGINE"], config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql", "us@er", "p/w", "db.internal", "6543", "harbour")
    assert config["OPTIONS"] == {"sslmode": "require", "prepare_threshold": env.PREPARE_ONLY_WHEN_ASKED}


@pytest.mark.parametrize("given,taken", [
    ("", env.PREPARE_ONLY_WHEN_ASKED),
    ("?prepare_threshold=off", None),
    ("?prepare_threshold=None", None),
    ("?prepare_threshold=5", 5),
])
def test_database_url_prepare_threshold(given, taken):
    """Prepared statements only where Harbour asks (the directory's occupancy probe), or none
    at all behind a pooler that cannot keep them."""
    assert env.parse_database_url(f"postgres://db/harbour{given}", base_dir=ROOT)["OPTIONS"]["prepare_threshold"] == taken


@pytest.mark.parametrize("url,message", [
    ("mysql://x/y", "must start with sqlite:/// or postgres://"),
    ("postgres://host/", "needs a database name"),
    ("postgres://host:port/db", "port that is not a number"),
    ("sqlite:///", "needs a file path"),
    ("postgres://db/harbour?prepare_threshold=sometimes", "prepare_threshold must be a whole number, or off"),
])
def test_database_url_errors(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        env.parse_database_url(url, base_dir=ROOT)


def test_production_settings_secure_cookies_argon2_and_idle_timeout(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("a-long-enough-random-secret-value-for-production-0123")
    code = (
        "from config import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.PASSWORD_HASHERS[0].rsplit('.', 1)[1], s.SESSION_COOKIE_AGE, s.SECURE_HSTS_SECONDS)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HARBOUR_") and k != "DATABASE_URL"}
    clean.update(HARBOUR_DEBUG="false", HARBOUR_SECRET_KEY_FILE=str(key_file))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,  # noqa: S603
                            capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "Lax",
                                     "Argon2PasswordHasher", "1800", "31536000"]
