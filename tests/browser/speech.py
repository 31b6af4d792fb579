"""A speech model for browser tests (issue 17): what a screen reader would say from live regions, and when.

A MutationObserver records the text that arrives in an `aria-live` / `role=status|alert|log` region after
the page has loaded (a region already in the HTML is not announced on load). A region a screen reader
cannot reach says nothing: hidden, aria-hidden, inert, or outside the open modal dialog (showModal makes
the rest of the page inert). Each record is one utterance, so a journey can assert what is said, how
often, and that one event is not said twice.

    speech = Speech(page)          # before the journey; survives navigations
    ... do one thing ...
    said = speech.settle()         # what was said once things went quiet
    speech.assert_once("사용가능한 아이디", said)
"""
from __future__ import annotations

LIVE = "[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]"

_MODEL = """(LIVE) => {
    if (window.__esopSpeech) return;
    const log = window.__esopSpeech = [];
    const heard = r => {
        if (r.closest('[hidden], [inert], [aria-hidden=true]')) return false;
        const modal = document.querySelector('dialog:modal');
        return !modal || modal.contains(r);
    };
    const start = () => new MutationObserver(muts => {
        const regions = new Set();
        for (const m of muts) {
            const t = m.target.nodeType === 1 ? m.target : m.target.parentElement;
            const around = t && t.closest(LIVE);
            if (around && (m.type === 'characterData' || m.addedNodes.length)) regions.add(around);
            for (const n of m.addedNodes) if (n.nodeType === 1) {
                if (n.matches(LIVE) && !around) regions.add(n);
                if (!around) n.querySelectorAll(LIVE).forEach(r => { if (!r.parentElement.closest(LIVE)) regions.add(r); });
            }
        }
        for (const r of regions) {
            const text = r.textContent.replace(/\\s+/g, ' ').trim();
            if (text && heard(r)) log.push({t: Date.now(), region: r.id || r.className || r.tagName, text});
        }
    }).observe(document.documentElement, {subtree: true, childList: true, characterData: true});
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
}"""


class Speech:
    """What is said in `page` from now on (and on every page it navigates to)."""

    def __init__(self, page):
        self.page = page
        script = f"({_MODEL})({LIVE!r});"
        page.add_init_script(script)
        page.evaluate(_MODEL, LIVE)

    def said(self, clear=False) -> list[dict]:
        return self.page.evaluate("(clear) => { const l = (window.__esopSpeech || []).slice(); "
                                  "if (clear && window.__esopSpeech) window.__esopSpeech.length = 0; return l; }", clear)

    def clear(self):
        self.said(clear=True)

    def settle(self, quiet_ms=1000, timeout_ms=10000, clear=True) -> list[dict]:
        """Wait until nothing new has been said for `quiet_ms`; return what was said (and start afresh)."""
        waited, count, since = 0, -1, 0
        while waited < timeout_ms:
            n = len(self.said())
            since = since + 100 if n == count else 0
            count = n
            if since >= quiet_ms:
                break
            self.page.wait_for_timeout(100)
            waited += 100
        return self.said(clear=clear)

    @staticmethod
    def count(fragment, said) -> int:
        return sum(fragment in e["text"] for e in said)

    @classmethod
    def assert_once(cls, fragment, said, label=""):
        assert cls.count(fragment, said) == 1, f"{label}: {fragment!r} should be said once, was said: {texts(said)}"

    @staticmethod
    def assert_no_repeats(said, label=""):
        """One event, one utterance of each message: the same text twice is a repeat."""
        seen = texts(said)
        assert len(seen) == len(set(seen)), f"{label}: said twice: {seen}"


def texts(said) -> list[str]:
    return [e["text"] for e in said]
