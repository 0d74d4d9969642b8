"""Online-monitoring data into the database (issue 16), on SQLite and PostgreSQL: a file of HJ 212 messages linked by
MN, its bad lines counted with their reasons, the valid hours evaluated and stored, an invalid hour kept with its flag,
the same file again changing nothing; a CSV export naming its boilers; only a manager imports."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from boilerlab.db.models import Boiler, MonitoringHour, Unit, Upload
from boilerlab.db.monitoring import MonitoringRefused, add_device, boiler_hours, import_monitoring
from boilerlab.db.permissions import PermissionRefused
from boilerlab.intake.hj212 import crc16
from boilerlab.intake.monitoring import hourly_efficiency
from tests.staff import add_staff


def _message(mn: str, hour: int, o2: float, temp: float, nox: float, flag: str = "N") -> str:
    segment = (f"QN=20240301{hour:02d}0001001;ST=31;CN=2061;PW=123456;MN={mn};Flag=4;CP=&&DataTime=20240301{hour:02d}0000;"
               f"a19001-Avg={o2},a19001-Flag={flag};a01012-Avg={temp},a01012-Flag={flag};"
               f"a21002-Avg={nox},a21002-Flag={flag};a21005-Avg=12.5,a21005-Flag={flag}&&")
    return f"##{len(segment):04d}{segment}{crc16(segment):04X}\r\n"


@pytest.fixture
def district(sessions):
    add_staff(sessions, 科长="manager", 登记员="clerk")
    with sessions.begin() as session:
        unit = Unit(credit_code="91310112MA1G000013", name="监测单位", town="七宝镇", office="七宝市场监督管理所",
                    key_unit=True, district_key=False)
        session.add(unit)
        session.flush()
        session.add(Boiler(device_code="B-GAS", unit_id=unit.id, boiler_kind="steam", fuel_kind="natural_gas",
                           combustion="chamber", rated_capacity_t_h=4.0, install_date=date(2019, 5, 1)))
    add_device(sessions, "MH0001", "B-GAS", who="科长")
    return sessions


def _file() -> bytes:
    lines = [_message("MH0001", h, 3.0 + 0.2 * h, 120.0 + h, 30.0 + 5 * h) for h in range(6)]
    lines[3] = _message("MH0001", 3, 3.6, 123.0, 45.0, flag="D")  # a fault: the hour is not valid
    lines.insert(2, lines[1][:-6] + "0000\r\n")  # a wrong CRC
    lines.append(_message("MH9999", 7, 3.0, 120.0, 30.0))  # a data logger not linked to a boiler
    return "".join(lines).encode("utf-8")


def test_messages_are_linked_evaluated_stored_and_a_second_import_changes_nothing(district):
    report = import_monitoring(district, _file(), "cems-2024-03-01.txt", who="科长")
    assert (report.lines, report.accepted, report.inserted, report.updated, report.unchanged) == (8, 6, 6, 0, 0)
    assert len(report.rejected) == 2 and "第 3 行: CRC 校验不符" in report.rejected[0]
    assert "数采仪 MN MH9999 未关联锅炉, 其 1 行报文未读入" in report.rejected[1] and report.exit_code == 1
    stored = boiler_hours(district, "B-GAS")
    assert stored["hour"].tolist() == list(pd.date_range("2024-03-01", periods=6, freq="h"))
    assert stored["flag"].tolist() == ["N", "N", "N", "D", "N", "N"]
    assert stored.loc[3, ["flue_o2_pct", "eta_indirect_pct"]].isna().all() and stored.loc[3, "valid_minutes"] == 0
    # the stored η₂ and NOx at the reference O₂ are the engine's on the same hourly readings
    valid = stored[stored["flag"] == "N"].reset_index(drop=True)
    register = pd.DataFrame({"device_code": ["B-GAS"], "boiler_kind": ["steam"], "fuel_kind": ["natural_gas"],
                             "combustion": ["chamber"], "condensing": [False], "rated_capacity_t_h": [4.0],
                             "rated_capacity_mw": [np.nan], "install_date": [date(2019, 5, 1)]})
    expected = hourly_efficiency(valid.assign(device_code="B-GAS"), register)
    np.testing.assert_allclose(valid["eta_indirect_pct"], expected["eta_indirect_pct"].astype(float), rtol=1e-12)
    np.testing.assert_allclose(valid["nox_ref_mg_m3"], expected["nox_ref_mg_m3"].astype(float), rtol=1e-12)
    assert valid["co_mg_m3"].eq(12.5).all()
    again = import_monitoring(district, _file(), "cems-2024-03-01.txt", who="科长")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 6)
    with district() as session:
        assert session.scalar(select(func.count()).select_from(MonitoringHour)) == 6
        assert session.scalar(select(func.count()).select_from(Upload).where(Upload.kind == "monitoring")) == 1


def test_a_csv_export_naming_its_boiler_is_read_as_people_write_it(district):
    export = pd.DataFrame({"监测时间": ["2024/3/1 10:00", "2024/3/1 11:00", "昨天"], "设备代码": "B-GAS",
                           "排烟温度(℃)": ["１２０", "121.5", "122"], "排烟氧含量(%)": [3.5, 3.6, 3.7],
                           "氮氧化物(mg/m3)": [30, "三十", 32], "数据标记": ["N", "n", "N"]})
    report = import_monitoring(district, export.to_csv(index=False).encode("utf-8"), "dcs.csv", who="科长")
    assert report.inserted == 2 and any("第 4 行: 时间 '昨天' 不是日期时间" in r for r in report.rejected)
    assert any("'三十' 不是数值" in r for r in report.rejected)
    stored = boiler_hours(district, "B-GAS")
    assert stored["flue_temp_c"].tolist() == [120.0, 121.5] and stored["nox_mg_m3"].isna().tolist() == [False, True]


def test_only_a_manager_imports_and_an_unusable_file_writes_nothing(district):
    with pytest.raises(PermissionRefused, match="无权导入在线监测数据"):
        import_monitoring(district, _file(), "cems.txt", who="登记员")
    with pytest.raises(MonitoringRefused, match="没有可关联到在册锅炉的数据行"):
        import_monitoring(district, _message("MH9999", 1, 3.0, 120.0, 30.0).encode(), "other.txt", who="科长")
    with pytest.raises(MonitoringRefused, match="缺少时间列"):
        import_monitoring(district, b"\xe6\x8e\x92\xe7\x83\x9f\xe6\xb8\xa9\xe5\xba\xa6\n120\n", "t.csv", who="科长",
                          boiler="B-GAS")
    with district() as session:
        assert session.scalar(select(func.count()).select_from(MonitoringHour)) == 0


def test_the_command_line_links_and_imports_and_prints_what_it_rejected(district, database_url, monkeypatch, capsys,
                                                                        tmp_path):
    from boilerlab.cli import main

    monkeypatch.setenv("BOILERLAB_DATABASE_URL", database_url)
    assert main(["monitoring", "link", "--mn", "MH0002", "--boiler", "B-GAS", "--who", "科长"]) == 0
    assert main(["monitoring", "link", "--mn", "MH0003", "--boiler", "B-NONE", "--who", "科长"]) == 2
    path = tmp_path / "cems.txt"
    path.write_bytes(_file())
    assert main(["import", "monitoring", str(path), "--who", "科长"]) == 1  # some lines rejected
    out = capsys.readouterr().out
    assert "cems.txt: 读取 8 行, 接受 6 行, 拒绝 2 行; 小时数据 新增 6, 更新 0, 未变 0" in out
    assert "第 3 行: CRC 校验不符" in out
    assert main(["import", "monitoring", str(path), "--who", "登记员"]) == 2
    assert main(["import", "monitoring", str(tmp_path / "absent.txt"), "--who", "科长"]) == 2


def test_a_logger_s_hourly_messages_are_read_alone_and_its_daily_ones_never(district):
    """Found in review: the daily (2031) and minute messages of a logger were averaged into its hours."""
    def message(cn, time, nox):
        segment = (f"ST=31;CN={cn};PW=123456;MN=MH0001;CP=&&DataTime={time};a19001-Avg=3.5;a01012-Avg=120;"
                   f"a21002-Avg={nox}&&")
        return f"##{len(segment):04d}{segment}{crc16(segment):04X}\r\n"

    lines = [message("2061", "20240301000000", 40), message("2031", "20240301000000", 100)]
    lines += [message("2051", f"2024030100{m:02d}00", 70) for m in range(0, 60, 10)]
    import_monitoring(district, "".join(lines).encode(), "mixed.txt", who="科长")
    stored = boiler_hours(district, "B-GAS")
    assert stored["nox_mg_m3"].tolist() == [40.0] and stored["valid_minutes"].tolist() == [60.0]


def test_an_export_s_flags_are_read_as_written_and_an_unknown_one_is_named(district):
    export = pd.DataFrame({"监测时间": ["2024-03-01 10:00", "2024-03-01 11:00", "2024-03-01 12:00"],
                           "设备代码": "B-GAS", "排烟温度(°C)": 120, "排烟氧含量(%)": 3.5,
                           "数据标记": ["正常", "校准", "不知道"]})
    report = import_monitoring(district, export.to_csv(index=False).encode("utf-8"), "flags.csv", who="科长")
    assert any("第 4 行: 数据标记 '不知道' 无效, 可选: N 正常" in r for r in report.rejected)
    assert boiler_hours(district, "B-GAS")["flag"].tolist() == ["N", "C"]


def _partitions(sessions) -> dict[str, int]:
    """Each monthly partition of monitoring_hour on PostgreSQL with the rows it holds."""
    with sessions() as session:
        names = session.connection().exec_driver_sql(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'monitoring_hour'::regclass ORDER BY 1").scalars().all()
        return {n: session.connection().exec_driver_sql(f"SELECT count(*) FROM {n}").scalar() for n in names}


def _export(first: str, hours: int, device: str = "B-GAS") -> bytes:
    times = pd.date_range(first, periods=hours, freq="h")
    return pd.DataFrame({"监测时间": times.strftime("%Y-%m-%d %H:%M"), "设备代码": device, "排烟温度(°C)": 125.0,
                         "排烟氧含量(%)": 3.5, "氮氧化物(mg/m3)": 30.0, "数据标记": "N"}).to_csv(index=False).encode()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # SQLite keeps one table
def test_on_postgresql_the_hours_are_partitioned_by_month_and_copied_in(district):
    with district() as session:
        kind = session.connection().exec_driver_sql(
            "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'monitoring_hour'::regclass").scalar()
    assert kind == "r"  # by range (of hour)
    # 30 hours from 31 January 22:00: two in January, 28 in February, each month in its own partition
    report = import_monitoring(district, _export("2024-01-31 22:00", 30), "dcs.csv", who="科长")
    assert report.inserted == 30 and not report.rejected
    assert _partitions(district) == {"monitoring_hour_y2024m01": 2, "monitoring_hour_y2024m02": 28}
    assert len(boiler_hours(district, "B-GAS")) == 30
    # the same file again: nothing new anywhere; a changed hour replaces its row in its partition
    assert import_monitoring(district, _export("2024-01-31 22:00", 30), "dcs.csv", who="科长").unchanged == 30
    assert _partitions(district) == {"monitoring_hour_y2024m01": 2, "monitoring_hour_y2024m02": 28}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_imports_of_a_new_month_at_once_both_land(district):
    """Two managers import the same new month at the same moment: its partition is made once, no import fails."""
    from concurrent.futures import ThreadPoolExecutor

    with district.begin() as session:
        unit_id = session.scalar(select(Boiler.unit_id).where(Boiler.device_code == "B-GAS"))
        session.add(Boiler(device_code="B-GAS-2", unit_id=unit_id, boiler_kind="steam", fuel_kind="natural_gas",
                           combustion="chamber", rated_capacity_t_h=4.0, install_date=date(2019, 5, 1)))
    files = [(_export("2024-05-01 00:00", 48, device), f"{device}.csv") for device in ("B-GAS", "B-GAS-2")]
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda f: import_monitoring(district, f[0], f[1], who="科长"), files))
    assert [r.inserted for r in reports] == [48, 48]
    assert _partitions(district) == {"monitoring_hour_y2024m05": 96}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_partition_migration_keeps_the_stored_hours_both_ways(database_url):
    from alembic import command

    from boilerlab.db import make_engine, session_factory
    from boilerlab.db.session import alembic_config

    command.upgrade(alembic_config(database_url), "e8b3d5f7a9c2")  # hours stored before partitions existed
    engine = make_engine(database_url)
    try:
        with session_factory(engine).begin() as session:  # no table changed since but monitoring_hour's layout
            unit = Unit(credit_code="91310112MA1G000013", name="监测单位")
            session.add(unit)
            session.flush()
            session.add(Boiler(device_code="B1", unit_id=unit.id, boiler_kind="steam", fuel_kind="natural_gas"))
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO monitoring_hour (boiler_id, hour, flag, valid_minutes) SELECT b.id, "
                                       "h, 'N', 60 FROM boiler b, generate_series('2023-12-31 20:00'::timestamp, "
                                       "'2024-01-01 03:00', '1 hour') h")
        command.upgrade(alembic_config(database_url), "head")
        with engine.connect() as connection:
            partitions = dict(connection.exec_driver_sql(
                "SELECT c.relname, (SELECT count(*) FROM monitoring_hour m WHERE m.tableoid = c.oid) FROM pg_inherits i "
                "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'monitoring_hour'::regclass").all())
        assert partitions == {"monitoring_hour_y2023m12": 4, "monitoring_hour_y2024m01": 4}
        command.downgrade(alembic_config(database_url), "e8b3d5f7a9c2")
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM monitoring_hour").scalar() == 8
            assert connection.exec_driver_sql("SELECT count(*) FROM pg_partitioned_table").scalar() == 0
    finally:
        engine.dispose()


def test_a_period_holding_every_hour_gives_the_whole_summary_and_the_test_in_force_at_its_end(district):
    """The dashboard reuses the whole summary for a year that holds every hour: the two must be equal, so the
    test shown is the one in force at the boiler's last hour, not a later one."""
    from datetime import datetime

    from boilerlab.db.models import TestRecord
    from boilerlab.db.monitoring import district_summary

    import_monitoring(district, _export("2024-03-01 00:00", 72), "dcs.csv", who="科长")
    with district.begin() as session:
        boiler = session.scalar(select(Boiler.id).where(Boiler.device_code == "B-GAS"))
        for day, eta in ((date(2024, 2, 1), 91.0), (date(2024, 3, 2), 90.0), (date(2024, 6, 1), 80.0)):
            session.add(TestRecord(test_id=f"T-{day}", boiler_id=boiler, test_date=day, inputs={}, results={},
                                   eta_indirect_pct=eta, engine_version="test", reference_versions="test"))
    whole, whole_alerts = district_summary(district)
    year, year_alerts = district_summary(district, start=datetime(2024, 1, 1), end=datetime(2025, 1, 1))
    assert whole.equals(year) and whole_alerts.equals(year_alerts)
    assert whole["test_eta_pct"].tolist() == [90.0]  # in force on 3 March 23:00; June's is later
    march_first, _ = district_summary(district, start=datetime(2024, 3, 1), end=datetime(2024, 3, 2))
    assert march_first["hours"].tolist() == [24] and march_first["test_eta_pct"].tolist() == [91.0]


