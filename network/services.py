"""Writes for the network: sign-up profile, schools, groups, notifications."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from network import realtime, selectors
from network.models import Membership, Notification, Region, School, TeacherGroup, User


@transaction.atomic
def complete_signup(
    *,
    user: User,
    display_name: str,
    preferred_language: str,
    region: Region,
    school: School | None = None,
    proposed_school_name: str = "",
) -> User:
    """Fill in a new teacher's profile; a proposed school waits for a facilitator to confirm it."""
    if school is None and proposed_school_name:
        school, _created = School.objects.get_or_create(
            region=region,
            name=proposed_school_name.strip(),
            defaults={"is_confirmed": False, "proposed_by": user},
        )
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language
    user.school = school
    user.save(update_fields=["display_name", "preferred_language", "school"])
    user.regions.add(region)
    return user


@transaction.atomic
def confirm_school(*, school: School, by: User) -> School:
    """Mark a proposed school as real; PermissionDenied unless `by` is a facilitator."""
    if not selectors.can_confirm_school(user=by, school=school):
        raise PermissionDenied
    school.is_confirmed = True
    school.save(update_fields=["is_confirmed"])
    return school


@transaction.atomic
def join_group(*, user: User, invite_code: str) -> TeacherGroup:
    """Join the group behind an invite link; joining twice is harmless."""
    group = TeacherGroup.objects.get(invite_code=invite_code)
    Membership.objects.get_or_create(group=group, user=user)
    return group


@transaction.atomic
def add_member(*, group: TeacherGroup, user: User, by: User) -> Membership:
    if not selectors.can_manage_group(user=by, group=group):
        raise PermissionDenied
    membership, _created = Membership.objects.get_or_create(group=group, user=user)
    return membership


@transaction.atomic
def notify(*, recipient: User, kind: str, text: str, url: str = "") -> Notification:
    """Save a notification and push it to the recipient's open pages after commit."""
    # Text often quotes what a member typed: PostgreSQL refuses NUL, and the column holds 300 characters.
    text = text.replace("\x00", "")[:300]
    url = url.replace("\x00", "") if len(url) <= 500 else ""  # a link cut short would lead nowhere
    notification = Notification.objects.create(
        recipient=recipient, kind=kind.replace("\x00", "")[:40], text=text, url=url
    )
    realtime.announce_notification(notification)
    return notification


def mark_notifications_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
