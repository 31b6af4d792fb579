"""Every document — terms, 개인정보처리방침, consent forms — with its versions and effective dates, at a
public URL that needs no sign-up flow and no login; the footer links go there."""
from __future__ import annotations

import re

import pytest
from markupsafe import escape

from esop.db import db
from esop.models.consent import CATALOGUE, Document


def text(r):
    return r.get_data(as_text=True)


def test_footer_links_go_to_the_privacy_policy_and_the_terms(client):
    html = text(client.get("/"))
    footer = html[html.index("<footer"):]
    assert re.search(r'<a href="/documents/privacy-policy">개인정보처리방침</a>', footer)
    assert re.search(r'<a href="/documents/online-service-terms">이용약관</a>', footer)


@pytest.mark.parametrize("slug", list(CATALOGUE))
def test_each_document_opens_without_a_flow_or_a_login(client, slug):
    r = client.get(f"/documents/{slug}")
    assert r.status_code == 200
    with db.connection_context():
        doc = Document.get((Document.slug == slug) & (Document.version == 1))
    html = text(r)
    assert f"<h1>{doc.title}</h1>" in html
    first_line = next(line for p in doc.paragraphs() for line in p["lines"] if line)
    assert str(escape(first_line)) in html                   # the text itself, not a redirect to sign-up
    assert "2026-12-01" in html and "버전 1" in html        # the effective date read from the text


def test_the_index_lists_every_document_and_the_old_version_stays_readable(client):
    with db.connection_context():
        Document.create(slug="privacy-policy", version=2, title="개인정보처리방침", kind="terms",
                        body="제1조 (목적)\n새 방침입니다.\n\n부칙\n\n이 개인정보처리방침은 2027년 3월 2일부터 시행합니다.")
    index = text(client.get("/documents/"))
    for slug in CATALOGUE:
        assert f'href="/documents/{slug}"' in index
    current = text(client.get("/documents/privacy-policy"))
    assert "새 방침입니다." in current and "2027-03-02" in current
    assert 'href="/documents/privacy-policy/1"' in current and "2026-12-01" in current
    old = text(client.get("/documents/privacy-policy/1"))
    assert "새 방침입니다." not in old and "이전 버전" in old and 'href="/documents/privacy-policy"' in old


@pytest.mark.parametrize("url", ["/documents/no-such-thing", "/documents/privacy-policy/9",
                                 "/documents/privacy-policy/x"])
def test_unknown_documents_and_versions_are_not_found(client, url):
    assert client.get(url).status_code == 404
