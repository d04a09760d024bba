"""Shared fixtures: people, groups, a logged-in WebSocket, service and browser requirements.

Service tests (PostgreSQL, Redis) and browser tests skip with a one-line reason on a machine
without them, unless ORTAQ_REQUIRE_SERVICES=1 / ORTAQ_REQUIRE_BROWSER=1 (as in .ci/run),
where they fail instead.
"""

import itertools
import os
import shutil

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests import shared
from tests.factories import FacilitatorFactory, MembershipFactory, TeacherGroupFactory, UserFactory
from tests.shared import _shared_data, _shared_parts_first  # noqa: F401 (fixtures: demo data once per module)

REQUIRE_SERVICES = os.environ.get("ORTAQ_REQUIRE_SERVICES") == "1"
REQUIRE_BROWSER = os.environ.get("ORTAQ_REQUIRE_BROWSER") == "1"
CHROMIUM = os.environ.get("ORTAQ_CHROMIUM", "/usr/bin/chromium")
ORIGIN = b"http://127.0.0.1"


def ensure_wagtail_root() -> None:
    """A transactional test starts after another one flushed the database, without the root page and locale that
    Wagtail's migrations made: put them back (what the cms demo seed builds on)."""
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        Locale.objects.get_or_create(language_code="kk")
        Page.add_root(instance=Page(title="Root", slug="root"))


_clock_epochs = itertools.count()


@pytest.fixture(autouse=True)
def _language_restored():
    """Each test starts in the language the one before it started in: a test (or a seed) that activates one without
    restoring it must not make the next test's page Kazakh."""
    language = translation.get_language()
    yield
    translation.activate(language) if language else translation.deactivate()


@pytest.fixture(autouse=True)
def ratelimit_clock(monkeypatch):
    """Rate limits count in windows of a clock pinned per test (network.ratelimit.now), so a window never rolls over
    mid-test (a fixed 60 s window once let a test's 4th post through) and no test inherits another's counters.
    A test moves time on with `ratelimit_clock["now"] += 61`."""
    from network import ratelimit

    clock = {"now": 2_000_000_000.0 + next(_clock_epochs) * 1_000_000.0}  # 1e6 s apart: longer than any period
    monkeypatch.setattr(ratelimit, "now", lambda: clock["now"])
    return clock


def _missing(what: str, required: bool):
    if required:
        pytest.fail(f"{what} is required here (ORTAQ_REQUIRE_*=1) but not available", pytrace=False)
    pytest.skip(f"{what} not available")


@pytest.fixture
def require_redis():
    """The test runs only with REDIS_URL set (mandatory in CI)."""
    if not settings.REDIS_URL:
        _missing("Redis (REDIS_URL)", REQUIRE_SERVICES)


@pytest.fixture
def require_postgres():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        _missing("PostgreSQL (DATABASE_URL)", REQUIRE_SERVICES)


@pytest.fixture
def facilitator(db):
    return FacilitatorFactory(display_name="Gulnara Sadykova", email="facilitator@example.org")


@pytest.fixture
def group(facilitator):
    return TeacherGroupFactory(facilitator=facilitator, name="Almaty rural teachers")


@pytest.fixture
def teacher(group):
    user = UserFactory(display_name="Aigerim Bekova", email="teacher@example.org")
    MembershipFactory(group=group, user=user)
    return user


@pytest.fixture
def teacher2(group):
    user = UserFactory(display_name="Zhauhar Omarbek", email="teacher2@example.org")
    MembershipFactory(group=group, user=user)
    return user


@pytest.fixture
def outsider(db):
    """A teacher in another group, with another facilitator."""
    user = UserFactory(display_name="Marat Abenov")
    MembershipFactory(user=user)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(display_name="Admin", is_staff=True, is_superuser=True, school=None)


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


async def connect_ws(user, path: str, *, expect_accept: bool = True) -> WebsocketCommunicator:
    """A WebSocket to the real ASGI application, with an allowed Origin and (if `user`) a login cookie."""
    from channels.db import database_sync_to_async

    from config.asgi import application

    headers = [(b"origin", ORIGIN), (b"host", b"127.0.0.1")]
    if user is not None:
        cookie = await database_sync_to_async(session_cookie)(user)
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect()
    if expect_accept:
        assert connected, f"WebSocket {path} refused with {code}"
    else:
        # A refusal is accepted, then closed (CONTRACT.md): a browser can read the close code only after the
        # handshake, and a handshake refused with HTTP 403 makes clients retry forever.
        assert connected, f"WebSocket {path} refused at the handshake (HTTP 403) instead of accepted and closed"
        output = await communicator.receive_output(timeout=3)
        assert output["type"] == "websocket.close", f"expected a close, got {output}"
        communicator.close_code = output.get("code")
    return communicator


def pytest_runtest_setup(item):
    shared.before_test(item)


BACKEND_FIXTURES = {"require_redis", "require_postgres", "live_server_url", "transactional_db"}


def pytest_collection_modifyitems(config, items):
    """Mark what depends on the backend (pytest.ini: `backend`), then run browser tests last: they are the slowest,
    and keep their event loop to themselves.

    CI's second pass (PostgreSQL + Redis) runs `-m "backend or browser"`: the rest asserts the same on any backend
    and ran on the first pass already."""
    if "audit" not in (config.option.markexpr or ""):  # the HTML checker runs only when asked for (make audit)
        audits = [item for item in items if item.get_closest_marker("audit") is not None]
        if audits:
            config.hook.pytest_deselected(items=audits)
            items[:] = [item for item in items if item.get_closest_marker("audit") is None]
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction", False)
        if transactional or BACKEND_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.backend)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


# --- Browser tests: Debian's Chromium via Playwright, against Daphne in a second process -------------


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: Playwright's sync API holds an event loop that must end before async tests."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        _missing(f"Chromium ({CHROMIUM})", REQUIRE_BROWSER)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright", REQUIRE_BROWSER)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def live_server_url(transactional_db, browser):
    """Daphne serving config.asgi (HTTP, static and WebSockets) on the test database, in a child process."""
    from daphne.testing import DaphneProcess
    from django.db import connections

    from tests.live import make_application

    connections.close_all()  # the child must not share our connection
    server = DaphneProcess("127.0.0.1", make_application)
    server.start()
    if not server.ready.wait(timeout=30):
        server.terminate()
        pytest.fail("Daphne did not start")
    yield f"http://127.0.0.1:{server.port.value}"
    server.terminate()
    server.join(10)
    _drop_other_sessions()


def _drop_other_sessions():
    """PostgreSQL notices the killed server's connection late; end it so the test database can be dropped."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def page(browser, live_server_url):
    context = browser.new_context(base_url=live_server_url, viewport={"width": 360, "height": 800})
    tab = context.new_page()
    yield tab
    context.close()
