"""Accounts (issue 14, item 1): who may sign in, with which role and office, and the checking of a password.

Passwords are stored only as Argon2id hashes (``argon2-cffi``, its default parameters, RFC 9106). Signing in
answers an unknown name and a wrong password with the same message, and spends the same hashing time on both;
after ``max_failures`` wrong passwords in a row an account is locked for ``lock_minutes`` (defaults 5 and 15,
``BOILERLAB_LOGIN_MAX_FAILURES`` and ``BOILERLAB_LOGIN_LOCK_MINUTES`` change them). Every change to an account
is audited; a failed sign-in is not (it is not a change), a lock-out is.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from boilerlab.base.vocabulary import codes, label
from boilerlab.db.models import Account, AuditLog, utc_now
from boilerlab.db.permissions import DEMO_LOADER, Loader, Who, authorise
from boilerlab.db.session import Sessions

ROLES = codes("role")
#: A login name: letters (Chinese included), digits, underscore, dot or hyphen.
LOGIN_PATTERN = re.compile(r"^[\w.\-]{2,40}$")
PASSWORD_MIN_LENGTH = 10
WRONG_LOGIN = "登录名或密码不正确"
_HASHER = PasswordHasher()
@cache
def _dummy_hash() -> str:
    """Verified against when the name is unknown, so that answer takes as long as a wrong password (made on first
    use: hashing costs tens of milliseconds, too much for every process start)."""
    return _HASHER.hash("boilerlab: no such account")


class AccountError(ValueError):
    """An account request refused; the message is Chinese, for the person who made it."""


class LoginRefused(PermissionError):
    """Signing in refused; the message says no more than the person may know."""


@dataclass(frozen=True)
class SignedIn:
    """The account a person signed in with (what pages and services need, no hash)."""

    login: str
    display_name: str
    role: str
    office: str | None


def login_problem(login: str) -> str | None:
    """Why ``login`` cannot be a login name, or None."""
    if not isinstance(login, str) or not LOGIN_PATTERN.fullmatch(login):
        shown = str(login)[:40] + ("…" if len(str(login)) > 40 else "")
        return f"登录名 {shown!r} 无效: 应为 2–40 个字母、汉字、数字、下划线、点或连字符"
    return None


def password_problem(password: str, login: str) -> str | None:
    """Why ``password`` may not be used, or None."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"密码至少 {PASSWORD_MIN_LENGTH} 个字符"
    if password.strip().lower() == login.lower():
        return "密码不得与登录名相同"
    return None


