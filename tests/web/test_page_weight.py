"""Issue 15: the first page with every asset at most 30 KB over the wire when the browser accepts gzip,
a second page view at most 5 KB (assets under content-hashed names, cached `immutable`), and pages
compressed only for first-party requests (BREACH). Sizes are deterministic; no timing here."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

FIRST_PAGE_MAX = 30_000
SECOND_VIEW_MAX = 5_000
# What gunicorn adds to each answer beyond the app's headers (status line, Server, Date, Connection,
# Content-Length or chunking): generously rounded up.
SERVER_HEADER_BYTES = 160
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
STATIC = Path(__file__).resolve().parents[2] / "static"


def served(name: str) -> bytes:
    """What esop sends for a file of ours: the file without its comments and indentation."""
    from esop.assets import _trim
    return _trim(name, (STATIC / name).read_bytes())


def wire_bytes(response) -> int:
    head = sum(len(f"{k}: {v}\r\n".encode()) for k, v in response.headers.items())
    return SERVER_HEADER_BYTES + head + len(response.get_data())


def browse(client, path, cache: dict, fetch_site="none"):
    """One page view as a browser with a cache: the page, then every asset not fresh in the cache."""
    page = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br", "Sec-Fetch-Site": fetch_site})
    assert page.status_code == 200
    total = wire_bytes(page)
    html = gzip.decompress(page.get_data()) if page.headers.get("Content-Encoding") == "gzip" else page.get_data()
    for url in ASSET.findall(html.decode()):
        if url in cache:
            continue
        r = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br", "Sec-Fetch-Site": "same-origin"})
        assert r.status_code == 200, url
        total += wire_bytes(r)
        if "immutable" in r.headers.get("Cache-Control", ""):
            cache[url] = r
    return total, html.decode()


def test_the_first_page_is_at_most_30_kb_and_a_second_view_at_most_5_kb(client):
    cache: dict = {}
    first, html = browse(client, "/", cache)
    assert len(ASSET.findall(html)) >= 4
    assert first <= FIRST_PAGE_MAX, f"first page {first} bytes over the wire"
    second, _ = browse(client, "/login", cache, fetch_site="same-origin")
    assert second <= SECOND_VIEW_MAX, f"second page view {second} bytes over the wire"


def test_assets_have_content_hashed_names_cached_for_a_year_and_the_plain_name_still_answers(client):
    html = client.get("/").get_data(as_text=True)
    css = next(u for u in ASSET.findall(html) if u.endswith(".css"))
    assert re.fullmatch(r"/static/app\.[0-9a-f]{12}\.css", css)
    r = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert r.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in r.headers["Vary"]
    assert gzip.decompress(r.get_data()) == served("app.css")
    plain = client.get("/static/app.css")
    assert plain.headers["Cache-Control"] == "no-cache" and "Content-Encoding" not in plain.headers
    assert plain.get_data() == served("app.css")
    assert client.get("/static/app.css", headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304
    assert client.get("/static/app.000000000000.css").status_code == 404  # another version's name
    assert client.get("/static/no-such.css").status_code == 404


def test_pages_are_compressed_only_for_first_party_requests(client):
    """BREACH: a cross-site (or unlabelled) request never gets a compressed page, whose length could
    reveal the CSRF token it carries next to reflected input."""
    gz = {"Accept-Encoding": "gzip"}
    for site in ("none", "same-origin"):
        r = client.get("/login", headers={**gz, "Sec-Fetch-Site": site})
        assert r.headers.get("Content-Encoding") == "gzip", site
        assert "csrf-token" in gzip.decompress(r.get_data()).decode()
    for site in ("cross-site", "same-site", None):
        headers = {**gz, "Sec-Fetch-Site": site} if site else gz
        r = client.get("/login", headers=headers)
        assert "Content-Encoding" not in r.headers and "csrf-token" in r.get_data(as_text=True), site
        assert "Sec-Fetch-Site" in r.headers["Vary"]


def test_our_scripts_and_styles_go_out_without_comments_and_still_say_the_same():
    from esop.assets import _trim
    js = b"(function () {\n  // why\n  var a = 'http://x'; // kept: not a whole line\n\n})();\n"
    assert _trim("app.js", js) == b"(function () {\nvar a = 'http://x'; // kept: not a whole line\n})();\n"
    assert _trim("app.css", b"/* a\n b */\np { x: 1; }  /* c */\n") == b"p { x: 1; }\n"
    minified = (STATIC / "vendor" / "htmx-4.0.1.min.js").read_bytes()
    assert _trim("vendor/htmx-4.0.1.min.js", minified) == minified
