"""Browser test helpers: axe-core checks, focus inspection, keyboard walks, reflow at 320 px with
200 % text, what a screen reader is told after a swap (live regions, focus, error summaries)."""
from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"
# WCAG 2.0/2.1/2.2 level A and AA (axe has no separate wcag22a tag: its 2.2 A rules carry wcag2a/21a).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
# What the session's axe runs saw: the version axe reports and every state (label) it checked.
AXE_RUNS = {"version": None, "states": []}


def axe_violations(page, tags=WCAG_TAGS + ("best-practice",)):
    """Run axe-core in the page (evaluated over the DevTools protocol, so the page's CSP still holds)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text() + "\n;0")
    if AXE_RUNS["version"] is None:
        AXE_RUNS["version"] = page.evaluate("() => axe.version")
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
    """Zero axe violations; in a context made by reflow_context(), also no horizontal scrolling."""
    js_on = page.context.__dict__.get("_esop_js", True)
    if page.context.__dict__.get("_esop_reflow"):
        assert_reflows(page, label)
    violations = axe_violations(page) if js_on else _axe_on_static_copy(page)
    mode = "320px/200%" if page.context.__dict__.get("_esop_reflow") else "desktop"
    AXE_RUNS["states"].append(f"{label or page.url} [{mode}{'' if js_on else ', no JS'}]")
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
    from playwright.sync_api import Error
    waited = 0
    while waited <= timeout_ms:
        try:
            if page.evaluate(f"() => Boolean({expression})"):
                return
        except Error as e:   # the page navigated while we asked: ask the next one
            if "context was destroyed" not in str(e) and "navigat" not in str(e):
                raise
        page.wait_for_timeout(50)
        waited += 50
    raise AssertionError(f"timed out waiting for: {expression}")


# --- Reflow: 320 CSS px wide with text at 200 % (WCAG 1.4.4 + 1.4.10 at once) -----------------------

TEXT_ZOOM = 2.0


def zoom_text(page, factor=TEXT_ZOOM):
    """Chromium's own font-size preference (Settings → Appearance → Font size) set over the DevTools
    protocol: the default 16 px becomes 32 px, so every rem/em size doubles — text zoom as a member
    sets it, not page zoom. Nothing is injected into the page (our CSP forbids inline styles), it holds
    across navigations, and it works with JavaScript off."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": int(16 * factor), "fixed": int(13 * factor)}})
    page.__dict__["_esop_cdp"] = cdp


REFLOW_PROBE = """() => {
    const se = document.scrollingElement, vw = se.clientWidth, out = [];
    const hidden = e => e.closest('.visually-hidden, [hidden], dialog:not([open])');
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/ +/).join('.') : '');
    const modal = document.querySelector('dialog:modal');
    const inScroller = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
        if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX) && a.matches('[role=region][tabindex="0"]')) return true;
        return false; };
    for (const e of (modal || document.body).querySelectorAll('*')) {
        if (hidden(e)) continue;
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || cs.display === 'contents') continue;
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (e.matches('.skip-link:not(:focus)')) continue;   // off screen until focused, by design
        if (inScroller(e)) continue;   // a wide data table scrolling in its own region (1.4.10 allows it)
        const sticksOut = el => { const q = el.getBoundingClientRect(); return q.width > 0 && (q.right > vw + 1 || q.left < -1); };
        const reported = out.some(o => o.el.contains(e));
        // Name the innermost culprits: elements sticking out while none of their children do.
        if (sticksOut(e) && ![...e.children].some(sticksOut) && !reported) out.push({el: e, text:`${name(e)} spans ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}: ` +
            (e.innerText || '').trim().slice(0, 40)});
        if (e.matches('input, select, textarea')) continue;   // a long value scrolls inside its box
        const clipX = ['hidden', 'clip'].includes(cs.overflowX) && e.scrollWidth > e.clientWidth + 1;
        const clipY = ['hidden', 'clip'].includes(cs.overflowY) && e.scrollHeight > e.clientHeight + 1;
        if ((clipX || clipY) && !reported)
            out.push({el: e, text: `${name(e)} clips its content (${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight})`});
    }
    const fontPx = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const chain = [];   // the first culprit's ancestors, to see which one is too wide
    for (let a = out.length ? out[0].el.parentElement : null; a && a !== document.body; a = a.parentElement)
        chain.push(`${name(a)}=${Math.round(a.getBoundingClientRect().width)}`);
    return {scrollWidth: se.scrollWidth, clientWidth: vw, fontPx, chain: chain.join(' < '),
            problems: out.slice(0, 12).map(o => o.text)};
}"""