def _limits(max_failures: int | None, lock_minutes: float | None) -> tuple[int, float]:
    return (int(max_failures if max_failures is not None else os.environ.get("BOILERLAB_LOGIN_MAX_FAILURES", 5)),
            float(lock_minutes if lock_minutes is not None else os.environ.get("BOILERLAB_LOGIN_LOCK_MINUTES", 15)))


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive UTC times."""
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


def add_account(sessions: Sessions, login: str, role: str, password: str, *, display_name: str | None = None,
                office: str | None = None, who: Who) -> SignedIn:
    """Create an account; a bad name, role or password, or a name taken, raises :class:`AccountError`.

    ``who`` is an administrator (permission ``accounts``); on a database with no account yet, the first account is
    the administrator and anyone installing may create it.
    """
    problem = login_problem(login) or (None if role in ROLES else
                                       f"角色 {role!r} 无效, 可选: " + "、".join(f"{r} ({label('role', r)})" for r in ROLES))
    problem = problem or password_problem(password, login)
    if problem:
        raise AccountError(problem)
    with sessions() as session:
        if session.scalar(select(Account.id).limit(1)) is None and not isinstance(who, Loader):
            if role != "admin":
                raise AccountError("数据库中还没有账户: 第一个账户须为系统管理员 (--role admin)")
            who = Loader(str(who) or login)
        who = authorise(session, who, "accounts")
        if session.scalar(select(Account.id).where(Account.login == login)) is not None:
            raise AccountError(f"登录名 {login} 已存在")
        account = Account(login=login, display_name=(display_name or login)[:40], role=role, office=office,
                          password_hash=_HASHER.hash(password))
        session.add(account)
        session.add(AuditLog(who=who[:60], action="insert", table_name="account", row_key=login,
                             detail={"role": role, "office": office, "display_name": account.display_name}))
        session.commit()
        return _signed_in(account)


def _signed_in(account: Account) -> SignedIn:
    return SignedIn(account.login, account.display_name, account.role, account.office)


def _existing(session, login: str) -> Account:
    account = session.scalar(select(Account).where(Account.login == login))
    if account is None:
        raise AccountError(f"没有登录名为 {str(login)[:40]!r} 的账户")
    return account


def disable_account(sessions: Sessions, login: str, *, who: Who) -> None:
    """Switch an account off (it is kept, for the records it signed); ``who``: an administrator."""
    with sessions() as session:
        who = authorise(session, who, "accounts")
        account = _existing(session, login)
        account.active = False
        session.add(AuditLog(who=who[:60], action="disable", table_name="account", row_key=login, detail={}))
        session.commit()


def set_password(sessions: Sessions, login: str, password: str, *, who: Who) -> None:
    """A new password (which also lifts a lock-out); ``who`` is the account itself, or an administrator."""
    problem = password_problem(password, login)
    if problem:
        raise AccountError(problem)
    with sessions() as session:
        if who != login:
            who = authorise(session, who, "accounts")
        account = _existing(session, login)
        if who == login and not account.active:  # one's own password, while one may still sign in
            raise AccountError(f"账户 {login} 已停用, 请由系统管理员重设密码")
        account.password_hash = _HASHER.hash(password)
        account.password_changed_at = utc_now()
        account.failed_attempts, account.locked_until = 0, None
        session.add(AuditLog(who=who[:60], action="password", table_name="account", row_key=login, detail={}))
        session.commit()


def list_accounts(sessions: Sessions) -> pd.DataFrame:
    """Every account, without its hash."""
    with sessions() as session:
        rows = session.execute(select(Account.login, Account.display_name, Account.role, Account.office,
                                      Account.active, Account.failed_attempts, Account.locked_until,
                                      Account.password_changed_at).order_by(Account.login)).all()
    return pd.DataFrame(rows, columns=["login", "display_name", "role", "office", "active", "failed_attempts",
                                       "locked_until", "password_changed_at"])


def sign_in(sessions: Sessions, login: str, password: str, *, now: datetime | None = None,
            max_failures: int | None = None, lock_minutes: float | None = None) -> SignedIn:
    """The account, when ``login`` and ``password`` fit an active, unlocked account; else :class:`LoginRefused`."""
    failures_allowed, minutes = _limits(max_failures, lock_minutes)
    now = now or utc_now()
    with sessions() as session:
        account = session.scalar(select(Account).where(Account.login == login)) if not login_problem(login) else None
        if account is None or not account.active:
            try:  # the same work as for a wrong password: the answer's time tells nothing
                _HASHER.verify(_dummy_hash(), password)
            except VerificationError:
                pass
            raise LoginRefused(WRONG_LOGIN)
        locked_until = _aware(account.locked_until)
        if locked_until is not None and locked_until > now:
            left = max(1, math.ceil((locked_until - now).total_seconds() / 60))
            raise LoginRefused(f"连续输错密码次数过多, 账户已锁定; 请约 {left} 分钟后再试, 或请管理员重设密码")
        try:
            _HASHER.verify(account.password_hash, password)
        except (VerificationError, InvalidHashError):
            account.failed_attempts = (account.failed_attempts or 0) + 1
            if account.failed_attempts >= failures_allowed:
                account.locked_until, account.failed_attempts = now + timedelta(minutes=minutes), 0
                session.add(AuditLog(who=login, action="lock", table_name="account", row_key=login,
                                     detail={"minutes": minutes}))
            session.commit()
            raise LoginRefused(WRONG_LOGIN) from None
        if _HASHER.check_needs_rehash(account.password_hash):  # parameters raised since it was set
            account.password_hash = _HASHER.hash(password)
        account.failed_attempts, account.locked_until = 0, None
        session.commit()
        return _signed_in(account)


def active_account(sessions: Sessions, login: str) -> SignedIn | None:
    """The account ``login`` while it is active (a page re-reads it on every run: a disabled account's sessions end)."""
    with sessions() as session:
        account = session.scalar(select(Account).where(Account.login == login, Account.active.is_(True)))
        return None if account is None else _signed_in(account)


def has_accounts(sessions: Sessions) -> bool:
    """Whether any account exists (a fresh database has none: the administrator is created from the CLI)."""
    with sessions() as session:
        return session.scalar(select(Account.id).limit(1)) is not None


#: The demo's accounts, one per role; their passwords are in the README and are for the demo only.
DEMO_PREFIX = "demo."
DEMO_ACCOUNTS = {"inspector": ("王检测", "七宝市场监督管理所"), "clerk": ("李登记", None), "manager": ("赵科长", None),
                 "admin": ("系统管理员", None)}


def demo_password(role: str) -> str:
    """The demo account's password (printed in the README; a demo account is never for real use)."""
    return f"demo-{role}-2026"


def add_demo_accounts(sessions: Sessions, who: Who = DEMO_LOADER) -> list[str]:
    """One demo account per role (``demo.inspector`` …), those not there yet; their login names."""
    added = []
    with sessions() as session:
        existing = set(session.scalars(select(Account.login).where(Account.login.startswith(DEMO_PREFIX))))
    for role, (display, office) in DEMO_ACCOUNTS.items():
        login = DEMO_PREFIX + role
        if login not in existing:
            add_account(sessions, login, role, demo_password(role), display_name=display, office=office, who=who)
            added.append(login)
    return added


def demo_accounts_active(sessions: Sessions) -> bool:
    """Whether a demo account can still sign in (every page then says so)."""
    with sessions() as session:
        return session.scalar(select(Account.id).where(Account.login.startswith(DEMO_PREFIX),
                                                       Account.active.is_(True)).limit(1)) is not None
