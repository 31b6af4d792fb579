"""static/app.css keeps its accessibility promises: a visible focus ring, readable text colours, reduced motion.

axe checks the contrast of the text it finds on the pages the browser tests reach; this reads the
stylesheet itself, so a colour or ring changed for a page no test visits is caught too.
"""
from __future__ import annotations

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "static" / "app.css").read_text("utf-8")
FOCUSABLE = ("a", "button", "input", "select", "textarea", "summary", "dialog")


def rules(css: str) -> list[tuple[str, str, dict[str, str]]]:
    """(media condition or "", selector, declarations) for every rule; one level of @media nesting."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out, media = [], []
    for m in re.finditer(r"([^{}]*)\{|\}", css):
        if m.group(0) == "}":
            if media and media[-1][1] == "open":
                media.pop()
            continue
        head = m.group(1).strip()
        if head.startswith("@media"):
            media.append((head[len("@media"):].strip(), "open"))
            continue
        body = css[m.end():css.index("}", m.end())]
        decls = {}
        for part in body.split(";"):
            if ":" in part:
                key, value = part.split(":", 1)
                decls[key.strip().lower()] = value.strip()
        out.append((media[-1][0] if media else "", head, decls))
    return out


RULES = rules(CSS)
VARS = {k: v for _, sel, d in RULES if sel == ":root" for k, v in d.items()}


def colour(value: str) -> str | None:
    """A hex colour from a value (var() resolved), or None when it is not a plain colour."""
    value = re.sub(r"var\((--[\w-]+)\)", lambda m: VARS[m.group(1)], value).strip().lower()
    value = {"white": "#ffffff", "#fff": "#ffffff", "black": "#000000"}.get(value, value)
    m = re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", value) or re.search(r"#([0-9a-f]{6})\b", value)
    if not m:
        return None
    h = m.group(1)
    return "#" + ("".join(c * 2 for c in h) if len(h) == 3 else h)


def contrast(a: str, b: str) -> float:
    def lum(h):
        r, g, b_ = (int(h[i:i + 2], 16) / 255 for i in (1, 3, 5))
        f = lambda c: c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4  # noqa: E731
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b_)
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


def focus_rule() -> dict[str, str]:
    """The declarations every focusable element gets on :focus-visible (one rule lists them all)."""
    for media, selector, decls in RULES:
        names = {s.strip() for s in selector.split(",")}
        if not media and all(f"{tag}:focus-visible" in names for tag in FOCUSABLE):
            return decls
    raise AssertionError(f"no rule gives {', '.join(FOCUSABLE)} a :focus-visible ring")


BACKGROUNDS = {"paper": colour("var(--paper)"), "soft": colour("var(--soft)"), "header": colour("var(--brand)"),
               "primary button hover": colour("var(--brand-dark)"), "error-free notice": "#fff8dc"}


def test_focus_ring_is_at_least_2px_and_3_to_1_against_what_touches_it():
    decls = focus_rule()
    width, style, ring = decls["outline"].split()
    assert float(width.removesuffix("px")) >= 2 and style == "solid"
    ring = colour(ring)
    halo = colour(decls["box-shadow"])
    spread = float(decls["box-shadow"].split()[3].removesuffix("px"))
    offset = float(decls["outline-offset"].removesuffix("px"))
    # The halo fills the offset gap and lies outside the ring: the ring's neighbours are the halo.
    assert spread > offset + float(width.removesuffix("px")), "the halo must wrap the ring on both sides"
    assert contrast(ring, halo) >= 3, (ring, halo)
    for name, background in BACKGROUNDS.items():
        # Where the halo meets a background, ring or halo must stand out from it.
        assert max(contrast(ring, background), contrast(halo, background)) >= 3, name


def test_nothing_removes_the_focus_outline_of_a_control():
    for media, selector, decls in RULES:
        if decls.get("outline", "").split()[:1] in (["none"], ["0"]):
            assert selector == "main:focus", f"{selector} removes the focus outline"


def test_text_colours_have_4_5_to_1_against_their_background():
    context = {".nav": BACKGROUNDS["header"], ".brand": BACKGROUNDS["header"], ".site-header": BACKGROUNDS["header"]}
    checked = 0
    for media, selector, decls in RULES:
        text = colour(decls["color"]) if "color" in decls else None
        if not text:
            continue
        own = decls.get("background") or decls.get("background-color")
        if not own:  # `.x:hover` / `.x:focus` sit on the background of `.x`
            base = re.sub(r":[\w-]+", "", selector)
            own = next((d.get("background") for m, sel, d in RULES if sel == base and not m and d.get("background")), None)
        backgrounds = [colour(own)] if own and colour(own) else \
            [bg for key, bg in context.items() if key in selector] or [BACKGROUNDS["paper"], BACKGROUNDS["soft"]]
        for background in backgrounds:
            assert contrast(text, background) >= 4.5, f"{selector}: {text} on {background}"
            checked += 1
    assert checked >= 20


def test_reduced_motion_turns_off_animation_transition_and_smooth_scroll():
    reduced = [d for media, _, d in RULES if "prefers-reduced-motion: reduce" in media]
    joined = {k: v for d in reduced for k, v in d.items()}
    assert joined.get("animation-duration", "").startswith("0.01ms")
    assert joined.get("transition-duration", "").startswith("0.01ms")
    assert joined.get("scroll-behavior", "").startswith("auto")


def test_the_current_step_is_marked_by_more_than_colour_and_weight():
    """Forced colours (Windows high contrast) repaint backgrounds and borders in system colours, and
    bold alone is a weak cue (WCAG 1.4.1): the current step also needs a mark of its own shape."""
    marks = {"text-decoration", "text-decoration-line", "border-style", "outline", "outline-style"}
    current = [decls for _, selector, decls in RULES if "steps__item--current" in selector]
    assert any(marks & set(decls) for decls in current), current
