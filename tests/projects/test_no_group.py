"""Nobody stranded: a teacher without a group asks to join one of her region, her submission reaches her region's
facilitators, and proposed schools reach them too, with the outcome told to the teacher (issue 17, item 5)."""

from django.urls import reverse

from network import services as network_services
from network.models import Membership, School
from projects import selectors, services
from tests.factories import FacilitatorFactory, RegionFactory, TeacherGroupFactory, UserFactory
from tests.projects.conftest import ready_to_submit


def _region_group(region):
    return TeacherGroupFactory(region=region, facilitator=FacilitatorFactory(display_name="Region Facilitator"))


def test_teacher_without_group_is_shown_groups_of_her_region_and_asks_to_join(client, site_pages):
    loner = UserFactory(display_name="Asel Loner")
    group = _region_group(loner.school.region)
    client.force_login(loner)
    html = client.get(reverse("projects:dashboard")).content.decode()
    assert group.name in html and reverse("network:group_join_request", args=[group.slug]) in html
    client.post(reverse("network:group_join_request", args=[group.slug]))
    assert group.facilitator.notifications.filter(kind="network.join_request").exists()
    client.force_login(group.facilitator)
    page = client.get(reverse("network:group_detail", args=[group.slug])).content.decode()
    assert "Asel Loner" in page
    request_id = group.join_requests.get().pk
    client.post(reverse("network:group_join_decide", args=[request_id]), {"decision": "accept"})
    assert Membership.objects.filter(group=group, user=loner).exists()
    assert loner.notifications.filter(kind="network.join_accepted").exists()


def test_submission_without_group_goes_to_the_regions_facilitators(client, site_pages):
    loner = UserFactory()
    group = _region_group(loner.school.region)
    project = services.create_project(user=loner, title="Alone in the steppe", subject="science", language="en")
    ready_to_submit(project, loner)
    services.submit_project(project=project, user=loner)
    project = selectors.get_project(pk=project.pk)
    facilitator = group.facilitator
    assert facilitator.notifications.filter(kind="project.submitted").exists()
    assert project in selectors.list_review_queue(user=facilitator)
    client.force_login(facilitator)
    assert client.get(reverse("projects:review", args=[project.pk])).status_code == 200


def test_proposed_school_notifies_the_regions_facilitators_and_the_teacher_hears_the_outcome(client, db):
    newcomer = UserFactory(school=None)
    region = RegionFactory()
    group = _region_group(region)
    network_services.complete_signup(
        user=newcomer,
        display_name="New Teacher",
        preferred_language="kk",
        region=region,
        proposed_school_name="Жаңа ауыл мектебі",
    )
    notification = group.facilitator.notifications.get(kind="network.school_proposed")
    assert notification.url == reverse("network:school_review")
    school = School.objects.get(name="Жаңа ауыл мектебі")
    network_services.confirm_school(school=school, by=group.facilitator)
    assert newcomer.notifications.filter(kind="network.school_confirmed").exists()
