"""Teachers' voice: what rural teachers work on, counted by theme, oblast (district), year and stage. Public reads.

Privacy by construction (README "Teachers' voice"):
- only counts leave this module, never a project, a name, a school or an e-mail;
- projects whose lead or a co-leader opted out (`User.share_in_statistics`) are not counted;
- every published figure is a cell of one cube (`VoiceCube`); a cell under `THRESHOLD` projects is withheld
  ("fewer than 3" on the page, absent from the exports), and wherever a total and all but one of its parts
  would be shown, a second part is withheld too (complementary suppression), so no withheld cell can be worked
  out by subtraction. Themes have no "all themes" total: a project with two themes counts under each.

The cube costs a constant number of queries (one aggregate query plus the names), whatever the number of projects.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import product

from django.db.models import Case, Count, Exists, OuterRef, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.models import District, Region
from projects.models import PosterPresentation, ProjectPage, Stage, Theme

THRESHOLD = 3
ALL = "*"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Where a project stands, in the order the page and the exports show it.
STATUSES = ["working", "presented", "published"]
STATUS_LABELS = {
    "working": _("working on it"),
    "presented": _("presented at a network event"),
    "published": _("published as a case study"),
}
NO_DISTRICT = 0


def _location_key(region_id, district_id=None):
    if region_id is None:
        return (ALL,)
    if district_id is None:
        return ("R", region_id)
    return ("D", region_id, district_id)


def count_rows() -> list[dict]:
    """One aggregate query: projects by start year, region, district, theme and status (opted-out excluded).

    A project is counted in the oblast of its school (else of its group); projects with neither are not counted.
    "presented": a poster accepted at a network event; "published": the project reached the published stage.
    """
    presented = Exists(
        PosterPresentation.objects.filter(project=OuterRef("pk"), status=PosterPresentation.Status.ACCEPTED)
    )
    return list(
        ProjectPage.objects.exclude(lead__share_in_statistics=False)
        .exclude(co_leaders__share_in_statistics=False)
        .annotate(
            v_year=ExtractYear("started_at"),
            v_region=Coalesce("school__region_id", "group__region_id"),
            v_district=Coalesce("school__district_id", Value(NO_DISTRICT)),
            v_status=Case(
                When(stage=Stage.PUBLISHED, then=Value("published")),
                When(presented, then=Value("presented")),
                default=Value("working"),
            ),
        )
        .filter(v_region__isnull=False, themes__isnull=False)
        .values("v_year", "v_region", "v_district", "v_status", "themes")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )


@dataclass
class VoiceCube:
    """Counts keyed (year | ALL, location, theme_id, status | ALL); location is (ALL,), ("R", region) or
    ("D", region, district). `withheld` holds the keys that must not be published."""

    counts: dict = field(default_factory=lambda: defaultdict(int))
    withheld: set = field(default_factory=set)
    years: list = field(default_factory=list)
    theme_ids: list = field(default_factory=list)
    districts: dict = field(default_factory=dict)  # region id -> sorted district ids seen

    def value(self, year, location, theme_id, status=ALL) -> int | None:
        """The published figure, or None when withheld."""
        key = (year, location, theme_id, status)
        return None if key in self.withheld else self.counts.get(key, 0)

    def raw(self, year, location, theme_id, status=ALL) -> int:
        """For internal decisions only (e.g. whether a link to public case studies is worth showing)."""
        return self.counts.get((year, location, theme_id, status), 0)

    def published_cells(self):
        """Every non-zero cell that may be published, as (key, count)."""
        for key, n in self.counts.items():
            if n and key not in self.withheld:
                yield key, n

    # -- suppression ------------------------------------------------------------------------------------------

    def _locations(self) -> list:
        out = [(ALL,)]
        for region, districts in self.districts.items():
            out.append(("R", region))
            out += [("D", region, d) for d in districts]
        return out

    def _lines(self):
        """Each (total key, member keys) whose members add up to the total."""
        years = [*self.years, ALL]
        statuses = [*STATUSES, ALL]
        locations = self._locations()
        regions = [("R", r) for r in self.districts]
        for loc, theme, status in product(locations, self.theme_ids, statuses):
            yield (ALL, loc, theme, status), [(y, loc, theme, status) for y in self.years]
        for year, theme, status in product(years, self.theme_ids, statuses):
            yield (year, (ALL,), theme, status), [(year, r, theme, status) for r in regions]
            for region, districts in self.districts.items():
                members = [(year, ("D", region, d), theme, status) for d in districts]
                yield (year, ("R", region), theme, status), members
        for year, loc, theme in product(years, locations, self.theme_ids):
            yield (year, loc, theme, ALL), [(year, loc, theme, s) for s in STATUSES]

    def suppress(self) -> None:
        counts = self.counts
        self.withheld = {key for key, n in counts.items() if 0 < n < THRESHOLD}
        lines = list(self._lines())
        changed = True
        while changed:
            changed = False
            for total, members in lines:
                if total in self.withheld:
                    continue
                hidden = [m for m in members if m in self.withheld]
                if len(hidden) != 1:
                    continue
                candidates = [m for m in members if m not in self.withheld]
                if not candidates:
                    continue
                # The smallest other part (a zero will do): the least information lost.
                self.withheld.add(min(candidates, key=lambda m: (counts.get(m, 0), str(m))))
                changed = True


def build_cube(rows: list[dict] | None = None) -> VoiceCube:
    """The cube of every published figure, suppressed. `rows` defaults to `count_rows()` (one query)."""
    rows = count_rows() if rows is None else rows
    cube = VoiceCube()
    districts: dict = defaultdict(set)
    years, themes = set(), set()
    for row in rows:
        year, region, district, theme, status, n = (
            row["v_year"],
            row["v_region"],
            row["v_district"],
            row["themes"],
            row["v_status"],
            row["n"],
        )
        years.add(year)
        themes.add(theme)
        districts[region].add(district)
        for y, loc, s in product((year, ALL), ((ALL,), ("R", region), ("D", region, district)), (status, ALL)):
            cube.counts[(y, loc, theme, s)] += n
    cube.years = sorted(years)
    cube.theme_ids = sorted(themes)
    cube.districts = {r: sorted(ds) for r, ds in sorted(districts.items())}
    cube.suppress()
    return cube


# --- What the page, the brief and the exports show ----------------------------------------------------------------


def _region_name_field() -> str:
    language = (get_language() or "en")[:2]
    return f"name_{language}" if language in ("kk", "ru") else "name"


def list_themes() -> list[Theme]:
    return list(Theme.objects.all())


def list_regions() -> list[Region]:
    return sorted(Region.objects.all(), key=lambda r: r.local_name)


def data_date() -> date:
    """The figures are live: they describe the database as of today (Asia/Almaty, the network's zone)."""
    return timezone.localdate()


def cell(value: int | None) -> dict:
    """A figure as the templates show it."""
    return {"value": value, "withheld": value is None}


@dataclass
class VoicePage:
    year: int | str
    region: Region | None
    years: list
    regions: list
    themes: list
    columns: list  # [{"label", "key", "slug"}] locations of the matrix (regions, or the region's districts)
    rows: list  # per theme: {"theme", "cells": [...], "total", "statuses": [...], "trend": [...], "link"}
    chart: dict
    data_date: date
    threshold: int = THRESHOLD
    statuses: list = field(default_factory=lambda: [STATUS_LABELS[s] for s in STATUSES])


def voice_page(*, year=ALL, region: Region | None = None, cube: VoiceCube | None = None) -> VoicePage:
    """Everything the public page shows for one year (or ALL) and one oblast (or the whole country)."""
    cube = cube or build_cube()
    themes = list_themes()
    regions = list_regions()
    here = ("R", region.pk) if region else (ALL,)
    if region is None:
        columns = [{"label": r.local_name, "key": ("R", r.pk), "slug": r.slug} for r in regions]
    else:
        names = dict(District.objects.filter(region=region).values_list("pk", "name"))
        columns = [
            {"label": names.get(d, _("district not given")), "key": ("D", region.pk, d), "slug": region.slug}
            for d in cube.districts.get(region.pk, [])
        ]
        columns.sort(key=lambda c: (c["key"][2] == NO_DISTRICT, str(c["label"])))
    rows = []
    for theme in themes:
        total = cube.value(year, here, theme.pk)
        rows.append(
            {
                "theme": theme,
                "cells": [cell(cube.value(year, c["key"], theme.pk)) for c in columns],
                "total": cell(total),
                "statuses": [cell(cube.value(year, here, theme.pk, s)) for s in STATUSES],
                "trend": [cell(cube.value(y, here, theme.pk)) for y in cube.years],
                "has_case_studies": cube.raw(year, here, theme.pk, "published") > 0,
            }
        )
    return VoicePage(
        year=year,
        region=region,
        years=cube.years,
        regions=regions,
        themes=themes,
        columns=columns,
        rows=rows,
        chart=bar_chart(rows),
        data_date=data_date(),
    )


ROW_HEIGHT = 34
CHART_WIDTH = 340


def bar_chart(rows: list[dict]) -> dict:
    """Geometry of a horizontal bar chart (SVG drawn by the template, no JavaScript): one bar per theme, its
    name above it so a 360 px screen shows names whole."""
    top = max([r["total"]["value"] or 0 for r in rows] + [THRESHOLD])
    scale = (CHART_WIDTH - 40) / top
    bars = []
    for i, row in enumerate(rows):
        value = row["total"]["value"]
        width = round((value if value is not None else 0) * scale, 1)
        y = i * ROW_HEIGHT
        bars.append(
            {
                "label_y": y + 12,
                "bar_y": y + 16,
                "text_y": y + 27,
                "width": width,
                "value_x": width + 4,
                "label": row["theme"].local_name,
                "value": value,
            }
        )
    return {"bars": bars, "width": CHART_WIDTH, "height": len(rows) * ROW_HEIGHT + 4}


def export_rows(cube: VoiceCube | None = None) -> list[dict]:
    """Every publishable non-zero figure with stable names (slugs, never names of people or schools).

    Keys: year (int or None = every year), oblast (region slug or None = the whole country), district (district
    name or None = the whole oblast; "" = not given), theme (slug), status (one of STATUSES or None = all), projects.
    """
    cube = cube or build_cube()
    regions = {r.pk: r.slug for r in Region.objects.all()}
    themes = {t.pk: t.slug for t in Theme.objects.all()}
    districts = dict(District.objects.values_list("pk", "name"))
    out = []
    for (year, loc, theme, status), n in cube.published_cells():
        district = None
        if loc[0] == "D":
            district = districts.get(loc[2], "") if loc[2] != NO_DISTRICT else ""
        out.append(
            {
                "year": None if year == ALL else year,
                "oblast": None if loc[0] == ALL else regions.get(loc[1], ""),
                "district": district,
                "theme": themes.get(theme, ""),
                "status": None if status == ALL else status,
                "projects": n,
            }
        )
    out.sort(
        key=lambda r: (
            r["year"] is not None,
            r["year"] or 0,
            r["oblast"] or "",
            r["district"] is not None,
            r["district"] or "",
            r["theme"],
            r["status"] or "",
        )
    )
    return out


# --- The oblast brief ----------------------------------------------------------------------------------------------

QUOTE_LENGTH = 220
TOP_CONCERNS = 5
BRIEF_CASE_STUDIES = 4


def _short(text: str, length: int = QUOTE_LENGTH) -> str:
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def oblast_brief(*, region: Region, language: str, year=ALL, cube: VoiceCube | None = None) -> dict:
    """A one-page summary for an oblast education department: the top concerns (published figures only), and
    what teachers tried, quoted from PUBLISHED case studies of the oblast (live pages; never drafts)."""
    from projects.selectors import list_case_studies

    page = voice_page(year=year, region=region, cube=cube)
    ranked = [r for r in page.rows if r["total"]["value"]]
    ranked.sort(key=lambda r: -r["total"]["value"])
    studies = list(list_case_studies(language=language, region=region)[:BRIEF_CASE_STUDIES])
    tried = [
        {
            "title": s.title,
            "url": s.url,
            "themes": [t.local_name for t in s.themes.all()],
            "quote": _short(s.poster_did or s.summary),
        }
        for s in studies
    ]
    return {"page": page, "top": ranked[:TOP_CONCERNS], "tried": tried, "region": region}
