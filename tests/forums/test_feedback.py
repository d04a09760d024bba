"""Gallery-walk feedback on a poster page: the phone form, the presenter's notification and answer, the panel."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from network.models import Notification


@pytest.fixture
def poster(teacher):
    root = Page.get_first_root_node()
    return root.add_child(
        instance=Page(title="Seedlings instead of a laboratory", slug="seedlings-poster", owner=teacher)
    )


def feedback_url(page):
    return reverse("forums:feedback", args=[page.pk])


def test_colleague_gives_feedback_and_the_presenter_is_notified(client, poster, teacher, teacher2):
    client.force_login(teacher2)
    response = client.post(
        feedback_url(poster),
        {"works_well": "Pupils measured every day", "question": "How did you water them over the weekend?"},
    )
    assert response.status_code == 302
    html = client.get(feedback_url(poster)).content.decode()
    assert "Pupils measured every day" in html and "What works well?" in html
    note = Notification.objects.get(recipient=teacher, kind="forum.feedback")
    assert note.url == feedback_url(poster)


def test_empty_feedback_is_refused_and_keeps_nothing_lost(client, poster, teacher2):
    client.force_login(teacher2)
    response = client.post(feedback_url(poster), {"works_well": "  "})
    assert response.status_code == 400
    assert "at least one" in response.content.decode()


def test_presenter_answers_feedback_and_the_author_is_told(client, poster, teacher, teacher2):
    client.force_login(teacher2)
    client.post(feedback_url(poster), {"question": "Which seeds?"})
    item = poster.forum_feedback.get()
    client.force_login(teacher)
    assert 'name="works_well"' not in client.get(feedback_url(poster)).content.decode()  # not on your own poster
    client.post(reverse("forums:feedback_reply", args=[item.pk]), {"reply": "Beans: they grow fast."})
    assert "Beans: they grow fast." in client.get(feedback_url(poster)).content.decode()
    assert Notification.objects.filter(recipient=teacher2, kind="forum.feedback_reply").exists()


def test_only_the_presenter_may_answer(client, poster, teacher2, outsider):
    client.force_login(teacher2)
    client.post(feedback_url(poster), {"question": "Which seeds?"})
    item = poster.forum_feedback.get()
    client.force_login(outsider)
    assert client.post(reverse("forums:feedback_reply", args=[item.pk]), {"reply": "me"}).status_code == 403


def test_anonymous_visitors_read_feedback_but_are_asked_to_sign_in(client, poster):
    html = client.get(feedback_url(poster)).content.decode()
    assert "Sign in to give feedback" in html


def test_poster_panel_hook_shows_count_latest_and_link(rf, poster, teacher2):
    from forums import services

    services.give_feedback(page=poster, author=teacher2, works_well="Clear photos of each stage")
    (panel,) = hooks.get_hooks("ortaq_poster_panels")
    html = panel(rf.get("/"), poster)
    assert "1 peer feedback" in html and "Clear photos of each stage" in html and feedback_url(poster) in html


def test_a_visitor_edits_their_one_feedback_and_the_presenter_is_told_once(client, poster, teacher, teacher2):
    client.force_login(teacher2)
    client.post(feedback_url(poster), {"works_well": "Pupils measured every day"})
    html = client.get(feedback_url(poster)).content.decode()
    assert "Update my feedback" in html and "\nPupils measured every day</textarea>" in html  # earlier answers
    response = client.post(feedback_url(poster), {"works_well": "Pupils measured and drew", "question": "Why beans?"})
    assert response.status_code == 302
    (item,) = poster.forum_feedback.all()
    assert item.works_well == "Pupils measured and drew" and item.question == "Why beans?"
    Notification.objects.filter(recipient=teacher).update(read_at=timezone.now())  # she read it; edits stay quiet
    client.post(feedback_url(poster), {"works_well": "Pupils measured, drew and wrote"})
    assert Notification.objects.filter(recipient=teacher, kind="forum.feedback").count() == 1


def test_sending_feedback_very_fast_is_limited_and_keeps_the_text(client, poster, teacher2, settings):
    settings.FORUMS_FEEDBACK_PER_MINUTE = 3
    client.force_login(teacher2)
    for n in range(3):
        assert client.post(feedback_url(poster), {"works_well": f"Try {n}"}).status_code == 302
    refused = client.post(feedback_url(poster), {"works_well": "Fourth thought"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "posting very fast" in html and "Fourth thought" in html
    assert poster.forum_feedback.get().works_well == "Try 2"
