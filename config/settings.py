"""Harbour's one settings module, driven by the environment (README: Configuration)."""

from pathlib import Path

import django.conf.locale
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    env_url,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("HARBOUR_DEBUG", False)
DEMO = env_bool("HARBOUR_DEMO", False)

# A placeholder that must never be used to serve real people: a non-debug start refuses it.
INSECURE_SECRET_KEY = "harbour-insecure-development-key-do-not-use"  # noqa: S105
SECRET_KEY = env_secret("HARBOUR_SECRET_KEY")
if not SECRET_KEY or SECRET_KEY == INSECURE_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
    if not DEBUG:
        raise ImproperlyConfigured(
            "Harbour will not start without a secret key. Set HARBOUR_SECRET_KEY (or "
            "HARBOUR_SECRET_KEY_FILE) to a long random value, for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`, or set "
            "HARBOUR_DEBUG=true for local development only."
        )
    SECRET_KEY = INSECURE_SECRET_KEY
elif len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("HARBOUR_SECRET_KEY is too short: use at least 32 random characters.")

ALLOWED_HOSTS = env_list("HARBOUR_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("HARBOUR_CSRF_TRUSTED_ORIGINS", [])

# Where quick exit sends her: an ordinary, neutral site.
EXIT_URL = env_url("HARBOUR_EXIT_URL", "https://www.bbc.co.uk/weather")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",
    "harbour.core",
    "harbour.accounts",
    "harbour.firewall",
    "harbour.web",
    "harbour.rights",
    "harbour.directory",
    "harbour.help",
    "harbour.cases",
    "harbour.training",
    "harbour.referrals",
    "harbour.impact",
]

MIDDLEWARE = [
    "harbour.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Any error an /api/ path answers is JSON, in that API's error shape.
    "harbour.core.middleware.ApiErrorsAsJsonMiddleware",
    # HEAD on the APIs answers as GET, without the body.
    "harbour.core.middleware.ApiHeadMiddleware",
    # The public HSDS API goes on through HARBOUR_STATELESS_MIDDLEWARE alone: no session,
    # cookie, user or language is read under /api/hsds/.
    "harbour.core.middleware.StatelessApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "harbour.core.middleware.LocaleMiddleware",  # Django's, less a futile search on API 404s
    "harbour.core.staff_language.StaffLanguageMiddleware",
    # NUL and other control characters: one 400 naming the parameter, on every database.
    "harbour.core.textguard.ControlCharacterMiddleware",
    "harbour.core.middleware.CommonMiddleware",  # Django's, less a repeated resolve
    "harbour.core.csrf.HarbourCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Needs request.user: a member's staff pages in the language she chose.
    "harbour.core.staff_language.StaffMemberLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "harbour.firewall.keyring.KeyringCookieMiddleware",
    "harbour.accounts.middleware.StaffAccessMiddleware",
    # After the CSRF check and the staff guard: a language switch on a page answering a form.
    "harbour.accounts.middleware.StaffLanguageSwitchMiddleware",
    "harbour.core.middleware.MessageMiddleware",  # Django's, storage made only when used
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# What /api/hsds/ passes through after StatelessApiMiddleware, in this order (a subset of
# MIDDLEWARE: the layers that hold for a stateless, read-only API).
HARBOUR_STATELESS_MIDDLEWARE = [
    "harbour.core.textguard.ControlCharacterMiddleware",
    "harbour.core.middleware.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "harbour.core.context_processors.harbour",
            ],
        },
    },
]

# Django's widget templates, with input and select widgets rendered in Python: the same
# HTML for less CPU (harbour/core/form_renderer.py, issue 11).
FORM_RENDERER = "harbour.core.form_renderer.QuickRenderer"

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", "sqlite:///var/harbour.sqlite3"), base_dir=BASE_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["harbour.accounts.backends.LockoutAwareBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"

