"""Ortaq settings, read from the environment (README "Configuration" lists every variable).

Embedded default: SQLite, Channels' in-memory layer and a local-memory cache.
Scale-out: DATABASE_URL -> PostgreSQL, REDIS_URL -> Redis channel layer and cache.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _development_secret_key() -> str:
    """A random key kept in the (git-ignored) checkout, so sessions survive restarts in development."""
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(get_random_secret_key())
    return path.read_text().strip()


if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="") or _development_secret_key()
else:
    # Production never invents a secret: refuse to start without one.
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0 (for development, set DJANGO_DEBUG=1)."
        )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Ortaq: network is the base; projects and forums build on it; cms shows them all.
    "network",
    "projects",
    "forums",
    "cms",
    # Daphne's runserver serves HTTP and WebSockets in development.
    "daphne",
    "channels",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # Order agreed with the security work (README "Serving"): headers outermost, then compression and
    # revalidation, then the anonymous page-cache fast path before sessions, then the rest.
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",  # django-csp + this host's WebSocket origin
    "config.middleware.SecurityHeadersMiddleware",  # Permissions-Policy and the rest
    "django.middleware.gzip.GZipMiddleware",  # HTML and feeds gzipped; Django 5.2 pads against BREACH
    "django.middleware.http.ConditionalGetMiddleware",  # ETag on every GET, 304 on If-None-Match/Modified-Since
    "config.middleware.RejectNullBytesMiddleware",  # security: NUL in a URL is a 400, never a database error
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, pre-compressed (gzip and Brotli)
    # Cached anonymous pages answered before sessions, auth and the rest (no session cookie = anonymous).
    "cms.middleware.AnonymousPageCacheHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "network.middleware.WagtailLoginThrottleMiddleware",  # allauth's lockout for Wagtail's own password forms
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After auth and messages: knows who is anonymous and whether a page showed messages or forms.
    "cms.middleware.AnonymousPageCacheMiddleware",
    "config.middleware.RememberLanguageMiddleware",  # after LocaleMiddleware: may override its choice
]

if env.bool("ORTAQ_SERVER_TIMING", default=False):  # bench/pages.py: server time and queries per response
    MIDDLEWARE.insert(0, "config.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-level templates (base.html, error pages) first, then the packages inside apps that have their own
        # (network/events, projects/posters); apps' templates/ after (APP_DIRS). Names are unchanged by the move.
        "DIRS": [
            BASE_DIR / "templates",
            BASE_DIR / "network" / "events" / "templates",
            BASE_DIR / "projects" / "posters" / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cms.context_processors.site_chrome",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # with a pool: the pool checks a connection before lending it
    DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=0)
    if DATABASE_POOL_MAX_SIZE:
        # Under ASGI each request runs its sync code in a thread of its own, so per-thread persistent connections
        # are never reused and pile up ("too many clients" at 50 concurrent requests, BENCHMARKS.md). A pool per
        # process bounds them; `make serve` workers turn it on (config/gunicorn.conf.py). Pooling excludes CONN_MAX_AGE.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": DATABASE_POOL_MAX_SIZE,
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
else:
    # SQLite, the embedded default, must take a gallery-walk burst (40 writes at once, issue 13):
    # WAL lets pages be read while one member writes; IMMEDIATE takes the write lock at BEGIN, so a second writer
    # waits up to `timeout` seconds (the busy timeout) instead of failing at once with "database is locked" when
    # its read turns into a write mid-transaction; synchronous=NORMAL is safe in WAL and keeps commits cheap.
    # bench/event_day.py: 150 replies at once queue for ~20 s on 2 cores, so the wait is 60 s, not 20 (14 of 150
    # failed with 20).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.float("ORTAQ_SQLITE_BUSY_TIMEOUT", default=60.0),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")  # unset: in-memory layer and local cache, one process only
# Redis behind Sentinel (several machines): the master is found through the sentinels; REDIS_URL then
# only gives the password and database number (its host is ignored).
REDIS_SENTINELS = [
    (host, int(port)) for host, _, port in (item.rpartition(":") for item in env.list("REDIS_SENTINELS", default=[]))
]
REDIS_SENTINEL_MASTER = env("REDIS_SENTINEL_MASTER", default="mymaster")
if REDIS_URL:
    _redis_options = {"socket_connect_timeout": 2, "socket_timeout": 2}
    _layer_host = REDIS_URL
    if REDIS_SENTINELS:
        _redis_options |= {
            "pool_class": "config.redis_sentinel.SentinelMasterPool",
            "sentinels": REDIS_SENTINELS,
            "master_name": REDIS_SENTINEL_MASTER,
        }
        _redis = urlsplit(REDIS_URL)
        _layer_host = {
            "sentinels": REDIS_SENTINELS,
            "master_name": REDIS_SENTINEL_MASTER,
            "db": int(_redis.path.strip("/") or 0),
            "password": unquote(_redis.password) if _redis.password else None,
        }
    CACHES = {
        "default": {
            # reliability: a Redis outage makes pages uncached, not broken (config/cache.py)
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ortaq",
            "OPTIONS": _redis_options,
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # lists (default): channels-redis's classic layer, one Redis list entry per socket; open sockets wait out
            # a Redis restart (config/channel_layer.py). pubsub: one PUBLISH per broadcast, each worker fans out to
            # its own sockets. Measured side by side in BENCHMARKS.md (lists delivered more at 500 readers). Either
            # way open streams re-join their groups and fill gaps from the database.
            "BACKEND": {
                "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "lists": "config.channel_layer.ResilientRedisChannelLayer",
            }[env("REDIS_CHANNEL_LAYER", default="lists")],
            "CONFIG": {"hosts": [_layer_host], "prefix": "ortaq"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Accounts --------------------------------------------------------------
AUTH_USER_MODEL = "network.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id at OWASP's minimum (network/passwords.py: ~20 ms a sign-in instead of PBKDF2's ~400 ms, and memory-hard);
# the others still check, and upgrade at the next sign-in, passwords stored before.
PASSWORD_HASHERS = [
    "network.passwords.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "network.forms.SignupForm"
ACCOUNT_ADAPTER = "network.adapters.AccountAdapter"
ACCOUNT_USER_DISPLAY = "network.adapters.user_display"  # the display name: usernames are opaque and never shown
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
# A reset asked for an address nobody has sends no e-mail (the page answers the same either way: no enumeration,
# and no stranger's inbox gets mail from us).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# allauth's defaults plus explicit limits; counted in the configured cache (Redis in production).
# A network event brings 150 teachers through one venue Wi-Fi (one address) in a few minutes (issue 13): per-address
# limits only stop clearly abusive volumes (a correct sign-in every 0.2 s; a failed one a second), while a mistyped
# password locks only its own account (5 in 5 minutes per e-mail address).
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": "60/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,3/h/key",  # key: the e-mail address; nobody's inbox is flooded with resets
}
# Proxies in front of the app that append to X-Forwarded-For (0: none, the peer is the client). network.clientip
# takes the rightmost entry no trusted proxy added; every per-address limit, allauth's included, uses it.
ORTAQ_TRUSTED_PROXIES = env.int("ORTAQ_TRUSTED_PROXIES", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = ORTAQ_TRUSTED_PROXIES
# allauth would prefix "[<host:port>] " to every subject.
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Ortaq: "
LOGIN_URL = "account_login"
# Pages behind a "login required" restriction (the project area) send visitors to the same rate-limited sign-in,
# not to Wagtail's bare fallback form at /<lang>/_util/login/.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/"

# --- Languages ---------------------------------------------------------------
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
# Content languages by their name in the admin's language ("Ағылшын тілі" in a Kazakh admin); the public switcher
# keeps LANGUAGES' own names.
WAGTAIL_CONTENT_LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
# The admin's account settings offer Kazakhstan's zones, not the world's 600.
WAGTAIL_USER_TIME_ZONES = ["Asia/Almaty", "Asia/Aqtau", "Asia/Aqtobe", "Asia/Oral", "Asia/Qostanay", "Asia/Qyzylorda"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "ortaq_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"  # as the session and CSRF cookies (set by /i18n/setlang/)
# Kazakh formats (Django ships none) and Russian overrides: config/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
# Project-wide catalogue first: Kazakh/Russian for Django, allauth and Wagtail strings their packages lack
# (month names, timesince, validation, the admin screens a facilitator uses).
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The page type of the site's home pages, where section indexes (projects, case studies) go: named here, as
# AUTH_USER_MODEL is, so that apps below cms need not name it (issue 12: no app below cms depends on it).
ORTAQ_HOME_PAGE_MODEL = "cms.HomePage"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the one stylesheet and the shared socket clients (css/, js/)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Private project files (evidence, unpublished posters): outside MEDIA_ROOT, never served by /media/, only streamed
# by the permission-checked views (projects.storage).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(MEDIA_ROOT.parent / "private-media")))
# Uploads on local disk by default; on S3-compatible object storage (django-storages) when a bucket is named,
# so that several app machines share them. Static files are always served by WhiteNoise from each worker.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),  # unset: Amazon S3
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            # unset: boto3's own lookup (instance role, ~/.aws); never in the repository
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            # Private bucket, signed expiring links: uploads are not all public (e.g. draft evidence).
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "file_overwrite": False,  # like the local disk: a second "poster.jpg" gets a new name
            "default_acl": None,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    # Private project files stay on local disk (PRIVATE_MEDIA_ROOT) even with a bucket: resumable uploads append to a
    # file. Several machines mount one volume there (README "Several machines").
    "private": {"BACKEND": "projects.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The app serves /media/ itself (also with DEBUG off, e.g. `make serve`) unless uploads live in object storage;
# set 0 when a proxy in front serves MEDIA_ROOT.
ORTAQ_SERVE_MEDIA = env.bool("ORTAQ_SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME)
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365  # hashed names: cache for a year

# Uploads (network.uploads hardens every one of them).
ORTAQ_UPLOAD_MAX_BYTES = env.int("ORTAQ_UPLOAD_MAX_BYTES", default=15 * 1024 * 1024)
FORUMS_POSTS_PER_MINUTE = env.int("FORUMS_POSTS_PER_MINUTE", default=10)  # per member, HTTP and WebSocket
FORUMS_FLAGS_PER_HOUR = env.int("FORUMS_FLAGS_PER_HOUR", default=20)  # new reports per member
FORUMS_FEEDBACK_PER_MINUTE = env.int("FORUMS_FEEDBACK_PER_MINUTE", default=10)  # per member, gallery-walk feedback
FORUMS_ANNOUNCEMENTS_PER_MINUTE = env.int("FORUMS_ANNOUNCEMENTS_PER_MINUTE", default=5)  # per organiser, live rooms
PROJECTS_COMMENTS_PER_MINUTE = 10  # per member: each comment notifies the project's leaders and facilitator
PROJECTS_QUESTIONS_PER_MINUTE = 5  # per member: each question notifies every colleague it names
ORTAQ_WS_CONNECTS_PER_MINUTE = env.int("ORTAQ_WS_CONNECTS_PER_MINUTE", default=120)  # per member (or address)
ORTAQ_WS_MESSAGES_PER_10S = env.int("ORTAQ_WS_MESSAGES_PER_10S", default=60)  # per connection
# Open sockets re-join their group and catch up from the database this often (0: never): no post is lost when Redis
# restarts or the channel layer drops a message, even for a client that never reconnects.
ORTAQ_WS_RESYNC_SECONDS = env.float("ORTAQ_WS_RESYNC_SECONDS", default=10.0)
ORTAQ_UPLOAD_MAX_PIXELS = env.int("ORTAQ_UPLOAD_MAX_PIXELS", default=40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail --------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Every e-mail goes through network.mail (subjects made one line: a stored title with CR/LF never stops one), which
# hands it to the backend EMAIL_URL chose.
ORTAQ_EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_BACKEND = "network.mail.OneLineSubjectBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Ortaq <noreply@ortaq.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ---------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Ortaq"
# The one address members reach the site at: every absolute link (e-mails, digests, .ics, QR codes, certificates,
# feeds) uses it (network.links), never the host of a request or a Site record. Required in production.
ORTAQ_PUBLIC_URL = env("ORTAQ_PUBLIC_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not ORTAQ_PUBLIC_URL:
    raise ImproperlyConfigured(
        "ORTAQ_PUBLIC_URL must be set when DJANGO_DEBUG=0: the address members reach the site at, e.g. "
        "https://ortaq.example.kz (every link in e-mails, calendars and QR codes uses it)."
    )
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=ORTAQ_PUBLIC_URL)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = ORTAQ_UPLOAD_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = ORTAQ_UPLOAD_MAX_PIXELS
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp", "gif": "webp", "bmp": "webp"}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "txt", "csv", "xlsx"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # documents go through a permission-checking view
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no member's e-mail hash goes to a third party for an avatar
WAGTAIL_MODERATION_ENABLED = True
# A case study is published by the review service (the approved revision, with its poster and evidence), not by
# Wagtail's "publish the latest revision" when its workflow finishes (projects/review_task.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "projects.workflow_finish.finish_workflow"

# --- Security ----------------------------------------------------------------------
# Content-Security-Policy (django-csp; config.middleware adds this host's WebSocket origin to connect-src).
# Everything is served from this site: no inline scripts, no inline styles (templates use classes from the one
# stylesheet; tests/security/test_headers.py fails on a template with style= or <script> code). The Wagtail admin
# sets its own needs.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/__debug__/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the live client reads it to post over HTTP fallbacks
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    LANGUAGE_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)  # security: set by /i18n/setlang/
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.channels.server": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},  # Wagtail's background tasks run inline; no per-task chatter
        "wagtail": {"level": "WARNING"},
    },
}

# Anonymous public pages: browsers/proxies may keep them ORTAQ_PAGE_MAX_AGE seconds; the server keeps the
# rendered HTML ORTAQ_PAGE_CACHE_SECONDS (0 = off) and forgets it on publish/unpublish and when a post, thread,
# board or event changes (cms.services). A minute at most in browsers and proxies: a hidden post is gone within it.
ORTAQ_PAGE_MAX_AGE = env.int("ORTAQ_PAGE_MAX_AGE", default=60)
ORTAQ_PAGE_CACHE_SECONDS = env.int("ORTAQ_PAGE_CACHE_SECONDS", default=600)

# Where the nav and templates say the platform is (used in e-mails and absolute links).
ORTAQ_SITE_NAME = _("Ortaq")
