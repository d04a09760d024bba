"""Writes for projects: create and edit a project (each save is a Wagtail revision by that teacher), posters,
submission into the "Facilitator review" workflow, approval into a public case study, translations."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_noop
from wagtail.models import (
    Page,
)

from network import ratelimit
from network import selectors as network_selectors
from network import services as network_services
from network.models import TeacherGroup, User
from network.uploads import CleanUpload
from projects import colleagues, selectors
from projects.models import (
    STAGE_ORDER,
    Consultation,
    Evidence,
    JournalEntry,
    ProjectComment,
    ProjectPage,
    Stage,
    Theme,
)
from projects.services.html import sanitize_html
from projects.services.pdf import render_pdf_first_page
from projects.services.site import ensure_project_index


def _unique_slug(parent: Page, title: str, exclude: int | None = None) -> str:
    base = slugify(title, allow_unicode=True)[:60].strip("-") or "case-study"
    slug, n = base, 1
    while parent.get_children().filter(slug=slug).exclude(pk=exclude).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _save(project: ProjectPage, user: User, *, resubmit: bool = True) -> ProjectPage:
    """Keep the (never published) page row current and record the change as a Wagtail revision by `user`.

    A change while the project is in review is a new version of the case study: it is reviewed again
    (`_review_again`), so what the facilitator approves is always what the teacher last saved."""
    project.last_activity_at = timezone.now()
    project.save()
    project.save_revision(user=user, log_action=True)
    if resubmit and selectors.is_in_review(project=project):
        _review_again(project, user)
    return project


def _review_again(project: ProjectPage, user: User) -> None:
    """The case study under review takes the project's new content as a new revision, and the review task restarts
    on it: the revision the facilitator was reading can no longer be approved (ReviewChanged)."""
    from projects.services.review import _fill_case_study, _start_review  # review builds on these edits

    page = project.case_study.specific
    _fill_case_study(page, project)
    page.save()
    page.save_revision(user=user, log_action=True)
    _start_review(page, user)


def _require_edit(project: ProjectPage, user: User) -> None:
    if not selectors.can_edit_project(user=user, project=project):
        raise PermissionDenied


# --- Projects ---------------------------------------------------------------------------------------------


def themes_or_other(themes) -> list[Theme]:
    """Every project has a theme (the public figures count by it): "Other" when the teacher chose none."""
    themes = list(themes)
    if not themes:
        other, _created = Theme.objects.get_or_create(
            slug=Theme.OTHER_SLUG, defaults={"name": "Other", "name_kk": "Басқа", "name_ru": "Другое"}
        )
        themes = [other]
    return themes


@transaction.atomic
def create_project(
    *,
    user: User,
    title: str,
    subject: str,
    language: str,
    group: TeacherGroup | None = None,
    themes=(),
    co_leaders=(),
    values: str = "",
    concern: str = "",
) -> ProjectPage:
    """A new project led by `user` at the concern stage; PermissionDenied for anonymous or a foreign group."""
    if not user.is_authenticated:
        raise PermissionDenied
    if group is not None and not network_selectors.is_group_member(user=user, group_id=group.pk):
        raise PermissionDenied
    index = ensure_project_index()
    base = slugify(title, allow_unicode=True)[:40] or "project"
    project = ProjectPage(
        title=title,
        slug=f"{base}-{timezone.now():%Y%m%d%H%M%S%f}",
        live=False,
        lead=user,
        owner=user,
        school=user.school,
        group=group,
        subject=subject,
        language=language,
        values=values,
        concern=concern,
    )
    index.add_child(instance=project)
    project.themes.set(themes_or_other(themes))
    project.co_leaders.set([u for u in co_leaders if u.pk != user.pk])
    colleagues.notify_new_co_leaders(project=project, user=user, before=set())
    return _save(project, user)


@transaction.atomic
def update_project(*, project: ProjectPage, user: User, **fields) -> ProjectPage:
    """Change any of the project's own fields (title, concern, plan, poster template, ...)."""
    _require_edit(project, user)
    themes = fields.pop("themes", None)
    co_leaders = fields.pop("co_leaders", None)
    for name, value in fields.items():
        setattr(project, name, value)
    if themes is not None:
        project.themes.set(themes_or_other(themes))
    if co_leaders is not None:
        before = set(project.co_leaders.values_list("pk", flat=True))
        project.co_leaders.set([u for u in co_leaders if u.pk != project.lead_id])
        colleagues.notify_new_co_leaders(project=project, user=user, before=before)
    return _save(project, user)


@transaction.atomic
def set_stage(*, project: ProjectPage, user: User, stage: str) -> ProjectPage:
    """Move to another stage of the cycle; only a facilitator's approval makes a project published."""
    _require_edit(project, user)
    if stage not in STAGE_ORDER or stage == Stage.PUBLISHED or project.stage == Stage.PUBLISHED:
        raise PermissionDenied
    project.stage = stage
    return _save(project, user)


@transaction.atomic
def add_consultation(*, project: ProjectPage, user: User, role: str, who: str, said: str, date) -> Consultation:
    _require_edit(project, user)
    item = Consultation.objects.create(project=project, role=role, who=who, said=said, date=date)
    _save(project, user)
    return item


