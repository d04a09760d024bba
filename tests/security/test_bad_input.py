"""Random text, unicode edge cases, huge values and wrong types at forms, views, services and the socket.

No 500, no crash, a clear error, and a rejected form shows again what was typed (passwords excepted).
"""

import asyncio
from urllib.parse import quote

import pytest
from channels.db import database_sync_to_async
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from network import services
from network.models import Notification
from network.streams import JsonStreamConsumer
from tests.factories import FacilitatorFactory, RegionFactory, SchoolFactory, TeacherGroupFactory, UserFactory

EDGE_CASES = [
    "\x00",
    "a\x00b",
    "\u202eevil.exe",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\ufeff",  # byte-order mark
    "\u0301",  # a lone combining accent
    "\U0001f600",
    "Әліпби ғылым",
    "Учитель",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ 7|add:1 }}",
    "%(name)s",
    "9" * 40,
    "-1",
    "1e309",
    "",
    "   ",
]
TEXT = st.one_of(
    st.text(max_size=200),
    st.sampled_from(EDGE_CASES),
    st.lists(st.sampled_from(EDGE_CASES), max_size=5).map("".join),
)
FUZZ = hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def shown_again(html: str, typed: str) -> bool:
    """The re-rendered field carries what was typed (Django renders nothing for an empty value)."""
    return not typed or escape(typed) in html


@pytest.fixture
def region(db):
    SchoolFactory(name="Karaul Secondary School")
    return RegionFactory()


@pytest.fixture
def member(db):
    return UserFactory(email="teacher@example.org")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.mark.django_db
@FUZZ
@given(
    display_name=TEXT,
    email=st.one_of(TEXT, st.emails()),
    password=TEXT,
    region_value=TEXT,
    school=TEXT,
    proposed=TEXT,
    language=st.one_of(TEXT, st.sampled_from(["kk", "ru", "en"])),
)
def test_signup_survives_anything_and_keeps_what_was_typed(
    region, display_name, email, password, region_value, school, proposed, language
):
    data = {
        "display_name": display_name,
        "email": email,
        "password1": password,
        "password2": password,
        "region": region_value,
        "school": school,
        "proposed_school": proposed,
        "preferred_language": language,
    }
    response = Client().post("/accounts/signup/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        html = response.content.decode()
        assert 'aria-invalid="true"' in html or "errorlist" in html
        assert shown_again(html, display_name) and shown_again(html, email) and shown_again(html, proposed)
        assert password not in ("", " ") or 'type="password"' in html


@pytest.mark.django_db
@FUZZ
@given(login=st.one_of(TEXT, st.emails()), password=TEXT)
def test_login_survives_anything_and_keeps_the_login(member, login, password):
    response = Client().post("/accounts/login/", {"login": login, "password": password})
    assert response.status_code == 200
    html = response.content.decode()
    assert shown_again(html, login)


@pytest.mark.django_db
@FUZZ
@given(code=TEXT, post=st.booleans())
def test_group_join_with_any_code_is_a_clean_not_found(code, post):
    client = Client()
    client.force_login(UserFactory())
    url = f"/kk/groups/join/{quote(code, safe='')}/"
    response = client.post(url) if post else client.get(url)
    assert response.status_code in (301, 302, 404) or ("\x00" in code and response.status_code == 400)


@pytest.mark.django_db
@FUZZ
@given(value=st.one_of(TEXT, st.integers().map(str), st.just(["1", "2"])))
def test_school_review_with_any_school_value_is_a_clean_answer(value):
    client = Client()
    client.force_login(FacilitatorFactory())
    response = client.post("/kk/schools/proposed/", {"school": value})
    assert response.status_code in (302, 404)


@pytest.mark.django_db
@FUZZ
@given(text=TEXT, url=TEXT, kind=st.one_of(TEXT, st.just("mention")))
def test_notify_stores_any_text_as_the_member_will_read_it(text, url, kind):
    recipient = UserFactory()
    notification = services.notify(recipient=recipient, kind=kind, text=text * 3, url=url)
    stored = Notification.objects.get(pk=notification.pk)
    assert stored.text == (text * 3).replace("\x00", "")[:300]
    assert len(stored.kind) <= 40 and len(stored.url) <= 500


@pytest.mark.django_db
def test_a_one_megabyte_name_is_refused_with_a_clear_message(region):
    data = {
        "display_name": "Ә" * 500_000,
        "email": "a@example.org",
        "password1": "x",
        "password2": "x",
        "region": region.pk,
        "preferred_language": "kk",
    }
    response = Client().post("/accounts/signup/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.django_db
def test_a_body_over_the_upload_limit_is_a_400_not_a_crash():
    response = Client().post("/accounts/login/", {"login": "x" * (6 * 1024 * 1024), "password": "x"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_invalid_utf8_and_encoded_surrogates_are_handled(region):
    body = b"display_name=%ED%A0%80%FF%FE&email=a%00%40example.org&login=%C3%28&password=%ED%BF%BF"
    for url in ("/accounts/signup/", "/accounts/login/"):
        response = Client().generic("POST", url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200


# --- The socket ----------------------------------------------------------------------------------------------------

FRAME = st.one_of(
    TEXT,
    st.text(alphabet=st.characters(categories=["Cs", "Cc", "Zs", "Lo"]), max_size=50),  # lone surrogates too
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
        max_leaves=10,
    ).map(lambda value: __import__("json").dumps(value)),
    st.fixed_dictionaries({"type": st.one_of(TEXT, st.sampled_from(["ping", "resume", "post.create"]))}).map(
        lambda value: __import__("json").dumps(value)
    ),
)


@pytest.mark.django_db(transaction=True)
@FUZZ
@given(frames=st.lists(FRAME.filter(bool), min_size=1, max_size=6))  # the test client cannot send ""
def test_notification_socket_answers_any_frame_and_stays_usable(frames, monkeypatch):
    from tests.conftest import connect_ws

    monkeypatch.setattr(JsonStreamConsumer, "connect_rate", (10_000, 60))
    user = _socket_user()

    async def scenario():
        ws = await connect_ws(user, "/ws/notifications/")
        assert (await ws.receive_json_from())["type"] == "hello"
        for frame in frames:
            await ws.send_to(text_data=frame)
            answer = await ws.receive_json_from(timeout=3)
            assert answer["type"] in ("error", "pong")
            if answer["type"] == "error":
                assert answer["code"] and answer["message"]
        await ws.send_json_to({"type": "ping"})
        assert await ws.receive_json_from() == {"type": "pong"}
        await ws.disconnect()

    async def run():
        try:
            await scenario()
        finally:  # the consumer's database thread outlives this loop: close its connection (PostgreSQL teardown)
            await database_sync_to_async(connections.close_all)()

    asyncio.run(run())


def _socket_user():
    from network.models import User

    user = User.objects.filter(email="socket@example.org").first()
    return user or UserFactory(email="socket@example.org")


@pytest.mark.django_db
def test_group_page_slug_of_any_shape_is_a_clean_answer():
    client = Client()
    client.force_login(UserFactory())
    TeacherGroupFactory()
    for slug in ["a" * 5000, "..%2F..%2Fetc%2Fpasswd", "\u202e", "-", "_"]:
        assert client.get(f"/kk/groups/{slug}/").status_code in (301, 302, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/kk/groups/join/%00/", "/kk/search/?q=a%00b", "/kk/search/?%00=1", "/%00"])
def test_a_nul_byte_in_the_url_is_a_bad_request(url):
    assert Client().get(url).status_code == 400
