"""Resident memory of a `make serve` worker: idle, warmed up, and per idle WebSocket connection.

    .venv/bin/python bench/memory.py [--connections 1000] [--skip-setup]

One worker (so every socket lands on it), PostgreSQL + Redis. RSS is read from /proc/<pid>/status (VmRSS)
before and after opening N idle /ws/notifications/ sockets as the demo teacher, and again after closing them.
"""

import argparse
import asyncio
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as common  # noqa: E402
import websockets  # noqa: E402

BATCH = 50


def settle(pid: int, seconds: float = 2.0) -> int:
    time.sleep(seconds)
    return common.rss_kib(pid)


async def open_idle(url: str, headers: dict, count: int) -> list:
    sockets = []

    async def open_one():
        socket = await websockets.connect(url, additional_headers=headers, open_timeout=60, ping_interval=None)
        await socket.recv()  # "hello": the consumer is connected and subscribed
        sockets.append(socket)

    for start in range(0, count, BATCH):
        await asyncio.gather(*(open_one() for _ in range(min(BATCH, count - start))))
    return sockets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--duration", type=float, help="accepted for `make bench BENCH_ARGS=--duration N`; unused")
    parser.add_argument("--skip-setup", action="store_true")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    print(f"# Memory: one make serve worker, {args.connections} idle WebSockets")
    print(f"command: {common.command_line()}", flush=True)
    # One member opens every socket here: lift the per-member connection limit (abuse protection, not memory).
    env = common.serve_env() | {"ORTAQ_WS_CONNECTS_PER_MINUTE": "1000000"}
    if not args.skip_setup:
        common.ensure_database(env)
    rows = []
    with common.server("serve", env=env, workers=1) as (base, supervisor):
        (worker,) = common.children(supervisor)
        rows.append(["gunicorn master", common.rss_kib(supervisor), ""])
        idle = settle(worker)
        rows.append(["worker, idle after start (one /healthz)", idle, ""])
        for path in ("/kk/", "/kk/my/projects/", "/accounts/login/") * 10:
            common.fetch(base, path)
        cookie = common.login(base, "teacher@example.org")
        for path in ("/kk/", "/kk/my/projects/") * 10:
            common.fetch(base, path, cookie)
        warm = settle(worker)
        rows.append(["worker, warmed up (pages rendered)", warm, ""])

        headers = {"Cookie": f"sessionid={cookie}", "Origin": base}
        url = base.replace("http://", "ws://") + "/ws/notifications/"
        asyncio.run(_warm_sockets(url, headers))
        before = settle(worker)
        rows.append(["worker, after a first 20 sockets came and went", before, ""])

        async def hold():
            sockets = await open_idle(url, headers, args.connections)
            loaded = settle(worker, 3)
            for socket in sockets:
                await socket.close()
            return loaded

        loaded = asyncio.run(hold())
        per_socket = (loaded - before) / args.connections
        rows.append([f"worker with {args.connections} idle sockets", loaded, f"{per_socket:.1f} KiB per socket"])
        after = settle(worker, 4)
        rows.append(["worker after they closed", after, f"{after - before:+d} KiB kept"])
    print()
    common.print_table(["process", "RSS KiB", "note"], rows)
    print(f"\ncommand: {common.command_line()}")


async def _warm_sockets(url: str, headers: dict) -> None:
    """Open and close a few sockets so one-time imports and pools are not counted per connection."""
    for socket in await open_idle(url, headers, 20):
        await socket.close()


if __name__ == "__main__":
    main()
