"""Audited edits of the reference tables: refused unless valid, used by the next evaluation."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from boilerlab import evaluate
from boilerlab.db.models import AuditLog
from boilerlab.base.reference import load_reference
from boilerlab.db.reference_edits import ReferenceEditRefused, save_reference_table
from boilerlab.intake.files import read_table
from boilerlab.db.permissions import PermissionRefused
from tests.staff import add_staff


CASES = Path(__file__).resolve().parents[1] / "data" / "validation_gbt10180.csv"


@pytest.fixture
def sessions(sessions):
    """Two administrators (赵工, 钱工) who may edit the tables, a manager (孙科长) who may not."""
    add_staff(sessions, 赵工="admin", 钱工="admin", 孙科长="manager")
    return sessions


def _q5(folder):
    table = load_reference(folder).table("q5_rated_loss")
    return table.astype({"q5_pct": object, "source_document": object, "status": object})


def test_an_edit_is_saved_audited_and_used_by_the_next_evaluation(sessions, reference_copy):
    table = _q5(reference_copy)
    old_version = load_reference(reference_copy).versions["q5_rated_loss"]
    table.loc[0, "q5_pct"] = 4.8
    edit = save_reference_table(sessions, "q5_rated_loss", table, who="赵工", reason="按原文核对")
    assert edit.old_version == old_version != edit.new_version
    assert edit.changes == [{"row": 1, "column": "q5_pct", "old": 5.0, "new": 4.8}]
    assert load_reference(reference_copy).table("q5_rated_loss")["q5_pct"].iloc[0] == 4.8
    with sessions() as session:
        entry = session.scalar(select(AuditLog).where(AuditLog.action == "edit-reference"))
    assert (entry.who, entry.row_key, entry.detail["reason"], entry.detail["new_version"]) == (
        "赵工", "q5_rated_loss", "按原文核对", edit.new_version)
    stamped = evaluate(read_table(CASES))["reference_versions"].iloc[0]
    assert f"q5_rated_loss={edit.new_version}" in stamped


def test_the_editor_s_file_text_is_every_table_unchanged_and_an_edit_keeps_the_other_cells_as_written(sessions,
                                                                                                        reference_copy):
    """The 参数库 editor holds each file's own text (ReferenceData.file_cells): untouched, it is no edit of any table
    (true/false, numbers and blanks compared as read); one changed cell saves that cell and leaves every other
    cell's text as the file wrote it."""
    from boilerlab.db.reference_edits import check_edit

    reference = load_reference(reference_copy)
    for name in reference.tables:
        problems, changes, added, removed = check_edit(reference.table(name).reset_index(drop=True),
                                                       reference.file_cells(name))
        assert (problems, changes, added, removed) == (["表格没有改动 / nothing was changed"], [], 0, 0), name
    original = reference.file_cells("risk_indicators")  # true/false columns, written "false" in the file
    cells = original.copy()
    cells.loc[0, "source_document"] = cells.loc[0, "source_document"] + " (核对)"
    save_reference_table(sessions, "risk_indicators", cells, who="赵工", reason="出处补充")
    after = load_reference(reference_copy).file_cells("risk_indicators")
    differs = (after != original).to_numpy().nonzero()
    assert list(zip(*differs)) == [(0, list(cells.columns).index("source_document"))]  # each other cell's own text


@pytest.mark.parametrize("change, message", [
    (lambda t: t.assign(extra=1), "列须与原表一致"),
    (lambda t: t.assign(q5_pct=["abc"] + list(t["q5_pct"].iloc[1:])), "不是数字"),
    (lambda t: t.assign(q5_pct=[4.0] + list(t["q5_pct"].iloc[1:]), source_document=[""] + list(
        t["source_document"].iloc[1:])), "source_document"),
    (lambda t: t.assign(q5_pct=[4.0] + list(t["q5_pct"].iloc[1:]), status=["maybe"] + list(t["status"].iloc[1:])),
     "status"),
    (lambda t: t, "没有改动"),
])
def test_a_bad_edit_writes_nothing(sessions, reference_copy, change, message):
    path = reference_copy / "q5_rated_loss.csv"
    before = path.read_bytes()
    with pytest.raises(ReferenceEditRefused, match=message):
        save_reference_table(sessions, "q5_rated_loss", change(_q5(reference_copy)), who="赵工", reason="x")
    assert path.read_bytes() == before
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.table_name != "account")) == 0


def test_an_edit_needs_an_administrator_and_a_reason(sessions, reference_copy):
    table = _q5(reference_copy)
    table.loc[0, "q5_pct"] = 4.8
    path = reference_copy / "q5_rated_loss.csv"
    before = path.read_bytes()
    with pytest.raises(ReferenceEditRefused, match="修改理由"):
        save_reference_table(sessions, "q5_rated_loss", table, who="赵工", reason=" ")
    for who, message in (("", "未登录或账户不存在"), ("孙科长", "账户 孙科长 的角色是管理人员, 此操作限系统管理员")):
        with pytest.raises(PermissionRefused, match=f"无权修改参数库: {message}"):
            save_reference_table(sessions, "q5_rated_loss", table, who=who, reason="按原文核对")
    assert path.read_bytes() == before


def test_an_edit_over_a_newer_version_is_refused(sessions, reference_copy):
    table = _q5(reference_copy)
    opened = load_reference(reference_copy).versions["q5_rated_loss"]
    table.loc[0, "q5_pct"] = 4.8
    save_reference_table(sessions, "q5_rated_loss", table, who="赵工", reason="第一次", expected_version=opened)
    stale = _q5(reference_copy)
    stale.loc[1, "q5_pct"] = 3.0
    with pytest.raises(ReferenceEditRefused, match="已被他人修改"):
        save_reference_table(sessions, "q5_rated_loss", stale, who="钱工", reason="第二次", expected_version=opened)
