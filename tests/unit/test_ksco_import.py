"""`flask esop import-jobs` (issue 16 defect 12): an official table is checked whole (header, codes,
hierarchy, duplicates, the revision's published counts) and stored once; a bad file is refused with
the line and the problem, and nothing is stored."""
from __future__ import annotations

from pathlib import Path

import pytest

from esop.db import db
from esop.lookup.jobs_cli import import_jobs
from esop.models import jobs as stored
from esop.rules import ksco
from jobs_revision_steps import TEST_TABLE, know_revision9


@pytest.fixture
def revision9(monkeypatch):
    return know_revision9(monkeypatch)


KSCO7 = (Path(__file__).resolve().parents[2] / "esop" / "data" / "ksco7.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(("change", "message"), [
    (("11,시험 중분류 하나,2,1", "11,시험 중분류 하나,2,2"), "line 3: code 11 must have parent 1, not '2'"),
    (("111,시험 소분류 가,3,11", "111,시험 소분류 가,2,11"), "line 4: code 111 must be level 3, not '2'"),
    (("1,시험 대분류 하나,1,", "1,시험 대분류 하나,1,9"), "line 2: major group 1 cannot have a parent (9)"),
    (("111,시험 소분류 가,3,11", "11x,시험 소분류 가,3,11"), "line 4: code '11x' is not a KSCO code"),
    (("211,시험 소분류 다,3,21", "211,,3,21"), "line 8: code 211 has no name"),
    (("112,시험 소분류 나,3,11", "112,시험 소분류 나,3"), "line 5: 3 columns, expected 4"),
    (("code,name,level,parent", "코드,항목명,level,parent"), "line 1: the header must be code,name,level,parent"),
])
def test_malformed_hierarchy_is_refused_naming_the_line(revision9, change, message):
    with pytest.raises(ksco.TableError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        ksco.parse_table(TEST_TABLE.replace(*change), revision9)


def test_a_child_before_its_parent_is_refused(revision9):
    lines = TEST_TABLE.splitlines()
    lines[2], lines[3] = lines[3], lines[2]  # 111 before 11
    with pytest.raises(ksco.TableError, match="^line 3: parent 11 of 111 is not listed above it"):
        ksco.parse_table("\n".join(lines), revision9)


def test_duplicate_codes_are_refused(revision9):
    with pytest.raises(ksco.TableError, match="^line 9: code 211 appears twice"):
        ksco.parse_table(TEST_TABLE + "211,시험 소분류 라,3,21\n", revision9)


def test_unknown_revision_is_refused():
    with pytest.raises(ksco.TableError, match="알 수 없는 개정 차수 '9'"):
        ksco.parse_table(TEST_TABLE, "9")


def test_counts_must_be_the_published_ones():
    # The 7th table offered as the 8th: 52 sub-major groups where the 8th has 57 (고시 제2024-328호).
    with pytest.raises(ksco.TableError, match="한국표준직업분류 제8차 has 10/57/167 .* this file has 10/52/156"):
        ksco.parse_table(KSCO7, "8")


def test_good_file_loads_once_then_again_changes_nothing(app, revision9):
    with app.app_context(), db.connection_context():
        assert "loaded (2/2/3" in import_jobs(TEST_TABLE, revision9, "시험 파일")
        assert "already loaded, unchanged" in import_jobs(TEST_TABLE, revision9, "시험 파일")
        assert stored.JobGroup.select().where(stored.JobGroup.revision == "9").count() == 7
        assert stored.JobRevision.get_by_id("9").source == "시험 파일"
        tree = stored.tree_of("9")
        assert [o.code for o in tree.majors()] == ["1", "2"] and tree.is_minor("112")


def test_a_loaded_revision_is_never_changed(app, revision9):
    with app.app_context(), db.connection_context():
        import_jobs(TEST_TABLE, revision9, "시험 파일")
        with pytest.raises(stored.RevisionConflict):
            import_jobs(TEST_TABLE.replace("시험 소분류 가", "다른 이름"), revision9, "시험 파일")
        assert stored.tree_of("9").get("111").name == "시험 소분류 가"


def test_the_bundled_seventh_is_loaded_by_migration(app):
    with app.app_context(), db.connection_context():
        assert "제2017-191호" in stored.JobRevision.get_by_id("7").source
        assert "already loaded, unchanged" in import_jobs(KSCO7, "7", "again")


def test_command_refuses_a_bad_file_with_the_line_and_loads_a_good_one(app, revision9, tmp_path):
    runner = app.test_cli_runner()
    bad = tmp_path / "bad.csv"
    bad.write_text(TEST_TABLE + "211,시험 소분류 라,3,21\n", encoding="utf-8")
    result = runner.invoke(args=["esop", "import-jobs", str(bad), "--revision", "9", "--source", "x"])
    assert result.exit_code != 0 and "bad.csv: line 9: code 211 appears twice" in result.output
    good = tmp_path / "good.csv"
    good.write_bytes(TEST_TABLE.encode("cp949"))  # the official files also come in CP949
    result = runner.invoke(args=["esop", "import-jobs", str(good), "--revision", "9", "--source", "통계청 시험"])
    assert result.exit_code == 0 and "한국표준직업분류 제9차: loaded" in result.output, result.output
    result = runner.invoke(args=["esop", "import-jobs", str(good), "--revision", "9", "--source", " "])
    assert result.exit_code != 0 and "--source" in result.output
