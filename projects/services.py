"""Writes for projects: create and edit a project (each save is a Wagtail revision by that teacher), posters,
submission into the "Facilitator review" workflow, approval into a public case study, translations."""

import io
import re
import zipfile

import nh3
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.images import get_image_model
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    PageViewRestriction,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from network import selectors as network_selectors
from network import services as network_services
from network.models import TeacherGroup, User
from network.uploads import CleanUpload
from projects import poster_plan, selectors
from projects.models import (
    STAGE_ORDER,
    CaseStudyIndexPage,
    CaseStudyPage,
    ChunkedUpload,
    Consultation,
    Evidence,
    GalleryWalk,
    GalleryWalkVisitor,
    JournalEntry,
    PosterPresentation,
    ProjectComment,
    ProjectIndexPage,
    ProjectPage,
    Stage,
)
from projects.review_task import FacilitatorReviewTask

WORKFLOW_NAME = "Facilitator review"
FACILITATORS = "Facilitators"
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h3", "a", "blockquote"}
INDEX_TITLES = {"kk": "Кейс-стадилер", "ru": "Кейсы", "en": "Case studies"}

# --- Site structure ---------------------------------------------------------------------------------------


def _home(language: str) -> Page:
    from cms.models import HomePage

    home = HomePage.objects.filter(locale__language_code=language).first()
    if home is None:
        raise Page.DoesNotExist(f"no home page in {language}; run cms.demo.seed() first")
    return home


@transaction.atomic
def ensure_project_index() -> ProjectIndexPage:
    """The private project area under the Kazakh home page, restricted to signed-in members."""
    index = ProjectIndexPage.objects.first()
    if index is None:
        index = _home("kk").add_child(instance=ProjectIndexPage(title="Projects", slug="projects"))
        index.save_revision().publish()
    PageViewRestriction.objects.get_or_create(page=index, restriction_type=PageViewRestriction.LOGIN)
    return index


@transaction.atomic
def ensure_case_study_indexes() -> dict[str, CaseStudyIndexPage]:
    """`case-studies` under each home page: the Kazakh one is the source, ru and en are its translations."""
    source = CaseStudyIndexPage.objects.filter(locale__language_code="kk").first()
    if source is None:
        source = _home("kk").add_child(
            instance=CaseStudyIndexPage(title=INDEX_TITLES["kk"], slug="case-studies", show_in_menus=True)
        )
        source.save_revision().publish()
    indexes = {"kk": source}
    for code in ("ru", "en"):
        locale, _created = Locale.objects.get_or_create(language_code=code)
        page = source.get_translations().filter(locale=locale).specific().first()
        if page is None:
            page = source.copy_for_translation(locale)
            page.title = INDEX_TITLES[code]
            page.save_revision().publish()
        indexes[code] = page
    return indexes


@transaction.atomic
def ensure_review_workflow() -> Workflow:
    """The "Facilitator review" workflow (one FacilitatorReviewTask) on every case-study index.

    Facilitators hold no page permissions on case studies: the task itself lets the project's own group facilitator
    (and admins) open and decide a case study while it is in review (projects/review_task.py, selectors.can_review_case_
    study). A database made before this had a GroupApprovalTask for the whole Facilitators group plus add/change/
    publish on every index (any facilitator decided and published any group's case study): that task is retired,
    its open reviews move to the new task, and those permissions are removed.
    """
    facilitators, _created = Group.objects.get_or_create(name=FACILITATORS)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = FacilitatorReviewTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = FacilitatorReviewTask.objects.create(name=WORKFLOW_NAME)
    for old in GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow):
        TaskState.objects.filter(task=old).update(task=task)
        WorkflowTask.objects.filter(workflow=workflow, task=old).delete()
        old.active = False
        old.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    indexes = list(ensure_case_study_indexes().values())
    for index in indexes:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    GroupPagePermission.objects.filter(group=facilitators, page__in=indexes).delete()
    return workflow


def ensure_site_structure() -> None:
    ensure_project_index()
    ensure_review_workflow()


# --- Helpers ----------------------------------------------------------------------------------------------


def sanitize_html(text: str) -> str:
    """Plain paragraphs become <p>; any HTML is reduced to a small allowlist (nh3)."""
    text = (text or "").strip()
    if text and "<" not in text:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
        text = text.replace("&", "&amp;").replace("&amp;amp;", "&amp;")
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener noreferrer")


