"""Front-end views for projects: thin; selectors decide, services write. Everything works without JavaScript."""

import functools
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from network import links, ratelimit
from network import selectors as network_selectors
from projects import colleagues, corrections, forms, qr, selectors, services, stages
from projects.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    ChunkedUpload,
    Evidence,
    ProjectPage,
    Stage,
)
from projects.stages import SECTION_URLS


def _project(request, pk: int, *, edit: bool = False) -> ProjectPage:
    try:
        project = selectors.get_project(pk=pk)
    except ProjectPage.DoesNotExist as error:
        raise Http404 from error
    allowed = selectors.can_edit_project if edit else selectors.can_view_project
    if not allowed(user=request.user, project=project):
        raise PermissionDenied
    return project


def _stage_context(project: ProjectPage, stage: str) -> dict:
    """A stage page's own prompt, what it still misses, and the one-click move on once it is complete."""
    return {
        "stage": stage,
        "prompt": stages.prompt(stage),
        "missing": stages.missing_for(project=project, stage=stage),
        "advance": stages.advance_offer(project=project, stage=stage),
    }


def _next_step_url(project: ProjectPage) -> str:
    """The page of the project's current stage (the detail page offers the move on when it is complete)."""
    name = SECTION_URLS.get(Stage(project.stage))
    if name is None:
        return project.case_study.url if project.case_study_id and project.case_study.live else ""
    return reverse(name, args=[project.pk])


@login_required
def dashboard(request):
    """My projects: stage progress, what to do next, last activity; facilitators also see their review queue."""
    projects = list(selectors.list_projects_for_dashboard(user=request.user))
    for project in projects:
        project.next_url = reverse(SECTION_URLS.get(Stage(project.stage), "projects:detail"), args=[project.pk])
    context = {"projects": projects, "managed_groups": network_selectors.list_managed_groups(user=request.user)}
    if network_selectors.is_facilitator(request.user):
        context["review_queue"] = list(selectors.list_review_queue(user=request.user))
        context["translation_queue"] = selectors.list_translation_review_queue(user=request.user)
        context["facilitator_dashboard"] = True
    elif not network_selectors.list_groups_for(user=request.user).exists():
        groups = list(network_selectors.list_groups_to_join(user=request.user))
        for group in groups:
            group.asked = network_selectors.has_asked_to_join(user=request.user, group=group)
        context["groups_to_join"] = groups
    return render(request, "projects/dashboard.html", context)


