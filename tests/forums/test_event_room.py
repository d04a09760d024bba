"""The live room of a network event: feedback on accepted posters, /ws/events/<slug>/, the dashboard and the room.

WebSockets go through the real ASGI application (`connect_ws`), on the in-memory layer (Redis with REDIS_URL).
"""

import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail import hooks

from forums import selectors, services
from forums.models import Board, RoomEvent
from projects import services as project_services
from projects.models import CaseStudyIndexPage, PosterPresentation
from tests.conftest import connect_ws
from tests.factories import make_case_study
from tests.network.conftest import _events_index_id, events_index, make_event  # noqa: F401 (fixtures)

pytestmark = pytest.mark.backend  # locking, caching, search or sockets differ per backend

give_feedback = database_sync_to_async(services.give_feedback)
announce = database_sync_to_async(services.announce)


@pytest.fixture
def event(make_event, facilitator):  # noqa: F811
    return make_event(organisers=[facilitator], slug="shelek-posters")


def _project(user, group, title):
    return project_services.create_project(
        user=user, title=title, subject="science", language="en", group=group, concern="No laboratory."
    )


@pytest.fixture
def project(event, teacher, group):
    """teacher's project, its poster accepted at board 7 of the event."""
    project_services.ensure_site_structure()
    project = _project(teacher, group, "A laboratory in a box")
    PosterPresentation.objects.create(
        event=event, project=project, presenter=teacher, status=PosterPresentation.Status.ACCEPTED, board_number=7
    )
    return project


@pytest.fixture
def quiet_project(event, project, teacher2, group):
    """teacher2's project at board 3, which nobody has given feedback on."""
    quiet = _project(teacher2, group, "Reading corners")
    PosterPresentation.objects.create(
        event=event, project=quiet, presenter=teacher2, status=PosterPresentation.Status.ACCEPTED, board_number=3
    )
    return quiet


@pytest.fixture
def offered_project(event, teacher, group):
    project_services.ensure_site_structure()
    offered = _project(teacher, group, "Only offered")
    PosterPresentation.objects.create(event=event, project=offered, presenter=teacher)
    return offered


def ws_path(event) -> str:
    return f"/ws/events/{event.slug}/?lang=en"


def live_url(event) -> str:
    return reverse("forums:event_live", args=[event.slug])


def room_url(event) -> str:
    return reverse("forums:event_room", args=[event.slug])


# --- Who may give and read feedback on a poster at an event ------------------------------------------------------


def test_a_colleague_may_give_feedback_on_an_accepted_poster_but_not_the_presenter(project, teacher, teacher2):
    assert selectors.can_give_feedback(user=teacher2, page=project)
    assert not selectors.can_give_feedback(user=teacher, page=project)  # the lead presents it
    with pytest.raises(PermissionDenied):
        services.give_feedback(page=project, author=teacher, works_well="Mine is great")


def test_the_presenter_at_the_board_is_not_asked_for_feedback_either(project, event, teacher2, co_leader_at_board):
    assert not selectors.can_give_feedback(user=co_leader_at_board, page=project)
    assert selectors.can_give_feedback(user=teacher2, page=project)


@pytest.fixture
def co_leader_at_board(project, event, teacher2, group):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(display_name="Dana Tulegenova")
    MembershipFactory(group=group, user=user)
    PosterPresentation.objects.filter(project=project).update(presenter=user)
    return user


def test_an_offered_poster_takes_feedback_from_the_group_only_and_stays_private(
    offered_project, teacher2, outsider, client
):
    # Before a poster is public, group colleagues give feedback through its QR code (issue 17 item 1); nobody else.
    assert selectors.can_give_feedback(user=teacher2, page=offered_project)
    assert not selectors.can_give_feedback(user=outsider, page=offered_project)
    response = client.get(reverse("forums:feedback", args=[offered_project.pk]))
    assert response.status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("forums:feedback", args=[offered_project.pk])).status_code == 404


def test_anyone_reads_feedback_on_an_accepted_poster_and_outsiders_give_it(project, client, outsider, teacher2):
    services.give_feedback(page=project, author=teacher2, works_well="Boxes on every desk")
    url = reverse("forums:feedback", args=[project.pk])
    html = client.get(url).content.decode()
    assert "Boxes on every desk" in html and "Sign in to give feedback" in html
    client.force_login(outsider)  # a teacher from another region, walking the gallery
    assert client.post(url, {"question": "What did the boxes cost?"}).status_code == 302
    assert project.forum_feedback.count() == 2


