"""The site structure projects need: the project area, a case-study index per language, the review workflow."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    PageViewRestriction,
    Site,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from projects.models import (
    CaseStudyIndexPage,
    ProjectIndexPage,
)
from projects.review_task import FacilitatorReviewTask

WORKFLOW_NAME = "Facilitator review"
FACILITATORS = "Facilitators"
INDEX_TITLES = {"kk": "Кейс-стадилер", "ru": "Кейсы", "en": "Case studies"}
# --- Site structure ---------------------------------------------------------------------------------------


def _home(language: str) -> Page:
    """The site's home page in `language`: the default Wagtail `Site`'s root page, or its translation."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    locale = Locale.objects.filter(language_code=language).first()
    home = site.root_page.get_translation_or_none(locale) if site and locale else None
    if home is None:
        raise Page.DoesNotExist(f"no home page in {language}; run cms.demo.seed() first")
    return home


@transaction.atomic
def ensure_project_index() -> ProjectIndexPage:
    """The private project area under the Kazakh home page, restricted to signed-in members."""
    index = ProjectIndexPage.objects.first()
    if index is None:
        index = _home("kk").add_child(instance=ProjectIndexPage(title="Projects", slug="projects"))
        index.save_revision().publish()
    PageViewRestriction.objects.get_or_create(page=index, restriction_type=PageViewRestriction.LOGIN)
    return index


@transaction.atomic
def ensure_case_study_indexes() -> dict[str, CaseStudyIndexPage]:
    """`case-studies` under each home page: the Kazakh one is the source, ru and en are its translations."""
    source = CaseStudyIndexPage.objects.filter(locale__language_code="kk").first()
    if source is None:
        source = _home("kk").add_child(
            instance=CaseStudyIndexPage(title=INDEX_TITLES["kk"], slug="case-studies", show_in_menus=True)
        )
        source.save_revision().publish()
    indexes = {"kk": source}
    for code in ("ru", "en"):
        locale, _created = Locale.objects.get_or_create(language_code=code)
        page = source.get_translations().filter(locale=locale).specific().first()
        if page is None:
            page = source.copy_for_translation(locale)
            page.title = INDEX_TITLES[code]
            page.save_revision().publish()
        indexes[code] = page
    return indexes


@transaction.atomic
def ensure_review_workflow() -> Workflow:
    """The "Facilitator review" workflow (one FacilitatorReviewTask) on every case-study index.

    Facilitators hold no page permissions on case studies: the task itself lets the project's own group facilitator
    (and admins) open and decide a case study while it is in review (projects/review_task.py, selectors.can_review_case_
    study). A database made before this had a GroupApprovalTask for the whole Facilitators group plus add/change/
    publish on every index (any facilitator decided and published any group's case study): that task is retired,
    its open reviews move to the new task, and those permissions are removed.
    """
    facilitators, _created = Group.objects.get_or_create(name=FACILITATORS)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = FacilitatorReviewTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = FacilitatorReviewTask.objects.create(name=WORKFLOW_NAME)
    for old in GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow):
        TaskState.objects.filter(task=old).update(task=task)
        WorkflowTask.objects.filter(workflow=workflow, task=old).delete()
        old.active = False
        old.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    indexes = list(ensure_case_study_indexes().values())
    for index in indexes:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    GroupPagePermission.objects.filter(group=facilitators, page__in=indexes).delete()
    return workflow


def ensure_site_structure() -> None:
    ensure_project_index()
    ensure_review_workflow()
