"""Rendering helpers shared by blueprints: one route, two answers (page or htmx fragment)."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import redirect, render_template, request, url_for

TARGET_MAX_LENGTH = 2000  # longer than any URL this site builds; a longer one is not ours
_DECODE_ROUNDS = 3        # %25-nested deeper than this is refused rather than decoded further


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def render(page: str, fragment: str | None = None, status: int = 200, **context):
    """Render the full page, or only its fragment when htmx asked for one."""
    template = fragment if (fragment and is_htmx()) else page
    return render_template(template, **context), status


def client_ip() -> str:
    return request.remote_addr or ""


def mask_ip(ip: str) -> str:
    """Shown to members: enough to recognise, not to identify (last IPv4 octet hidden)."""
    if "." in ip:
        parts = ip.split(".")
        return ".".join(parts[:3] + ["***"])
    if ":" in ip:
        return ":".join(ip.split(":")[:3]) + ":****"
    return ip


def local_target(target: str | None, fallback: str) -> str:
    """`target` when it can only mean a page of this site, else `fallback` (the page's own start).

    The one check of every redirect sink — login `next`, 시간 연장 `back`, go(), hx_redirect() —
    since an open redirect is a phishing aid (issue 13; ASVS 5.1.5). Werkzeug and browsers drop
    TAB/CR/LF and read `\\` as `/`, and a proxy may decode %2F, so every percent-decoded form of
    the target must also be a plain local path: no control character, no backslash, no scheme, no
    netloc, no `//` in the path.
    """
    if not isinstance(target, str) or not target or len(target) > TARGET_MAX_LENGTH:
        return fallback
    text = target
    for _ in range(_DECODE_ROUNDS + 1):
        if not _plain_local_path(text):
            return fallback
        decoded = unquote(text)
        if decoded == text:
            return target
        text = decoded
    return fallback


def _plain_local_path(text: str) -> bool:
    # isprintable() is False for C0, DEL, C1, line/paragraph separators and every space but U+0020.
    if not text.startswith("/") or text.startswith("//") or not text.isprintable() or "\\" in text:
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc and "//" not in parts.path


def _start() -> str:
    return url_for("main.home")


def hx_redirect(url: str, fallback: str | None = None):
    """htmx's full-page redirect (django-htmx HttpResponseClientRedirect): a local target only."""
    return "", 200, {"HX-Redirect": local_target(url, fallback or _start())}


def hx_retarget(selector: str, swap: str = "outerHTML") -> dict[str, str]:
    """Headers that put this answer somewhere else than the request's hx-target (django-htmx retarget/reswap)."""
    return {"HX-Retarget": selector, "HX-Reswap": swap}


def go(url: str | None, fallback: str | None = None):
    """Redirect to a local target (else `fallback`, by default the home page); an htmx request gets
    HX-Redirect, since fetch would follow a 302 and swap the page in."""
    if is_htmx():
        return hx_redirect(url, fallback)
    return redirect(local_target(url, fallback or _start()))
