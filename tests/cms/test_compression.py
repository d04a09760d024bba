"""Every byte compressed and revalidated: gzipped HTML and feeds, ETag/Last-Modified and 304, Brotli static files,
and cached anonymous pages answered before the session machinery."""

import gzip

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, br"}


def test_anonymous_pages_are_sent_gzipped_to_browsers_that_accept_it(client, site):
    plain = client.get("/kk/")
    packed = client.get("/kk/", **GZIP)
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3


def test_an_unchanged_anonymous_page_is_revalidated_with_304(client, site, page_cache):
    first = client.get("/en/about/", **GZIP)
    assert first["ETag"]
    again = client.get("/en/about/", HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again.status_code == 304 and again.content == b""


def test_the_case_study_feed_has_a_validator_and_answers_304(client, site):
    first = client.get("/feeds/case-studies.xml", **GZIP)
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip" and first["ETag"]
    assert client.get("/feeds/case-studies.xml", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    if first.has_header("Last-Modified"):  # only when a case study is published (the feed's newest date)
        assert client.get("/feeds/case-studies.xml", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_cached_anonymous_pages_skip_sessions_and_still_carry_the_security_headers(
    client, site, page_cache, django_assert_num_queries
):
    client.get("/en/about/")
    with django_assert_num_queries(0):
        hit = client.get("/en/about/", **GZIP)
    assert hit["X-Ortaq-Cache"] == "hit" and hit["Content-Encoding"] == "gzip"
    assert "Content-Security-Policy" in hit and "Permissions-Policy" in hit
    assert "public" in hit["Cache-Control"] and "Cookie" in hit["Vary"]
    assert not hit.cookies  # no session was touched


def test_a_visitor_with_a_session_is_never_served_an_anonymous_copy_by_the_fast_path(client, site, page_cache):
    from tests.factories import UserFactory

    client.get("/en/about/")  # cached for anonymous readers
    client.force_login(UserFactory())
    response = client.get("/en/about/")
    assert "X-Ortaq-Cache" not in response and "public" not in response.get("Cache-Control", "")


def test_static_files_are_pre_compressed_with_brotli_too(tmp_path):
    from whitenoise.compress import Compressor

    stylesheet = tmp_path / "ortaq.css"
    stylesheet.write_text("body { color: #222; }\n" * 200)
    Compressor(quiet=True).compress(str(stylesheet))
    assert (tmp_path / "ortaq.css.br").exists() and (tmp_path / "ortaq.css.gz").exists()
