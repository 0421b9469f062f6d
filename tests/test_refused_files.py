"""Files we cannot read safely are refused with one clear line and left byte-for-byte unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hoshin_tui.cli import main
from hoshin_tui.store import SessionRefused, SessionStore
from tests.plans import small_plan


def _good_session(path: Path) -> Path:
    SessionStore.create(path, small_plan()).close()
    return path


def text_file(path: Path) -> str:
    path.write_text("name,target\nOTD,95\n")
    return "not a hoshin session (not an SQLite database)"


def empty_file(path: Path) -> str:
    path.write_bytes(b"")
    return "is empty"


def other_database(path: Path) -> str:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    return "an SQLite database but not a hoshin session"


def newer_version(path: Path) -> str:
    _good_session(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    return "written by a newer hoshin-tui (file format 99"


def truncated(path: Path) -> str:
    _good_session(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return "is truncated"


def torn_page(path: Path) -> str:
    _good_session(path)
    data = path.read_bytes()
    cut = len(data) - 100  # not a whole number of pages
    path.write_bytes(data[:cut])
    return "truncated"


def corrupt_pages(path: Path) -> str:
    _good_session(path)
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(data), page):  # every page but the header page scribbled over
        data[start + 8 : start + 200] = b"\xff" * 192
    path.write_bytes(bytes(data))
    return "damaged"


def header_only(path: Path) -> str:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    return "header is incomplete"


def _alter(path: Path, *statements: str) -> None:
    _good_session(path)
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def table_dropped(path: Path) -> str:
    _alter(path, "DROP TABLE meta")
    return "bad.sqlite is damaged: table 'meta' is missing"


def table_renamed(path: Path) -> str:
    _alter(path, "ALTER TABLE objectives RENAME TO goals")
    return "bad.sqlite is damaged: table 'objectives' is missing"


def column_dropped(path: Path) -> str:
    _alter(path, "ALTER TABLE measures DROP COLUMN target")
    return "bad.sqlite is damaged: column 'target' of table 'measures' is missing"


def column_renamed(path: Path) -> str:
    _alter(path, "ALTER TABLE strategies RENAME COLUMN title TO name")
    return "bad.sqlite is damaged: column 'title' of table 'strategies' is missing"


def column_retyped(path: Path) -> str:
    _alter(
        path,
        "CREATE TABLE p2 (id TEXT PRIMARY KEY NOT NULL, name TEXT, role TEXT, department TEXT, pos TEXT)",
        "INSERT INTO p2 SELECT * FROM people",
        "DROP TABLE people",
        "ALTER TABLE p2 RENAME TO people",
    )
    return "bad.sqlite is damaged: column 'pos' of table 'people' is of type TEXT, not INTEGER"


def format_0(path: Path) -> str:
    _good_session(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    return "bad.sqlite has no file format number (format 0)"


CASES = [
    text_file,
    empty_file,
    other_database,
    newer_version,
    truncated,
    torn_page,
    corrupt_pages,
    header_only,
    table_dropped,
    table_renamed,
    column_dropped,
    column_renamed,
    column_retyped,
    format_0,
]


@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
def test_refused_with_one_line_and_left_untouched(make, tmp_path, capsys):
    path = tmp_path / "sessions" / "bad.sqlite"
    path.parent.mkdir()
    expected = make(path)
    before = path.read_bytes()

    with pytest.raises(SessionRefused) as caught:
        SessionStore.open(path)
    message = str(caught.value)
    assert expected in message and "\n" not in message

    # The command line says the same in one line, with exit status 1.
    assert main(["--workspace", str(tmp_path), "open", "bad"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err

    # The listing does not call it healthy.
    assert main(["--workspace", str(tmp_path), "list"]) == 0
    listing = capsys.readouterr().out
    assert listing.count("\n") == 1 and "bad" in listing and "cannot open:" in listing

    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["bad.sqlite"]  # no -wal, -shm or backup left behind


@pytest.mark.parametrize("make", CASES, ids=[c.__name__ for c in CASES])
def test_refused_read_only_too_and_left_untouched(make, tmp_path):
    path = tmp_path / "bad.sqlite"
    expected = make(path)
    before = path.read_bytes()
    with pytest.raises(SessionRefused) as caught:
        SessionStore.open(path, read_only=True)
    assert expected in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sqlite"]


def test_an_invalid_row_is_named_in_the_rooms_words(tmp_path, capsys):
    (tmp_path / "sessions").mkdir()
    path = tmp_path / "sessions" / "bad.sqlite"
    _alter(path, "UPDATE measures SET target = 'lots' WHERE rowid = 1")
    title = sqlite3.connect(path).execute("SELECT name, id FROM measures WHERE rowid = 1").fetchone()
    before = path.read_bytes()

    with SessionStore.open(path, read_only=True) as store, pytest.raises(SessionRefused) as caught:
        store.load()
    message = str(caught.value)
    assert (
        f"bad.sqlite holds an invalid item in measures: item '{title[0]}' ({title[1]}): "
        "Target must be a number, got 'lots'" in message
    )
    assert "validation error" not in message and "\n" not in message

    assert main(["--workspace", str(tmp_path), "export", "json", "bad", "-o", "-"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid item in" in err and "validation error" not in err
    assert path.read_bytes() == before
