"""Reads and permission decisions for projects and case studies.

Who sees what (the tests in tests/projects/test_permissions.py check every cell):

| who                          | view | edit | submit | approve | evidence files |
|------------------------------|------|------|--------|---------|----------------|
| anonymous                    |  no  |  no  |   no   |   no    |      no        |
| lead, co-leader              | yes  | yes  |  yes   |   no    |      yes       |
| other teacher in the group   | yes  |  no  |   no   |   no    |      no        |
| teacher in another group     |  no  |  no  |   no   |   no    |      no        |
| the group's facilitator      | yes  |  no  |   no   |  yes    |      yes       |
| another facilitator          |  no  |  no  |   no   |   no    |      no        |
| admin                        | yes  | yes  |   no   |  yes    |      yes       |
"""

from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.images import get_image_model
from wagtail.models import Locale, Revision, TaskState, WorkflowState

from network import selectors as network_selectors
from network.models import TeacherGroup, User
from projects.models import (
    CaseStudyPage,
    ProjectComment,
    ProjectIndexPage,
    ProjectPage,
    Stage,
    Theme,
)

IDLE_AFTER = timedelta(days=30)
CARD_RENDITION = "fill-480x320|format-webp"  # the poster thumbnail on case-study cards


def _is_leader(user: User, project: ProjectPage) -> bool:
    if not user.is_authenticated:
        return False
    if project.lead_id == user.pk:
        return True
    return any(leader.pk == user.pk for leader in project.co_leaders.all())


def _facilitates(user: User, project: ProjectPage) -> bool:
    """The facilitator of the project's group; for a project without a group, a facilitator of her region."""
    if not (user.is_authenticated and network_selectors.is_facilitator(user)):
        return False
    if project.group_id:
        return project.group.facilitator_id == user.pk
    return bool(project.school_id) and user.facilitated_groups.filter(region_id=project.school.region_id).exists()


def list_project_facilitators(*, project: ProjectPage) -> list[User]:
    """Who reviews `project`: its group's facilitator, or without a group the facilitators of its region."""
    if project.group_id:
        return [project.group.facilitator]
    region_id = project.school.region_id if project.school_id else None
    return network_selectors.list_region_facilitators(region_id=region_id)


def looks_after(*, user: User, project: ProjectPage) -> bool:
    """The facilitator who reviews the project (its group's, or without a group her region's) and admins."""
    return network_selectors.is_admin(user) or _facilitates(user, project)


def can_view_project(*, user: User, project: ProjectPage) -> bool:
    """Leaders, members of the project's teacher group, its facilitator and admins; nobody else."""
    if not user.is_authenticated:
        return False
    if network_selectors.is_admin(user) or _is_leader(user, project) or _facilitates(user, project):
        return True
    return bool(project.group_id) and network_selectors.is_group_member(user=user, group_id=project.group_id)


def can_edit_project(*, user: User, project: ProjectPage) -> bool:
    """The lead and co-leaders (and admins); facilitators comment and review but do not edit."""
    return network_selectors.is_admin(user) or _is_leader(user, project)


def can_view_evidence_files(*, user: User, project: ProjectPage) -> bool:
    """Evidence may show pupils: only leaders, the group's facilitator and admins open the files."""
    return network_selectors.is_admin(user) or _is_leader(user, project) or _facilitates(user, project)


def can_view_private_poster(*, user: User, project: ProjectPage) -> bool:
    """An unpublished poster is seen by whoever may view the project."""
    return can_view_project(user=user, project=project)


def can_comment(*, user: User, project: ProjectPage) -> bool:
    """Whoever may view the project comments on it: leaders, group colleagues, the group's facilitator, admins."""
    return can_view_project(user=user, project=project)


def case_study_review_state(*, page) -> WorkflowState | None:
    """A case study's (or translation's) active workflow state (in review or needing changes), if any."""
    return (
        WorkflowState.objects.active()
        .filter(base_content_type__model="page", object_id=str(page.pk))
        .select_related("current_task_state", "current_task_state__revision")
        .first()
    )


def review_state(*, project: ProjectPage) -> WorkflowState | None:
    """The case study's active workflow state (in review or needing changes), if any."""
    if not project.case_study_id:
        return None
    return case_study_review_state(page=project.case_study)


def is_in_review(*, project: ProjectPage) -> bool:
    """True while the project waits in the "Facilitator review" workflow (submitted, not yet decided)."""
    state = review_state(project=project)
    return bool(state and state.status == WorkflowState.STATUS_IN_PROGRESS)


def revision_under_review(*, page) -> Revision | None:
    """The frozen revision a reviewer reads and may approve: the one the current review task started on."""
    state = case_study_review_state(page=page)
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS or state.current_task_state is None:
        return None
    return state.current_task_state.revision


def project_of_case_study(*, page) -> ProjectPage | None:
    """The project behind a case study or one of its translations (they share the `project` link)."""
    project_id = CaseStudyPage.objects.filter(pk=page.pk).values_list("project_id", flat=True).first()
    if project_id is None:
        return None
    return _project_queryset().filter(pk=project_id).first()


