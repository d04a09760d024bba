"""Files and rows change together: a deletion waits for the commit, and a file that is gone never causes a 500."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from projects import services
from tests.projects.conftest import image_bytes


@pytest.fixture
def evidence(project, teacher):
    from network.uploads import clean_image

    upload = clean_image(SimpleUploadedFile("pupils.jpg", image_bytes()), stem="evidence")
    return services.add_evidence(
        project=project, user=teacher, kind="photo", description="Pupils at work", consent=True, upload=upload
    )


@pytest.mark.django_db(transaction=True)
def test_a_failed_commit_keeps_the_evidence_file_with_its_row(evidence, teacher):
    storage, name, pk, model = evidence.file.storage, evidence.file.name, evidence.pk, type(evidence)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.delete_evidence(evidence=evidence, user=teacher)
        raise RuntimeError("the commit fails")
    assert model.objects.filter(pk=pk).exists()
    assert storage.exists(name)
    services.delete_evidence(evidence=model.objects.get(pk=pk), user=teacher)
    assert not storage.exists(name)


def test_a_missing_file_says_so_instead_of_a_500(client, project, teacher, evidence):
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(teacher)
    response = client.get(
        reverse("projects:file_item", args=[project.pk, "evidence", evidence.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert "This file is missing" in response.content.decode()


def test_the_portfolio_skips_a_missing_file_and_says_so(client, project, teacher, evidence):
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(teacher)
    response = client.get(reverse("projects:portfolio"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        pages = [archive.read(name).decode() for name in archive.namelist() if name.endswith("/index.html")]
        assert not [name for name in archive.namelist() if "evidence-" in name]
    assert any("The file is missing and was left out." in page for page in pages)
