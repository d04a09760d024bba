"""Reads and permission decisions for the network: the one place that answers "may this user do X to Y"."""

from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from network.models import GroupJoinRequest, Notification, Region, School, TeacherGroup, User


def is_admin(user: User) -> bool:
    """Superusers administer everything."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_facilitator(user: User) -> bool:
    """True for members an admin made facilitators (and for admins)."""
    return bool(user.is_authenticated and user.is_active and (user.is_facilitator or user.is_superuser))


def roles_of(user: User) -> dict:
    """What `user` may do, as the audit log records it: facilitator flag, admin, active, Wagtail groups."""
    return {
        "is_facilitator": user.is_facilitator,
        "is_superuser": user.is_superuser,
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def public_school_label(user: User | None, *, language: str | None = None) -> str:
    """The member's school as anyone else reads it (forum posts, feedback, certificates, poster labels, case
    studies, exports): its name, or only "a rural school in <region>" when she chose `hide_school` (on her profile,
    or on the write-up of one of her projects). "" without a school. Needs `school__region` loaded to avoid queries.
    """
    school = getattr(user, "school", None) if user is not None else None
    if school is None:
        return ""
    with translation.override(language or translation.get_language()):
        return hidden_school_label(school) if user.hide_school else school.local_name


def hidden_school_label(school) -> str:
    """What stands for a school its teacher chose to hide, in the active language: only its region."""
    return _("a rural school in %(region)s") % {"region": school.region.local_name}


def can_manage_group(*, user: User, group: TeacherGroup) -> bool:
    """The group's own facilitator and admins manage it; other facilitators do not."""
    return is_admin(user) or (is_facilitator(user) and group.facilitator_id == user.pk)


def is_group_member(*, user: User, group_id: int) -> bool:
    """True if `user` belongs to the group (facilitator included)."""
    if not user.is_authenticated:
        return False
    return TeacherGroup.objects.filter(Q(pk=group_id) & (Q(memberships__user=user) | Q(facilitator=user))).exists()


def can_view_group(*, user: User, group: TeacherGroup) -> bool:
    """Members, the facilitator and admins see a group's page; nobody else."""
    return is_admin(user) or is_group_member(user=user, group_id=group.pk)


def can_confirm_school(*, user: User, school: School) -> bool:
    """Facilitators and admins confirm schools proposed at sign-up."""
    return is_facilitator(user)


def can_access_admin(user: User) -> bool:
    """Staff and facilitators use the Wagtail admin; teachers never need it."""
    return bool(user.is_authenticated and user.is_active and (user.is_staff or is_facilitator(user)))


def list_groups_for(*, user: User) -> QuerySet[TeacherGroup]:
    """Groups `user` belongs to or facilitates, each once, with facilitator loaded."""
    if not user.is_authenticated:
        return TeacherGroup.objects.none()
    return (
        TeacherGroup.objects.filter(Q(memberships__user=user) | Q(facilitator=user))
        .select_related("facilitator", "region")
        .distinct()
    )


def list_managed_groups(*, user: User) -> QuerySet[TeacherGroup]:
    """Groups whose members' work `user` may review: own groups for facilitators, all for admins."""
    if is_admin(user):
        return TeacherGroup.objects.all()
    if is_facilitator(user):
        return TeacherGroup.objects.filter(facilitator=user)
    return TeacherGroup.objects.none()


def list_group_members(*, group: TeacherGroup) -> QuerySet[User]:
    return group.members.select_related("school", "school__region").order_by("display_name")


def list_regions() -> QuerySet[Region]:
    return Region.objects.all()


def list_schools_for_signup() -> QuerySet[School]:
    """Confirmed schools, grouped by region for the sign-up list."""
    return School.objects.filter(is_confirmed=True).select_related("region").order_by("region__name", "name")


def list_unconfirmed_schools(*, viewer: User) -> QuerySet[School]:
    if not is_facilitator(viewer):
        return School.objects.none()
    return School.objects.filter(is_confirmed=False).select_related("region", "proposed_by")


def list_notifications(*, user: User, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)[:limit]


def count_unread_notifications(*, user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def list_region_facilitators(*, region_id: int | None) -> list[User]:
    """Facilitators of the groups of a region: they look after its teachers who have no group yet."""
    if not region_id:
        return []
    return list(User.objects.filter(facilitated_groups__region_id=region_id, is_active=True).distinct())


def list_groups_to_join(*, user: User) -> QuerySet[TeacherGroup]:
    """Groups of the regions of `user` (her school's and those she named) that she is not in, by name."""
    regions = set(user.regions.values_list("pk", flat=True))
    if user.school_id:
        regions.add(user.school.region_id)
    return (
        TeacherGroup.objects.filter(region_id__in=regions)
        .exclude(memberships__user=user)
        .select_related("facilitator", "region")
        .order_by("name")
    )


def list_pending_join_requests(*, group: TeacherGroup) -> QuerySet[GroupJoinRequest]:
    return group.join_requests.filter(decided_at=None).select_related("user", "user__school")


def has_asked_to_join(*, user: User, group: TeacherGroup) -> bool:
    return group.join_requests.filter(user=user, decided_at=None).exists()
