"""What followthrough knows, in one SQLite file: versioned, migrated, written in transactions.

Interviews are keyed by (source, UID, recurrence-id). Every write happens inside a transaction,
so a crash leaves either the old or the new state, never half of each. The SQL sticks to what
PostgreSQL also understands (no SQLite-only types), to keep that path open.

Only one service process runs at a time (:class:`ServiceLock`); short CLI commands may write
beside it, serialised by SQLite itself.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterator

from daemon.errors import AlreadyRunning, NotFound, StateError

# Each entry upgrades the schema by one version; never edit a released entry, append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE interviews (
        id            INTEGER PRIMARY KEY,
        source        TEXT NOT NULL,
        uid           TEXT NOT NULL,
        recurrence_id TEXT NOT NULL DEFAULT '',
        title         TEXT NOT NULL,
        company       TEXT NOT NULL DEFAULT '',
        kind          TEXT NOT NULL DEFAULT 'other',
        start_at      TEXT NOT NULL,
        end_at        TEXT NOT NULL,
        all_day       INTEGER NOT NULL DEFAULT 0,
        confidence    REAL NOT NULL DEFAULT 0,
        interviewers  TEXT NOT NULL DEFAULT '[]',
        organizer     TEXT NOT NULL DEFAULT '{}',
        stage         TEXT NOT NULL DEFAULT 'scheduled',
        first_seen_at TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        UNIQUE (source, uid, recurrence_id)
    );
    CREATE INDEX interviews_end ON interviews (end_at);
    CREATE TABLE calendars (
        source     TEXT PRIMARY KEY,
        token      TEXT,
        synced_at  TEXT,
        error      TEXT
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

STAGES = ("scheduled", "cancelled")


@dataclass
class Interview:
    """One stored interview (a row of ``interviews``)."""

    id: int
    source: str
    uid: str
    recurrence_id: str
    title: str
    company: str
    kind: str
    start: datetime
    end: datetime
    all_day: bool
    confidence: float
    interviewers: list[dict] = field(default_factory=list)
    organizer: dict = field(default_factory=dict)
    stage: str = "scheduled"
    first_seen_at: str = ""
    updated_at: str = ""

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> "Interview":
        return cls(
            id=row["id"],
            source=row["source"],
            uid=row["uid"],
            recurrence_id=row["recurrence_id"],
            title=row["title"],
            company=row["company"],
            kind=row["kind"],
            start=datetime.fromisoformat(row["start_at"]),
            end=datetime.fromisoformat(row["end_at"]),
            all_day=bool(row["all_day"]),
            confidence=row["confidence"],
            interviewers=json.loads(row["interviewers"]),
            organizer=json.loads(row["organizer"]),
            stage=row["stage"],
            first_seen_at=row["first_seen_at"],
            updated_at=row["updated_at"],
        )


class State:
    """The state database. Open it with :func:`open_state`."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"state {path}: cannot open ({exc})") from None
        self.db.row_factory = sqlite3.Row
        try:
            self._check_version()
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except StateError:
            self.db.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StateError(
                f"state {path}: not a followthrough database or damaged ({exc})",
                hint="move the file aside to start afresh; nothing else is stored elsewhere",
            ) from None
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: all or nothing, one writer at a time."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def _check_version(self) -> None:
        """Refuse a database from a newer release before writing anything to it."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StateError(
                f"state {self.path}: written by a newer followthrough (schema {version}, this one knows {SCHEMA_VERSION})",
                hint="upgrade followthrough; the file is left untouched",
            )

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as db:
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- interviews --------------------------------------------------------------------------

    def upsert_interview(self, values: dict, now: datetime) -> tuple[int, str]:
        """Insert or update the interview with ``values``' (source, uid, recurrence_id).

        Returns (id, what) with what in "new", "moved" (start or end changed), "updated", "same".
        Stage and anything recorded by the user are never overwritten here.
        """
        key = (values["source"], values["uid"], values.get("recurrence_id") or "")
        columns = {
            "title": values["title"],
            "company": values.get("company", ""),
            "kind": values.get("kind", "other"),
            "start_at": values["start"].isoformat(),
            "end_at": values["end"].isoformat(),
            "all_day": int(bool(values.get("all_day"))),
            "confidence": float(values.get("confidence", 0)),
            "interviewers": json.dumps(values.get("interviewers", []), sort_keys=True),
            "organizer": json.dumps(values.get("organizer", {}), sort_keys=True),
        }
        with self.transaction() as db:
            row = db.execute(
                "SELECT * FROM interviews WHERE source = ? AND uid = ? AND recurrence_id = ?", key
            ).fetchone()
            if row is None:
                cur = db.execute(
                    "INSERT INTO interviews (source, uid, recurrence_id, first_seen_at, updated_at, "
                    + ", ".join(columns)
                    + ") VALUES (?, ?, ?, ?, ?, "
                    + ", ".join("?" for _ in columns)
                    + ")",
                    (*key, now.isoformat(), now.isoformat(), *columns.values()),
                )
                return cur.lastrowid, "new"
            changed = {k: v for k, v in columns.items() if row[k] != v}
            if not changed and row["stage"] != "cancelled":
                return row["id"], "same"
            moved = "start_at" in changed or "end_at" in changed
            sets = dict(changed, updated_at=now.isoformat())
            if row["stage"] == "cancelled":
                sets["stage"] = "scheduled"  # it came back on the calendar
            db.execute(
                "UPDATE interviews SET " + ", ".join(f"{k} = ?" for k in sets) + " WHERE id = ?",
                (*sets.values(), row["id"]),
            )
            return row["id"], "moved" if moved else "updated"

    def set_stage(self, interview_id: int, stage: str, now: datetime) -> None:
        with self.transaction() as db:
            db.execute("UPDATE interviews SET stage = ?, updated_at = ? WHERE id = ?", (stage, now.isoformat(), interview_id))

    def interviews(self, *, source: str | None = None) -> list[Interview]:
        sql, args = "SELECT * FROM interviews", ()
        if source is not None:
            sql, args = sql + " WHERE source = ?", (source,)
        return [Interview.from_row(r) for r in self.db.execute(sql + " ORDER BY start_at, id", args)]

    def interview(self, id_or_uid: str | int) -> Interview:
        """One interview by its number or its calendar UID (the first occurrence if several)."""
        text = str(id_or_uid).strip()
        row = None
        if text.isdigit():
            row = self.db.execute("SELECT * FROM interviews WHERE id = ?", (int(text),)).fetchone()
        if row is None:
            row = self.db.execute("SELECT * FROM interviews WHERE uid = ? ORDER BY start_at LIMIT 1", (text,)).fetchone()
        if row is None:
            raise NotFound(f"no interview with id or UID {text!r}", hint="`followthrough status` lists them")
        return Interview.from_row(row)

    # -- calendars ---------------------------------------------------------------------------

    def calendar_token(self, source: str) -> str | None:
        row = self.db.execute("SELECT token FROM calendars WHERE source = ?", (source,)).fetchone()
        return row["token"] if row else None

    def record_sync(self, source: str, now: datetime, *, token: str | None = None, error: str | None = None) -> None:
        """Remember a calendar's sync: its new token, or the error (keeping the last good token)."""
        with self.transaction() as db:
            if error is None:
                db.execute(
                    "INSERT INTO calendars (source, token, synced_at, error) VALUES (?, ?, ?, NULL) "
                    "ON CONFLICT (source) DO UPDATE SET token = excluded.token, synced_at = excluded.synced_at, error = NULL",
                    (source, token, now.isoformat()),
                )
            else:
                db.execute(
                    "INSERT INTO calendars (source, error) VALUES (?, ?) "
                    "ON CONFLICT (source) DO UPDATE SET error = excluded.error",
                    (source, error),
                )


def open_state(path: str | os.PathLike) -> State:
    return State(Path(path))


class ServiceLock:
    """An exclusive lock beside the state file: one service process at a time.

    The lock is held by an open file descriptor (fcntl), so it is released by the kernel when the
    process dies, even on SIGKILL; no stale lock files.
    """

    def __init__(self, state_path: str | os.PathLike):
        self.path = Path(str(state_path) + ".lock")
        self._fd: int | None = None

    def acquire(self) -> "ServiceLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip()
            os.close(fd)
            raise AlreadyRunning(
                f"another followthrough service is running (pid {holder or '?'}, lock {self.path})",
                hint="stop it first, or use `followthrough service status`",
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "ServiceLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
