"""Who may see and manage groups and schools (network/selectors.py)."""

import pytest

from network import selectors
from tests.factories import SchoolFactory


@pytest.mark.django_db
def test_group_page_is_for_members_and_its_facilitator_only(client, group, teacher, outsider, facilitator, admin_user):
    url = group.get_absolute_url().replace("/kk/", "/en/")
    for user, status in [(teacher, 200), (facilitator, 200), (admin_user, 200), (outsider, 403)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


@pytest.mark.django_db
def test_invite_link_shown_to_the_facilitator_lets_a_teacher_join(client, group, facilitator, outsider):
    client.force_login(facilitator)
    join_path = f"/groups/join/{group.invite_code}/"
    assert join_path in client.get(f"/en/groups/{group.slug}/").content.decode()
    client.force_login(outsider)
    client.post(f"/en{join_path}")
    assert selectors.is_group_member(user=outsider, group_id=group.pk)
    assert client.get(f"/en/groups/{group.slug}/").status_code == 200


@pytest.mark.django_db
def test_only_facilitators_confirm_proposed_schools(client, teacher, facilitator):
    school = SchoolFactory(is_confirmed=False, name="Sayotes Basic School")
    client.force_login(teacher)
    assert client.get("/en/schools/proposed/").status_code == 403
    client.force_login(facilitator)
    assert "Sayotes Basic School" in client.get("/en/schools/proposed/").content.decode()
    client.post("/en/schools/proposed/", {"school": school.pk})
    school.refresh_from_db()
    assert school.is_confirmed


@pytest.mark.django_db
def test_facilitator_manages_only_their_own_groups(group, facilitator, outsider):
    other_facilitator = outsider.teacher_groups.get().facilitator
    assert selectors.can_manage_group(user=facilitator, group=group)
    assert not selectors.can_manage_group(user=other_facilitator, group=group)
