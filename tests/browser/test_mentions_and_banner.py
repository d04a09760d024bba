"""In Chromium: typing "@" and a first name offers the colleague by name; an announcement appears live on a page of
the event; the dashboard's "nobody has visited yet" hides when the first feedback arrives (issue 13 items 8, 9)."""

import pytest

from forums import services
from projects import services as project_services
from projects.models import PosterPresentation
from tests.browser.test_forums_live import sign_in
from tests.factories import MembershipFactory, UserFactory
from tests.forums.factories import BoardFactory
from tests.network.conftest import _events_index_id, events_index, make_event  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_a_colleague_is_mentioned_by_name_and_the_event_day_updates_arrive_live(
    browser,
    live_server_url,
    make_event,  # noqa: F811
    facilitator,
    teacher,
    group,
):
    zhauhar = UserFactory(display_name="Жауһар Сейітова")
    MembershipFactory(group=group, user=zhauhar)
    thread = services.create_thread(
        board=BoardFactory(slug="jars", title="Jars"), author=teacher, title="Lab in a jar", body="Ideas?"
    )
    event = make_event(organisers=[facilitator], slug="live-banner-day")
    project_services.ensure_site_structure()
    project = project_services.create_project(
        user=zhauhar, title="A laboratory in a box", subject="science", language="en", group=group, concern="No lab."
    )
    PosterPresentation.objects.create(
        event=event, project=project, presenter=zhauhar, status=PosterPresentation.Status.ACCEPTED, board_number=7
    )
    teacher_context, tab = sign_in(browser, live_server_url, teacher)
    organiser_context, dashboard = sign_in(browser, live_server_url, facilitator)

    tab.goto(f"/en/forums/t/{thread.pk}/")
    tab.locator("#id_body").click()
    tab.keyboard.type("Сұрақ: @Жау")
    tab.locator(".mention-suggestions li", has_text="Жауһар Сейітова").wait_for(timeout=5000)
    tab.keyboard.press("Enter")
    assert tab.locator("#id_body").input_value() == f"Сұрақ: @[Жауһар Сейітова]({zhauhar.pk}) "

    tab.goto(event.url)
    tab.wait_for_timeout(500)  # the banner's socket opens
    assert not tab.locator("#event-banner").is_visible()
    dashboard.goto(f"/en/forums/events/{event.slug}/live/")
    dashboard.locator("#id_text").fill("Posters move to the gym at 11:00")
    dashboard.locator("#announce-form button").click()
    tab.locator("#event-banner", has_text="Posters move to the gym at 11:00").wait_for(timeout=5000)

    nobody = dashboard.locator("tr[data-project] .nobody")
    assert nobody.is_visible()
    dashboard.wait_for_timeout(500)
    tab.goto(f"/en/forums/feedback/{project.pk}/")
    tab.locator("#id_works_well").fill("The box travels between schools")
    tab.locator(".feedback-form button").click()
    nobody.wait_for(state="hidden", timeout=5000)  # the hidden attribute wins over .nobody's display
    teacher_context.close()
    organiser_context.close()
