"""Accounts (issue 14, item 1) on SQLite and PostgreSQL: Argon2id hashes, one answer for an unknown name and a
wrong password, lock-out after repeated failures and its end, disabled accounts, names that are not names, the
`boilerlab user` commands with their exit codes, and every account change in the (chained) audit log."""

import io
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from boilerlab.cli import main
from boilerlab.db.accounts import (WRONG_LOGIN, AccountError, LoginRefused, add_account, disable_account,
                                   list_accounts, set_password, sign_in)
from boilerlab.db.audit import verify_audit
from boilerlab.db.models import Account, AuditLog, utc_now
from boilerlab.db.permissions import PermissionRefused

PASSWORD = "锅炉-能效-2026"


@pytest.fixture
def clerk(sessions):
    """The administrator (the first account, created by whoever installs) and a clerk the administrator adds."""
    add_account(sessions, "admin", "admin", PASSWORD, display_name="系统管理员", who="")
    add_account(sessions, "li.dengji", "clerk", PASSWORD, display_name="李登记", office="莘庄市场监督管理所", who="admin")
    return sessions


def test_the_password_is_stored_only_as_an_argon2id_hash(clerk):
    with clerk() as session:
        stored = session.scalar(select(Account.password_hash).where(Account.login == "li.dengji"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert PasswordHasher().verify(stored, PASSWORD)  # argon2-cffi reads it back: a standard PHC string
    assert sign_in(clerk, "li.dengji", PASSWORD).display_name == "李登记"


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer(clerk):
    with pytest.raises(LoginRefused) as unknown:
        sign_in(clerk, "nobody", PASSWORD)
    with pytest.raises(LoginRefused) as wrong:
        sign_in(clerk, "li.dengji", "not the password")
    assert str(unknown.value) == str(wrong.value) == WRONG_LOGIN


def test_five_failures_lock_the_account_for_fifteen_minutes(clerk):
    start = utc_now()
    for _ in range(5):
        with pytest.raises(LoginRefused, match=WRONG_LOGIN):
            sign_in(clerk, "li.dengji", "wrong password", now=start)
    with pytest.raises(LoginRefused, match="账户已锁定; 请约 15 分钟后再试"):  # even the right password, while locked
        sign_in(clerk, "li.dengji", PASSWORD, now=start + timedelta(seconds=1))
    with pytest.raises(LoginRefused, match="账户已锁定"):
        sign_in(clerk, "li.dengji", PASSWORD, now=start + timedelta(minutes=14, seconds=50))
    assert sign_in(clerk, "li.dengji", PASSWORD, now=start + timedelta(minutes=15, seconds=1)).role == "clerk"
    with clerk() as session:
        assert session.scalar(select(AuditLog.action).where(AuditLog.table_name == "account")
                              .order_by(AuditLog.id.desc()).limit(1)) == "lock"
    # a success resets the count: four more failures do not lock
    for _ in range(4):
        with pytest.raises(LoginRefused, match=WRONG_LOGIN):
            sign_in(clerk, "li.dengji", "wrong password", now=start + timedelta(minutes=16))
    assert sign_in(clerk, "li.dengji", PASSWORD, now=start + timedelta(minutes=16)).login == "li.dengji"


def test_the_limits_are_configurable(clerk, monkeypatch):
    monkeypatch.setenv("BOILERLAB_LOGIN_MAX_FAILURES", "2")
    monkeypatch.setenv("BOILERLAB_LOGIN_LOCK_MINUTES", "1")
    start = utc_now()
    for _ in range(2):
        with pytest.raises(LoginRefused, match=WRONG_LOGIN):
            sign_in(clerk, "li.dengji", "wrong password", now=start)
    with pytest.raises(LoginRefused, match="请约 1 分钟后再试"):
        sign_in(clerk, "li.dengji", PASSWORD, now=start)
    assert sign_in(clerk, "li.dengji", PASSWORD, now=start + timedelta(minutes=1, seconds=1))


def test_a_disabled_account_cannot_sign_in_and_a_new_password_lifts_a_lock(clerk):
    start = utc_now()
    for _ in range(5):
        with pytest.raises(LoginRefused):
            sign_in(clerk, "li.dengji", "wrong password", now=start)
    set_password(clerk, "li.dengji", "新的密码-0123456", who="admin")
    assert sign_in(clerk, "li.dengji", "新的密码-0123456", now=start).login == "li.dengji"
    disable_account(clerk, "li.dengji", who="admin")
    with pytest.raises(LoginRefused, match=WRONG_LOGIN):
        sign_in(clerk, "li.dengji", "新的密码-0123456")


@pytest.mark.parametrize("login", ["' OR '1'='1", "admin; DROP TABLE account;--", "x" * 41, "a", "张 三", ""])
def test_names_that_are_not_names_are_answered_plainly(clerk, login):
    with pytest.raises(AccountError, match="登录名 .* 无效: 应为 2–40 个字母、汉字、数字、下划线、点或连字符"):
        add_account(clerk, login, "clerk", PASSWORD, who="admin")
    with pytest.raises(LoginRefused, match=WRONG_LOGIN):
        sign_in(clerk, login, PASSWORD)
    assert len(list_accounts(clerk)) == 2  # and nothing else happened to the table


def test_bad_roles_weak_passwords_and_taken_names_are_refused(clerk):
    with pytest.raises(AccountError, match="角色 'boss' 无效, 可选: inspector \\(能效检验人员\\)"):
        add_account(clerk, "wang", "boss", PASSWORD, who="admin")
    with pytest.raises(AccountError, match="密码至少 10 个字符"):
        add_account(clerk, "wang", "inspector", "short", who="admin")
    with pytest.raises(AccountError, match="密码不得与登录名相同"):
        add_account(clerk, "wang.jianyan", "inspector", "WANG.JIANYAN", who="admin")
    with pytest.raises(AccountError, match="登录名 li.dengji 已存在"):
        add_account(clerk, "li.dengji", "inspector", PASSWORD, who="admin")


def test_every_account_change_is_audited_in_the_chain(clerk):
    set_password(clerk, "li.dengji", "新的密码-0123456", who="admin")
    disable_account(clerk, "li.dengji", who="admin")
    with clerk() as session:
        actions = session.scalars(select(AuditLog.action).where(AuditLog.table_name == "account")
                                  .order_by(AuditLog.chain_seq)).all()
        details = session.scalars(select(AuditLog.detail).where(AuditLog.table_name == "account")).all()
    assert actions == ["insert", "insert", "password", "disable"]
    assert not any("密码-0123456" in str(d) or PASSWORD in str(d) for d in details)  # no password in the log
    assert verify_audit(clerk).intact


def test_the_user_commands_and_their_exit_codes(database_url, monkeypatch, capsys):
    monkeypatch.setenv("BOILERLAB_DATABASE_URL", database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "zhang.san", "--role", "inspector", "--password-stdin"]) == 2  # first: the admin
    assert "第一个账户须为系统管理员" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "admin", "--role", "admin", "--display", "系统管理员", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "zhang.san", "--role", "inspector", "--office", "七宝市场监督管理所",
                 "--display", "张三", "--password-stdin", "--who", "admin"]) == 0
    assert "已创建账户 zhang.san (能效检验人员)" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "zhang.san", "--role", "inspector", "--password-stdin", "--who", "admin"]) == 2
    assert "登录名 zhang.san 已存在" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "li.si", "--role", "clerk", "--password-stdin"]) == 2  # no --who: nobody's act
    assert "无权管理账户: 未登录或账户不存在" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "li.si", "--role", "clerk", "--password-stdin", "--who", "zhang.san"]) == 2
    assert "账户 zhang.san 的角色是能效检验人员, 此操作限系统管理员" in capsys.readouterr().err
    assert main(["user", "add", "li.si", "--role", "clerk", "--who", "admin"]) == 2  # never a password in argv
    assert "--password-stdin" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("另一个密码-987654\n"))
    assert main(["user", "passwd", "zhang.san", "--password-stdin", "--who", "zhang.san"]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("另一个密码-987654\n"))
    assert main(["user", "passwd", "zhang.san", "--password-stdin", "--who", "admin"]) == 0
    assert main(["user", "disable", "zhang.san", "--who", "zhang.san"]) == 2
    assert main(["user", "disable", "zhang.san", "--who", "admin"]) == 0
    assert main(["user", "disable", "nobody", "--who", "admin"]) == 2
    capsys.readouterr()
    assert main(["user", "list"]) == 0
    listed = capsys.readouterr().out
    assert "zhang.san\t张三\t能效检验人员\t七宝市场监督管理所\t停用" in listed and "共 2 个账户" in listed


