"""Faults: Redis stops, PostgreSQL restarts, a worker dies. Members keep working; nothing committed is lost.

Only private servers (tests/reliability/conftest.py) are stopped; the shared ones stay up for everyone else.
"""

import http.cookiejar
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from channels.db import database_sync_to_async
from django.conf import settings as django_settings
from django.test import Client

from network import services
from network.models import Membership, Notification
from tests.conftest import _drop_other_sessions, connect_ws
from tests.factories import TeacherGroupFactory
from tests.reliability.conftest import free_port, wait_for_port
from tests.security.conftest import seed_site

pytestmark = pytest.mark.backend  # locking, caching, search or sockets differ per backend

PUBSUB_LAYER = "channels_redis.pubsub.RedisPubSubChannelLayer"  # REDIS_CHANNEL_LAYER=pubsub
LISTS_LAYER = "config.channel_layer.ResilientRedisChannelLayer"  # REDIS_CHANNEL_LAYER=lists, the default


def use_redis(settings, url: str, layer: str = LISTS_LAYER) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",  # as config/settings/base.py sets it
            "LOCATION": url,
            "KEY_PREFIX": "ortaq-fault",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": layer, "CONFIG": {"hosts": [url], "prefix": "ortaq-f"}}  # as config/settings/base.py
    }


@pytest.mark.django_db(transaction=True)
def test_pages_sign_in_and_notifications_work_while_redis_is_down(private_redis, settings, teacher):
    seed_site()
    use_redis(settings, private_redis.url)
    private_redis.stop()

    visitor = Client()
    assert visitor.get("/kk/").status_code == 200
    assert visitor.get("/healthz").json()["checks"] == {"database": True, "cache": False, "channel_layer": False}
    response = visitor.post("/accounts/login/", {"login": teacher.email, "password": "ortaq-test-pass"})
    assert response.status_code == 302, "signing in must not need Redis"
    assert visitor.get("/kk/notifications/").status_code == 200

    started = time.monotonic()
    notification = services.notify(recipient=teacher, kind="reply", text="Zhauhar replied")
    assert time.monotonic() - started < 5
    assert Notification.objects.filter(pk=notification.pk).exists()  # saved although the push failed
    assert "Zhauhar replied" in visitor.get("/kk/notifications/").content.decode()


@pytest.mark.django_db(transaction=True)
async def test_live_updates_resume_when_redis_is_back(private_redis, settings, teacher):
    use_redis(settings, private_redis.url)
    private_redis.stop()
    await database_sync_to_async(services.notify)(recipient=teacher, kind="reply", text="While Redis was down")
    private_redis.start()

    ws = await connect_ws(teacher, "/ws/notifications/")  # the page's script reconnects with backoff
    assert (await ws.receive_json_from(timeout=3))["unread"] == 1  # what was missed shows in the count
    notification = await database_sync_to_async(services.notify)(recipient=teacher, kind="reply", text="Back")
    assert (await ws.receive_json_from(timeout=3))["id"] == notification.pk
    await ws.disconnect()


# --- PostgreSQL restart: a running worker recovers by itself (CONN_HEALTH_CHECKS) -----------------------------------


