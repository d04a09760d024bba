"""Undo and correct: confirm before deleting evidence, edit/delete consultations and journal entries, withdraw a
submission, delete a project, see the revision history (issue 17, item 8)."""

import datetime as dt

from django.urls import reverse

from projects import selectors, services
from projects.models import Consultation, Evidence, JournalEntry, ProjectPage
from tests.projects.conftest import ready_to_submit


def test_removing_evidence_asks_for_confirmation_first(client, project, teacher):
    evidence = services.add_evidence(
        project=project, user=teacher, kind="quote", description="“I like experiments”", consent=True, upload=None
    )
    client.force_login(teacher)
    url = reverse("projects:evidence_delete", args=[project.pk, evidence.pk])
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f'href="{url}"' in detail  # a link to the confirmation, not a one-tap delete
    page = client.get(url)
    assert page.status_code == 200 and "“I like experiments”" in page.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    client.post(url)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_teacher_edits_and_deletes_a_consultation(client, project, teacher):
    item = services.add_consultation(
        project=project, user=teacher, role="head", who="Head", said="Try it", date=dt.date(2026, 3, 1)
    )
    client.force_login(teacher)
    client.post(
        reverse("projects:consultation_edit", args=[project.pk, item.pk]),
        {"role": "head", "who": "Head teacher", "said": "Try it in May", "date": "2026-03-02"},
    )
    item.refresh_from_db()
    assert item.said == "Try it in May"
    assert client.get(reverse("projects:consultation_delete", args=[project.pk, item.pk])).status_code == 200
    client.post(reverse("projects:consultation_delete", args=[project.pk, item.pk]))
    assert not Consultation.objects.filter(pk=item.pk).exists()


def test_teacher_edits_and_deletes_a_journal_entry(client, project, teacher):
    entry = services.add_journal_entry(project=project, user=teacher, date=dt.date(2026, 3, 1), text="Day 1")
    client.force_login(teacher)
    client.post(
        reverse("projects:journal_edit", args=[project.pk, entry.pk]), {"date": "2026-03-01", "text": "Day one"}
    )
    entry.refresh_from_db()
    assert entry.text == "Day one"
    client.post(reverse("projects:journal_delete", args=[project.pk, entry.pk]))
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()


def test_teacher_withdraws_a_submission(client, project, teacher):
    ready_to_submit(project, teacher)
    services.submit_project(project=project, user=teacher)
    client.force_login(teacher)
    client.post(reverse("projects:withdraw", args=[project.pk]))
    assert not selectors.is_in_review(project=selectors.get_project(pk=project.pk))


def test_lead_deletes_her_project_after_confirming(client, project, teacher, co_leader):
    client.force_login(co_leader)
    assert client.post(reverse("projects:delete", args=[project.pk]), {"confirm": "on"}).status_code == 403
    client.force_login(teacher)
    assert client.get(reverse("projects:delete", args=[project.pk])).status_code == 200
    client.post(reverse("projects:delete", args=[project.pk]), {})
    assert ProjectPage.objects.filter(pk=project.pk).exists()  # not without the confirmation
    client.post(reverse("projects:delete", args=[project.pk]), {"confirm": "on"})
    assert not ProjectPage.objects.filter(pk=project.pk).exists()


def test_teacher_sees_her_revision_history(client, project, teacher):
    services.update_project(project=project, user=teacher, plan_what="Boxes")
    client.force_login(teacher)
    html = client.get(reverse("projects:history", args=[project.pk])).content.decode()
    assert html.count('class="revision"') >= 2 and str(teacher) in html
