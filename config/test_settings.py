"""Settings for the test suite: the real settings, with fast hashing and no outside mail.

DATABASE_URL chooses the database as in production, so `make test` runs on SQLite and
`DATABASE_URL=postgres://… make test` on PostgreSQL.
"""

import os

os.environ.setdefault("HARBOUR_DEBUG", "false")
os.environ.setdefault("HARBOUR_SECRET_KEY", "test-secret-key-for-the-suite-only-0123456789")
os.environ.setdefault("HARBOUR_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/test.sqlite3")

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES  # noqa: E402

# Argon2 is deliberately slow; tests hash many passwords. Production never uses MD5.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S105
# Tests can lower the cost of key derivation and status-code hashing through this flag.
HARBOUR_FAST_KDF = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 31536000
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