def can_review_case_study(*, user: User, page) -> bool:
    """The facilitator of the group of the project behind `page` (or an admin), while `page` is in review.

    The one rule for reviewing: the site's review pages (can_approve) and the Wagtail admin's review task
    (projects/review_task.py: who opens the editor, sees the buttons and the "awaiting review" list) all ask it.
    """
    if not user.is_authenticated:
        return False
    if not network_selectors.is_admin(user):
        project = project_of_case_study(page=page)
        if project is None or not _facilitates(user, project):
            return False
    state = case_study_review_state(page=page)
    return bool(state and state.status == WorkflowState.STATUS_IN_PROGRESS)


def _case_studies_looked_after(user: User) -> Q:
    """Case studies (and translations) whose project `user` reviews: her groups' projects and, without a group,
    her regions' (as `_facilitates`); every one for admins."""
    if network_selectors.is_admin(user):
        return Q()
    groups = network_selectors.list_managed_groups(user=user)
    regions = groups.exclude(region=None).values("region_id")
    return Q(project__group__in=groups) | Q(project__group=None, project__school__region__in=regions)


def list_reviewable_task_states(*, user: User, task) -> QuerySet[TaskState]:
    """Open review tasks of `task` on case studies (and translations) whose project's group `user` facilitates;
    all of them for admins; none for anybody else."""
    states = TaskState.objects.filter(task=task, status=TaskState.STATUS_IN_PROGRESS)
    if network_selectors.is_admin(user):
        return states
    page_ids = CaseStudyPage.objects.filter(_case_studies_looked_after(user)).values_list("pk", flat=True)
    return states.filter(workflow_state__object_id__in=[str(pk) for pk in page_ids])


def review_url(*, page) -> str:
    """Where a reviewer reads and decides `page`: the project's review page, or the translation's."""
    project = project_of_case_study(page=page)
    if project is not None and project.case_study_id == page.pk:
        return reverse("projects:review", args=[project.pk])
    return reverse("projects:translation_review", args=[page.pk])


def can_prepare_submission(*, user: User, project: ProjectPage) -> bool:
    """Only the lead and co-leaders open the submission form: they give the consent for their pupils.
    Admins may edit a project but never consent on a teacher's behalf."""
    return _is_leader(user, project)


def can_submit(*, user: User, project: ProjectPage) -> bool:
    """Leaders submit a written-up, consented project that is not already in review or published."""
    if not _is_leader(user, project):
        return False
    if project.stage == Stage.PUBLISHED or is_in_review(project=project):
        return False
    return bool(project.writeup.strip()) and project.consent_publish


def can_approve(*, user: User, project: ProjectPage) -> bool:
    """The project's group facilitator (or an admin) reviews a project while it is in review."""
    if not (network_selectors.is_admin(user) or _facilitates(user, project)):
        return False
    return bool(project.case_study_id) and can_review_case_study(user=user, page=project.case_study)


def can_translate_case_study(*, user: User, page: CaseStudyPage) -> bool:
    """A leader of the project behind the case study, its group's facilitator, or an admin."""
    if not user.is_authenticated:
        return False
    if network_selectors.is_admin(user):
        return True
    project = page.project
    return project is not None and (_is_leader(user, project) or _facilitates(user, project))


def _project_queryset() -> QuerySet[ProjectPage]:
    return (
        ProjectPage.objects.select_related(
            "lead", "school", "school__region", "group", "group__facilitator", "case_study"
        )
        .prefetch_related("co_leaders", "themes")
        .order_by("-last_activity_at", "-pk")
    )


def get_project(*, pk: int) -> ProjectPage:
    return _project_queryset().get(pk=pk)


def list_projects_led(*, user: User) -> QuerySet[ProjectPage]:
    """Projects `user` leads or co-leads with every field and relation (the portfolio), most recently active first."""
    if not user.is_authenticated:
        return ProjectPage.objects.none()
    return _project_queryset().filter(Q(lead=user) | Q(co_leaders=user)).distinct()


def list_projects_for_dashboard(*, user: User) -> QuerySet[ProjectPage]:
    """Projects `user` leads or co-leads, most recently active first, with everything the cards show."""
    if not user.is_authenticated:
        return ProjectPage.objects.none()
    # Only the columns a card shows: the full page row with six joined tables cost ~40 % of the dashboard's render.
    return (
        ProjectPage.objects.filter(Q(lead=user) | Q(co_leaders=user))
        .distinct()
        .only("id", "title", "stage", "last_activity_at", *DASHBOARD_CASE_STUDY_FIELDS)
        .select_related("case_study")
        .prefetch_related("themes")
        .order_by("-last_activity_at", "-pk")
    )


DASHBOARD_CASE_STUDY_FIELDS = tuple(
    f"case_study__{name}" for name in ("id", "url_path", "live", "locale_id", "depth", "path", "slug")
)


def list_projects_for_group(*, group: TeacherGroup) -> QuerySet[ProjectPage]:
    """Every project of the group's members (for its facilitator), most recently active first."""
    return _project_queryset().filter(group=group)


