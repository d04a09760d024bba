"""Writes of the forums: threads, posts, reactions, moderation, feedback, notification settings, digests.

Views, the WebSocket consumer, management commands and the demo all call these.
"""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from wagtail import log_actions
from wagtail.models import Page

from forums import emails, markup, mentions, realtime, selectors
from forums.emails import (  # noqa: F401 (the notification settings and digest are part of the service API)
    KIND_SETTING,
    send_digest,
    send_digests,
    unsubscribe,
    unsubscribe_token,
    update_notification_settings,
)
from forums.models import (
    Board,
    Feedback,
    Flag,
    Helpful,
    Post,
    PostEvent,
    PostRevision,
    RoomEvent,
    Thread,
    ThreadFollow,
    ThreadVisit,
)
from network import ratelimit
from network import services as network_services
from network.events import selectors as event_selectors
from network.languages import guess_language
from network.models import EventPage, User
from network.signals import public_pages_changed
from projects.models import ProjectPage
from projects.posters import selectors as poster_selectors

MAX_BODY = 10_000
MAX_ANNOUNCEMENT = 280


class RateLimited(Exception):
    """Too many posts in a short time; the message says what to do."""

    message = gettext_lazy("You are posting very fast. Please wait a minute and try again; your text is kept.")


def check_posting_rate(*, user: User) -> None:
    """At most FORUMS_POSTS_PER_MINUTE posts per member per minute, HTTP and WebSocket alike (network.ratelimit)."""
    limit = getattr(settings, "FORUMS_POSTS_PER_MINUTE", 10)
    if not ratelimit.hit(f"forums.post:{user.pk}", limit, 60):
        raise RateLimited


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Please write something."), code="empty")
    if len(body) > MAX_BODY:
        raise ValidationError(
            _("Please keep a post under %(limit)s characters.") % {"limit": MAX_BODY}, code="too_long"
        )
    return body


@transaction.atomic
def _record(post: Post, kind: str) -> PostEvent:
    """Append to the thread's event log (its pk is the seq) and broadcast it after commit.

    The thread's row lock, held to the end of the transaction, makes the events of one thread commit in pk order:
    without it a smaller pk could commit after a larger one on PostgreSQL, and a reader already past it would never
    get it. (SQLite writes one transaction at a time anyway.)
    """
    list(Thread.objects.select_for_update().filter(pk=post.thread_id).values_list("pk"))
    event = PostEvent.objects.create(thread_id=post.thread_id, post=post, kind=kind)
    realtime.announce_event(event)
    return event


# Notification message keys: stored untranslated, shown in each reader's language (network.models.Notification).
MENTIONED_YOU = gettext_noop("%(author)s mentioned you in “%(thread)s”")
REPLIED = gettext_noop("%(author)s replied in “%(thread)s”")


def _render(*, body: str, thread: Thread, author: User) -> tuple[str, set[User]]:
    """The post's HTML, mentions showing the members' names (never a username), and the members it mentions."""
    ids, words = markup.find_mentions(body)
    found = mentions.resolve_mentions(ids=ids, words=words, thread=thread, author=author) if ids or words else {}
    html = markup.render(body, {key: user.display_name for key, user in found.items()})
    return html, set(found.values())


def _notify_about_post(post: Post, mentioned: set[User]) -> None:
    """Mentioned members (who may read the thread: `mentions.resolve_mentions`) get a mention, and an e-mail once
    the post is committed unless they turned mention e-mails off; other followers get a reply notification."""
    thread = post.thread
    url = post.get_absolute_url()
    mentioned = {user for user in mentioned if user.pk != post.author_id}
    params = {"author": str(post.author), "thread": thread.title}
    for user in mentioned:
        notification = network_services.notify(
            recipient=user, kind="forum.mention", message=MENTIONED_YOU, params=params, url=url
        )
        if user.email and selectors.notification_settings_for(user=user).email_mentions:
            transaction.on_commit(
                lambda pk=notification.pk: emails.send_notification_email(notification_id=pk), robust=True
            )
    mentioned_ids = {user.pk for user in mentioned}
    followers = selectors.followers_of(thread=thread).exclude(pk=post.author_id).exclude(pk__in=mentioned_ids)
    network_services.notify_each(
        recipients=followers.only("pk", "preferred_language"),
        kind="forum.reply",
        message=REPLIED,
        params=params,
        url=url,
    )


