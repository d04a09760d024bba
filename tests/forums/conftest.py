"""Forum fixtures: a public board, the test group's private board, a thread with a first post."""

import pytest
from django.core.cache import cache
from django.utils import translation

from forums import services
from tests.factories import FacilitatorFactory, MembershipFactory, TeacherGroupFactory, UserFactory
from tests.forums.factories import BoardFactory, GroupBoardFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # rate-limit counters must not leak between tests
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    """Assertions read English text: URLs built in tests get the /en/ prefix."""
    with translation.override("en"):
        yield


@pytest.fixture
def board(db):
    return BoardFactory(slug="multigrade", title="Multigrade classes")


@pytest.fixture
def group_board(group):
    return GroupBoardFactory(slug="group-board", title="Our group", group=group)


@pytest.fixture
def thread(board, teacher):
    return services.create_thread(board=board, author=teacher, title="Lab work without a laboratory", body="How?")


@pytest.fixture
def group_thread(group_board, teacher):
    return services.create_thread(board=group_board, author=teacher, title="Private plans", body="Just us.")


@pytest.fixture
def other_facilitator(db):
    return FacilitatorFactory(display_name="Serik Zhaksylykov")


@pytest.fixture
def other_group_teacher(other_facilitator):
    user = UserFactory(display_name="Nurlan Dosov")
    MembershipFactory(user=user, group=TeacherGroupFactory(facilitator=other_facilitator))
    return user