def test_the_presenter_cannot_post_feedback_on_their_own_poster(project, client, teacher):
    client.force_login(teacher)
    url = reverse("forums:feedback", args=[project.pk])
    assert 'name="works_well"' not in client.get(url).content.decode()
    assert client.post(url, {"works_well": "Mine"}).status_code == 403


def test_after_feedback_the_member_goes_back_to_the_poster_page(project, client, teacher2, event):
    client.force_login(teacher2)
    back = f"/en/events/{event.slug}/posters/7/"
    url = reverse("forums:feedback", args=[project.pk]) + f"?next={back}"
    form = client.get(url).content.decode()
    assert f'name="next" value="{back}"' in form  # carried through the form, no JavaScript needed
    response = client.post(url, {"works_well": "Clear", "next": back})
    assert response.status_code == 302 and response["Location"] == back


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_feedback_never_redirects_off_the_site(project, client, teacher2, target):
    client.force_login(teacher2)
    url = reverse("forums:feedback", args=[project.pk])
    response = client.post(url, {"works_well": "Clear", "next": target})
    assert response.status_code == 302 and response["Location"] == url


def test_a_case_studys_presenter_is_its_project_lead(project, teacher, teacher2):
    index = CaseStudyIndexPage.objects.get(locale__language_code="en")
    case_study = make_case_study(index=index, title="The box laboratory", project=project, owner=teacher2)
    assert selectors.presenter_of(case_study) == teacher
    assert not selectors.can_give_feedback(user=teacher, page=case_study)
    assert selectors.can_give_feedback(user=teacher2, page=case_study)


# --- The stream ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_feedback_on_an_accepted_poster_reaches_the_dashboard_with_seq(project, event, facilitator, teacher2):
    dashboard = await connect_ws(facilitator, ws_path(event))
    item = await give_feedback(page=project, author=teacher2, works_well="Pupils measured every day")
    frame = await dashboard.receive_json_from(timeout=3)
    assert frame == {
        "type": "feedback.created",
        "seq": 1,
        "id": item.pk,
        "poster": 7,
        "project": project.pk,
        "count": 1,
    }  # no private text of the feedback
    second = await give_feedback(page=project, author=facilitator, question="Which boxes?")
    next_frame = await dashboard.receive_json_from(timeout=3)
    assert next_frame == frame | {"seq": 2, "id": second.pk, "count": 2}
    await dashboard.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_resume_replays_exactly_the_missed_events_in_order_then_goes_live(
    project, event, facilitator, teacher2, outsider
):
    reader = await connect_ws(teacher2, ws_path(event))
    await give_feedback(page=project, author=teacher2, works_well="seen live")
    seen = (await reader.receive_json_from(timeout=3))["seq"]
    await reader.disconnect()  # the bus goes into a valley

    missed_feedback = await give_feedback(page=project, author=outsider, works_well="missed")
    missed_news = await announce(event=event, author=facilitator, text="Tea in the hall at 11")

    back = await connect_ws(teacher2, ws_path(event))
    await back.send_json_to({"type": "resume", "after": seen})
    replayed = [await back.receive_json_from(timeout=3) for _ in range(2)]
    assert [(f["type"], f["id"], f["seq"]) for f in replayed] == [
        ("feedback.created", missed_feedback.pk, seen + 1),
        ("announcement", missed_news.pk, seen + 2),
    ]
    assert replayed[1]["text"] == "Tea in the hall at 11"
    assert await back.receive_nothing(timeout=0.3)

    news = await announce(event=event, author=facilitator, text="Gallery walk starts")
    assert (await back.receive_json_from(timeout=3))["seq"] == news.seq == seen + 3
    await back.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_organisers_announcements_reach_members(event, facilitator, teacher2):
    member = await connect_ws(teacher2, ws_path(event))
    organiser = await connect_ws(facilitator, ws_path(event))
    await organiser.send_json_to({"type": "announce", "text": "  Group B: boards 1–6 now  "})
    for socket in (member, organiser):
        frame = await socket.receive_json_from(timeout=3)
        assert (frame["type"], frame["text"], frame["author"]) == (
            "announcement",
            "Group B: boards 1–6 now",
            "Gulnara Sadykova",
        )
        assert frame["seq"] == 1 and frame["id"]
    await member.disconnect()
    await organiser.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_teachers_announce_gets_forbidden_and_the_socket_stays_usable(event, teacher):
    ws = await connect_ws(teacher, ws_path(event))
    await ws.send_json_to({"type": "announce", "text": "Free lunch!"})
    error = await ws.receive_json_from(timeout=3)
    assert (error["type"], error["code"]) == ("error", "forbidden") and error["message"]
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from(timeout=3) == {"type": "pong"}
    assert not await database_sync_to_async(RoomEvent.objects.exists)()
    await ws.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_anonymous_visitors_are_refused_with_4403_and_unknown_events_with_4404(event, teacher):
    anonymous = await connect_ws(None, ws_path(event), expect_accept=False)
    assert anonymous.close_code == 4403
    unknown = await connect_ws(teacher, "/ws/events/no-such-event/", expect_accept=False)
    assert unknown.close_code == 4404


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_json"),
        ('{"type": "resume", "after": -1}', "bad_request"),
        ('{"type": "announce", "text": 5}', "bad_request"),
        ('{"type": "announce", "text": "   "}', "invalid"),
        ('{"type": "announce", "text": "' + "x" * 281 + '"}', "invalid"),
        ('{"type": "announce", "text": "' + "x" * 20000 + '"}', "too_large"),
        ('{"type": "shout"}', "unknown_type"),
    ],
)
async def test_malformed_frames_get_an_error_and_the_socket_stays_usable(event, facilitator, frame, code):
    ws = await connect_ws(facilitator, ws_path(event))
    await ws.send_to(text_data=frame)
    error = await ws.receive_json_from(timeout=3)
    assert (error["type"], error["code"]) == ("error", code) and error["message"]
    await ws.send_json_to({"type": "ping"})
    assert await ws.receive_json_from(timeout=3) == {"type": "pong"}
    await ws.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_announcing_too_fast_gets_rate_limited(event, facilitator, settings):
    settings.FORUMS_ANNOUNCEMENTS_PER_MINUTE = 1
    ws = await connect_ws(facilitator, ws_path(event))
    await ws.send_json_to({"type": "announce", "text": "one"})
    assert (await ws.receive_json_from(timeout=3))["type"] == "announcement"
    await ws.send_json_to({"type": "announce", "text": "two"})
    assert (await ws.receive_json_from(timeout=3))["code"] == "rate_limited"
    await ws.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_announcements_travel_through_redis(require_redis, event, facilitator, teacher2):
    """With REDIS_URL set the channel layer is channels-redis; a member still hears the organiser."""
    from channels.layers import get_channel_layer

    assert type(get_channel_layer()).__module__.startswith(("channels_redis.", "config.channel_layer"))
    member = await connect_ws(teacher2, ws_path(event))
    organiser = await connect_ws(facilitator, ws_path(event))
    await organiser.send_json_to({"type": "announce", "text": "through redis"})
    assert (await member.receive_json_from(timeout=5))["text"] == "through redis"
    await member.disconnect()
    await organiser.disconnect()


