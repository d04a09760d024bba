"""Review and publishing: submission into the "Facilitator review" workflow, approval of exactly the revision under
review into a public case study (the same services for the site's review pages and the Wagtail admin's buttons,
projects/review_task.py), translations reviewed the same way."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.images import get_image_model
from wagtail.models import Locale, TaskState, Workflow, WorkflowState

from network import services as network_services
from network.models import User, params_in_language
from projects import selectors
from projects.models import (
    CaseStudyPage,
    ProjectComment,
    ProjectPage,
    Stage,
)
from projects.services.edits import _save, _unique_slug
from projects.services.html import html_to_text, sanitize_html
from projects.services.site import ensure_case_study_indexes, ensure_review_workflow

# --- Review and publishing ------------------------------------------------------------------------------


COMMENTED = gettext_noop("%(text)s Comment: %(comment)s")


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
    _start_review(page, user, workflow=workflow)
    project.stage = Stage.WRITEUP
    _save(project, user, resubmit=False)
    _tell(
        selectors.list_project_facilitators(project=project),  # no group: her region's facilitators
        kind="project.submitted",
        message=gettext_noop("“%(project)s” is ready for your review."),
        values={"project": project.title},
        url=reverse("projects:review", args=[project.pk]),
    )
    return page


def _start_review(page: CaseStudyPage, user: User, *, workflow: Workflow | None = None) -> None:
    """Put the page's latest revision under review: a new review, a resumed one after changes were asked for, or
    (a change while in review) the review started again on the new revision."""
    state = selectors.case_study_review_state(page=page)
    if state is None:
        (workflow or ensure_review_workflow()).start(page, user)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
    else:
        state.current_task_state.specific.cancel(user=user, resume=True)


def _tell(recipients, *, kind: str, message: str, values: dict, url: str, comment: str = "", locale=None) -> None:
    """Notify each recipient once; it reads in each reader's language (a message key; `locale`'s name, when given,
    as the reader calls it), with the reviewer's comment when there is one."""
    params = dict(values)
    if locale is not None:
        params["language"] = network_services.in_each_language(locale.get_display_name)
    if comment:  # the comment as written, after the message in the reader's language
        params = {
            "text": network_services.in_each_language(
                lambda: _(message) % params_in_language(params, translation.get_language())
            ),
            "comment": comment,
        }
        message = COMMENTED
    for recipient in {r.pk: r for r in recipients}.values():
        network_services.notify(recipient=recipient, kind=kind, message=message, params=params, url=url)


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


class ReviewChanged(ValidationError):
    """The case study changed after the reviewer opened it: the new version is under review instead."""


def _task_state_under_review(page: CaseStudyPage, revision_id: int | None) -> TaskState:
    """The open review task of `page`; ReviewChanged if the reviewer read another revision than the one under review."""
    state = selectors.case_study_review_state(page=page)
    task_state = state.current_task_state.specific
    if revision_id is not None and int(revision_id) != task_state.revision_id:
        raise ReviewChanged(
            _("The case study was changed while you were reading it. Please read the new version before deciding."),
            code="changed",
        )
    return task_state


def _is_source(page: CaseStudyPage, project: ProjectPage | None) -> bool:
    return project is not None and project.case_study_id == page.pk


@transaction.atomic
def approve_case_study(
    *, page: CaseStudyPage, user: User, comment: str = "", revision_id: int | None = None
) -> CaseStudyPage:
    """Approve the revision under review and publish exactly it (`revision_id`: the one the reviewer read).

    For a project's case study the poster and the consented evidence photos become public with it, the project
    moves to "published" and the leaders are told in their language, with the comment. A translation is
    published as approved. The site's review pages and the Wagtail admin's buttons (projects/review_task.py) both
    come here; PermissionDenied unless selectors.can_review_case_study.
    """
    if not selectors.can_review_case_study(user=user, page=page):
        raise PermissionDenied
    task_state = _task_state_under_review(page, revision_id)
    project = selectors.project_of_case_study(page=page)
    approved = task_state.revision.as_object()
    if _is_source(page, project):
        _publish_media(project, approved, user)
    revision = approved.save_revision(user=user, log_action=True)
    task_state.approve(user=user, comment=comment)  # the workflow finishes; review.finish_workflow leaves it to us
    # selectors.can_review_case_study decided above: a facilitator holds no Wagtail publish rights of her own.
    revision.publish(user=user, skip_permission_checks=True)
    page = CaseStudyPage.objects.get(pk=page.pk)
    if project is None:
        return page
    if comment:
        ProjectComment.objects.create(project=project, author=user, body=comment, is_review=True)
    if _is_source(page, project):
        project.stage = Stage.PUBLISHED
        project.last_activity_at = timezone.now()
        project.save()
        project.save_revision(user=user, log_action=True)
        message = gettext_noop("“%(project)s” is published as a case study.")
    else:
        message = gettext_noop("The %(language)s translation of “%(project)s” is published.")
    _tell(
        project.leaders,
        kind="project.approved",
        message=message,
        values={"project": project.title},
        locale=page.locale,
        url=page.url or "",
        comment=comment,
    )
    return page