def is_idle(project: ProjectPage) -> bool:
    """An unpublished project nobody has touched for IDLE_AFTER (30 days): dashboards mark it."""
    return project.stage != Stage.PUBLISHED and timezone.now() - project.last_activity_at > IDLE_AFTER


def list_review_queue(*, user: User) -> QuerySet[ProjectPage]:
    """Projects in review whose group `user` facilitates, and those without a group from her groups' regions
    (all for admins)."""
    groups = network_selectors.list_managed_groups(user=user)
    in_review = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type__model="page"
    ).values_list("object_id", flat=True)
    ids = [int(pk) for pk in in_review]
    regions = groups.exclude(region=None).values("region_id")
    without_group = Q(group=None) if network_selectors.is_admin(user) else Q(group=None, school__region__in=regions)
    return _project_queryset().filter(Q(group__in=groups) | without_group, case_study_id__in=ids)


def list_translation_review_queue(*, user: User) -> list[CaseStudyPage]:
    """Translations in review of case studies whose project `user` looks after (`looks_after`; all for admins)."""
    in_review = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type__model="page"
    ).values_list("object_id", flat=True)
    return list(
        CaseStudyPage.objects.filter(_case_studies_looked_after(user), pk__in=[int(pk) for pk in in_review])
        .exclude(project__case_study_id=F("pk"))
        .select_related("locale", "project")
    )


def list_admin_pages(*, pages: QuerySet, user: User) -> QuerySet:
    """What the Wagtail admin's explorer and page chooser list for `user`: admins see every page; anybody else never
    a project nor a draft case study (a facilitator reads her groups' drafts on the site's review pages)."""
    if network_selectors.is_admin(user):
        return pages
    for path in ProjectIndexPage.objects.values_list("path", flat=True):
        pages = pages.exclude(path__startswith=path)
    return pages.exclude(pk__in=CaseStudyPage.objects.filter(live=False).values("pk"))


def list_comments(*, project: ProjectPage, viewer: User | None = None) -> QuerySet[ProjectComment]:
    """Comments on the project: shared with whoever may view it (group colleagues too), except the facilitator's
    review comments, which only the leaders, the facilitator and admins read (`can_view_evidence_files`)."""
    comments = project.comments.select_related("author")
    if viewer is not None and not can_view_evidence_files(user=viewer, project=project):
        comments = comments.filter(is_review=False)
    return comments


def list_themes() -> QuerySet[Theme]:
    return Theme.objects.all()


def list_case_studies(
    *, language: str, theme=None, region=None, subject="", written_in="", year=None, **_ignored
) -> QuerySet[CaseStudyPage]:
    """Live case studies, one per story: in `language` where translated, otherwise in the language it was written in.

    Filters: theme (Theme), region (Region), subject, written_in (language code), year. Loads region, themes
    and poster up front so the list costs the same for 1 or 100 results.
    """
    locale = Locale.objects.filter(language_code=language).first()
    pages = CaseStudyPage.objects.live().public()
    if locale is not None:
        translated_here = CaseStudyPage.objects.live().filter(
            locale=locale, translation_key=OuterRef("translation_key")
        )
        pages = pages.filter(
            Q(locale=locale) | (Q(locale__language_code=F("original_language")) & ~Exists(translated_here))
        )
    if theme:
        pages = pages.filter(themes=theme)
    if region:
        pages = pages.filter(region=region)
    if subject:
        pages = pages.filter(subject=subject)
    if written_in:
        pages = pages.filter(original_language=written_in)
    if year:
        pages = pages.filter(date__year=year)
    return (
        pages.select_related("region", "locale")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.all()),
            Prefetch("poster_image", queryset=get_image_model().objects.prefetch_renditions(CARD_RENDITION)),
        )
        .order_by("-date", "-pk")
        .distinct()
    )


def list_case_study_years() -> list[int]:
    return sorted({d.year for d in CaseStudyPage.objects.live().values_list("date", flat=True)}, reverse=True)


def list_translations(*, page: CaseStudyPage) -> list[CaseStudyPage]:
    """Live versions of this case study in every language (this one included), by language order."""
    pages = list(page.get_translations(inclusive=True).live().select_related("locale").specific())
    return sorted(pages, key=lambda p: ["kk", "ru", "en"].index(p.locale.language_code))


def list_feed_case_studies(limit: int = 30, language: str | None = None) -> QuerySet[CaseStudyPage]:
    """The latest live, public case studies; with `language`, only those published in it."""
    pages = CaseStudyPage.objects.live().public().select_related("locale")
    if language:
        pages = pages.filter(locale__language_code=language)
    return pages.order_by("-first_published_at")[:limit]


def school_label(*, project: ProjectPage, language: str | None = None) -> str:
    """The school as public pages show it (in `language`, default the project's): by name, or only as
    "a rural school in <region>" when the teacher chose `hide_school` on this project or on her profile (the rule
    of network.selectors.public_school_label). Needs `school__region` and `lead` loaded."""
    school = project.school
    if school is None:
        return ""
    with translation.override(language or project.language):
        if project.hide_school or (project.lead_id and project.lead.hide_school):
            return network_selectors.hidden_school_label(school)
        return f"{school.local_name}, {school.region.local_name}"
