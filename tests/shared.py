"""Expensive fixture data built once per test module and xdist worker, as Django's TestCase.setUpTestData.

The demo site (cms.demo.seed: home pages, standard pages and footer in three languages, ~1 s) was built again for
every test that wanted it. A fixture registered here is built at most once per module instead: in an outer
transaction on the default connection, opened before the test's own (pytest-django's `db`, a savepoint inside
it), rolled back when the module ends or before a test that must not run inside it (a transactional one, which
commits for real, or one that asked for an exclusive part's absence). A test changing shared rows changes them in
its savepoint only, and gets fresh instances (the fixtures return primary keys; each test loads its own objects).

When the outer transaction cannot be opened in time (the test's own transaction started first, e.g. through a
`django_db` marker) or the test is transactional, the fixture is built for that test alone, as before.
"""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import translation

TRANSACTIONAL_FIXTURES = {"transactional_db", "django_db_reset_sequences", "live_server", "live_server_url"}

# part (fixture) name → (builder, exclusive): conftests declare their parts with `part` below.
BUILDERS: dict[str, tuple[Callable[[], object], bool]] = {}


def part(name: str, build: Callable[[], object], *, exclusive: bool = False):
    """A fixture named `name` giving what `build` returns (primary keys, not instances), built once per module.
    Assign it in a conftest under the same name. An exclusive part is rolled back before any other database test
    of the module, so that test never sees its rows."""
    BUILDERS[name] = (build, exclusive)

    @pytest.fixture(name=name)
    def shared_part(db):
        return value(name)

    return shared_part


def is_transactional(item) -> bool:
    """The test commits for real (WebSocket consumers, live servers): it cannot run inside an outer transaction."""
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    return bool(marker and marker.kwargs.get("transaction")) or bool(TRANSACTIONAL_FIXTURES & names)


class SharedData:
    """The parts built so far in the open outer transaction, by name."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.parts: dict[str, object] = {}
        self._atomic = None

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def build(self, name: str) -> None:
        if name in self.parts:
            return
        build, _exclusive = BUILDERS[name]
        with self.blocker.unblock():
            if self._atomic is None:
                self._atomic = transaction.atomic()
                self._atomic.__enter__()
                cache.clear()
            try:
                with translation.override(translation.get_language()):  # a seed switching language keeps it
                    self.parts[name] = build()
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        if self._atomic is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self._atomic.__exit__(None, None, None)
            self._atomic = None
        self.parts = {}
        cache.clear()  # nothing cached about the rolled-back rows outlives them


current: SharedData | None = None


def before_test(item) -> None:
    """pytest_runtest_setup: roll the module's shared data back before a test that must not run inside it."""
    if current is None or not current.is_open:
        return
    names = set(getattr(item, "fixturenames", ()))
    uses_db = "db" in names or item.get_closest_marker("django_db") is not None
    exclusive = any(BUILDERS[name][1] and name not in names for name in current.parts)
    if is_transactional(item) or (uses_db and exclusive):
        current.close()


@pytest.fixture(scope="module")
def _shared_data(django_db_setup, django_db_blocker):
    global current
    shared = current = SharedData(django_db_blocker)
    yield shared
    shared.close()
    current = None


@pytest.fixture(autouse=True)
def _shared_parts_first(request):
    """Build the shared parts this test asks for before anything opens its own transaction."""
    wanted = [name for name in request.fixturenames if name in BUILDERS]
    if not wanted or is_transactional(request.node):
        return
    shared = request.getfixturevalue("_shared_data")
    if not shared.is_open and connection.in_atomic_block:
        return  # too late: the test's transaction is open; its fixtures build for it alone
    for name in wanted:
        shared.build(name)


def value(name: str):
    """What the shared part `name` built: once per module, or now for this test alone."""
    if current is not None and current.is_open and name in current.parts:
        return current.parts[name]
    return BUILDERS[name][0]()
