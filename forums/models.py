"""Forums: boards (themes, teacher groups, events), threads, posts, their live event log, and peer feedback."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from forums import protocol
from network.validators import single_line


class Board(models.Model):
    """Where threads live: a network-wide theme, a teacher group's private board, or a network event's board."""

    class Kind(models.TextChoices):
        THEME = "theme", pgettext_lazy("forum board kind", "Theme")
        GROUP = "group", _("Teacher group")
        EVENT = "event", _("Network event")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.THEME)
    slug = models.SlugField(unique=True)
    title = models.CharField(_("title"), max_length=150, validators=[single_line])
    title_kk = models.CharField(_("title in Kazakh"), max_length=150, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_kk = models.TextField(_("description in Kazakh"), blank=True)
    description_ru = models.TextField(_("description in Russian"), blank=True)
    group = models.OneToOneField(
        "network.TeacherGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="board",
        verbose_name=_("teacher group"),
    )
    event_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event page"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "position", "title"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return self.local_title

    def get_absolute_url(self) -> str:
        return reverse("forums:board_detail", args=[self.slug])

    @property
    def local_title(self) -> str:
        """The title in the active language, falling back to the main title."""
        return getattr(self, f"title_{(get_language() or 'en')[:2]}", "") or self.title

    @property
    def local_description(self) -> str:
        """The description in the active language, falling back to the main one."""
        return getattr(self, f"description_{(get_language() or 'en')[:2]}", "") or self.description

    @property
    def is_private(self) -> bool:
        return self.group_id is not None


class Thread(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="threads", verbose_name=_("board"))
    title = models.CharField(_("title"), max_length=200, validators=[single_line])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_threads", verbose_name=_("author")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(null=True, blank=True, db_index=True)
    post_count = models.PositiveIntegerField(default=0)
    is_locked = models.BooleanField(_("locked"), default=False)
    # The language the member wrote in (network.languages.guess_language): marked with `lang` on other pages.
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:thread_detail", args=[self.pk])


def post_image_path(instance, filename: str) -> str:
    return f"forums/{instance.thread_id}/{uuid.uuid4().hex}-{filename}"


class Post(models.Model):
    """A reply. `body` is what the author typed; `html` is the sanitised rendering shown to readers."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts", verbose_name=_("author")
    )
    body = models.TextField(_("text"))
    html = models.TextField(editable=False)
    image = models.ImageField(_("image"), upload_to=post_image_path, blank=True)
    client_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    # The language the member wrote in (network.languages.guess_language): marked with `lang` on other pages.
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            # A retried send (same client_token) never makes a second post.
            models.UniqueConstraint(fields=["author", "client_token"], name="forums_post_once_per_client_token"),
        ]
        indexes = [models.Index(fields=["thread", "id"])]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("forums:post_link", args=[self.pk])


class PostRevision(models.Model):
    """The text a post had before an edit; moderators see the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class PostEvent(models.Model):
    """The live log of a thread: the pk is the `seq` clients resume from (monotonic per thread)."""

    class Kind(models.TextChoices):
        CREATED = protocol.POST_CREATED
        UPDATED = protocol.POST_UPDATED
        DELETED = protocol.POST_DELETED

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="events")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["thread", "id"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class Helpful(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="helpful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forums_helpful_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.post_id}"


class ThreadVisit(models.Model):
    """The last post a member saw in a thread: later ones are "new since your last visit"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    last_post_id = models.BigIntegerField(default=0)
    visited_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="forums_visit_once")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.thread_id}: {self.last_post_id}"


class ThreadFollow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="forums_follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id}"


class Flag(models.Model):
    """A member's report of a post; open until a moderator resolves it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags", verbose_name=_("post"))
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self) -> str:
        return self.reason


class Feedback(models.Model):
    """Structured peer feedback on a poster or project page, as at a network event's gallery walk: one per visitor
    and page, which its author may edit (forums.services.give_feedback)."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="forum_feedback", verbose_name=_("page")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_given", verbose_name=_("author")
    )
    works_well = models.TextField(_("What works well?"), blank=True)
    why_it_matters = models.TextField(_("Why does it matter?"), blank=True)
    what_next = models.TextField(_("What could come next?"), blank=True)
    others_use = models.TextField(_("How could others use it?"), blank=True)
    question = models.TextField(_("A question for you"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)  # of the answers, as Post.language
    created_at = models.DateTimeField(auto_now_add=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    ANSWERS = ("works_well", "why_it_matters", "what_next", "others_use", "question")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["page", "author"], name="one_feedback_per_visitor_and_page")]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.author} → {self.page_id}"

    def answers(self) -> list[tuple[str, str]]:
        """(prompt, answer) pairs that were filled in, in the gallery-walk order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.ANSWERS
            if getattr(self, name)
        ]


class NotificationSettings(models.Model):
    """A member's e-mail choices; created lazily with everything on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notification_settings"
    )
    email_digest = models.BooleanField(_("Send me a daily e-mail digest"), default=True)
    email_replies = models.BooleanField(_("Include replies in threads I follow"), default=True)
    email_mentions = models.BooleanField(_("E-mail me at once when someone mentions me"), default=True)
    email_feedback = models.BooleanField(_("Include feedback on my posters"), default=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class RoomEvent(models.Model):
    """The live log of a network event's room (`/ws/events/<slug>/`): feedback on its posters and announcements.

    `seq` counts up from 1 per event, allocated under a lock on the event (services.record_room_event), so it also
    follows commit order: a client that resumes after `seq` never misses an event committed later with a smaller one.
    `event` is the event's registration page (`EventPage.registration_event`), whatever language it is read in.
    """

    class Kind(models.TextChoices):
        FEEDBACK_CREATED = protocol.FEEDBACK_CREATED
        ANNOUNCEMENT = protocol.ANNOUNCEMENT

    event = models.ForeignKey("network.EventPage", on_delete=models.CASCADE, related_name="room_events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "seq"]
        constraints = [models.UniqueConstraint(fields=["event", "seq"], name="forums_room_event_seq_once")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.seq} @ {self.event_id}"

    def frame(self) -> dict:
        """The frame clients get, live or replayed (docs/websocket-protocol.md). `id` is what the event is about:
        the feedback (`payload["id"]`), or for an announcement the event itself."""
        return {"type": self.kind, "seq": self.seq, "id": self.pk, **self.payload}

    @property
    def text(self) -> str:
        return self.payload.get("text", "")

    @property
    def author(self) -> str:
        return self.payload.get("author", "")