def test_the_same_file_imported_twice_at_once_is_stored_once(district):
    """Two managers upload the same export at the same moment: every hour once, and between them the two reports
    count each hour once as new and once as already there."""
    from concurrent.futures import ThreadPoolExecutor

    content = _export("2024-04-01 00:00", 96)
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _: import_monitoring(district, content, "same.csv", who="科长"), range(2)))
    assert sum(r.inserted for r in reports) == 96 and sum(r.unchanged for r in reports) == 96
    with district() as session:
        assert session.scalar(select(func.count()).select_from(MonitoringHour)) == 96


def _minutes(start: str, end: str, with_code: bool = True) -> tuple[pd.DataFrame, bytes]:
    """A minute export from ``start`` to ``end`` (inclusive): O₂ rising by 0.01 % a minute, so every hour's mean
    tells which minutes went into it."""
    times = pd.date_range(start, end, freq="min")
    since = (times - pd.Timestamp("2024-03-01 08:00")).total_seconds() / 60  # [min]
    frame = pd.DataFrame({"监测时间": times.strftime("%Y-%m-%d %H:%M"), "排烟温度(℃)": 120.0,
                          "排烟氧含量(%)": np.round(3.0 + 0.01 * since, 4)})
    if with_code:
        frame.insert(1, "设备代码", "B-GAS")
    return frame, frame.to_csv(index=False).encode("utf-8")


