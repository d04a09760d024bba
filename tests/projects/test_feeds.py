"""Case-study feeds per language, each marked with its language and linked from that language's pages; the
unprefixed /feeds/case-studies.xml keeps working (CONTRACT.md) (issue 17, item 11)."""

import pytest

from tests.factories import make_case_study


@pytest.fixture
def stories(site_pages):
    from projects import services

    indexes = services.ensure_case_study_indexes()
    make_case_study(index=indexes["kk"], title="Зертхана қорапта", summary="Ауыл мектебі")
    make_case_study(index=indexes["ru"], title="Лаборатория в коробке", summary="Сельская школа")
    make_case_study(index=indexes["en"], title="A laboratory in a box", summary="A village school")


@pytest.mark.parametrize(
    ("language", "mine", "others"),
    [
        ("kk", "Зертхана қорапта", ["Лаборатория в коробке", "A laboratory in a box"]),
        ("ru", "Лаборатория в коробке", ["Зертхана қорапта", "A laboratory in a box"]),
        ("en", "A laboratory in a box", ["Зертхана қорапта", "Лаборатория в коробке"]),
    ],
)
def test_each_language_has_its_own_feed_marked_with_that_language(client, stories, language, mine, others):
    response = client.get(f"/{language}/feeds/case-studies.xml")
    xml = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    assert f"<language>{language}</language>" in xml
    assert f"<title>{mine}</title>" in xml
    assert all(other not in xml for other in others)
    assert f"/{language}/case-studies/" in xml


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_pages_link_to_the_feed_of_their_language(client, stories, language):
    html = client.get(f"/{language}/case-studies/").content.decode()
    assert f'type="application/rss+xml" href="/{language}/feeds/case-studies.xml"' in html


def test_unprefixed_feed_still_lists_every_language_without_claiming_one(client, stories):
    response = client.get("/feeds/case-studies.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert "Зертхана қорапта" in xml and "Лаборатория в коробке" in xml and "A laboratory in a box" in xml
    assert "<language>" not in xml
