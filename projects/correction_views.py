"""Undo and correct: confirmation pages (no JavaScript needed), edits of consultations and journal entries,
withdrawing a submission, deleting a project, the revision history. Thin: projects.corrections decides and writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects import corrections, forms, services
from projects.models import Consultation, Evidence, JournalEntry
from projects.views import _project

ITEMS = {
    "consultation": (Consultation, forms.ConsultationForm, "#consultation"),
    "journal": (JournalEntry, forms.JournalForm, "#action"),
}


def _confirm(request, *, project, question, what=""):
    return render(request, "projects/confirm.html", {"project": project, "question": question, "what": what})


@login_required
def evidence_delete(request, pk, evidence_id):
    project = _project(request, pk, edit=True)
    evidence = get_object_or_404(Evidence, pk=evidence_id, project=project)
    if request.method != "POST":
        return _confirm(request, project=project, question=_("Remove this evidence?"), what=evidence.description)
    services.delete_evidence(evidence=evidence, user=request.user)
    messages.success(request, _("The evidence is removed."))
    return redirect("projects:detail", project.pk)


def _item_edit(request, pk, item_id, kind):
    model, form_class, anchor = ITEMS[kind]
    project = _project(request, pk, edit=True)
    item = get_object_or_404(model, pk=item_id, project=project)
    fields = list(form_class.base_fields)
    form = form_class(request.POST or None, initial={name: getattr(item, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        corrections.update_item(item=item, user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(project.get_absolute_url() + anchor)
    return render(request, "projects/project_form.html", {"form": form, "project": project, "heading": _("Edit")})


def _item_delete(request, pk, item_id, kind):
    model, _form_class, anchor = ITEMS[kind]
    project = _project(request, pk, edit=True)
    item = get_object_or_404(model, pk=item_id, project=project)
    if request.method != "POST":
        text = getattr(item, "said", "") or getattr(item, "text", "")
        return _confirm(request, project=project, question=_("Delete this entry?"), what=text)
    corrections.delete_item(item=item, user=request.user)
    messages.success(request, _("Deleted."))
    return redirect(project.get_absolute_url() + anchor)


@login_required
def consultation_edit(request, pk, item_id):
    return _item_edit(request, pk, item_id, "consultation")


@login_required
def consultation_delete(request, pk, item_id):
    return _item_delete(request, pk, item_id, "consultation")


@login_required
def journal_edit(request, pk, item_id):
    return _item_edit(request, pk, item_id, "journal")


@login_required
def journal_delete(request, pk, item_id):
    return _item_delete(request, pk, item_id, "journal")


@login_required
@require_POST
def withdraw(request, pk):
    project = _project(request, pk, edit=True)
    if not corrections.can_withdraw(user=request.user, project=project):
        raise PermissionDenied
    corrections.withdraw_submission(project=project, user=request.user)
    messages.success(request, _("Your submission is withdrawn. You can edit and submit again."))
    return redirect("projects:detail", project.pk)


@login_required
def delete(request, pk):
    project = _project(request, pk, edit=True)
    if not corrections.can_delete_project(user=request.user, project=project):
        raise PermissionDenied
    form = forms.ConfirmDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        corrections.delete_project(project=project, user=request.user)
        messages.success(request, _("The project is deleted."))
        return redirect("projects:dashboard")
    return render(
        request,
        "projects/confirm.html",
        {"project": project, "question": _("Delete this whole project?"), "what": project.title, "form": form},
    )


@login_required
def history(request, pk):
    project = _project(request, pk, edit=True)
    return render(
        request,
        "projects/project_history.html",
        {"project": project, "revisions": corrections.list_revisions(project=project)},
    )