def test_an_hour_cut_between_two_exports_is_computed_from_both(district):
    """Found in review: an export cut at 10:37 left 10:00 with 37 minutes in one file and 23 in the next, and each
    import replaced the hour with its own part (both under the 45 valid minutes an hour needs)."""
    _, first = _minutes("2024-03-01 08:00", "2024-03-01 10:36")
    _, second = _minutes("2024-03-01 10:37", "2024-03-01 12:59", with_code=False)  # imported for a named boiler
    import_monitoring(district, first, "0800-1036.csv", who="科长")
    assert boiler_hours(district, "B-GAS").set_index("hour").at[pd.Timestamp("2024-03-01 10:00"), "valid_minutes"] == 37
    report = import_monitoring(district, second, "1037-1259.csv", who="科长", boiler="B-GAS")
    assert any("2024-03-01 10时的数据不完整, 与此前导入的文件 0800-1036.csv 中同一小时的 37 条读数合并计算" in n
               for n in report.notes)
    assert report.accepted == 143  # this file's readings; the earlier file's are not counted again
    hours = boiler_hours(district, "B-GAS").set_index("hour")
    ten = hours.loc[pd.Timestamp("2024-03-01 10:00")]
    # O₂ is 3.00 % at 08:00 and rises 0.01 % a minute: 10:00–10:59 average 3.00 + 0.01 × (120 + 29.5)
    assert ten["valid_minutes"] == 60 and ten["flue_o2_pct"] == pytest.approx(3.0 + 0.01 * 149.5, abs=1e-9)
    assert hours["valid_minutes"].tolist() == [60.0] * 5
    # either file again: the cut hour is completed from the other one, and nothing changes
    for content, name, named in ((first, "0800-1036.csv", None), (second, "1037-1259.csv", "B-GAS")):
        again = import_monitoring(district, content, name, who="科长", boiler=named)
        assert (again.inserted, again.updated) == (0, 0), name
    assert boiler_hours(district, "B-GAS").set_index("hour").loc[pd.Timestamp("2024-03-01 10:00"), "valid_minutes"] == 60


