"""Undo and correct (writes): edit or delete consultations and journal entries, withdraw a submission, delete a
project; and the revision history a teacher reads. Every change is a revision by whoever made it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.models import Revision, WorkflowState

from network.models import User
from projects import selectors
from projects.models import Consultation, JournalEntry, ProjectPage
from projects.services.edits import _save


def can_delete_project(*, user: User, project: ProjectPage) -> bool:
    """Only the lead deletes a project (co-leaders leave it), and never one that is published."""
    return (
        user.is_authenticated and project.lead_id == user.pk and not (project.case_study_id and project.case_study.live)
    )


def can_withdraw(*, user: User, project: ProjectPage) -> bool:
    """Leaders take back a submission while it waits for review."""
    return selectors.can_prepare_submission(user=user, project=project) and selectors.is_in_review(project=project)


def list_revisions(*, project: ProjectPage):
    """Every saved version of the project, newest first, with who saved it."""
    return Revision.page_revisions.filter(object_id=str(project.pk)).select_related("user").order_by("-created_at")


@transaction.atomic
def update_item(*, item: Consultation | JournalEntry, user: User, **fields):
    """Correct a consultation or a journal entry of a project `user` may edit."""
    if not selectors.can_edit_project(user=user, project=item.project):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    _save(item.project, user)
    return item


@transaction.atomic
def delete_item(*, item: Consultation | JournalEntry, user: User) -> None:
    project = item.project
    if not selectors.can_edit_project(user=user, project=project):
        raise PermissionDenied
    item.delete()
    _save(project, user)


@transaction.atomic
def withdraw_submission(*, project: ProjectPage, user: User) -> None:
    """Cancel the review workflow: the facilitator's queue no longer shows it; she may submit again later."""
    if not can_withdraw(user=user, project=project):
        raise PermissionDenied
    state = WorkflowState.objects.active().filter(base_content_type__model="page", object_id=str(project.case_study_id))
    for workflow_state in state:
        workflow_state.cancel(user=user)
    _save(project, user)


@transaction.atomic
def delete_project(*, project: ProjectPage, user: User) -> None:
    """Delete the project, its files and its unpublished case-study draft."""
    if not can_delete_project(user=user, project=project):
        raise PermissionDenied
    draft = project.case_study
    for field in (project.poster_file, project.poster_preview):
        if field:
            field.delete(save=False)
    for evidence in project.evidence.all():
        if evidence.file:
            evidence.file.delete(save=False)
    WorkflowState.objects.filter(base_content_type__model="page", object_id=str(project.case_study_id)).delete()
    project.delete()
    if draft is not None and not draft.live:
        draft.delete()
