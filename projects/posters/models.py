"""The poster session at a network event: posters offered and accepted, board numbers, the gallery walk.

Django loads these models through `projects/models.py` (app label `projects`, tables unchanged).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PosterPresentation(models.Model):
    """A project's poster offered for (and, once a facilitator accepts it, shown at) a network event.

    `event` is the event's registration page (`EventPage.registration_event`, the source of its translation set),
    so a presentation is the same whichever language the event is read in. An accepted poster gets a board number
    and is shown in the event's public gallery: offering it is the presenter's consent to that.
    """

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    event = models.ForeignKey(
        "network.EventPage", on_delete=models.CASCADE, related_name="poster_presentations", verbose_name=_("event")
    )
    project = models.ForeignKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="presentations", verbose_name=_("project")
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="poster_presentations",
        verbose_name=_("presenter"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    board_number = models.PositiveSmallIntegerField(_("board number"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["board_number", "offered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "project"], name="one_presentation_per_project_and_event"),
            models.UniqueConstraint(
                fields=["event", "board_number"],
                condition=models.Q(board_number__isnull=False),
                name="one_poster_per_board",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "board_number"])]
        verbose_name = _("poster presentation")
        verbose_name_plural = _("poster presentations")

    def __str__(self) -> str:
        return f"{self.project} @ {self.event}"

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED


class GalleryWalk(models.Model):
    """How an event's poster session runs: visitors walk in groups from board to board, `rotation_minutes` each.

    One per event (its `registration_event`); saved by the organisers' "assign boards and groups".
    """

    event = models.OneToOneField(
        "network.EventPage", on_delete=models.CASCADE, related_name="gallery_walk", verbose_name=_("event")
    )
    group_size = models.PositiveSmallIntegerField(_("people per group"), default=4)
    rotation_minutes = models.PositiveSmallIntegerField(_("minutes at each board"), default=10)
    assigned_at = models.DateTimeField(_("assigned"), auto_now=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("gallery walk")
        verbose_name_plural = _("gallery walks")

    def __str__(self) -> str:
        return str(self.event)


class GalleryWalkVisitor(models.Model):
    """A registered visitor (not presenting) and the gallery-walk group they walk with."""

    walk = models.ForeignKey(GalleryWalk, on_delete=models.CASCADE, related_name="visitors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    group = models.PositiveSmallIntegerField(_("gallery-walk group"))

    class Meta:
        ordering = ["group", "pk"]
        constraints = [models.UniqueConstraint(fields=["walk", "user"], name="one_group_per_visitor")]
        verbose_name = _("gallery-walk visitor")
        verbose_name_plural = _("gallery-walk visitors")

    def __str__(self) -> str:
        return f"{self.user} · {self.group}"
