"""The poster session of a network event: offers from the event page, the organisers' decisions, boards and
gallery-walk groups, the printables, and the public gallery."""

import datetime as dt
import gzip
from itertools import count

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from network.models import EventIndexPage, EventPage, Notification, Registration
from network.uploads import clean_image_or_pdf
from projects import services
from projects.models import GalleryWalkVisitor, PosterPresentation
from projects.posters import selectors as poster_selectors
from projects.posters import services as poster_services
from projects.posters.plan import number_boards, rotation_plan, split_into_groups
from tests.factories import FacilitatorFactory, RegionFactory, SchoolFactory, UserFactory
from tests.projects.conftest import image_bytes

UTC = dt.UTC
_slugs = count()


# --- Fixtures and helpers ------------------------------------------------------------------------------------------


@pytest.fixture
def organiser(db):
    return FacilitatorFactory(display_name="Saule Organiser")


@pytest.fixture
def events_index(site_pages):
    locale = Locale.objects.get(language_code="en")
    return site_pages["en"].add_child(instance=EventIndexPage(title="Network events", slug="events", locale=locale))


@pytest.fixture
def make_event(events_index, organiser):
    def make(**fields) -> EventPage:
        start = fields.pop("start", timezone.now() + dt.timedelta(days=7))
        event = events_index.add_child(
            instance=EventPage(
                title="Poster session in Shelek",
                slug=f"poster-session-{next(_slugs)}",
                locale=events_index.locale,
                start=start,
                end=fields.pop("end", start + dt.timedelta(hours=6)),
                time_zone=fields.pop("time_zone", "Asia/Almaty"),
                town="Shelek",
                cpd_hours=6,
                **fields,
            )
        )
        event.organisers.set([organiser])
        event.save_revision().publish()
        return EventPage.objects.get(pk=event.pk)

    return make


@pytest.fixture
def event(make_event):
    return make_event()


def register(event, *users, status=Registration.Status.CONFIRMED):
    for user in users:
        Registration.objects.create(event=event, user=user, status=status)


def give_poster(project, user, *, image: bool = True):
    if image:
        upload = SimpleUploadedFile("poster.png", image_bytes("PNG", size=(300, 420)))
        return services.set_poster_upload(project=project, user=user, upload=clean_image_or_pdf(upload, stem="poster"))
    return services.set_poster_template(
        project=project,
        user=user,
        poster_concern="Our school has no laboratory.",
        poster_did="We built one from boxes.",
        poster_changed="Pupils do experiments every week.",
    )


def project_with_poster(lead, title: str, *, image: bool = False, **fields):
    project = services.create_project(user=lead, title=title, subject="science", language="en")
    if fields:
        project = services.update_project(project=project, user=lead, **fields)
    return give_poster(project, lead, image=image)


def accepted_poster(event, project, *, board: int) -> PosterPresentation:
    return PosterPresentation.objects.create(
        event=event,
        project=project,
        presenter=project.lead,
        status=PosterPresentation.Status.ACCEPTED,
        board_number=board,
    )


def url(name: str, event, *args) -> str:
    return reverse(f"projects:{name}", args=[event.slug, *args])


# --- The arithmetic ------------------------------------------------------------------------------------------------


def test_boards_are_numbered_one_to_n_and_a_poster_keeps_its_board_where_it_can():
    assert number_boards([("a", None), ("b", None), ("c", None)]) == {"a": 1, "b": 2, "c": 3}
    # Board 1 was declined: 2 and 3 keep theirs, the poster on 4 (now beyond N) and a new one fill the gap.
    assert number_boards([("b", 2), ("c", 3), ("d", 4)]) == {"b": 2, "c": 3, "d": 1}
    assert number_boards([("b", 2), ("c", 3), ("new", None)]) == {"b": 2, "c": 3, "new": 1}
    assert number_boards([]) == {}


def test_visitors_are_dealt_into_groups_no_larger_than_the_size():
    groups = split_into_groups(list(range(9)), size=4)
    assert [len(g) for g in groups] == [3, 3, 3]
    assert sorted(sum(groups, [])) == list(range(9))
    assert split_into_groups(list(range(8)), size=4) == [[0, 2, 4, 6], [1, 3, 5, 7]]
    assert split_into_groups([], size=4) == []


