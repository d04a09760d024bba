"""The upload corpus (tests/security/corpus) through network.uploads: bombs, polyglots, scripts, lies and leaks."""

import io

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from network.uploads import clean_image, clean_image_or_pdf
from tests.security.corpus import CLEAN, KEEP, REJECT, SMUGGLED_HTML, as_upload, image_bytes, samples

pytestmark = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
SAMPLES = samples()


def run(cleaner, sample):
    try:
        return cleaner(as_upload(sample))
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages), sample.name
        return None


def assert_clean(result, sample):
    assert result is not None, f"{sample.name}: refused but should be accepted and cleaned"
    data = result.file.read()
    assert SMUGGLED_HTML not in data and b"PK\x03\x04" not in data, f"{sample.name}: smuggled bytes survived"
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif(), f"{sample.name}: EXIF survived"
        assert result.file.name.endswith({"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[image.format])


@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.name for sample in SAMPLES])
def test_image_uploads_refuse_or_clean_every_hostile_file(sample):
    result = run(clean_image, sample)
    if sample.expect == REJECT:
        assert result is None, f"{sample.name}: accepted but should be refused"
    else:
        assert_clean(result, sample)


@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.name for sample in SAMPLES])
def test_poster_uploads_refuse_or_clean_every_hostile_file(sample):
    expect = sample.pdf_expect or sample.expect
    result = run(clean_image_or_pdf, sample)
    if expect == REJECT:
        assert result is None, f"{sample.name}: accepted but should be refused"
    elif expect == KEEP:
        assert result.kind == "pdf" and result.file.name.endswith(".pdf")
    else:
        assert expect == CLEAN
        assert_clean(result, sample)


def test_gps_position_never_reaches_the_stored_photo():
    sample = next(sample for sample in SAMPLES if "gps" in sample.name)
    with Image.open(io.BytesIO(sample.data)) as original:
        assert original.getexif().get_ifd(0x8825)  # the corpus really carries a position
    stored = clean_image(as_upload(sample)).file.read()
    assert b"GPS" not in stored and b"Teacher's phone" not in stored


def test_a_file_over_the_size_limit_is_refused_with_the_limit(settings):
    settings.ORTAQ_UPLOAD_MAX_BYTES = 1000
    sample = next(sample for sample in SAMPLES if sample.name == "compressed 10000x10000 png")
    with pytest.raises(ValidationError) as error:
        clean_image(as_upload(sample))
    assert "1000" in error.value.messages[0] or "KB" in error.value.messages[0] or "байт" in error.value.messages[0]


SEEDS = [image_bytes("PNG"), image_bytes("JPEG"), image_bytes("WEBP")]


@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    flips=st.lists(st.tuples(st.integers(min_value=0, max_value=10_000), st.integers(0, 255)), max_size=8),
    cut=st.one_of(st.none(), st.integers(min_value=0, max_value=2_000)),
    tail=st.binary(max_size=64),
)
def test_damaged_images_give_a_clear_error_or_a_clean_image(seed, flips, cut, tail):
    data = bytearray(seed)
    for position, value in flips:
        data[position % len(data)] = value
    data = bytes(data[:cut] if cut is not None else data) + tail
    from django.core.files.uploadedfile import SimpleUploadedFile

    for cleaner in (clean_image, clean_image_or_pdf):
        try:
            result = cleaner(SimpleUploadedFile("photo.jpg", data))
        except ValidationError as error:
            assert error.messages[0].strip()
        else:
            with Image.open(io.BytesIO(result.file.read())) as image:
                image.load()
                assert not image.getexif()


