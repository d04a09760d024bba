"""Exports a spreadsheet cannot turn into formulas; one-line fields that stay on one line."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from forums.forms import ThreadForm
from network.events import services as event_services
from network.validators import spreadsheet_safe
from projects.forms import ProjectForm, TranslationForm


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx"])
def test_formula_cells_are_neutralised(text):
    assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("Жаратылыстану") == "Жаратылыстану"


@pytest.mark.django_db
def test_the_registrations_export_writes_no_formula(client, make_event, facilitator, teacher):
    event = make_event(organisers=[facilitator])
    event_services.register(event=event, user=teacher, presentation='=HYPERLINK("http://evil.example","Open")')
    client.force_login(facilitator)
    body = client.get(f"/en/events/{event.slug}/registrations.csv").content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","Open")' in cells
    assert not [cell for cell in cells if cell.startswith("=")]


@pytest.mark.parametrize("title", ["Line one\r\nBcc: everyone@example.org", "One\nTwo", "One\u2028Two"])
def test_titles_refuse_line_breaks(title):
    thread = ThreadForm(data={"title": title, "body": "Hello"})
    assert not thread.is_valid() and "title" in thread.errors
    for form in (ProjectForm, TranslationForm):
        with pytest.raises(ValidationError):
            form.base_fields["title"].clean(title)


@pytest.mark.django_db
def test_a_stored_title_with_line_breaks_never_stops_an_e_mail(
    make_event, teacher, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from network.models import EventPage

    settings.EMAIL_BACKEND = "network.mail.OneLineSubjectBackend"  # as in production: every e-mail passes there
    event = make_event()
    EventPage.objects.filter(pk=event.pk).update(title="Poster day\r\nBcc: everyone@example.org")  # stored long ago
    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event=event, user=teacher, presentation="")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.endswith("Poster day Bcc: everyone@example.org")
    assert mailoutbox[0].bcc == []


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["display_name", "proposed_school"])
def test_sign_up_refuses_line_breaks_in_names_and_keeps_the_input(client, field):
    from tests.factories import RegionFactory
    from tests.network.test_accounts import signup_data

    data = signup_data(region=RegionFactory(), proposed_school="Aul school")
    data[field] = "Aul\r\nschool"
    response = client.post("/accounts/signup/", data, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200 and "Please keep this on one line." in html
    assert "Aul" in html and "aigerim@example.org" in html


@pytest.mark.django_db
def test_event_and_case_study_titles_refuse_line_breaks(make_event):
    event = make_event()
    event.title, event.venue = "Poster day\nBcc: x@example.org", "Hall\r\n2"
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert {"title", "venue"} <= set(refused.value.message_dict)
