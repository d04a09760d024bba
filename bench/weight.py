"""Page weight of every public page: bytes on the wire (HTML, CSS+JS+fonts), their encoding, database queries.

    .venv/bin/python bench/weight.py --serve                                                 # make serve, bench data
    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/weight.py           # in-process, seeded demo
    .venv/bin/python bench/weight.py http://127.0.0.1:8000                                   # a running server

Every request says `Accept-Encoding: gzip, br`, like a browser; "wire" is the body as the server sent it
(`Content-Encoding` shown), not bytes the bench compressed. The budgets are checked on the wire bytes.
Budgets (README "Performance"): HTML <= 14 KB gzip; all CSS+JS+fonts <= 16 KB gzip; nothing from another host.
In-process mode uses Django's test client on a throwaway database seeded with `seed_demo`; a server has no
query count ("-"). The same functions back tests/cms/test_budgets.py.
"""

import gzip
import os
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HTML_BUDGET = 14 * 1024
ASSET_BUDGET = 16 * 1024
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# Public pages that are not Wagtail pages (the sitemap lists those), in each language.
EXTRA_PATHS = ("/{lang}/search/", "/{lang}/search/?q=school", "/{lang}/offline/")
UNPREFIXED_PATHS = ("/accounts/login/", "/accounts/signup/")
LANGS = ("kk", "ru", "en")


class _Assets(HTMLParser):
    """Collects what a browser would load: stylesheets, scripts, images, fonts, icons, media."""

    def __init__(self):
        super().__init__()
        self.assets: list[str] = []  # CSS, JS, fonts
        self.loaded: list[str] = []  # everything fetched automatically (for the other-host check)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if rel in ("stylesheet", "preload", "modulepreload", "icon", "manifest"):
                self.loaded.append(a["href"])
                if rel in ("stylesheet", "modulepreload") or a.get("as") in ("style", "script", "font"):
                    self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
            self.loaded.append(a["src"])
        elif tag in ("img", "source", "iframe", "video", "audio", "embed"):
            for attr in ("src", "srcset", "poster", "data"):
                for candidate in (a.get(attr) or "").split(","):
                    if candidate.strip():
                        self.loaded.append(candidate.strip().split()[0])


ACCEPT_ENCODING = "gzip, br"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def decode(body: bytes, encoding: str) -> bytes:
    """The body a browser reads, from the bytes sent with `Content-Encoding: encoding`."""
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    return body


def foreign(urls: list[str], host: str) -> list[str]:
    """URLs among `urls` that point at another host than `host` (data: URIs are local)."""
    out = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("", "http", "https") and parts.netloc and parts.netloc != host:
            out.append(url)
        elif url.startswith("//"):
            out.append(url)
    return out


def measure(fetch, path: str, host: str, css_js_cache: dict) -> dict:
    """`fetch(path) -> (status, bytes as sent, content encoding, queries or None)`; returns a row for the table."""
    status, wire, encoding, queries = fetch(path)
    html = decode(wire, encoding)
    parser = _Assets()
    parser.feed(html.decode("utf-8", "replace"))
    asset_bytes, asset_encodings = 0, set()
    for url in dict.fromkeys(parser.assets):
        local = urlsplit(url).path if not foreign([url], host) else None
        if local is None:
            continue
        if local not in css_js_cache:
            _, asset, asset_encoding, _ = fetch(local)
            css_js_cache[local] = (len(asset), asset_encoding or "identity")
        asset_bytes += css_js_cache[local][0]
        asset_encodings.add(css_js_cache[local][1])
    return {
        "path": path,
        "status": status,
        "html_wire": len(wire),
        "html_encoding": encoding or "identity",
        "html_gz": gz(html),
        "assets_wire": asset_bytes,
        "assets_encoding": "+".join(sorted(asset_encodings)) or "-",
        "queries": queries,
        "foreign": foreign(parser.loaded, host),
    }


