"""What each stage of the cycle asks for, what is still missing, and where "Next step" leads (reads only).

Views ask these so every stage page shows its own prompt, the missing pieces and, once complete, a one-click
move to the next stage (services.set_stage); "Next step" never leads back.
"""

from django.utils.translation import gettext as _

from projects.models import STAGE_ORDER, STAGE_PROMPTS, ProjectPage, Stage
from projects.selectors import is_in_review

# The page where each stage is worked on.
SECTION_URLS = {
    Stage.CONCERN: "projects:edit",
    Stage.PLAN: "projects:plan",
    Stage.CONSULTATION: "projects:consultations",
    Stage.ACTION: "projects:journal",
    Stage.EVIDENCE: "projects:evidence",
    Stage.POSTER: "projects:poster",
    Stage.WRITEUP: "projects:writeup",
}


def prompt(stage: str) -> str:
    return STAGE_PROMPTS[Stage(stage)]


def missing_for(*, project: ProjectPage, stage: str) -> list[str]:
    """What the teacher still has to add before `stage` is complete (empty: complete)."""
    checks = {
        Stage.CONCERN: [(project.concern, _("The concern I want to address"))],
        Stage.PLAN: [(project.plan_what, _("What I will try")), (project.plan_when, _("When"))],
        Stage.CONSULTATION: [(project.consultations.exists(), _("At least one consultation"))],
        Stage.ACTION: [(project.journal_entries.exists(), _("At least one journal entry"))],
        Stage.EVIDENCE: [(project.evidence.exists(), _("At least one piece of evidence"))],
        Stage.POSTER: [(project.has_poster, _("A poster (an upload or the template)"))],
        Stage.WRITEUP: [
            ((project.writeup or "").strip(), _("The write-up")),
            (project.consent_publish, _("Tick consent to publish")),
        ],
    }
    return [label for done, label in checks.get(Stage(stage), []) if not done]


def next_stage(stage: str) -> str | None:
    """The stage after `stage` that a teacher moves to herself (publishing is the facilitator's)."""
    index = STAGE_ORDER.index(stage) + 1
    following = STAGE_ORDER[index] if index < len(STAGE_ORDER) else None
    return None if following in (None, Stage.PUBLISHED) else following


def advance_offer(*, project: ProjectPage, stage: str) -> dict | None:
    """The one-click move offered on a complete stage that is the project's current one: {"stage", "label"}."""
    following = next_stage(stage)
    if project.stage != stage or following is None or missing_for(project=project, stage=stage):
        return None
    return {"stage": following, "label": Stage(following).label}


def submit_blockers(*, project: ProjectPage) -> list[str]:
    """Why "Submit for review" is disabled right now (empty: it may be pressed)."""
    if project.stage == Stage.PUBLISHED:
        return [_("Already published.")]
    if is_in_review(project=project):
        return [_("Submitted: waiting for the facilitator's review.")]
    return missing_for(project=project, stage=Stage.WRITEUP)