@login_required
def project_create(request):
    form = forms.ProjectForm(request.POST or None, user=request.user, initial={"language": request.LANGUAGE_CODE})
    if form.is_valid():
        project = services.create_project(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your project is created. Next: plan what you will try."))
        return redirect("projects:detail", project.pk)
    return render(request, "projects/project_form.html", {"form": form, "heading": _("Start a project")})


@login_required
def project_detail(request, pk):
    project = _project(request, pk)
    user = request.user
    context = {
        "project": project,
        "can_edit": selectors.can_edit_project(user=user, project=project),
        "can_submit": selectors.can_submit(user=user, project=project),
        "can_approve": selectors.can_approve(user=user, project=project),
        "can_comment": selectors.can_comment(user=user, project=project),
        "can_see_files": selectors.can_view_evidence_files(user=user, project=project),
        "in_review": selectors.is_in_review(project=project),
        "review": selectors.review_state(project=project),
        "comments": selectors.list_comments(project=project, viewer=user),
        "next_url": _next_step_url(project),
        **(_stage_context(project, project.stage) if project.stage != Stage.PUBLISHED else {}),
        "can_prepare_submission": selectors.can_prepare_submission(user=user, project=project),
        "can_withdraw": corrections.can_withdraw(user=user, project=project),
        "can_delete": corrections.can_delete_project(user=user, project=project),
        "submit_blockers": stages.submit_blockers(project=project),
        "stage_form": forms.StageForm(initial={"stage": project.stage}),
        "comment_form": forms.CommentForm(),
        "word_count": services.word_count(project.writeup),
    }
    return render(request, "projects/project_detail.html", context)


def _section(
    request,
    pk,
    *,
    stage,
    form_class,
    heading,
    save,
    initial=None,
    files=False,
    template="projects/project_form.html",
    more_context=None,
):
    project = _project(request, pk, edit=True)
    form = form_class(
        request.POST or None, request.FILES or None if files else None, initial=initial(project) if initial else None
    )
    valid = request.method == "POST" and form.is_valid()
    services.discard_chunked_upload(upload=getattr(form, "chunked_upload", None))  # clean() only read them
    if valid:
        save(project, form.cleaned_data)
        messages.success(request, _("Saved."), extra_tags="draft-saved")  # autosave.js drops the draft
        return redirect("projects:detail", project.pk)
    context = {"form": form, "project": project, "heading": heading, **_stage_context(project, stage)}
    if more_context:
        context.update(more_context(project))
    return render(request, template, context)


@login_required
def project_edit(request, pk):
    project = _project(request, pk, edit=True)
    initial = {
        "title": project.title,
        "subject": project.subject,
        "language": project.language,
        "group": project.group,
        "themes": list(project.themes.all()),
        "co_leaders": list(project.co_leaders.all()),
        "values": project.values,
        "concern": project.concern,
    }
    form = forms.ProjectForm(request.POST or None, user=project.lead, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_project(project=project, user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."), extra_tags="draft-saved")  # autosave.js drops the draft
        return redirect("projects:detail", project.pk)
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "project": project,
            "heading": _("My values and my concern"),
            **_stage_context(project, Stage.CONCERN),
        },
    )


@login_required
def project_plan(request, pk):
    return _section(
        request,
        pk,
        stage=Stage.PLAN,
        form_class=forms.PlanForm,
        heading=_("Plan"),
        initial=lambda p: {"plan_what": p.plan_what, "plan_with_whom": p.plan_with_whom, "plan_when": p.plan_when},
        save=lambda p, data: services.update_project(project=p, user=request.user, **data),
    )


@login_required
def project_consultations(request, pk):
    return _section(
        request,
        pk,
        stage=Stage.CONSULTATION,
        form_class=forms.ConsultationForm,
        heading=_("Add a consultation"),
        save=lambda p, data: services.add_consultation(project=p, user=request.user, **data),
        template="projects/project_consultations.html",
        more_context=lambda p: {
            "request_form": forms.ConsultationRequestForm(
                people=colleagues.list_consultable_colleagues(project=p, user=request.user)
            ),
            "requests": colleagues.list_requests(project=p),
        },
    )


@login_required
def project_journal(request, pk):
    return _section(
        request,
        pk,
        stage=Stage.ACTION,
        form_class=forms.JournalForm,
        heading=_("Add a journal entry"),
        save=lambda p, data: services.add_journal_entry(project=p, user=request.user, **data),
    )


@login_required
def project_evidence(request, pk):
    def save(project, data):
        upload = data.pop("file")
        services.add_evidence(project=project, user=request.user, upload=upload, **data)

    project = _project(request, pk, edit=True)
    form_class = functools.partial(forms.EvidenceForm, user=request.user, project=project)
    return _section(
        request, pk, stage=Stage.EVIDENCE, form_class=form_class, heading=_("Add evidence"), save=save, files=True
    )


@login_required
def project_poster(request, pk):
    """The poster page: the poster, its QR code to #feedback, and forms to upload one or fill the template."""
    project = _project(request, pk)
    can_edit = selectors.can_edit_project(user=request.user, project=project)
    template_initial = {name: getattr(project, name) for name in forms.PosterTemplateForm.base_fields}
    upload_form_class = functools.partial(forms.PosterUploadForm, user=request.user, project=project)
    upload_form, template_form = upload_form_class(), forms.PosterTemplateForm(initial=template_initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "poster" in request.FILES or request.POST.get("kind") == "upload":
            upload_form = upload_form_class(request.POST, request.FILES)
            valid = upload_form.is_valid()
            services.discard_chunked_upload(upload=upload_form.chunked_upload)  # clean() only read them
            if valid:
                try:
                    services.set_poster_upload(
                        project=project, user=request.user, upload=upload_form.cleaned_data["poster"]
                    )
                except ValidationError as error:  # a PDF that passes the signature check but cannot be drawn
                    upload_form.add_error("poster", error)
                else:
                    messages.success(request, _("Your poster is uploaded."))
                    return redirect("projects:poster", project.pk)
        else:
            template_form = forms.PosterTemplateForm(request.POST)
            if template_form.is_valid():
                services.set_poster_template(project=project, user=request.user, **template_form.cleaned_data)
                messages.success(request, _("Your poster is saved."))
                return redirect("projects:poster", project.pk)
    return render(
        request,
        "projects/project_poster.html",
        {
            "project": project,
            "page": project,
            "can_edit": can_edit,
            "upload_form": upload_form,
            "template_form": template_form,
            **qr.qr_context(project.pk),
            **_stage_context(project, Stage.POSTER),
        },
    )


@login_required
def project_poster_print(request, pk):
    """The structured poster as a printable A3 page."""
    project = _project(request, pk)
    return render(request, "projects/poster_print.html", {"poster": project, **qr.qr_context(project.pk)})


@login_required
def project_writeup(request, pk):
    return _section(
        request,
        pk,
        stage=Stage.WRITEUP,
        form_class=forms.WriteupForm,
        heading=_("Write-up"),
        initial=forms.WriteupForm.initial_for,
        save=lambda p, data: services.update_writeup(project=p, user=request.user, **data),
        template="projects/project_writeup.html",
    )


@login_required
def project_submit(request, pk):
    project = _project(request, pk, edit=True)
    if not selectors.can_prepare_submission(user=request.user, project=project):
        raise PermissionDenied
    form = forms.SubmitForm(
        request.POST or None,
        initial={"consent_pupils": project.consent_pupils, "consent_publish": project.consent_publish},
    )
    if request.method == "POST" and form.is_valid():
        if not project.consent_publish or not project.consent_pupils:
            project = services.update_project(project=project, user=request.user, **form.cleaned_data)
        if not selectors.can_submit(user=request.user, project=project):
            messages.error(
                request, _("This project cannot be submitted now: it needs a write-up and must not be in review.")
            )
            return redirect("projects:detail", project.pk)
        services.submit_project(project=project, user=request.user)
        messages.success(request, _("Submitted. Your facilitator will review it."))
        return redirect("projects:detail", project.pk)
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "project": project,
            "heading": _("Submit for review"),
            "submit_label": _("Submit for review"),
            "prompt": _(
                "Your facilitator reads the write-up and either publishes it as a case study or asks for changes."
            ),
        },
    )


