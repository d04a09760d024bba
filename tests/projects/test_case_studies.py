"""The public case-study index, its filters and pagination, the feed, translations and search."""

import datetime
import gzip

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import Region
from projects import services
from projects.models import CaseStudyIndexPage, CaseStudyPage
from tests.factories import RegionFactory, make_case_study, make_image


@pytest.fixture
def indexes(site_pages):
    return {p.locale.language_code: p for p in CaseStudyIndexPage.objects.select_related("locale")}


@pytest.fixture
def regions(db):
    return {
        "almaty": RegionFactory(slug="almaty", name="Almaty oblast"),
        "abai": RegionFactory(slug="abai", name="Abai oblast"),
    }


def test_index_lists_published_case_studies_with_a_correct_count(client, indexes, regions, themes):
    make_case_study(index=indexes["en"], title="Lab in a box", region=regions["almaty"], themes=[themes["reading"]])
    make_case_study(index=indexes["en"], title="Draft story", live=False)
    html = client.get("/en/case-studies/").content.decode()
    assert "1 case study<" in html and "Lab in a box" in html and "Draft story" not in html
    make_case_study(index=indexes["en"], title="Reading corner")
    assert "2 case studies<" in client.get("/en/case-studies/").content.decode()


@pytest.mark.parametrize(("count", "label"), [(1, "1 кейс<"), (3, "3 кейса<"), (5, "5 кейсов<")])
def test_russian_count_uses_russian_plurals(client, indexes, count, label):
    for n in range(count):
        make_case_study(index=indexes["ru"], title=f"Кейс {n}")
    assert label in client.get("/ru/case-studies/").content.decode()


def test_filters_narrow_the_list(client, indexes, regions, themes):
    make_case_study(
        index=indexes["en"],
        title="Lab",
        subject="science",
        region=regions["almaty"],
        themes=[themes["practical-work"]],
        date=datetime.date(2025, 3, 1),
    )
    make_case_study(
        index=indexes["en"],
        title="Books",
        subject="english",
        region=regions["abai"],
        themes=[themes["reading"]],
        date=datetime.date(2026, 3, 1),
    )
    make_case_study(
        index=indexes["ru"],
        title="Чтение",
        subject="russian",
        region=regions["abai"],
        themes=[themes["reading"]],
        date=datetime.date(2026, 4, 1),
    )

    def titles(query):
        html = client.get(f"/en/case-studies/?{query}").content.decode()
        return {t for t in ("Lab", "Books", "Чтение") if f">{t}</a>" in html}

    assert titles("") == {"Lab", "Books", "Чтение"}  # untranslated stories appear in the language they were written in
    assert titles("theme=reading") == {"Books", "Чтение"}
    assert titles("region=almaty") == {"Lab"}
    assert titles("subject=english") == {"Books"}
    assert titles("written_in=ru") == {"Чтение"}
    assert titles("year=2025") == {"Lab"}
    assert titles("theme=reading&region=abai&written_in=en") == {"Books"}
    html = client.get("/en/case-studies/?theme=reading").content.decode()
    assert '<option value="reading" selected>' in html  # the form shows the active filter


def test_a_translation_replaces_the_original_in_its_language(client, indexes, teacher, admin_user):
    page = make_case_study(index=indexes["kk"], title="Зертхана қорапта", summary="Қысқаша")
    translated = services.translate_case_study(
        page=page,
        user=admin_user,
        language="en",
        title="A lab in a box",
        summary="Short",
        body="Pupils did experiments.",
    )
    services.approve_case_study(page=translated, user=admin_user)  # public once reviewed
    html = client.get("/en/case-studies/").content.decode()
    assert "A lab in a box" in html and "Зертхана қорапта" not in html
    assert "1 case study<" in html
    translated = client.get("/en/case-studies/a-lab-in-a-box/")
    body = translated.content.decode()
    assert translated.status_code == 200 and "Pupils did experiments." in body
    assert "Available in:" in body and 'hreflang="kk"' in body


def test_pagination_keeps_the_filters(client, indexes, themes):
    for n in range(14):
        make_case_study(index=indexes["en"], title=f"Reading story {n:02d}", themes=[themes["reading"]])
    first = client.get("/en/case-studies/?theme=reading").content.decode()
    assert first.count('class="card case-study"') == 12 and "14 case studies" in first
    assert 'href="?theme=reading&amp;page=2"' in first
    second = client.get("/en/case-studies/?theme=reading&page=2").content.decode()
    assert second.count('class="card case-study"') == 2


def test_index_queries_do_not_grow_with_case_studies(client, indexes, regions, themes, django_assert_max_num_queries):
    make_case_study(
        index=indexes["en"],
        title="Story 0",
        region=regions["almaty"],
        themes=[themes["reading"]],
        poster_image=make_image(),
    )
    client.get("/en/case-studies/")  # warm caches (site root, locales) and make the poster thumbnail
    with CaptureQueriesContext(connection) as one:
        client.get("/en/case-studies/")
    baseline = len(one)  # read now: the query log is a bounded deque
    for n in range(1, 30):
        make_case_study(
            index=indexes["en"],
            title=f"Story {n}",
            region=regions["abai"],
            themes=list(themes.values()),
            poster_image=make_image(),
        )
    for number in (1, 2, 3):
        client.get(f"/en/case-studies/?page={number}")  # thumbnails are made once, on first view
    with django_assert_max_num_queries(baseline) as many:
        html = client.get("/en/case-studies/").content.decode()
    many_count = len(many)
    assert "30 case studies" in html and html.count("<img") == 12
    print(f"case-study index queries: 1 case study={baseline}, 30 case studies={many_count}")


def test_feed_lists_published_case_studies(client, indexes):
    make_case_study(index=indexes["kk"], title="Зертхана", summary="Ауыл мектебі")
    make_case_study(index=indexes["en"], title="Hidden draft", live=False)
    response = client.get("/feeds/case-studies.xml")
    xml = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    assert "<title>Зертхана</title>" in xml and "Hidden draft" not in xml


def test_search_finds_case_studies_by_words_in_each_language(client, indexes):
    make_case_study(index=indexes["kk"], title="Көпжинақты сынып", body="<p>Біріктірілген сыныптағы оқушылар</p>")
    make_case_study(index=indexes["ru"], title="Малокомплектная школа", body="<p>Лаборатория из коробок</p>")
    make_case_study(index=indexes["en"], title="Mentoring", body="<p>A new teacher in a village school</p>")
    for query, title in [
        ("оқушылар", "Көпжинақты сынып"),
        ("Лаборатория", "Малокомплектная школа"),
        ("village", "Mentoring"),
    ]:
        assert [p.title for p in CaseStudyPage.objects.live().public().search(query)] == [title]


def test_case_study_page_is_small_when_compressed(client, indexes, regions):
    page = make_case_study(
        index=indexes["en"],
        title="Lab in a box",
        region=regions["almaty"],
        body="<p>" + "Pupils built a laboratory from boxes. " * 120 + "</p>",
    )
    html = client.get(page.url).content
    size = len(gzip.compress(html))
    print(f"case-study page: {len(html)} bytes HTML, {size} bytes gzipped")
    assert size < 14_000


def test_region_filter_lists_regions_by_local_name(client, indexes, regions):
    Region.objects.filter(slug="abai").update(name_kk="Абай облысы")
    assert "Абай облысы" in client.get("/kk/case-studies/").content.decode()
