"""Settings for the health-information site.

Every value that differs between a laptop and a server comes from an environment variable
(listed with a comment in `.env.example`). The defaults give a working laptop site on SQLite;
`DJANGO_ENV=production` turns on the settings a public deployment needs and refuses to start
without a real secret key and host names.
"""

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < 0:
        raise ImproperlyConfigured(f"{name} must not be negative, not {value!r}.")
    return number


def env_seconds(name: str, default: float, maximum: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {value!r}.") from None
    if not 0 <= number <= maximum:
        raise ImproperlyConfigured(f"{name} must be between 0 and {maximum} seconds, not {value!r}.")
    return number


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def trusted_proxies() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    value = os.environ.get("TRUSTED_PROXIES") or os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"
    networks = []
    for item in (item.strip() for item in value.split(",") if item.strip()):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                "TRUSTED_PROXIES (by default FORWARDED_ALLOW_IPS) must list the proxies' IP addresses or "
                f"networks (such as 10.0.0.0/8) separated by commas, not {item!r}."
            ) from None
    return networks


def site_url(production: bool, allowed_hosts: list[str]) -> str:
    """The site's own address, for links in e-mails (no request to read it from) and the addresses
    search engines keep (canonical links, sitemap, feed), without a final slash: SITE_URL, else
    https:// and the first host name in production, else `make run`'s."""
    value = os.environ.get("SITE_URL", "").strip()
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/") or parts.query:
            raise ImproperlyConfigured(
                f"SITE_URL must be the site's address, such as https://sante.example.fr, not {value!r}."
            )
        return value.rstrip("/")
    if not production:
        return f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
    named = [host for host in allowed_hosts if not host.startswith(".") and "*" not in host]
    if not named:
        raise ImproperlyConfigured(
            "SITE_URL must be set (such as https://sante.example.fr) when DJANGO_ALLOWED_HOSTS names no single host."
        )
    return f"https://{named[0]}"


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG cannot be on when DJANGO_ENV=production.")


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if PRODUCTION:
        if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
            raise ImproperlyConfigured(
                "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters when DJANGO_ENV=production."
            )
        return key
    if key:
        return key
    # A laptop gets a random key kept in a git-ignored file, so sessions survive restarts.
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = site_url(PRODUCTION, ALLOWED_HOSTS)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "adminsortable2",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "articles",
    "site_pages",
    "seo",
    "feedback",
    "operations",
    "accounts",
    "cdn",
]

MIDDLEWARE = [
    # First: the last word on what a CDN may keep, seeing every response and every cookie set.
    "cdn.middleware.SharedCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "operations.health.HealthCheckMiddleware",
    "immuno_site.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "immuno_site.middleware.CSPMiddleware",  # django-csp's, the site policy built once
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "feedback.middleware.FormTimestampMiddleware",
    # A reader's cached page is answered here, with the headers above; what follows is for
    # signed-in users and the pages that are not cached.
    "articles.page_cache.PageCacheMiddleware",
    "immuno_site.middleware.UnknownCharsetMiddleware",
    "articles.page_cache.SessionMiddleware",  # Django's, reusing the session read just above
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): signed in with a second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
]

ROOT_URLCONF = "immuno_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "immuno_site.wsgi.application"

# Database: SQLite file by default, anything dj-database-url understands via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
if DATABASE_CONNECT_TIMEOUT < 1:
    # libpq waits for ever with 0: every request would hang while the database is away.
    raise ImproperlyConfigured(f"DATABASE_CONNECT_TIMEOUT must be at least 1 second, not {DATABASE_CONNECT_TIMEOUT}.")
