"""Per-address limits count the address the trusted proxies saw, never what the client wrote in X-Forwarded-For."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from network.clientip import client_ip, scope_client_ip


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.9"),
        (0, "6.6.6.6", "10.0.0.9"),  # no proxy: the header is the client's own invention
        (1, "2.2.2.2", "2.2.2.2"),
        (1, "6.6.6.6, 2.2.2.2", "2.2.2.2"),  # the client wrote 6.6.6.6; the proxy appended 2.2.2.2
        (2, "6.6.6.6, 3.3.3.3, 2.2.2.2", "3.3.3.3"),
        (2, "3.3.3.3", "3.3.3.3"),  # fewer entries than proxies: the leftmost the chain holds
        (1, "", "10.0.0.9"),
    ],
)
def test_the_client_is_the_rightmost_address_no_trusted_proxy_added(settings, proxies, forwarded, expected):
    settings.ORTAQ_TRUSTED_PROXIES = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", **headers)) == expected
    scope = {"client": ["10.0.0.9", 5000], "headers": [(b"x-forwarded-for", forwarded.encode())] if forwarded else []}
    assert scope_client_ip(scope) == expected


LOCKED = "Too many failed login attempts"


def _fail_sign_in(client, attempt: int, forwarded: str) -> str:
    response = client.post(
        "/accounts/login/",
        {"login": f"someone{attempt}@example.org", "password": "wrong-password"},
        HTTP_X_FORWARDED_FOR=forwarded,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    return response.content.decode()


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_fresh_forwarded_header_per_attempt_does_not_escape_the_sign_in_lockout(client, db, settings, proxies):
    settings.ORTAQ_TRUSTED_PROXIES = proxies
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    pages = [
        _fail_sign_in(client, attempt, f"203.0.113.{attempt}, 198.51.100.7" if proxies else f"203.0.113.{attempt}")
        for attempt in range(5)
    ]
    assert LOCKED not in pages[0] and LOCKED in pages[-1]


def test_behind_a_proxy_each_client_has_its_own_limit(client, db, settings):
    """Behind one trusted proxy every request comes from the proxy: counting the peer would lock the whole school."""
    settings.ORTAQ_TRUSTED_PROXIES = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    for attempt in range(4):
        _fail_sign_in(client, attempt, "198.51.100.7")
    assert LOCKED in _fail_sign_in(client, 9, "198.51.100.7")
    assert LOCKED not in _fail_sign_in(client, 10, "198.51.100.8")
