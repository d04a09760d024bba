"""The facilitator's pages: the dashboard across her groups, one group's projects, the one-click nudge. Thin:
projects.facilitator decides and writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network import selectors as network_selectors
from network.models import TeacherGroup
from projects import facilitator, forms, selectors
from projects.views import _project


@login_required
def group_projects(request, slug):
    """A facilitator's view of a group: every member's projects, stage, last activity, idle flag."""
    group = get_object_or_404(TeacherGroup, slug=slug)
    if not network_selectors.can_manage_group(user=request.user, group=group):
        raise PermissionDenied
    projects = list(selectors.list_projects_for_group(group=group))
    for project in projects:
        project.idle = selectors.is_idle(project)
    return render(request, "projects/group_projects.html", {"group": group, "projects": projects})


@login_required
def facilitator_dashboard(request):
    """Across all the facilitator's groups: members, projects by stage (in review too), idle ones with a nudge,
    proposed schools, upcoming events and feedback; filter by group, stage, idleness (GET, works without JS)."""
    if not facilitator.can_use_dashboard(user=request.user):
        raise PermissionDenied
    form = forms.DashboardFilterForm(
        request.GET or None, groups=network_selectors.list_managed_groups(user=request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    context = facilitator.dashboard(
        user=request.user,
        group_id=filters["group"].pk if filters.get("group") else None,
        stage=filters.get("stage", ""),
        idle_only=filters.get("idle", False),
    )
    context["form"] = form
    return render(request, "projects/facilitator_dashboard.html", context)


@login_required
@require_POST
def project_nudge(request, pk):
    project = _project(request, pk)
    if not facilitator.can_nudge(user=request.user, project=project):
        raise PermissionDenied
    facilitator.nudge(project=project, user=request.user)
    messages.success(request, _("%(name)s is reminded.") % {"name": project.lead})
    return redirect(reverse("projects:facilitator") + "#projects")
