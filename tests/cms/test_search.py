"""Search: finds pages by a Kazakh, Russian or English word, highlights it, counts and pages results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.conftest import add_page

pytestmark = pytest.mark.backend  # locking, caching, search or sockets differ per backend


@pytest.mark.parametrize(
    ("code", "word", "title"),
    [
        ("kk", "зертхана", "Мұғалім көшбасшылығының циклі қалай жүреді"),
        ("ru", "лаборатории", "Как устроен цикл учительского лидерства"),
        ("en", "laboratory", "How the teacher-leadership cycle works"),
    ],
)
def test_search_finds_a_page_by_a_word_in_its_language_and_highlights_it(client, site, code, word, title):
    html = client.get(f"/{code}/search/", {"q": word}).content.decode()
    assert title in html
    assert f"<mark>{word}" in html.lower()


def test_search_shows_only_pages_of_the_current_language(client, site):
    html = client.get("/en/search/", {"q": "laboratory"}).content.decode()
    assert 'href="/en/cycle/"' in html
    assert 'href="/kk/cycle/"' not in html and 'href="/ru/cycle/"' not in html


def test_search_never_shows_draft_pages(client, site):
    add_page(site["homes"]["en"], title="Secret draft about yurts", body="<p>yurts</p>", live=False)
    html = client.get("/en/search/", {"q": "yurts"}).content.decode()
    assert "Secret draft" not in html
    assert "0 pages found" in html


def test_search_escapes_page_text_in_excerpts(client, site):
    add_page(
        site["homes"]["en"], title="Markup", body="<p>Use &lt;script&gt;alert(1)&lt;/script&gt; with chalkboards</p>"
    )
    html = client.get("/en/search/", {"q": "chalkboards"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html and "<mark>chalkboards</mark>" in html


def test_search_says_how_many_pages_with_correct_russian_plurals(client, site):
    home = site["homes"]["ru"]
    html = client.get("/ru/search/", {"q": "лаборатории"}).content.decode()
    assert "Найдены 2 страницы" in html
    for n in range(3):
        add_page(home, title=f"Юрта {n}", body="<p>юрта</p>")
    html = client.get("/ru/search/", {"q": "юрта"}).content.decode()
    assert "Найдены 3 страницы" in html
    for n in range(3, 5):
        add_page(home, title=f"Юрта {n}", body="<p>юрта</p>")
    assert "Найдено 5 страниц" in client.get("/ru/search/", {"q": "юрта"}).content.decode()


def test_search_pages_results_ten_at_a_time(client, site):
    for n in range(12):
        add_page(site["homes"]["en"], title=f"Multigrade note {n}", body="<p>multigrade</p>")
    first = client.get("/en/search/", {"q": "multigrade note"}).content.decode()
    assert first.count('<li><h2><a href="/en/multigrade-note') == 10
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/en/search/", {"q": "multigrade note", "page": 2}).content.decode()
    assert second.count('<li><h2><a href="/en/multigrade-note') == 2


@pytest.mark.parametrize(
    ("q", "message"),
    [("", "Type a word"), ("!!! ???", "at least one word"), ("x" * 300, "too long to search for")],
)
def test_an_empty_or_absurd_query_gets_a_clear_message(client, site, q, message):
    response = client.get("/en/search/", {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_search_queries_do_not_grow_with_results(client, site, django_assert_max_num_queries):
    home = site["homes"]["en"]
    add_page(home, title="Parents evening 0", body="<p>parents evening</p>")
    with CaptureQueriesContext(connection) as one:
        client.get("/en/search/", {"q": "evening"})
    for n in range(1, 10):
        add_page(home, title=f"Parents evening {n}", body="<p>parents evening</p>")
    with django_assert_max_num_queries(len(one)):
        assert "10 pages found" in client.get("/en/search/", {"q": "evening"}).content.decode()