def test_seq_counts_per_event(project, event, make_event, facilitator, teacher2):  # noqa: F811
    other = make_event(organisers=[facilitator], slug="aqtau-posters")
    services.announce(event=event, author=facilitator, text="first here")
    services.announce(event=other, author=facilitator, text="first there")
    services.give_feedback(page=project, author=teacher2, works_well="second here")
    assert list(RoomEvent.objects.filter(event=event).values_list("seq", "kind")) == [
        (1, "announcement"),
        (2, "feedback.created"),
    ]
    assert list(RoomEvent.objects.filter(event=other).values_list("seq", flat=True)) == [1]


def test_announcements_are_plain_text_of_at_most_280_characters(event, facilitator, teacher):
    with pytest.raises(ValidationError):
        services.announce(event=event, author=facilitator, text="x" * 281)
    with pytest.raises(PermissionDenied):
        services.announce(event=event, author=teacher, text="hi")
    news = services.announce(event=event, author=facilitator, text="<b>" + "x" * 277)
    assert news.text == "<b>" + "x" * 277


# --- Pages ----------------------------------------------------------------------------------------------------------


def test_the_dashboard_highlights_posters_nobody_has_visited(
    client, event, project, quiet_project, facilitator, teacher2
):
    services.give_feedback(page=project, author=teacher2, works_well="Great")
    client.force_login(facilitator)
    response = client.get(live_url(event))
    html = response.content.decode()
    assert response.status_code == 200
    quiet_row = html.index(f'data-project="{quiet_project.pk}"')
    busy_row = html.index(f'data-project="{project.pk}"')
    assert quiet_row < busy_row  # by board: 3 before 7
    assert 'class="no-feedback"' in html[quiet_row - 200 : busy_row]
    assert 'class="no-feedback"' not in html[busy_row:]
    assert html.count("Nobody has visited yet") == 2 and html.count(" hidden>Nobody has visited yet") == 1
    assert f'data-ws="/ws/events/{event.slug}/?lang=en"' in html


