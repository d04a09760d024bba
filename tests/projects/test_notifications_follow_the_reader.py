"""Every kind of notification reads in the reader's language, not the one it was written in (issue 14, item 6a).

The notifications are made through the services a member's action calls, all while the active language is Russian
and every recipient prefers Russian; a Kazakh page then shows each one in Kazakh. A source check keeps new kinds
from storing pre-rendered text."""

import ast
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.html import escape

from forums import services as forum_services
from network import services as network_services
from network.models import Notification
from projects import colleagues, facilitator, selectors, services
from tests.factories import MembershipFactory, UserFactory
from tests.forums.factories import BoardFactory
from tests.projects.conftest import ready_to_submit

ROOT = Path(__file__).resolve().parents[2]


def test_no_notification_is_stored_as_pre_rendered_text():
    """Each call of notify() in the apps gives a message key (message=) and never a finished text (text=)."""
    calls = []
    for app in ("network", "projects", "forums", "cms"):
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "notify":
                    keywords = {k.arg for k in node.keywords}
                    calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", "message" in keywords, "text" in keywords))
    assert len(calls) >= 15
    assert [where for where, has_key, has_text in calls if not has_key or has_text] == []


def _make_every_kind(*, teacher, co_leader, group, facilitator_user, project):
    """Members do what notifies someone, while the site speaks Russian."""
    colleague = UserFactory(display_name="Мадина Жұмабаева", preferred_language="ru")
    MembershipFactory(group=group, user=colleague)
    admin = UserFactory(display_name="Әкімші", is_superuser=True, is_staff=True, preferred_language="ru")
    group.region = teacher.school.region
    group.save(update_fields=["region"])
    # network: a proposed school, confirmed; two requests to join, one accepted and one declined
    newcomer = UserFactory(display_name="Жаңа Мұғалім", school=None, preferred_language="ru")
    network_services.complete_signup(
        user=newcomer, display_name="Жаңа Мұғалім", preferred_language="ru", region=group.region,
        proposed_school_name="Қайнар орта мектебі",
    )  # fmt: skip
    newcomer.refresh_from_db()
    network_services.confirm_school(school=newcomer.school, by=facilitator_user)
    for accept in (True, False):
        asker = UserFactory(preferred_language="ru")
        join_request = network_services.request_to_join(user=asker, group=group)
        network_services.decide_join_request(join_request=join_request, by=facilitator_user, accept=accept)
    # projects: a co-leader added, a comment, a nudge, a consultation asked and answered, review with changes
    colleagues.notify_new_co_leaders(project=project, user=teacher, before=set())
    services.add_comment(project=project, user=teacher, body="Қараңызшы")
    facilitator.nudge(project=project, user=facilitator_user)
    (asked,) = colleagues.request_consultation(project=project, user=teacher, colleagues=[colleague], question="?")
    colleagues.answer_consultation(request=asked, user=colleague, answer="Иә")
    ready_to_submit(selectors.get_project(pk=project.pk), teacher)
    services.submit_project(project=selectors.get_project(pk=project.pk), user=teacher)
    services.request_changes(project=selectors.get_project(pk=project.pk), user=facilitator_user, comment="Толығырақ")
    # forums: a reply, a mention, a report, feedback and its answer
    thread = forum_services.create_thread(board=BoardFactory(), author=teacher, title="Шам", body="Сұрақ")
    post = forum_services.create_post(thread=thread, author=colleague, body=f"@{facilitator_user.username} қараңыз")
    forum_services.flag_post(post=post, reporter=teacher, reason="spam")
    feedback = forum_services.give_feedback(page=project, author=colleague, works_well="Жақсы")
    forum_services.reply_to_feedback(feedback=feedback, by=teacher, text="Рахмет")
    return admin


@pytest.mark.django_db
def test_every_kind_written_while_the_site_spoke_russian_reads_in_kazakh_on_a_kazakh_page(
    client, teacher, co_leader, group, facilitator, project
):
    for member in (teacher, co_leader, facilitator):
        member.preferred_language = "ru"
        member.save(update_fields=["preferred_language"])
    Notification.objects.all().delete()  # the fixtures' own (the project's co-leader was told in English)
    with translation.override("ru"):
        _make_every_kind(
            teacher=teacher, co_leader=co_leader, group=group, facilitator_user=facilitator, project=project
        )
    notifications = list(Notification.objects.select_related("recipient").order_by("pk"))
    assert {n.kind for n in notifications} >= {
        "network.school_proposed",
        "network.school_confirmed",
        "network.join_request",
        "network.join_accepted",
        "network.join_declined",
        "project.co_leader",
        "project.comment",
        "project.nudge",
        "project.consultation",
        "project.consultation_answered",
        "project.submitted",
        "project.changes_requested",
        "forum.reply",
        "forum.mention",
        "forum.flag",
        "forum.feedback",
        "forum.feedback_reply",
    }
    pages = {}
    for notification in notifications:
        with translation.override("kk"):
            kk = notification.display_text
        with translation.override("ru"):
            ru = notification.display_text
        assert notification.message and kk != ru, notification.kind
        assert notification.text == ru, notification.kind  # e-mails: the recipient's own language
        if notification.recipient_id not in pages:
            client.force_login(notification.recipient)
            pages[notification.recipient_id] = client.get("/kk/notifications/").content.decode()
        assert escape(kk) in pages[notification.recipient_id], notification.kind
        assert escape(ru) not in pages[notification.recipient_id], notification.kind
