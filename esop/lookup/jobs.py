"""직업검색 (KSCO 대분류 → 중분류 → 소분류): the select levels and their htmx answer, shared by
회원가입 2-4 and 마이페이지 고객정보 변경 (blueprints side by side: neither imports the other's views).
Choices are made in the current revision (config JOB_REVISION); a member's code is read in its own."""
from __future__ import annotations

from flask import current_app, request

from ..models import jobs as stored
from ..rules import ksco
from ..web import render


class RevisionNotLoaded(RuntimeError):
    """The configured revision's table is not in the database: `flask esop import-jobs` first."""


def current_revision() -> str:
    return current_app.config["JOB_REVISION"]


def tree(revision: str | None = None) -> ksco.Tree:
    """A loaded revision, read once per app and process (a loaded revision never changes)."""
    revision = revision or current_revision()
    cache = current_app.extensions.setdefault("esop.ksco", {})
    found = cache.get(revision)
    if found is None:
        found = stored.tree_of(revision)
        if found is None:
            raise RevisionNotLoaded(f"{ksco.label(revision)} is not loaded: run `flask --app app esop import-jobs "
                                    f"<file> --revision {revision} --source \"…\"` (README.md, '직업 classification')")
        cache[revision] = found
    return found


def forget(revision: str) -> None:
    current_app.extensions.setdefault("esop.ksco", {}).pop(revision, None)


def check_loaded(app) -> None:
    """A serving process's start: fail closed when the configured revision is missing."""
    with app.app_context():
        tree()


def member_job(code: str, revision: str) -> str:
    """'대분류 › 중분류 › 소분류 (한국표준직업분류 제7차)' for a member's stored code, in the revision it was
    chosen under (a member registered before a new revision keeps that code); "" without one."""
    if not code:
        return ""
    try:
        names = [o.name for o in tree(revision).path(code)]
    except RevisionNotLoaded:
        names = []
    return f"{' › '.join(names) or code} ({ksco.label(revision)})"


def job_levels(major: str, mid: str) -> dict:
    current = tree()
    return {"majors": current.majors(), "mids": current.children(major) if major else [],
            "minors": current.children(mid) if mid and mid.startswith(major or "-") else [],
            "job_revision_label": current.label}


def job_fragment(level: str, major: str, mid: str, endpoint: str | None = None) -> str:
    """The htmx answer of 직업검색. It depends only on the read-only KSCO tree and the choice — no
    session, form, token or member — so each answer is rendered once per app and process: at most
    1 + majors + sub-majors answers (an unknown sub-major is rendered, not kept)."""
    app = current_app._get_current_object()
    key = (endpoint, current_revision(), level, major, mid, request.script_root)
    cache = app.extensions.setdefault("esop.job_fragments", {})
    html = cache.get(key)
    if html is None:
        html, _ = render("signup/_job_selects.html", None, jobs_endpoint=endpoint, job_fragment=level, form=None,
                         **job_levels(major, mid))
        if not app.jinja_env.auto_reload and (not mid or tree().get(mid) is not None):
            cache[key] = html
    return html
