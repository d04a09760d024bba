"""Wagtail's own password forms lock out like allauth's sign-in does."""

import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.mark.parametrize("path", ["/admin/login/", "/kk/_util/login/"])
@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_wagtail_login_forms(client, path):
    user = UserFactory(email="teacher@example.org", is_staff=True)
    for _attempt in range(5):
        assert client.post(path, {"username": user.email, "password": "wrong"}).status_code == 200
    response = client.post(path, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_right_password_still_signs_in_before_the_limit(client):
    user = UserFactory(email="teacher@example.org", is_staff=True)
    client.post("/admin/login/", {"username": user.email, "password": "wrong"})
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302 and client.session.get("_auth_user_id")