def ensure_group_boards(*, groups) -> int:
    """Give every teacher group in `groups` its private board (a new group gets one on first visit)."""
    missing = [group for group in groups if not Board.objects.filter(group=group).exists()]
    for group in missing:
        Board.objects.get_or_create(
            group=group,
            defaults={
                "kind": Board.Kind.GROUP,
                "slug": f"group-{group.slug}"[:50],
                **group_board_names(group),
            },
        )
    return len(missing)


def group_board_names(group) -> dict:
    """A group board's title and description in three languages: the group's own."""
    return {
        "title": group.name,
        "title_kk": group.name_kk,
        "title_ru": group.name_ru,
        "description": group.description,
        "description_kk": group.description_kk,
        "description_ru": group.description_ru,
    }


def follow_thread(*, user: User, thread: Thread) -> None:
    ThreadFollow.objects.get_or_create(user=user, thread=thread)


def unfollow_thread(*, user: User, thread: Thread) -> None:
    ThreadFollow.objects.filter(user=user, thread=thread).delete()


@transaction.atomic
def create_post_once(
    *,
    thread: Thread,
    author: User,
    body: str,
    client_token: uuid.UUID | str | None = None,
    image=None,
    throttle: bool = False,
) -> tuple[Post, bool]:
    """Save a reply once per client_token, announce it after commit,
    notify followers and mentioned members. PermissionDenied if `author` may not reply; RateLimited
    when `throttle` and the author is posting too fast; ValidationError for an empty or huge body.
    Returns (post, created): a retry with the same client_token gets the first post and False."""
    if not selectors.can_reply(user=author, thread=thread):
        raise PermissionDenied
    if client_token:
        client_token = uuid.UUID(str(client_token))
        existing = Post.objects.filter(author=author, client_token=client_token).first()
        if existing is not None:
            return existing, False
    body = _clean_body(body)
    if throttle:
        check_posting_rate(user=author)
    try:
        with transaction.atomic():  # a concurrent retry with the same token loses the race cleanly
            html, mentioned = _render(body=body, thread=thread, author=author)
            post = Post.objects.create(
                thread=thread,
                author=author,
                body=body,
                html=html,
                client_token=client_token,
                language=guess_language(body),
            )
    except IntegrityError:
        return Post.objects.get(author=author, client_token=client_token), False
    if image is not None:
        post.image.save(image.name, image, save=True)
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=post.created_at)
    _record(post, PostEvent.Kind.CREATED)
    post.thread = thread
    _notify_about_post(post, mentioned)
    follow_thread(user=author, thread=thread)
    return post, True


def create_post(**kwargs) -> Post:
    """`create_post_once` (same keyword arguments), for callers that need only the post."""
    return create_post_once(**kwargs)[0]


@transaction.atomic
def create_thread(*, board: Board, author: User, title: str, body: str, throttle: bool = False, image=None) -> Thread:
    """Start a thread with its first post; the author follows it."""
    if not selectors.can_post_in_board(user=author, board=board):
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Please give the thread a title."), code="empty")
    body = _clean_body(body)
    if throttle:
        check_posting_rate(user=author)
    thread = Thread.objects.create(
        board=board, author=author, title=title[:200], last_post_at=timezone.now(), language=guess_language(title)
    )
    follow_thread(user=author, thread=thread)
    create_post(thread=thread, author=author, body=body, image=image)
    thread.refresh_from_db()
    return thread


@transaction.atomic
def edit_post(*, post: Post, editor: User, body: str) -> Post:
    """Change a post's text; the old text is kept for moderators, readers see the new one live."""
    if not selectors.can_edit_post(user=editor, post=post):
        raise PermissionDenied
    body = _clean_body(body)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body, edited_by=editor)
    html, _mentioned = _render(body=body, thread=post.thread, author=post.author)
    post.body, post.html, post.edited_at = body, html, timezone.now()
    post.language = guess_language(body, post.language)
    post.save(update_fields=["body", "html", "edited_at", "language"])
    _record(post, PostEvent.Kind.UPDATED)
    return post


@transaction.atomic
def delete_post(*, post: Post, by: User) -> Post:
    """Soft delete: the post stays (for history and moderators) but readers see a placeholder."""
    if not selectors.can_edit_post(user=by, post=post):
        raise PermissionDenied
    post.is_deleted = True
    post.save(update_fields=["is_deleted"])
    _record(post, PostEvent.Kind.DELETED)
    return post