@login_required
@require_POST
def project_stage(request, pk):
    project = _project(request, pk, edit=True)
    form = forms.StageForm(request.POST)
    if form.is_valid():
        services.set_stage(project=project, user=request.user, stage=form.cleaned_data["stage"])
        messages.success(request, _("Stage changed to %(stage)s.") % {"stage": project.get_stage_display()})
        if request.POST.get("then") == "section":  # "Next step: …" opens the new stage's page
            return redirect(SECTION_URLS[Stage(project.stage)], project.pk)
    return redirect("projects:detail", project.pk)


@login_required
def project_comment(request, pk):
    project = _project(request, pk)
    if not selectors.can_comment(user=request.user, project=project):
        raise PermissionDenied
    form = forms.CommentForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.add_comment(project=project, user=request.user, body=form.cleaned_data["body"])
        except ratelimit.TooFast as too_fast:
            form.add_error(None, too_fast.message)
            status = 429
        else:
            messages.success(request, _("Your comment is sent."))
            return redirect(reverse("projects:detail", args=[project.pk]) + "#comments")
    context = {"form": form, "project": project, "heading": _("Comment")}
    return render(request, "projects/project_form.html", context, status=status)


def _decide_review(request, *, page, approve, request_changes, done_url, read_again_url):
    """The review form of a case study or translation: approve or send back the revision the reviewer read."""
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"].strip()
        revision_id = form.cleaned_data["revision"]
        try:
            if form.cleaned_data["decision"] == "approve":
                published = approve(comment=comment, revision_id=revision_id)
                messages.success(request, _("Published: %(title)s.") % {"title": published.title})
            else:
                request_changes(comment=comment, revision_id=revision_id)
                messages.success(request, _("The teacher is asked for changes."))
        except services.ReviewChanged as changed:
            messages.error(request, changed.messages[0])
            return redirect(read_again_url)
        return redirect(done_url)
    revision = selectors.revision_under_review(page=page)
    form.fields["revision"].initial = revision.pk
    return form, revision.as_object()