def test_only_an_active_administrator_manages_accounts(clerk):
    with pytest.raises(PermissionRefused, match="无权管理账户: 账户 li.dengji 的角色是登记审查人员, 此操作限系统管理员"):
        add_account(clerk, "wang.jianyan", "inspector", PASSWORD, who="li.dengji")
    with pytest.raises(PermissionRefused, match="无权管理账户"):
        disable_account(clerk, "admin", who="li.dengji")
    with pytest.raises(PermissionRefused, match="无权管理账户"):
        set_password(clerk, "admin", "被改的密码-000000", who="li.dengji")
    set_password(clerk, "li.dengji", "自己改的密码-0001", who="li.dengji")  # one's own password: oneself
    add_account(clerk, "admin2", "admin", PASSWORD, who="admin")
    disable_account(clerk, "admin", who="admin2")
    with pytest.raises(PermissionRefused, match="无权管理账户: 账户 admin 已停用"):
        add_account(clerk, "wang.jianyan", "inspector", PASSWORD, who="admin")
    assert set(list_accounts(clerk)["login"]) == {"admin", "admin2", "li.dengji"}
    with clerk() as session:  # a refusal writes nothing, not even to the audit log
        assert session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.who == "li.dengji",
                                                                                AuditLog.action != "password")) == 0


def test_the_first_account_of_an_empty_database_is_the_administrator(sessions):
    with pytest.raises(AccountError, match="第一个账户须为系统管理员"):
        add_account(sessions, "li.dengji", "clerk", PASSWORD, who="")
    add_account(sessions, "admin", "admin", PASSWORD, who="")
    with pytest.raises(PermissionRefused, match="未登录或账户不存在"):  # the second one needs the administrator
        add_account(sessions, "admin2", "admin", PASSWORD, who="")
