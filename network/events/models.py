"""Network events: pages, registration, attendance, certificates.

Posters at events and the live feedback room are built on top of these by `projects` and `forums`. Django
loads these models through `network/models.py` (app label `network`, tables unchanged).
"""

import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from network.pages import page_context
from network.stemming import StemmedSearchMixin
from network.validators import single_line, single_line_title

# --- Network events: pages, registration, attendance, certificates ---------------------------------
# (Posters at events and the live feedback room are built on top of these by `projects` and `forums`.)

EVENT_TIME_ZONES = [("Asia/Almaty", "Asia/Almaty"), ("Asia/Aqtau", "Asia/Aqtau")]


def _checkin_code() -> str:
    """Six characters a teacher can read off a slide and type on a phone (no 0/O, 1/I)."""
    return "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))


def _certificate_code() -> str:
    return secrets.token_urlsafe(18)


class SessionBlock(blocks.StructBlock):
    """One slot of the programme: when, where, what and who."""

    time = blocks.TimeBlock(label=_("Time"))
    room = blocks.CharBlock(label=_("Room"), required=False, max_length=80)
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    presenters = blocks.CharBlock(label=_("Presenters"), required=False, max_length=300)
    poster_session = blocks.BooleanBlock(
        label=_("Poster session"),
        required=False,
        help_text=_("The gallery walk's rotation plan starts at the first session marked so."),
    )

    class Meta:
        icon = "time"
        label = _("Session")


class EventIndexPage(Page):
    """The list of network events (slug `events`), one per language under the home page."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["network.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index page")

    def get_context(self, request, *args, **kwargs):
        return page_context(self, request, super().get_context(request, *args, **kwargs))


class EventPage(StemmedSearchMixin, Page):
    """A network event: a poster session, a seminar, an online meeting. Translated with Wagtail's localization.

    Registrations, attendance and certificates belong to the event, whatever language it is read in:
    they point at the first-created page of the translation set (`registration_event`).
    """

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=40, choices=EVENT_TIME_ZONES, default="Asia/Almaty")
    region = models.ForeignKey(
        "network.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("region"),
    )
    town = models.CharField(_("town or village"), max_length=120, blank=True, validators=[single_line])
    venue = models.CharField(_("venue"), max_length=200, blank=True, validators=[single_line])
    online_url = models.URLField(_("online link"), blank=True)
    organisers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_events", verbose_name=_("organising facilitators")
    )
    description = RichTextField(_("description"), blank=True)
    programme = StreamField([("session", SessionBlock())], blank=True, verbose_name=_("programme"))
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit. When full, new registrants join a waitlist."),
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    languages = models.CharField(_("languages"), max_length=120, blank=True, help_text=_("E.g. Kazakh, Russian"))
    cpd_hours = models.DecimalField(_("CPD hours"), max_digits=4, decimal_places=1, default=0)
    checkin_code = models.CharField(
        _("check-in code"),
        max_length=12,
        default=_checkin_code,
        help_text=_("Shown at the venue; registered teachers type it on the event page to check in."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("time_zone")], heading=_("When")
        ),
        MultiFieldPanel(
            [FieldPanel("region"), FieldPanel("town"), FieldPanel("venue"), FieldPanel("online_url")],
            heading=_("Where"),
        ),
        FieldPanel("organisers"),
        FieldPanel("description"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldPanel("languages"),
                FieldPanel("cpd_hours"),
                FieldPanel("checkin_code"),
            ],
            heading=_("Registration"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("town"),
        index.SearchField("search_stems"),
    ]
    parent_page_types = ["network.EventIndexPage"]
    subpage_types = ["network.EventReportPage"]

    class Meta:
        verbose_name = _("event page")

    def clean(self):
        super().clean()
        single_line_title(self)  # titles go into e-mail subjects, calendar files and log lines

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return localtime(self.start, self.zone)

    @property
    def local_end(self):
        return localtime(self.end, self.zone)

    @property
    def registration_event(self) -> "EventPage":
        """The page of this translation set that registrations and certificates hang on (the source page)."""
        if not hasattr(self, "_registration_event"):
            source = (
                EventPage.objects.filter(translation_key=self.translation_key).order_by("pk").first()
                if self.pk
                else None
            )
            self._registration_event = source if source and source.pk != self.pk else self
        return self._registration_event

    def get_context(self, request, *args, **kwargs):
        return page_context(self, request, super().get_context(request, *args, **kwargs))


class EventReportPage(StemmedSearchMixin, Page):
    """What happened at an event: photos, a summary and the numbers; published through moderation."""

    summary = RichTextField(pgettext_lazy("event report", "summary"), blank=True)
    photos = StreamField([("photo", ImageChooserBlock(label=_("Photo")))], blank=True, verbose_name=_("photos"))
    participants_count = models.PositiveIntegerField(_("participants"), default=0)
    presenters_count = models.PositiveIntegerField(_("presenters"), default=0)
    schools_count = models.PositiveIntegerField(_("schools"), default=0)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("photos"),
        FieldRowPanel([FieldPanel("participants_count"), FieldPanel("presenters_count"), FieldPanel("schools_count")]),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("search_stems")]
    parent_page_types = ["network.EventPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event report page")


class Registration(models.Model):
    """A teacher's place at an event (or on its waitlist), and whether they came."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("registered")
        WAITLISTED = "waitlisted", _("on the waitlist")
        CANCELLED = "cancelled", _("cancelled")

    class Attendance(models.TextChoices):
        NONE = "", _("not marked")
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations", verbose_name=_("member")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED)
    presentation = models.TextField(_("what I will present"), blank=True, max_length=1000)
    attendance = models.CharField(_("attendance"), max_length=12, choices=Attendance.choices, blank=True, default="")
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        unique_together = [("event", "user")]
        indexes = [models.Index(fields=["event", "status", "created_at"])]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"


class Certificate(models.Model):
    """Proof of participation or presentation, verifiable by anyone who has its code."""

    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("Certificate of participation")
        PRESENTATION = "presentation", _("Certificate of presentation")

    code = models.CharField(_("code"), max_length=40, unique=True, default=_certificate_code)
    event = models.ForeignKey(EventPage, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("event"))
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("holder")
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    hours = models.DecimalField(_("CPD hours"), max_digits=4, decimal_places=1)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("issued by")
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-issued_at", "pk"]
        unique_together = [("event", "holder", "kind")]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.holder}"

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", args=[self.code])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