def test_only_organisers_and_admins_open_the_dashboard(client, event, teacher, admin_user):
    assert client.get(live_url(event))["Location"].startswith(reverse("account_login"))
    client.force_login(teacher)
    assert client.get(live_url(event)).status_code == 403
    client.force_login(admin_user)
    assert client.get(live_url(event)).status_code == 200


def test_the_no_js_announcement_form_announces_and_comes_back(client, event, facilitator, teacher2):
    client.force_login(facilitator)
    response = client.post(live_url(event), {"text": "Boards 1–6: please stand by your posters"})
    assert response.status_code == 302 and response["Location"] == live_url(event)
    assert "Boards 1–6: please stand by your posters" in client.get(live_url(event)).content.decode()
    client.force_login(teacher2)
    assert "Boards 1–6: please stand by your posters" in client.get(room_url(event)).content.decode()


def test_a_refused_announcement_keeps_the_text(client, event, facilitator, settings):
    client.force_login(facilitator)
    too_long = "Long " * 57  # 285 characters
    response = client.post(live_url(event), {"text": too_long})
    assert response.status_code == 400 and too_long.strip() in response.content.decode()
    settings.FORUMS_ANNOUNCEMENTS_PER_MINUTE = 1
    client.post(live_url(event), {"text": "first"})
    response = client.post(live_url(event), {"text": "second, too soon"})
    assert response.status_code == 429 and "second, too soon" in response.content.decode()
    assert RoomEvent.objects.filter(kind="announcement").count() == 1


def test_the_room_lists_posters_with_a_way_to_give_feedback(client, event, project, quiet_project, teacher2):
    client.force_login(teacher2)
    html = client.get(room_url(event)).content.decode()
    assert "A laboratory in a box" in html and "Reading corners" in html
    assert html.index("Reading corners") < html.index("A laboratory in a box")
    feedback_link = reverse("forums:feedback", args=[project.pk])
    assert feedback_link in html or f"/events/{event.slug}/posters/7/" in html
    assert "Live dashboard for organisers" not in html


def test_the_room_is_for_signed_in_members(client, event):
    assert client.get(room_url(event))["Location"].startswith(reverse("account_login"))


# --- The event page panel and the event's board ----------------------------------------------------------------------


def test_publishing_an_event_gives_it_a_forum_board_once(event, facilitator):
    board = Board.objects.get(kind=Board.Kind.EVENT, event_page=event)
    event.save_revision().publish()
    assert Board.objects.filter(kind=Board.Kind.EVENT).count() == 1
    assert services.ensure_event_board(event=event) == board
    assert board.title == event.title and board.slug == f"event-{event.slug}"


def test_the_event_page_panel_links_to_room_dashboard_and_board(rf, event, facilitator, teacher):
    from django.contrib.auth.models import AnonymousUser

    (panel,) = [fn for fn in hooks.get_hooks("ortaq_event_panels") if fn.__module__ == "forums.wagtail_hooks"]
    board = selectors.event_board_for(event=event)
    request = rf.get("/")
    for user, sees_room, sees_dashboard in (
        (AnonymousUser(), False, False),
        (teacher, True, False),
        (facilitator, True, True),
    ):
        request.user = user
        html = panel(request, event)
        assert board.get_absolute_url() in html
        assert (f'href="{room_url(event)}"' in html) is sees_room
        assert (live_url(event) in html) is sees_dashboard
        assert ("Sign in to follow the live room" in html) is not sees_room


# --- After the event: the report lists the posters presented -------------------------------------------------------


def test_the_event_report_lists_the_posters_presented(client, event, project, quiet_project, teacher2):
    from network.models import EventReportPage

    services.give_feedback(page=project, author=teacher2, works_well="Cheap and it works.")
    report = event.add_child(instance=EventReportPage(title="What we learned", slug="report"))
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    panel = html.split('id="report-posters-heading"', 1)[1]
    assert "A laboratory in a box" in panel and "Reading corners" in panel
    assert "1 piece of peer feedback on these posters." in panel
    assert panel.index("Reading corners") < panel.index("A laboratory in a box")  # by board: 3, then 7
    assert "Nobody has visited yet" not in panel  # the live dashboard's hint has no place in a report
