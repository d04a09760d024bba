"""Low-data mode: Save-Data or the reader's switch gives small image previews; works without JavaScript."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

TAG = Template(
    "{% load ortaq %}{% responsive_image image 'Pupils measuring shadows' '(min-width: 48rem) 40rem, 100vw' %}"
)


@pytest.fixture
def poster(db):
    return Image.objects.create(title="Poster", file=get_test_image_file(size=(1600, 1000)))


def render(image, **headers) -> str:
    """The tag on an English page (/en/: the locale middleware would have activated English)."""
    request = RequestFactory().get("/en/", headers=headers)
    with translation.override("en"):
        return TAG.render(Context({"request": request, "image": image}))


def test_full_image_comes_as_avif_and_webp_with_sizes_and_lazy_loading(poster):
    html = render(poster)
    assert html.startswith("<picture>")
    assert '<source type="image/avif" srcset="' in html and '<source type="image/webp" srcset="' in html
    assert " 320w" in html and " 1280w" in html
    assert 'sizes="(min-width: 48rem) 40rem, 100vw"' in html
    assert 'loading="lazy"' in html and 'width="1280" height="800"' in html
    assert 'alt="Pupils measuring shadows"' in html


def test_save_data_gets_a_small_preview_and_a_link_to_the_full_image(poster):
    html = render(poster, **{"Save-Data": "on"})
    assert "<picture>" not in html and "srcset" not in html
    assert 'width="160" height="100"' in html
    assert "Load full image</a>" in html
    assert ".webp" in html.split("Load full image")[0].split('<a href="')[1]


def test_the_reader_can_switch_low_data_mode_on_and_off_without_javascript(client, site):
    response = client.post("/en/low-data/", {"mode": "on", "next": "/en/about/"})
    assert response.status_code == 302 and response["Location"] == "/en/about/"
    html = client.get("/en/about/").content.decode()
    assert "Low-data mode is on" in html and 'value="off"' in html
    client.post("/en/low-data/", {"mode": "off", "next": "/en/about/"})
    assert "Switch low-data mode on" in client.get("/en/about/").content.decode()


def test_low_data_switch_never_redirects_to_another_site(client, site):
    response = client.post("/en/low-data/", {"mode": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_save_data_pages_are_cached_apart_from_full_pages(client, site, page_cache):
    assert "Switch low-data mode on" in client.get("/en/about/").content.decode()
    saving = client.get("/en/about/", headers={"Save-Data": "on"})
    assert "Low-data mode is on" in saving.content.decode()
    assert "Save-Data" in saving["Vary"]
