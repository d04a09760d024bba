"""The whole demo (`seed_demo`), seeded once for every module in this package and rolled back after them.

The seed is the slowest fixture of the suite: the admin-language and demo-language tests share this one."""

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with (tmp_path_factory.mktemp("seed") / "seed.log").open("w") as log:
                call_command("seed_demo", stdout=log)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