def assert_reflows(page, label=""):
    """No horizontal scrolling of the document and nothing sticking out of or clipped in the viewport."""
    page.wait_for_load_state("load")   # a click that navigates returns before the stylesheet applies
    m = page.evaluate(REFLOW_PROBE)
    assert m["fontPx"] >= 16 * TEXT_ZOOM - 0.5, f"{label}: text is not zoomed ({m['fontPx']} px root font)"
    assert m["scrollWidth"] <= m["clientWidth"] and not m["problems"], (
        f"reflow at {m['clientWidth']} px with 200 % text, {label}: document {m['scrollWidth']} px wide; "
        + "; ".join(m["problems"]) + (f" (inside {m['chain']})" if m["chain"] else ""))


# --- What a screen reader is told ------------------------------------------------------------------

LIVE = "[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]"


def watch_live_regions(page):
    """Record every change of a live region's text with the page's Date.now() (so page.clock applies).
    Read back with announcements(page). Lost on navigation, like everything in the page. To count what a
    screen reader would say per event (silent behind a modal, across navigations), use speech.Speech."""
    page.evaluate("""(LIVE) => {
        if (window.__esopLive) return;
        const log = window.__esopLive = [];
        new MutationObserver(muts => {
            const seen = new Set();
            for (const m of muts) {
                const t = m.target.nodeType === 1 ? m.target : m.target.parentElement;
                const regions = [];
                if (t && t.closest(LIVE)) regions.push(t.closest(LIVE));
                for (const n of m.addedNodes) if (n.nodeType === 1) {
                    if (n.matches(LIVE)) regions.push(n);
                    n.querySelectorAll(LIVE).forEach(r => regions.push(r));
                }
                for (const r of regions) {
                    if (seen.has(r)) continue;
                    seen.add(r);
                    const text = r.textContent.replace(/\\s+/g, ' ').trim();
                    if (text) log.push({t: Date.now(), region: r.id || r.className, text});
                }
            }
        }).observe(document.body, {subtree: true, childList: true, characterData: true});
    }""", LIVE)


def announcements(page, clear=False):
    return page.evaluate("(clear) => { const l = (window.__esopLive || []).slice(); "
                         "if (clear && window.__esopLive) window.__esopLive.length = 0; return l; }", clear)


def assert_announced(page, text, timeout_ms=8000):
    """`text` is in a live region a screen reader can hear: while a modal dialog is open the rest of
    the page is inert, so the region must be inside that dialog."""
    wait_until(page, f"""(() => {{
        const modal = document.querySelector('dialog:modal');
        return [...document.querySelectorAll({LIVE!r})].some(r =>
            r.textContent.includes({text!r}) && (!modal || modal.contains(r)) && !r.closest('[hidden], [inert]'));
    }})()""", timeout_ms)


def spoken(locator) -> str:
    """The ARIA snapshot of a region: the roles, names and text assistive technology is given."""
    return locator.aria_snapshot()


def assert_focus(page, expected: str, label=""):
    """Focus is on the element matching the CSS selector `expected`."""
    ok = page.evaluate("(sel) => document.activeElement && document.activeElement.matches(sel)", expected)
    assert ok, f"{label}: focus should be on {expected}, is on {focused(page)}"


def wait_summary_focused(page):
    """app.js focuses the error summary once the page (or the swap) has settled: wait for it, do not
    read focus the moment the summary exists."""
    wait_until(page, "document.activeElement && document.activeElement.classList.contains('error-summary')")