@transaction.atomic
def add_journal_entry(*, project: ProjectPage, user: User, date, text: str) -> JournalEntry:
    _require_edit(project, user)
    entry = JournalEntry.objects.create(project=project, date=date, text=text)
    _save(project, user)
    return entry


@transaction.atomic
def add_evidence(
    *, project: ProjectPage, user: User, kind: str, description: str, consent: bool, upload: CleanUpload | None
) -> Evidence:
    """Store a piece of evidence; `upload` must come from network.uploads (forms do that) and stays private."""
    _require_edit(project, user)
    evidence = Evidence(project=project, kind=kind, description=description, consent=consent)
    if upload is not None:
        evidence.file.save(upload.file.name, upload.file, save=False)
    evidence.save()
    _save(project, user)
    return evidence


@transaction.atomic
def delete_evidence(*, evidence: Evidence, user: User) -> None:
    project = evidence.project
    _require_edit(project, user)
    if evidence.file:
        _delete_file_on_commit(evidence.file)
    evidence.delete()
    _save(project, user)


def _delete_file_on_commit(field) -> None:
    """Remove a stored file only once the row that named it is gone for good: a failed commit keeps both."""
    storage, name = field.storage, field.name
    transaction.on_commit(lambda: storage.delete(name), robust=True)


@transaction.atomic
def set_poster_upload(*, project: ProjectPage, user: User, upload: CleanUpload) -> ProjectPage:
    """Keep an uploaded poster privately; a PDF gets a PNG of its first page for display."""
    _require_edit(project, user)
    data = upload.file.read()
    png = None
    if upload.kind == "pdf":
        png, width, height = render_pdf_first_page(data)  # before touching the old poster: may refuse
    else:
        width, height = upload.width, upload.height
    for old in (project.poster_file, project.poster_preview):
        if old:
            _delete_file_on_commit(old)
            setattr(project, old.field.name, "")
    project.poster_file.save(upload.file.name, ContentFile(data), save=False)
    if png is not None:
        project.poster_preview.save("poster-page-1.png", ContentFile(png), save=False)
    project.poster_width, project.poster_height = width, height
    if STAGE_ORDER.index(project.stage) < STAGE_ORDER.index(Stage.POSTER):
        project.stage = Stage.POSTER
    return _save(project, user)


@transaction.atomic
def set_poster_template(*, project: ProjectPage, user: User, **fields) -> ProjectPage:
    """The structured poster: concern, what I did, what changed, evidence, next steps."""
    _require_edit(project, user)
    for name in ("poster_concern", "poster_did", "poster_changed", "poster_evidence", "poster_next"):
        setattr(project, name, fields.get(name, ""))
    if STAGE_ORDER.index(project.stage) < STAGE_ORDER.index(Stage.POSTER):
        project.stage = Stage.POSTER
    return _save(project, user)


@transaction.atomic
def update_writeup(
    *, project: ProjectPage, user: User, writeup: str, consent_pupils: bool, consent_publish: bool, hide_school: bool
) -> ProjectPage:
    """Save the write-up, sanitised, with the consent checklist. Hiding the school here hides it everywhere the
    lead appears (her profile's `hide_school`: forum posts, certificates, labels), or the case study's anonymity
    would be undone by her other pages."""
    _require_edit(project, user)
    project.writeup = sanitize_html(writeup)
    project.consent_pupils, project.consent_publish, project.hide_school = consent_pupils, consent_publish, hide_school
    if hide_school and project.lead_id and not project.lead.hide_school:
        project.lead.hide_school = True
        project.lead.save(update_fields=["hide_school"])
    if STAGE_ORDER.index(project.stage) < STAGE_ORDER.index(Stage.WRITEUP):
        project.stage = Stage.WRITEUP
    return _save(project, user)


@transaction.atomic
def add_comment(*, project: ProjectPage, user: User, body: str, is_review: bool = False) -> ProjectComment:
    """A private comment; the other side (leaders or the facilitator) is notified, once while unread (collapsed).
    At most PROJECTS_COMMENTS_PER_MINUTE per member (ratelimit.TooFast beyond)."""
    if not selectors.can_comment(user=user, project=project):
        raise PermissionDenied
    limit = getattr(settings, "PROJECTS_COMMENTS_PER_MINUTE", 10)
    if not ratelimit.hit(f"projects.comment:{user.pk}", limit, 60):
        raise ratelimit.TooFast
    comment = ProjectComment.objects.create(project=project, author=user, body=body, is_review=is_review)
    recipients = list(project.leaders)
    if project.group_id:
        recipients.append(project.group.facilitator)
    url = reverse("projects:detail", args=[project.pk]) + "#comments"
    for recipient in {r.pk: r for r in recipients if r.pk != user.pk}.values():
        network_services.notify(
            recipient=recipient,
            kind="project.comment",
            message=gettext_noop("%(name)s commented on “%(project)s”."),
            params={"name": user, "project": project.title},
            url=url,
            collapse=True,
        )
    return comment
