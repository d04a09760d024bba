"""Review and publishing: submission into the "Facilitator review" workflow, approval into a public case study,
translations."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import (
    Locale,
    WorkflowState,
)

from network import selectors as network_selectors
from network import services as network_services
from network.models import User
from projects import selectors
from projects.models import (
    CaseStudyPage,
    ProjectComment,
    ProjectPage,
    Stage,
)
from projects.services.edits import _save, _unique_slug
from projects.services.html import sanitize_html
from projects.services.site import FACILITATORS, ensure_case_study_indexes, ensure_review_workflow

# --- Review and publishing ------------------------------------------------------------------------------


def _school_label(project: ProjectPage, language: str | None = None) -> str:
    """The school as the case study shows it (in `language`): by name, or only as "a rural school in <region>"."""
    return selectors.school_label(project=project, language=language)


def _fill_case_study(page: CaseStudyPage, project: ProjectPage) -> None:
    page.title = project.title
    page.project = project
    page.body = project.writeup
    page.summary = (project.concern or "")[:500]
    page.subject = project.subject
    page.original_language = project.language
    page.region = project.school.region if project.school_id else None
    page.school_label = _school_label(project)
    page.author_names = ", ".join(str(u) for u in project.leaders)
    page.date = timezone.localdate()
    for name in ("poster_concern", "poster_did", "poster_changed", "poster_evidence", "poster_next"):
        setattr(page, name, getattr(project, name))
    page.evidence = [  # photos stay private until approval (_publish_media)
        ("evidence", {"kind": e.kind, "observation": e.description, "photo": None})
        for e in project.evidence.all()
        if e.consent
    ]
    page.themes.set(list(project.themes.all()))


@transaction.atomic
def submit_project(*, project: ProjectPage, user: User) -> CaseStudyPage:
    """Send the write-up to the group's facilitator: a draft case study enters the "Facilitator review" workflow."""
    if not selectors.can_submit(user=user, project=project):
        raise PermissionDenied
    workflow = ensure_review_workflow()
    page = project.case_study
    if page is None:
        index = ensure_case_study_indexes()[project.language]
        page = CaseStudyPage(title=project.title, slug=_unique_slug(index, project.title), live=False, owner=user)
        _fill_case_study(page, project)
        index.add_child(instance=page)
        project.case_study = page
    else:
        page = page.specific
        _fill_case_study(page, project)
        page.save()
    page.save_revision(user=user, log_action=True)
    state = WorkflowState.objects.active().filter(base_content_type__model="page", object_id=str(page.pk)).first()
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
    elif state is None:
        workflow.start(page, user)
    project.stage = Stage.WRITEUP
    _save(project, user)
    for facilitator in selectors.list_project_facilitators(project=project):  # no group: her region's
        with translation.override(facilitator.preferred_language):
            text = _("“%(project)s” is ready for your review.") % {"project": project.title}
        network_services.notify(
            recipient=facilitator,
            kind="project.submitted",
            text=text,
            url=reverse("projects:review", args=[project.pk]),
        )
    return page


def _public_image(field, *, title: str, user: User):
    """A public Wagtail image copied from a private file (only ever called on approval, with consent)."""
    with field.open("rb") as handle:
        data = handle.read()
    image = get_image_model()(
        title=title[:255], file=ContentFile(data, name=field.name.rsplit("/", 1)[-1]), uploaded_by_user=user
    )
    image.save()
    return image


def _publish_media(project: ProjectPage, page: CaseStudyPage, user: User) -> None:
    """On approval: the poster (or its PDF's first page) and consented evidence photos become public images."""
    source = project.poster_preview if project.poster_preview else project.poster_file
    if source and not (project.poster_is_pdf and not project.poster_preview):
        page.poster_image = _public_image(source, title=project.title, user=user)
    page.evidence = [
        (
            "evidence",
            {
                "kind": e.kind,
                "observation": e.description,
                "photo": _public_image(e.file, title=e.description[:80], user=user) if e.is_image else None,
            },
        )
        for e in project.evidence.all()
        if e.consent
    ]


def _ensure_reviewer(user: User) -> None:
    """Wagtail checks publish rights when the workflow finishes: a group's facilitator reviews as a Facilitator."""
    if network_selectors.is_facilitator(user) and not user.is_superuser:
        Group.objects.get_or_create(name=FACILITATORS)[0].user_set.add(user)


@transaction.atomic
def approve_project(*, project: ProjectPage, user: User, comment: str = "") -> CaseStudyPage:
    """Approve the review task: the case study is published with its poster; the leaders are told."""
    if not selectors.can_approve(user=user, project=project):
        raise PermissionDenied
    _ensure_reviewer(user)
    page = project.case_study.specific
    _publish_media(project, page, user)
    page.save_revision(user=user)  # the workflow publishes the latest revision
    state = selectors.review_state(project=project)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve", comment=comment)
    if comment:
        ProjectComment.objects.create(project=project, author=user, body=comment, is_review=True)
    project.stage = Stage.PUBLISHED
    project.last_activity_at = timezone.now()
    project.save()
    project.save_revision(user=user, log_action=True)
    page.refresh_from_db()
    for leader in project.leaders:
        network_services.notify(
            recipient=leader,
            kind="project.approved",
            text=_("“%(project)s” is published as a case study.") % {"project": project.title},
            url=page.url or "",
        )
    return page


@transaction.atomic
def request_changes(*, project: ProjectPage, user: User, comment: str) -> ProjectComment:
    """Reject the review task with comments; the leaders see them on the project and can resubmit."""
    if not selectors.can_approve(user=user, project=project):
        raise PermissionDenied
    state = selectors.review_state(project=project)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "reject", comment=comment)
    review = ProjectComment.objects.create(project=project, author=user, body=comment, is_review=True)
    for leader in project.leaders:
        network_services.notify(
            recipient=leader,
            kind="project.changes_requested",
            text=_("Your facilitator asked for changes to “%(project)s”.") % {"project": project.title},
            url=reverse("projects:detail", args=[project.pk]) + "#comments",
        )
    return review


@transaction.atomic
def translate_case_study(
    *, page: CaseStudyPage, user: User, language: str, title: str, summary: str, body: str
) -> CaseStudyPage:
    """Add (or update) the case study in another language with wagtail-localize's copy, and publish it."""
    if not selectors.can_translate_case_study(user=user, page=page):
        raise PermissionDenied
    locale = Locale.objects.get(language_code=language)
    translated = page.get_translations(inclusive=True).filter(locale=locale).specific().first()
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=True)
        translated.slug = _unique_slug(translated.get_parent(), title, exclude=translated.pk)
    translated.title, translated.summary, translated.body = title, summary, sanitize_html(body)
    if page.project_id:
        translated.school_label = _school_label(page.project, language)
    # selectors.can_translate_case_study decided above; a teacher has no Wagtail publish rights of their own.
    translated.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    translated.refresh_from_db()  # publishing rewrote the slug and URL path
    return translated
