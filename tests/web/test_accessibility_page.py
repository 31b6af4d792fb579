"""접근성 안내: linked from every page's footer; names the standard, the tools at their real versions, a contact."""
from __future__ import annotations

from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "browser" / "vendor"


def test_statement_names_standard_tests_tools_limits_and_contact(client):
    r = client.get("/accessibility")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "<h1>접근성 안내</h1>" in html
    for words in ("WCAG</span> 2.2 AA", "KWCAG</span> 2.2", "키보드만으로", "자바스크립트 없이", "320 CSS 픽셀",
                  "200% 확대", "접근성 트리", "Debian", "Chromium", "알려진 한계", "접근성 문제 알리기"):
        assert words in html, words
    (axe,) = VENDOR.glob("axe-*.min.js")  # the vendored file the browser tests inject
    version = axe.name.removeprefix("axe-").removesuffix(".min.js")
    assert f"axe-core</span> {version}" in html
    assert 'href="mailto:accessibility@esop.example"' in html


def test_the_contact_is_the_operators_setting(make_app):
    app = make_app(env={"ESOP_ACCESSIBILITY_CONTACT_EMAIL": "barrier@bank.example"})
    html = app.test_client().get("/accessibility").get_data(as_text=True)
    assert 'href="mailto:barrier@bank.example"' in html and "accessibility@esop.example" not in html


def test_every_page_links_to_it_from_the_footer(client):
    for path in ("/", "/help", "/no-such-page"):
        html = client.get(path).get_data(as_text=True)
        footer = html[html.index('<footer class="site-footer">'):]
        assert 'href="/accessibility">접근성 안내</a>' in footer, path