def _resolve_flags(*, post: Post, by: User) -> int:
    return Flag.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=timezone.now(), resolved_by=by)


@transaction.atomic
def set_post_hidden(*, post: Post, by: User, hidden: bool) -> Post:
    """A moderator hides (or restores) a post; hiding resolves its open flags."""
    if not selectors.can_moderate_board(user=by, board=post.thread.board):
        raise PermissionDenied
    post.is_hidden = hidden
    post.save(update_fields=["is_hidden"])
    resolved = _resolve_flags(post=post, by=by)
    _record(post, PostEvent.Kind.UPDATED)
    # admins read it under Reports -> Site history; it rolls back with the change
    action = "ortaq.post_hidden" if hidden else "ortaq.post_restored"
    data = {"thread_id": post.thread_id, "flags_resolved": resolved}
    log_actions.log(instance=post, action=action, user=by, data=data)
    return post


@transaction.atomic
def dismiss_flags(*, post: Post, by: User) -> int:
    """A moderator resolves a post's open flags without hiding it; returns how many."""
    if not selectors.can_moderate_board(user=by, board=post.thread.board):
        raise PermissionDenied
    dismissed = _resolve_flags(post=post, by=by)
    if dismissed:
        log_actions.log(instance=post, action="ortaq.flags_dismissed", user=by, data={"flags_resolved": dismissed})
    return dismissed


@transaction.atomic
def set_thread_locked(*, thread: Thread, by: User, locked: bool) -> Thread:
    """A moderator locks (or reopens) a thread to new replies."""
    if not selectors.can_moderate_board(user=by, board=thread.board):
        raise PermissionDenied
    thread.is_locked = locked
    thread.save(update_fields=["is_locked"])
    log_actions.log(instance=thread, action="ortaq.thread_locked" if locked else "ortaq.thread_unlocked", user=by)
    return thread


class FlagRateLimited(RateLimited):
    """Too many reports in a short time."""

    message = gettext_lazy(
        "You have reported many posts in a short time. Please wait a while and try again; your text is kept."
    )


def check_flag_rate(*, user: User) -> None:
    """At most FORUMS_FLAGS_PER_HOUR new reports per member per hour (network.ratelimit)."""
    if not ratelimit.hit(f"forums.flag:{user.pk}", settings.FORUMS_FLAGS_PER_HOUR, 3600):
        raise FlagRateLimited


REPORTED = gettext_noop("A post in “%(thread)s” was reported")


@transaction.atomic
def flag_post(*, post: Post, reporter: User, reason: str) -> Flag:
    """Report a post to the board's moderators (`selectors.list_flag_moderators`); they get one notification per
    post, however many report it. One open flag per member per post: reporting again keeps the first and tells no
    one again. FlagRateLimited when the member reports many posts fast."""
    if not selectors.can_flag_post(user=reporter, post=post):
        raise PermissionDenied
    existing = Flag.objects.filter(post=post, reporter=reporter, resolved_at__isnull=True).first()
    if existing is not None:
        return existing
    check_flag_rate(user=reporter)
    flag = Flag.objects.create(post=post, reporter=reporter, reason=reason.strip()[:500])
    url = reverse("forums:moderation") + f"#queue-{post.pk}"  # one link per post: collapse keeps one per post
    for moderator in selectors.list_flag_moderators(post=post):
        if moderator.pk == reporter.pk:
            continue
        network_services.notify(
            recipient=moderator,
            kind="forum.flag",
            message=REPORTED,
            params={"thread": post.thread.title},
            url=url,
            collapse=True,
        )
    return flag


@transaction.atomic
def toggle_helpful(*, post: Post, user: User) -> bool:
    """Mark a post helpful (or take it back); returns whether it is now marked."""
    if not selectors.can_mark_helpful(user=user, post=post):
        raise PermissionDenied
    deleted, _rows = Helpful.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
    else:
        Helpful.objects.create(post=post, user=user)
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
    post.refresh_from_db(fields=["helpful_count"])
    _record(post, PostEvent.Kind.UPDATED)
    return not deleted


