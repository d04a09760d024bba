"""Forum pages over HTTP: posting, rate limits, edits, deletion, reactions, moderation, search, query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import services
from forums.models import Flag, Post, PostRevision
from network.models import Notification


def reply(client, thread, body, **extra):
    return client.post(reverse("forums:post_create", args=[thread.pk]), {"body": body, **extra})


def test_member_starts_a_thread_through_the_form(client, board, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("forums:thread_create", args=[board.slug]), {"title": "Seedlings on the windowsill", "body": "Day 1"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Seedlings on the windowsill" in page and "Day 1" in page


def test_reply_through_the_plain_form_redirects_to_the_new_post(client, thread, teacher2):
    client.force_login(teacher2)
    response = reply(client, thread, "Try **vinegar** and soda")
    post = Post.objects.get(body="Try **vinegar** and soda")
    assert response.status_code == 302 and response["Location"].endswith(f"#post-{post.pk}")
    page = client.get(response["Location"], follow=True).content.decode()
    assert "<strong>vinegar</strong>" in page


def test_posting_too_fast_shows_the_message_and_keeps_the_text(client, thread, teacher2, settings):
    settings.FORUMS_POSTS_PER_MINUTE = 3
    client.force_login(teacher2)
    for n in range(3):
        assert reply(client, thread, f"reply {n}").status_code == 302
    response = reply(client, thread, "My long careful answer about the lab")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Please wait a minute" in html
    assert "My long careful answer about the lab" in html
    assert not Post.objects.filter(body__startswith="My long careful").exists()


def test_rate_limit_message_is_translated(client, thread, teacher2, settings):
    settings.FORUMS_POSTS_PER_MINUTE = 0
    client.force_login(teacher2)
    response = client.post(f"/ru/forums/t/{thread.pk}/reply/", {"body": "Текст"})
    html = response.content.decode()
    assert response.status_code == 429, response
    assert "Подождите минуту" in html and "Текст" in html


def test_a_rejected_post_keeps_the_typed_text(client, thread, teacher2):
    client.force_login(teacher2)
    long_text = "Дорогие коллеги, " + "x" * 10_001
    response = reply(client, thread, long_text)
    assert response.status_code == 400
    assert long_text in response.content.decode()


def test_thread_page_queries_do_not_grow_with_posts(client, board, teacher, teacher2, django_assert_max_num_queries):
    small = services.create_thread(board=board, author=teacher, title="Small", body="1")
    big = services.create_thread(board=board, author=teacher, title="Big", body="1")
    for n in range(4):
        services.create_post(thread=small, author=teacher2, body=f"small {n}")
    for n in range(199):
        services.create_post(thread=big, author=teacher2 if n % 2 else teacher, body=f"big {n} **bold**")
    for thread in (small, big):
        services.toggle_helpful(post=thread.posts.first(), user=teacher2)
    client.force_login(teacher2)
    client.get(small.get_absolute_url())  # first visits write a visit row; compare the usual visit
    client.get(big.get_absolute_url())
    with CaptureQueriesContext(connection) as five:
        assert client.get(small.get_absolute_url()).content.decode().count('data-id="') == 5
    with django_assert_max_num_queries(len(five)), CaptureQueriesContext(connection) as two_hundred:
        html = client.get(big.get_absolute_url()).content.decode()
    assert html.count('data-id="') == 25
    print(f"thread page queries: 5 posts = {len(five)}, 200 posts = {len(two_hundred)}")


def test_author_edits_and_moderator_sees_the_history(client, group_thread, teacher, facilitator):
    post = group_thread.posts.get()
    client.force_login(teacher)
    client.post(reverse("forums:post_edit", args=[post.pk]), {"body": "Just us, and our facilitator."})
    post.refresh_from_db()
    assert post.body == "Just us, and our facilitator." and post.edited_at
    assert PostRevision.objects.get(post=post).body == "Just us."
    assert client.get(reverse("forums:post_history", args=[post.pk])).status_code == 403
    client.force_login(facilitator)
    history = client.get(reverse("forums:post_history", args=[post.pk])).content.decode()
    assert "Just us." in history and "Just us, and our facilitator." in history


def test_other_members_cannot_edit_or_delete_a_post(client, thread, teacher2):
    post = thread.posts.get()
    client.force_login(teacher2)
    assert client.post(reverse("forums:post_edit", args=[post.pk]), {"body": "hacked"}).status_code == 403
    assert client.post(reverse("forums:post_delete", args=[post.pk])).status_code == 403


def test_soft_deleted_post_shows_a_placeholder(client, thread, teacher):
    post = services.create_post(thread=thread, author=teacher, body="Oops, wrong thread")
    client.force_login(teacher)
    client.post(reverse("forums:post_delete", args=[post.pk]))
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Oops, wrong thread" not in html and "This post was deleted." in html
    assert Post.objects.filter(pk=post.pk, is_deleted=True).exists()


def test_helpful_reaction_counts_once_per_member(client, thread, teacher2):
    post = thread.posts.get()
    client.force_login(teacher2)
    client.post(reverse("forums:post_helpful", args=[post.pk]))
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "1 found this helpful" in html and 'aria-pressed="true"' in html
    client.post(reverse("forums:post_helpful", args=[post.pk]))  # a second press takes it back
    post.refresh_from_db()
    assert post.helpful_count == 0


def test_quote_reply_prefills_the_quoted_text(client, thread, teacher, teacher2):
    post = thread.posts.get()
    client.force_login(teacher2)
    html = client.get(thread.get_absolute_url() + f"?quote={post.pk}").content.decode()
    assert f"&gt; @[{teacher.display_name}]({teacher.pk}):" in html and "&gt; How?" in html  # her name, not a username
    assert f"@{teacher.username}" not in html


def test_new_posts_since_the_last_visit_are_marked(client, thread, teacher, teacher2):
    client.force_login(teacher)
    assert "new since your last visit" not in client.get(thread.get_absolute_url()).content.decode()
    services.create_post(thread=thread, author=teacher2, body="While you were away")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert html.count("new since your last visit") == 1
    assert "new since your last visit" not in client.get(thread.get_absolute_url()).content.decode()


def test_long_threads_are_paginated_and_permalinks_find_the_page(client, thread, teacher2):
    posts = [services.create_post(thread=thread, author=teacher2, body=f"n{n}") for n in range(30)]
    response = client.get(reverse("forums:post_link", args=[posts[-1].pk]))
    assert response["Location"].endswith(f"?page=2#post-{posts[-1].pk}")
    page2 = client.get(thread.get_absolute_url() + "?page=2").content.decode()
    assert f'id="post-{posts[-1].pk}"' in page2 and "data-append" in page2
    assert "data-append" not in client.get(thread.get_absolute_url()).content.decode()


def test_mentioned_member_and_followers_are_notified(thread, teacher, teacher2, facilitator):
    services.create_post(thread=thread, author=facilitator, body=f"@{teacher2.username} could you share your jars?")
    assert Notification.objects.filter(recipient=teacher2, kind="forum.mention").count() == 1
    # the thread's author follows it automatically and hears about the reply
    assert Notification.objects.filter(recipient=teacher, kind="forum.reply").count() == 1
    services.create_post(thread=thread, author=teacher2, body="Sure!")
    assert Notification.objects.filter(recipient=facilitator, kind="forum.reply").count() == 1  # posting follows


def test_mentions_of_people_who_cannot_read_the_board_are_not_notified(group_thread, teacher, outsider):
    services.create_post(thread=group_thread, author=teacher, body=f"@{outsider.username} look")
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_flagged_post_reaches_the_group_facilitators_queue_and_can_be_hidden(
    client, group_thread, teacher2, facilitator, other_facilitator
):
    post = group_thread.posts.get()
    client.force_login(teacher2)
    client.post(reverse("forums:post_flag", args=[post.pk]), {"reason": "Personal data of a pupil"})
    assert Flag.objects.filter(post=post, resolved_at__isnull=True).count() == 1
    client.force_login(other_facilitator)
    assert "Personal data of a pupil" not in client.get(reverse("forums:moderation")).content.decode()
    client.force_login(facilitator)
    assert "Personal data of a pupil" in client.get(reverse("forums:moderation")).content.decode()
    client.post(reverse("forums:post_moderate", args=[post.pk]), {"action": "hide"})
    client.force_login(teacher2)
    html = client.get(group_thread.get_absolute_url()).content.decode()
    assert "This post was hidden by a moderator." in html and "Just us." not in html


def test_members_cannot_flag_or_mark_helpful_a_hidden_post(client, group_thread, teacher2, facilitator):
    post = group_thread.posts.get()
    services.set_post_hidden(post=post, by=facilitator, hidden=True)
    client.force_login(teacher2)
    assert client.post(reverse("forums:post_helpful", args=[post.pk])).status_code == 403
    assert client.post(reverse("forums:post_flag", args=[post.pk]), {"reason": "again"}).status_code == 403
    post.refresh_from_db()
    assert post.helpful_count == 0 and not Flag.objects.filter(post=post).exists()
    client.force_login(facilitator)  # the moderator still sees it
    assert client.post(reverse("forums:post_helpful", args=[post.pk])).status_code == 302


def test_teachers_do_not_get_the_moderation_queue(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("forums:moderation")).status_code == 403


def test_search_finds_only_what_the_viewer_may_read(client, thread, group_thread, teacher, outsider):
    services.create_post(thread=thread, author=teacher, body="Seedlings need light")
    services.create_post(thread=group_thread, author=teacher, body="Seedlings secret plan")
    client.force_login(outsider)
    html = client.get(reverse("forums:search"), {"q": "seedlings"}).content.decode()
    assert "Seedlings need light" in html and "secret plan" not in html
    client.force_login(teacher)
    assert "secret plan" in client.get(reverse("forums:search"), {"q": "seedlings"}).content.decode()


def test_search_uses_postgres_full_text_there(require_postgres, thread, teacher):
    from forums import selectors

    services.create_post(thread=thread, author=teacher, body="Multigrade lessons with two groups")
    assert selectors.search_posts(viewer=teacher, query="multigrade lessons").count() == 1


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, "PNG")
    return out.getvalue()


def test_a_photo_attached_to_a_reply_is_shown(client, thread, teacher2):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(teacher2)
    photo = SimpleUploadedFile("beans.png", _png(), content_type="image/png")
    reply(client, thread, "Our beans on day 5", image=photo)
    post = Post.objects.get(body="Our beans on day 5")
    assert post.image.name.endswith(".png")
    assert post.image.url in client.get(thread.get_absolute_url()).content.decode()


def test_a_file_that_is_not_an_image_is_refused_and_the_text_kept(client, thread, teacher2):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(teacher2)
    fake = SimpleUploadedFile("beans.png", b"<?php echo 1; ?>", content_type="image/png")
    response = reply(client, thread, "Text with a broken photo", image=fake)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Text with a broken photo" in html and "JPEG, PNG or WebP" in html


def test_times_are_machine_readable_without_microseconds(client, thread, teacher):
    import re

    html = client.get(thread.get_absolute_url()).content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', html)
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp) for stamp in stamps)
