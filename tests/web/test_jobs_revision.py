"""직업 classification revisions on the pages (issue 16 defect 12): the selects say which revision they
offer; a member registered under an older revision keeps the code and sees it named with that
revision; a change in 고객정보 변경 uses the current revision."""
from __future__ import annotations

import pytest

from esop.db import db
from jobs_revision_steps import TEST_TABLE, know_revision9
from mypage_steps import fresh, login, member, post
from test_mypage_profile import PROFILE


@pytest.fixture
def revision9(monkeypatch):
    return know_revision9(monkeypatch)


@pytest.fixture
def current9(app, revision9):
    """Revision "9" loaded and made the current one, as an operator would after `import-jobs`."""
    from esop.lookup.jobs_cli import import_jobs
    with app.app_context(), db.connection_context():
        import_jobs(TEST_TABLE, revision9, "시험 파일")
    app.config["JOB_REVISION"] = revision9
    return revision9


def test_the_profile_page_names_the_revision_it_offers_and_the_members_job(client):
    member(job_code="312")
    assert login(client).status_code == 302
    html = client.get("/account/profile").get_data(as_text=True)
    assert "(한국표준직업분류 제7차 기준)" in html
    assert "등록된 직업: 사무 종사자 › 경영 및 회계 관련 사무직 › 경영 관련 사무원 (한국표준직업분류 제7차)" in html
    assert "비워 두십시오" not in html  # the code is of the current revision: nothing older to keep


def test_the_selects_offer_the_current_revision_and_say_so(client, current9):
    member()
    assert login(client).status_code == 302
    html = client.get("/account/profile").get_data(as_text=True)
    assert "(한국표준직업분류 제9차 기준)" in html and "제7차 기준" not in html
    assert '<option value="1">시험 대분류 하나</option>' in html
    mids = client.get("/account/profile/jobs?job_major=1", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "시험 중분류 하나" in mids


def test_a_member_of_an_older_revision_keeps_the_code_and_sees_it_named(client, current9):
    m, _ = member(job_code="312", job_revision="7")
    assert login(client).status_code == 302
    html = client.get("/account/profile").get_data(as_text=True)
    assert "등록된 직업: 사무 종사자 › 경영 및 회계 관련 사무직 › 경영 관련 사무원 (한국표준직업분류 제7차)" in html
    assert "비워 두십시오" in html
    # Other fields change; 직업검색 left empty keeps the 7th-revision code.
    r = post(client, "/account/profile", dict(PROFILE, job_major="", job_mid="", job_minor="", company="다른회사"))
    assert r.status_code == 302, r.get_data(as_text=True)
    kept = fresh(m)
    assert (kept.company, kept.job_code, kept.job_revision) == ("다른회사", "312", "7")
    # A new choice is made in the current revision and stored with it.
    r = post(client, "/account/profile", dict(PROFILE, job_major="2", job_mid="21", job_minor="211"))
    assert r.status_code == 302
    changed = fresh(m)
    assert (changed.job_code, changed.job_revision) == ("211", "9")
    html = client.get("/account/profile").get_data(as_text=True)
    assert "등록된 직업: 시험 대분류 둘 › 시험 중분류 둘 › 시험 소분류 다 (한국표준직업분류 제9차)" in html


def test_a_member_of_the_current_revision_must_still_choose_all_three(client, current9):
    member(job_code="111", job_revision="9")
    assert login(client).status_code == 302
    r = post(client, "/account/profile", dict(PROFILE, job_major="", job_mid="", job_minor=""))
    assert r.status_code == 422 and "직업검색에서" in r.get_data(as_text=True)


def test_a_serving_process_refuses_to_start_without_its_revision(make_app, revision9):
    from esop.lookup.jobs import RevisionNotLoaded
    with pytest.raises(RevisionNotLoaded, match="import-jobs"):
        make_app(env={"ESOP_JOB_REVISION": "9"})
