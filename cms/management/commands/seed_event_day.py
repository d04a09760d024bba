"""Data for bench/event_day.py: members, a poster session starting within the hour, 30 boarded posters, a thread.

    python manage.py seed_event_day [--members 150] [--capacity 140] [--posters 30]
    python manage.py seed_event_day --end <slug>    # the day is over: certificates can be issued

Idempotent for members (eventday-NNN@example.org, the demo password); each run makes a fresh event (so registrations
start empty) and prints one JSON line the bench reads. Needs `seed_demo` first (the facilitator, groups, home pages).
"""

import json
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.crypto import get_random_string

from forums import services as forum_services
from forums.models import Board
from network.demo import DEMO_PASSWORD, _user
from network.models import EventIndexPage, EventPage, Membership, TeacherGroup, User
from projects import services as project_services
from projects.models import PosterPresentation


class Command(BaseCommand):
    help = "Members, an event and posters for the event-day benchmark (bench/event_day.py)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=150)
        parser.add_argument("--capacity", type=int, default=140)
        parser.add_argument("--posters", type=int, default=30)
        parser.add_argument("--end", metavar="SLUG", help="end that event now (its last session is over)")

    def handle(self, *, members, capacity, posters, end=None, **options):
        if end:
            event = EventPage.objects.get(slug=end)
            EventPage.objects.filter(pk=event.pk).update(end=timezone.now() - timedelta(minutes=1))
            self.stdout.write(json.dumps({"slug": end, "ended": True}))
            return
        organiser = User.objects.get(email="facilitator@example.org")
        group = TeacherGroup.objects.filter(facilitator=organiser).order_by("pk").first()
        password = make_password(DEMO_PASSWORD)
        people = []
        for n in range(1, members + 1):
            user = _user(f"eventday-{n:03d}@example.org", f"Event Day {n:03d}", password, preferred_language="kk")
            Membership.objects.get_or_create(group=group, user=user)
            people.append(user)
        # Members seeded before a change of password hasher sign in with today's (each sign-in would re-store it).
        User.objects.filter(pk__in=[user.pk for user in people]).update(password=password)
        index = EventIndexPage.objects.filter(locale__language_code="kk").first()
        start = timezone.now() + timedelta(minutes=50)  # registration still open, check-in already open
        suffix = get_random_string(6).lower()
        event = index.add_child(
            instance=EventPage(
                title=f"Event day {suffix}",
                slug=f"event-day-{suffix}",
                start=start,
                end=start + timedelta(hours=6),
                time_zone="Asia/Almaty",
                town="Shelek",
                cpd_hours=6,
                capacity=capacity,
                locale=index.locale,
            )
        )
        event.organisers.set([organiser])
        event.save_revision().publish()
        event = EventPage.objects.get(pk=event.pk)
        project_services.ensure_site_structure()
        feedback_urls = []
        for board, presenter in enumerate(people[:posters], start=1):
            project = project_services.create_project(
                user=presenter,
                title=f"Poster {board} ({suffix})",
                subject="science",
                language="kk",
                group=group,
                concern="Pupils without a laboratory.",
            )
            PosterPresentation.objects.create(
                event=event,
                project=project,
                presenter=presenter,
                status=PosterPresentation.Status.ACCEPTED,
                board_number=board,
            )
            feedback_urls.append(f"/kk/forums/feedback/{project.pk}/")
        board = Board.objects.filter(kind=Board.Kind.THEME).order_by("pk").first()
        thread = forum_services.create_thread(board=board, author=organiser, title=f"Event day {suffix}", body="Q&A")
        self.stdout.write(
            json.dumps(
                {
                    "slug": event.slug,
                    "checkin_code": event.checkin_code,
                    "members": [user.email for user in people],
                    "organiser": organiser.email,
                    "feedback_urls": feedback_urls,
                    "reply_url": f"/kk/forums/t/{thread.pk}/reply/",
                }
            )
        )
