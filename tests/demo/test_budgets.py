"""Every public page of the demo stays within the byte budgets and loads nothing from another host (the demo is
seeded once for the package: conftest.py)."""

import pytest

from bench.weight import client_fetcher, measure_site, over_budget

pytestmark = pytest.mark.xdist_group("demo")  # one worker seeds the demo once for all of tests/demo


def test_every_public_page_of_the_demo_is_within_budget_and_local(demo, db, client):
    rows = measure_site(client_fetcher(client), "testserver")
    assert len(rows) >= 12 + 11  # 4 pages x 3 languages, search/offline per language, sign-in, sign-up
    problems = {row["path"]: over_budget(row) for row in rows if over_budget(row)}
    assert problems == {}
    assert all(row["assets_wire"] > 0 for row in rows)  # the stylesheet was found and counted
    assert {row["html_encoding"] for row in rows if row["status"] == 200} == {"gzip"}  # every page compressed
