"""Page server time and queries (one reader at a time), then throughput and latency (p50/p95/p99) with wrk.

    .venv/bin/python bench/pages.py [--duration 3] [--targets serve] [--concurrency 1,10] [--samples 20]
                                    [--case-study-url /kk/…] [--event-url /kk/…] [--thread-url /kk/…]

Targets: `serve` (gunicorn + uvicorn workers, PostgreSQL + Redis, like `make serve`), `daphne` (the Daphne
supervisor `make serve` used before, while it exists) and `embedded` (runserver/Daphne, SQLite, like `make run`).
Server time = the app's own `Server-Timing` header (ORTAQ_SERVER_TIMING=1: from the outermost middleware to the
response, and the queries it made), p50 of `--samples` sequential requests after 3 warm-ups.
Pages that do not exist yet are discovered from their index at run time, or skipped with a note.
Longer, fuller runs: `--duration 10 --concurrency 1,10,50 --targets serve,embedded`.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as common  # noqa: E402

WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
               + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "errors": %d, "p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk(url: str, *, connections: int, duration: float, cookie: str | None, script: str) -> dict:
    threads = min(connections, 2)
    seconds = max(1, round(duration))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    result = subprocess.run([*command, url], capture_output=True, text=True, timeout=duration + 60)
    match = re.search(r"WRK_JSON (\{.*\})", result.stdout)
    if not match:
        raise RuntimeError(f"wrk failed: {result.stdout}{result.stderr}")
    data = json.loads(match.group(1))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def discover(base: str, cookie: str, args) -> list[tuple[str, str, str | None]]:
    """(label, path, cookie) for every page to measure; absent pages are skipped with a note."""
    pages = [("home (anonymous)", "/kk/", None), ("case-study index", "/kk/case-studies/", None)]

    def first_below(index: str, given: str | None, label: str, *, signed_in: bool = False) -> None:
        session = cookie if signed_in else None
        if given:
            pages.append((label, given, session))
            return
        status, html = common.fetch(base, index, session)
        found = common.links(html, index) if status == 200 else []
        found = [link for link in found if not re.search(r"/(page|calendar\.ics|feed)", link)]
        if found:
            pages.append((label, found[0], session))
        else:
            common.note(f"{label}: none found under {index} (HTTP {status}); skipped. Pass the URL to measure it.")

    first_below("/kk/case-studies/", args.case_study_url, "a case study")
    first_below("/kk/events/", args.event_url, "an event page")
    thread = args.thread_url or find_thread(base, cookie)
    if thread:
        pages.append(("forum thread, 25 posts (signed in)", thread, cookie))
    else:
        common.note("forum thread: none found under /kk/forums/; skipped. Pass --thread-url to measure one.")
    pages.append(("dashboard (signed in)", "/kk/my/projects/", cookie))
    _, dashboard = common.fetch(base, "/kk/my/projects/", cookie)
    projects = [link for link in common.links(dashboard, "/kk/my/projects/") if re.fullmatch(r".*/\d+/", link)]
    if projects:
        pages.append(("a project page (signed in)", projects[0], cookie))
    organiser = common.login(base, "facilitator@example.org")
    _, events = common.fetch(base, "/kk/events/", None)
    for event in common.links(events, "/kk/events/"):
        live = f"/kk/forums/events/{event.rstrip('/').rsplit('/', 1)[-1]}/live/"
        if common.fetch(base, live, organiser)[0] == 200:
            pages.append(("event live dashboard (organiser)", live, organiser))
            break

    checked = []
    for label, path, session in pages:
        status, _ = common.fetch(base, path, session)
        if status == 200:
            checked.append((label, path, session))
        else:
            common.note(f"{label} {path}: HTTP {status}; skipped.")
    return checked


def server_time(base: str, path: str, cookie: str | None, samples: int) -> tuple[float, int, float]:
    """(p50 server ms, queries, p50 wall ms) of `samples` sequential requests, after 3 warm-ups."""
    import time
    import urllib.request

    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    app, queries, wall = [], [], []
    for n in range(samples + 3):
        started = time.perf_counter()
        with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers), timeout=30) as response:  # nosec B310
            response.read()
            timing = response.headers.get("Server-Timing", "")
        if n < 3:
            continue
        wall.append((time.perf_counter() - started) * 1000)
        match = re.search(r"app;dur=([\d.]+).*?\"(\d+) queries", timing)
        if match:
            app.append(float(match.group(1)))
            queries.append(int(match.group(2)))
    return common.percentile(app, 50), max(queries, default=-1), common.percentile(wall, 50)


def find_thread(base: str, cookie: str) -> str | None:
    """The forum thread with the largest page among those linked from the boards (the seeded long thread)."""
    status, html = common.fetch(base, "/kk/forums/", cookie)
    if status != 200:
        return None
    best, best_size = None, 0
    is_thread = re.compile(r"/kk/forums/t/\d+/$").search
    # The index also links event rooms, flags and settings: look at up to 15 boards, 30 threads in all.
    boards = [link for link in common.links(html, "/kk/forums/") if not is_thread(link)][:15]
    threads = [link for link in common.links(html, "/kk/forums/") if is_thread(link)]
    for board in boards:
        if len(threads) >= 30:
            break
        _, board_html = common.fetch(base, board, cookie)
        threads += [link for link in common.links(board_html, "/kk/forums/") if is_thread(link) and link not in threads]
    for thread in threads[:30]:
        thread_status, thread_html = common.fetch(base, thread, cookie)
        if thread_status == 200 and "/ws/threads/" in thread_html and len(thread_html) > best_size:
            best, best_size = thread, len(thread_html)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=3, help="seconds per wrk cell (default 3)")
    parser.add_argument("--targets", default="serve", help="serve[,daphne][,embedded]")
    parser.add_argument("--concurrency", default="1,10")
    parser.add_argument("--samples", type=int, default=20, help="sequential requests per page for server time")
    parser.add_argument("--workers", type=int, default=2, help="workers for serve/daphne (default 2)")
    parser.add_argument("--case-study-url")
    parser.add_argument("--event-url")
    parser.add_argument("--thread-url", help="e.g. the seeded thread with 200 posts")
    parser.add_argument("--skip-setup", action="store_true", help="do not migrate/seed the bench databases")
    parser.add_argument(
        "--baseline",
        help="another site's pages to set beside Ortaq's anonymous home, case-study index and case study, in that "
        "order (issue 19 item 4: bakerydemo's home, blog index and a bread page), as comma-separated URLs",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/pages.py needs wrk (Debian: apt-get install wrk; `make bench` installs it)")
    concurrencies = [int(c) for c in args.concurrency.split(",")] if args.concurrency else []

    print(f"# Pages: server time, then {args.duration:g} s per wrk cell on 127.0.0.1, {args.workers} workers")
    print(f"command: {common.command_line()}")
    print(f"load: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)", flush=True)
    timing_rows, rows = [], []
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    for target in args.targets.split(","):
        env = (common.embedded_env() if target == "embedded" else common.serve_env()) | {"ORTAQ_SERVER_TIMING": "1"}
        if not args.skip_setup:
            common.ensure_database(env)
        with common.server(target, env=env, workers=args.workers) as (base, _):
            cookie = common.login(base, "teacher@example.org")
            for label, path, session in discover(base, cookie, args):
                app_ms, queries, wall_ms = server_time(base, path, session, args.samples)
                timing_rows.append([target, f"{label} `{path}`", f"{app_ms:.1f}", queries, f"{wall_ms:.1f}"])
                print(f"  {target} {path}: server {app_ms:.1f} ms, {queries} queries", flush=True)
                for connections in concurrencies:
                    result = wrk(
                        base + path, connections=connections, duration=args.duration, cookie=session, script=script.name
                    )
                    rows.append(
                        [
                            target,
                            f"{label} `{path}`",
                            connections,
                            f"{result['rps']:.1f}",
                            f"{result['p50'] / 1000:.0f}",
                            f"{result['p95'] / 1000:.0f}",
                            f"{result['p99'] / 1000:.0f}",
                            result["errors"],
                        ]
                    )
                    print(f"  {target} {path} c={connections}: {result['rps']:.1f} req/s", flush=True)
    pairs = []
    if args.baseline:
        ours = [row for row in rows if row[0] == args.targets.split(",")[0] and "signed in" not in row[1]]
        for url, label in zip(args.baseline.split(","), ("home", "case-study index", "a case study"), strict=False):
            for connections in concurrencies:
                theirs = wrk(url, connections=connections, duration=args.duration, cookie=None, script=script.name)
                print(f"  baseline {url} c={connections}: {theirs['rps']:.1f} req/s", flush=True)
                mine = next((r for r in ours if r[1].startswith(label) and r[2] == connections), None)
                if mine:
                    pairs.append(
                        [
                            f"{label} / {url}",
                            connections,
                            mine[3],
                            f"{theirs['rps']:.1f}",
                            f"{float(mine[3]) / theirs['rps']:.1f}x",
                            mine[5],
                            f"{theirs['p95'] / 1000:.0f}",
                        ]
                    )
    Path(script.name).unlink()
    print(f"\nServer time: p50 of {args.samples} sequential requests (Server-Timing), queries per request")
    common.print_table(["server", "page", "server ms p50", "queries", "wall ms p50"], timing_rows)
    if rows:
        print()
        common.print_table(["server", "page", "conc.", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"], rows)
    if pairs:
        print("\nAgainst the baseline (same machine, same wrk, one after the other)")
        headers = ["Ortaq page / baseline page", "conc.", "Ortaq req/s", "baseline req/s", "ratio", "Ortaq p95 ms"]
        common.print_table([*headers, "baseline p95 ms"], pairs)
    print(f"\ncommand: {common.command_line()}")


if __name__ == "__main__":
    main()
