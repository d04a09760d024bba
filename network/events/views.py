"""Event actions behind plain forms (the event pages themselves are Wagtail pages), calendars and certificates."""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from network import links
from network import selectors as network_selectors
from network.events import documents as event_documents
from network.events import selectors as event_selectors
from network.events import services as event_services
from network.events.forms import AttendanceForm, CheckInForm, DoorSearchForm, RegistrationForm, WalkInForm
from network.models import EventIndexPage, EventPage, Registration
from network.validators import spreadsheet_safe


def page_context(*, page, request, context: dict) -> dict:
    """The `page_context` Wagtail hook: what an event page shows this viewer (with blank forms; `_render_event`
    puts a rejected one in their place), and the index page's upcoming and past events (filtered by `?region=`)."""
    if isinstance(page, EventPage):
        extra = event_selectors.event_page_context(event=page, user=request.user)
        presentation = getattr(extra["registration"], "presentation", "")
        extra["register_form"] = RegistrationForm(initial={"presentation": presentation})
        extra["checkin_form"] = CheckInForm()
        return extra
    if isinstance(page, EventIndexPage):
        return event_selectors.event_index_context(index=page, region_slug=request.GET.get("region", ""))
    return {}


def _render_event(request, event: EventPage, **forms):
    """The event page again, with a rejected form bound to what the member typed."""
    context = event.get_context(request)
    context.update(forms)
    return render(request, event.get_template(request), context, status=400)


@login_required
@require_POST
def event_register(request, slug):
    event = event_selectors.get_event_or_404(slug=slug)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            registration = event_services.register(event=event, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.status == Registration.Status.WAITLISTED:
                messages.warning(
                    request, _("The event is full: you are on the waitlist. We will e-mail you if a place frees up.")
                )
            else:
                messages.success(
                    request, _("You are registered. A confirmation with a calendar file is on its way to your e-mail.")
                )
            return redirect(event.url)
    return _render_event(request, event, register_form=form)


@login_required
def event_cancel(request, slug):
    """Ask first (a page, no JavaScript needed), then give the place up: one tap on the event page never cancels."""
    event = event_selectors.get_event_or_404(slug=slug)
    registration = event_selectors.get_registration(user=request.user, event=event.registration_event)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        if event_services.cancel_registration(event=event, user=request.user):
            messages.success(request, _("Your registration is cancelled."))
        return redirect(event.url)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return redirect(event.url)  # nothing to cancel
    if not event_selectors.can_cancel(registration=registration, event=event.registration_event):
        raise PermissionDenied
    return render(request, "network/event_cancel_confirm.html", {"page": event, "registration": registration})


@login_required
@require_POST
def event_check_in(request, slug):
    event = event_selectors.get_event_or_404(slug=slug)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            event_services.check_in(event=event, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, _("You are checked in. Welcome!"))
            return redirect(event.url)
    return _render_event(request, event, checkin_form=form)


def _managed_event_or_403(request, slug) -> EventPage:
    event = event_selectors.get_event_or_404(slug=slug)
    if not event_selectors.can_manage_event(user=request.user, event=event):
        raise PermissionDenied
    return event


def _door_url(event: EventPage, *, query: str = "", page: int = 1, registration_id: int | None = None) -> str:
    """The check-in page with the organiser's search and page, scrolled to the row they just changed."""
    params = {key: value for key, value in (("q", query), ("page", page if page > 1 else "")) if value}
    url = reverse("network:event_registrations", args=[event.slug])
    url += f"?{urlencode(params)}" if params else ""
    return url + (f"#registration-{registration_id}" if registration_id else "")


def _back_to_row(event: EventPage, query: str, registration: Registration):
    rows = event_selectors.list_door_registrations(event=event, query=query)
    page = event_selectors.door_page_of(registrations=rows, registration_id=registration.pk)
    return redirect(_door_url(event, query=query, page=page, registration_id=registration.pk))


@login_required
def event_registrations(request, slug):
    """The organisers' check-in list at the door: search by name, e-mail or school (?q=), one tap per person, the
    organiser comes back to the same row (plain forms; no JavaScript needed), walk-ins in one step."""
    event = _managed_event_or_403(request, slug)
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        if not form.is_valid():
            return redirect(_door_url(event, query=request.POST.get("q", "")[:100]))
        registration = get_object_or_404(
            event_selectors.list_registrations(event=event), pk=form.cleaned_data["registration"]
        )
        event_services.mark_attendance(
            registration=registration, attendance=form.cleaned_data["attendance"], by=request.user
        )
        if form.cleaned_data["attendance"]:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.user})
        else:
            messages.success(request, _("Attendance saved for %(name)s.") % {"name": registration.user})
        return _back_to_row(event, form.cleaned_data["q"], registration)
    search = DoorSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    rows = event_selectors.list_door_registrations(event=event, query=query)
    page = Paginator(rows, event_selectors.DOOR_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/event_registrations.html",
        {
            "event": event,
            "search": search,
            "q": query,
            "registrations": page,
            "walk_ins": event_selectors.list_walk_in_candidates(event=event, query=query),
            "walk_in_form": WalkInForm(),
            "counts": event_selectors.count_registrations(event=event),
            "checkin_code": event.registration_event.checkin_code,
            "may_issue_certificates": event_selectors.may_issue_certificates(user=request.user, event=event),
        },
    )


