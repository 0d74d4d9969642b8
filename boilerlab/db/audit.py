"""The tamper-evident audit log (issue 14, item 4): every audit row carries the SHA-256 of its content chained to
the row before it, so an edited, deleted or inserted row no longer fits.

A row's hash is ``SHA-256(previous hash + "\\n" + canonical content)``, the content being its time (UTC, to the
microsecond), who, action, table, row key and detail as sorted JSON. Rows are numbered in the chain
(``chain_seq`` 1, 2, …) and the single ``audit_chain`` row holds the chain's length and last hash: a row deleted
from the end shows there. The hashes are filled in by a ``before_flush`` hook on every session, whichever code
added the row, or by :func:`add_audit_rows` for many rows at once (an import); either reads the chain head
``FOR UPDATE`` (PostgreSQL: a row lock until commit; SQLite: every write transaction already begins IMMEDIATE), so
concurrent writers append one after the other and never fork it.

The chain makes changes evident, not impossible: someone who can write the database can recompute every hash
after an edit. Keeping a copy of the head (``audit_chain``'s last hash, printed by ``boilerlab audit verify``)
outside the database closes that gap.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import event, insert, select, update
from sqlalchemy import inspect as state_of
from sqlalchemy.orm import Session

from boilerlab.base.vocabulary import WHOLE_RECORDS  # a test's inputs and results: a digest or a copy kept
from boilerlab.db.models import AuditChain, AuditLog, TestRecord, utc_now
from boilerlab.db.session import Sessions, json_bytes

#: The hash before the first row.
GENESIS = ""


def _utc_text(at: datetime) -> str:
    """The time as stored and read back on every backend: UTC, naive, to the microsecond."""
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc).replace(tzinfo=None)
    return at.isoformat(sep=" ", timespec="microseconds")


def canonical_content(at: datetime, who: str, action: str, table_name: str, row_key: str | None,
                      detail: Any) -> str:
    """The row's content as one text, the same before it is written and after it is read back."""
    return json.dumps([_utc_text(at), who, action, table_name, row_key, detail], ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def row_hash(previous_hash: str, content: str) -> str:
    """SHA-256 (hex) of the previous row's hash and this row's content, joined by a newline.

    Parameters
    ----------
    previous_hash : str
        The previous row's hash (hex), "" before the first row.
    content : str
        :func:`canonical_content` of this row.

    References
    ----------
    FIPS 180-4, Secure Hash Standard (SHA-256), through Python's ``hashlib``.

    Examples
    --------
    >>> row_hash("", "[]")[:16]  # the same as coreutils: printf '\\n[]' | sha256sum
    'e7526f9a4360fd59'
    """
    return hashlib.sha256(f"{previous_hash}\n{content}".encode("utf-8")).hexdigest()


def record_digest(value: Any) -> str:
    """SHA-256 (hex) of a record's JSON value as canonical text: as a JSON column writes it, keys sorted
    (:func:`boilerlab.db.session.json_bytes`; the digest is only ever compared with another made the same way).

    What an audit row keeps of a whole record it does not copy (a new test's inputs and results, which the test
    record holds and its upload's file gives again): the record read back gives the same digest while unchanged.

    Examples
    --------
    >>> record_digest({"b": 1, "a": None}) == record_digest({"a": None, "b": 1})
    True
    """
    return hashlib.sha256(json_bytes(value, sort_keys=True)).hexdigest()


def _stored_time(at: datetime | None) -> datetime:
    """A new row's time as both ways of adding rows store it: now where none is given, and UTC where it has a zone
    (SQLite keeps the wall time and drops the zone)."""
    if at is None:
        return utc_now()
    return at.astimezone(timezone.utc) if at.tzinfo is not None else at


def _stored_detail(detail: Any) -> Any:
    """The detail as it will read back from its JSON column (a NaN as None, a numpy number as Python's): the hash is
    made of that, or a row holding a NaN would no longer fit its hash once read back."""
    return None if detail is None else json.loads(json_bytes(detail))


def _content_of(row: AuditLog) -> str:
    return canonical_content(row.at, row.who, row.action, row.table_name, row.row_key, row.detail)


@event.listens_for(Session, "before_flush")
def _chain_new_rows(session: Session, _context, _instances) -> None:
    """Number and hash the audit rows of this flush, in the order they were added, after the chain's head."""
    new = sorted((o for o in session.new if isinstance(o, AuditLog)), key=lambda o: state_of(o).insert_order)
    if not new:
        return
    with session.no_autoflush:
        length, last = _chain_head(session)
        for row in new:
            row.at, row.detail = _stored_time(row.at), _stored_detail(row.detail)
            length += 1
            row.chain_seq, row.previous_hash = length, last
            row.row_hash = last = row_hash(last, _content_of(row))
        session.execute(update(AuditChain).where(AuditChain.id == 1).values(length=length, last_hash=last))


def lock_audit_chain(session: Session) -> None:
    """Take the chain's lock now (PostgreSQL: the head row ``FOR UPDATE`` until commit): a writer that will append
    audit rows after writing data takes it first, so that concurrent writers queue here and never wait on each
    other's rows in the opposite order (a deadlock)."""
    _chain_head(session)


def _chain_head(session: Session) -> tuple[int, str]:
    """The chain's length and last hash, locked until commit (``FOR UPDATE``)."""
    head = session.execute(select(AuditChain.length, AuditChain.last_hash).where(AuditChain.id == 1)
                           .with_for_update()).one_or_none()
    if head is None:
        raise RuntimeError("audit_chain has no head row: run the database migrations (boilerlab.db.upgrade)")
    return head[0], head[1]


def add_audit_rows(session: Session, rows: list[dict]) -> None:
    """Append many audit rows (each: who, action, table_name, row_key, detail) to the chain in one statement.

    The same rows as ``session.add(AuditLog(...))`` for each, hashed and numbered the same way, without an ORM object
    per row (an import of 20,000 rows spent most of its time there). The session is flushed first, so that the
    audit rows already added to it come before these in the chain."""
    if not rows:
        return
    session.flush()
    length, last = _chain_head(session)
    written = []
    for row in rows:
        at, detail = _stored_time(row.get("at")), _stored_detail(row.get("detail"))
        length += 1
        digest = row_hash(last, canonical_content(at, row["who"], row["action"], row["table_name"], row.get("row_key"),
                                                  detail))
        written.append({"at": at, "who": row["who"], "action": row["action"], "table_name": row["table_name"],
                        "row_key": row.get("row_key"), "detail": detail, "chain_seq": length,
                        "previous_hash": last, "row_hash": digest})
        last = digest
    session.execute(insert(AuditLog), written)
    session.execute(update(AuditChain).where(AuditChain.id == 1).values(length=length, last_hash=last))


@dataclass(frozen=True)
class AuditCheck:
    """The outcome of :func:`verify_audit`."""

    rows: int
    last_hash: str
    problem: str = ""  # Chinese; empty when the chain is intact
    row_id: int | None = None  # the first audit row that does not fit

    @property
    def intact(self) -> bool:
        return not self.problem


def verify_audit(sessions: Sessions, batch: int = 5000) -> AuditCheck:
    """Walk the chain in order and recompute every hash; the first row that does not fit is named."""
    with sessions() as session:
        outside = session.scalar(select(AuditLog.id).where(AuditLog.chain_seq.is_(None)).order_by(AuditLog.id).limit(1))
        if outside is not None:
            return AuditCheck(0, "", f"审计记录 id {outside} 不在链中 (链外插入的记录)", outside)
        head = session.execute(select(AuditChain.length, AuditChain.last_hash).where(AuditChain.id == 1)).one_or_none()
        if head is None:
            return AuditCheck(0, "", "缺少审计链头 (audit_chain): 数据库未迁移或链头被删除")
        expected_seq, last = 0, GENESIS
        rows = session.scalars(select(AuditLog).order_by(AuditLog.chain_seq).execution_options(yield_per=batch))
        for row in rows:
            expected_seq += 1
            if row.chain_seq != expected_seq:
                return AuditCheck(expected_seq - 1, last, f"审计记录 id {row.id} 的序号为 {row.chain_seq}, 应为 {expected_seq}: "
                                  "其前的记录被删除", row.id)
            if row.previous_hash != last:
                return AuditCheck(expected_seq - 1, last, f"审计记录 id {row.id} (第 {row.chain_seq} 条) 与前一条不衔接: "
                                  "前一条被修改、删除或替换", row.id)
            if row.row_hash != row_hash(last, _content_of(row)):
                return AuditCheck(expected_seq - 1, last, f"审计记录 id {row.id} (第 {row.chain_seq} 条) 的内容与其哈希不符: "
                                  "该记录被修改", row.id)
            last = row.row_hash
        if (expected_seq, last) != tuple(head):
            return AuditCheck(expected_seq, last, f"审计链头记载 {head[0]} 条, 库中链上只有 {expected_seq} 条: 末尾的记录被删除")
        return AuditCheck(expected_seq, last)


@dataclass(frozen=True)
class RecordCheck:
    """The outcome of :func:`verify_test_records`."""

    checked: int  # test records whose inputs and results were compared with their audit rows
    unverifiable: int  # test records whose audit rows keep no digest or whole value (written before digests)
    changed: tuple[str, ...] = ()  # test ids whose stored inputs or results are not what their audit rows say

    @property
    def intact(self) -> bool:
        return not self.changed

    def text(self, shown: int = 20) -> str:
        """The outcome in one Chinese sentence, naming at most ``shown`` changed tests."""
        early = f"; {self.unverifiable} 条测试记录的审计记录无摘要 (早期导入), 未核对" if self.unverifiable else ""
        if self.intact:
            return f"测试记录与审计记录一致: 核对 {self.checked} 条{early}"
        named = "、".join(self.changed[:shown]) + (f" 等 {len(self.changed)} 条" if len(self.changed) > shown else "")
        return f"测试记录被改动 (与审计记录不符, 未经本系统): {named}{early}"


def _kept_digest(value: Any) -> str | None:
    """The digest an audit row keeps of a whole record: its digest, or that of its copy; None for the Python text
    that audit rows of early imports kept (nothing to compare with)."""
    if isinstance(value, dict) and set(value) == {"sha256"}:
        return str(value["sha256"])
    return record_digest(value) if isinstance(value, (dict, list)) else None


def verify_test_records(sessions: Sessions, batch: int = 5000) -> RecordCheck:
    """Compare every stored test's inputs and results with what its audit rows say was written: the digest its
    insert kept, or the new value of its last change. A test changed in the database by any other way than the
    workbench is named (the audit rows themselves are checked by :func:`verify_audit`)."""
    expected: dict[str, dict[str, str | None]] = {}
    with sessions() as session:
        if session.get_bind().dialect.name == "postgresql":
            # both reads in one snapshot: a change the workbench commits between them would look like a change made
            # outside it (SQLite's transactions begin IMMEDIATE here: the writers wait until the check is done)
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        rows = session.execute(select(AuditLog.action, AuditLog.row_key, AuditLog.detail)
                               .where(AuditLog.table_name == "test_record", AuditLog.action.in_(("insert", "update")))
                               .order_by(AuditLog.chain_seq).execution_options(yield_per=batch))
        for action, key, detail in rows:
            kept = expected.setdefault(str(key), dict.fromkeys(WHOLE_RECORDS))
            if action == "insert":
                values = (detail or {}).get("values", {})
                for name in WHOLE_RECORDS:
                    kept[name] = _kept_digest(values.get(name))
            else:
                for name, change in (detail or {}).get("changes", {}).items():
                    if name in WHOLE_RECORDS:
                        kept[name] = _kept_digest(change[1])
        checked = unverifiable = 0
        changed = []
        stored = session.execute(select(TestRecord.test_id, TestRecord.inputs, TestRecord.results)
                                 .order_by(TestRecord.id).execution_options(yield_per=batch))
        for test_id, inputs, results in stored:
            kept = expected.get(test_id, dict.fromkeys(WHOLE_RECORDS))
            if any(digest is None for digest in kept.values()):
                unverifiable += 1
                continue
            checked += 1
            if kept != {"inputs": record_digest(inputs), "results": record_digest(results)}:
                changed.append(test_id)
    return RecordCheck(checked, unverifiable, tuple(changed))
