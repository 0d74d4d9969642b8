"""Accounts for tests that write: the permission checks (boilerlab.db.permissions) read them from the database."""

from boilerlab.db.accounts import add_account
from boilerlab.db.permissions import Loader

PASSWORD = "staff-password-2026"
#: Who the tests' own set-up writes as (not a person: the checks do not apply to it).
SETUP = Loader("tests")
#: One account per role; a file of each kind is imported by the account whose role may (CLERK for the register,
#: INSPECTOR for tests and fuel use).
CLERK, INSPECTOR, MANAGER, ADMIN = "登记员", "检验员", "科长", "管理员"
STAFF = {CLERK: "clerk", INSPECTOR: ("inspector", "七宝市场监督管理所"), MANAGER: "manager", ADMIN: "admin"}
IMPORTER = {"units": CLERK, "boilers": CLERK, "tests": INSPECTOR, "fuel-use": INSPECTOR}


def add_staff(sessions, **accounts: tuple[str, str | None] | str) -> None:
    """``add_staff(sessions, 科长="manager", 检查员甲=("inspector", "七宝市场监督管理所"))``: one account per login
    name, with its role and office (``add_staff(sessions, **STAFF)``: the standard four)."""
    for login, spec in accounts.items():
        role, office = (spec, None) if isinstance(spec, str) else spec
        add_account(sessions, login, role, PASSWORD, display_name=login, office=office, who=SETUP)
