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
