"""Normalise numeric input (RRNs, phone numbers, codes) typed in whatever way members type it."""

# GOV.UK Design System, "Ask users for numbers": accept spaces and hyphens and
# strip them rather than rejecting the entry.  Korean keyboards in full-width
# mode (전각) produce ０-９ and "－", and phone/RRN numbers are often written
# with dots ("010.1234.5678"), so those are accepted too.
_SEPARATORS = {
    " ", "\t", "\n", "\r", "\u00a0", "\u3000",  # spaces incl. no-break and ideographic space
    "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\uff0d",  # hyphens/dashes/minus
    ".", "\uff0e", "\u3002",  # dots incl. full-width and ideographic full stop
}

# Full-width digits U+FF10..U+FF19 map onto ASCII 0..9.
_FULLWIDTH = {0xFF10 + i: str(i) for i in range(10)}


def normalize_digits(s: str | None) -> str:
    """Return ``s`` without spaces/hyphens/dots and with full-width digits made ASCII.

    Anything else (letters, other symbols) is kept, so the caller's
    "digits only" check still rejects it instead of silently dropping it.
    """
    if not s:
        return ""
    s = s.translate(_FULLWIDTH)
    return "".join(ch for ch in s if ch not in _SEPARATORS)


def is_ascii_digits(s: str) -> bool:
    """True when ``s`` is non-empty and only ASCII 0-9 (str.isdigit also accepts ², ٣ …)."""
    return bool(s) and s.isascii() and s.isdigit()


def mask_typed_account(typed: str, shown_head: int = 6, shown_tail: int = 4) -> str:
    """Another bank's account number masked in the grouping the member typed (issue 16: banks group
    their numbers differently, so "123456-78-901234" must not come back as "123-456-…").
    Separators become "-"; the first `shown_head` and last `shown_tail` digits stay readable."""
    groups, current = [], ""
    for ch in (typed or "").translate(_FULLWIDTH):
        if ch in _SEPARATORS:
            if current:
                groups.append(current)
            current = ""
        else:
            current += ch
    if current:
        groups.append(current)
    total = sum(len(g) for g in groups)
    out, seen = [], 0
    for group in groups:
        masked = ""
        for ch in group:
            masked += ch if (seen < shown_head or seen >= total - shown_tail) else "*"
            seen += 1
        out.append(masked)
    return "-".join(out)
