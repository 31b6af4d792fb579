"""Session-wide accessibility sweep (issue 9; login.gov's structural matchers beside axe, in Python).

Every text/html answer the Flask test client receives in the pytest session (FlaskClient.open is
wrapped, as tests/leaksweep.py does) is parsed with html5lib's error-collecting parser and checked:

* the HTML parses without errors (full pages as documents, htmx answers as fragments);
* ids are unique; every aria-describedby / aria-labelledby / aria-controls / label[for] and every
  href="#id" of an error summary names an id that exists;
* a field in an error state (linked from the error summary, or inside a `.field--error` block)
  carries aria-invalid="true" and aria-describedby pointing at its `.field-error` message (on the
  field or on its fieldset); a field in no error state carries no aria-invalid="true";
* a field that is `required`/`aria-required` carries aria-invalid (login.gov: true or false);
* more than one radio/checkbox with one name sit together in a fieldset with a legend;
* every form control has an accessible name (label, aria-label, aria-labelledby, title; a button's text);
* full pages: <html lang="ko">, exactly one h1, base.html's persistent live region (#live-status,
  role="status", polite: fragments announce through it), and a <title> that starts with "오류: "
  exactly when an error summary is shown.

Answers are kept as they arrive and parsed at the test's teardown (never inside a request a test
times); a problem fails the test whose request produced the answer, with the URL; the
terminal summary says how many pages and fragments were checked. 3xx answers (nobody sees their
body) and /static/ files are not checked.
"""
from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

import html5lib
import pytest

ERROR_PREFIX = "오류: "
LIVE_REGION = "live-status"  # base.html's one polite region, present on every full page
IDREF_ATTRS = ("aria-describedby", "aria-labelledby", "aria-controls")
CONTROLS = ("input", "select", "textarea", "button")
NAMELESS_INPUT_TYPES = {"hidden"}
BUTTON_INPUT_TYPES = {"submit", "reset", "button", "image"}


# --- the checks (pure: text in, problems out) ----------------------------------------------------

def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _text(el) -> str:
    return "".join(el.itertext()).strip()


def _describe(el) -> str:
    ident = el.get("id")
    name = el.get("name")
    return f"<{el.tag}{f' id={ident!r}' if ident else ''}{f' name={name!r}' if name else ''}>"


