"""A CSV test file imported from disk a part at a time stores exactly what the same file imported at once stores,
and reports the same rows."""

import pytest
from sqlalchemy import select

from boilerlab.db.imports import import_file, store_import
from boilerlab.db.models import AuditLog, TestRecord, Upload
from boilerlab.intake import streaming
from boilerlab.intake.rows import FileRefused, prepare_import_file
from tests.intake.test_streaming import _field_file
from tests.staff import add_staff


def _stored(sessions) -> list[tuple]:
    with sessions() as session:
        return [(t.test_id, t.inputs, t.results, t.warnings, t.eta_direct_pct, t.gb24500_grade)
                for t in session.scalars(select(TestRecord).order_by(TestRecord.test_id))]


@pytest.fixture
def sessions(sessions):
    """The database with the inspector 测试, who imports the tests."""
    add_staff(sessions, 测试="inspector")
    return sessions


@pytest.fixture
def twin_sessions(database_url, tmp_path_factory):
    """A second SQLite database, with the same inspector, for the import at once."""
    from boilerlab.db import make_engine, session_factory, upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('twin') / 'twin.db'}"
    upgrade(url)
    engine = make_engine(url)
    add_staff(session_factory(engine), 测试="inspector")
    yield session_factory(engine)
    engine.dispose()


def test_a_file_imported_in_parts_stores_what_it_stores_at_once(sessions, twin_sessions, tmp_path, monkeypatch):
    monkeypatch.setattr(streaming, "ROWS_PER_PART", 2)
    source = _field_file(tmp_path)
    prepared = prepare_import_file("tests", source)
    assert prepared.result is None and len(prepared.good) == 12  # nothing evaluated yet: it is, part by part, when stored
    parts = store_import(sessions, prepared, who="测试")
    whole = import_file(twin_sessions, "tests", source.read_bytes(), source.name, who="测试")
    assert [(o.row, o.key, o.status, o.reason) for o in parts.outcomes] == \
        [(o.row, o.key, o.status, o.reason) for o in whole.outcomes]
    assert parts.count("rejected") == 3 and parts.notes == whole.notes
    assert _stored(sessions) == _stored(twin_sessions) and len(_stored(sessions)) == 9
    with sessions() as session:
        upload = session.scalars(select(Upload)).one()
        assert upload.content == source.read_bytes()  # the file kept byte for byte
        # one per stored test and one for the import
        assert session.query(AuditLog).filter(AuditLog.table_name != "account").count() == 10
    again = store_import(sessions, prepare_import_file("tests", source), who="测试")
    assert again.count("inserted") == 0 and again.count("unchanged") == 9 and _stored(sessions) == _stored(twin_sessions)


def test_a_file_without_test_columns_is_refused_before_anything_is_stored(sessions, tmp_path):
    source = tmp_path / "nothing.csv"
    source.write_text("名称,数量\n甲,1\n", encoding="utf-8")
    with pytest.raises(FileRefused, match="表中没有可识别的测试记录列"):
        prepare_import_file("tests", source)
    with pytest.raises(FileRefused, match="无法读取文件"):
        prepare_import_file("tests", tmp_path / "absent.csv")
    with sessions() as session:
        assert session.query(Upload).count() == 0