def record_visit(*, user: User, thread: Thread, last_post_id: int) -> int:
    """Remember the newest post `user` has seen; returns the one remembered before (0 on a first visit)."""
    if not user.is_authenticated:
        return 0
    visit, created = ThreadVisit.objects.get_or_create(
        user=user, thread=thread, defaults={"last_post_id": last_post_id}
    )
    previous = 0 if created else visit.last_post_id
    if not created and last_post_id > visit.last_post_id:
        ThreadVisit.objects.filter(pk=visit.pk).update(last_post_id=last_post_id, visited_at=timezone.now())
    return previous


# --- Feedback ------------------------------------------------------------------------------------------------


def check_feedback_rate(*, user: User) -> None:
    """At most FORUMS_FEEDBACK_PER_MINUTE feedback sends (new or edited) per member per minute (network.ratelimit)."""
    if not ratelimit.hit(f"forums.feedback:{user.pk}", settings.FORUMS_FEEDBACK_PER_MINUTE, 60):
        raise RateLimited


@transaction.atomic
def give_feedback(*, page, author: User, **answers: str) -> Feedback:
    """Save gallery-walk feedback (at least one answer): one per visitor and page, so sending again edits the
    earlier answers. The presenter is told of new feedback once (one waiting notification per poster), never of
    an edit. RateLimited when sending too fast."""
    if not selectors.can_give_feedback(user=author, page=page):
        raise PermissionDenied
    cleaned = {name: (answers.get(name) or "").strip()[:2000] for name in Feedback.ANSWERS}
    if not any(cleaned.values()):
        raise ValidationError(_("Please answer at least one of the questions."), code="empty")
    check_feedback_rate(user=author)
    language = guess_language(" ".join(cleaned.values()))
    existing = Feedback.objects.select_for_update().filter(page=page, author=author).first()
    if existing is None:
        try:
            with transaction.atomic():  # a double tap on a slow connection: the second one edits the first
                feedback = Feedback.objects.create(page=page, author=author, language=language, **cleaned)
        except IntegrityError:
            existing = Feedback.objects.select_for_update().get(page=page, author=author)
    if existing is not None:
        for name, value in cleaned.items():
            setattr(existing, name, value)
        existing.language = language
        existing.save(update_fields=[*Feedback.ANSWERS, "language"])
        return existing
    if isinstance(page.specific, ProjectPage):
        _record_feedback_in_rooms(feedback=feedback, project=page.specific)
    presenter = selectors.presenter_of(page)
    if presenter is not None:
        network_services.notify(
            recipient=presenter,
            kind="forum.feedback",
            message=gettext_noop("%(author)s left feedback on “%(page)s”"),
            params={"author": author, "page": page.title},
            url=reverse("forums:feedback", args=[page.pk]),
            collapse=True,  # one waiting notification per poster, however much feedback arrives
        )
    return feedback


def _record_feedback_in_rooms(*, feedback: Feedback, project: ProjectPage) -> None:
    """Every event that accepted the project's poster hears of the feedback (no text: who got how much)."""
    presentations = poster_selectors.accepted_presentations_of(project=project).order_by("event_id")
    count = None
    for presentation in presentations:  # by event id: two writers lock events in the same order
        if count is None:
            count = selectors.count_feedback(page=feedback.page)
        payload = {"id": feedback.pk, "poster": presentation.board_number, "project": project.pk, "count": count}
        _record_room_event(event_id=presentation.event_id, kind=RoomEvent.Kind.FEEDBACK_CREATED, payload=payload)


@transaction.atomic
def reply_to_feedback(*, feedback: Feedback, by: User, text: str) -> Feedback:
    """The presenter answers a piece of feedback; its author is told."""
    if not selectors.can_reply_to_feedback(user=by, feedback=feedback):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Please write a reply."), code="empty")
    feedback.reply, feedback.replied_at = text[:2000], timezone.now()
    feedback.save(update_fields=["reply", "replied_at"])
    network_services.notify(
        recipient=feedback.author,
        kind="forum.feedback_reply",
        message=gettext_noop("%(presenter)s answered your feedback on “%(page)s”"),
        params={"presenter": by, "page": feedback.page.title},
        url=reverse("forums:feedback", args=[feedback.page_id]),
    )
    return feedback


# --- The live room of a network event -------------------------------------------------------------------------


def _lock_page(page_id: int) -> None:
    """Serialise writers of one event's room: a row lock on PostgreSQL, held until commit (as
    network.events.services does for seats); SQLite already has one writer at a time."""
    list(Page.objects.select_for_update().filter(pk=page_id).values_list("pk", flat=True))


