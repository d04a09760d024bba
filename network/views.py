"""Network pages: notifications, teacher groups, schools proposed at sign-up."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network import selectors, services
from network.forms import ConfirmSchoolForm, DeleteAccountForm, ProfileForm
from network.models import GroupJoinRequest, TeacherGroup


@login_required
def notification_list(request):
    notifications = list(selectors.list_notifications(user=request.user))
    return render(request, "network/notification_list.html", {"notifications": notifications})


@login_required
@require_POST
def notifications_mark_read(request):
    services.mark_notifications_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("network:notification_list")


@login_required
def group_detail(request, slug):
    group = get_object_or_404(TeacherGroup.objects.select_related("facilitator", "region"), slug=slug)
    if not selectors.can_view_group(user=request.user, group=group):
        raise PermissionDenied
    return render(
        request,
        "network/teachergroup_detail.html",
        {
            "group": group,
            "members": selectors.list_group_members(group=group),
            "can_manage": selectors.can_manage_group(user=request.user, group=group),
            "join_requests": selectors.list_pending_join_requests(group=group)
            if selectors.can_manage_group(user=request.user, group=group)
            else [],
        },
    )


@login_required
@require_POST
def group_join_request(request, slug):
    """A teacher without an invite link asks to join a group of her region."""
    group = get_object_or_404(TeacherGroup.objects.select_related("facilitator"), slug=slug)
    services.request_to_join(user=request.user, group=group)
    messages.success(request, _("Your request is sent to the facilitator of %(group)s.") % {"group": group.name})
    return redirect("projects:dashboard")


@login_required
@require_POST
def group_join_decide(request, pk):
    join_request = get_object_or_404(GroupJoinRequest.objects.select_related("group", "user"), pk=pk)
    if not selectors.can_manage_group(user=request.user, group=join_request.group):
        raise PermissionDenied
    accept = request.POST.get("decision") == "accept"
    services.decide_join_request(join_request=join_request, by=request.user, accept=accept)
    return redirect(join_request.group)


@login_required
def group_join(request, code):
    group = get_object_or_404(TeacherGroup, invite_code=code)
    if request.method == "POST":
        services.join_group(user=request.user, invite_code=code)
        messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
        return redirect(group)
    return render(request, "network/teachergroup_join.html", {"group": group})


@login_required
def school_review(request):
    if not selectors.is_facilitator(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = ConfirmSchoolForm(request.POST)
        if not form.is_valid():  # a tampered or stale value: not a server error
            raise Http404
        school = form.cleaned_data["school"]
        services.confirm_school(school=school, by=request.user)
        messages.success(request, _("%(school)s is confirmed.") % {"school": school.local_name})
        return redirect("network:school_review")
    schools = selectors.list_unconfirmed_schools(viewer=request.user)
    return render(request, "network/school_review.html", {"schools": schools})


@login_required
def profile(request):
    """Name, school, preferred language (saving switches the interface to it), links to e-mail settings and to
    account deletion."""
    user = request.user
    initial = {
        "display_name": user.display_name,
        "school": user.school,
        "hide_school": user.hide_school,
        "preferred_language": user.preferred_language,
    }
    form = ProfileForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=user, **form.cleaned_data)
        language = form.cleaned_data["preferred_language"]
        with translation.override(language):
            messages.success(request, _("Your profile is saved."))
            response = redirect("network:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
    return render(request, "network/profile.html", {"form": form})


@login_required
def profile_delete(request):
    """Account deletion: first the portfolio export is offered, then a confirmation box."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account is deleted."))
        return redirect("/")
    return render(request, "network/profile_delete.html", {"form": form})
