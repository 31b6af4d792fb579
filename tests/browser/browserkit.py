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


def assert_no_axe_violations(page, label=""):
    violations = axe_violations(page)
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
