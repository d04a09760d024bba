"""Search speaks Kazakh and Russian: inflected forms and capitals find each other, forum posts beside pages.

Issue 14, item 4. Runs on SQLite here and on PostgreSQL with DATABASE_URL (CI).
"""

import pytest

from forums import services as forum_services
from tests.cms.conftest import add_page
from tests.factories import UserFactory
from tests.forums.factories import BoardFactory, GroupBoardFactory

KK_FORMS = ["мектеп", "мектептер", "мектепте", "мектептің", "МЕКТЕП", "мектебі", "мектепке", "Мектептерде"]
RU_FORMS = ["учитель", "учителя", "учителей", "УЧИТЕЛЯМ"]


@pytest.fixture
def kk_pages(site):
    home = site["homes"]["kk"]
    return [
        add_page(home, title="Ауыл мектебі", body="<p>Біздің мектепте зертхана жоқ.</p>", slug="auyl-mektebi"),
        add_page(home, title="Шағын жинақ", body="<p>Мектептердің тәжірибесі.</p>", slug="shagyn-zhinaq"),
    ]


@pytest.mark.parametrize("word", KK_FORMS)
def test_every_form_of_mektep_finds_both_kazakh_pages(client, kk_pages, word):
    html = client.get("/kk/search/", {"q": word}).content.decode()
    assert "Ауыл мектебі" in html and "Шағын жинақ" in html, word


@pytest.mark.parametrize("word", RU_FORMS)
def test_every_form_of_uchitel_finds_the_russian_page(client, site, word):
    add_page(site["homes"]["ru"], title="Заметки", body="<p>Опыт сельских учителей.</p>", slug="zametki")
    html = client.get("/ru/search/", {"q": word}).content.decode()
    assert "Заметки" in html, word


@pytest.fixture
def posts(site, teacher, group):
    public = BoardFactory(slug="lamps", title="Шамдар")
    private = GroupBoardFactory(slug="ours", title="Топ", group=group)
    forum_services.create_thread(
        board=public, author=teacher, title="Керосинлампа", body="Біздің мектепте керосинлампа."
    )
    forum_services.create_thread(board=private, author=teacher, title="Жабық", body="Мектептің құпия жоспары.")
    return public, private


@pytest.mark.parametrize("word", ["керосинлампа", "КЕРОСИНЛАМПА", "Керосинлампаны"])
def test_forum_search_ignores_cyrillic_case_and_endings(client, posts, word):
    html = client.get("/kk/forums/search/", {"q": word}).content.decode()
    assert "Керосинлампа</a>" in html, word


def test_site_search_lists_forum_posts_the_reader_may_read(client, kk_pages, posts, teacher):
    anonymous = client.get("/kk/search/", {"q": "мектептер"}).content.decode()
    assert "Ауыл мектебі" in anonymous and "Керосинлампа</a>" in anonymous
    assert "Жабық" not in anonymous  # a group board: members only
    client.force_login(teacher)
    member = client.get("/kk/search/", {"q": "мектептер"}).content.decode()
    assert "Керосинлампа</a>" in member and "Жабық</a>" in member


def test_an_outsider_never_finds_a_private_group_post(client, posts):
    client.force_login(UserFactory())
    html = client.get("/kk/search/", {"q": "мектептің"}).content.decode()
    assert "Жабық" not in html
