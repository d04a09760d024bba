"""`make serve`: gunicorn with uvicorn workers (config/gunicorn.conf.py) on PostgreSQL + Redis, one address.

To know which worker answered, the other one is frozen with SIGSTOP: a stopped process cannot accept,
so the request must be served by the one left running.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from websockets.exceptions import ConnectionClosed

from tests.conftest import session_cookie

pytestmark = pytest.mark.backend  # locking, caching, search or sockets differ per backend

START_TIMEOUT = 90  # two workers import Django at once, on a machine that may be busy (36 s seen at load 23)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(child) for child in path.read_text().split()} if path.exists() else set()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _healthz(port: int, timeout: float = 30) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def _test_database_url() -> str:
    """The database pytest-django made for this run, for workers that must see the test's users and sessions."""
    db = settings.DATABASES["default"]
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def _supervisor(tmp_path, *, database_url: str | None = None):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "0",
        # The test's own key, so that the workers accept the sessions the test signs in with.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "ORTAQ_PUBLIC_URL": os.environ.get("ORTAQ_PUBLIC_URL", "http://127.0.0.1:8000"),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.conf.py",
            "config.asgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--graceful-timeout",
            "5",
        ],  # fmt: skip
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(lambda: len(_started(tmp_path)) >= 2, START_TIMEOUT, "two workers")
        yield process, port
    finally:
        for pid in _children(process.pid):
            os.kill(pid, signal.SIGCONT)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def _started(tmp_path) -> set[int]:
    """Workers that imported the application and serve (uvicorn logs "Started server process [pid]")."""
    return {int(pid) for pid in re.findall(r"Started server process \[(\d+)\]", (tmp_path / "serve.log").read_text())}


def _answers_alone(worker: int, others: set[int], port: int) -> int:
    """The status `worker` gives /healthz while every other worker is frozen (it may still be starting)."""
    for pid in others:
        os.kill(pid, signal.SIGSTOP)
    try:
        return _healthz(port)
    finally:
        for pid in others:
            os.kill(pid, signal.SIGCONT)


@pytest.mark.usefixtures("require_postgres", "require_redis")
def test_two_workers_answer_a_killed_one_is_replaced_and_all_stop_cleanly(tmp_path, db):
    with _supervisor(tmp_path, database_url=_test_database_url()) as (supervisor, port):
        workers = _children(supervisor.pid)
        assert len(workers) == 2
        for worker in workers:
            assert _answers_alone(worker, workers - {worker}, port) == 200

        killed = min(workers)
        os.kill(killed, signal.SIGKILL)
        replacement = _wait_for(
            lambda: (_children(supervisor.pid) - workers) or None, START_TIMEOUT, "a replacement worker"
        ).pop()
        survivor = workers - {killed}
        assert _answers_alone(replacement, survivor, port) == 200

        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(15) == 0
        current = survivor | {replacement}
        assert not any(_alive(pid) for pid in current)
        with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
            pass


@pytest.mark.usefixtures("require_postgres", "require_redis")
def test_rolling_restart_on_sighup_never_leaves_clients_without_a_server(tmp_path, transactional_db, teacher):
    from websockets.sync.client import connect

    cookie = session_cookie(teacher)  # committed: the workers read it from the test database
    with _supervisor(tmp_path, database_url=_test_database_url()) as (supervisor, port):
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}", "Origin": f"http://127.0.0.1:{port}"}
        url = f"ws://127.0.0.1:{port}/ws/notifications/"
        live = connect(url, additional_headers=headers, open_timeout=30)
        assert json.loads(live.recv(timeout=30))["type"] == "hello"
        before = _children(supervisor.pid)

        supervisor.send_signal(signal.SIGHUP)
        statuses = []
        deadline = time.monotonic() + 2 * START_TIMEOUT

        def replaced() -> bool:
            current = _children(supervisor.pid)
            return len(current) == 2 and not (current & before) and current <= _started(tmp_path)

        while not replaced():
            assert time.monotonic() < deadline, "rolling restart did not finish"
            statuses.append(_healthz(port))
        after = _children(supervisor.pid)
        assert statuses and set(statuses) == {200}
        assert len(after) == 2 and not (after & before)

        # The open page was told "service restart" (not dropped) and gets straight back in.
        with pytest.raises(ConnectionClosed) as closed:
            live.recv(timeout=10)
        assert closed.value.rcvd.code == 1012
        with connect(url, additional_headers=headers, open_timeout=30) as again:
            assert json.loads(again.recv(timeout=30))["type"] == "hello"
