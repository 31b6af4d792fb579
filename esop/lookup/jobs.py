"""직업검색 (KSCO 대분류 → 중분류 → 소분류): the select levels and their htmx answer, shared by
회원가입 2-4 and 마이페이지 고객정보 변경 (blueprints side by side: neither imports the other's views)."""
from __future__ import annotations

from flask import current_app, request

from ..rules import ksco
from ..web import render


def job_levels(major: str, mid: str) -> dict:
    return {"majors": ksco.majors(), "mids": ksco.children(major) if major else [],
            "minors": ksco.children(mid) if mid and mid.startswith(major or "-") else []}


def job_fragment(level: str, major: str, mid: str, endpoint: str | None = None) -> str:
    """The htmx answer of 직업검색. It depends only on the read-only KSCO tree and the choice — no
    session, form, token or member — so each answer is rendered once per app and process: at most
    1 + majors + sub-majors answers (an unknown sub-major is rendered, not kept)."""
    app = current_app._get_current_object()
    key = (endpoint, level, major, mid, request.script_root)
    cache = app.extensions.setdefault("esop.job_fragments", {})
    html = cache.get(key)
    if html is None:
        html, _ = render("signup/_job_selects.html", None, jobs_endpoint=endpoint, job_fragment=level, form=None,
                         **job_levels(major, mid))
        if not app.jinja_env.auto_reload and (not mid or ksco.get(mid) is not None):
            cache[key] = html
    return html
