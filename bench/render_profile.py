"""Where a page render spends its time: pyinstrument over Django's test client, production settings.

    .venv/bin/python bench/render_profile.py [--path /kk/] [--renders 50] [--signed-in] [--embedded]

Runs in this process on the bench's PostgreSQL + Redis (or `--embedded`: SQLite, local-memory cache), DEBUG off.
Prints the call tree (frames under 2% of the time hidden) and the query count of one render.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as common  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", default="/kk/")
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--signed-in", action="store_true", help="as teacher@example.org")
    parser.add_argument("--embedded", action="store_true", help="SQLite + local-memory cache instead")
    parser.add_argument("--duration", type=float, help="accepted for `make bench BENCH_ARGS=--duration N`; unused")
    parser.add_argument("--skip-setup", action="store_true")
    args = parser.parse_args()

    print(f"# Profile: {args.renders} renders of {args.path} through Django's test client")
    print(f"command: {common.command_line()}", flush=True)
    env = common.embedded_env() if args.embedded else common.serve_env()
    if not args.skip_setup:
        common.ensure_database(env)
    common.manage(env, "collectstatic", "--noinput", "-v0")  # DEBUG off serves the hashed names
    env["DJANGO_DEBUG"] = "0"
    env.setdefault("DJANGO_SECRET_KEY", os.urandom(32).hex())
    env.setdefault("ORTAQ_PUBLIC_URL", "http://127.0.0.1:8000")
    env |= {"DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0", "DJANGO_LOG_LEVEL": "WARNING"}
    os.environ.update(env)
    sys.path.insert(0, str(common.ROOT))

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    from network.models import User

    client = Client()
    if args.signed_in:
        client.force_login(User.objects.get(email="teacher@example.org"))
    for _ in range(5):  # warm: templates compiled, connections open
        response = client.get(args.path)
    if response.status_code != 200:
        sys.exit(f"{args.path} answered {response.status_code}")
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(args.path)

    # CPU time of this process without the profiler: what a render costs a core, much less sensitive than wall time
    # to other processes on the machine (pages.py's Server-Timing is wall time inside the server).
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for _ in range(args.renders):
        client.get(args.path)
    cpu_ms = (time.process_time() - cpu_started) / args.renders * 1000
    wall_ms = (time.perf_counter() - wall_started) / args.renders * 1000
    print(f"\n{cpu_ms:.1f} ms of CPU per render ({wall_ms:.1f} ms wall), without the profiler")

    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    profiler.start()
    for _ in range(args.renders):
        client.get(args.path)
    profiler.stop()
    elapsed = time.perf_counter() - started
    print(f"{elapsed / args.renders * 1000:.1f} ms wall per render under the profiler, {len(queries)} SQL queries\n")
    print(profiler.output_text(unicode=False, color=False, show_all=False, time="percent_of_total"))
    print(f"command: {common.command_line()}")


if __name__ == "__main__":
    main()