@hypothesis_settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=4096))
def test_random_bytes_never_crash_the_upload_cleaners(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for cleaner in (clean_image, clean_image_or_pdf):
        try:
            cleaner(SimpleUploadedFile("x.png", data))
        except ValidationError as error:
            assert error.messages[0].strip()


# --- Every upload form gets the corpus -----------------------------------------------------------------------------

APPS = ("network", "projects", "forums", "cms", "events")


def upload_form_classes() -> set[str]:
    """'app.forms.Class' for every form defined in an app's forms.py that has a file field."""
    import importlib
    import inspect

    from django import forms

    found = set()
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, forms.BaseForm):
                continue
            if any(isinstance(field, forms.FileField) for field in cls.base_fields.values()):
                found.add(f"{module.__name__}.{name}")
    return found


def test_every_upload_form_is_in_the_corpus_run():
    from tests.security import rules

    missing = upload_form_classes() - set(rules.UPLOAD_FORMS) - set(rules.EXEMPT_UPLOAD_FORMS)
    assert not missing, (
        f"forms with a file field that the upload corpus does not reach: {sorted(missing)}. Add each to "
        "UPLOAD_FORMS in tests/security/rules.py (its URL, the file field, the other fields)."
    )


def _upload_cases():
    from tests.security import rules

    return [(form, sample) for form in sorted(rules.UPLOAD_FORMS) for sample in SAMPLES]


@pytest.mark.parametrize(("form", "sample"), _upload_cases(), ids=lambda value: getattr(value, "name", value))
def test_each_upload_form_refuses_hostile_files_with_a_message(form, sample, world):
    from django.test import Client

    from tests.security import rules

    entry = rules.UPLOAD_FORMS[form]
    client = Client()
    client.force_login(world.users[entry.role])
    response = client.post(entry.url(world), {**entry.data(world), entry.field: as_upload(sample)})
    # A refused form re-renders with its message: 200, or 400 where the view says so (the forums' forms).
    assert response.status_code in (200, 302, 303, 400), f"{form} answered {response.status_code} to {sample.name}"
    if sample.expect == REJECT and (sample.pdf_expect or REJECT) == REJECT:
        assert response.status_code in (200, 400) and "errorlist" in response.content.decode(), (
            f"{form} accepted {sample.name} or gave no message"
        )


@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.name for sample in SAMPLES])
def test_chunked_uploads_refuse_hostile_files(sample, world):
    """The resumable path (projects:upload_start, upload_chunk, then the form with `upload_id`) checks the assembled
    file with network.uploads like a plain upload: the same refusals, with a message on the form."""
    from django.test import Client
    from django.urls import reverse

    from projects.models import ChunkedUpload

    project = world.extra["project"]
    client = Client()
    client.force_login(world.users["teacher"])
    start = client.post(
        reverse("projects:upload_start", args=[project.pk]), {"size": len(sample.data)}, content_type="application/json"
    )
    if start.status_code == 413:  # over the size limit: refused before a byte is stored
        assert start.json()["message"].strip()
        return
    assert start.status_code == 201, f"{sample.name}: upload_start answered {start.status_code}"
    upload_id, chunk_url = start.json()["id"], start.json()["url"]
    data, offset = sample.data, 0
    while offset < len(data):
        answer = client.patch(
            f"{chunk_url}?offset={offset}", data[offset : offset + 65536], content_type="application/octet-stream"
        )
        assert answer.status_code == 200, f"{sample.name}: a chunk answered {answer.status_code}"
        offset = answer.json()["offset"]
    response = client.post(
        reverse("projects:evidence", args=[project.pk]),
        {"kind": "photo", "description": "Оқушылардың жұмысы", "upload_id": upload_id},
    )
    assert response.status_code in (200, 302), f"{sample.name}: the form answered {response.status_code}"
    if (sample.pdf_expect or sample.expect) == REJECT:
        assert response.status_code == 200 and "errorlist" in response.content.decode(), (
            f"chunked {sample.name} accepted or gave no message"
        )
    else:
        assert response.status_code == 302, f"chunked {sample.name} refused but should be accepted"
    assert not ChunkedUpload.objects.filter(pk=upload_id).exists()  # the pieces never outlive the check
