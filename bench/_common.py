"""Shared parts of the benchmarks: the servers under test, signing in, percentiles and tables.

Everything runs on 127.0.0.1, on the bench's own databases (never the test suite's):
- embedded: `manage.py runserver --noreload` (Daphne, like `make run`), DEBUG on, SQLite in /tmp, in-memory layer;
- serve: gunicorn + uvicorn workers (config/gunicorn.conf.py, like `make serve`), DEBUG off, PostgreSQL + Redis;
- bare: the fan-out baseline (bench/_bare_channels.py), no database, under the same server.
Override the services with BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ortaq_bench) and
BENCH_REDIS_URL (default redis://127.0.0.1:6379/3).
"""

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEMO_PASSWORD = "ortaq-demo"
SQLITE_URL = "sqlite:////tmp/ortaq-bench.sqlite3"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ortaq_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
SERVE_WORKERS = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))


def command_line() -> str:
    """The exact command that produced this output, to quote in BENCHMARKS.md."""
    script = os.path.relpath(sys.argv[0], ROOT)
    return " ".join([".venv/bin/python", script, *map(shlex.quote, sys.argv[1:])])


def note(message: str) -> None:
    print(f"  note: {message}", flush=True)


_ports = iter(range(int(os.environ["BENCH_PORT_BASE"]), 65536)) if os.environ.get("BENCH_PORT_BASE") else None


def free_port() -> int:
    """A free port: the next one from BENCH_PORT_BASE on if set (a shared machine hands out ranges), else any."""
    while _ports is not None:
        port = next(_ports)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def print_table(headers: list[str], rows: list[list]) -> None:
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max([len(header), *(len(row[i]) for row in cells)]) for i, header in enumerate(headers)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    sys.stdout.flush()


# --- environments -------------------------------------------------------------------------------------
def base_env() -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    media = "/tmp/ortaq-bench-media"  # throwaway demo uploads of a bench run, not secrets  # nosec B108
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.base", "MEDIA_ROOT": media}
    return env


def embedded_env() -> dict:
    return base_env() | {"DJANGO_DEBUG": "1", "DATABASE_URL": SQLITE_URL}


def serve_env(*, redis_url: str = REDIS_URL) -> dict:
    return base_env() | {
        "DJANGO_DEBUG": "0",
        # A throwaway key for this run only: the bench signs its own sessions, nothing outlives it.
        "DJANGO_SECRET_KEY": os.urandom(32).hex(),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "ORTAQ_PUBLIC_URL": os.environ.get("ORTAQ_PUBLIC_URL", "http://127.0.0.1:8000"),
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": redis_url,
        # What config/gunicorn.conf.py defaults to; set here so the profile gets it too.
        "DATABASE_POOL_MAX_SIZE": os.environ.get("DATABASE_POOL_MAX_SIZE", "8"),
    }


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    setup_env = env | {"DJANGO_DEBUG": "1"}  # management commands need no production secret
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=setup_env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def ensure_database(env: dict) -> None:
    """Create (PostgreSQL), migrate and seed the bench's own database; seed_demo is idempotent."""
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        match = re.match(r"postgres(?:ql)?://([^@/]+)@([^:/]+):?(\d*)/(\w+)", url)
        if match:
            user, host, port, name = match.groups()
            subprocess.run(
                ["createdb", "-h", host, "-p", port or "5432", "-U", user.split(":")[0], name],
                capture_output=True,
                timeout=30,
            )  # fails harmlessly when it exists
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")


# --- servers ------------------------------------------------------------------------------------------
def wait_healthy(base: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # bench's own server  # nosec B310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{base}/healthz did not answer 200 within {timeout:.0f}s")


@contextmanager
def server(kind: str, *, env: dict | None = None, workers: int = SERVE_WORKERS, log: str | None = None):
    """Start a server of `kind` (embedded, serve, daphne, bare) on a free port; yields (base_url, supervisor pid)."""
    port = free_port()
    if kind == "embedded":
        env = env or embedded_env()
        command = [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    elif kind == "serve":  # `make serve`: gunicorn + uvicorn workers (config/gunicorn.conf.py)
        env = env or serve_env()
        manage(env, "collectstatic", "--noinput", "-v0")
        command = [
            PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.asgi:application",
            "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
        ]  # fmt: skip
    elif kind == "daphne":  # one Daphne process (config/serve.py, the old multi-worker supervisor, is gone)
        env = env or serve_env()
        manage(env, "collectstatic", "--noinput", "-v0")
        command = [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"]
    elif kind == "bare":  # the fan-out baseline (bench/_bare_channels.py) under the same server and workers
        command = [
            PYTHON, "-m", "gunicorn", "--chdir", str(ROOT / "bench"), "_bare_channels:application",
            "-k", "config.workers.OrtaqUvicornWorker", "-w", str(workers), "-b", f"127.0.0.1:{port}",
            "--log-level", "warning",
        ]  # fmt: skip
        env = (env or base_env()) | {"PYTHONPATH": str(ROOT)}
    else:
        raise ValueError(kind)
    output = open(log or os.devnull, "w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        output.close()


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# --- signing in ---------------------------------------------------------------------------------------
def login(base: str, email: str, password: str = DEMO_PASSWORD) -> str:
    """Sign in through the real allauth form; returns the session cookie value."""
    import requests

    with requests.Session() as browser:
        page = browser.get(f"{base}/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not token:
            raise RuntimeError("no CSRF token on the sign-in page")
        response = browser.post(
            f"{base}/accounts/login/",
            data={"csrfmiddlewaretoken": token.group(1), "login": email, "password": password},
            headers={"Referer": f"{base}/accounts/login/"},
            timeout=30,
            allow_redirects=False,
        )
        session = browser.cookies.get("sessionid")
        if response.status_code != 302 or not session:
            raise RuntimeError(f"sign-in as {email} failed ({response.status_code})")
        return session


def fetch(base: str, path: str, cookie: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # `base`: the server the bench started  # nosec B310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def links(html: str, prefix: str) -> list[str]:
    """Same-site links under `prefix` (deeper than it), in page order, without duplicates."""
    found = []
    for href in re.findall(r'href="([^"#?]+)"', html):
        if href.startswith(prefix) and href != prefix and href not in found:
            found.append(href)
    return found
