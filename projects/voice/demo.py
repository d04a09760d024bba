"""Demo figures for Teachers' voice (idempotent, cheap): earlier cohorts' projects across the three demo oblasts
and four years, so the page, the exports and the briefs show plausible counts (and a few withheld cells).

They are bare project rows (title, theme, stage, start date) led by the demo teachers: no revisions, files or
case studies, so seeding stays quick. Marked by their slug prefix; a second run adds nothing.
"""

import random
from datetime import UTC, datetime

from projects.models import PosterPresentation, ProjectPage, Stage, Theme

SLUG_PREFIX = "voice-demo-"
# Projects started each year, and how often each theme comes up per oblast (what teachers there raise most).
PER_YEAR = {2023: 22, 2024: 30, 2025: 38, 2026: 34}
WEIGHTS = {
    "almaty": {"practical-work": 6, "parents": 4, "inclusion": 4, "digital-skills": 3, "reading": 2, "mentoring": 2},
    "mangystau": {"unstable-internet": 6, "practical-work": 5, "language": 3, "mentoring": 2, "digital-skills": 2},
    "abai": {"multigrade": 7, "mentoring": 4, "unstable-internet": 3, "reading": 2, "wellbeing": 2, "parents": 1},
}
STAGES = [Stage.CONCERN, Stage.PLAN, Stage.ACTION, Stage.POSTER, Stage.WRITEUP, Stage.PUBLISHED]


def seed(*, index, teachers, events, stdout=None) -> int:
    """Add the demo cohorts under the project `index`, led by `teachers` (with schools), presented at `events`."""
    if ProjectPage.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        return 0
    themes = {t.slug: t for t in Theme.objects.all()}
    by_region: dict = {}
    for teacher in teachers:
        if teacher.school_id:
            by_region.setdefault(teacher.school.region.slug, []).append(teacher)
    rng = random.Random(15)  # the same demo every time
    links, presentations, n = [], [], 0
    for year, count in PER_YEAR.items():
        for _ in range(count):
            region = rng.choice([r for r in WEIGHTS if r in by_region])
            weights = WEIGHTS[region]
            slug = rng.choices(list(weights), weights=list(weights.values()))[0]
            lead = rng.choice(by_region[region])
            # Older projects are further along: most of 2023's are done, most of 2026's just began.
            stage = STAGES[min(len(STAGES) - 1, int(rng.random() * len(STAGES) * (2027 - year) / 3))]
            n += 1
            language = lead.preferred_language  # a teacher names her project in her own language
            theme_name = (getattr(themes[slug], f"name_{language}", "") or themes[slug].name) if slug in themes else ""
            project = ProjectPage(
                title=f"{theme_name} ({year})" if theme_name else f"{n}",
                slug=f"{SLUG_PREFIX}{n}",
                live=False,
                lead=lead,
                owner=lead,
                school=lead.school,
                stage=stage,
                language=language,
                started_at=datetime(year, 1 + (n * 5) % 11, 1 + n % 27, 9, tzinfo=UTC),
            )
            index.add_child(instance=project)
            if slug in themes:
                links.append(ProjectPage.themes.through(projectpage_id=project.pk, theme_id=themes[slug].pk))
            if events and stage in (Stage.POSTER, Stage.WRITEUP, Stage.PUBLISHED) and rng.random() < 0.8:
                presentations.append(
                    PosterPresentation(
                        event=events[n % len(events)],
                        project=project,
                        presenter=lead,
                        status=PosterPresentation.Status.ACCEPTED,
                    )
                )
    ProjectPage.themes.through.objects.bulk_create(links)
    PosterPresentation.objects.bulk_create(presentations)
    if stdout:
        stdout.write(f"projects: {n} earlier projects for the teachers' voice figures")
    return n
