"""Test settings: the same stack, faster hashing, a throwaway media folder."""

import os
import tempfile
import uuid
from urllib.parse import urlsplit

os.environ.setdefault("DJANGO_DEBUG", "1")

from .base import *  # noqa: E402,F401,F403
from .base import DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ORTAQ_EMAIL_BACKEND = EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="ortaq-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="ortaq-test-private-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "projects.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tests share one local-memory cache across databases: server-side page caching is switched on per test.
ORTAQ_PAGE_CACHE_SECONDS = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: browser tests serve the test database from a second process.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405

# Parallel test workers (pytest-xdist) and successive runs share one Redis: keep their groups and keys apart
# (a rate-limit counter left by the previous run must not lock this run's demo teacher out).
_run = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex[:8]}"
if REDIS_URL:  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"ortaq-test-{_run}"  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"ortaq-test-{_run}"  # noqa: F405
    # cache.clear() (many tests start clean) is FLUSHDB, whatever the prefix: each worker gets a database of its own.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _worker.startswith("gw") and not REDIS_SENTINELS:  # noqa: F405
        _db = 1 + int(_worker[2:]) % 15
        CACHES["default"]["LOCATION"] = urlsplit(REDIS_URL)._replace(path=f"/{_db}").geturl()  # noqa: F405

# Every test client comes from 127.0.0.1: per-IP limits would count the whole suite as one person.
# Per-account limits stay as in production, so the lockout behaviour is what the tests see.
ACCOUNT_RATE_LIMITS = {
    **ACCOUNT_RATE_LIMITS,
    "login": "10000/m/ip",
    "login_failed": "10000/m/ip,5/5m/key",  # noqa: F405
    "signup": "10000/m/ip",
    "reset_password": "10000/m/ip,3/h/key",
}
