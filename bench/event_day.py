"""The network event day of issue 13, replayed over HTTP: p50/p95 and errors per step.

    .venv/bin/python bench/event_day.py [--members 150]                  # starts `make run`'s server (embedded)
    .venv/bin/python bench/event_day.py --serve [--workers 2]            # starts `make serve` (PostgreSQL + Redis)
    .venv/bin/python bench/event_day.py --burst                          # every step's requests at the same moment
    DATABASE_URL=… .venv/bin/python bench/event_day.py --base-url http://127.0.0.1:8000  # any running server

Without --base-url it seeds its own database and starts the server itself: the embedded one (runserver/Daphne,
DEBUG on, SQLite, like `make run`) or with --serve gunicorn + uvicorn workers on the bench's PostgreSQL and Redis.
With --base-url it seeds the database named by DATABASE_URL (the server's own: `manage.py seed_event_day`) and
replays against that address.

Steps: every member signs in (one venue address), registers (capacity members-10: the rest wait), the confirmed
ones check in with the venue code; then everyone posts feedback on a poster in the gallery walk, everyone replies
in the live thread, the organiser announces 3 times and, after the end, issues the certificates.

Pace: by default each step's requests arrive at the rate of a real day, at random moments (uniform, fixed seed)
within its window: 150 sign-ins within two minutes (issue 13's door), registrations within a minute, the door's
check-ins within two minutes, a gallery-walk rotation's feedback within one minute, the live thread's replies
within one minute (--time-scale 0.5 halves every window). --burst sends each step's requests all at once instead
(the SQLite stress test: 150 writes queued on one writer). Each member loads the form page first (untimed, as a
browser does); the time is the POST's. An error is any 5xx, a refused sign-in, or an answer other than the step's
expected redirect.
"""

import argparse
import json
import os
import random
import re
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as common  # noqa: E402
import requests  # noqa: E402


class Member:
    """One browser: a session, its CSRF token, every request timed."""

    def __init__(self, base: str, email: str):
        self.base, self.email, self.session = base, email, requests.Session()

    def csrf(self, path: str) -> str:
        page = self.session.get(self.base + path, timeout=60)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        return match.group(1) if match else self.session.cookies.get("csrftoken", "")

    def post(self, path: str, data: dict, *, form_page: str) -> tuple[float, int]:
        token = self.csrf(form_page)
        started = time.perf_counter()
        response = self.session.post(
            self.base + path,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": self.base + form_page},
            timeout=120,
            allow_redirects=False,
        )
        return time.perf_counter() - started, response.status_code


WINDOWS = {"sign-in": 120, "register": 60, "check-in": 120, "feedback": 60, "reply": 60}  # seconds, a real day


def run_step(name: str, calls: list, concurrency: int, *, ok=(302,), window: float = 0) -> list:
    """Run `calls`, at most `concurrency` at a time; with a window, each starts at its own random moment in it."""
    if window:
        arrivals = random.Random(name)  # a Poisson day: uniform moments, the same each run  # nosec B311
        moments = sorted(arrivals.uniform(0, window) for _ in calls)
        start = time.monotonic()

        def paced(call, at):
            time.sleep(max(0.0, start + at - time.monotonic()))
            return _safe(call)

        with ThreadPoolExecutor(max_workers=max(concurrency, 50)) as pool:
            results = list(pool.map(paced, calls, moments))
    else:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = list(pool.map(_safe, calls))
    times = [seconds for seconds, _status in results if seconds is not None]
    errors = sum(1 for _seconds, status in results if status not in ok)
    server_errors = sum(1 for _seconds, status in results if isinstance(status, int) and status >= 500)
    return [
        name,
        len(calls),
        errors,
        server_errors,
        f"{common.percentile(times, 50) * 1000:.0f}",
        f"{common.percentile(times, 95) * 1000:.0f}",
    ]


def _safe(call):
    try:
        return call()
    except requests.RequestException as error:
        return None, type(error).__name__


def sign_in(member: Member) -> tuple[float, int]:
    seconds, status = member.post(
        "/accounts/login/", {"login": member.email, "password": common.DEMO_PASSWORD}, form_page="/accounts/login/"
    )
    return seconds, status if member.session.cookies.get("sessionid") else f"refused {status}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running server (its DATABASE_URL in the environment for seeding)")
    parser.add_argument("--members", type=int, default=150)
    parser.add_argument("--concurrency", type=int, default=30, help="simultaneous requests with --burst")
    parser.add_argument("--serve", action="store_true", help="`make serve` (gunicorn, PostgreSQL + Redis)")
    parser.add_argument("--workers", type=int, default=common.SERVE_WORKERS, help="gunicorn workers with --serve")
    parser.add_argument("--burst", action="store_true", help="each step's requests at once, not at a day's pace")
    parser.add_argument("--time-scale", type=float, default=1.0, help="multiply every step's window by this")
    args = parser.parse_args()
    pace = "bursts" if args.burst else f"a real day's pace (windows × {args.time_scale:g})"
    print(f"# event day: {args.members} members, {pace} — {common.command_line()}")
    print(f"  load: {os.getloadavg()[0]:.1f} (1-minute load average on {os.cpu_count()} cores)")
    if args.base_url:
        env = common.base_env() | {"DATABASE_URL": os.environ.get("DATABASE_URL", common.SQLITE_URL)}
        replay(args.base_url.rstrip("/"), env, args)
        return
    kind, env = ("serve", common.serve_env()) if args.serve else ("embedded", common.embedded_env())
    common.ensure_database(env)
    with common.server(kind, env=env, workers=args.workers) as (base, _pid):
        if args.serve:
            print(f"  server: make serve, gunicorn with {args.workers} uvicorn workers, PostgreSQL + Redis")
        replay(base, env, args)