@login_required
@require_POST
def event_walk_in(request, slug):
    """Register and check in a member who did not register, picked from the search or by e-mail."""
    event = _managed_event_or_403(request, slug)
    form = WalkInForm(request.POST)
    # A refusal comes back with what was typed in the search box (and the members it finds): nothing is lost.
    query = (request.POST.get("q", "") or request.POST.get("email", "")).strip()[:100]
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("__all__", []) or form.errors.get("email", [])))
        return redirect(_door_url(event, query=query))
    user = event_selectors.get_walk_in_member(member_id=form.cleaned_data["member"], email=form.cleaned_data["email"])
    if user is None:
        messages.error(request, _("No member has this e-mail. They can sign up on their phone; then search again."))
        return redirect(_door_url(event, query=query))
    try:
        registration = event_services.check_in_walk_in(event=event, user=user, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_door_url(event, query=query))
    messages.success(request, _("%(name)s is registered and checked in.") % {"name": user})
    return _back_to_row(event, query or user.email, registration)


@login_required
def event_registrations_csv(request, slug):
    event = _managed_event_or_403(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
    response.write("\ufeff")  # spreadsheet programs then read Kazakh and Russian names correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("School"),
            _("Region"),
            _("Status"),
            _("What I will present"),
            _("Attendance"),
            _("Registered"),
        ]
    )
    for r in event_selectors.list_registrations(event=event):
        school = r.user.school  # the name only if she did not hide it (network.selectors.public_school_label)
        writer.writerow(
            spreadsheet_safe(cell)
            for cell in [
                r.user.get_full_name(),
                r.user.email,
                network_selectors.public_school_label(r.user),
                school.region.local_name if school else "",
                r.get_status_display(),
                r.presentation,
                r.get_attendance_display() if r.attendance else "",
                f"{r.created_at:%Y-%m-%d %H:%M}",
            ]
        )
    return response


@login_required
@require_POST
def event_issue_certificates(request, slug):
    event = _managed_event_or_403(request, slug)
    try:
        created = event_services.issue_certificates(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("New certificates issued: %(count)d.") % {"count": len(created)})
    return redirect(reverse("network:event_registrations", args=[slug]))


def event_calendar(request, slug):
    event = event_selectors.get_event_or_404(slug=slug)
    return _ics_response(event_documents.event_calendar([event], request=request), f"{event.slug}.ics")


def events_calendar(request):
    events = list(event_selectors.list_upcoming_events_in_language())
    return _ics_response(event_documents.event_calendar(events, request=request), "ortaq-events.ics")


def _ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def my_certificates(request):
    certificates = event_selectors.list_certificates_for_reader(user=request.user)
    return render(request, "network/event_my_certificates.html", {"certificates": certificates})


def _certificate_or_404(code: str):
    certificate = event_selectors.get_certificate(code=code)
    if certificate is None:
        raise Http404
    return certificate


def certificate_verify(request, code):
    certificate = _certificate_or_404(code)
    return render(
        request,
        "network/event_certificate.html",
        {
            "certificate": certificate,
            "event": _event_for_reader(certificate.event),
            "can_revoke": event_selectors.can_revoke_certificate(user=request.user) and not certificate.is_revoked,
        },
    )


def certificate_pdf(request, code):
    certificate = _certificate_or_404(code)
    data = event_documents.certificate_pdf(
        certificate,
        event_title=_event_for_reader(certificate.event).title,
        verify_url=links.absolute_url(certificate.get_absolute_url()),
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ortaq-certificate-{certificate.code[:8]}.pdf"'
    return response


@login_required
@require_POST
def certificate_revoke(request, code):
    certificate = _certificate_or_404(code)
    event_services.revoke_certificate(certificate=certificate, by=request.user)
    messages.success(request, _("The certificate is revoked."))
    return redirect(certificate.get_absolute_url())


def _event_for_reader(event: EventPage) -> EventPage:
    """The event's page in the reader's language, if translated."""
    return event.get_translation_or_none(Locale.get_active()) or event
