"""HJ 212-2017 messages (boilerlab.intake.hj212): the CRC pinned to the standard's example and a second public one,
every data CN and every flag read, and every kind of bad line — garbage, a wrong length, a wrong CRC, a command, a
missing MN or DataTime, a bad flag or value — a counted, reported line, never a crash."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerlab.intake.hj212 import DATA_CN, FLAGS, crc16, parse_messages


def _message(segment: str, crc: str | None = None) -> str:
    return f"##{len(segment.encode('utf-8')):04d}{segment}{crc or f'{crc16(segment):04X}'}\r\n"


def _hourly(cn="2061", mn="MH0001", time="20240301100000", items="a19001-Avg=3.5,a19001-Flag=N"):
    return f"QN=20240301100001001;ST=31;CN={cn};PW=123456;MN={mn};Flag=4;CP=&&DataTime={time};{items}&&"


def test_the_crc_of_the_standards_example_and_of_a_second_public_message():
    # HJ 212-2017's own example: ##0101QN=20160801085857223;…;CP=&&RtdInterval=30&&1C80
    example = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
    assert (crc16(example), len(example)) == (0x1C80, 101)
    second = ("ST=32;CN=2011;PW=123456;MN=0873HHMZWSLH02;CP=&&DataTime=20160103133030;060-Rtd=3.0943,060-Flag=N;"
              "011-Rtd=18.0412,011-Flag=N;001-Rtd=8.2137,001-Flag=N;B01-Rtd=10.9890,B01-Flag=N&&")
    assert (crc16(second), len(second)) == (0xA9C1, 178)
    assert crc16(example.encode("utf-8")) == crc16(example)


@pytest.mark.parametrize("cn, kind", sorted(DATA_CN.items()))
def test_every_data_cn_is_read_with_its_value_field(cn, kind):
    items = f"a19001-{kind}=4.2,a19001-Flag=N;a01012-{kind}=130.5;a21002-{kind}=31.0,a21002-ZsAvg=29.0,a21002-Max=40"
    read = parse_messages([_message(_hourly(cn=cn, items=items))])
    row = read.frame.iloc[0]
    assert (read.lines, read.accepted, read.rejected) == (1, 1, [])
    assert (row["cn"], row["flue_o2_pct"], row["flue_temp_c"], row["nox_mg_m3"]) == (cn, 4.2, 130.5, 31.0)
    assert row["flag_flue_temp_c"] == "N"  # a value without a flag is a normal one


@pytest.mark.parametrize("flag", FLAGS)
def test_every_flag_is_kept(flag):
    read = parse_messages([_message(_hourly(items=f"a21026-Avg=12.0,a21026-Flag={flag}"))])
    assert read.frame.iloc[0]["flag_so2_mg_m3"] == flag


@pytest.mark.parametrize("line, reason", [
    ("garbage", "应以 ## 开头"),
    ("##abcdQN=1", "4 位数据段长度"),
    (_message(_hourly()).replace("##01", "##02", 1), "与报文所写"),
    (_message(_hourly(), crc="0000"), "CRC 校验不符: 报文为 0000, 计算为"),
    (_message(_hourly(), crc="ZZZZ"), "不是 4 位十六进制数"),
    (_message(_hourly(cn="1062")), "CN=1062 不是监测数据报文"),
    (_message(_hourly(mn="")), "缺少数采仪编号 MN"),
    (_message(_hourly().replace("DataTime=20240301100000;", "")), "缺少 DataTime"),
    (_message(_hourly(time="2024-03-01")), "不是 YYYYMMDDhhmmss"),
    (_message(_hourly(items="a19001-Avg=3.5,a19001-Flag=X")), "数据标记 'X' 无效"),
    (_message(_hourly(items="a19001-Avg=三点五")), "的值 '三点五' 不是数值"),
    (_message(_hourly().replace("CP=&&", "CX=&&")), "缺少 CP=&&…&&"),
])
def test_a_bad_line_is_counted_and_named_and_the_others_are_read(line, reason):
    good = _message(_hourly())
    read = parse_messages(["", good, line, _message(_hourly(mn="MH0002"))])
    assert (read.lines, read.accepted) == (3, 2)
    assert [number for number, _ in read.rejected] == [3]
    assert reason in read.rejected[0][1] and read.rejected[0][1].startswith("第 3 行: ")
    assert read.summary().startswith("读取 3 行报文, 接受 2 行, 拒绝 1 行")


def test_an_unknown_factor_is_passed_over_and_said():
    read = parse_messages([_message(_hourly(items="a19001-Avg=3.5;w01018-Avg=40.1"))])
    assert read.accepted == 1 and read.unknown_factors == {"w01018"} and "w01018 未读入" in read.summary()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_no_line_whatever_it_holds_stops_the_reading(text):
    read = parse_messages([text, _message(_hourly())])
    assert read.accepted >= 1 and read.lines == read.accepted + len(read.rejected)
