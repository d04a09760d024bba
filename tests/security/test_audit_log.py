"""Moderation, role changes and certificate revocations leave an entry in Wagtail's audit log, which admins read
under Reports -> Site history and nobody else does."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from forums import services as forum_services
from network import services
from network.events import services as event_services
from network.models import Certificate
from tests.factories import UserFactory
from tests.forums.conftest import board, thread  # noqa: F401 (fixtures)
from tests.network.conftest import _events_index_id, events_index, make_event  # noqa: F401 (fixtures)

SITE_HISTORY = "wagtailadmin_reports:site_history"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def certificate(make_event, teacher, admin_user):  # noqa: F811
    event = make_event(title="Poster session in Shelek")
    return Certificate.objects.create(
        event=event, holder=teacher, kind=Certificate.Kind.PARTICIPATION, hours=6, issued_by=admin_user
    )


def _admin_in_english(user) -> None:
    """Wagtail's admin speaks the user's profile language, else LANGUAGE_CODE (Kazakh); assertions read English."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def test_hiding_a_post_is_logged_with_the_moderator(thread, admin_user):  # noqa: F811
    post = thread.posts.first()
    forum_services.set_post_hidden(post=post, by=admin_user, hidden=True)
    forum_services.set_post_hidden(post=post, by=admin_user, hidden=False)
    entries = ModelLogEntry.objects.for_instance(post).order_by("timestamp", "pk")
    assert [(e.action, e.user_id) for e in entries] == [
        ("ortaq.post_hidden", admin_user.pk),
        ("ortaq.post_restored", admin_user.pk),
    ]


def test_locking_a_thread_is_logged(thread, facilitator, admin_user):  # noqa: F811
    forum_services.set_thread_locked(thread=thread, by=admin_user, locked=True)
    entry = ModelLogEntry.objects.for_instance(thread).get()
    assert (entry.action, entry.user_id) == ("ortaq.thread_locked", admin_user.pk)


def test_revoking_a_certificate_is_logged_with_the_admin(certificate, admin_user):
    event_services.revoke_certificate(certificate=certificate, by=admin_user)
    event_services.revoke_certificate(certificate=certificate, by=admin_user)  # already revoked: no second entry
    entry = ModelLogEntry.objects.for_instance(certificate).get()
    assert (entry.action, entry.user_id) == ("ortaq.certificate_revoked", admin_user.pk)


def test_granting_the_facilitator_role_is_logged_with_before_and_after(teacher, admin_user):
    services.set_facilitator(user=teacher, by=admin_user, facilitator=True)
    entry = ModelLogEntry.objects.for_instance(teacher).get(action="ortaq.role_changed")
    assert entry.user_id == admin_user.pk
    assert entry.data["before"]["is_facilitator"] is False
    assert entry.data["after"]["is_facilitator"] is True and entry.data["after"]["groups"] == ["Facilitators"]


def test_making_a_member_admin_in_wagtails_user_editor_is_logged(client, teacher, admin_user):
    client.force_login(admin_user)
    form = {
        "username": teacher.username,
        "email": teacher.email,
        "first_name": "Aigerim",
        "last_name": "Bekova",
        "is_active": "on",
        "is_superuser": "on",
    }
    response = client.post(reverse("wagtailusers_users:edit", args=[teacher.pk]), form)
    assert response.status_code == 302, response.content[:2000]
    entry = ModelLogEntry.objects.for_instance(teacher).get(action="ortaq.role_changed")
    assert entry.user_id == admin_user.pk
    assert (entry.data["before"]["is_superuser"], entry.data["after"]["is_superuser"]) == (False, True)


def test_saving_a_user_without_changing_roles_logs_no_role_change(client, teacher, admin_user):
    client.force_login(admin_user)
    form = {"username": teacher.username, "email": teacher.email, "first_name": "A", "last_name": "B"}
    form["is_active"] = "on"
    assert client.post(reverse("wagtailusers_users:edit", args=[teacher.pk]), form).status_code == 302
    assert not ModelLogEntry.objects.filter(action="ortaq.role_changed").exists()


def test_admin_sees_the_entries_in_site_history(client, thread, certificate, teacher, admin_user):  # noqa: F811
    forum_services.set_post_hidden(post=thread.posts.first(), by=admin_user, hidden=True)
    event_services.revoke_certificate(certificate=certificate, by=admin_user)
    services.set_facilitator(user=UserFactory(display_name="Dana Serikova"), by=admin_user, facilitator=True)
    _admin_in_english(admin_user)
    client.force_login(admin_user)
    html = client.get(reverse(SITE_HISTORY)).content.decode()
    for label in ("Post hidden", "Certificate revoked", "Role changed", "Dana Serikova"):
        assert label in html


def test_teacher_cannot_open_site_history(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse(SITE_HISTORY)).status_code in (302, 403)


def test_facilitator_with_admin_access_does_not_see_the_entries(client, thread, admin_user):  # noqa: F811
    facilitator = UserFactory(display_name="Yerlan Nurpeisov", is_facilitator=True, school=None)
    services.set_facilitator(user=facilitator, by=admin_user, facilitator=True)  # the "Facilitators" admin group
    forum_services.set_post_hidden(post=thread.posts.first(), by=admin_user, hidden=True)
    _admin_in_english(facilitator)
    client.force_login(facilitator)
    response = client.get(reverse(SITE_HISTORY))
    assert response.status_code == 200  # the report opens (admin access), but lists nothing of these
    html = response.content.decode()
    assert "Site history" in html and "Post hidden" not in html and "Role changed" not in html
