"""Live fan-out: N readers on one thread's WebSocket, posts from a writer; a bare Channels baseline in the same run.

    .venv/bin/python bench/fanout.py [--readers 500] [--posts 50] [--rate 5] [--variants steady,churn]
                                     [--servers bare,serve] [--thread-id ID] [--workers 2] [--layers lists]
    longer: --readers 500,1000 --variants steady,churn,redis-restart

Protocol (docs/websocket-protocol.md): the writer sends {"type": "post.create", "body": …, "client_token": uuid};
every reader should receive {"type": "post.created", "seq", "id", "html"}. The send time is embedded in the body,
so each delivery's latency is measured. A reader that reconnects sends {"type": "resume", "after": <last seq>};
posts it gets on a connection opened after they were sent count as *late* (replayed), not lost. *Lost* = missing
at the end. Variants: `steady`; `churn` (10% of readers drop and reconnect every second); `redis-restart` (the
bench's own redis-server, port BENCH_FANOUT_REDIS_PORT or 6390, is shut down half-way and started a second later).
Servers: `bare` (bench/_bare_channels.py: the protocol on bare Channels, no database, no auth, frames as big as
Ortaq's, same gunicorn + uvicorn workers and Redis), `serve` (`make serve`), `daphne` (one Daphne process). The
table gives each row's p95 as a multiple of the bare row's for the same readers and variant.
"""

import argparse
import asyncio
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as common  # noqa: E402
import websockets  # noqa: E402
from pages import find_thread  # noqa: E402

REDIS_PORT = int(os.environ.get("BENCH_FANOUT_REDIS_PORT", "6390"))
BENCH_TMP = "/tmp"  # pid and log of the bench's throwaway Redis; `make bench` runs on its own machine  # nosec B108
MARKER = re.compile(r"bench-(\d+)-(\d+)")
CONNECT_PARALLELISM = 50


# --- the bench's own Redis (never the shared one on 6379) --------------------------------------------------
def redis_start() -> None:
    subprocess.run(
        [
            "redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "yes", "--pidfile", f"{BENCH_TMP}/ortaq-bench-redis-{REDIS_PORT}.pid",
            "--logfile", f"{BENCH_TMP}/ortaq-bench-redis-{REDIS_PORT}.log",
        ],
        check=True,
        timeout=10,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if redis_ping():
            return
        time.sleep(0.05)
    raise RuntimeError(f"redis-server on {REDIS_PORT} did not start")


def redis_ping() -> bool:
    result = subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True, timeout=5)
    return result.stdout.strip() == "PONG"


def redis_stop() -> None:
    subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"], capture_output=True, timeout=10)


# --- readers and writer --------------------------------------------------------------------------------
class Reader:
    def __init__(self, url: str, headers: dict, after: int):
        self.url, self.headers = url, headers
        self.last_seq = after
        self.live: dict[int, float] = {}  # post index -> latency (s)
        self.late: set[int] = set()
        self.reconnects = 0
        self.connected_at = 0.0
        self.socket = None
        self.ready = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 0.2
        first = True
        while not stop.is_set():
            try:
                async with websockets.connect(
                    self.url, additional_headers=self.headers, open_timeout=30, ping_interval=None, max_queue=None
                ) as socket:
                    self.socket, self.connected_at, backoff = socket, time.time_ns(), 0.2
                    if not first:
                        self.reconnects += 1
                        await socket.send(json.dumps({"type": "resume", "after": self.last_seq}))
                    first = False
                    self.ready.set()
                    async for frame in socket:
                        self.receive(json.loads(frame))
            except (OSError, TimeoutError, websockets.exceptions.WebSocketException):
                pass
            self.socket = None
            if not stop.is_set():
                await asyncio.sleep(backoff)
                backoff = min(2.0, backoff * 2)

    def receive(self, event: dict) -> None:
        if event.get("type") != "post.created":
            return
        self.last_seq = max(self.last_seq, int(event.get("seq") or 0))
        match = MARKER.search(event.get("html", "") + json.dumps(event.get("body", "")))
        if not match:
            return
        index, sent = int(match.group(1)), int(match.group(2))
        if index in self.live or index in self.late:
            return
        if sent < self.connected_at:
            self.late.add(index)  # replayed after a reconnect
        else:
            self.live[index] = (time.time_ns() - sent) / 1e9

    async def drop(self) -> None:
        if self.socket is not None:
            await self.socket.close()


