"""약관 및 개인정보처리방침: every document and each of its versions at a public URL — no sign-up flow,
no login (개인정보 보호법 제30조 ②: the 처리방침 is published so anyone can read it at any time)."""
from __future__ import annotations

from flask import abort, render_template

from ..models.consent import catalogue_documents, versions_of
from . import bp


@bp.route("/documents/")
def documents():
    return render_template("main/documents.html", docs=catalogue_documents())


@bp.route("/documents/<slug>")
@bp.route("/documents/<slug>/<int:version>")
def document(slug, version=None):
    versions = versions_of(slug)
    shown = next((d for d in versions if version is None or d.version == version), None)
    if shown is None:
        abort(404)
    return render_template("main/document.html", doc=shown, versions=versions, newest=versions[0])
