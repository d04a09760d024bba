"""The door of a network event: 150 teachers sign in through one venue Wi-Fi (one address) within two minutes.

Production limits (config.settings.base), not the test settings' relaxed ones: every correct sign-in succeeds, a
mistyped password locks only its own account, and a refusal is a translated page in the site's layout.
"""

import pytest
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.test import Client

from config.settings.base import ACCOUNT_RATE_LIMITS as PRODUCTION_LIMITS
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_LIMITS
    cache.clear()
    yield
    cache.clear()


def sign_in(email: str, password: str, *, language: str = "en") -> Client:
    client = Client(REMOTE_ADDR="10.0.0.1")  # the venue's one public address
    client.cookies["ortaq_language"] = language
    client.response = client.post("/accounts/login/", {"login": email, "password": password})
    return client


def test_150_teachers_sign_in_from_one_address_while_some_mistype():
    teachers = UserFactory.create_batch(150)
    for teacher in teachers[:20]:  # a typo on a phone keyboard, then the right password
        assert "_auth_user_id" not in sign_in(teacher.email, "wrong").session
    signed_in = [sign_in(teacher.email, PASSWORD) for teacher in teachers]
    refused = [c.response.status_code for c in signed_in if "_auth_user_id" not in c.session]
    assert refused == []


def test_wrong_passwords_still_lock_the_one_account_out():
    victim, neighbour = UserFactory(), UserFactory()
    for _attempt in range(5):
        sign_in(victim.email, "guess")
    locked = sign_in(victim.email, PASSWORD)
    assert "_auth_user_id" not in locked.session
    assert "Too many failed" in locked.response.content.decode()
    assert "_auth_user_id" in sign_in(neighbour.email, PASSWORD).session


def test_an_abusive_volume_from_one_address_gets_a_translated_page_in_the_site_layout():
    user = UserFactory()
    for _attempt in range(400):
        client = sign_in(user.email, PASSWORD, language="ru")
        if client.response.status_code == 429:
            break
    response = client.response
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="ru">' in html and 'class="site-header"' in html
    assert "Too Many Requests" not in html and "Слишком много попыток" in html


def test_a_password_stored_before_the_argon2id_switch_still_signs_in_and_is_stored_anew(settings):
    """Production hashers (the test settings use a fast one): a PBKDF2 hash from before still opens the door, and
    the member's password is re-stored as Argon2id at OWASP's minimum (network.passwords) while she signs in."""
    from config.settings.base import PASSWORD_HASHERS

    settings.PASSWORD_HASHERS = PASSWORD_HASHERS
    teacher = UserFactory()
    teacher.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    teacher.save(update_fields=["password"])

    assert "_auth_user_id" in sign_in(teacher.email, PASSWORD).session
    teacher.refresh_from_db()
    assert teacher.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert "_auth_user_id" in sign_in(teacher.email, PASSWORD).session
    assert "_auth_user_id" not in sign_in(teacher.email, PASSWORD + "x").session