async def write_posts(url: str, headers: dict, *, posts: int, rate: float, halfway) -> int:
    """Send `posts` posts at `rate` per second; returns the number of error frames received."""
    errors = 0
    async with websockets.connect(url, additional_headers=headers, open_timeout=30) as socket:

        async def count_errors():
            nonlocal errors
            async for frame in socket:
                if json.loads(frame).get("type") == "error":
                    errors += 1

        listener = asyncio.create_task(count_errors())
        for index in range(posts):
            if index == posts // 2 and halfway:
                await halfway()
            body = f"Fan-out check bench-{index}-{time.time_ns()}"
            try:
                await socket.send(json.dumps({"type": "post.create", "body": body, "client_token": str(uuid.uuid4())}))
            except websockets.exceptions.ConnectionClosed:
                errors += 1
                break
            await asyncio.sleep(1 / rate)
        await asyncio.sleep(0.5)
        listener.cancel()
    return errors


async def connect_all(readers: list[Reader], stop: asyncio.Event) -> list[asyncio.Task]:
    tasks = []
    for start in range(0, len(readers), CONNECT_PARALLELISM):
        batch = readers[start : start + CONNECT_PARALLELISM]
        tasks += [asyncio.create_task(reader.run(stop)) for reader in batch]
        await asyncio.wait_for(asyncio.gather(*(reader.ready.wait() for reader in batch)), timeout=120)
    return tasks