def test_exports_that_meet_on_the_hour_are_not_merged(district):
    _, first = _minutes("2024-03-01 08:00", "2024-03-01 09:59")
    _, second = _minutes("2024-03-01 10:00", "2024-03-01 11:59")
    import_monitoring(district, first, "a.csv", who="科长")
    report = import_monitoring(district, second, "b.csv", who="科长")
    assert not any("合并计算" in n for n in report.notes) and report.inserted == 2


def _gateway_export(district) -> bytes:
    """B-GAS (ten-minute readings, five hours, a fault hour, a blank O₂) and a new hot-water boiler B-HW (hourly, forty
    hours, NOx blank every sixth hour) in one CSV export, their rows interleaved."""
    with district.begin() as session:
        unit_id = session.scalar(select(Unit.id))
        session.add(Boiler(device_code="B-HW", unit_id=unit_id, boiler_kind="hot_water", fuel_kind="natural_gas",
                           combustion="chamber", rated_capacity_mw=2.8, install_date=date(2021, 3, 1)))
    tens = pd.date_range("2024-03-01 00:00", periods=30, freq="10min")  # B-GAS: ten-minute readings, five hours
    gas = pd.DataFrame({"监测时间": tens.strftime("%Y-%m-%d %H:%M"), "设备代码": "B-GAS",
                        "排烟温度(°C)": 120.0 + np.arange(30) % 7, "排烟氧含量(%)": 3.0 + (np.arange(30) % 5) / 10,
                        "氮氧化物(mg/m3)": 28.0 + np.arange(30) % 9, "数据标记": "N"})
    gas.loc[12:17, "数据标记"] = "D"  # a fault all of the third hour: not valid
    gas.loc[20, "排烟氧含量(%)"] = np.nan
    hours = pd.date_range("2024-03-01 00:00", periods=40, freq="h")  # B-HW: hourly readings
    water = pd.DataFrame({"监测时间": hours.strftime("%Y-%m-%d %H:%M"), "设备代码": "B-HW",
                          "排烟温度(°C)": 95.0 + np.arange(40) % 11, "排烟氧含量(%)": 4.0,
                          "氮氧化物(mg/m3)": np.where(np.arange(40) % 6 == 0, np.nan, 25.0 + np.arange(40) % 4),
                          "数据标记": "N"})
    # the two boilers' rows interleaved, as one export of a logger gateway
    export = pd.concat([gas, water]).sort_values("监测时间", kind="stable")
    return export.to_csv(index=False).encode("utf-8")