@login_required
def project_review(request, pk):
    """The facilitator's front-end review: read the case study as submitted (the frozen revision, never the project's
    later edits), then approve it (published exactly so) or request changes with comments."""
    project = _project(request, pk)
    if not selectors.can_approve(user=request.user, project=project):
        raise PermissionDenied
    user = request.user
    outcome = _decide_review(
        request,
        page=project.case_study,
        approve=functools.partial(services.approve_project, project=project, user=user),
        request_changes=functools.partial(services.request_changes, project=project, user=user),
        done_url=reverse("projects:dashboard"),
        read_again_url=request.path,
    )
    if not isinstance(outcome, tuple):
        return outcome
    form, under_review = outcome
    return render(
        request,
        "projects/project_review.html",
        {
            "project": project,
            "form": form,
            "under_review": under_review,
            "comments": selectors.list_comments(project=project),
            "word_count": services.word_count(under_review.body),
        },
    )


@login_required
def translation_review(request, pk):
    """The facilitator's review of a translation: the translated text as submitted, beside the live source."""
    page = get_object_or_404(CaseStudyPage, pk=pk)
    if not selectors.can_review_case_study(user=request.user, page=page):
        raise PermissionDenied
    user = request.user
    outcome = _decide_review(
        request,
        page=page,
        approve=functools.partial(services.approve_case_study, page=page, user=user),
        request_changes=functools.partial(services.request_case_study_changes, page=page, user=user),
        done_url=reverse("projects:dashboard"),
        read_again_url=request.path,
    )
    if not isinstance(outcome, tuple):
        return outcome
    form, under_review = outcome
    source = page.get_translations().live().exclude(locale=page.locale).specific()
    project = selectors.project_of_case_study(page=page)
    source = next((p for p in source if project and p.pk == project.case_study_id), None) or source.first()
    return render(
        request,
        "projects/translation_review.html",
        {"page": page, "form": form, "under_review": under_review, "source": source, "project": project},
    )


@login_required
def private_file(request, pk, kind, item=0):
    """Evidence files and unpublished posters: only through this permission-checked view."""
    project = _project(request, pk)
    if kind == "evidence":
        if not selectors.can_view_evidence_files(user=request.user, project=project):
            raise PermissionDenied
        field = get_object_or_404(Evidence, pk=item, project=project).file
    elif kind in ("poster", "preview"):
        if not selectors.can_view_private_poster(user=request.user, project=project):
            raise PermissionDenied
        field = project.poster_file if kind == "poster" else project.poster_preview
    else:
        raise Http404
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except OSError:  # the row names a file that is gone: say so, never a 500
        return HttpResponse(
            _("This file is missing. Please upload it again."), status=404, content_type="text/plain; charset=utf-8"
        )
    response = FileResponse(handle, filename=field.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["POST"])
