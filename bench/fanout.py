"""Live fan-out: N readers on one thread's WebSocket, M posts from a writer, over `make serve` + its own Redis.

    .venv/bin/python bench/fanout.py [--readers 100,500,1000] [--posts 100] [--rate 5]
                                     [--variants steady,churn,redis-restart] [--thread-id ID] [--workers 2]
                                     [--layers pubsub,lists]

Protocol (docs/websocket-protocol.md): the writer sends {"type": "post.create", "body": …, "client_token": uuid};
every reader should receive {"type": "post.created", "seq", "id", "html"}. The send time is embedded in the body,
so each delivery's latency is measured. A reader that reconnects sends {"type": "resume", "after": <last seq>}; posts it
gets on a connection opened after they were sent count as *late* (replayed), not lost. *Lost* = missing at the end.
Variants: `steady`; `churn` (10% of readers drop and reconnect every second); `redis-restart` (the bench's own
redis-server on port 6390 is shut down half-way through and started again a second later).
Layers (REDIS_CHANNEL_LAYER): `pubsub` (the default: one PUBLISH per post) and `lists` (channels-redis's classic
layer: one list entry per reader), each on a server of its own.
"""

import argparse
import asyncio
import json
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

REDIS_PORT = 6390
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", default="100,500,1000")
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--rate", type=float, default=5, help="posts per second from the writer")
    parser.add_argument("--variants", default="steady,churn,redis-restart")
    parser.add_argument("--thread-id", type=int, help="default: the thread with the most posts on the boards")
    parser.add_argument("--workers", type=int, default=2, help="make serve workers (at least 2)")
    parser.add_argument("--drain", type=float, default=15, help="seconds to wait for stragglers after the last post")
    parser.add_argument("--duration", type=float, help="accepted for `make bench BENCH_ARGS=--duration N`; unused")
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument("--layers", default="pubsub,lists", help="REDIS_CHANNEL_LAYER values to compare")
    args = parser.parse_args()
    readers = [int(n) for n in args.readers.split(",")]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # 2 sockets per reader, here and in the workers
    if redis_ping():
        sys.exit(f"port {REDIS_PORT} already has a Redis; the fan-out bench starts and stops its own there")

    print(f"# Fan-out: make serve with {args.workers} workers, its own Redis on {REDIS_PORT}")
    print(f"command: {common.command_line()}", flush=True)
    # The bench measures delivery, not abuse protection: one writer sends every post, so lift the limits.
    env = common.serve_env(redis_url=f"redis://127.0.0.1:{REDIS_PORT}/0") | {
        "FORUMS_POSTS_PER_MINUTE": "1000000",
        "ORTAQ_WS_MESSAGES_PER_10S": "1000000",
        "ORTAQ_WS_CONNECTS_PER_MINUTE": "1000000",
    }
    if not args.skip_setup:
        common.ensure_database(env)
    rows = []
    stream_path = None
    for layer in args.layers.split(","):
        redis_start()
        try:
            with common.server("serve", env=env | {"REDIS_CHANNEL_LAYER": layer}, workers=args.workers) as (base, _):
                cookie = common.login(base, "teacher@example.org")
                headers = {"Cookie": f"sessionid={cookie}", "Origin": base}
                ws_base = base.replace("http://", "ws://")
                stream = thread_stream(base, cookie, args.thread_id)
                if stream is None:
                    sys.exit("no thread with a /ws/threads/ stream found (seed_demo makes some)")
                stream_path, after = stream
                for count in readers:
                    for variant in args.variants.split(","):
                        row = asyncio.run(
                            run_thread(ws_base + stream_path, headers, after, readers=count, variant=variant, args=args)
                        )
                        rows.append([layer, *row])
                        print(f"  {layer}: {count} readers, {variant}: lost {row[6]}, late {row[5]}", flush=True)
        finally:
            redis_stop()
    print(f"\nstream: {stream_path}, {args.posts} posts at {args.rate:g}/s, {args.workers} workers")
    common.print_table(
        [
            "layer", "readers", "variant", "posts", "expected", "live", "late", "lost",
            "p50 ms", "p95 ms", "p99 ms", "reconnects", "writer errors",
        ],
        rows,
    )  # fmt: skip
    print(f"\ncommand: {common.command_line()}")


if __name__ == "__main__":
    main()
