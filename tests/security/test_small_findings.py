"""Issue 16's small findings: each reproduced as a user (or an operator) would notice it, then fixed."""

import pytest
from asgiref.testing import ApplicationCommunicator


async def _asgi_get(application, path: str) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(timeout=30)
    await communicator.wait(timeout=30)
    return start["status"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/static/../db.sqlite3", "/static/../../etc/passwd", "/static/%2e%2e/manage.py"])
async def test_make_run_answers_404_not_500_to_a_path_out_of_the_static_folders(settings, path):
    from network.management.commands.runserver import Command

    settings.DEBUG = True
    application = Command().get_application({"use_static_handler": True})
    assert await _asgi_get(application, path) == 404