def parse(text: str, fragment: bool):
    """(root element, parse errors) — html5lib, the HTML5 parsing algorithm browsers follow."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree", ET), namespaceHTMLElements=False)
    root = parser.parseFragment(text) if fragment else parser.parse(text)
    errors = []
    for (line, col), code, data in parser.errors:
        detail = ", ".join(f"{k}={v}" for k, v in (data or {}).items())
        errors.append(f"HTML parse error at line {line}, column {col}: {code}{f' ({detail})' if detail else ''}")
    return root, errors


def check_html(text: str, fragment: bool = False) -> list[str]:
    """Every problem of one answer, as sentences; [] when it passes."""
    root, problems = parse(text, fragment)
    parents = {child: parent for parent in root.iter() for child in parent}

    def ancestors(el):
        while el in parents:
            el = parents[el]
            yield el

    elements = list(root.iter())
    ids: dict[str, object] = {}
    for el in elements:
        ident = el.get("id")
        if ident is None:
            continue
        if not ident.strip():
            problems.append(f"{_describe(el)} has an empty id")
        elif ident in ids:
            problems.append(f"duplicate id {ident!r}")
        else:
            ids[ident] = el

    # References to ids.
    for el in elements:
        for attr in IDREF_ATTRS:
            for ref in (el.get(attr) or "").split():
                if ref not in ids:
                    problems.append(f"{_describe(el)} {attr}={ref!r} names no element")
        if el.tag == "label" and el.get("for") is not None and el.get("for") not in ids:
            problems.append(f"<label for={el.get('for')!r}> ({_text(el)!r}) names no element")
    summaries = [el for el in elements if "error-summary" in _classes(el)]
    linked: set[str] = set()
    for summary in summaries:
        for a in summary.iter("a"):
            href = a.get("href") or ""
            if not href.startswith("#"):
                continue
            target = href[1:]
            linked.add(target)
            if target not in ids:
                problems.append(f"error summary link {href!r} ({_text(a)!r}) names no element")

    controls = [el for el in elements if el.tag in CONTROLS]
    fields = [el for el in controls if el.tag != "button"
              and not (el.tag == "input" and (el.get("type") or "text").lower() in NAMELESS_INPUT_TYPES | BUTTON_INPUT_TYPES)]

    # Error state and aria-invalid. A radio/checkbox group is one unit (the summary links its first
    # input); a .field--error block puts its units in error unless the summary names another unit
    # of the block (주민등록번호 앞자리 right, 뒷자리 wrong: only the 뒷자리 is invalid).
    def unit(el):
        kind = (el.get("type") or "").lower()
        if el.tag == "input" and kind in ("radio", "checkbox") and el.get("name"):
            return (kind, el.get("name"))
        return ("field", id(el))

    units: dict[tuple, list] = {}
    for el in fields:
        units.setdefault(unit(el), []).append(el)
    linked_units = {u for u, members in units.items() if any(m.get("id") in linked for m in members)}
    block_units: dict[object, set] = {}
    for el in fields:
        for a in ancestors(el):
            if "field--error" in _classes(a):
                block_units.setdefault(a, set()).add(unit(el))

    def in_error_state(el) -> bool:
        u = unit(el)
        if u in linked_units:
            return True
        return any(u in block_units.get(a, ()) and not (block_units[a] & linked_units)
                   for m in units[u] for a in ancestors(m) if "field--error" in _classes(a))

    for el in fields:
        in_error = in_error_state(el)
        invalid = (el.get("aria-invalid") or "").strip().lower()
        if in_error:
            if invalid != "true":
                problems.append(f"{_describe(el)} is in an error state but lacks aria-invalid=\"true\"")
            holders = [el] + [a for a in ancestors(el) if a.tag == "fieldset"]
            messages = [ref for h in holders for ref in (h.get("aria-describedby") or "").split()
                        if ref in ids and "field-error" in _classes(ids[ref])]
            if not messages:
                problems.append(f"{_describe(el)} is in an error state but no aria-describedby "
                                "(on it or its fieldset) points at its .field-error message")
        elif invalid == "true":
            problems.append(f"{_describe(el)} carries aria-invalid=\"true\" but is in no error state "
                            "(not linked from an error summary, not in a .field--error block)")
        required = el.get("required") is not None or (el.get("aria-required") or "").lower() == "true"
        if required and not invalid:
            problems.append(f"required {_describe(el)} carries no aria-invalid")

    # Radio and checkbox groups in a fieldset with a legend.
    groups: dict[tuple[str, str], list] = {}
    for el in fields:
        kind = (el.get("type") or "").lower()
        if el.tag == "input" and kind in ("radio", "checkbox") and el.get("name"):
            groups.setdefault((kind, el.get("name")), []).append(el)
    for (kind, name), members in groups.items():
        if len(members) < 2:
            continue
        home = next((fs for fs in ancestors(members[0]) if fs.tag == "fieldset"
                     and all(fs in set(ancestors(m)) for m in members[1:])), None)
        if home is None:
            problems.append(f"{len(members)} {kind} inputs named {name!r} are not together in one fieldset")
        elif not any(child.tag == "legend" and _text(child) for child in home):
            problems.append(f"the fieldset of the {kind} inputs named {name!r} has no legend")

    # Accessible names.
    labelled = {el.get("for") for el in elements if el.tag == "label" and el.get("for")}
    for el in controls:
        kind = (el.get("type") or "").lower()
        if el.tag == "input" and kind in NAMELESS_INPUT_TYPES:
            continue
        if (el.get("aria-label") or "").strip() or (el.get("title") or "").strip():
            continue
        refs = (el.get("aria-labelledby") or "").split()
        if refs and any(_text(ids[r]) for r in refs if r in ids):
            continue
        if el.tag == "button" and _text(el):
            continue
        if el.tag == "input" and kind in ("submit", "reset"):
            continue  # the browser names them 제출/초기화 when value is missing
        if el.tag == "input" and kind == "button" and (el.get("value") or "").strip():
            continue
        if el.tag == "input" and kind == "image" and (el.get("alt") or "").strip():
            continue
        if el.get("id") and el.get("id") in labelled:
            label = next(lb for lb in elements if lb.tag == "label" and lb.get("for") == el.get("id"))
            if _text(label):
                continue
        if any(a.tag == "label" and _text(a) for a in ancestors(el)):
            continue
        problems.append(f"{_describe(el)} has no accessible name (label, aria-label, aria-labelledby, title)")

    if not fragment:
        html = root if root.tag == "html" else root.find(".//html")
        lang = html.get("lang") if html is not None else None
        if lang != "ko":
            problems.append(f"<html lang={lang!r}>, expected lang=\"ko\"")
        region = ids.get(LIVE_REGION)
        if region is None or region.get("role") != "status" or region.get("aria-live") != "polite":
            problems.append(f"no persistent live region <div id={LIVE_REGION!r} role=\"status\" aria-live=\"polite\"> "
                            "(fragments announce through it out of band; STYLE 6)")
        h1s = [el for el in elements if el.tag == "h1"]
        if len(h1s) != 1:
            problems.append(f"{len(h1s)} h1 elements on a full page, expected exactly one")
        titles = [el for el in elements if el.tag == "title"]
        title = _text(titles[0]) if titles else ""
        if not title:
            problems.append("the page has no <title>")
        elif summaries and not title.startswith(ERROR_PREFIX):
            problems.append(f"an error summary is shown but the title {title!r} does not start with {ERROR_PREFIX!r}")
        elif not summaries and title.startswith(ERROR_PREFIX):
            problems.append(f"the title {title!r} starts with {ERROR_PREFIX!r} but no error summary is shown")
    return problems


def is_full_page(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype") or head.startswith("<html")


# --- the sweep over the Flask test client ----------------------------------------------------------

@dataclass
class Sweep:
    problems: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=lambda: {"pages": 0, "fragments": 0})
    urls: set[str] = field(default_factory=set)
    pending: list[tuple[str, str, bool]] = field(default_factory=list)  # (where, body, fragment), not yet parsed


SWEEP = Sweep()


def check_response(response) -> None:
    request = getattr(response, "request", None)
    path = getattr(request, "path", "") or ""
    if path.startswith("/static/") or 300 <= response.status_code < 400 or response.mimetype != "text/html":
        return
    raw = response.get_data()
    text = (gzip.decompress(raw) if response.headers.get("Content-Encoding") == "gzip" else raw).decode()
    if not text.strip():
        return
    fragment = not is_full_page(text)
    SWEEP.checked["fragments" if fragment else "pages"] += 1
    method = getattr(request, "method", "?")
    SWEEP.urls.add(f"{method} {path}")
    hx = " (HX-Request)" if request is not None and request.headers.get("HX-Request") else ""
    where = f"{method} {path}{hx} → {response.status_code} {'fragment' if fragment else 'page'}"
    SWEEP.pending.append((where, text, fragment))


def flush() -> None:
    """Parse the answers kept so far. Deferred to the test's teardown so that the parsing never runs
    inside a request a test is timing (reliability A4 compares response times)."""
    while SWEEP.pending:
        where, text, fragment = SWEEP.pending.pop(0)
        for problem in check_html(text, fragment=fragment):
            SWEEP.problems.append(f"{where}: {problem}")


def _wrap_flask_client() -> None:
    from flask.testing import FlaskClient
    if getattr(FlaskClient.open, "_a11ysweep", False):
        return
    original = FlaskClient.open

    @functools.wraps(original)
    def open(self, *args, **kwargs):
        response = original(self, *args, **kwargs)
        for earlier in getattr(response, "history", ()) or ():
            check_response(earlier)
        check_response(response)
        return response

    open._a11ysweep = True
    FlaskClient.open = open


def pytest_configure(config):
    _wrap_flask_client()


@pytest.fixture(autouse=True)
def _a11y_sweep_per_test():
    """Fail the very test whose requests got an inaccessible answer, so the report points at it."""
    flush()  # answers seen outside any test (session fixtures) are not this test's
    before = len(SWEEP.problems)
    yield
    flush()
    new = SWEEP.problems[before:]
    if new:
        more = f"\n… and {len(new) - 20} more" if len(new) > 20 else ""
        pytest.fail("ACCESSIBILITY SWEEP:\n" + "\n".join(new[:20]) + more, pytrace=False)


def pytest_sessionfinish(session, exitstatus):
    flush()
    if SWEEP.problems and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    tr = terminalreporter
    counts = f"{SWEEP.checked['pages']} pages and {SWEEP.checked['fragments']} fragments " \
             f"({len(SWEEP.urls)} distinct method+path)"
    if SWEEP.problems:
        tr.section("ACCESSIBILITY SWEEP FAILED", sep="!", red=True, bold=True)
        for problem in sorted(set(SWEEP.problems))[:100]:
            tr.write_line(problem)
        tr.write_line(f"{len(SWEEP.problems)} problem(s); checked {counts}")
    else:
        tr.write_line(f"accessibility sweep: 0 problems; checked {counts}")
