"""Checking the state file and recovering what can still be read from a damaged one (`doctor --recover`).

Recovery reads the damaged file without changing it, row by row wherever a whole-table read fails
(every table is walked forwards, backwards and through each of its indexes, so one bad page loses
only the rows on it), and writes what it read into a new state file. Only when that new file passes
SQLite's integrity check is the damaged one moved aside, with its -wal and -shm files, under a name
that says when; nothing is deleted. Standard library only (sqlite3).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from daemon.core.errors import StateError
from daemon.service.state import ServiceLock, open_state, state_error

#: Columns that hold JSON, with the value a row gets when its JSON cannot be read.
JSON_COLUMNS = {("interviews", "interviewers"): "[]", ("interviews", "organizer"): "{}", ("debriefs", "answers"): None}
#: Columns a row cannot do without (an interview with no readable time is not one).
TIME_COLUMNS = {"interviews": ("start_at", "end_at")}


def integrity(path: Path) -> list[str]:
    """SQLite's ``PRAGMA integrity_check`` on the state file, read only: [] when it is sound."""
    try:
        db = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in db.execute("PRAGMA integrity_check(20)")]
        finally:
            db.close()
        if rows == ["ok"]:
            rows = _undecodable(path)
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _undecodable(path: Path) -> list[str]:
    """Text that is not UTF-8 (SQLite's check does not look at it, but reading it fails)."""
    db = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            try:
                for _ in db.execute(f'SELECT * FROM "{table}"'):
                    pass
            except sqlite3.OperationalError as exc:
                return [f"table {table}: {exc}"]
    finally:
        db.close()
    return ["ok"]


@dataclass
class Recovery:
    """What a recovery read: rows kept and lost per table, values whose text was repaired, the file names."""

    recovered: Path
    damaged: Path | None = None
    kept: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    repaired: int = 0

    def lines(self) -> list[str]:
        out = [f"{table}: {self.kept[table]} kept" + (f", {self.lost[table]} unreadable" if self.lost.get(table) else "")
               for table in self.kept]
        if self.repaired:
            out.append(f"{self.repaired} values had unreadable characters, kept with replacement characters")
        return out


def _rowids(src: sqlite3.Connection, table: str) -> tuple[set[int], bool]:
    """Every rowid that can be reached: a forward and a backward scan and one scan per index, each as
    far as it gets. The second value says whether some scan stopped on damage."""
    found: set[int] = set()
    damaged = False
    scans = [f'SELECT rowid FROM "{table}" ORDER BY rowid', f'SELECT rowid FROM "{table}" ORDER BY rowid DESC']
    try:
        for index in src.execute(f'PRAGMA index_list("{table}")').fetchall():
            name = index[1].decode() if isinstance(index[1], bytes) else index[1]
            scans.append(f'SELECT rowid FROM "{table}" INDEXED BY "{name}"')
    except sqlite3.DatabaseError:
        damaged = True
    for sql in scans:
        try:
            for (rowid,) in src.execute(sql):
                found.add(rowid)
        except sqlite3.DatabaseError:
            damaged = True
    return found, damaged


def _text(value, counter: list[int]):
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            counter[0] += 1
            return value.decode("utf-8", "replace")
    return value


def _fix(table: str, row: dict) -> dict | None:
    """A row as the new file must have it; None when it is unusable (an interview without its times)."""
    for column in TIME_COLUMNS.get(table, ()):
        try:
            datetime.fromisoformat(row[column])
        except (TypeError, ValueError, KeyError):
            return None
    for (t, column), empty in JSON_COLUMNS.items():
        if t == table and column in row:
            try:
                json.loads(row[column])
            except (TypeError, ValueError):
                # debrief answers are private notes: what is left of them is kept as text, never dropped
                row[column] = empty if empty is not None else json.dumps({"recovered_text": str(row[column] or "")}, ensure_ascii=False)
    if table == "interviews":
        for column, value in row.items():
            if column.endswith("_at") and column not in ("start_at", "end_at") and value:
                try:
                    datetime.fromisoformat(value)
                except (TypeError, ValueError):
                    row[column] = None if column not in ("first_seen_at", "updated_at") else row["start_at"]
    return row


def recover(path: Path, now: datetime) -> Recovery:
    """Copy what can be read of the state at ``path`` into a new file, then put it in place, keeping the old.

    :raises AlreadyRunning: the service runs on this state (stop it first).
    :raises StateError: nothing could be read, or the folder cannot be written.
    """
    if not path.exists():
        raise StateError(f"state {path} does not exist: nothing to recover")
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.recovered-{stamp}")
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    with ServiceLock(path):
        try:
            src = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        except sqlite3.DatabaseError as exc:
            raise state_error(path, exc) from None
        src.text_factory = bytes
        report = Recovery(recovered=target)
        repaired = [0]
        try:
            try:
                tables = {(r[0].decode() if isinstance(r[0], bytes) else r[0])
                          for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            except sqlite3.DatabaseError as exc:
                raise StateError(f"state {path}: its table of contents cannot be read ({exc}); nothing could be recovered",
                                 hint="the file is left as it is") from None
            new = open_state(target)
            new.db.execute("PRAGMA foreign_keys=OFF")  # a debrief whose interview is lost is kept all the same
            try:
                for table in ("interviews", "debriefs", "drafts", "replies", "notices", "marks", "calendars", "mailboxes"):
                    if table not in tables:
                        continue
                    theirs = [_text(r[1], repaired) for r in src.execute(f'PRAGMA table_info("{table}")')]
                    ours = {r["name"] for r in new.db.execute(f'PRAGMA table_info("{table}")')}
                    columns = [c for c in theirs if c in ours]
                    rowids, _ = _rowids(src, table)
                    kept = lost = 0
                    quoted = ", ".join(f'"{c}"' for c in columns)
                    for rowid in sorted(rowids):
                        try:
                            values = src.execute(f'SELECT {quoted} FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
                        except sqlite3.DatabaseError:
                            lost += 1
                            continue
                        if values is None:
                            continue
                        row = _fix(table, {c: _text(v, repaired) for c, v in zip(columns, values)})
                        if row is None:
                            lost += 1
                            continue
                        with new.transaction() as db:
                            cur = db.execute(f'INSERT OR IGNORE INTO "{table}" ({quoted}) VALUES ({", ".join("?" for _ in columns)})',
                                             tuple(row.values()))
                        kept += cur.rowcount
                    report.kept[table], report.lost[table] = kept, lost
            finally:
                new.close()
        finally:
            src.close()
        report.repaired = repaired[0]
        problems = integrity(target)
        if problems:
            raise StateError(f"the recovered copy {target} does not pass the integrity check: {problems[0]}",
                             hint=f"the damaged file {path} is left as it is")
        # Only now is the damaged file moved aside, with its journal files (a -wal left behind
        # would be read into the new file).
        for suffix in ("", "-wal", "-shm"):
            old = Path(f"{path}{suffix}")
            if old.exists():
                os.replace(old, Path(f"{damaged}{suffix}"))
        os.replace(target, path)
        report.recovered, report.damaged = path, damaged
    return report