CONFIRMED = """
from network.models import Registration
confirmed = Registration.objects.filter(event__slug="SLUG", status="confirmed")
print(",".join(confirmed.values_list("user__email", flat=True)))
"""

COUNTS = """
import json
from forums.models import Feedback, Post
from network.models import Certificate, EventPage, Registration
event = EventPage.objects.get(slug="SLUG")
regs = Registration.objects.filter(event=event)
certs = Certificate.objects.filter(event=event, revoked_at=None)
print(json.dumps({
    "registrations": regs.count(), "waitlisted": regs.filter(status="waitlisted").count(),
    "checked_in": regs.exclude(checked_in_at=None).count(),
    "feedback": Feedback.objects.filter(works_well__startswith="Idea ", page_id__in=[PAGES]).count(),
    "replies": Post.objects.filter(thread_id=THREAD, body__startswith="Reply ").count(),
    "participation": certs.filter(kind="participation").count(),
    "presentation": certs.filter(kind="presentation").count(),
}))
"""


def replay(base: str, env: dict, args) -> None:
    seeded = json.loads(
        common.manage(env, "seed_event_day", f"--members={args.members}", f"--capacity={args.members - 10}")
        .strip()
        .splitlines()[-1]
    )
    slug, n = seeded["slug"], args.members
    members = [Member(base, email) for email in seeded["members"]]
    organiser = Member(base, seeded["organiser"])
    event_page = f"/kk/events/{slug}/"

    def window(step: str) -> float:
        return 0 if args.burst else WINDOWS[step] * args.time_scale

    everyone = [*members, organiser]
    rows = [
        run_step(
            "sign-in (one address)",
            [lambda m=m: sign_in(m) for m in everyone],
            args.concurrency,
            window=window("sign-in"),
        )
    ]
    rows.append(
        run_step(
            "register",
            [lambda m=m: m.post(f"/kk/events/{slug}/register/", {}, form_page=event_page) for m in members],
            args.concurrency,
            window=window("register"),
        )
    )
    confirmed = set(common.manage(env, "shell", "-c", CONFIRMED.replace("SLUG", slug)).strip().split(","))
    rows.append(
        run_step(
            "check-in",
            [
                lambda m=m: m.post(
                    f"/kk/events/{slug}/check-in/",
                    {"code": seeded["checkin_code"], "attendance": "in_person"},
                    form_page=event_page,
                )
                for m in members
                if m.email in confirmed  # the waitlisted are checked in by the organiser at the door page
            ],
            args.concurrency,
            window=window("check-in"),
        )
    )
    feedback = seeded["feedback_urls"]
    rows.append(
        run_step(
            f"feedback, gallery walk ({n})",
            [
                lambda i=i, m=m: m.post(
                    feedback[(i + 1) % len(feedback)], {"works_well": f"Idea {i}"}, form_page=feedback[0]
                )
                for i, m in enumerate(members)
            ],
            n,
            window=window("feedback"),
        )
    )
    reply, thread_page = seeded["reply_url"], seeded["reply_url"].removesuffix("reply/")
    rows.append(
        run_step(
            f"reply, live thread ({n})",
            [
                lambda i=i, m=m: m.post(
                    reply, {"body": f"Reply {i}", "client_token": str(uuid.uuid4())}, form_page=thread_page
                )
                for i, m in enumerate(members)
            ],
            n,
            window=window("reply"),
        )
    )
    live = f"/kk/forums/events/{slug}/live/"
    rows.append(
        run_step(
            "announce",
            [
                lambda t=t: organiser.post(live, {"text": f"Boards {t}: start"}, form_page=live)
                for t in ("1-10", "11-20", "21-30")
            ],
            1,
        )
    )
    common.manage(env, "seed_event_day", f"--end={slug}")  # the day is over: certificates may be issued now
    rows.append(
        run_step(
            "issue certificates",
            [
                lambda: organiser.post(
                    f"/kk/events/{slug}/certificates/", {}, form_page=f"/kk/events/{slug}/registrations/"
                )
            ],
            1,
        )
    )
    common.print_table(["step", "requests", "errors", "5xx", "p50 ms", "p95 ms"], rows)
    pages = ",".join(url.rstrip("/").rsplit("/", 1)[1] for url in feedback)
    query = COUNTS.replace("SLUG", slug).replace("THREAD", reply.split("/")[-3]).replace("PAGES", pages)
    counts = json.loads(common.manage(env, "shell", "-c", query).strip().splitlines()[-1])
    print(
        f"\nstored: {counts['registrations']} registrations ({counts['waitlisted']} waitlisted), "
        f"{counts['checked_in']} checked in, {counts['feedback']} feedback, {counts['replies']} replies, "
        f"certificates: {counts['participation']} participation + {counts['presentation']} presentation"
    )


if __name__ == "__main__":
    main()
