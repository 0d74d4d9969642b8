"""Accounts for tests that write: the permission checks (boilerlab.db.permissions) read them from the database."""

from functools import cache

from argon2 import PasswordHasher

from boilerlab.db.models import Account, AuditLog
from boilerlab.db.permissions import Loader

PASSWORD = "staff-password-2026"
#: Who the tests' own set-up writes as (not a person: the checks do not apply to it).
SETUP = Loader("tests")
#: One account per role; a file of each kind is imported by the account whose role may (CLERK for the register,
#: INSPECTOR for tests and fuel use).
CLERK, INSPECTOR, MANAGER, ADMIN = "登记员", "检验员", "科长", "管理员"
STAFF = {CLERK: "clerk", INSPECTOR: ("inspector", "七宝市场监督管理所"), MANAGER: "manager", ADMIN: "admin"}
IMPORTER = {"units": CLERK, "boilers": CLERK, "tests": INSPECTOR, "fuel-use": INSPECTOR}


@cache
def _password_hash() -> str:
    """The staff's password hash, made once per test process: an Argon2id hash costs tens of milliseconds, and a
    thousand tests each adding a few accounts paid minutes for it (boilerlab.db.accounts hashes every account it
    adds; tests/db/test_accounts.py tests that path)."""
    return PasswordHasher().hash(PASSWORD)


def add_staff(sessions, **accounts: tuple[str, str | None] | str) -> None:
    """``add_staff(sessions, 科长="manager", 检查员甲=("inspector", "七宝市场监督管理所"))``: one account per login
    name, with its role and office (``add_staff(sessions, **STAFF)``: the standard four), audited as
    boilerlab.db.accounts.add_account audits an account."""
    with sessions.begin() as session:
        for login, spec in accounts.items():
            role, office = (spec, None) if isinstance(spec, str) else spec
            session.add(Account(login=login, display_name=login, role=role, office=office,
                                password_hash=_password_hash()))
            session.add(AuditLog(who=SETUP.name, action="insert", table_name="account", row_key=login,
                                 detail={"role": role, "office": office, "display_name": login}))
