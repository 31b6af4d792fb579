"""Browser test helpers: axe-core checks, focus inspection, keyboard walks."""
from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"


def axe_violations(page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")):
    """Run axe-core in the page (evaluated over the DevTools protocol, so the page's CSP still holds)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text() + "\n;0")
    result = page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""", list(tags))
    return result


def _axe_on_static_copy(page):
    """axe needs script; a page with JS off has none. Re-serve the very same HTML at the same URL
    in a JS-enabled context with every script blocked, so the DOM is exactly the no-JS one."""
    html, url = page.content(), page.url
    context = page.context.browser.new_context(java_script_enabled=True, locale="ko-KR")
    copy = context.new_page()
    copy.route("**/*.js", lambda route: route.abort())
    copy.route(url, lambda route: route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8"))
    copy.goto(url)
    try:
        return axe_violations(copy)
    finally:
        context.close()


def assert_no_axe_violations(page, label=""):
    js_on = page.context.__dict__.get("_esop_js", True)
    violations = axe_violations(page) if js_on else _axe_on_static_copy(page)
    assert violations == [], f"axe violations {label}: " + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations)


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, id: e.id, name: e.getAttribute('name'), text: (e.innerText || '').trim().slice(0, 80),
                cls: e.className}; }""")


def tab_to(page, predicate, limit=80):
    """Press Tab until the focused element matches; fail if never reached (keyboard walk)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(focused(page)):
            return focused(page)
    raise AssertionError("keyboard focus never reached the target")


def wait_until(page, expression: str, timeout_ms: int = 8000):
    """Poll a JS expression from the test side: page.wait_for_function polls with eval(),
    which our Content-Security-Policy (rightly) forbids."""
    waited = 0
    while waited <= timeout_ms:
        if page.evaluate(f"() => Boolean({expression})"):
            return
        page.wait_for_timeout(50)
        waited += 50
    raise AssertionError(f"timed out waiting for: {expression}")
