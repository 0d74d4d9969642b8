"""Who may write what (issue 14, item 3), checked inside the writing transaction itself.

Every service function that writes takes ``who``: the login name of the account acting. :func:`authorise` reads
that account in the same transaction as the write, so an account disabled or moved to another role a moment ago
is refused, whatever a page or a command line believed. The roles are the vocabulary's code list ``role``:

==================  ===============================================================
permission          roles
==================  ===============================================================
``tests``           inspector — upload and save efficiency tests and fuel use
``registry``        clerk, admin — import the register of units and boilers
``admission``       clerk — save admission applications and their opinions
``campaign``        manager — create a campaign, its inspectors and its draw
``inspection``      inspector of the office the unit is assigned to — inspections and their findings
``rectification``   manager, or the inspector of the unit's office — record a finding rectified
``review``          manager — review a rectification, record enforcement
``reference``       admin — edit the reference tables
``accounts``        admin — create, disable accounts, set others' passwords
``deletion``        admin — mark a record deleted or restore it
``risk``            manager — classify the units by credit risk, import their credit events
``monitoring``      manager — import online-monitoring data, link a data logger (MN) to its boiler
==================  ===============================================================

Writes the installation makes itself — loading the demo district, a benchmark's synthetic data — are not a person's:
they pass a :class:`Loader`, which no page or command line can construct from what a person types, and the audit log
records the loader's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from boilerlab.base.vocabulary import codes, label
from boilerlab.db.models import Account

PERMISSIONS: dict[str, frozenset[str]] = {
    "tests": frozenset({"inspector"}),
    "registry": frozenset({"clerk", "admin"}),
    "admission": frozenset({"clerk"}),
    "campaign": frozenset({"manager"}),
    "inspection": frozenset({"inspector"}),
    "rectification": frozenset({"inspector", "manager"}),
    "review": frozenset({"manager"}),
    "reference": frozenset({"admin"}),
    "accounts": frozenset({"admin"}),
    "deletion": frozenset({"admin"}),
    "risk": frozenset({"manager"}),
    "monitoring": frozenset({"manager"}),
}
#: Permissions an inspector holds only for units assigned to the inspector's own office.
OFFICE_BOUND = frozenset({"inspection", "rectification"})


@dataclass(frozen=True)
class Loader:
    """The installation writing on its own account (the demo loader, a benchmark), recorded in the audit log as
    ``name``; only Python code makes one."""

    name: str


#: The demo district's loader (boilerlab.demo).
DEMO_LOADER = Loader("demo")

#: What a service function's ``who`` may be: an account's login name, or a :class:`Loader`.
Who = str | Loader


class PermissionRefused(PermissionError):
    """A write the acting account may not make; the message is Chinese, for the person who tried."""


def may(role: str | None, permission: str) -> bool:
    """Whether ``role`` holds ``permission`` at all (pages show an action only then; the office is checked on write)."""
    return role in PERMISSIONS[permission]


def needed_roles(permission: str) -> str:
    """The roles holding ``permission`` in words, in the vocabulary's order (登记审查人员、系统管理员)."""
    return "、".join(label("role", r) for r in codes("role") if r in PERMISSIONS[permission])


#: ``office`` of :func:`authorise` when the write concerns no unit (a role-only check).
NO_UNIT = object()


def authorise(session: Session, who: Who, permission: str, *, office: "str | None | object" = NO_UNIT) -> str:
    """The name the audit log records for ``who`` once ``who`` may act on ``permission`` (for a unit of ``office``),
    read in ``session``; otherwise :class:`PermissionRefused` saying what is missing.

    Examples
    --------
    >>> may("clerk", "reference"), may("admin", "reference")
    (False, True)
    """
    if isinstance(who, Loader):
        return who.name[:60]
    action = label("permission", permission)
    account = session.scalar(select(Account).where(Account.login == str(who)))
    if account is None or not account.active:
        raise PermissionRefused(f"无权{action}: {'账户 ' + str(who)[:40] + ' 已停用' if account else '未登录或账户不存在'}")
    if account.role not in PERMISSIONS[permission]:
        raise PermissionRefused(f"无权{action}: 账户 {account.login} 的角色是{label('role', account.role)}, "
                                f"此操作限{needed_roles(permission)}")
    if account.role == "inspector" and permission in OFFICE_BOUND and office is not NO_UNIT and (
            office is None or account.office != office):  # a unit without an office is no inspector's own
        raise PermissionRefused(f"无权{action}: 该单位由{office or '未指定的监管所'}负责, 账户 {account.login} 属于"
                                f"{account.office or '未指定的所'}")
    return account.login


def check(sessions, who: Who, permission: str, *, office: "str | None | object" = NO_UNIT) -> str:
    """:func:`authorise` in a session of its own: refuse early, before a long piece of work (the write checks again)."""
    with sessions() as session:
        return authorise(session, who, permission, office=office)
