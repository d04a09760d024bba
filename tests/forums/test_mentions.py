"""Mentions by name (issue 13 item 9): a member is picked by display name (a plain select without JavaScript), the
post shows the name and never a username, and she gets the notification and one prompt e-mail in her language,
unless she turned mention e-mails off."""

import pytest
from django.core import mail
from django.urls import reverse

from forums import markup, services
from forums.models import NotificationSettings, Post
from network.models import Notification
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def zhauhar(group):
    user = UserFactory(display_name="Жауһар Сейітова", email="zhauhar@example.org", preferred_language="ru")
    MembershipFactory(group=group, user=user)
    return user


def token(user) -> str:
    return f"@[{user.display_name}]({user.pk})"


def test_a_cyrillic_display_name_mention_notifies_her_and_sends_one_email_in_her_language(
    thread, teacher, zhauhar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = services.create_post(thread=thread, author=teacher, body=f"{token(zhauhar)} қараңызшы, банкалар!")
    assert Notification.objects.filter(recipient=zhauhar, kind="forum.mention").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [zhauhar.email]
    assert "упомянул" in message.subject.lower() or "упомянула" in message.subject.lower()
    assert post.get_absolute_url() in message.body
    # the digest does not send it a second time
    assert services.send_digest(user=zhauhar, base_url="https://ortaq.example") == 0


def test_a_mention_by_her_first_name_alone_finds_her(thread, teacher, zhauhar, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(thread=thread, author=teacher, body="@Жауһар, сіздің ойыңыз қандай?")
    assert Notification.objects.filter(recipient=zhauhar, kind="forum.mention").count() == 1
    assert len(mail.outbox) == 1


def test_a_member_who_turned_mention_emails_off_gets_no_email(
    thread, teacher, zhauhar, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(user=zhauhar, email_mentions=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_post(thread=thread, author=teacher, body=f"{token(zhauhar)} look")
    assert Notification.objects.filter(recipient=zhauhar, kind="forum.mention").count() == 1  # still told on the site
    assert mail.outbox == []


def test_the_post_shows_the_name_and_never_the_username(client, thread, teacher, teacher2, zhauhar):
    services.create_post(thread=thread, author=teacher, body=f"{token(zhauhar)} and @{teacher2.username} too")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert '<span class="mention">@Жауһар Сейітова</span>' in html
    assert f'<span class="mention">@{teacher2.display_name}</span>' in html
    assert zhauhar.username not in html and f"@{teacher2.username}" not in html


def test_the_reply_form_offers_colleagues_by_name_and_a_chosen_one_is_mentioned(
    client, thread, teacher, teacher2, zhauhar, outsider
):
    client.force_login(teacher2)
    html = client.get(thread.get_absolute_url()).content.decode()
    form = html[html.index('id="reply-form"') :]
    assert 'name="mention"' in form
    assert f'<option value="{zhauhar.pk}">Жауһар Сейітова</option>' in form  # her group colleague
    assert f'<option value="{teacher.pk}">{teacher.display_name}</option>' in form  # the thread's participant
    assert outsider.display_name not in form and "@username" not in html and zhauhar.username not in html
    response = client.post(
        reverse("forums:post_create", args=[thread.pk]), {"body": "What do you think?", "mention": zhauhar.pk}
    )
    assert response.status_code == 302
    post = Post.objects.get(body__endswith="What do you think?")
    assert post.body.startswith(token(zhauhar)) and "@Жауһар Сейітова" in post.html
    assert Notification.objects.filter(recipient=zhauhar, kind="forum.mention").count() == 1


def test_a_quote_reply_names_the_quoted_member_not_her_username(client, thread, teacher, teacher2):
    post = thread.posts.get()
    client.force_login(teacher2)
    html = client.get(thread.get_absolute_url() + f"?quote={post.pk}").content.decode()
    assert f"&gt; @[{teacher.display_name}]({teacher.pk}):" in html and f"@{teacher.username}" not in html


def test_a_name_with_brackets_makes_a_token_that_still_parses():
    user = UserFactory.build(pk=42, display_name="Ana [Almaty] (school 3)")
    assert markup.find_mentions(markup.mention_token(user))[0] == {42}


def test_on_a_group_board_the_picker_offers_the_group_only(
    client, group_thread, teacher2, zhauhar, facilitator, outsider
):
    client.force_login(teacher2)
    html = client.get(group_thread.get_absolute_url()).content.decode()
    form = html[html.index('id="reply-form"') :]
    for member in (zhauhar, facilitator):
        assert f'<option value="{member.pk}">{member.display_name}</option>' in form
    assert outsider.display_name not in form
