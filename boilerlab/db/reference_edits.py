"""Editing a reference table: validated, written atomically, and audited.

An edit keeps the table's columns (the code reads them by name), keeps numeric columns numeric, gives
every changed or added row a ``source_document`` and a valid ``status``, and must leave the whole
reference set loadable. The audit entry records who, why, the table version before and after, and
every changed cell. Results computed afterwards carry the new version (its SHA-256 prefix changes).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.base.values import is_blank as _blank
from boilerlab.db.models import AuditLog
from boilerlab.db.permissions import Who, authorise
from boilerlab.base.reference import STATUSES, ReferenceDataError, load_reference

MAX_AUDITED_CELLS = 500  # a detail larger than this is summarised; the table file itself is the full record


class ReferenceEditRefused(ValueError):
    """The edited table was not saved; ``problems`` lists why (Chinese and English)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ReferenceEdit:
    """What a saved edit changed."""

    table: str
    old_version: str
    new_version: str
    changes: list[dict[str, Any]] = field(default_factory=list)
    added: int = 0
    removed: int = 0


def _truth(value: Any) -> bool | None:
    """A true/false cell as pandas reads it from the file (True, or the text true/True/TRUE); None if it is not one."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return {"true": True, "false": False}.get(str(value).strip().lower())


def _same(a: Any, b: Any) -> bool:
    if _blank(a) and _blank(b):
        return True
    if _blank(a) or _blank(b):
        return False
    if isinstance(a, (bool, np.bool_)) or isinstance(b, (bool, np.bool_)):  # the editor holds the file's text
        return _truth(a) is not None and _truth(a) == _truth(b)
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


def _plain(value: Any) -> Any:
    if _blank(value):
        return None
    return value.item() if hasattr(value, "item") else value


def check_edit(old: pd.DataFrame, new: pd.DataFrame) -> tuple[list[str], list[dict[str, Any]], int, int]:
    """Problems of an edited table, and its changed cells, added rows and removed rows (rows compared by position)."""
    problems = []
    if list(new.columns) != list(old.columns):
        problems.append(f"列须与原表一致 / the columns must stay as they are: {list(old.columns)}, got {list(new.columns)}")
        return problems, [], 0, 0
    for column in old.columns:
        if pd.api.types.is_numeric_dtype(old[column]) and not pd.api.types.is_bool_dtype(old[column]):
            numbers = pd.to_numeric(new[column], errors="coerce")
            for row in new.index[numbers.isna() & ~new[column].map(_blank)]:
                problems.append(f"第 {row + 1} 行 {column} 的值 {new.at[row, column]!r} 不是数字 / row {row + 1}: "
                                f"{column} value {new.at[row, column]!r} is not a number")
    changes, touched = [], set()
    for row in range(min(len(old), len(new))):
        for column in old.columns:
            before, after = old.iat[row, old.columns.get_loc(column)], new.iat[row, new.columns.get_loc(column)]
            if not _same(before, after):
                changes.append({"row": row + 1, "column": column, "old": _plain(before), "new": _plain(after)})
                touched.add(row)
    added, removed = max(len(new) - len(old), 0), max(len(old) - len(new), 0)
    touched.update(range(len(old), len(new)))
    for row in sorted(touched):
        if _blank(new.at[row, "source_document"]):
            problems.append(f"第 {row + 1} 行改动或新增, 须填写出处 source_document / row {row + 1} was changed or added: "
                            "its source_document must be given")
        status = new.at[row, "status"]
        if status not in STATUSES:
            problems.append(f"第 {row + 1} 行 status 的值 {status!r} 无效, 有效取值 {list(STATUSES)} / row {row + 1}: "
                            f"invalid status {status!r}")
    if not changes and not added and not removed:
        problems.append("表格没有改动 / nothing was changed")
    return problems, changes, added, removed


def save_reference_table(sessions: sessionmaker[Session], name: str, edited: pd.DataFrame, *, who: Who, reason: str,
                         directory: str | os.PathLike | None = None,
                         expected_version: str | None = None) -> ReferenceEdit:
    """Replace reference table ``name`` with ``edited``, audited.

    Parameters
    ----------
    edited : pandas.DataFrame
        The whole table, with the same columns as now.
    who : str or Loader
        The administrator making the change (permission ``reference``; recorded).
    reason : str
        Why (recorded), e.g. the document the new values come from.
    directory : path, optional
        The reference folder (default: the one :func:`boilerlab.base.reference.load_reference` reads).
    expected_version : str, optional
        The table version the editor started from; refused if someone saved another version since.

    Raises
    ------
    ReferenceEditRefused
        Nothing was written; ``problems`` lists every reason.
    PermissionRefused
        ``who`` may not edit reference tables; nothing was written.
    """
    with sessions() as session:  # refused before anything else is looked at (and checked again when writing)
        authorise(session, who, "reference")
    if not reason.strip():
        raise ReferenceEditRefused(["修改参数须填写修改理由 / an edit needs a reason"])
    reference = load_reference(directory)
    if name not in reference.tables:
        raise ReferenceEditRefused([f"未知的参考数据表 {name!r} / unknown table; valid: {sorted(reference.tables)}"])
    if expected_version is not None and expected_version != reference.versions[name]:
        raise ReferenceEditRefused([f"{name} 已被他人修改 (当前版本 {reference.versions[name]}, 您打开的是 {expected_version}), "
                                    f"请重新打开后再改 / {name} changed since you opened it: reload and edit again"])
    old = reference.tables[name].reset_index(drop=True)
    edited = edited.reset_index(drop=True)
    problems, changes, added, removed = check_edit(old, edited)
    if problems:
        raise ReferenceEditRefused(problems)
    folder = reference.directory
    manifest = pd.read_csv(folder / "manifest.csv", dtype=str).set_index("table")
    target = folder / manifest.at[name, "file"]
    with tempfile.TemporaryDirectory() as scratch:  # the whole set must still load with the edit in place
        trial = Path(scratch) / "reference"
        shutil.copytree(folder, trial)
        edited.to_csv(trial / target.name, index=False, encoding="utf-8")
        try:
            new_version = load_reference(trial).versions[name]
        except (ReferenceDataError, ValueError, KeyError) as exc:
            raise ReferenceEditRefused([f"修改后参考数据无法载入 / the edited table does not load: {exc}"]) from exc
        staged = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copyfile(trial / target.name, staged)
    edit = ReferenceEdit(name, reference.versions[name], new_version, changes, added, removed)
    detail = {"reason": reason, "old_version": edit.old_version, "new_version": new_version, "added_rows": added,
              "removed_rows": removed, "changed_cells": len(changes), "changes": changes[:MAX_AUDITED_CELLS]}
    before = target.read_bytes()
    replaced = False
    try:
        with sessions.begin() as session:  # the audit row commits only if the file was replaced …
            session.add(AuditLog(who=authorise(session, who, "reference"), action="edit-reference", table_name="reference", row_key=name, detail=detail))
            session.flush()
            os.replace(staged, target)
            replaced = True
    except BaseException:
        if replaced:  # … and the file goes back if the audit row did not commit
            target.write_bytes(before)
        raise
    finally:
        staged.unlink(missing_ok=True)
    return edit
