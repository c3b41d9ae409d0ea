"""One settings module; every deployment difference comes from environment variables."""

import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# The default secret only exists so that `make run` works with no configuration.
DEFAULT_SECRET_KEY = "tienphong-local-development-only-not-secret"

env = environ.Env(
    DEBUG=(bool, True),
    SECRET_KEY=(str, DEFAULT_SECRET_KEY),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{VAR_DIR / 'tienphong.sqlite3'}"),
    LOG_LEVEL=(str, "INFO"),
    TIME_ZONE=(str, "Asia/Ho_Chi_Minh"),
    # Map tiles for the dashboards, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; empty: points on a plain map.
    MAP_TILE_URL=(str, ""),
    MAP_TILE_ATTRIBUTION=(str, ""),
    MEDIA_ROOT=(str, str(VAR_DIR / "media")),
    STATIC_ROOT=(str, str(BASE_DIR / "staticfiles")),
    # Public pages are cached whole; with several server processes this must be shared: redis://host:6379/1.
    CACHE_URL=(str, "locmemcache://"),
    # The address printed in QR codes and posters, e.g. https://tienphong.ninhbinh.gov.vn; empty: the request's.
    PUBLIC_BASE_URL=(str, ""),
    # Uploaded photos and audio served by Django itself; a large site lets nginx serve MEDIA_ROOT instead.
    SERVE_MEDIA=(bool, True),
    # Background jobs (large imports): the queue in the default database, run by `manage.py db_worker`
    # (deploy/systemd/tienphong-tasks.service). Empty: that in production, inline while DEBUG (`make run`
    # runs no worker), see docs/deploy.md.
    TASKS_BACKEND=(str, ""),
    # An import confirmed with at least this many rows runs as a background job with a progress page.
    IMPORT_BACKGROUND_ROWS=(int, 2000),
)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND") or (
    "django_tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend")}}
IMPORT_BACKGROUND_ROWS = env("IMPORT_BACKGROUND_ROWS")

if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development default: set SECRET_KEY in the environment."
    )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "auditlog",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "tienphong.core",
    "tienphong.units",
    "tienphong.rollups",
    "tienphong.accounts",
    "tienphong.members",
    "tienphong.teams",
    "tienphong.qr",
    "tienphong.partners",
    "tienphong.publishing",
    "tienphong.places",
    "tienphong.products",
    "tienphong.support",
    "tienphong.literacy",
    "tienphong.campaigns",
    "tienphong.competence",
    "tienphong.events",
    "tienphong.contests",
    "tienphong.ecosystem",
    "tienphong.exhibition",
    "tienphong.reports",
    "tienphong.overview",
    "tienphong.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every page (CONTENT_SECURITY_POLICY below).
    "tienphong.core.csp.ContentSecurityPolicyMiddleware",
    # Above everything that reads the database (session, user, audit): /api/ answers JSON, 503 in an outage.
    "tienphong.core.apierrors.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tienphong.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tienphong.urls"
WSGI_APPLICATION = "tienphong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL")}
# Reusing connections saves a PostgreSQL connect (several ms) on every request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dashboard read while an import writes; IMMEDIATE avoids
    # "database is locked" when two writers upgrade their locks at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # Every query here is a short indexed read or write; JIT compiling one (tens of ms, chosen by the
    # planner on a large rollup table's cost estimate) costs more than it could save.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
CACHES = {"default": env.cache_url("CACHE_URL")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "tienphong.core.cache.RedisCache"  # one client per pool (see there)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first; English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "tienphong" / "locale"]
FORMAT_MODULE_PATH = ["tienphong.formats"]
TIME_ZONE = env("TIME_ZONE")
MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT")
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
    # Files no address serves (member workbooks waiting for their import's confirmation). With several
    # app servers, put an S3-compatible store here (django-storages: "storages.backends.s3.S3Storage"
    # with a private bucket) so the server that confirms finds the file another one received.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.str("PRIVATE_ROOT", default=str(VAR_DIR / "private")),
                    "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    },
}
if STORAGES["private"]["BACKEND"].endswith(".FileSystemStorage") and Path(
        STORAGES["private"]["OPTIONS"]["location"]).resolve().is_relative_to(Path(MEDIA_ROOT).resolve()):
    raise ImproperlyConfigured("PRIVATE_ROOT must not be inside MEDIA_ROOT: everything there is served.")