# Seconds after which a connection whose server stopped acknowledging (a network cut, a machine
# gone) is given up, instead of the system's TCP retries (about 15 minutes) holding a worker until
# gunicorn kills it: what was sent unacknowledged that long (tcp_user_timeout), or a connection
# silent that long that answers no keepalive probe.
DATABASE_TCP_TIMEOUT = env_int("DATABASE_TCP_TIMEOUT", 10)
if DATABASE_TCP_TIMEOUT < 1:
    raise ImproperlyConfigured(f"DATABASE_TCP_TIMEOUT must be at least 1 second, not {DATABASE_TCP_TIMEOUT}.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that does not answer costs a reader this many seconds at most, once per outage and
    # retry (operations/outages.py), not the system's TCP timeout (minutes). DATABASE_URL's own
    # `?connect_timeout=` (and the like) wins.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    options.setdefault("tcp_user_timeout", DATABASE_TCP_TIMEOUT * 1000)  # milliseconds
    options.setdefault("keepalives", 1)
    options.setdefault("keepalives_idle", DATABASE_TCP_TIMEOUT)
    options.setdefault("keepalives_interval", max(1, DATABASE_TCP_TIMEOUT // 3))
    options.setdefault("keepalives_count", 3)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tuned for a web server: readers never wait for a writer (WAL), writers queue for up to
    # 20 s instead of failing, and writes take the lock up front so two feedback posts never
    # deadlock into "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Cache: Redis when REDIS_URL is set; otherwise a file cache, which gunicorn workers on one
# machine share (a per-process memory cache would let each worker count its own rate limit).
# A Redis that stops answering is skipped for a while (operations/resilient_cache.py): the site
# serves from the database meanwhile. REDIS_TIMEOUT bounds what a silent server costs a request,
# once per retry of the outage (for connecting, and for each answer).
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = env_seconds("REDIS_TIMEOUT", 0.5, maximum=30)
if REDIS_TIMEOUT == 0:
    raise ImproperlyConfigured("REDIS_TIMEOUT must be more than 0 seconds.")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "operations.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "immuno"),
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR") or str(BASE_DIR / ".cache"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# Sessions are for editors; a reader's only state is the feedback cookie below.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_NAME = "sessionid"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The account `ensure_admin` creates on a new database. A name of the site's own makes the
# admin's user name one more thing a password guesser has to find.
ADMIN_USERNAME = os.environ.get("DJANGO_ADMIN_USERNAME") or "admin"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin log-in: five failures for one user name from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The address is the reader's, not the proxy's, or a stranger could lock the real admin out.
AXES_CLIENT_IP_CALLABLE = "operations.client_address.client_address"
# What axes stores of a failed log-in's form leaves out the one-time code, as it does the password.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# Reverse proxies in front of gunicorn: how many stand between a reader and the site, and their
# addresses. X-Forwarded-For is believed only from these addresses, so a client that reaches
# gunicorn directly cannot pick its own address (operations/client_address.py). By default the
# addresses gunicorn itself trusts with X-Forwarded-Proto; "*" is refused: list the proxies.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
TRUSTED_PROXIES = trusted_proxies()

# Second factor (accounts/): a code from an authenticator app (TOTP), asked at log-in from whoever
# has set one up. When required, superusers and medical reviewers who signed in without one reach
# nothing in the admin but the page that sets it up. On by default in production, off on a laptop
# so `make run` works as it is (`check --deploy` warns if production turns it off).
OTP_REQUIRED_FOR_REVIEWERS = env_bool("DJANGO_OTP_REQUIRED", PRODUCTION)
# The name the authenticator app shows beside the account.
OTP_TOTP_ISSUER = "Infos santé"
# django-otp's device admin shows no secret key or QR code of an existing device: a key stays
# with the phone it was scanned into.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (people's photos): a folder beside the code by default, a volume every app server
# mounts with several servers, or another storage backend in STORAGES["default"] (see README).
# The site serves them itself under MEDIA_URL (articles.views.person_photo), whatever the storage.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers on every response. The policy allows nothing from other origins, no inline
# script (the one inline script would need a nonce) and no inline style. No page is framed or
# frames another, except the admin's preview, which opts in per response (articles/admin.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    # No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from anyone who reaches
    # gunicorn directly. gunicorn reads it only from FORWARDED_ALLOW_IPS and sets the request's
    # scheme, which is what Django checks.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe the health check over plain HTTP, and operators its detail from the
    # server itself (see operations/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/detail$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# The operators' health check, /healthz/detail, answers the bearer of this token; unset, only a
# request made on the server itself (operations/health.py).
HEALTH_CHECK_TOKEN = os.environ.get("HEALTH_CHECK_TOKEN", "").strip()
if HEALTH_CHECK_TOKEN and len(HEALTH_CHECK_TOKEN) < 20:
    raise ImproperlyConfigured("HEALTH_CHECK_TOKEN must be at least 20 random characters, or unset.")

# Anonymous article pages are cached whole; an editor's save invalidates them at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 86_400)
# Beyond that, a copy of each page is kept this much longer (default a week), for one use only:
# readers get it while the database does not answer (articles/stale.py), never past the end of
# an article it shows.
PAGE_STALE_SECONDS = env_int("PAGE_STALE_SECONDS", 7 * 86_400)
# How long a server process trusts the content version it last read (seconds, may be a
# fraction): a cached page then costs no read of the shared cache (a Redis round trip, or a file
# read), and a save made in another process reaches this one's readers within that time (the
# editor who saved sees it at once).
PAGE_VERSION_MEMO_SECONDS = env_seconds("PAGE_VERSION_MEMO_SECONDS", 1, maximum=1)
# Signed, browser-session cookie listing the articles a reader sent an opinion on; a request
# carrying a valid one gets a page made for it, never the shared cached one.
FEEDBACK_SENT_COOKIE = "avis_envoyes"

# Opinions posted while the database does not answer are appended here, one JSON line each, and
# stored once it answers again (feedback/spool.py): a folder on each server's own durable disk.
FEEDBACK_SPOOL_DIR = Path(os.environ.get("FEEDBACK_SPOOL_DIR") or BASE_DIR / "var" / "spool")

# Feedback spam layers; each can be lifted (set to 0) for a load test.
FEEDBACK_MIN_SECONDS = env_int("FEEDBACK_MIN_SECONDS", 3)
# Seconds the form's signed time stamp stays good; an older one counts as a timer failure.
FEEDBACK_STAMP_MAX_AGE = env_int("FEEDBACK_STAMP_MAX_AGE", 86_400)
# A browser's copy of a page is confirmed current (304) within one such period only: pages carry
# that time-stamped form, which must not grow older than its maximum age in a revalidated copy.
PAGE_ETAG_SECONDS = FEEDBACK_STAMP_MAX_AGE // 2 or 43_200
FEEDBACK_RATE_LIMIT = env_int("FEEDBACK_RATE_LIMIT", 10)
FEEDBACK_RATE_WINDOW = env_int("FEEDBACK_RATE_WINDOW", 600)
FEEDBACK_DUPLICATE_WINDOW = env_int("FEEDBACK_DUPLICATE_WINDOW", 3600)

# Behind a CDN (README, "Behind a CDN"). Readers' pages say `public, s-maxage=CDN_MAX_AGE` and
# name what they show (Surrogate-Key, Cache-Tag); publishing POSTs the keys of what changed to
# CDN_PURGE_URL (unset: no purge), in the protocol CDN_PURGE_API names (cdn/purge.py), with
# CDN_PURGE_TOKEN. A CDN nobody purges keeps a page a minute by default, one that is purged an
# hour. A page kept by a CDN carries the feedback form stamped when the CDN fetched it: with
# stale-if-error on top it must stay within PAGE_ETAG_SECONDS, as a browser's copy does.
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "").strip()
if CDN_PURGE_URL and urlsplit(CDN_PURGE_URL).scheme not in ("http", "https"):
    raise ImproperlyConfigured(f"CDN_PURGE_URL must be an http:// or https:// address, not {CDN_PURGE_URL!r}.")
CDN_PURGE_TOKEN = os.environ.get("CDN_PURGE_TOKEN", "")
CDN_PURGE_API = os.environ.get("CDN_PURGE_API", "") or "keys"
if CDN_PURGE_API not in ("keys", "fastly", "cloudflare"):
    raise ImproperlyConfigured(f"CDN_PURGE_API must be keys, fastly or cloudflare, not {CDN_PURGE_API!r}.")
CDN_MAX_AGE = env_int("CDN_MAX_AGE", 3600 if CDN_PURGE_URL else 60)
CDN_STALE_IF_ERROR = env_int("CDN_STALE_IF_ERROR", max(0, min(21_600, PAGE_ETAG_SECONDS - CDN_MAX_AGE)))
if CDN_MAX_AGE + CDN_STALE_IF_ERROR > PAGE_ETAG_SECONDS:
    raise ImproperlyConfigured(
        f"CDN_MAX_AGE + CDN_STALE_IF_ERROR must not exceed {PAGE_ETAG_SECONDS} seconds (half of "
        "FEEDBACK_STAMP_MAX_AGE): a reader must be able to send the feedback form of a page a CDN kept."
    )

# Days a review link (a clinician without an account reads an unpublished version) stays valid.
REVIEW_LINK_DAYS = env_int("REVIEW_LINK_DAYS", 7)
if REVIEW_LINK_DAYS < 1:
    raise ImproperlyConfigured(f"REVIEW_LINK_DAYS must be at least 1 day, not {REVIEW_LINK_DAYS}.")

# E-mail (the reminders of `manage.py overdue_reviews --email`): sent through the SMTP server
# EMAIL_HOST names, printed on the console when none is named (a laptop, `make run`).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = f"django.core.mail.backends.{'smtp' if EMAIL_HOST else 'console'}.EmailBackend"
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_USE_SSL and EMAIL_USE_TLS:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: pick STARTTLS (587) or SSL (465).")
EMAIL_PORT = env_int("EMAIL_PORT", 465 if EMAIL_USE_SSL else 587)
if not 0 < EMAIL_PORT < 65_536:
    raise ImproperlyConfigured(f"EMAIL_PORT must be a port number between 1 and 65535, not {EMAIL_PORT}.")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = 30  # seconds: a cron job never hangs on a silent server
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or (
    f"Infos santé <ne-pas-repondre@{urlsplit(SITE_URL).hostname if PRODUCTION else 'localhost'}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# A bench-only view used by `make bench` as the throughput reference; never on in production.
BENCH_VIEW = env_bool("DJANGO_BENCH_VIEW", False) and not PRODUCTION

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
