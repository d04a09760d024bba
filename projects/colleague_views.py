"""Colleagues' consultations: asking named colleagues one question, and the colleague's answer page. Thin:
projects.colleagues decides and writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network import ratelimit
from projects import colleagues, forms, selectors
from projects.models import ConsultationRequest, Stage
from projects.views import _project, _stage_context


@login_required
@require_POST
def consultation_request(request, pk):
    """Ask named colleagues one question (the form on the consultations page)."""
    project = _project(request, pk, edit=True)
    people = colleagues.list_consultable_colleagues(project=project, user=request.user)
    form = forms.ConsultationRequestForm(request.POST, people=people)
    status = 400
    if form.is_valid():
        try:
            colleagues.request_consultation(
                project=project,
                user=request.user,
                colleagues=list(form.cleaned_data["colleagues"]),
                question=form.cleaned_data["question"],
            )
        except ratelimit.TooFast as too_fast:
            form.add_error(None, too_fast.message)
            status = 429
        else:
            messages.success(request, _("Your question is sent."))
            return redirect("projects:consultations", project.pk)
    context = {
        "form": forms.ConsultationForm(),
        "project": project,
        "heading": _("Add a consultation"),
        "request_form": form,
        "requests": colleagues.list_requests(project=project),
        **_stage_context(project, Stage.CONSULTATION),
    }
    return render(request, "projects/project_consultations.html", context, status=status)


@login_required
def consultation_answer(request, request_id):
    """The colleague asked reads the question and answers it (once)."""
    asked = get_object_or_404(
        ConsultationRequest.objects.select_related("project", "asked_by"), pk=request_id, colleague=request.user
    )
    may_answer = colleagues.can_answer(user=request.user, request=asked)
    form = forms.ConsultationAnswerForm(request.POST or None)
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            colleagues.answer_consultation(request=asked, user=request.user, answer=form.cleaned_data["answer"])
            messages.success(request, _("Thank you: your answer is added to the project's consultations."))
            return redirect("projects:consultation_answer", asked.pk)
    project = selectors.get_project(pk=asked.project_id)
    context = {
        "asked": asked,
        "form": form,
        "may_answer": may_answer,
        "can_view": selectors.can_view_project(user=request.user, project=project),
    }
    return render(request, "projects/consultation_answer.html", context)