# The sync API's largest request (100 entries at their longest texts is < 0.5 MB); more is refused
# with 413 before the body is read.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=2 * 1024 * 1024)
# An Excel import of a whole province is large; the import itself bounds rows.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MEMBER_IMPORT_MAX_BYTES = env.int("MEMBER_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
# A phone photo is 2–8 MB; a larger file is a scan or a mistake, and would take minutes on 3G to view.
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=12 * 1024 * 1024)
# Ten minutes of speech as MP3 at 128 kbit/s is ~10 MB.
AUDIO_MAX_BYTES = env.int("AUDIO_MAX_BYTES", default=25 * 1024 * 1024)
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL").rstrip("/")
SERVE_MEDIA = env("SERVE_MEDIA")
# How long a rendered public page is reused; any edit to public content clears them all at once.
PUBLIC_PAGE_SECONDS = env.int("PUBLIC_PAGE_SECONDS", default=600)

# --- HTTPS, cookies and Content-Security-Policy ----------------------------------------------------
# With DEBUG=False every default is the safe one (`manage.py check --deploy` passes with no warning);
# each can be turned off from the environment, e.g. for a plain-HTTP benchmark on this machine.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A year, this domain and its subdomains, and eligible for the browsers' preload list.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Behind nginx (or a load balancer) that ends TLS: the header it sets, e.g. X-Forwarded-Proto, with
# value "https" for HTTPS. Only set it when that proxy always overwrites the header; empty: not trusted.
_proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_header.upper().replace("-", "_").removeprefix("HTTP_"), "https") if _proxy_header else None
)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True


def _tile_origin(url: str) -> list[str]:
    """The map tile server's origin for img-src: https://{s}.tile.example.org/{z}/… → https://*.tile.example.org."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc)
    return [f"{parts.scheme}://{host}"]


# No inline script, no eval: every script is a static file, and pages pass data with json_script, so
# no nonce is needed and a public page cached whole (core/pagecache.py) carries the same policy as a
# fresh one. Styles: only the platform's own style sheets; templates carry no style="" attributes
# (widths and colours are classes), ECharts draws its tooltips as rich text and htmx adds no <style>.
# Scripts still set element styles through the DOM (Leaflet, ECharts), which a policy does not block.
# img-src: data: for Leaflet's blank tile image; the map tile server if MAP_TILE_URL is set.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tile_origin(env("MAP_TILE_URL"))],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

AUDITLOG_LOGENTRY_MODEL = "core.AuditEntry"
# auditlog's own migrations create its LogEntry table even when swapped out; that orphan table
# then blocks PostgreSQL's TRUNCATE in test flushes. Our AuditEntry is the only log table.
MIGRATION_MODULES = {"auditlog": None}
AUDITLOG_STORE_JSON_CHANGES = True
# A branch, leader or user is recorded by name, so the trail still reads after it is deleted.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
}

# Rows per list page: a cheap phone on 3G renders 25 rows quickly; more is a scroll nobody makes.
PAGE_SIZE = 25

# --- Who is asking, and how often (tienphong/core/ratelimit.py) ---------------------------------------
# Reverse proxies in front of the app that append to X-Forwarded-For (nginx alone: 1). 0: the
# connection's own address (REMOTE_ADDR) is the client. Too high a number lets a client forge its address.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is refused (429, even with the right password) for LOGIN_COOLOFF_MINUTES after the
# last failure; a province admin can lift it at /accounts/lockouts/. By username AND address: by username
# alone anyone could lock a real user out from anywhere; by address alone a whole commune behind one
# mobile network's shared address would be locked for one person's typing.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_MINUTES", default=15) / 60  # a float: hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "tienphong.accounts.lockouts.username_of"
AXES_CLIENT_IP_CALLABLE = "tienphong.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "tienphong.accounts.views.lockout_response"
AXES_RESET_ON_SUCCESS = True  # a right password before the limit forgets the earlier typos
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the time on the lockout page holds
AXES_DISABLE_ACCESS_LOG = True  # no log of every successful login (address, browser): not needed here
AXES_VERBOSE = False
# Public sign-up to a class: per client address, per class and in all, in one window (seconds).
SIGNUP_LIMIT_PER_CLASS = env.int("SIGNUP_LIMIT_PER_CLASS", default=5)
SIGNUP_LIMIT_PER_CLIENT = env.int("SIGNUP_LIMIT_PER_CLIENT", default=20)
SIGNUP_LIMIT_WINDOW = env.int("SIGNUP_LIMIT_WINDOW", default=3600)
# A QR scan counts once per client address and code in this many seconds (0: every scan counts).
QR_SCAN_ONCE_SECONDS = env.int("QR_SCAN_ONCE_SECONDS", default=600)