@pytest.mark.parametrize(("boards", "groups"), [(1, 1), (5, 3), (6, 6), (7, 2)])
def test_rotation_plan_takes_every_group_to_every_board_once(boards, groups):
    start = dt.datetime(2026, 10, 3, 4, 0, tzinfo=UTC)
    plan = rotation_plan(boards=boards, groups=groups, start=start, minutes=10)
    assert len(plan) == boards
    assert [r.start for r in plan] == [start + dt.timedelta(minutes=10 * r) for r in range(boards)]
    assert plan[0].boards[0] == 1  # round 1: group 1 at board 1
    for g in range(groups):
        assert sorted(r.boards[g] for r in plan) == list(range(1, boards + 1))
    for r in plan:  # never two groups at one board while groups <= boards
        assert len(set(r.boards)) == groups


def test_rotation_plan_is_empty_without_boards_or_groups():
    start = dt.datetime(2026, 10, 3, 4, 0, tzinfo=UTC)
    assert rotation_plan(boards=0, groups=3, start=start, minutes=10) == []
    assert rotation_plan(boards=3, groups=0, start=start, minutes=10) == []


# --- Offering and withdrawing ----------------------------------------------------------------------------------------


def test_registered_teacher_offers_a_poster_from_the_event_page(client, event, project, teacher, organiser):
    give_poster(project, teacher)
    register(event, teacher)
    client.force_login(teacher)
    html = client.get(event.url).content.decode()
    assert 'id="posters"' in html and f'<option value="{project.pk}">A laboratory in a box</option>' in html

    response = client.post(url("poster_offer", event), {"project": project.pk})
    assert response.status_code == 302
    offer = PosterPresentation.objects.get()
    assert (offer.event_id, offer.presenter, offer.status) == (event.pk, teacher, PosterPresentation.Status.OFFERED)
    assert Notification.objects.filter(recipient=organiser, kind="posters.offered").exists()
    html = client.get(event.url).content.decode()
    assert "offered, waiting for the organisers" in html and "<option" not in html


def test_only_a_confirmed_registrant_leading_a_project_with_a_poster_may_offer(
    event, make_event, project, teacher, co_leader, teacher2
):
    assert not poster_selectors.can_offer_poster(user=teacher, event=event, project=project)  # no poster yet
    give_poster(project, teacher, image=False)
    assert not poster_selectors.can_offer_poster(user=teacher, event=event, project=project)  # not registered
    register(event, teacher, co_leader)
    register(event, teacher2, status=Registration.Status.WAITLISTED)
    assert poster_selectors.can_offer_poster(user=teacher, event=event, project=project)
    assert poster_selectors.can_offer_poster(user=co_leader, event=event, project=project)  # co-leads it
    assert not poster_selectors.can_offer_poster(
        user=teacher2, event=event, project=project
    )  # waitlisted, not a leader
    with pytest.raises(PermissionDenied):
        poster_services.offer_poster(event=event, project=project, user=teacher2)
    started = make_event(start=timezone.now() - dt.timedelta(hours=1))
    register(started, teacher)
    assert not poster_selectors.can_offer_poster(user=teacher, event=started, project=project)
    poster_services.offer_poster(event=event, project=project, user=teacher)
    assert not poster_selectors.can_offer_poster(user=co_leader, event=event, project=project)  # offered once per event


