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
