"""A file evaluated a part at a time gives, byte for byte, the output of the whole file evaluated at once."""

from pathlib import Path

import pandas as pd
import pytest

from boilerlab import evaluate
from boilerlab.intake import streaming
from boilerlab.intake.canonical import TableRefused
from boilerlab.intake.files import UnreadableFileError, read_table, write_table
from boilerlab.intake.streaming import CsvParts, evaluate_file

CASES = Path(__file__).resolve().parents[1] / "data" / "validation_gbt10180.csv"


def _field_file(folder: Path, encoding: str = "utf-8") -> Path:
    """Twelve tests as a test institute writes them: a title row, a units row under Chinese headers, blank rows,
    a note column without a header, one test id twice (rows far apart) and two bad cells."""
    cases = pd.read_csv(CASES, dtype=str)
    frame = pd.concat([cases.assign(test_id=cases["test_id"] + f"-{k}") for k in range(4)], ignore_index=True)
    frame.loc[10, "test_id"] = frame.loc[1, "test_id"]  # the same id in the first and the last part
    frame.loc[4, "flue_temp_c"] = "二十"
    frame.loc[7, "flue_o2_pct"] = "3.5 %"
    header = list(frame.columns)
    width = len(header) + 1
    lines = [["闵行区锅炉能效测试记录表"] + [""] * (width - 1), header + [""], [""] * width]
    for i, row in enumerate(frame.itertuples(index=False)):
        lines.append(list(row) + (["复测"] if i == 6 else [""]))
        if i == 5:
            lines.append([""] * (len(header) + 1))
    path = folder / "field.csv"
    path.write_bytes(pd.DataFrame(lines).to_csv(index=False, header=False).encode(encoding))
    return path


def _whole(path: Path, output: Path) -> bytes:
    write_table(evaluate(read_table(path)), output)
    return output.read_bytes()


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("rows_per_part", [1, 5, 1000])
def test_parts_give_the_whole_file_s_output_byte_for_byte(tmp_path, monkeypatch, rows_per_part, encoding):
    monkeypatch.setattr(streaming, "ROWS_PER_PART", rows_per_part)
    source = _field_file(tmp_path, encoding)
    said = []
    rows, failed = evaluate_file(source, tmp_path / "parts.csv", notes=said.extend)
    assert (tmp_path / "parts.csv").read_bytes() == _whole(source, tmp_path / "whole.csv")
    assert said == read_table(source).attrs["notes"] == ["表头在第 2 行, 其上 1 行 (标题或说明) 未读入"]
    result = pd.read_csv(tmp_path / "parts.csv", dtype=str, keep_default_na=False)
    assert rows == len(result) == 12 and failed == 3  # the repeated id twice, 二十; "3.5 %" in a % column is 3.5
    assert (result["error"].str.contains("在文件中重复")).sum() == 2


def test_the_reader_knows_the_whole_file_before_the_first_part(tmp_path):
    reader = CsvParts(_field_file(tmp_path), rows_per_part=3)
    parts = list(reader.parts())
    assert len(parts) == 5 and sum(map(len, parts)) == 12
    assert len(reader.repeated_ids) == 1 and [n for n in reader.kept if n.startswith("未命名列")] == [reader.names[-1]]
    assert [r for part in parts for r in part.attrs["rows"]] == [4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_file_held_in_memory_is_read_in_the_same_parts_as_from_disk(tmp_path, encoding):
    """An upload (bytes) is read as the same file on disk is: the monitoring import reads a year's export so."""
    path = _field_file(tmp_path, encoding)
    on_disk = list(CsvParts(path, rows_per_part=5).parts())
    reader = CsvParts(path.read_bytes(), rows_per_part=5, name="field.csv", whole_file_pass=False)
    in_memory = list(reader.parts())
    assert reader.notes == ["表头在第 2 行, 其上 1 行 (标题或说明) 未读入"] and reader.encoding.startswith(encoding[:3])
    assert len(in_memory) == len(on_disk) == 3
    for got, expected in zip(in_memory, on_disk):
        pd.testing.assert_frame_equal(got, expected)
        assert got.attrs["rows"] == expected.attrs["rows"]
    with pytest.raises(UnreadableFileError, match="文件为空"):
        CsvParts(b"", name="empty.csv")


def test_an_xlsx_input_is_evaluated_in_parts_to_the_same_output(tmp_path, monkeypatch):
    monkeypatch.setattr(streaming, "ROWS_PER_PART", 4)
    frame = read_table(_field_file(tmp_path))
    source = tmp_path / "field.xlsx"
    frame.to_excel(source, index=False)
    evaluate_file(source, tmp_path / "parts.xlsx")
    write_table(evaluate(read_table(source)), tmp_path / "whole.xlsx")
    got, expected = (pd.read_excel(tmp_path / name, engine="openpyxl") for name in ("parts.xlsx", "whole.xlsx"))
    pd.testing.assert_frame_equal(got, expected)
    assert len(got) == 12 and got["eta_direct_pct"].notna().sum() >= 6


def test_a_refused_file_leaves_no_output_and_no_half_written_file(tmp_path):
    source = tmp_path / "nothing.csv"
    source.write_text("名称,数量\n甲,1\n", encoding="utf-8")
    with pytest.raises(TableRefused):
        evaluate_file(source, tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == [source]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableFileError, match="文件为空"):
        evaluate_file(empty, tmp_path / "out.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("test_id\n\xe9\xff\n".encode("latin-1") + bytes([0x81, 0x20]))
    with pytest.raises(UnreadableFileError, match="无法按 UTF-8 或 GBK 解码"):
        evaluate_file(latin, tmp_path / "out.csv")


def test_a_row_wider_than_the_header_late_in_the_file_is_refused_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setattr(streaming, "ROWS_PER_PART", 5)
    cases = pd.read_csv(CASES, dtype=str)
    rows = [",".join(cases.columns)] + [",".join(cases.iloc[0].fillna("").tolist())] * 30
    rows[25] += ",extra,cells"
    source = tmp_path / "wide.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="CSV 格式错误, 某行的列数多于表头"):
        evaluate_file(source, tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wide.csv"]


def test_a_wrong_output_suffix_is_refused_before_the_input_is_read(tmp_path):
    with pytest.raises(ValueError, match="输出文件须为 .csv 或 .xlsx, 而非 'result.txt'"):
        evaluate_file(tmp_path / "never-read.csv", tmp_path / "result.txt")


def test_a_csv_with_old_mac_line_ends_is_read(tmp_path):
    source = tmp_path / "cr.csv"
    source.write_bytes(CASES.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert len(read_table(source)) == len(read_table(CASES))
