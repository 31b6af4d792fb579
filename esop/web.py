"""Rendering helpers shared by blueprints: one route, two answers (page or htmx fragment)."""
from __future__ import annotations

from flask import render_template, request


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


def go(url: str):
    """Redirect; an htmx request gets HX-Redirect, since fetch would follow a 302 and swap the page in."""
    from flask import redirect
    if is_htmx():
        return "", 200, {"HX-Redirect": url}
    return redirect(url)
