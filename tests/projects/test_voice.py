"""Teachers' voice: public counts by theme and oblast, open data, oblast briefs, and the privacy rules.

Privacy rules, one test each: only counts (`test_exports_hold_no_names_schools_or_emails`), small cells withheld
(`test_a_cell_under_three_is_shown_as_fewer_than_three_and_left_out_of_the_exports`), no withheld cell can be
worked out from a total (`test_a_withheld_cell_cannot_be_worked_out_from_its_total`), opted-out teachers are not
counted (`test_projects_of_teachers_who_opted_out_are_not_counted`), briefs quote published case studies only
(`test_the_brief_quotes_published_case_studies_only`).
"""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.models import CaseStudyIndexPage, PosterPresentation, ProjectPage, Stage, Theme
from projects.voice import demo as voice_demo
from projects.voice import selectors
from tests.factories import DistrictFactory, RegionFactory, SchoolFactory, UserFactory, make_case_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(db):
    almaty = RegionFactory(slug="almaty", name="Almaty oblast", name_kk="Алматы облысы", name_ru="Алматинская область")
    abai = RegionFactory(slug="abai", name="Abai oblast", name_kk="Абай облысы", name_ru="Абайская область")
    karasay = DistrictFactory(region=almaty, name="Karasay district")
    talgar = DistrictFactory(region=almaty, name="Talgar district")
    return {
        "almaty": almaty,
        "abai": abai,
        "karasay": SchoolFactory(region=almaty, district=karasay, name="Karasay Village School"),
        "talgar": SchoolFactory(region=almaty, district=talgar, name="Talgar Village School"),
        "abai_school": SchoolFactory(region=abai, name="Semey Rural School"),
    }


@pytest.fixture
def lab(themes):
    return themes["practical-work"]


def make_projects(site_pages, school, theme, count, *, year=2025, stage=Stage.ACTION, lead=None, presented=None):
    """`count` bare projects at `school` (each its own teacher unless `lead`), like the demo cohorts."""
    index = services.ensure_project_index()
    made = []
    for n in range(count):
        teacher = lead or UserFactory(school=school, display_name=f"Aigerim Bekova {school.pk}-{n}")
        project = ProjectPage(
            title=f"{theme.slug} {n}",
            slug=f"t-{school.pk}-{theme.pk}-{year}-{stage}-{n}-{ProjectPage.objects.count()}",
            live=False,
            lead=teacher,
            owner=teacher,
            school=school,
            stage=stage,
            started_at=datetime(year, 3, 1, tzinfo=UTC),
        )
        index.add_child(instance=project)
        project.themes.set([theme])
        project.save()  # a ParentalManyToManyField is written on save
        if presented is not None:
            PosterPresentation.objects.create(
                event=presented, project=project, presenter=teacher, status=PosterPresentation.Status.ACCEPTED
            )
        made.append(project)
    return made


