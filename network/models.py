"""The network: regions, districts, schools, members, the teacher groups facilitators run, notifications.

Network events are a package of their own (network/events/); their models are re-exported at the end of this
module, so Django and the migrations see them in app `network` as before.
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from network.validators import single_line


class Region(models.Model):
    """An oblast (or a city of republican significance)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=120, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=120, blank=True)
    slug = models.SlugField(unique=True)
    time_zone = models.CharField(_("time zone"), max_length=40, default="Asia/Almaty")

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the active language, falling back to English."""
        return getattr(self, f"name_{(get_language() or 'en')[:2]}", "") or self.name


class LocalNameMixin(models.Model):
    """`name` (English) plus `name_kk` and `name_ru`; `local_name` and str() give the active language's form."""

    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the active language, falling back to English."""
        return local_value(self, "name")


def local_value(obj, field: str) -> str:
    """`obj.<field>_kk` / `_ru` in the active language when filled, else `obj.<field>` (the English form)."""
    return getattr(obj, f"{field}_{(get_language() or 'en')[:2]}", "") or getattr(obj, field)


class District(LocalNameMixin, models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="districts", verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        unique_together = [("region", "name")]
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class School(LocalNameMixin, models.Model):
    """A school; a new one proposed at sign-up waits until a facilitator confirms it."""

    name = models.CharField(_("name"), max_length=200, validators=[single_line])
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="schools", verbose_name=_("region"))
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="schools", verbose_name=_("district")
    )
    locality = models.CharField(_("village or town"), max_length=120, blank=True)
    is_rural = models.BooleanField(_("rural school"), default=True)
    is_confirmed = models.BooleanField(_("confirmed"), default=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )

    class Meta:
        ordering = ["region__name", "name"]
        unique_together = [("region", "name")]
        verbose_name = _("school")
        verbose_name_plural = _("schools")


def opaque_username() -> str:
    """A username that says nothing about its member ("m-" and 10 random hex digits): never the e-mail's local
    part, never shown. Members sign in by e-mail; the username only has to be unique."""
    return f"m-{secrets.token_hex(5)}"


class User(AbstractUser):
    """A member of the network. Anyone who signs up is a teacher; admins grant the facilitator role."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=150, validators=[single_line])
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="kk"
    )
    # Set when the member chose the language herself (sign-up, profile): only then does signing in switch to it;
    # until then the site keeps the language of the page she came from.
    language_chosen = models.BooleanField(_("chose the language herself"), default=False)
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("school")
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="members", verbose_name=_("regions"))
    is_facilitator = models.BooleanField(
        _("facilitator"), default=False, help_text=_("Facilitators run teacher groups and network events.")
    )
    share_in_statistics = models.BooleanField(
        _("count my projects in the public figures"),
        default=True,
        help_text=_("Only counts by theme and region are published, never names or schools."),
    )
    hide_school = models.BooleanField(
        _('Show my school only as "a rural school in <region>"'),
        default=False,
        help_text=_("On forum posts, certificates, poster labels, case studies and event lists."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        if not self.username:  # sign-up, the admin, createsuperuser without one: an opaque one (opaque_username)
            self.username = opaque_username()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name()

    def get_short_name(self) -> str:
        return self.display_name or self.email


def _invite_code() -> str:
    return secrets.token_urlsafe(12)


class TeacherGroup(LocalNameMixin, models.Model):
    """A facilitator's cohort of teachers across several schools."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="groups", verbose_name=_("region")
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="facilitated_groups",
        verbose_name=_("facilitator"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="teacher_groups", verbose_name=_("members")
    )
    description = models.TextField(_("description"), blank=True)
    description_kk = models.TextField(_("description in Kazakh"), blank=True)
    description_ru = models.TextField(_("description in Russian"), blank=True)
    invite_code = models.CharField(_("invite code"), max_length=32, unique=True, default=_invite_code)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("teacher group")
        verbose_name_plural = _("teacher groups")

    def __str__(self) -> str:
        return self.local_name

    def get_absolute_url(self) -> str:
        return reverse("network:group_detail", args=[self.slug])

    @property
    def local_description(self) -> str:
        return local_value(self, "description")


class GroupJoinRequest(models.Model):
    """A teacher without an invite link asks to join a group; its facilitator accepts or declines."""

    group = models.ForeignKey(TeacherGroup, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_join_requests")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_join_request_per_group")]
        verbose_name = _("request to join a group")
        verbose_name_plural = _("requests to join a group")

    def __str__(self) -> str:
        return f"{self.user} → {self.group}"


class Membership(models.Model):
    group = models.ForeignKey(TeacherGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("group", "user")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.group}"


class Notification(models.Model):
    """Something a member should see: shown on /notifications/ and pushed live on /ws/notifications/.

    Every app creates them through `network.services.notify`, so the badge counts all of them.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    # The message key (an English msgid) and its parameters: rendered in the reader's language when shown.
    # `text` keeps the recipient's-language rendering for e-mails and for notifications stored before keys.
    message = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        """The notification in the active language (its message key translated now), else the stored text."""
        if not self.message:
            return self.text
        try:
            return (gettext(self.message) % params_in_language(self.params))[:300]
        except (KeyError, TypeError, ValueError):  # a key whose placeholders changed since: the stored rendering
            return self.text


def params_in_language(params: dict, language: str | None = None) -> dict:
    """A notification's parameters for `language` (default the active one): a parameter stored per language
    ({"kk": …, "ru": …, "en": …}, e.g. a group's name or a nested message) gives that language's form."""
    code = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return {
        key: (value.get(code) or value.get(settings.LANGUAGE_CODE) or next(iter(value.values()), ""))
        if isinstance(value, dict)
        else value
        for key, value in params.items()
    }


# Network events live in network/events/ (models re-exported here: Django and migrations see app `network`).
from network.events.models import (  # noqa: E402, F401
    EVENT_TIME_ZONES,
    Certificate,
    EventIndexPage,
    EventPage,
    EventReportPage,
    Registration,
    SessionBlock,
    _certificate_code,
    _checkin_code,
)