@transaction.atomic
def _record_room_event(*, event_id: int, kind: str, payload: dict) -> RoomEvent:
    """Append to the room's log with the next seq and broadcast it after commit.

    The lock makes seq follow commit order (a pk would not on PostgreSQL: a smaller one can commit later, and a
    client that already resumed past it would never see it). The unique (event, seq) constraint is the backstop.
    """
    _lock_page(event_id)
    for _attempt in range(3):
        seq = (RoomEvent.objects.filter(event_id=event_id).aggregate(seq=Max("seq"))["seq"] or 0) + 1
        try:
            with transaction.atomic():
                room_event = RoomEvent.objects.create(event_id=event_id, seq=seq, kind=kind, payload=payload)
        except IntegrityError:
            continue  # another writer took this seq (a database without row locks): take the next one
        realtime.announce_room_event(room_event)
        return room_event
    raise IntegrityError(f"no free seq for the room of event {event_id}")


def check_announcement_rate(*, user: User) -> None:
    """At most FORUMS_ANNOUNCEMENTS_PER_MINUTE announcements per organiser per minute (network.ratelimit)."""
    limit = settings.FORUMS_ANNOUNCEMENTS_PER_MINUTE
    if not ratelimit.hit(f"forums.announce:{user.pk}", limit, 60):
        raise RateLimited


def clean_announcement(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Please write the announcement."), code="empty")
    if len(text) > MAX_ANNOUNCEMENT:
        raise ValidationError(
            _("An announcement can be at most %(limit)s characters long.") % {"limit": MAX_ANNOUNCEMENT},
            code="too_long",
        )
    return text


@transaction.atomic
def announce(*, event: EventPage, author: User, text: str) -> RoomEvent:
    """Tell everyone in the event's live room something (plain text, at most MAX_ANNOUNCEMENT characters).
    PermissionDenied unless `author` runs the room (organisers, admins); ValidationError for an empty or long text;
    RateLimited when announcing too fast."""
    if not selectors.can_run_room(user=author, event=event):
        raise PermissionDenied
    text = clean_announcement(text)
    check_announcement_rate(user=author)
    room_event = _record_room_event(
        event_id=event.registration_event.pk,
        kind=RoomEvent.Kind.ANNOUNCEMENT,
        payload={"text": text, "author": author.display_name},  # never the e-mail str(author) falls back to
    )
    _notify_registrants(event=event, author=author, text=text)
    # the latest announcement shows on the event's public pages (poster, gallery): cms forgets their cached copies
    transaction.on_commit(lambda: public_pages_changed.send(sender=RoomEvent), robust=True)
    return room_event


ANNOUNCED = gettext_noop("Announcement at “%(event)s”: %(text)s")


def _notify_registrants(*, event: EventPage, author: User, text: str) -> None:
    """Each member registered for the event (waitlist included) finds the announcement in their notifications,
    shown in the language they read it in, with a link to the live room in their preferred language."""
    by_language: dict[str, list[User]] = {}
    for member in event_selectors.list_registered_members(event=event).exclude(pk=author.pk):
        by_language.setdefault(member.preferred_language or settings.LANGUAGE_CODE, []).append(member)
    params = {"event": event.title, "text": text}
    for language, members in by_language.items():  # one INSERT per language: the link differs, nothing else
        with translation.override(language):
            url = reverse("forums:event_room", args=[event.slug])
        network_services.notify_each(
            recipients=members, kind="forum.announcement", message=ANNOUNCED, params=params, url=url
        )


@transaction.atomic
def ensure_event_board(*, event: EventPage) -> Board:
    """The forum board of a network event (one for all its language versions), made when it is first published;
    the board takes the title of each Kazakh or Russian version as it is published."""
    source = event.registration_event
    _lock_page(source.pk)  # two versions published at once still make one board
    board = selectors.event_board_for(event=source)
    if board is None:
        slug = f"event-{source.slug}"[:50]
        if Board.objects.filter(slug=slug).exists():
            slug = f"event-{source.pk}-{source.slug}"[:50]
        board = Board.objects.create(kind=Board.Kind.EVENT, event_page=source, slug=slug, title=source.title[:150])
    field = f"title_{event.locale.language_code}"
    if field in ("title_kk", "title_ru") and getattr(board, field) != event.title[:150]:
        setattr(board, field, event.title[:150])
        board.save(update_fields=[field])
    return board


# --- Notification settings, digests, unsubscribe --------------------------------------------------------------