def html_to_text(html: str) -> str:
    """The reverse of `sanitize_html` for simple paragraphs, so a textarea shows words, not tags."""
    if not html:
        return ""
    simple = re.fullmatch(r"(<p>(?:(?!</?p>)[^<]|<br>)*</p>)+", html)
    if not simple:
        return html
    text = re.sub(r"</p>\s*<p>", "\n\n", html)[3:-4].replace("<br>", "\n")
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def word_count(html: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", html or "").split())


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
    page = project.case_study.specific
    _fill_case_study(page, project)
    page.save()
    page.save_revision(user=user, log_action=True)
    _start_review(page, user)


def _require_edit(project: ProjectPage, user: User) -> None:
    if not selectors.can_edit_project(user=user, project=project):
        raise PermissionDenied


# --- Projects ---------------------------------------------------------------------------------------------


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
    project.themes.set(list(themes))
    project.co_leaders.set([u for u in co_leaders if u.pk != user.pk])
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
        project.themes.set(list(themes))
    if co_leaders is not None:
        project.co_leaders.set([u for u in co_leaders if u.pk != project.lead_id])
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
        evidence.file.delete(save=False)
    evidence.delete()
    _save(project, user)


def render_pdf_first_page(data: bytes) -> tuple[bytes, int, int]:
    """Page 1 of a PDF as a PNG (about 1600 px wide) for display; ValidationError if the PDF cannot be read."""
    import pypdfium2

    unreadable = ValidationError(_("This PDF could not be read; please export it again or upload an image."))
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise unreadable from error
    try:
        if len(pdf) == 0:
            raise unreadable
        page = pdf[0]
        width_pt = page.get_width() or 1
        bitmap = page.render(scale=min(4.0, 1600 / width_pt))
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG", optimize=True)
        return out.getvalue(), image.width, image.height
    finally:
        pdf.close()


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
            old.delete(save=False)
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
    """Save the write-up, sanitised, with the consent checklist."""
    _require_edit(project, user)
    project.writeup = sanitize_html(writeup)
    project.consent_pupils, project.consent_publish, project.hide_school = consent_pupils, consent_publish, hide_school
    if STAGE_ORDER.index(project.stage) < STAGE_ORDER.index(Stage.WRITEUP):
        project.stage = Stage.WRITEUP
    return _save(project, user)


@transaction.atomic
def add_comment(*, project: ProjectPage, user: User, body: str, is_review: bool = False) -> ProjectComment:
    """A private comment; the other side (leaders or the facilitator) is notified."""
    if not selectors.can_comment(user=user, project=project):
        raise PermissionDenied
    comment = ProjectComment.objects.create(project=project, author=user, body=body, is_review=is_review)
    recipients = list(project.leaders)
    if project.group_id:
        recipients.append(project.group.facilitator)
    url = reverse("projects:detail", args=[project.pk]) + "#comments"
    for recipient in {r.pk: r for r in recipients if r.pk != user.pk}.values():
        network_services.notify(
            recipient=recipient,
            kind="project.comment",
            text=_("%(name)s commented on “%(project)s”.") % {"name": user, "project": project.title},
            url=url,
        )
    return comment


# --- Resumable uploads -------------------------------------------------------------------------------------


@transaction.atomic
def start_chunked_upload(*, project: ProjectPage, user: User, size: int) -> ChunkedUpload:
    """An empty private file that chunks are appended to; refused above the upload limit."""
    _require_edit(project, user)
    if size <= 0 or size > settings.ORTAQ_UPLOAD_MAX_BYTES:
        raise ValidationError(_("This file is larger than the limit."), code="too_large")
    upload = ChunkedUpload(owner=user, project=project, size=size)
    upload.file.save("chunked.part", ContentFile(b""), save=False)
    upload.save()
    return upload


@transaction.atomic
def append_chunk(*, upload: ChunkedUpload, user: User, offset: int, data: bytes) -> int:
    """Append `data` at `offset`; a chunk for another offset is ignored (the client resumes from the answer)."""
    upload = ChunkedUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.owner_id != user.pk:
        raise PermissionDenied
    if offset != upload.received or not data:
        return upload.received
    if upload.received + len(data) > upload.size:
        raise ValidationError(_("This file is larger than the limit."), code="too_large")
    with open(upload.file.path, "ab") as handle:
        handle.write(data)
    upload.received += len(data)
    upload.save(update_fields=["received"])
    return upload.received


def finish_chunked_upload(*, upload: ChunkedUpload, user: User, clean) -> CleanUpload:
    """Run the assembled file through `clean` (a network.uploads function) and drop the pieces."""
    if upload.owner_id != user.pk:
        raise PermissionDenied
    if not upload.is_complete:
        raise ValidationError(_("The upload is not complete yet; please try again."), code="incomplete")
    try:
        with upload.file.storage.open(upload.file.name, "rb") as handle:
            return clean(handle)
    finally:
        upload.file.delete(save=False)
        upload.delete()


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
    _start_review(page, user, workflow=workflow)
    project.stage = Stage.WRITEUP
    _save(project, user, resubmit=False)
    if project.group_id:
        _tell(
            [project.group.facilitator],
            kind="project.submitted",
            message=gettext_lazy("“%(project)s” is ready for your review."),
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


def _tell(recipients, *, kind: str, message, values: dict, url: str, comment: str = "") -> None:
    """Notify each recipient once, in their own language, with the reviewer's comment when there is one."""
    for recipient in {r.pk: r for r in recipients}.values():
        with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
            text = str(message) % values
            if comment:
                text = _("%(text)s Comment: %(comment)s") % {"text": text, "comment": comment}
            network_services.notify(recipient=recipient, kind=kind, text=text, url=url)


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
        message = gettext_lazy("“%(project)s” is published as a case study.")
    else:
        message = gettext_lazy("The %(language)s translation of “%(project)s” is published.")
    _tell(
        project.leaders,
        kind="project.approved",
        message=message,
        values={"project": project.title, "language": page.locale.get_display_name()},
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
        message = gettext_lazy("Your facilitator asked for changes to “%(project)s”.")
        url = reverse("projects:detail", args=[project.pk]) + "#comments"
    else:
        message = gettext_lazy("Your facilitator asked for changes to the %(language)s translation of “%(project)s”.")
        url = reverse("projects:translate", args=[page.pk]) + f"?language={page.locale.language_code}"
    _tell(
        project.leaders,
        kind="project.changes_requested",
        message=message,
        values={"project": project.title, "language": page.locale.get_display_name()},
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
    if project is not None and project.group_id:
        _tell(
            [project.group.facilitator],
            kind="project.submitted",
            message=gettext_lazy("The %(language)s translation of “%(project)s” is ready for your review."),
            values={"project": project.title, "language": locale.get_display_name()},
            url=selectors.review_url(page=translated),
        )
    return translated


# --- Portfolio ------------------------------------------------------------------------------------------


def _zip_file(archive: zipfile.ZipFile, folder: str, label: str, field) -> str:
    name = f"{label}.{field.name.rsplit('.', 1)[-1]}"
    with field.open("rb") as handle:
        archive.writestr(f"{folder}/{name}", handle.read())
    return name


def build_portfolio(*, user: User) -> bytes:
    """A zip of the projects `user` leads or co-leads: one readable HTML page each, with its files."""
    buffer = io.BytesIO()
    projects = list(selectors.list_projects_for_dashboard(user=user).prefetch_related("evidence", "journal_entries"))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = []
        for project in projects:
            folder = f"{project.pk}-{slugify(project.title) or 'project'}"
            files = {}
            for label, field in (("poster", project.poster_file), ("preview", project.poster_preview)):
                if field:
                    files[label] = _zip_file(archive, folder, label, field)
            for evidence in project.evidence.all():
                evidence.export_name = (
                    _zip_file(archive, folder, f"evidence-{evidence.pk}", evidence.file) if evidence.file else ""
                )
            html = render_to_string(
                "projects/portfolio_project.html", {"project": project, "files": files, "comments": []}
            )
            archive.writestr(f"{folder}/index.html", html)
            entries.append((folder, project))
        archive.writestr(
            "index.html", render_to_string("projects/portfolio_index.html", {"entries": entries, "user": user})
        )
    return buffer.getvalue()


# --- Posters at network events ---------------------------------------------------------------------------------


def _forget_public_pages() -> None:
    """The gallery is a public page: anonymous copies kept by cms' page cache are rendered afresh after commit."""
    from cms.services import clear_page_cache

    transaction.on_commit(clear_page_cache)


@transaction.atomic
def offer_poster(*, event, project: ProjectPage, user: User, now=None) -> PosterPresentation:
    """`user` (a confirmed registrant leading `project`) offers its poster for the event's poster session;
    PermissionDenied otherwise (selectors.can_offer_poster). Organisers are told there is an offer to decide."""
    if not selectors.can_offer_poster(user=user, event=event, project=project, now=now):
        raise PermissionDenied
    source = event.registration_event
    presentation = PosterPresentation.objects.create(event=source, project=project, presenter=user)
    for organiser in source.organisers.all():
        with translation.override(organiser.preferred_language):
            network_services.notify(
                recipient=organiser,
                kind="posters.offered",
                text=_("%(name)s offers a poster for %(event)s: %(title)s")
                % {"name": user, "event": source.title, "title": project.title},
                url=reverse("projects:poster_manage", args=[event.slug]),
            )
    return presentation


@transaction.atomic
def withdraw_poster(*, presentation: PosterPresentation, user: User, now=None) -> None:
    """The presenter takes back an offer that is still waiting for a decision; PermissionDenied otherwise."""
    if not selectors.can_withdraw_poster(user=user, presentation=presentation, now=now):
        raise PermissionDenied
    presentation.delete()


def _next_free_board(event) -> int:
    """The lowest board no poster of `event` holds; locks the event's posters so two organisers accepting at the
    same moment (PostgreSQL) wait for each other instead of colliding on the unique board."""
    posters = PosterPresentation.objects.select_for_update().filter(event=event)
    taken = {number for number in posters.values_list("board_number", flat=True) if number is not None}
    return next(n for n in range(1, len(taken) + 2) if n not in taken)


@transaction.atomic
def decide_poster(*, presentation: PosterPresentation, user: User, accept: bool, now=None) -> PosterPresentation:
    """An organiser (or admin) accepts a poster, which takes the lowest free board and appears in the public
    gallery, or declines it (its board is freed); they may change their mind. The presenter is notified."""
    event = presentation.event
    if not selectors.can_run_poster_session(user=user, event=event):
        raise PermissionDenied
    status = PosterPresentation.Status.ACCEPTED if accept else PosterPresentation.Status.DECLINED
    if presentation.status == status:
        return presentation
    presentation.status = status
    presentation.decided_at, presentation.decided_by = now or timezone.now(), user
    presentation.board_number = _next_free_board(event) if accept else None
    presentation.save(update_fields=["status", "decided_at", "decided_by", "board_number"])
    presenter = presentation.presenter
    with translation.override(presenter.preferred_language):
        text = (
            _("Your poster %(title)s is accepted for %(event)s.")
            if accept
            else _("Your poster %(title)s is not part of the poster session of %(event)s.")
        )
        network_services.notify(
            recipient=presenter,
            kind="posters.accepted" if accept else "posters.declined",
            text=text % {"title": presentation.project.title, "event": event.title},
            url=event.url or "",
        )
    _forget_public_pages()
    return presentation


@transaction.atomic
def assign_boards_and_groups(*, event, user: User, group_size: int = 4, rotation_minutes: int = 10) -> GalleryWalk:
    """An organiser (or admin) numbers the accepted posters 1..N (a poster keeps its board where it can) and deals
    the confirmed registrants who do not present into gallery-walk groups of at most `group_size`; the rotation
    plan follows from both (projects.poster_plan.rotation_plan). Running it again reflects late changes."""
    if not selectors.can_run_poster_session(user=user, event=event):
        raise PermissionDenied
    source = event.registration_event
    posters = PosterPresentation.objects.select_for_update().filter(event=source)
    posters.exclude(status=PosterPresentation.Status.ACCEPTED).exclude(board_number=None).update(board_number=None)
    accepted = list(
        posters.filter(status=PosterPresentation.Status.ACCEPTED).order_by(
            F("board_number").asc(nulls_last=True), "offered_at", "pk"
        )
    )
    boards = poster_plan.number_boards([(p.pk, p.board_number) for p in accepted])
    moved = [p for p in accepted if p.board_number != boards[p.pk]]
    # Boards are unique per event: clear the moving ones first, then give each its new number.
    PosterPresentation.objects.filter(pk__in=[p.pk for p in moved]).update(board_number=None)
    for poster in moved:
        poster.board_number = boards[poster.pk]
        poster.save(update_fields=["board_number"])
    walk, _created = GalleryWalk.objects.update_or_create(
        event=source,
        defaults={"group_size": group_size, "rotation_minutes": rotation_minutes, "assigned_by": user},
    )
    groups = poster_plan.split_into_groups(selectors.list_walk_visitors(event=source), size=group_size)
    walk.visitors.all().delete()
    GalleryWalkVisitor.objects.bulk_create(
        GalleryWalkVisitor(walk=walk, user=member, group=number)
        for number, members in enumerate(groups, start=1)
        for member in members
    )
    _forget_public_pages()
    return walk
