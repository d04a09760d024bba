"""Projects: a teacher's development project (private Wagtail page) and the public case study it becomes.

Privacy: the `ProjectIndexPage` is live but carries a Wagtail "login required" view restriction, and every
`ProjectPage` under it stays a draft (never published). Wagtail therefore never serves a project, never lists it
in search or the sitemap; teachers reach projects only through the permission-checked front-end views in
`projects/views.py`, which keep the page row in step with the latest revision. Files of a project (evidence,
unpublished posters) live in `projects.storage.private_storage()`, outside the public media root, with no URL.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from network.pages import page_context
from network.stemming import StemmedSearchMixin
from network.validators import single_line_title
from projects.blocks import CaseStudyStreamBlock
from projects.storage import private_storage


class PrivateStorage(FileSystemStorage):
    """Kept for old migrations only; private files now live in projects.storage.private_storage()."""

    def __init__(self):
        super().__init__(base_url=None)


def _private_path(instance, filename: str) -> str:
    # Random directory: even a leaked name tells nothing about other files.
    import secrets

    return f"projects/{secrets.token_hex(16)}/{filename}"


class Stage(models.TextChoices):
    CONCERN = "concern", _("Concern")
    PLAN = "plan", _("Plan")
    CONSULTATION = "consultation", _("Consultation")
    ACTION = "action", pgettext_lazy("cycle stage", "Action")
    EVIDENCE = "evidence", _("Evidence")
    POSTER = "poster", _("Poster")
    WRITEUP = "writeup", _("Write-up")
    PUBLISHED = "published", _("Published")


STAGE_ORDER = [choice.value for choice in Stage]

# Short guiding prompts shown to the teacher at each stage.
STAGE_PROMPTS = {
    Stage.CONCERN: _(
        "What do you value in your teaching? Which concern in your practice do you want to address, and why now?"
    ),
    Stage.PLAN: _("What will you try, with whom, and when? Keep it small enough to do this term."),
    Stage.CONSULTATION: _(
        "Ask colleagues, pupils, parents and your head teacher. Write down who you asked and what they said."
    ),
    Stage.ACTION: _("Keep a dated journal: what you did, what happened, what surprised you."),
    Stage.EVIDENCE: _(
        "Collect pupil work, observation notes, survey results, photos and quotes. Only use pupils' faces or "
        "names with consent."
    ),
    Stage.POSTER: _("Make a poster: upload an image or PDF, or fill in the poster template."),
    Stage.WRITEUP: _("Write about 800 words: the concern, what you did, what changed, and what you will do next."),
    Stage.PUBLISHED: _("Your case study is public. Share it with colleagues and add a translation."),
}


class Subject(models.TextChoices):
    SCIENCE = "science", _("Science")
    MATHEMATICS = "mathematics", _("Mathematics")
    KAZAKH = "kazakh", _("Kazakh language and literature")
    RUSSIAN = "russian", _("Russian language and literature")
    ENGLISH = "english", _("English")
    HISTORY = "history", _("History")
    PRIMARY = "primary", _("Primary classes")
    COMPUTING = "computing", _("Computing")
    OTHER = "other", _("Other")


class Theme(models.Model):
    """A concern teachers raise (no laboratory, multigrade classes, ...), named in each language; admins edit them.

    The list is what the public "Teachers' voice" figures are counted by (projects/voice/), so it follows what
    teachers actually raise rather than school subjects; every project has at least one (`OTHER_SLUG` if none).
    """

    OTHER_SLUG = "other"

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name in English"), max_length=100)
    name_kk = models.CharField(_("name in Kazakh"), max_length=100, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Lists and the public figures show themes in this order.")
    )

    panels = [
        FieldPanel("slug"),
        FieldPanel("name"),
        FieldPanel("name_kk"),
        FieldPanel("name_ru"),
        FieldPanel("position"),
    ]

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return getattr(self, f"name_{(get_language() or 'en')[:2]}", "") or self.name


class ProjectIndexPage(Page):
    """The private working area that holds every project (login required; projects are never published)."""

    parent_page_types = [settings.ORTAQ_HOME_PAGE_MODEL]  # the site's home page type (config/settings)
    subpage_types = ["projects.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = _("project area")

    def serve(self, request, *args, **kwargs):
        return redirect("projects:dashboard")


class ProjectPage(Page):
    """One teacher-led development project, moving through the stages of the cycle."""

    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_projects", verbose_name=_("lead")
    )
    co_leaders = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_led_projects", verbose_name=_("co-leaders")
    )
    school = models.ForeignKey(
        "network.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("school"),
    )
    group = models.ForeignKey(
        "network.TeacherGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("teacher group"),
    )
    themes = ParentalManyToManyField(Theme, blank=True, related_name="projects", verbose_name=_("themes"))
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices, default=Subject.OTHER)
    language = models.CharField(_("language of the project"), max_length=8, choices=settings.LANGUAGES, default="kk")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.CONCERN)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)
    # The year a project is counted in by the public figures (projects/voice/).
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)

    # Concern
    values = models.TextField(_("my values"), blank=True)
    concern = models.TextField(_("the concern I want to address"), blank=True)
    # Plan
    plan_what = models.TextField(_("what I will try"), blank=True)
    plan_with_whom = models.TextField(_("with whom"), blank=True)
    plan_when = models.TextField(_("when"), blank=True)
    # Poster: an upload (image or PDF, private until published) or a structured template
    poster_file = models.FileField(_("poster file"), storage=private_storage, upload_to=_private_path, blank=True)
    poster_preview = models.FileField(storage=private_storage, upload_to=_private_path, blank=True)
    poster_width = models.PositiveIntegerField(null=True, blank=True)
    poster_height = models.PositiveIntegerField(null=True, blank=True)
    poster_concern = models.TextField(_("the concern"), blank=True)
    poster_did = models.TextField(_("what I did"), blank=True)
    poster_changed = models.TextField(_("what changed"), blank=True)
    poster_evidence = models.TextField(_("evidence"), blank=True)
    poster_next = models.TextField(_("next steps"), blank=True)
    # Write-up and consent
    writeup = RichTextField(_("write-up"), blank=True, features=["bold", "italic", "h3", "ol", "ul", "link"])
    consent_pupils = models.BooleanField(
        _("Pupils' faces and names appear only where pupils and parents consented"), default=False
    )
    consent_publish = models.BooleanField(_("I agree that this case study is published on Ortaq"), default=False)
    hide_school = models.BooleanField(_('Show my school only as "a rural school in <region>"'), default=False)
    case_study = models.ForeignKey(
        "projects.CaseStudyPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("co_leaders"),
        FieldPanel("school"),
        FieldPanel("group"),
        FieldPanel("themes"),
        FieldPanel("subject"),
        FieldPanel("stage"),
        MultiFieldPanel([FieldPanel("values"), FieldPanel("concern")], heading=_("Concern")),
        MultiFieldPanel(
            [FieldPanel("plan_what"), FieldPanel("plan_with_whom"), FieldPanel("plan_when")], heading=_("Plan")
        ),
        InlinePanel("consultations", label=_("Consultations")),
        InlinePanel("journal_entries", label=_("Journal")),
        FieldPanel("writeup"),
    ]
    search_fields = Page.search_fields + [index.SearchField("concern"), index.SearchField("writeup")]
    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def serve(self, request, *args, **kwargs):
        return redirect(self.get_absolute_url())

    def serve_preview(self, request, mode_name):
        """The admin's "view draft" and preview: the permission-checked front-end page (it has no template)."""
        return redirect(self.get_absolute_url())

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    def stage_steps(self) -> list[dict]:
        """Each stage with done/current flags, for the progress bar."""
        return [
            {"value": value, "label": label, "done": i <= self.stage_index, "current": i == self.stage_index}
            for i, (value, label) in enumerate(Stage.choices)
        ]

    @property
    def stage_prompt(self) -> str:
        return STAGE_PROMPTS[Stage(self.stage)]

    @property
    def poster_is_pdf(self) -> bool:
        return self.poster_file.name.endswith(".pdf")

    @property
    def has_poster(self) -> bool:
        return bool(self.poster_file) or bool(self.poster_concern and self.poster_did)

    @cached_property
    def leaders(self) -> list:
        return [self.lead, *self.co_leaders.all()]