def test_a_file_read_evaluated_and_written_in_parts_is_stored_as_when_taken_whole(district, monkeypatch):
    """Issue 16 (scale): a CSV export is read, made into hours, evaluated and written a part at a time so that a year
    of 500 boilers fits in memory; parts far smaller than the file (a part ends mid-boiler and mid-hour) store the
    same hours, flags and numbers as one part, and a blank is NULL in the database."""
    import boilerlab.db.monitoring as monitoring

    content = _gateway_export(district)

    def stored() -> pd.DataFrame:
        return pd.concat([boiler_hours(district, code).assign(device_code=code) for code in ("B-GAS", "B-HW")],
                         ignore_index=True)

    whole = import_monitoring(district, content, "gateway.csv", who="科长")
    assert (whole.accepted, whole.inserted) == (70, 45)
    taken_whole = stored()
    with district.begin() as session:
        blank_nox = session.scalar(select(func.count()).select_from(MonitoringHour).where(
            MonitoringHour.nox_mg_m3.is_(None)))
        assert blank_nox == 1 + 7  # the fault hour; B-HW's hours 0, 6, … 36 without NOx
        session.execute(MonitoringHour.__table__.delete())
        session.execute(Upload.__table__.delete().where(Upload.kind == "monitoring"))
    for name, size in (("READ_PER_PART", 9), ("EVALUATED_PER_PART", 12), ("WRITTEN_PER_PART", 7)):
        monkeypatch.setattr(monitoring, name, size)
    parts = import_monitoring(district, content, "gateway.csv", who="科长")
    assert (parts.lines, parts.accepted, parts.inserted, parts.rejected) == (70, 70, 45, [])
    pd.testing.assert_frame_equal(stored(), taken_whole)
    assert taken_whole.loc[taken_whole["device_code"] == "B-GAS", "flag"].tolist() == ["N", "N", "D", "N", "N"]
    assert taken_whole["eta_indirect_pct"].notna().sum() == 44