def start_worker(port: int, **env_overrides) -> subprocess.Popen:
    """`make serve`'s server (Daphne, config.asgi) in a child process."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.base", DJANGO_DEBUG="1", **env_overrides)
    daphne = os.path.join(os.path.dirname(sys.executable), "daphne")
    process = subprocess.Popen(
        [daphne, "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        env=env,
        cwd=django_settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(port, up=True, timeout=60)
    except TimeoutError:
        process.kill()
        pytest.fail(f"the worker did not start: {process.stderr.read().decode()[-2000:]}")
    return process


def get(url: str, opener=None):
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_running_worker_recovers_when_postgresql_restarts(private_postgres):
    port = free_port()
    worker = start_worker(port, DATABASE_URL=private_postgres.url)
    try:
        healthz = f"http://127.0.0.1:{port}/healthz"
        assert get(healthz)[0] == 200  # a persistent connection is open now
        private_postgres.stop()
        private_postgres.start()
        status, body = get(healthz)  # the very first request after the restart
        assert status == 200, body
        private_postgres.stop()
        status, body = get(healthz)
        assert status == 503 and '"database": false' in body  # an outage is reported, not a crash
        private_postgres.start()
        assert get(healthz)[0] == 200
    finally:
        worker.kill()
        worker.wait(10)
        if private_postgres.data.exists():
            try:
                private_postgres.start()
            except subprocess.CalledProcessError:
                pass  # already running


# --- A worker killed with SIGKILL loses nothing it committed ---------------------------------------------------------


def test_a_killed_worker_loses_no_committed_data(transactional_db, teacher, outsider):
    from tests.conftest import session_cookie

    group = TeacherGroupFactory(name="Mangystau readers")
    db_name = django_settings.DATABASES["default"]["NAME"]
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        database_url = f"sqlite:///{db_name}"
    else:
        database = django_settings.DATABASES["default"]
        database_url = (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{db_name}"
        )
    cookie = session_cookie(outsider)
    port = free_port()
    env = {"DATABASE_URL": database_url}
    worker = start_worker(port, **env)
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.addheaders = [("Cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}")]
        join = f"http://127.0.0.1:{port}/kk/groups/join/{group.invite_code}/"
        status, _html = get(join, opener)
        assert status == 200
        token = next(c.value for c in jar if c.name == django_settings.CSRF_COOKIE_NAME)
        request = urllib.request.Request(join, data=f"csrfmiddlewaretoken={token}".encode(), method="POST")
        request.add_header("Cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}; csrftoken={token}")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            urllib.request.build_opener(NoRedirect()).open(request, timeout=15)
        except urllib.error.HTTPError as error:
            assert error.code == 302, error.read().decode()[:500]
    finally:
        os.kill(worker.pid, signal.SIGKILL)  # no graceful shutdown, as in an OOM kill or a power cut
        worker.wait(10)

    assert Membership.objects.filter(group=group, user=outsider).exists()
    worker = start_worker(port, **env)
    try:
        opener = urllib.request.build_opener()
        opener.addheaders = [("Cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}")]
        status, html = get(f"http://127.0.0.1:{port}/kk/groups/{group.slug}/", opener)
        assert status == 200 and outsider.display_name in html
    finally:
        worker.kill()
        worker.wait(10)
        _drop_other_sessions()  # PostgreSQL notices killed workers' connections late


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("layer", [PUBSUB_LAYER, LISTS_LAYER])
@pytest.mark.django_db(transaction=True)
async def test_an_open_thread_socket_gets_every_post_across_a_redis_restart(private_redis, settings, teacher, layer):
    """Redis forgets every group on restart; open sockets re-join and replay from the database by themselves."""
    from forums import services as forum_services
    from tests.forums.factories import BoardFactory

    use_redis(settings, private_redis.url, layer)
    settings.ORTAQ_WS_RESYNC_SECONDS = 0.5
    thread = await database_sync_to_async(
        lambda: forum_services.create_thread(board=BoardFactory(), author=teacher, title="Restart", body="First")
    )()
    reader = await connect_ws(teacher, f"/ws/threads/{thread.pk}/")
    create_post = database_sync_to_async(forum_services.create_post)
    before = await create_post(thread=thread, author=teacher, body="before the restart")
    assert (await reader.receive_json_from(timeout=3))["id"] == before.pk

    private_redis.stop()
    during = await create_post(thread=thread, author=teacher, body="while Redis is down")
    private_redis.start()
    after = await create_post(thread=thread, author=teacher, body="after the restart")

    received = [(await reader.receive_json_from(timeout=5))["id"] for _ in range(2)]
    assert received == [during.pk, after.pk]
    await reader.disconnect()
