"""The feedback page must not show a private project (a draft page) to members who may not view the project."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.rules import OUTSIDERS


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_do_not_see_a_private_projects_feedback_page(role, world):
    project = world.extra["offered_poster"].project  # offered to an event, not accepted: still private
    client = Client()
    client.force_login(world.users[role])
    response = client.get(reverse("forums:feedback", args=[project.pk]))
    assert response.status_code == 404
    assert project.title not in response.content.decode()


@pytest.mark.parametrize("role", ("teacher", "co_leader", "facilitator", "admin"))
def test_the_projects_people_still_open_its_feedback_page(role, world):
    client = Client()
    client.force_login(world.users[role])
    assert client.get(reverse("forums:feedback", args=[world.extra["project"].pk])).status_code == 200