def test_refused_offer_says_why_on_its_own_page(client, event, project, teacher, teacher2):
    stranger_project = project_with_poster(teacher2, "Not mine")
    give_poster(project, teacher, image=False)
    register(event, teacher)
    client.force_login(teacher)
    response = client.post(url("poster_offer", event), {"project": stranger_project.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist' in html and f'value="{project.pk}"' in html
    assert not PosterPresentation.objects.exists()


def test_presenter_withdraws_an_offer_until_it_is_decided(client, event, project, teacher, co_leader, organiser):
    give_poster(project, teacher, image=False)
    register(event, teacher)
    offer = poster_services.offer_poster(event=event, project=project, user=teacher)
    client.force_login(co_leader)
    assert client.post(url("poster_withdraw", event, offer.pk)).status_code == 404  # not theirs to withdraw
    client.force_login(teacher)
    assert client.post(url("poster_withdraw", event, offer.pk)).status_code == 302
    assert not PosterPresentation.objects.exists()

    offer = poster_services.offer_poster(event=event, project=project, user=teacher)
    poster_services.decide_poster(presentation=offer, user=organiser, accept=True)
    assert client.post(url("poster_withdraw", event, offer.pk)).status_code == 403
    assert PosterPresentation.objects.get().is_accepted


# --- Organisers: decisions, boards and groups -------------------------------------------------------------------


def test_organiser_accepts_and_declines_and_the_presenter_hears_of_it(client, event, organiser, teacher, teacher2):
    register(event, teacher, teacher2)
    first = poster_services.offer_poster(event=event, project=project_with_poster(teacher, "First"), user=teacher)
    second = poster_services.offer_poster(event=event, project=project_with_poster(teacher2, "Second"), user=teacher2)
    client.force_login(organiser)
    client.post(url("poster_decide", event, first.pk), {"decision": "accept"})
    client.post(url("poster_decide", event, second.pk), {"decision": "accept"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.board_number, second.board_number, first.decided_by) == (1, 2, organiser)
    assert Notification.objects.filter(recipient=teacher, kind="posters.accepted").exists()

    client.post(url("poster_decide", event, first.pk), {"decision": "decline"})
    first.refresh_from_db()
    assert (first.status, first.board_number) == (PosterPresentation.Status.DECLINED, None)
    html = client.get(url("poster_manage", event)).content.decode()
    assert "Waiting for a decision (0)" in html and "Accepted (1)" in html and "Declined (1)" in html


def test_only_organisers_and_admins_run_the_poster_session(
    client, event, organiser, admin_user, teacher, other_facilitator
):
    register(event, teacher)
    offer = poster_services.offer_poster(event=event, project=project_with_poster(teacher, "Mine"), user=teacher)
    for name, args in (("poster_manage", []), ("poster_labels", []), ("poster_plan", [])):
        assert client.get(url(name, event, *args))["Location"].startswith(reverse("account_login"))
        for who, status in ((teacher, 403), (other_facilitator, 403), (organiser, 200), (admin_user, 200)):
            client.force_login(who)
            assert client.get(url(name, event, *args)).status_code == status, (name, who)
        client.logout()
    client.force_login(teacher)
    assert client.post(url("poster_decide", event, offer.pk), {"decision": "accept"}).status_code == 403
    with pytest.raises(PermissionDenied):
        poster_services.decide_poster(presentation=offer, user=other_facilitator, accept=True)
    with pytest.raises(PermissionDenied):
        poster_services.assign_boards_and_groups(event=event, user=teacher)


def test_assigning_keeps_boards_stable_and_groups_the_visitors(client, event, organiser):
    school_a, school_b = SchoolFactory(), SchoolFactory()
    presenters = [UserFactory(display_name=f"Presenter {n}") for n in range(4)]
    visitors = [UserFactory(display_name=f"Visitor {n}", school=(school_a, school_b)[n % 2]) for n in range(9)]
    register(event, *presenters, *visitors)
    offers = [
        poster_services.offer_poster(event=event, project=project_with_poster(p, f"Poster {n}"), user=p)
        for n, p in enumerate(presenters)
    ]
    for offer in offers:
        poster_services.decide_poster(presentation=offer, user=organiser, accept=True)
    poster_services.decide_poster(presentation=offers[0], user=organiser, accept=False)  # board 1 is free again

    client.force_login(organiser)
    response = client.post(url("poster_manage", event), {"group_size": 4, "rotation_minutes": 12})
    assert response.status_code == 302
    boards = dict(PosterPresentation.objects.filter(status="accepted").values_list("pk", "board_number"))
    assert boards == {offers[1].pk: 2, offers[2].pk: 3, offers[3].pk: 1}  # 2 and 3 kept; 4 moved into the gap
    walk = poster_selectors.get_gallery_walk(event=event)
    groups = poster_selectors.list_walk_groups(walk=walk)
    assert (walk.group_size, walk.rotation_minutes) == (4, 12)
    assert [len(g) for g in groups] == [4, 3, 3]
    # Presenters stand at their boards; the one whose poster was declined walks with the others.
    assert {u.pk for g in groups for u in g} == {v.pk for v in [*visitors, presenters[0]]}
    for group in groups:  # colleagues of one school are spread over the groups
        assert {u.school_id for u in group} >= {school_a.pk, school_b.pk}

    client.post(url("poster_manage", event), {"group_size": 4, "rotation_minutes": 12})
    assert dict(PosterPresentation.objects.filter(status="accepted").values_list("pk", "board_number")) == boards
    assert GalleryWalkVisitor.objects.count() == 10  # again: the same, not twice


def test_refused_assignment_keeps_what_was_typed(client, event, organiser):
    client.force_login(organiser)
    response = client.post(url("poster_manage", event), {"group_size": "1", "rotation_minutes": "17"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="group_size" value="1"' in html and 'name="rotation_minutes" value="17"' in html
    assert poster_selectors.get_gallery_walk(event=event) is None


# --- Printables ---------------------------------------------------------------------------------------------------


def test_board_labels_show_number_title_school_label_and_a_qr_code_to_the_feedback(client, event, organiser):
    region = RegionFactory(name="Mangystau region")
    hidden = UserFactory(
        display_name="Hidden School Teacher", school=SchoolFactory(name="Secret School", region=region)
    )
    project = project_with_poster(hidden, "Reading corners")
    project.hide_school = True
    project.save()
    accepted_poster(event, project, board=7)
    client.force_login(organiser)
    html = client.get(url("poster_labels", event)).content.decode()
    assert '<p class="board-number">7</p>' in html and "Reading corners" in html and "Hidden School Teacher" in html
    assert "a rural school in Mangystau region" in html and "Secret School" not in html
    # Printed labels carry the configured public address (ORTAQ_PUBLIC_URL), not whatever host the organiser used.
    assert "<svg" in html and f"{settings.ORTAQ_PUBLIC_URL}/en/events/{event.slug}/posters/7/#feedback" in html


def test_rotation_plan_page_shows_rounds_in_the_events_time_zone(client, make_event, organiser):
    # 04:00 UTC is 09:00 in Aqtau (UTC+5) and 09:00 in Almaty since March 2024 (UTC+5) too: use Aqtau by name.
    event = make_event(start=dt.datetime(2030, 10, 3, 4, 0, tzinfo=UTC), time_zone="Asia/Aqtau")
    for n in range(3):
        accepted_poster(event, project_with_poster(UserFactory(), f"Poster {n}"), board=n + 1)
    register(event, *[UserFactory() for _ in range(5)])
    poster_services.assign_boards_and_groups(event=event, user=organiser, group_size=3, rotation_minutes=15)
    client.force_login(organiser)
    html = client.get(url("poster_plan", event)).content.decode()
    assert "09:00–09:15" in html and "09:30–09:45" in html and "Asia/Aqtau" in html
    assert html.count('<th scope="row">') == 3 and "Group 2" in html and "Group 3" not in html


def test_rotation_plan_starts_at_the_programmes_poster_session_and_warns_when_groups_outnumber_boards(
    client, make_event, organiser
):
    # 05:00 UTC is 10:00 in Aqtau; the programme's poster session is at 10:30 (as in the demo's events).
    programme = [
        ("session", {"time": dt.time(10, 0), "title": "Welcome", "room": "", "presenters": ""}),
        (
            "session",
            {"time": dt.time(10, 30), "title": "Gallery", "room": "", "presenters": "", "poster_session": True},
        ),
    ]
    event = make_event(start=dt.datetime(2030, 10, 3, 5, 0, tzinfo=UTC), time_zone="Asia/Aqtau", programme=programme)
    for n in range(3):
        accepted_poster(event, project_with_poster(UserFactory(), f"Poster {n}"), board=n + 1)
    register(event, *[UserFactory() for _ in range(4)])
    poster_services.assign_boards_and_groups(event=event, user=organiser, group_size=1, rotation_minutes=15)
    client.force_login(organiser)
    html = client.get(url("poster_plan", event)).content.decode()
    assert "10:30–10:45" in html and "10:00–10:15" not in html
    assert "There are more groups (4) than boards (3)" in html
    assert "There are more groups (4) than boards (3)" in client.get(url("poster_manage", event)).content.decode()


def test_rotation_plan_finds_a_poster_session_by_its_title_else_starts_with_the_event(make_event):
    from network.events.selectors import poster_session_start

    start = dt.datetime(2030, 10, 3, 5, 0, tzinfo=UTC)
    titled = [("session", {"time": dt.time(11, 0), "title": "Постерлік сессия", "room": "", "presenters": ""})]
    assert poster_session_start(
        event=make_event(start=start, time_zone="Asia/Aqtau", programme=titled)
    ) == start + dt.timedelta(hours=1)
    assert poster_session_start(event=make_event(start=start, time_zone="Asia/Aqtau")) == start


# --- The public gallery -------------------------------------------------------------------------------------------


def test_gallery_shows_only_accepted_posters_to_anyone(client, event, organiser, teacher, teacher2):
    register(event, teacher, teacher2)
    shown = poster_services.offer_poster(
        event=event, project=project_with_poster(teacher, "Shown poster"), user=teacher
    )
    poster_services.offer_poster(event=event, project=project_with_poster(teacher2, "Waiting poster"), user=teacher2)
    poster_services.decide_poster(presentation=shown, user=organiser, accept=True)
    response = client.get(url("event_posters", event))
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in html
    assert "Shown poster" in html and "Waiting poster" not in html
    assert "public" in response["Cache-Control"]
    assert url("event_posters", event) in client.get(event.url).content.decode()  # linked from the event page
    poster_services.decide_poster(presentation=shown, user=organiser, accept=False)
    assert "Shown poster" not in client.get(url("event_posters", event)).content.decode()


def test_poster_page_shows_the_poster_and_its_feedback_section(client, event, teacher):
    accepted_poster(event, project_with_poster(teacher, "Template poster"), board=1)
    html = client.get(url("event_poster", event, 1)).content.decode()
    assert "Template poster" in html and "We built one from boxes." in html and 'id="feedback"' in html
    assert client.get(url("event_poster", event, 2)).status_code == 404


def test_poster_image_is_public_only_while_the_poster_is_accepted(client, event, organiser, project, teacher):
    give_poster(project, teacher, image=True)
    register(event, teacher)
    offer = poster_services.offer_poster(event=event, project=project, user=teacher)
    assert client.get(reverse("projects:file", args=[project.pk, "poster"]))["Location"].startswith("/accounts/")
    assert client.get(url("event_poster_image", event, 1)).status_code == 404  # offered: not shown
    poster_services.decide_poster(presentation=offer, user=organiser, accept=True)
    response = client.get(url("event_poster_image", event, 1))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "public" in response["Cache-Control"]
    thumbnail = client.get(url("event_poster_thumbnail", event, 1))
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/webp"
    poster_services.decide_poster(presentation=offer, user=organiser, accept=False)
    assert client.get(url("event_poster_image", event, 1)).status_code == 404
    assert client.get(url("event_poster_thumbnail", event, 1)).status_code == 404


def test_gallery_and_poster_pages_stay_small_with_constant_queries(client, event, django_assert_max_num_queries):
    def lead(n):
        return UserFactory(display_name=f"Teacher number {n} with a long family name")

    accepted_poster(event, project_with_poster(lead(0), "Poster 0", image=True), board=1)
    pages = (url("event_posters", event), url("event_poster", event, 1))
    counts = {}
    for page in pages:
        with CaptureQueriesContext(connection) as one:
            assert client.get(page).status_code == 200
        counts[page] = len(one)
    for n in range(1, 50):
        title = f"How pupils in a multigrade class learn to read aloud together, part {n}"
        accepted_poster(event, project_with_poster(lead(n), title, image=n % 5 == 0), board=n + 1)
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            response = client.get(page)
        size = len(gzip.compress(response.content))
        print(f"{page}: {counts[page]} queries, {len(response.content)} bytes HTML, {size} bytes gzipped")
        assert size <= 14 * 1024
    assert response.status_code == 200
    assert client.get(pages[0]).content.count(b'class="poster-card"') == 50
