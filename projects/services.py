"""Writes for projects: create and edit a project (each save is a Wagtail revision by that teacher), posters,
submission into the "Facilitator review" workflow, approval into a public case study, translations."""

import io
import re
import zipfile

import nh3
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from network import selectors as network_selectors
from network import services as network_services
from network.models import TeacherGroup, User
from network.uploads import CleanUpload
from projects import colleagues, poster_plan, selectors
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
    """The "Facilitator review" workflow (one GroupApprovalTask for the Facilitators group) on every case-study index.

    The Facilitators group also gets publish rights there, so a review from the Wagtail admin works too;
    the front-end review page limits approval to the project's own group facilitator (selectors.can_approve).
    """
    facilitators, _created = Group.objects.get_or_create(name=FACILITATORS)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(facilitators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in ensure_case_study_indexes().values():
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=facilitators,
                page=index,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
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


def _save(project: ProjectPage, user: User) -> ProjectPage:
    """Keep the (never published) page row current and record the change as a Wagtail revision by `user`."""
    project.last_activity_at = timezone.now()
    project.save()
    project.save_revision(user=user, log_action=True)
    return project


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
        project.themes.set(list(themes))
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


# --- Portfolio ------------------------------------------------------------------------------------------


def _zip_file(archive: zipfile.ZipFile, folder: str, label: str, field) -> str:
    name = f"{label}.{field.name.rsplit('.', 1)[-1]}"
    with field.open("rb") as handle:
        archive.writestr(f"{folder}/{name}", handle.read())
    return name


def _peer_feedback(pages) -> list:
    """Peer feedback on `pages` from the apps that collect it (the forums' `ortaq_portfolio_feedback` hook: a
    function taking a list of pages and returning items with `author`, `created_at` and `answers`)."""
    from wagtail import hooks

    items = []
    for fn in hooks.get_hooks("ortaq_portfolio_feedback"):
        items.extend(fn([page for page in pages if page is not None]))
    return sorted(items, key=lambda item: item.created_at)


def build_portfolio(*, user: User, base_url: str = "") -> bytes:
    """A zip of the projects `user` leads or co-leads: one readable HTML page each (texts, evidence, poster, peer
    feedback received, the facilitator's comments, the public link) with its files, and her certificates.
    Folder names keep the title's letters, Cyrillic included. `base_url` makes the public links absolute."""
    from network import event_selectors

    buffer = io.BytesIO()
    projects = list(selectors.list_projects_for_dashboard(user=user).prefetch_related("evidence", "journal_entries"))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = []
        for project in projects:
            folder = f"{project.pk}-{slugify(project.title, allow_unicode=True) or 'project'}"
            files = {}
            for label, field in (("poster", project.poster_file), ("preview", project.poster_preview)):
                if field:
                    files[label] = _zip_file(archive, folder, label, field)
            for evidence in project.evidence.all():
                evidence.export_name = (
                    _zip_file(archive, folder, f"evidence-{evidence.pk}", evidence.file) if evidence.file else ""
                )
            case_study = project.case_study if project.case_study_id and project.case_study.live else None
            comments = [c for c in selectors.list_comments(project=project) if c.author_id != user.pk]
            context = {
                "project": project,
                "files": files,
                "comments": comments,
                "feedback": _peer_feedback([project, case_study]),
                "public_url": base_url + case_study.url if case_study else "",
            }
            archive.writestr(f"{folder}/index.html", render_to_string("projects/portfolio_project.html", context))
            entries.append((folder, project))
        certificates = list(event_selectors.list_certificates_for(user=user))
        archive.writestr(
            "index.html",
            render_to_string(
                "projects/portfolio_index.html",
                {"entries": entries, "user": user, "certificates": certificates, "base_url": base_url},
            ),
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
