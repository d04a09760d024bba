"""`make serve`: N Daphne workers sharing one listening socket, kept alive by a small supervisor.

    python -m config.serve [--host 127.0.0.1] [--port 8000] [--workers 4] [--access-log]

The supervisor binds HOST:PORT once and hands the socket to every worker (`daphne --fd`); the kernel
spreads accept() across them. Because the supervisor keeps the socket open for its whole life, a
connection is never refused while a worker restarts: it waits in the backlog for the next accept().

Signals (to the supervisor):
- SIGHUP: rolling restart, one worker at a time. Each replacement starts and reports ready (application
  imported, reactor running) before its predecessor gets SIGTERM, so at most one worker is ever missing
  beyond the steady N. A replacement that fails to start is killed and the old worker stays.
  WebSocket clients of a stopped worker reconnect and send `resume` (docs/websocket-protocol.md).
- SIGTERM / SIGINT: stop every worker (SIGTERM, then SIGKILL after --stop-timeout) and exit 0.
A worker given SIGTERM stops gracefully: it stops accepting, lets HTTP requests in flight finish (up to 8 s),
closes its WebSockets with code 1012 ("service restart") and gives consumers 2 s to leave their groups.
A worker that exits on its own is restarted (with a growing delay if it keeps dying at start-up).
Workers die with the supervisor even if it is killed with SIGKILL (Linux parent-death signal).
"""

import argparse
import ctypes
import os
import select
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

READY_TIMEOUT = 60.0  # seconds a new worker may take to import Django and start accepting
POLL_INTERVAL = 0.2
MIN_HEALTHY_LIFETIME = 5.0  # a worker dying sooner than this counts as a crash loop: back off
MAX_BACKOFF = 10.0


def log(message: str) -> None:
    print(f"[serve {os.getpid()}] {message}", file=sys.stderr, flush=True)


@dataclass
class Worker:
    slot: int
    process: subprocess.Popen
    started: float = field(default_factory=time.monotonic)
    ready: bool = False