def chunked_upload_start(request, pk):
    """Begin a resumable upload: JSON {"size": bytes} -> {"id", "offset"}."""
    project = _project(request, pk, edit=True)
    try:
        size = int(json.loads(request.body or b"{}").get("size", 0))
        upload = services.start_chunked_upload(project=project, user=request.user, size=size)
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"error": "bad_request"}, status=400)
    except ValidationError as error:
        return JsonResponse({"error": error.code, "message": " ".join(error.messages)}, status=413)
    url = reverse("projects:upload_chunk", args=[upload.pk])
    return JsonResponse({"id": str(upload.pk), "url": url, "offset": 0}, status=201)


@login_required
@require_http_methods(["GET", "PATCH"])
def chunked_upload_chunk(request, upload_id):
    """GET: how much arrived (to resume). PATCH ?offset=N with the raw bytes: append, answer the new offset."""
    upload = get_object_or_404(ChunkedUpload, pk=upload_id, owner=request.user)
    if request.method == "GET":
        return JsonResponse({"offset": upload.received, "size": upload.size})
    try:
        offset = int(request.GET.get("offset", "-1"))
        received = services.append_chunk(upload=upload, user=request.user, offset=offset, data=request.body)
    except ValueError:
        return JsonResponse({"error": "bad_request"}, status=400)
    except ValidationError as error:
        return JsonResponse({"error": error.code, "message": " ".join(error.messages)}, status=413)
    return JsonResponse({"offset": received, "size": upload.size})


@login_required
def portfolio(request):
    data = services.build_portfolio(user=request.user, base_url=links.absolute_url("/").rstrip("/"))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="ortaq-portfolio.zip"'
    return response


@login_required
def case_study_translate(request, pk):
    """Add or correct a translation: the form starts from the source text (or the translation's latest text), and
    what is sent goes to the facilitator's review before it is public."""
    page = get_object_or_404(CaseStudyPage.objects.live(), pk=pk)
    if not selectors.can_translate_case_study(user=request.user, page=page):
        raise PermissionDenied
    choices = [c for c in forms.TranslationForm.base_fields["language"].choices if c[0] != page.locale.language_code]
    language = request.GET.get("language", "")
    language = language if language in dict(choices) else choices[0][0]
    form = forms.TranslationForm(
        request.POST or None, initial=services.translation_initial(page=page, language=language)
    )
    form.fields["language"].choices = choices
    if request.method == "POST" and form.is_valid():
        services.translate_case_study(page=page, user=request.user, **form.cleaned_data)
        messages.success(request, _("The translation is sent to the facilitator for review."))
        return redirect(page.url)
    return render(
        request,
        "projects/translation_form.html",
        {
            "form": form,
            "heading": _("Translate “%(title)s”") % {"title": page.title},
            "source": page,
            "languages": choices,
        },
    )


def page_context(*, page, request, context: dict) -> dict:
    """The `page_context` Wagtail hook (network/pages.py): the case-study index's filtered, paginated list, and a
    case study's translations, whether the viewer may translate it, and its QR code to #feedback."""
    if isinstance(page, CaseStudyIndexPage):
        form = forms.CaseStudyFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        results = selectors.list_case_studies(language=get_language(), **filters)
        page_obj = Paginator(results, 12).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return {"filter_form": form, "case_studies": page_obj, "query": query.urlencode()}
    if isinstance(page, CaseStudyPage):
        context = {
            "translations": selectors.list_translations(page=page),
            "can_translate": selectors.can_translate_case_study(user=request.user, page=page),
        }
        if page.project_id:  # the poster's short link: its feedback page, public once published
            context.update(qr.qr_context(page.project_id))
        else:
            url = links.absolute_url(page.url) + "#feedback"
            context.update({"qr_svg": qr.qr_svg(url), "qr_url": url, "qr_label": qr.short_label(url)})
        return context
    return {}
