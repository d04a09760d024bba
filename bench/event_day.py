"""The network event day of issue 13, replayed over HTTP: p50/p95 and errors per step.

    .venv/bin/python bench/event_day.py [--members 150] [--concurrency 30]          # starts `make run`'s server
    DATABASE_URL=… .venv/bin/python bench/event_day.py --base-url http://127.0.0.1:8000  # any running server

Without --base-url it seeds its own SQLite database and starts the embedded server (runserver/Daphne, DEBUG on,
like `make run`). With --base-url (e.g. `make serve`) it seeds the database named by DATABASE_URL (the server's own:
`manage.py seed_event_day`) and replays against that address. Steps: every member signs in (one address), registers
(capacity members-10: the rest wait), checks in with the venue code; then everyone posts feedback on a poster at
the same moment, everyone replies in one thread at the same moment, the organiser announces 3 times and issues the
certificates. An error is any 5xx, a refused sign-in, or an answer other than the step's expected redirect.
"""

import argparse
import json
import os
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


def run_step(name: str, calls: list, concurrency: int, *, ok=(302,)) -> list:
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda call: _safe(call), calls))
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
    parser.add_argument("--concurrency", type=int, default=30, help="simultaneous requests in the ordinary steps")
    args = parser.parse_args()
    print(f"# event day: {args.members} members — {common.command_line()}")
    print(f"  load: {os.getloadavg()[0]:.1f} (1-minute load average on {os.cpu_count()} cores)")
    if args.base_url:
        env = common.base_env() | {"DATABASE_URL": os.environ.get("DATABASE_URL", common.SQLITE_URL)}
        replay(args.base_url.rstrip("/"), env, args)
    else:
        env = common.embedded_env()
        common.ensure_database(env)
        with common.server("embedded", env=env) as (base, _pid):
            replay(base, env, args)


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
    rows = [
        run_step("sign-in (one address)", [lambda m=m: sign_in(m) for m in [*members, organiser]], args.concurrency)
    ]
    rows.append(
        run_step(
            "register",
            [lambda m=m: m.post(f"/kk/events/{slug}/register/", {}, form_page=event_page) for m in members],
            args.concurrency,
        )
    )
    rows.append(
        run_step(
            "check-in",
            [
                lambda m=m: m.post(
                    f"/kk/events/{slug}/check-in/",
                    {"code": seeded["checkin_code"], "attendance": "in_person"},
                    form_page=event_page,
                )
                for m in members[: n - 10]
            ],
            args.concurrency,
            ok=(302,),
        )
    )
    feedback = seeded["feedback_urls"]
    rows.append(
        run_step(
            f"feedback burst ({n} at once)",
            [
                lambda i=i, m=m: m.post(
                    feedback[(i + 1) % len(feedback)], {"works_well": f"Idea {i}"}, form_page=feedback[0]
                )
                for i, m in enumerate(members)
            ],
            n,
        )
    )
    reply, thread_page = seeded["reply_url"], seeded["reply_url"].removesuffix("reply/")
    rows.append(
        run_step(
            f"reply burst ({n} at once)",
            [
                lambda i=i, m=m: m.post(
                    reply, {"body": f"Reply {i}", "client_token": str(uuid.uuid4())}, form_page=thread_page
                )
                for i, m in enumerate(members)
            ],
            n,
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