class Supervisor:
    def __init__(self, *, sock: socket.socket, workers: int, access_log: bool, stop_timeout: float):
        self.sock = sock
        self.count = workers
        self.access_log = access_log
        self.stop_timeout = stop_timeout
        self.workers: dict[int, Worker] = {}
        self.backoff: dict[int, float] = {}
        self.stopping = False
        self.reload_requested = False

    # --- workers ------------------------------------------------------------------------------
    def spawn(self, slot: int) -> tuple[Worker, int]:
        """Start a worker on the shared socket; returns it and the read end of its ready pipe."""
        ready_read, ready_write = os.pipe()
        command = [
            sys.executable,
            "-m",
            "config.serve",
            "--worker",
            "--fd",
            str(self.sock.fileno()),
            "--ready-fd",
            str(ready_write),
        ]
        if self.access_log:
            command.append("--access-log")
        process = subprocess.Popen(command, pass_fds=(self.sock.fileno(), ready_write))
        os.close(ready_write)
        log(f"worker {slot} started (pid {process.pid})")
        return Worker(slot=slot, process=process), ready_read

    @staticmethod
    def wait_ready(worker: Worker, ready_read: int, timeout: float = READY_TIMEOUT) -> bool:
        """True once the worker reports it accepts connections; False if it exits or times out first."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                readable, _, _ = select.select([ready_read], [], [], 0.1)
                if readable:
                    worker.ready = os.read(ready_read, 1) == b"1"
                    return worker.ready
                if worker.process.poll() is not None:
                    return False
            return False
        finally:
            os.close(ready_read)

    def stop_worker(self, worker: Worker) -> None:
        if worker.process.poll() is None:
            worker.process.send_signal(signal.SIGTERM)
        try:
            worker.process.wait(self.stop_timeout)
        except subprocess.TimeoutExpired:
            log(f"worker {worker.slot} (pid {worker.process.pid}) ignored SIGTERM; killing it")
            worker.process.kill()
            worker.process.wait()

    def start_all(self) -> None:
        pending = [self.spawn(slot) for slot in range(self.count)]
        for worker, ready_read in pending:
            self.workers[worker.slot] = worker
            if not self.wait_ready(worker, ready_read):
                log(f"worker {worker.slot} did not become ready")
        log(f"{self.count} workers serving http://{self.address}")

    @property
    def address(self) -> str:
        host, port = self.sock.getsockname()[:2]
        return f"{host}:{port}"

    def rolling_restart(self) -> None:
        log("SIGHUP: rolling restart")
        for slot in sorted(self.workers):
            if self.stopping:
                return
            old = self.workers[slot]
            new, ready_read = self.spawn(slot)
            if not self.wait_ready(new, ready_read):
                # Keep serving with the old code rather than lose capacity to a broken release.
                log(f"replacement for worker {slot} failed to start; keeping pid {old.process.pid}")
                self.stop_worker(new)
                return
            self.workers[slot] = new
            self.stop_worker(old)
            log(f"worker {slot}: pid {old.process.pid} replaced by {new.process.pid}")
        log("rolling restart done")

    def restart_dead(self) -> None:
        for slot, worker in list(self.workers.items()):
            code = worker.process.poll()
            if code is None or self.stopping:
                continue
            lifetime = time.monotonic() - worker.started
            delay = 0.0
            if not worker.ready or lifetime < MIN_HEALTHY_LIFETIME:
                delay = min(MAX_BACKOFF, max(0.5, self.backoff.get(slot, 0.25) * 2))
                self.backoff[slot] = delay
            else:
                self.backoff.pop(slot, None)
            log(f"worker {slot} (pid {worker.process.pid}) exited with {code}; restarting in {delay:.1f}s")
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and not self.stopping:
                time.sleep(POLL_INTERVAL)
            if self.stopping:
                return
            new, ready_read = self.spawn(slot)
            self.workers[slot] = new
            self.wait_ready(new, ready_read)

    def stop_all(self) -> None:
        log("stopping workers")
        for worker in self.workers.values():
            if worker.process.poll() is None:
                worker.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        for worker in self.workers.values():
            try:
                worker.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
        log("stopped")

    # --- main loop ------------------------------------------------------------------------------
    def on_stop(self, signum, frame) -> None:
        self.stopping = True

    def on_hup(self, signum, frame) -> None:
        self.reload_requested = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.on_stop)
        signal.signal(signal.SIGINT, self.on_stop)
        signal.signal(signal.SIGHUP, self.on_hup)
        try:
            self.start_all()
            while not self.stopping:
                if self.reload_requested:
                    self.reload_requested = False
                    self.rolling_restart()
                self.restart_dead()
                time.sleep(POLL_INTERVAL)
        finally:
            self.stop_all()
            self.sock.close()
        return 0


def bind(host: str, port: int) -> socket.socket:
    # IPv4 only: Daphne adopts the descriptor as AF_INET (its `fd:` endpoint takes no address family).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


# --- worker side ------------------------------------------------------------------------------------
def _die_with_parent() -> None:
    """Ask Linux to SIGTERM this worker when the supervisor dies, however it dies."""
    if not sys.platform.startswith("linux"):
        return
    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() == 1:  # the supervisor is already gone
        sys.exit(1)


DEFAULT_POOL_SIZE = 8  # PostgreSQL connections per worker (DATABASE_POOL_MAX_SIZE overrides)
HTTP_DRAIN_TIMEOUT = 8.0  # seconds a stopping worker lets requests in flight finish
WS_DRAIN_TIMEOUT = 2.0  # then seconds its consumers get to run disconnect() after the 1012 close


def graceful_server_class():
    """Daphne's Server, stopping gracefully on SIGTERM/SIGINT (Daphne itself drops everything at once)."""
    from daphne.server import Server
    from daphne.ws_protocol import WebSocketProtocol
    from twisted.internet import reactor

    class GracefulServer(Server):
        """On SIGTERM: stop accepting (the other workers take new connections from the shared socket), let
        HTTP requests in flight finish, close WebSockets with 1012 "service restart" so clients reconnect
        and `resume`, give consumers time to leave their groups, then stop."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "signal_handlers": False})
            self.ports = []
            self.draining = False

        def listen_success(self, port):
            self.ports.append(port)
            super().listen_success(port)

        def run(self):
            reactor.callWhenRunning(self.install_signal_handlers)
            super().run()

        def install_signal_handlers(self):
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: reactor.callFromThread(self.drain))

        def drain(self):
            if self.draining:
                return
            self.draining = True
            for port in self.ports:
                port.stopListening()
            now = time.monotonic()
            # Whatever happens while draining, this worker stops in time (before the supervisor's SIGKILL).
            reactor.callLater(HTTP_DRAIN_TIMEOUT + WS_DRAIN_TIMEOUT + 1, self.stop)
            self.drain_step(http_deadline=now + HTTP_DRAIN_TIMEOUT, ws_deadline=None)

        def open_connections(self, *, websocket: bool) -> list:
            return [
                protocol
                for protocol, details in self.connections.items()
                if isinstance(protocol, WebSocketProtocol) == websocket and "disconnected" not in details
            ]

        def drain_step(self, *, http_deadline: float, ws_deadline: float | None):
            now = time.monotonic()
            if ws_deadline is None:
                if self.open_connections(websocket=False) and now < http_deadline:
                    reactor.callLater(0.1, self.drain_step, http_deadline=http_deadline, ws_deadline=None)
                    return
                for protocol in self.open_connections(websocket=True):
                    # 1012 "service restart": autobahn's public sendClose() allows only 1000 and 3000-4999.
                    protocol.sendCloseFrame(code=1012, reasonUtf8=b"service restart")
                ws_deadline = now + WS_DRAIN_TIMEOUT
            if self.connections and now < ws_deadline:
                reactor.callLater(0.1, self.drain_step, http_deadline=http_deadline, ws_deadline=ws_deadline)
                return
            self.stop()

    return GracefulServer


def run_worker(*, fd: int, ready_fd: int, access_log: bool) -> None:
    _die_with_parent()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    # A bounded PostgreSQL pool per worker: ASGI gives every request a thread of its own, so persistent
    # per-thread connections would pile up past PostgreSQL's max_connections under load.
    os.environ.setdefault("DATABASE_POOL_MAX_SIZE", str(DEFAULT_POOL_SIZE))
    from daphne.cli import CommandLineInterface  # installs Twisted's asyncio reactor first
    from twisted.internet import reactor

    def report_ready() -> None:
        os.write(ready_fd, b"1")
        os.close(ready_fd)

    # Daphne imports the application before it starts the reactor: running reactor == ready to accept.
    reactor.callWhenRunning(report_ready)
    cli = CommandLineInterface()
    cli.server_class = graceful_server_class()
    # No --proxy-headers: Daphne would take the leftmost X-Forwarded-For, which the client writes. The client's
    # address comes from network.clientip (ORTAQ_TRUSTED_PROXIES); https from SECURE_PROXY_SSL_HEADER.
    cli.run(["--fd", str(fd), "-v", "1" if access_log else "0", "config.asgi:application"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
    )
    parser.add_argument("--access-log", action="store_true", help="workers log every request to stdout")
    parser.add_argument("--stop-timeout", type=float, default=15.0, help="seconds before SIGKILL")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--fd", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--ready-fd", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        run_worker(fd=args.fd, ready_fd=args.ready_fd, access_log=args.access_log)
        return 0
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        log(f"cannot listen on {args.host}:{args.port}: {error}")
        return 1
    supervisor = Supervisor(sock=sock, workers=args.workers, access_log=args.access_log, stop_timeout=args.stop_timeout)
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