class Consultation(Orderable):
    """Someone the teacher consulted, and what they said."""

    class Role(models.TextChoices):
        COLLEAGUE = "colleague", _("Colleague")
        PUPILS = "pupils", _("Pupils")
        PARENTS = "parents", _("Parents")
        HEAD = "head", _("Head teacher")

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="consultations")
    role = models.CharField(_("who"), max_length=20, choices=Role.choices)
    who = models.CharField(_("name or description"), max_length=150, blank=True)
    said = models.TextField(_("what they said"))
    date = models.DateField(_("date"), default=timezone.localdate)


class ConsultationRequest(models.Model):
    """A teacher asks a named colleague (group member, co-leader, facilitator) for advice; the answer, given in
    the platform, is added to the project's consultations."""

    project = models.ForeignKey(ProjectPage, on_delete=models.CASCADE, related_name="consultation_requests")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_requests",
        verbose_name=_("colleague"),
    )
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")

    def __str__(self) -> str:
        return f"{self.colleague} · {self.question[:40]}"


class JournalEntry(Orderable):
    """A dated entry of the action journal."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="journal_entries")
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("what I did"))

    class Meta(Orderable.Meta):
        ordering = ["date", "pk"]


class Evidence(Orderable):
    """A piece of evidence; its file stays in private storage."""

    class Kind(models.TextChoices):
        PUPIL_WORK = "pupil_work", _("Pupil work")
        OBSERVATION = "observation", _("Observation notes")
        SURVEY = "survey", _("Survey results")
        PHOTO = "photo", _("Photo")
        QUOTE = "quote", _("Quote")

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"))
    file = models.FileField(_("file"), storage=private_storage, upload_to=_private_path, blank=True)
    consent = models.BooleanField(_("consent given for this evidence to be shown"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    @property
    def is_image(self) -> bool:
        return self.file.name.rsplit(".", 1)[-1] in ("jpg", "png", "webp")


class ProjectComment(models.Model):
    """A private comment between the group's facilitator and the project's leaders (review comments too)."""

    project = models.ForeignKey(ProjectPage, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"))
    is_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class CaseStudyIndexPage(Page):
    """Published case studies at /<lang>/case-studies/, with filters and pagination."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = [settings.ORTAQ_HOME_PAGE_MODEL]  # the site's home page type (config/settings)
    subpage_types = ["projects.CaseStudyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("case study index")

    def get_context(self, request, *args, **kwargs):
        return page_context(self, request, super().get_context(request, *args, **kwargs))


class CaseStudyPage(StemmedSearchMixin, Page):
    """A published account of a project, reviewed by a facilitator; one per language."""

    project = models.ForeignKey(
        ProjectPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("project")
    )
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("write-up"), blank=True)
    evidence = StreamField(CaseStudyStreamBlock(), blank=True, verbose_name=_("evidence"))
    poster_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("poster"),
    )
    themes = ParentalManyToManyField(Theme, blank=True, related_name="case_studies", verbose_name=_("themes"))
    region = models.ForeignKey(
        "network.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices, default=Subject.OTHER)
    original_language = models.CharField(_("written in"), max_length=8, choices=settings.LANGUAGES, default="kk")
    school_label = models.CharField(_("school as shown"), max_length=200, blank=True)
    author_names = models.CharField(_("authors"), max_length=300, blank=True)
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    # The structured poster, when the teacher filled in the template instead of uploading one.
    poster_concern = models.TextField(_("the concern"), blank=True)
    poster_did = models.TextField(_("what I did"), blank=True)
    poster_changed = models.TextField(_("what changed"), blank=True)
    poster_evidence = models.TextField(_("evidence"), blank=True)
    poster_next = models.TextField(_("next steps"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("evidence"),
        FieldPanel("poster_image"),
        FieldPanel("themes"),
        FieldPanel("region"),
        FieldPanel("subject"),
        FieldPanel("original_language"),
        FieldPanel("school_label"),
        FieldPanel("author_names"),
        FieldPanel("date"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("author_names"),
        index.SearchField("school_label"),
        index.SearchField("search_stems"),
        index.FilterField("subject"),
        index.FilterField("original_language"),
        index.FilterField("date"),
    ]
    parent_page_types = ["projects.CaseStudyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def clean(self):
        super().clean()
        single_line_title(self)  # the title goes into moderation e-mails' subjects

    @property
    def has_template_poster(self) -> bool:
        return bool(self.poster_concern or self.poster_did)

    def get_context(self, request, *args, **kwargs):
        return page_context(self, request, super().get_context(request, *args, **kwargs))


class ChunkedUpload(models.Model):
    """A file arriving in pieces (resumable over a weak connection); checked by network.uploads once complete."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(ProjectPage, on_delete=models.CASCADE, related_name="+")
    size = models.PositiveBigIntegerField()
    received = models.PositiveBigIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to=_private_path)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.received}/{self.size}"

    @property
    def is_complete(self) -> bool:
        return self.received == self.size


# The poster session lives in projects/posters/ (models re-exported here: Django and migrations see `projects`).
from projects.posters.models import GalleryWalk, GalleryWalkVisitor, PosterPresentation  # noqa: E402, F401
from projects.review_task import FacilitatorReviewTask  # noqa: E402, F401  (a model of this app, with the review rules)
