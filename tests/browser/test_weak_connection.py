"""Weak connections lose nothing (issue 17, item 9): the size limit is checked before sending, a progress bar
says "offline — will resume" and the upload resumes when the connection is back, the typed description is kept
on the device until the server has it; without JavaScript a plain upload works."""

import re

import pytest
from django.conf import settings

from projects import services
from projects.models import Evidence
from tests.browser.test_project_cycle import _sign_in, _site
from tests.projects.conftest import image_bytes

pytestmark = pytest.mark.browser


def _project(teacher, group):
    _site()
    return services.create_project(user=teacher, title="Зертхана", subject="science", language="kk", group=group)


def test_too_large_file_is_refused_before_anything_is_sent(browser, live_server_url, page, teacher, group):
    project = _project(teacher, group)
    _sign_in(page, teacher.email)
    page.goto(f"/kk/my/projects/{project.pk}/evidence/")
    sent = []
    page.on("request", lambda request: sent.append(request.method) if request.method in ("POST", "PATCH") else None)
    big = b"\xff" * (settings.ORTAQ_UPLOAD_MAX_BYTES + 1)
    page.set_input_files("#id_file", files=[{"name": "huge.jpg", "mimeType": "image/jpeg", "buffer": big}])
    page.fill("#id_description", "Үлкен сурет")
    page.locator("main form.stack button").last.click()
    page.wait_for_timeout(500)
    assert sent == []
    limit_mb = str(settings.ORTAQ_UPLOAD_MAX_BYTES // (1024 * 1024))
    assert limit_mb in page.locator(".upload-progress").inner_text()  # "… 15 МБ-тан үлкен …": said at once


def test_upload_waits_offline_then_resumes_and_keeps_the_description(browser, live_server_url, page, teacher, group):
    project = _project(teacher, group)
    _sign_in(page, teacher.email)
    page.goto(f"/kk/my/projects/{project.pk}/evidence/")
    page.select_option("#id_kind", "photo")
    page.fill("#id_description", "Оқушылар тәжірибе жасайды")
    photo = image_bytes("PNG", (900, 900), color=(10, 120, 200))
    page.set_input_files("#id_file", files=[{"name": "class.png", "mimeType": "image/png", "buffer": photo}])
    page.wait_for_timeout(1000)  # autosave keeps a draft
    page.context.set_offline(True)
    page.locator("main form.stack button").last.click()
    page.wait_for_selector(".upload-progress.offline")
    assert page.locator(".upload-progress progress").count() == 1
    page.screenshot(path="/tmp/teacher/upload-offline.png") if __import__("os").path.isdir("/tmp/teacher") else None
    page.wait_for_timeout(3000)  # still offline: nothing lost, the form is not posted into the void
    assert page.input_value("#id_description") == "Оқушылар тәжірибе жасайды"
    draft = page.evaluate("Object.entries(localStorage).filter(([k]) => k.includes('description'))")
    assert draft and draft[0][1] == "Оқушылар тәжірибе жасайды"
    page.context.set_offline(False)
    page.wait_for_url(re.compile(r".*/my/projects/\d+/$"), timeout=60000)
    evidence = Evidence.objects.get(project=project)
    assert evidence.description == "Оқушылар тәжірибе жасайды" and evidence.file
    drafts = page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('ortaq-draft:'))")
    assert drafts == []  # the server confirmed the save


def test_without_javascript_a_plain_upload_works(browser, live_server_url, teacher, group):
    project = _project(teacher, group)
    context = browser.new_context(
        base_url=live_server_url, viewport={"width": 360, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    _sign_in(page, teacher.email)
    page.goto(f"/kk/my/projects/{project.pk}/evidence/")
    page.select_option("#id_kind", "photo")
    page.fill("#id_description", "JS жоқ")
    page.set_input_files("#id_file", files=[{"name": "a.png", "mimeType": "image/png", "buffer": image_bytes("PNG")}])
    page.locator("main form.stack button").last.click()
    page.wait_for_load_state()
    assert Evidence.objects.get(project=project).file
    context.close()