@transaction.atomic
def request_case_study_changes(
    *, page: CaseStudyPage, user: User, comment: str, revision_id: int | None = None
) -> ProjectComment | None:
    """Send the revision under review back with comments; the leaders see them on the project and resubmit."""
    if not selectors.can_review_case_study(user=user, page=page):
        raise PermissionDenied
    task_state = _task_state_under_review(page, revision_id)
    task_state.reject(user=user, comment=comment)
    project = selectors.project_of_case_study(page=page)
    if project is None:
        return None
    review = ProjectComment.objects.create(project=project, author=user, body=comment, is_review=True)
    if _is_source(page, project):
        message = gettext_noop("Your facilitator asked for changes to “%(project)s”.")
        url = reverse("projects:detail", args=[project.pk]) + "#comments"
    else:
        message = gettext_noop("Your facilitator asked for changes to the %(language)s translation of “%(project)s”.")
        url = reverse("projects:translate", args=[page.pk]) + f"?language={page.locale.language_code}"
    _tell(
        project.leaders,
        kind="project.changes_requested",
        message=message,
        values={"project": project.title},
        locale=page.locale,
        url=url,
        comment=comment,
    )
    return review


def approve_project(
    *, project: ProjectPage, user: User, comment: str = "", revision_id: int | None = None
) -> CaseStudyPage:
    """Approve the project's case study (approve_case_study): published exactly as reviewed, with its media."""
    if not selectors.can_approve(user=user, project=project):
        raise PermissionDenied
    return approve_case_study(page=project.case_study.specific, user=user, comment=comment, revision_id=revision_id)


def request_changes(
    *, project: ProjectPage, user: User, comment: str, revision_id: int | None = None
) -> ProjectComment:
    """Reject the review task with comments (request_case_study_changes)."""
    if not selectors.can_approve(user=user, project=project):
        raise PermissionDenied
    return request_case_study_changes(
        page=project.case_study.specific, user=user, comment=comment, revision_id=revision_id
    )


def translation_initial(*, page: CaseStudyPage, language: str) -> dict:
    """What the translation form starts from: the existing translation's latest text (to correct it), otherwise
    the source's text (to translate it)."""
    existing = page.get_translations(inclusive=True).filter(locale__language_code=language).specific().first()
    source = existing.get_latest_revision_as_object() if existing is not None else page
    return {"language": language, "title": source.title, "summary": source.summary, "body": html_to_text(source.body)}


@transaction.atomic
def translate_case_study(
    *, page: CaseStudyPage, user: User, language: str, title: str, summary: str, body: str
) -> CaseStudyPage:
    """Add or correct the case study in another language: the text becomes a new revision of the translation
    (wagtail-localize's copy for a new language) and goes through the same facilitator review as the case study
    before it is public; a live translation stays as it is until the correction is approved."""
    if not selectors.can_translate_case_study(user=user, page=page):
        raise PermissionDenied
    locale = Locale.objects.get(language_code=language)
    if locale.pk == page.locale_id:
        raise PermissionDenied
    translated = page.get_translations(inclusive=True).filter(locale=locale).specific().first()
    project = selectors.project_of_case_study(page=page)
    if translated is not None and project is not None and translated.pk == project.case_study_id:
        raise PermissionDenied  # the original is the teacher's write-up: it changes through the project
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=True)
        translated.slug = _unique_slug(translated.get_parent(), title, exclude=translated.pk)
        translated.owner = user
        translated.save()
    draft = translated.get_latest_revision_as_object()
    draft.slug = translated.slug  # a copy's first revision may still carry the source's slug
    draft.title, draft.summary, draft.body = title, summary, sanitize_html(body)
    if page.project_id:
        draft.school_label = _school_label(page.project, language)
    draft.save_revision(user=user, log_action=True)
    _start_review(translated, user)
    if project is not None:
        _tell(
            selectors.list_project_facilitators(project=project),  # no group: her region's facilitators
            kind="project.submitted",
            message=gettext_noop("The %(language)s translation of “%(project)s” is ready for your review."),
            values={"project": project.title},
            locale=locale,
            url=selectors.review_url(page=translated),
        )
    return translated