# Failed logins lock the e-mail address tried for a while, whether or not an account has it;
# only a keyed digest of the address is kept, never a network address (F8).
LOGIN_MAX_FAILURES = env_int("HARBOUR_LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("HARBOUR_LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=1)
INVITATION_DAYS = env_int("HARBOUR_INVITATION_DAYS", 7, minimum=1)
# Flood and guessing limits for the anonymous help pages: counts only, never who sent (F8).
HARBOUR_HELP_REQUESTS_PER_ORG_PER_HOUR = env_int("HARBOUR_HELP_REQUESTS_PER_ORG_PER_HOUR", 30, minimum=1)
# Past the hourly figure above, a help request needs a proof of work (ALTCHA, solved by her
# browser) or, without JavaScript, a wait ticket; nobody is refused (firewall/throttle.py).
HARBOUR_PROOF_MAX_NUMBER = env_int("HARBOUR_PROOF_MAX_NUMBER", 200_000, minimum=1000)
HARBOUR_PROOF_SECONDS = env_int("HARBOUR_PROOF_SECONDS", 20 * 60, minimum=60)
HARBOUR_BUSY_WAIT_SECONDS = env_int("HARBOUR_BUSY_WAIT_SECONDS", 15, minimum=0)
# Referral time limits count working hours (harbour/referrals/working_time.py): this day,
# Monday to Friday, without the public holidays of this region ("GB-ENG" = England and
# Wales; any country-subdivision the `holidays` library knows, e.g. "GB-SCT", "ES-MD").
HARBOUR_WORKING_DAY_START = env_int("HARBOUR_WORKING_DAY_START", 9, minimum=0)
HARBOUR_WORKING_DAY_END = env_int("HARBOUR_WORKING_DAY_END", 17, minimum=1)
HARBOUR_HOLIDAY_REGION = env_str("HARBOUR_HOLIDAY_REGION", "GB-ENG")
# The largest information-sharing agreement (a PDF) a partnership may upload, in bytes.
HARBOUR_AGREEMENT_MAX_BYTES = env_int("HARBOUR_AGREEMENT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# CPU-heavy work (argon2id) runs at most this many at once per process (firewall/throttle.py).
HARBOUR_HEAVY_CONCURRENCY = env_int("HARBOUR_HEAVY_CONCURRENCY", 1, minimum=1)
# The key of status and booking codes' keyed hash (firewall/codes.py). Set it once per
# deployment: changing it invalidates every code. Unset, it is derived from the secret key.
HARBOUR_CODE_KEY = env_secret("HARBOUR_CODE_KEY") or ""
# Signed audit checkpoints (core/checkpoints.py): the Ed25519 key file, kept off the database
# host's backups, and the public keys `audit_verify --checkpoint` trusts.
HARBOUR_CHECKPOINT_KEY_FILE = env_str("HARBOUR_CHECKPOINT_KEY_FILE", "")
HARBOUR_CHECKPOINT_PUBLIC_KEYS = env_list("HARBOUR_CHECKPOINT_PUBLIC_KEYS", [])
# Peer training (harbour/training): days after a session before its bookings are shredded,
# hours a freed place stays offered to the next on the waiting list, and flood limits.
HARBOUR_TRAINING_SHRED_DAYS = env_int("HARBOUR_TRAINING_SHRED_DAYS", 30, minimum=1)
HARBOUR_TRAINING_OFFER_HOURS = env_int("HARBOUR_TRAINING_OFFER_HOURS", 48, minimum=1)
HARBOUR_TRAINING_BOOKINGS_PER_SESSION_PER_HOUR = env_int("HARBOUR_TRAINING_BOOKINGS_PER_SESSION_PER_HOUR", 60, minimum=1)
HARBOUR_TRAINING_CODE_CHECKS_PER_MINUTE = env_int("HARBOUR_TRAINING_CODE_CHECKS_PER_MINUTE", 30, minimum=1)
# Impact figures (issue 16): the smallest group of people a published figure may show; counts
# under it (zero included) are suppressed. Statistical practice never goes below 5.
HARBOUR_IMPACT_THRESHOLD = env_int("HARBOUR_IMPACT_THRESHOLD", 10, minimum=5)
# Differential privacy budget (epsilon) of each public cross-organisation figure, per period.
HARBOUR_IMPACT_DP_EPSILON = float(env_str("HARBOUR_IMPACT_DP_EPSILON", "1.0"))
OTP_TOTP_ISSUER = "Harbour"
# django-otp's own per-device back-off refused the right code for seconds after a wrong one
# (issue 9.2); Harbour's lockout above limits guessing instead.
OTP_TOTP_THROTTLE_FACTOR = 0

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("HARBOUR_STAFF_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age above is then an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Secure cookies unless told otherwise: `make run`'s demo on http://127.0.0.1 turns them off.
SECURE_COOKIES = env_bool("HARBOUR_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_NAME = "hb_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_NAME = "hb_csrf"
CSRF_COOKIE_AGE = None  # a session cookie: nothing of a visit outlives the browser (F8)
CSRF_FAILURE_VIEW = "harbour.web.views.csrf_failure"
LANGUAGE_COOKIE_NAME = "hb_lang"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
# The key that opens a form carried in its address (harbour.core.recall): HttpOnly, Lax, Secure
# as SECURE_COOKIES, ends with the browser; deleted by Quick exit.
RECALL_COOKIE_NAME = "hb_recall"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = env_int("HARBOUR_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_SSL_REDIRECT = env_bool("HARBOUR_SSL_REDIRECT", False)
if env_bool("HARBOUR_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en"
# The fifteen languages of the public site (issue 18), each named in itself. Dari (fa-af) is
# the Afghan variant of Farsi: its catalogues hold only the wording that differs, and gettext
# falls back from fa_AF to fa for the rest.
LANGUAGES = [
    ("en", "English"),
    ("ar", "العربية"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("fa", "فارسی"),
    ("fa-af", "دری"),
    ("ps", "پښتو"),
    ("ur", "اردو"),
    ("ckb", "کوردی (سۆرانی)"),
    ("ti", "ትግርኛ"),
    ("so", "Soomaali"),
    ("sq", "Shqip"),
    ("uk", "Українська"),
    ("pl", "Polski"),
    ("ro", "Română"),
]
# Written right to left. Django compares the part before "-", so fa-af follows fa.
LANGUAGES_BIDI = ["ar", "fa", "fa-af", "ps", "ur", "ckb"]
# Staff pages are offered in the languages of the countries where partner organisations work
# (issue 18); a staff page asked for in any other language is shown in English.
STAFF_LANGUAGES = ["en", "es", "fr", "ar", "pl", "pt", "uk"]
# Codes Django's LANG_INFO lacks, so that {% get_language_info %} and get_language_bidi work for
# every language above. Names from CLDR (Babel's locale data).
EXTRA_LANG_INFO = {
    "fa-af": {"bidi": True, "code": "fa-af", "name": "Dari", "name_local": "دری"},
    "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
    "ckb": {"bidi": True, "code": "ckb", "name": "Central Kurdish", "name_local": "کوردی (سۆرانی)"},
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
}
django.conf.locale.LANG_INFO.update(
    {code: info for code, info in EXTRA_LANG_INFO.items() if code not in django.conf.locale.LANG_INFO})
# Harbour's own overrides of Django's messages (feminine address on the public site) come
# first, so they win over Django's catalogues and over the interface catalogues.
LOCALE_PATHS = [BASE_DIR / "locale_overrides", BASE_DIR / "locale"]
# makemessages writes new strings into the first of LOCALE_PATHS: `make messages` extracts into
# the interface catalogues, never into the overrides.
if env_bool("HARBOUR_EXTRACTING_MESSAGES", False):
    LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("HARBOUR_TIME_ZONE", "Europe/London")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env_str(
    "HARBOUR_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("HARBOUR_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("HARBOUR_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("HARBOUR_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_secret("HARBOUR_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("HARBOUR_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env_str("HARBOUR_EMAIL_FROM", "Harbour <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# No log line holds an address, agent, path or query string (F8). runserver's access lines go
# nowhere; Django's request logger keeps server errors (with their traceback) and drops the
# request from them; client errors (4xx) are not logged at all.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_request": {"()": "harbour.core.logging.DropRequestFilter"},
        "request_errors": {"()": "harbour.core.logging.RequestErrorFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_request"]},
        "null": {"class": "logging.NullHandler"},
    },
    "loggers": {
        "django.request": {"handlers": ["console"], "filters": ["request_errors"], "propagate": False},
        "django.server": {"handlers": ["null"], "propagate": False},
        "django.security": {"handlers": ["console"], "filters": ["no_request"], "level": "WARNING",
                            "propagate": False},
        "harbour": {"handlers": ["console"], "level": env_str("HARBOUR_LOG_LEVEL", "INFO")},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