async def churn(readers: list[Reader], stop: asyncio.Event) -> None:
    while not stop.is_set():
        await asyncio.sleep(1)
        for reader in random.sample(readers, max(1, len(readers) // 10)):
            await reader.drop()


async def run_thread(ws_url: str, headers: dict, after: int, *, readers: int, variant: str, args) -> list:
    stop = asyncio.Event()
    group = [Reader(ws_url, headers, after) for _ in range(readers)]
    tasks = await connect_all(group, stop)
    churner = asyncio.create_task(churn(group, stop)) if variant == "churn" else None

    async def restart_redis():
        redis_stop()
        await asyncio.sleep(1)
        redis_start()

    writer_errors = await write_posts(
        ws_url,
        headers,
        posts=args.posts,
        rate=args.rate,
        halfway=restart_redis if variant == "redis-restart" else None,
    )
    deadline = time.monotonic() + args.drain
    while time.monotonic() < deadline and any(len(r.live) + len(r.late) < args.posts for r in group):
        await asyncio.sleep(0.2)
    stop.set()
    if churner:
        churner.cancel()
    for reader in group:
        await reader.drop()
    await asyncio.wait(tasks, timeout=10)

    latencies = [latency for reader in group for latency in reader.live.values()]
    late = sum(len(reader.late) for reader in group)
    expected = readers * args.posts
    lost = expected - len(latencies) - late
    return [
        readers,
        variant,
        args.posts,
        expected,
        len(latencies),
        late,
        lost,
        f"{common.percentile(latencies, 50) * 1000:.0f}",
        f"{common.percentile(latencies, 95) * 1000:.0f}",
        f"{common.percentile(latencies, 99) * 1000:.0f}",
        sum(reader.reconnects for reader in group),
        writer_errors,
    ]


def thread_stream(base: str, cookie: str, thread_id: int | None) -> tuple[str, int] | None:
    """(/ws/threads/<id>/, last seq shown) of the given thread or of the seeded long one; None if none exists."""
    if thread_id is None:
        page = find_thread(base, cookie)
        if page is None:
            return None
        _, html = common.fetch(base, page, cookie)
        match = re.search(r"/ws/threads/(\d+)/", html)
        if not match:
            return None
        thread_id = int(match.group(1))
        last = re.search(r'data-last-id="(\d+)"', html)
        return f"/ws/threads/{thread_id}/", int(last.group(1)) if last else 0
    return f"/ws/threads/{thread_id}/", 0


def post_frame_bytes(html: str) -> int:
    """The average size of one rendered post on the thread page (what a post.created frame carries)."""
    items = re.findall(r'<li class="post.*?</li>', html, flags=re.S)
    return sum(len(item.encode()) for item in items) // len(items) if items else 2000


def run_cells(label: str, ws_url: str, headers: dict, after: int, readers: list[int], args) -> list[list]:
    rows = []
    for count in readers:
        for variant in args.variants.split(","):
            try:
                row = asyncio.run(run_thread(ws_url, headers, after, readers=count, variant=variant, args=args))
            except TimeoutError:  # the server could not even accept them all within 2 minutes: say so, go on
                row = [count, variant, args.posts, count * args.posts, 0, 0, count * args.posts, *["nan"] * 3, 0, 0]
                row[1] = f"{variant} (connect timed out)"
            rows.append([label, *row])
            print(f"  {label}: {count} readers, {variant}: p95 {row[8]} ms, lost {row[6]}, late {row[5]}", flush=True)
    return rows


def with_ratio(rows: list[list]) -> list[list]:
    """Append each row's p95 as a multiple of the bare baseline's p95 for the same readers and variant."""
    bare = {(row[1], row[2]): float(row[9]) for row in rows if row[0] == "bare" and row[9] != "nan"}
    out = []
    for row in rows:
        base = bare.get((row[1], row[2]))
        ratio = "" if row[0] == "bare" or not base or row[9] == "nan" else f"{float(row[9]) / base:.2f}x"
        out.append([*row, ratio])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", default="500", help="comma-separated reader counts (e.g. 100,500,1000)")
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--rate", type=float, default=5, help="posts per second from the writer")
    parser.add_argument("--variants", default="steady,churn", help="of steady,churn,redis-restart")
    parser.add_argument("--servers", default="bare,serve", help="bare (baseline), serve (make serve), daphne")
    parser.add_argument("--thread-id", type=int, help="default: the thread with the most posts on the boards")
    parser.add_argument("--workers", type=int, default=2, help="workers of every server (at least 2)")
    parser.add_argument("--drain", type=float, default=10, help="seconds to wait for stragglers after the last post")
    parser.add_argument("--duration", type=float, help="accepted for `make bench BENCH_ARGS=--duration N`; unused")
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument("--layers", default="lists", help="REDIS_CHANNEL_LAYER values to compare (lists, pubsub)")
    args = parser.parse_args()
    readers = [int(n) for n in args.readers.split(",")]
    servers = args.servers.split(",")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # 2 sockets per reader, here and in the workers
    if redis_ping():
        sys.exit(f"port {REDIS_PORT} already has a Redis; the fan-out bench starts and stops its own there")

    print(f"# Fan-out: {', '.join(servers)} with {args.workers} workers each, own Redis on {REDIS_PORT}")
    print(f"command: {common.command_line()}", flush=True)
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1, 5, 15 min)")
    # The bench measures delivery, not abuse protection: one writer sends every post, so lift the limits.
    env = common.serve_env(redis_url=f"redis://127.0.0.1:{REDIS_PORT}/0") | {
        "FORUMS_POSTS_PER_MINUTE": "1000000",
        "ORTAQ_WS_MESSAGES_PER_10S": "1000000",
        "ORTAQ_WS_CONNECTS_PER_MINUTE": "1000000",
    }
    if not args.skip_setup:
        common.ensure_database(env)
    rows = []
    stream_path, frame_bytes = None, 2000
    for layer in args.layers.split(","):
        redis_start()
        try:
            for kind in [server for server in servers if server != "bare"]:
                with common.server(kind, env=env | {"REDIS_CHANNEL_LAYER": layer}, workers=args.workers) as (base, _):
                    cookie = common.login(base, "teacher@example.org")
                    headers = {"Cookie": f"sessionid={cookie}", "Origin": base}
                    stream = thread_stream(base, cookie, args.thread_id)
                    if stream is None:
                        sys.exit("no thread with a /ws/threads/ stream found (seed_demo makes some)")
                    stream_path, after = stream
                    frame_bytes = post_frame_bytes(common.fetch(base, find_thread(base, cookie) or "/", cookie)[1])
                    if "bare" in servers and not any(row[0] == "bare" for row in rows):
                        # Run in the same bench, with Ortaq's server idle: the baseline's frames are as big as ours.
                        with common.server(
                            "bare",
                            env=common.base_env()
                            | {"REDIS_URL": env["REDIS_URL"], "BARE_FRAME_BYTES": str(frame_bytes)},
                            workers=args.workers,
                        ) as (bare, _):
                            bare_ws = bare.replace("http://", "ws://") + "/ws/threads/1/"
                            rows += run_cells("bare", bare_ws, {"Origin": bare}, 0, readers, args)
                    label = kind if len(args.layers.split(",")) == 1 else f"{kind} ({layer})"
                    rows += run_cells(
                        label, base.replace("http://", "ws://") + stream_path, headers, after, readers, args
                    )
        finally:
            redis_stop()
    print(
        f"\nstream: {stream_path}, {args.posts} posts at {args.rate:g}/s, frames of ~{frame_bytes} B html, "
        f"{args.workers} workers per server"
    )
    common.print_table(
        [
            "server", "readers", "variant", "posts", "expected", "live", "late", "lost",
            "p50 ms", "p95 ms", "p99 ms", "reconnects", "writer errors", "p95 / bare",
        ],
        with_ratio(rows),
    )  # fmt: skip
    print(f"\ncommand: {common.command_line()}")


if __name__ == "__main__":
    main()
