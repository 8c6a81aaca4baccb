"""Rollcall settings, read from the environment (see .env.example)."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    """An integer written in ASCII digits, with an optional minus sign."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    if not re.fullmatch(r"-?[0-9]+", raw.strip()):
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer")
    return int(raw)


def env_secret(name: str) -> str:
    """Read a secret from NAME or from the file named by NAME_FILE (not both)."""
    path = os.environ.get(f"{name}_FILE", "")
    if not path:
        return os.environ.get(name, "")
    if os.environ.get(name):
        raise ImproperlyConfigured(f"set {name} or {name}_FILE, not both")
    try:
        secret = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise ImproperlyConfigured(f"{name}_FILE: {path}: {reason}") from None
    if not secret:
        raise ImproperlyConfigured(f"{name}_FILE: {path} is empty")
    return secret


VAR_DIR = Path(env_str("ROLLCALL_VAR_DIR", str(BASE_DIR / "var")))


def generated_secret_key() -> str:
    """A key made once into var/ so that `make run` needs no setup."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY") or generated_secret_key()
ALLOWED_HOSTS = [
    host.strip()
    for host in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    # The office's admin site requires two-factor sign-in (office/site.py).
    "office.admin_config.OfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "ninja",
    "corsheaders",
    "config",
    "registry",
    "stats",
    "public",
    "demo",
    "link",
    "office",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "audit",
    "review",
]

MIDDLEWARE = [
    "config.middleware.HeadLikeGet",
    "config.middleware.NotModifiedKeepsPolicy",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before LocaleMiddleware, so that its redirects carry the policy too.
    "csp.middleware.CSPMiddleware",
    # The language: the public pages' URL prefix (/en/, /be/, /ru/); the
    # office and the API from the django_language cookie or Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "registry.middleware.BusyDatabaseMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_config() -> dict[str, object]:
    url = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'rollcall.sqlite3'}"
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            "DATABASE_URL must start with sqlite:// or postgresql://"
        )
    config: dict[str, object] = dict(dj_database_url.parse(url))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while an import writes. Temporary
        # tables and sorts stay in memory: the figures as known on a day copy
        # the register's state at that moment into temporary tables, and
        # writing them to a file cost a fifth of the time at 100k persons.
        # A write waits this long for another to finish before it gives up
        # with "busy, try again" (the command line and the office say so).
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("ROLLCALL_DB_BUSY_TIMEOUT", 30),
        }
    return config


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": _VALIDATORS + "MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": _VALIDATORS + "CommonPasswordValidator"},
    {"NAME": _VALIDATORS + "UserAttributeSimilarityValidator"},
    {"NAME": _VALIDATORS + "NumericPasswordValidator"},
]

# django-axes checks every sign-in first and locks out a user name or an
# address after ROLLCALL_LOGIN_FAILURE_LIMIT failures in a row, for
# ROLLCALL_LOGIN_LOCKOUT_HOURS (`rollcall unlock USER` lifts it sooner).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("ROLLCALL_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("ROLLCALL_LOGIN_LOCKOUT_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# A failure during the lock-out starts the hour again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
# Only REMOTE_ADDR: a client could forge X-Forwarded-For. Behind a reverse
# proxy on the same machine every sign-in comes from it, and the lock-out
# by user name still holds (docs/deployment.md).
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False

# A TOTP code is good for its 30-second step and one step either side.
OTP_TOTP_ISSUER = "Rollcall"
# The office lists each account's second factors but never shows their
# secrets (authenticator keys, their QR codes, recovery codes): whoever
# read them could sign in as that account unseen. They are shown once, to
# whoever enrols the account (`rollcall enrol`, "New second factor").
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The site and the office in English, Belarusian and Russian (docs/i18n.md).
# English is the default; the catalogs live in locale/ (and stats/locale/).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("be", "Беларуская"),
    ("ru", "Русский"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Belarusian dates and numbers (config/formats/be/); Django has Russian's.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# No global USE_THOUSAND_SEPARATOR: it would print years and ids as
# "2,021". Counts are grouped where shown, in the language's way (1,234 /
# 1 234), with django.contrib.humanize's intcomma.

STATIC_URL = "static/"
# WhiteNoise serves the static files (the API docs' Swagger UI, the office's
# styles) with DEBUG off, so that no page needs a CDN. `rollcall serve` first
# collects them into STATIC_ROOT with content-hashed names, gzip and Brotli
# copies, and runs the server with ROLLCALL_STATIC_COLLECTED=true: hashed
# files are cached for a year ("immutable"). Anywhere else (tests, `manage.py
# runserver`) they are served straight from the apps, cached for 60 s.
ROLLCALL_STATIC_ROOT = Path(env_str("ROLLCALL_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_COLLECTED = env_bool("ROLLCALL_STATIC_COLLECTED", False)
STATIC_ROOT = ROLLCALL_STATIC_ROOT if STATIC_COLLECTED else None
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
# Only the hashed copies are kept; source maps are not compressed (only
# developer tools read them), which keeps collecting to a few seconds.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
if STATIC_COLLECTED:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }

# Security headers: the public side is a target.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Behind a reverse proxy that terminates TLS and always sets (overwrites)
# X-Forwarded-Proto: trust it to tell an HTTPS request (docs/deployment.md).
if env_bool("ROLLCALL_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def loopback_only(hosts: list[str]) -> bool:
    """True when the site answers only on this machine (`make run`)."""
    loopback = {"127.0.0.1", "localhost", "::1", "[::1]"}
    return bool(hosts) and all(host in loopback for host in hosts)


# Cookies go over HTTPS only, unless the site answers only on 127.0.0.1 /
# localhost (plain http for `make run`); SECURE_COOKIES=true|false overrides.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not loopback_only(ALLOWED_HOSTS))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The language chosen in the office's header (Django's set_language) is
# kept for a year in the django_language cookie, which the public side's
# `/` redirect reads too; no script reads it.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# A staff session lasts a working day and ends when the browser closes.
SESSION_COOKIE_AGE = env_int("ROLLCALL_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp): scripts and styles from this site
# only; the few inline <style> blocks carry the response's nonce; no frames,
# no plugins, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Which kinds of deprivation of liberty make a recognised person count as a
# political prisoner on a day (docs/design.md). The default counts every kind the
# register knows, house arrest included: under the ECHR's case law house
# arrest is a deprivation of liberty, and Belarusian practice places people
# there instead of pre-trial detention.
ROLLCALL_COUNTED_DETENTION_KINDS = [
    kind.strip()
    for kind in env_str(
        "ROLLCALL_COUNTED_DETENTION_KINDS",
        "pretrial,prison,colony,open_facility,psychiatric,house_arrest,unknown",
    ).split(",")
    if kind.strip()
]

# The visibility of a new person whose input does not give one. Fail
# closed: `restricted` (staff only) until an editor decides otherwise.
ROLLCALL_DEFAULT_VISIBILITY = env_str("ROLLCALL_DEFAULT_VISIBILITY", "restricted")

# The largest file `rollcall import` accepts, in bytes (checked: rollcall.E003).
ROLLCALL_IMPORT_MAX_BYTES = env_int("ROLLCALL_IMPORT_MAX_BYTES", 256 * 1024 * 1024)

# Public breakdowns hide a cell of fewer persons than this when it includes a
# restricted or anonymous person (stats.suppression). Below 3 a "< N" cell
# would give its value away: smaller values are refused (rollcall.E004).
ROLLCALL_SUPPRESSION_THRESHOLD = env_int("ROLLCALL_SUPPRESSION_THRESHOLD", 5)

# How many connections to a SQLite register a figure reads with at once
# (stats.tables.Register.parts): by default one per core, up to four. 1: one.
_CORES = (
    len(os.sched_getaffinity(0))
    if hasattr(os, "sched_getaffinity")  # (not on macOS)
    else os.cpu_count() or 1
)
ROLLCALL_READ_CONNECTIONS = env_int("ROLLCALL_READ_CONNECTIONS", min(4, _CORES))
if ROLLCALL_READ_CONNECTIONS < 1:
    raise ImproperlyConfigured("ROLLCALL_READ_CONNECTIONS must be 1 or more")

# Where `rollcall publish` writes the published database (publish/publishing.py):
# the public site and API read only the file its `current` link points at.
ROLLCALL_PUBLIC_DIR = Path(env_str("ROLLCALL_PUBLIC_DIR", str(VAR_DIR / "public")))

# The public API: each client (address) may make ROLLCALL_API_RATE requests
# ("N/s", "N/m", "N/h" or "N/d"; empty: no limit) before answers turn into
# 429 with Retry-After (public/limits.py). Behind reverse proxies that each
# append the address they saw to X-Forwarded-For, ROLLCALL_TRUSTED_PROXIES is
# how many: the client is the address the outermost of them saw. With 0 (the
# default) the header is ignored, since a client can write anything in it.
ROLLCALL_API_RATE = env_str("ROLLCALL_API_RATE", "300/m").strip()
if ROLLCALL_API_RATE and not re.fullmatch(
    r"[0-9]+/[0-9]*(s|sec|m|min|h|hour|d|day)", ROLLCALL_API_RATE
):
    raise ImproperlyConfigured(
        f"ROLLCALL_API_RATE={ROLLCALL_API_RATE!r} is not a rate (e.g. 300/m)"
    )
NINJA_NUM_PROXIES = env_int("ROLLCALL_TRUSTED_PROXIES", 0)
if NINJA_NUM_PROXIES < 0:
    raise ImproperlyConfigured("ROLLCALL_TRUSTED_PROXIES must be 0 or more")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Shared by the server's worker processes on one machine.
    "throttle": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "throttle"),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

# CORS: any site may read the API with GET (no cookies, no credentials);
# nothing else of Rollcall is open to other origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")

# No log line carries a query string or a search term (config/log_filters.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_query_strings": {"()": "config.log_filters.NoQueryStrings"},
        "one_line": {"()": "config.log_filters.OneLine"},
    },
    "formatters": {
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_query_strings"],
        },
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["no_query_strings"],
        },
    },
    "loggers": {
        "django.server": {
            "handlers": ["server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["no_query_strings"],
        },
        "django.request": {"filters": ["no_query_strings"]},
        # psycopg's note that it could not end an aborted pipeline follows
        # the error a command already reported in one line: not a second line.
        "psycopg": {"level": "ERROR"},
        # Refused requests: one line each (Django names the logger after
        # the exception; filters apply to a logger's own records only).
        **{
            f"django.security.{name}": {"filters": ["one_line", "no_query_strings"]}
            for name in (
                "DisallowedHost",
                "DisallowedRedirect",
                "SuspiciousOperation",
                "SuspiciousSession",
                "SuspiciousFileOperation",
                "RequestDataTooBig",
                "TooManyFieldsSent",
                "TooManyFilesSent",
            )
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