def test_hours_made_by_two_processes_are_those_one_process_makes(district, database_url, tmp_path):
    """The command line shares the groups of boilers among the cores (boilerlab.engine.processes; a process of its own,
    as the test runner's workers have threads and are never forked): the same file imported again in this process
    finds every hour, flag and number unchanged."""
    import os
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    path = tmp_path / "gateway.csv"
    path.write_bytes(_gateway_export(district))
    script = textwrap.dedent(f"""
        import logging, sys
        import boilerlab.db.monitoring as monitoring
        from boilerlab.cli import main
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
        monitoring.EVALUATED_PER_PART = 20  # B-GAS's 30 readings a group, B-HW's 40 another: one for each process
        sys.exit(main(["import", "monitoring", {str(path)!r}, "--who", "科长"]))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "BOILERLAB_DATABASE_URL": database_url},
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert "读取 70 行, 接受 70 行, 拒绝 0 行; 小时数据 新增 45, 更新 0, 未变 0" in done.stdout
    assert "INFO groups of boilers 1–1 evaluated by worker process" in done.stderr  # the second group, by the worker
    again = import_monitoring(district, path.read_bytes(), "gateway.csv", who="科长")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 45)
    with district() as session:
        assert session.scalar(select(func.count()).where(MonitoringHour.eta_indirect_pct.is_not(None))) == 44


def test_a_column_of_plain_numbers_is_read_as_pandas_reads_it_and_any_other_cell_as_before():
    """The fast path (Arrow's cast) gives pandas' numbers bit for bit; a column with one cell written otherwise (35,600,
    a space, a word) is read cell by cell as before, the word said with its row (full-width digits are made plain
    when the file is read, intake.files)."""
    from boilerlab.db.monitoring import _numbers

    rng = np.random.default_rng(7)
    plain = pd.Series(np.concatenate([np.round(rng.uniform(0, 1000, 5000), 2).astype(str), ["1e3", "-0", ".5"]]),
                      dtype="str")
    plain[10] = None
    rejected: list[str] = []
    fast = _numbers(plain, "排烟温度(°C)", list(range(2, len(plain) + 2)), rejected)
    np.testing.assert_array_equal(fast.to_numpy(), pd.to_numeric(plain, errors="coerce").to_numpy(float))
    assert np.isnan(fast[10]) and rejected == []
    written = pd.Series(["35,600", "12.5", " 7", "坏值", None], dtype="str")
    read = _numbers(written, "烟气流量", [2, 3, 4, 5, 6], rejected)
    np.testing.assert_array_equal(read.to_numpy(), [35600.0, 12.5, 7.0, np.nan, np.nan])
    assert rejected == ["第 5 行: 烟气流量 的值 '坏值' 不是数值, 该值不计入"]