def csv_rows(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    text = content.decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def matrix_text(html: str) -> str:
    start = html.index('id="voice-matrix"')
    return html[start : html.index("</table>", start)]


def test_the_page_counts_projects_by_theme_and_oblast_and_links_to_case_studies(client, site_pages, places, lab):
    make_projects(site_pages, places["karasay"], lab, 3)
    make_projects(site_pages, places["abai_school"], lab, 4, stage=Stage.PUBLISHED)
    response = client.get("/en/teachers-voice/")
    assert response.status_code == 200
    html = response.content.decode()
    row = matrix_text(html).split("No laboratory" if "No laboratory" in html else lab.local_name)[1].split("</tr>")[0]
    assert [c.split("</td>")[0] for c in row.split("<td>")[1:]] == ["4", "3", "7"]  # Abai, Almaty, all oblasts
    assert "/en/case-studies/?theme=practical-work" in html  # published ones behind the row
    assert "<svg" in html and 'role="img"' in html and "<table" in html


def test_a_region_shows_its_districts_and_the_year_filter_narrows(client, site_pages, places, lab):
    make_projects(site_pages, places["karasay"], lab, 3, year=2024)
    make_projects(site_pages, places["talgar"], lab, 4, year=2025)
    html = client.get("/en/teachers-voice/?region=almaty").content.decode()
    assert "Karasay district" in html and "Talgar district" in html
    assert "7</td>" in matrix_text(html)
    narrowed = matrix_text(client.get("/en/teachers-voice/?region=almaty&year=2025").content.decode())
    assert "4</td>" in narrowed and "7</td>" not in narrowed


def test_a_cell_under_three_is_shown_as_fewer_than_three_and_left_out_of_the_exports(client, site_pages, places, lab):
    make_projects(site_pages, places["karasay"], lab, 2)
    html = client.get("/en/teachers-voice/").content.decode()
    assert "fewer than 3" in matrix_text(html)
    rows = csv_rows(client.get("/en/teachers-voice/data.csv").content)
    assert rows == []  # 2 projects: nothing anyone could single a teacher out by
    cells = json.loads(client.get("/en/teachers-voice/data.json").content)["cells"]
    assert cells == []


def test_a_withheld_cell_cannot_be_worked_out_from_its_total(site_pages, places, lab):
    make_projects(site_pages, places["karasay"], lab, 5)  # Almaty: 5
    make_projects(site_pages, places["abai_school"], lab, 1)  # Abai: 1, withheld; the total is 6
    cube = selectors.build_cube()
    almaty, abai = ("R", places["almaty"].pk), ("R", places["abai"].pk)
    total = cube.value(selectors.ALL, (selectors.ALL,), lab.pk)
    assert cube.value(selectors.ALL, abai, lab.pk) is None
    # 6 - 5 would give Abai's single teacher away: Almaty's 5 is withheld too (or the total is).
    assert total is None or cube.value(selectors.ALL, almaty, lab.pk) is None
    for key, _n in cube.published_cells():
        assert key not in cube.withheld
    # And in every line (a total and its parts) never exactly one part is withheld under a shown total.
    for total_key, members in cube._lines():
        if total_key not in cube.withheld:
            assert sum(m in cube.withheld for m in members) != 1


def test_projects_of_teachers_who_opted_out_are_not_counted(client, site_pages, places, lab):
    projects = make_projects(site_pages, places["karasay"], lab, 4)
    assert "4</td>" in matrix_text(client.get("/en/teachers-voice/").content.decode())
    projects[0].lead.share_in_statistics = False
    projects[0].lead.save()
    opted_out_co_leader = UserFactory(share_in_statistics=False)
    projects[1].co_leaders.add(opted_out_co_leader)
    projects[1].save()
    html = client.get("/en/teachers-voice/").content.decode()
    assert "4</td>" not in matrix_text(html) and "fewer than 3" in matrix_text(html)
    assert csv_rows(client.get("/en/teachers-voice/data.csv").content) == []


def test_a_member_opts_out_from_the_page(client, site_pages, places, lab):
    teacher = UserFactory(school=places["karasay"])
    client.force_login(teacher)
    assert "Do not count my projects" in client.get("/en/teachers-voice/").content.decode()
    response = client.post("/en/my/statistics/", {"share": "off"})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.share_in_statistics is False
    assert "Count my projects again" in client.get("/en/teachers-voice/").content.decode()


def test_exports_hold_no_names_schools_or_emails(client, site_pages, places, lab):
    projects = make_projects(site_pages, places["karasay"], lab, 3) + make_projects(
        site_pages, places["talgar"], lab, 3
    )
    exports = [client.get(f"/en/teachers-voice/data.{ext}").content.decode("utf-8-sig") for ext in ("csv", "json")]
    assert "karasay district" in exports[0].lower()  # districts are places, not people
    for text in exports:
        for project in projects:
            assert project.lead.display_name not in text
            assert project.lead.email not in text
            assert project.title not in text
        for school in ("Karasay Village School", "Talgar Village School"):
            assert school not in text
        assert "@" not in text


def test_csv_and_json_parse_and_agree_with_the_page(client, site_pages, places, lab, themes):
    make_projects(site_pages, places["karasay"], lab, 3, year=2024)
    make_projects(site_pages, places["abai_school"], lab, 4, year=2025, stage=Stage.PUBLISHED)
    make_projects(site_pages, places["abai_school"], themes["reading"], 3, year=2025)
    response = client.get("/en/teachers-voice/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="ortaq-teachers-voice-')
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "year,oblast,district,theme,status,projects"
    assert "CC BY 4.0" in text and "# data_date: " in text
    rows = csv_rows(response.content)
    figures = {(r["year"], r["oblast"], r["district"], r["theme"], r["status"]): int(r["projects"]) for r in rows}
    assert figures[("all", "all", "all", "practical-work", "all")] == 7
    assert figures[("all", "abai", "all", "practical-work", "published")] == 4
    assert figures[("2024", "almaty", "all", "practical-work", "all")] == 3

    response = client.get("/en/teachers-voice/data.json")
    assert response["Content-Disposition"].endswith('.json"')
    document = json.loads(response.content)
    assert document["licence"]["name"] == "CC BY 4.0" and document["threshold"] == 3
    assert set(document) >= {"schema", "data_date", "licence", "threshold", "statuses", "themes", "oblasts", "cells"}
    for cell in document["cells"]:
        assert set(cell) == {"year", "oblast", "district", "theme", "status", "projects"}
        assert isinstance(cell["projects"], int) and cell["projects"] >= 3
    as_json = {
        (c["year"], c["oblast"], c["district"], c["theme"], c["status"]): c["projects"] for c in document["cells"]
    }
    assert as_json[(None, None, None, "practical-work", None)] == 7
    assert as_json[(2025, "abai", None, "reading", None)] == 3
    assert len(as_json) == len(figures)
    html = client.get("/en/teachers-voice/").content.decode()
    assert "7</td>" in matrix_text(html)


def test_page_and_exports_cost_the_same_queries_for_few_and_many_projects(
    client, site_pages, places, lab, themes, django_assert_max_num_queries
):
    make_projects(site_pages, places["karasay"], lab, 3)
    counts = {}
    for path in ("/en/teachers-voice/", "/en/teachers-voice/?region=almaty", "/en/teachers-voice/data.csv"):
        with CaptureQueriesContext(connection) as few:
            assert client.get(path).status_code == 200
        counts[path] = len(few)
    for theme in themes.values():
        make_projects(site_pages, places["talgar"], theme, 6, year=2024)
        make_projects(site_pages, places["abai_school"], theme, 5, year=2026, stage=Stage.PUBLISHED)
    for path, few in counts.items():
        with django_assert_max_num_queries(few):
            assert client.get(path).status_code == 200


def test_the_page_is_public_in_three_languages_cached_linked_and_in_the_sitemap(client, site_pages, places, lab):
    make_projects(site_pages, places["karasay"], lab, 3)
    for code, heading in [("kk", "Мұғалімдер үні"), ("ru", "Голос учителей"), ("en", "Teachers' voice")]:
        response = client.get(f"/{code}/teachers-voice/")
        assert response.status_code == 200
        html = response.content.decode()
        assert heading in html.replace("&#x27;", "'")
        assert "public" in response["Cache-Control"]
        home = client.get(f"/{code}/").content.decode()
        assert f'href="/{code}/teachers-voice/"' in home
    sitemap = client.get("/sitemap.xml").content.decode()
    for code in ("kk", "ru", "en"):
        assert f"http://testserver/{code}/teachers-voice/</loc>" in sitemap


def test_the_brief_quotes_published_case_studies_only(client, site_pages, places, lab):
    make_projects(site_pages, places["karasay"], lab, 4)
    index = CaseStudyIndexPage.objects.get(locale__language_code="en")
    make_case_study(
        index=index, title="Lab in a box", region=places["almaty"], summary="We built a lab from shoe boxes."
    )
    make_case_study(index=index, title="Draft secret", live=False, region=places["almaty"], summary="Not yet reviewed.")
    html = client.get("/en/teachers-voice/almaty/brief/").content.decode()
    assert "Lab in a box" in html and "We built a lab from shoe boxes." in html
    assert "Draft secret" not in html and "Not yet reviewed" not in html
    assert "Top concerns" in html and "4</td>" in html
    pdf = client.get("/en/teachers-voice/almaty/brief.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="ortaq-teachers-voice-almaty-' in pdf["Content-Disposition"]
    assert client.get("/kk/teachers-voice/almaty/brief.pdf").content.startswith(b"%PDF")


def test_every_project_has_a_theme(site_pages, teacher):
    project = services.create_project(user=teacher, title="No theme chosen", subject="other", language="kk")
    assert [t.slug for t in project.themes.all()] == [Theme.OTHER_SLUG]
    project = services.update_project(project=project, user=teacher, themes=[])
    assert [t.slug for t in project.themes.all()] == [Theme.OTHER_SLUG]


def test_the_policy_themes_are_there_in_three_languages(db):
    slugs = set(Theme.objects.values_list("slug", flat=True))
    assert {"practical-work", "multigrade", "mentoring", "unstable-internet", "parents", "inclusion"} <= slugs
    assert not Theme.objects.filter(name_kk="").exists() and not Theme.objects.filter(name_ru="").exists()


def test_demo_cohorts_give_plausible_figures_once(site_pages, places):
    teachers = [UserFactory(school=places[s]) for s in ("karasay", "talgar", "abai_school") for _ in range(3)]
    index = services.ensure_project_index()
    made = voice_demo.seed(index=index, teachers=teachers, events=[])
    assert made > 100
    assert voice_demo.seed(index=index, teachers=teachers, events=[]) == 0  # idempotent
    cube = selectors.build_cube()
    assert len(cube.years) >= 3
    shown = [n for key, n in cube.published_cells() if key[1][0] == "R" and key[0] == selectors.ALL]
    assert len(shown) >= 6 and max(shown) >= 10