def over_budget(row: dict) -> list[str]:
    problems = []
    if row["html_gz"] > HTML_BUDGET:
        problems.append(f"HTML {row['html_gz']} B gzip > {HTML_BUDGET}")
    if row["assets_encoding"] != "identity" and row["assets_wire"] > ASSET_BUDGET:
        problems.append(f"CSS+JS {row['assets_wire']} B on the wire > {ASSET_BUDGET}")
    if row["foreign"]:
        problems.append(f"loads from another host: {row['foreign']}")
    if row["status"] != 200:
        problems.append(f"status {row['status']}")
    return problems


def public_paths(sitemap_xml: bytes) -> list[str]:
    """Every page in the sitemap (all languages) plus the public non-page views."""
    root = ET.fromstring(sitemap_xml)  # the sitemap of the server under test, which we just started  # nosec B314
    paths = [urlsplit(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    paths += [p.format(lang=lang) for lang in LANGS for p in EXTRA_PATHS]
    return paths + list(UNPREFIXED_PATHS)


def client_fetcher(client):
    """A fetch function over Django's test client that counts database queries (static files via WhiteNoise)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fetch(path):
        connection.queries_log.clear()  # seeding filled the 9,000-entry log: a full log would count every page as 0
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_ACCEPT_ENCODING=ACCEPT_ENCODING)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, body, response.get("Content-Encoding", ""), len(queries)

    return fetch


def measure_site(fetch, host: str) -> list[dict]:
    cache: dict = {}
    status, sitemap, encoding, _ = fetch("/sitemap.xml")
    return [measure(fetch, path, host, cache) for path in public_paths(decode(sitemap, encoding))]


def print_table(rows: list[dict]) -> None:
    print(f"Bytes on the wire with Accept-Encoding: {ACCEPT_ENCODING}")
    print(f"{'page':48} {'HTML B':>7} {'enc.':>8} {'CSS+JS B':>9} {'enc.':>8} {'queries':>8}  budget")
    for row in rows:
        problems = over_budget(row)
        queries = "-" if row["queries"] is None else row["queries"]
        print(
            f"{row['path'][:48]:48} {row['html_wire']:>7} {row['html_encoding']:>8} {row['assets_wire']:>9} "
            f"{row['assets_encoding']:>8} {queries:>8}  {'; '.join(problems) or 'ok'}"
        )
    html = sum(row["html_wire"] for row in rows)
    print(f"{len(rows)} pages, {html} B of HTML on the wire in all (mean {html // max(1, len(rows))} B)")


def run_in_process() -> list[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # Not the test suite's file: the bench may run while pytest does.
        connection.settings_dict["TEST"]["NAME"] = str(Path(settings.BASE_DIR) / ".test-db-bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        return measure_site(client_fetcher(Client()), "testserver")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run_against(base_url: str) -> list[dict]:
    from urllib.request import Request, urlopen

    def fetch(path):
        request = Request(
            urljoin(base_url, path), headers={"Accept-Language": "kk", "Accept-Encoding": ACCEPT_ENCODING}
        )
        with urlopen(request, timeout=30) as response:  # base_url is the operator's own server  # nosec B310
            return response.status, response.read(), response.headers.get("Content-Encoding", ""), None

    return measure_site(fetch, urlsplit(base_url).netloc)


def run_on_serve() -> list[dict]:
    """Against `make serve` (gunicorn + uvicorn) on the bench database, seeded by bench/fanout.py (or `--setup`)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _common as common

    print(f"# Weight: make serve (2 workers), bench data\ncommand: {common.command_line()}")
    env = common.serve_env()
    if "--setup" in sys.argv:
        common.ensure_database(env)
    with common.server("serve", env=env, workers=2) as (base, _):
        return run_against(base)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if "--serve" in argv:
        rows = run_on_serve()
    else:
        rows = run_against(argv[1]) if len(argv) > 1 and not argv[1].startswith("--") else run_in_process()
    print_table(rows)
    return 1 if any(over_budget(row) for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