def assert_error_summary(page, label=""):
    """The error summary has focus and is an alert named by its heading; each link in it moves focus
    to its field (Enter, as a keyboard user would), and that field is aria-invalid and described by
    its error message. Focus ends back on the summary. Without JS nothing can move focus on load:
    the page title starting with '오류: ' says it instead (and with JS too, after a swap: app.js)."""
    summary = page.locator(".error-summary").first
    if page.context.__dict__.get("_esop_js", True):   # without JS the title's '오류: ' says it instead
        wait_summary_focused(page)
    wait_until(page, "document.title.startsWith('오류: ')")
    assert summary.get_attribute("role") == "alert"
    snap = spoken(summary)
    assert snap.startswith("- alert") and "입력 내용을 확인해 주십시오" in snap, f"{label}: {snap}"
    links = summary.locator("a[href^='#']")
    assert links.count() >= 1, f"{label}: an error summary without links"
    for i in range(links.count()):
        link = links.nth(i)
        target_id = link.get_attribute("href")[1:]
        message = link.inner_text().strip()
        assert page.locator(f"[id='{target_id}']").count() == 1, f"{label}: summary link #{target_id} leads nowhere"
        link.focus()
        page.keyboard.press("Enter")
        state = page.evaluate("""(id) => {
            const target = document.getElementById(id), e = document.activeElement;
            const field = e.matches('input, select, textarea') ? e : null;
            const group = field && field.closest('fieldset');
            const described = el => (el && el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
            const ids = [...described(field), ...described(group)];
            return {onTarget: e === target || (target.contains(e) && !!field), focusedId: e.id,
                    invalid: field ? field.getAttribute('aria-invalid') : null,
                    missing: ids.filter(i => !document.getElementById(i)),
                    descriptions: ids.map(i => document.getElementById(i)).filter(Boolean)
                                     .map(d => d.textContent.replace(/\\s+/g, ' ').trim())};
        }""", target_id)
        assert state["onTarget"], f"{label}: link '{message}' left focus on #{state['focusedId']}, not #{target_id}"
        assert state["invalid"] == "true", f"{label}: #{state['focusedId']} is not aria-invalid ({message})"
        assert not state["missing"], f"{label}: aria-describedby points at missing ids {state['missing']}"
        assert any(message in d or d.endswith(message) for d in state["descriptions"]), (
            f"{label}: #{state['focusedId']} is not described by its message {message!r}: {state['descriptions']}")
    summary.focus()


# --- Keyboard alone ------------------------------------------------------------------------------

def tab_to_element(page, locator, limit=150):
    """Press Tab until `locator` has focus (never a click). A radio group is one tab stop: landing on
    any radio of the target's group counts; key_press then arrows to the target."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if handle.evaluate("""t => { const a = document.activeElement;
                return a === t || (t.type === 'radio' && a.type === 'radio' && a.name === t.name && a.form === t.form); }"""):
            return handle
    raise AssertionError(f"keyboard focus never reached {locator}")


def key_press(page, locator, key="Enter"):
    """Tab to the control, then press `key` on it (Enter for links and buttons, Space for boxes).
    For a radio, arrow within its group to it first, then Space."""
    handle = tab_to_element(page, locator)
    if handle.evaluate("t => t.type === 'radio'"):
        for _ in range(12):
            if handle.evaluate("t => t === document.activeElement"):
                break
            page.keyboard.press("ArrowDown")
        if key == "Enter":
            key = "Space"
    page.keyboard.press(key)


def key_fill(page, locator, value):
    tab_to_element(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(value)


# --- Dialogs ----------------------------------------------------------------------------------------

TABBABLE = """(sel) => [...document.querySelector(sel).querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length"""


def assert_modal_dialog(page, selector, name, label=""):
    """A dialog role with this accessible name, modal (showModal: the rest of the page inert), and
    focus kept inside: Tab and Shift+Tab, each pressed more times than it has controls, never leave."""
    dialog = page.locator(selector)
    view = spoken(dialog)
    assert view.startswith(f'- dialog "{name}"'), f"{label}: {view[:200]}"
    assert page.evaluate("(s) => document.querySelector(s).matches(':modal')", selector), f"{label}: not modal"
    n = page.evaluate(TABBABLE, selector)
    assert n >= 2, f"{label}: {n} controls"
    for key in ["Tab"] * (n + 2) + ["Shift+Tab"] * (n + 2):
        page.keyboard.press(key)
        inside = page.evaluate("(s) => document.querySelector(s).contains(document.activeElement)", selector)
        assert inside, f"{label}: {key} took focus out of the dialog to {focused(page)}"
