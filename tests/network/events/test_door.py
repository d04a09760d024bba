"""Check-in at the door for a big event (issue 13 item 4): search by name or school, one tap that brings the
organiser back to the same row, waitlisted people and walk-ins checked in, a page within the budget at 200."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from bench.weight import client_fetcher, measure, over_budget
from network.models import Registration, School, User
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

PEOPLE = 200


@pytest.fixture
def door(make_event, facilitator):
    """An event on today with 200 registrations (150 registered, 50 on the waitlist), built in a few queries."""
    event = make_event(start=timezone.now() + dt.timedelta(minutes=30), organisers=[facilitator], capacity=150)
    region = RegionFactory()
    schools = School.objects.bulk_create(
        [School(name=f"Village School No. {n}", name_kk=f"№{n} ауыл мектебі", region=region) for n in range(20)]
    )
    users = User.objects.bulk_create(
        [
            User(
                username=f"door{n}",
                email=f"door{n}@example.org",
                display_name=f"Мұғалім {n}",
                school=schools[n % 20],
                password="!",
            )
            for n in range(PEOPLE)
        ]
    )
    special = users[7]
    special.display_name, special.school = (
        "Жанар Әбенова",
        School.objects.create(name="Shelek school-gymnasium", name_kk="Шелек мектеп-гимназиясы", region=region),
    )
    special.save()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            user=user,
            status=Registration.Status.CONFIRMED if n < 150 else Registration.Status.WAITLISTED,
        )
        for n, user in enumerate(users)
    )
    return event


def _url(event, suffix="registrations/"):
    return f"/en/events/{event.slug}/{suffix}"


def test_the_check_in_page_for_200_stays_within_the_budget(client, door, facilitator):
    client.force_login(facilitator)
    row = measure(client_fetcher(client), _url(door), "testserver", {})
    assert over_budget(row) == [], row
    print("door page, 200 registrations:", row["html_gz"], "B gzip")  # 3.3 KB of 14
    html = client.get(_url(door)).content.decode()
    assert html.count('class="registration"') == 50 and "Page 1 of 4" in html
    # search by a Cyrillic name or the school, whatever the case (SQLite folds only ASCII itself)
    for query in ("жанар", "ӘБЕНОВА", "шелек мектеп", "Shelek school"):
        html = client.get(_url(door), {"q": query}).content.decode()
        assert html.count('class="registration"') == 1 and "Жанар Әбенова" in html, query


def test_one_tap_check_in_comes_back_to_the_same_search_and_row_and_confirms_the_waitlisted(client, door, facilitator):
    registration = Registration.objects.get(event=door, user__display_name="Мұғалім 42")
    client.force_login(facilitator)
    response = client.post(_url(door), {"registration": registration.pk, "attendance": "in_person", "q": "Мұғалім 42"})
    location = urlsplit(response["Location"])
    assert parse_qs(location.query) == {"q": ["Мұғалім 42"]}
    assert location.fragment == f"registration-{registration.pk}"
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.IN_PERSON and registration.checked_in_at
    html = client.get(response["Location"]).content.decode()
    assert f'id="registration-{registration.pk}"' in html and "✓" in html
    # someone on the waitlist at the door: checked in and confirmed, back on the page where their row now stands
    waiting = Registration.objects.filter(event=door, status=Registration.Status.WAITLISTED).last()
    response = client.post(_url(door), {"registration": waiting.pk, "attendance": "in_person"})
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED and waiting.attendance == "in_person"
    assert urlsplit(response["Location"]).fragment == f"registration-{waiting.pk}"
    assert f'id="registration-{waiting.pk}"' in client.get(response["Location"]).content.decode()


def test_a_walk_in_is_registered_and_checked_in_in_one_step(client, door, facilitator, outsider, teacher):
    client.force_login(facilitator)
    html = client.get(_url(door), {"q": outsider.display_name}).content.decode()
    assert "Register and check in" in html and f'name="member" value="{outsider.pk}"' in html
    response = client.post(_url(door, "walk-in/"), {"member": outsider.pk, "q": outsider.display_name})
    registration = Registration.objects.get(event=door, user=outsider)
    assert registration.status == Registration.Status.CONFIRMED and registration.attendance == "in_person"
    assert urlsplit(response["Location"]).fragment == f"registration-{registration.pk}"
    client.post(_url(door, "walk-in/"), {"email": "DOOR3@example.org"})  # already registered: just checked in
    assert Registration.objects.get(event=door, user__email="door3@example.org").attendance == "in_person"
    client.force_login(teacher)  # a teacher cannot register anyone at the door
    other = User.objects.create(username="late", email="late@example.org", display_name="Late Comer")
    assert client.post(_url(door, "walk-in/"), {"member": other.pk}).status_code == 403
    assert not Registration.objects.filter(event=door, user=other).exists()


def test_an_unknown_walk_in_e_mail_comes_back_in_the_search_box(client, make_event, facilitator):
    event = make_event(organisers=[facilitator])
    client.force_login(facilitator)
    response = client.post(_url(event, "walk-in/"), {"email": "nobody.here@example.org"}, follow=True)
    html = response.content.decode()
    assert "No member has this e-mail" in html and 'value="nobody.here@example.org"' in html
