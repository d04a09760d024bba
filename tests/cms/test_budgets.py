"""Public pages need the same number of queries for 1 item as for many (the byte budgets of every demo page:
tests/demo/test_budgets.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import HomePage
from tests.cms.conftest import add_page
from tests.factories import SchoolFactory, UserFactory


def _home_with(site, *, featured: int, latest: int) -> HomePage:
    home = HomePage.objects.get(pk=site["homes"]["en"].pk)
    pages = [add_page(home, title=f"Featured {home.get_children().count()} {n}") for n in range(featured)]
    body = [
        ("featured_pages", {"heading": "Featured", "pages": pages}),
        ("upcoming_pages", {"heading": "Latest", "parent": home, "limit": latest}),
        ("region_figures", {"heading": "Regions"}),
    ]
    home.body = body
    home.save_revision().publish()
    return home


def test_home_page_queries_do_not_grow_with_items(client, site, django_assert_max_num_queries):
    SchoolFactory()
    _home_with(site, featured=1, latest=1)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/en/").status_code == 200
    _home_with(site, featured=12, latest=12)
    for _ in range(20):
        UserFactory()  # more schools, regions and members in the figures
    with django_assert_max_num_queries(len(one)):
        html = client.get("/en/").content.decode()
    assert html.count('class="card"') == 24


def test_sitemap_queries_do_not_grow_with_pages(client, site, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    for n in range(10):
        add_page(site["homes"]["ru"], title=f"Заметка {n}")
    with django_assert_max_num_queries(len(few)):
        assert client.get("/sitemap.xml").content.count(b"<url>") == 22 + 3  # + teachers' voice in kk/ru/en
