"""Settings that let several app machines share state: uploads in object storage, Redis behind Sentinel.

Settings are read once per process, so each case loads `config.settings.base` in a fresh interpreter
with its own environment. Nothing here talks to the network.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
default_storage = storages["default"]
from django.urls import resolve, Resolver404
try:
    resolve("/media/posters/a.jpg")
    media_served = True
except Resolver404:
    media_served = False
print(json.dumps({
    "storage": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "url": default_storage.url("posters/a.jpg"),
    "media_served": media_served,
    "layer_hosts": settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("hosts"),
    "cache_options": settings.CACHES["default"].get("OPTIONS", {}),
}, default=str))
"""

SCALE_VARIABLES = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "REDIS_SENTINELS",
    "REDIS_SENTINEL_MASTER",
    "REDIS_URL",
    "ORTAQ_SERVE_MEDIA",
)


def _settings_with(**variables) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in SCALE_VARIABLES}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_DEBUG": "1", **variables}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_uploads_stay_on_local_disk_and_are_served_by_the_app_by_default():
    loaded = _settings_with()
    assert loaded["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert loaded["url"] == "/media/posters/a.jpg"
    assert loaded["media_served"]


def test_uploads_go_to_object_storage_when_a_bucket_is_named():
    loaded = _settings_with(
        AWS_STORAGE_BUCKET_NAME="ortaq-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.org",
        AWS_ACCESS_KEY_ID="example-key",
        AWS_SECRET_ACCESS_KEY="example-secret",
    )
    assert loaded["storage"] == "storages.backends.s3.S3Storage"
    # A signed link to the shared bucket, the same from every app machine; the app no longer serves /media/.
    assert loaded["url"].startswith("https://objects.example.org/ortaq-media/posters/a.jpg?")
    assert "Signature" in loaded["url"]
    assert not loaded["media_served"]


def test_channel_layer_and_cache_find_redis_through_sentinel():
    loaded = _settings_with(
        REDIS_URL="redis://:s3cret@redis/2",
        REDIS_SENTINELS="10.0.0.5:26379,10.0.0.6:26379",
        REDIS_SENTINEL_MASTER="ortaq",
    )
    assert loaded["layer_hosts"] == [
        {
            "sentinels": [["10.0.0.5", 26379], ["10.0.0.6", 26379]],
            "master_name": "ortaq",
            "db": 2,
            "password": "s3cret",
        }
    ]
    assert loaded["cache_options"]["pool_class"] == "config.redis_sentinel.SentinelMasterPool"
    assert loaded["cache_options"]["master_name"] == "ortaq"
