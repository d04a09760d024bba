"""The profile page: name, school, preferred language (switching the interface on save), e-mail settings, and
account deletion after offering the portfolio export (issue 17, item 8)."""

from django.conf import settings

from tests.factories import SchoolFactory


def test_old_profile_address_leads_to_the_profile_page(client, teacher):
    client.force_login(teacher)
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and response["Location"].endswith("/my/profile/")


def test_teacher_changes_name_school_and_language_and_the_interface_switches(client, teacher):
    school = SchoolFactory(name="Қарасай мектебі")
    client.force_login(teacher)
    page = client.get("/kk/my/profile/")
    assert page.status_code == 200 and b'name="preferred_language"' in page.content
    response = client.post(
        "/kk/my/profile/", {"display_name": "Айгерім Бекова", "school": school.pk, "preferred_language": "ru"}
    )
    assert response.status_code == 302 and response["Location"] == "/ru/my/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    teacher.refresh_from_db()
    assert (teacher.display_name, teacher.school, teacher.preferred_language) == ("Айгерім Бекова", school, "ru")


def test_profile_form_keeps_what_was_typed_on_an_error(client, teacher):
    client.force_login(teacher)
    response = client.post("/en/my/profile/", {"display_name": "Aigerim B.", "preferred_language": "xx"})
    assert response.status_code == 200 and b'value="Aigerim B."' in response.content


def test_profile_links_to_e_mail_settings_and_account_deletion(client, teacher):
    client.force_login(teacher)
    html = client.get("/en/my/profile/").content.decode()
    assert "/en/forums/settings/" in html and "/en/my/profile/delete/" in html


def test_account_deletion_offers_the_portfolio_first_then_removes_the_account(client, teacher):
    client.force_login(teacher)
    page = client.get("/en/my/profile/delete/").content.decode()
    assert "/en/my/projects/portfolio.zip" in page
    response = client.post("/en/my/profile/delete/", {"confirm": "on"})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert not teacher.is_active and "teacher@example.org" not in teacher.email
    assert teacher.display_name != "Aigerim Bekova"
    assert client.get("/en/my/profile/").status_code == 302  # signed out


def test_account_deletion_needs_the_confirmation(client, teacher):
    client.force_login(teacher)
    client.post("/en/my/profile/delete/", {})
    teacher.refresh_from_db()
    assert teacher.is_active
