"""HJ 212-2017 messages of online monitoring (CEMS data loggers), one per line, read into a frame of readings.

A message is ``##`` + the data segment's length (4 decimal digits, bytes) + the data segment + its CRC16
(4 hexadecimal digits) + CR LF [HJ212]. The data segment is ``QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;CP=&&…&&``; inside
``CP`` the items are ``DataTime=YYYYMMDDhhmmss`` and, per factor code, ``a19001-Avg=3.5,a19001-Flag=N``. Data
messages are CN 2011 (real-time, ``-Rtd``), 2051 (minute), 2061 (hourly) and 2031 (daily), which give ``-Avg``
(``-Min``, ``-Max``, ``-ZsAvg`` are read past). The factor codes map to columns through ``hj212_factors.csv``.

Nothing in a file stops the reading: a line that is not a message, a wrong length, a wrong CRC, a command
message or one without MN or DataTime is a rejected line with its number and reason (Chinese); every other line
is a row of readings.

References
----------
[HJ212] HJ 212-2017 污染物在线监控(监测)系统数据传输标准, §6.3 (message structure), 附录 A (CRC16 checking).

Examples
--------
>>> segment = ("QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;"
...            "CP=&&RtdInterval=30&&")
>>> f"{crc16(segment):04X}", len(segment)      # the standard's own example message: ##0101…&&1C80
('1C80', 101)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from boilerlab.base.reference import ReferenceData, load_reference
from boilerlab.base.vocabulary import codes, label

#: The data messages read, with the factor field holding the value.
DATA_CN = {"2011": "Rtd", "2051": "Avg", "2061": "Avg", "2031": "Avg"}
FLAGS = codes("monitoring_flag")


def crc16(segment: str | bytes) -> int:
    """The HJ 212 CRC16 of a data segment ([HJ212] 附录 A: register 0xFFFF, each byte XORed into the register
    shifted right by 8, then 8 shifts with polynomial 0xA001).

    Parameters
    ----------
    segment : str or bytes
        The data segment, from ``QN=`` (or ``ST=``) to the closing ``&&``. [–]

    Examples
    --------
    >>> segment = ("ST=32;CN=2011;PW=123456;MN=0873HHMZWSLH02;CP=&&DataTime=20160103133030;060-Rtd=3.0943,"
    ...            "060-Flag=N;011-Rtd=18.0412,011-Flag=N;001-Rtd=8.2137,001-Flag=N;B01-Rtd=10.9890,B01-Flag=N&&")
    >>> f"{crc16(segment):04X}", len(segment)  # a message quoted by public HJ 212 parsers' tests: ##0178…a9c1
    ('A9C1', 178)
    """
    register = 0xFFFF
    for byte in segment.encode("utf-8") if isinstance(segment, str) else segment:
        register = (register >> 8) ^ byte
        for _ in range(8):
            carry = register & 1
            register >>= 1
            if carry:
                register ^= 0xA001
    return register


@dataclass
class Hj212Readings:
    """What a file of messages held: ``frame`` one row per data message (``line``, ``mn``, ``cn``, ``time`` and per
    column its value and ``flag_<column>``), ``rejected`` (line, reason) and the lines read (blank lines not
    counted); ``unknown_factors`` the factor codes met that ``hj212_factors`` does not map."""

    frame: pd.DataFrame
    lines: int
    rejected: list[tuple[int, str]] = field(default_factory=list)
    unknown_factors: set[str] = field(default_factory=set)

    @property
    def accepted(self) -> int:
        return len(self.frame)

    def summary(self) -> str:
        return (f"读取 {self.lines} 行报文, 接受 {self.accepted} 行, 拒绝 {len(self.rejected)} 行"
                + (f"; 未识别的监测因子 {'、'.join(sorted(self.unknown_factors))} 未读入" if self.unknown_factors else ""))


def _message(line: str) -> str:
    """The data segment of one line, or ValueError saying (in Chinese) why the line is not a message."""
    if not line.startswith("##"):
        raise ValueError("不是 HJ 212 报文: 应以 ## 开头")
    if len(line) < 12 or not line[2:6].isdigit():
        raise ValueError("不是 HJ 212 报文: ## 后应为 4 位数据段长度")
    length = int(line[2:6])
    body, checksum = line[6:-4], line[-4:]
    if len(body.encode("utf-8")) != length:
        raise ValueError(f"数据段长度 {len(body.encode('utf-8'))} 与报文所写 {length} 不符")
    try:
        given = int(checksum, 16)
    except ValueError:
        raise ValueError(f"CRC 校验码 {checksum!r} 不是 4 位十六进制数") from None
    if crc16(body) != given:
        raise ValueError(f"CRC 校验不符: 报文为 {checksum.upper()}, 计算为 {crc16(body):04X}")
    return body


def _fields(body: str) -> tuple[dict[str, str], str]:
    """The header fields (QN, ST, CN, PW, MN, Flag) and the CP content of a data segment."""
    start = body.find("CP=&&")
    end = body.rfind("&&")
    if start < 0 or end <= start + 4:
        raise ValueError("数据段缺少 CP=&&…&&")
    head = dict(item.split("=", 1) for item in body[:start].split(";") if "=" in item)
    return head, body[start + 5:end]


def parse_messages(lines: Iterable[str], reference: ReferenceData | None = None) -> Hj212Readings:
    """Read HJ 212 messages, one per line.

    Parameters
    ----------
    lines : iterable of str
        The file's lines (CR LF or LF ends; blank lines are passed over).
    reference : ReferenceData, optional
        ``hj212_factors``: factor code → column.

    Returns
    -------
    Hj212Readings
        The readings (a row per data message) and every rejected line with its reason.

    Examples
    --------
    >>> segment = "ST=31;CN=2061;PW=123456;MN=MH0001;CP=&&DataTime=20240301100000;a19001-Avg=3.5,a19001-Flag=N&&"
    >>> message = f"##{len(segment):04d}{segment}{crc16(segment):04X}"
    >>> read = parse_messages([message, "garbage", message[:-1] + "0"])
    >>> read.frame[["mn", "cn", "time", "flue_o2_pct", "flag_flue_o2_pct"]].values.tolist()
    [['MH0001', '2061', Timestamp('2024-03-01 10:00:00'), 3.5, 'N']]
    >>> [number for number, _ in read.rejected], read.summary()
    ([2, 3], '读取 3 行报文, 接受 1 行, 拒绝 2 行')
    """
    factors = (reference or load_reference()).table("hj212_factors")
    column_of = dict(zip(factors["factor"], factors["column"]))
    rows: list[dict] = []
    rejected: list[tuple[int, str]] = []
    unknown: set[str] = set()
    read = 0
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        read += 1
        try:
            body = _message(line)
            head, content = _fields(body)
            cn = head.get("CN", "")
            if cn not in DATA_CN:
                raise ValueError(f"CN={cn or '(空)'} 不是监测数据报文, 可读: "
                                 + "、".join(f"{c} {label('hj212_cn', c)}" for c in DATA_CN))
            if not head.get("MN"):
                raise ValueError("缺少数采仪编号 MN")
            row = {"line": number, "mn": head["MN"], "cn": cn}
            wanted = DATA_CN[cn]
            for item in content.replace(",", ";").split(";"):
                key, _, value = item.partition("=")
                if key == "DataTime":
                    row["time"] = value
                    continue
                code, _, kind = key.partition("-")
                if kind not in (wanted, "Flag"):
                    continue  # -Min, -Max, -ZsAvg, -Cou: read past
                column = column_of.get(code)
                if column is None:
                    unknown.add(code)
                    continue
                if kind == "Flag":
                    if value not in FLAGS:
                        raise ValueError(f"因子 {code} 的数据标记 {value!r} 无效, 可选: "
                                         + "、".join(f"{f} {label('monitoring_flag', f)}" for f in FLAGS))
                    row[f"flag_{column}"] = value
                else:
                    try:
                        row[column] = float(value)
                    except ValueError:
                        raise ValueError(f"因子 {code} 的值 {value!r} 不是数值") from None
            if "time" not in row:
                raise ValueError("CP 中缺少 DataTime")
            when = pd.to_datetime(row["time"], format="%Y%m%d%H%M%S", errors="coerce")
            if pd.isna(when):
                raise ValueError(f"DataTime {row['time']!r} 不是 YYYYMMDDhhmmss")
            row["time"] = when
            rows.append(row)
        except ValueError as problem:
            rejected.append((number, f"第 {number} 行: {problem}"))
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=["line", "mn", "cn", "time"])
    for column in factors["column"]:
        if column in frame:  # a value without a flag is a normal one
            flags = frame[f"flag_{column}"] if f"flag_{column}" in frame else pd.Series(None, index=frame.index)
            frame[f"flag_{column}"] = flags.where(flags.notna() | frame[column].isna(), "N")
    frame["time"] = pd.to_datetime(frame["time"])
    return Hj212Readings(frame, read, rejected, unknown)


def readings_from_text(text: str, reference: ReferenceData | None = None) -> Hj212Readings:
    """:func:`parse_messages` of a whole text (a file decoded)."""
    return parse_messages(text.splitlines(), reference)


