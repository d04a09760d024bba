"""Reading offline: the service worker is served from the site root and an offline page exists per language."""

import pytest


def test_service_worker_is_served_from_the_root_with_its_scope_and_no_cache(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = b"".join(response.streaming_content).decode()
    assert "case-studies" in body and "no-store" in body and "accounts" in body and "admin" in body


@pytest.mark.parametrize(
    ("code", "heading"), [("kk", "Байланыс жоқ"), ("ru", "Нет подключения"), ("en", "You are offline")]
)
def test_offline_page_explains_in_each_language(client, site, code, heading):
    html = client.get(f"/{code}/offline/").content.decode()
    assert f"<h1>{heading}</h1>" in html


def test_every_page_registers_the_service_worker_with_a_module_script(client, site):
    assert '<script type="module" src="/static/cms/js/offline.js"></script>' in client.get("/en/").content.decode()
