"""What followthrough knows, in one SQLite file: versioned, migrated, written in transactions.

Interviews are keyed by (source, UID, recurrence-id). Every write happens inside a transaction,
so a crash leaves either the old or the new state, never half of each. The SQL sticks to what
PostgreSQL also understands (no SQLite-only types), to keep that path open.

Only one service process runs at a time (:class:`ServiceLock`); short CLI commands may write
beside it, serialised by SQLite itself. A stage changes only by compare-and-set on the stage the
writer read (:meth:`State.update` with ``expect``), so a command and the service racing on one
interview never undo each other: the loser reads again and decides again.

SQLite errors leave this module as :class:`StateError` naming the file and what is really wrong
(damaged, disk full, read-only or not permitted); see :func:`state_error`.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import itertools
import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from daemon.core.errors import AlreadyRunning, NotFound, StateError
# The stored interview is the core's type: rows build it here, and it is importable from here too.
from daemon.core.model import _TIMES, Interview, primary_contact  # noqa: F401

#: What a Maildir mailbox has seen (see :class:`MaildirIndex`). Part of the migrations below, and
#: also the schema of an index kept in memory: released, so never edit it; append a new migration.
MAILDIR_SCHEMA = """
    CREATE TABLE maildir_folders (
        path       TEXT PRIMARY KEY,
        new_mtime  BIGINT NOT NULL DEFAULT 0,
        cur_mtime  BIGINT NOT NULL DEFAULT 0,
        mark       BIGINT NOT NULL DEFAULT 0,
        start      BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE maildir_files (
        folder      TEXT NOT NULL,
        uniq        TEXT NOT NULL,
        name        TEXT NOT NULL,
        message_id  TEXT NOT NULL DEFAULT '',
        mkey        TEXT NOT NULL DEFAULT '',
        to_addrs    TEXT NOT NULL DEFAULT '',
        subject     TEXT NOT NULL DEFAULT '',
        in_reply_to TEXT NOT NULL DEFAULT '',
        refs        TEXT NOT NULL DEFAULT '',
        sent_date   TEXT,
        PRIMARY KEY (folder, uniq)
    );
    CREATE INDEX maildir_files_mid ON maildir_files (folder, message_id);
    CREATE INDEX maildir_files_key ON maildir_files (folder, mkey);
    CREATE TABLE maildir_written (
        mkey        TEXT PRIMARY KEY,
        message_id  TEXT NOT NULL,
        to_addrs    TEXT NOT NULL DEFAULT '',
        subject     TEXT NOT NULL DEFAULT '',
        in_reply_to TEXT NOT NULL DEFAULT '',
        draft_date  TEXT,
        written_ns  BIGINT NOT NULL,
        ref         TEXT NOT NULL,
        state       TEXT NOT NULL DEFAULT 'writing',
        sent_id     TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX maildir_written_mid ON maildir_written (message_id)
"""

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
    """
    ALTER TABLE interviews ADD COLUMN prompted_at TEXT;
    ALTER TABLE interviews ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE interviews ADD COLUMN reminded_at TEXT;
    ALTER TABLE interviews ADD COLUMN debriefed_at TEXT;
    ALTER TABLE interviews ADD COLUMN decision_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE interviews ADD COLUMN decision_at TEXT;
    ALTER TABLE interviews ADD COLUMN decision_how TEXT NOT NULL DEFAULT '';
    ALTER TABLE interviews ADD COLUMN primary_email TEXT NOT NULL DEFAULT '';
    ALTER TABLE interviews ADD COLUMN thanked_at TEXT;
    ALTER TABLE interviews ADD COLUMN nudged_at TEXT;
    ALTER TABLE interviews ADD COLUMN wait_until TEXT;
    ALTER TABLE interviews ADD COLUMN followups INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE interviews ADD COLUMN last_followup_at TEXT;
    ALTER TABLE interviews ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
    ALTER TABLE interviews ADD COLUMN closed_reason TEXT NOT NULL DEFAULT '';
    CREATE TABLE debriefs (
        interview_id INTEGER PRIMARY KEY REFERENCES interviews (id),
        answers      TEXT NOT NULL DEFAULT '{}',
        completed_at TEXT,
        updated_at   TEXT NOT NULL
    );
    CREATE TABLE drafts (
        id           INTEGER PRIMARY KEY,
        interview_id INTEGER NOT NULL REFERENCES interviews (id),
        purpose      TEXT NOT NULL,
        recipient    TEXT NOT NULL,
        idem_key     TEXT NOT NULL UNIQUE,
        message_id   TEXT NOT NULL,
        subject      TEXT NOT NULL,
        to_header    TEXT NOT NULL,
        raw          TEXT NOT NULL,
        ref          TEXT,
        state        TEXT NOT NULL DEFAULT 'pending',
        created_at   TEXT NOT NULL,
        written_at   TEXT,
        sent_at      TEXT
    );
    CREATE INDEX drafts_interview ON drafts (interview_id);
    CREATE TABLE replies (
        message_id   TEXT PRIMARY KEY,
        interview_id INTEGER,
        from_addr    TEXT NOT NULL,
        automatic    INTEGER NOT NULL,
        received_at  TEXT,
        seen_at      TEXT NOT NULL
    );
    CREATE TABLE mailboxes (
        name   TEXT PRIMARY KEY,
        token  TEXT,
        synced_at TEXT,
        error  TEXT
    );
    CREATE TABLE notices (
        id           INTEGER PRIMARY KEY,
        interview_id INTEGER,
        kind         TEXT NOT NULL,
        text         TEXT NOT NULL,
        at           TEXT NOT NULL
    );
    """,
    """
    ALTER TABLE interviews ADD COLUMN decision_default INTEGER NOT NULL DEFAULT 0
    """,
    """
    CREATE TABLE marks (
        uid        TEXT PRIMARY KEY,
        organizer  TEXT NOT NULL DEFAULT '',
        interview  INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    MAILDIR_SCHEMA,
    """
    ALTER TABLE interviews ADD COLUMN unsure TEXT NOT NULL DEFAULT '';
    ALTER TABLE interviews ADD COLUMN asks INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE interviews ADD COLUMN asked_at TEXT
    """,
    """
    ALTER TABLE replies ADD COLUMN subject TEXT NOT NULL DEFAULT ''
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

#: unconfirmed (asked whether it was an interview) → scheduled, or skipped on a "no";
#: scheduled → awaiting_debrief → drafted → waiting → followed_up → gone_quiet, or closed,
#: skipped, cancelled on the way.
STAGES = ("unconfirmed", "scheduled", "awaiting_debrief", "drafted", "waiting", "followed_up", "gone_quiet", "closed", "skipped", "cancelled")


#: Words in SQLite's messages for a file that is damaged (or not a database at all).
_DAMAGED = ("malformed", "not a database", "could not decode", "corrupt", "unsupported file format")
_UNWRITABLE = ("readonly", "read-only", "unable to open", "permission", "access", "disk i/o error")
RECOVER_HINT = ("`followthrough doctor` checks it; `followthrough doctor --recover` copies everything that can still be "
                "read into a new state file and keeps the damaged one beside it (stop the service first)")


def _access_problem(path: Path) -> str | None:
    """What stops this user from writing the state: a read-only filesystem, or permissions. None if nothing."""
    folder = path.parent
    probe = folder if folder.exists() else next((p for p in folder.parents if p.exists()), None)
    if probe is None:
        return None
    try:
        if os.statvfs(probe).f_flag & os.ST_RDONLY:
            return f"the filesystem holding {probe} is mounted read-only"
    except OSError:
        pass
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"the folder {probe} is not writable by you (mode {os.stat(probe).st_mode & 0o777:o}, owner uid {os.stat(probe).st_uid})"
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists() and not os.access(name, os.R_OK | os.W_OK):
            st = os.stat(name)
            return f"the file {name} is not readable and writable by you (mode {st.st_mode & 0o777:o}, owner uid {st.st_uid})"
    return None


def _disk_full(path: Path) -> bool:
    probe = path.parent if path.parent.exists() else None
    try:
        return probe is not None and os.statvfs(probe).f_bavail == 0
    except OSError:
        return False


def state_error(path: Path, exc: BaseException) -> StateError:
    """The user-facing error for a failure of the state file ``path``: what is really wrong, naming it.

    Disk full and read-only or forbidden files say so (the file itself is fine: nothing to move
    aside); a damaged file points to `doctor --recover`, which never discards what can be read.
    """
    text = str(exc)
    low = text.lower()
    if "full" in low or getattr(exc, "errno", None) == errno.ENOSPC or getattr(exc, "sqlite_errorcode", None) == 13:
        return StateError(f"state {path}: the disk is full ({text})",
                          hint=f"free some space on the disk holding {path.parent}; nothing stored is lost, "
                               "and followthrough tries again")
    if any(w in low for w in _UNWRITABLE) or isinstance(exc, PermissionError):
        problem = _access_problem(path)
        if problem is not None:
            return StateError(f"state {path}: cannot write it: {problem} ({text})",
                              hint="the file itself is fine: make it writable again (do not move it aside, "
                                   "it holds your pipeline and private notes)")
        if _disk_full(path):
            return state_error(path, OSError(errno.ENOSPC, "database or disk is full"))
    if any(w in low for w in _DAMAGED) or isinstance(exc, (ValueError, KeyError)):
        return StateError(f"state {path} is damaged ({text})", hint=RECOVER_HINT)
    return StateError(f"state {path}: {text}")


def _translated(method=None, *, decoding: bool = False):
    """State methods raise :class:`StateError` (never a raw sqlite3 error) for a broken, full or read-only file.

    ``decoding``: the method turns rows into values, so a row that does not parse (damaged text,
    a date or JSON that is not one) means a damaged file too.
    """
    if method is None:
        return functools.partial(_translated, decoding=decoding)
    caught = (sqlite3.DatabaseError, OSError) + ((ValueError, KeyError, TypeError) if decoding else ())

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a bug in this program, not a problem of the file
        except caught as exc:
            raise state_error(self.path, exc) from exc

    return wrapper


@contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT on ``db``: all or nothing, one writer at a time."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")


class State:
    """The state database. Open it with :func:`open_state`."""

    def __init__(self, path: Path):
        self.path = path
        self._savepoints = itertools.count()
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Created private before SQLite opens it: its -wal and -shm files take the same mode, and
            # they hold debrief answers (private notes included).
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
            self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise state_error(path, exc) from None
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
            err = state_error(path, exc)
            if err.hint == RECOVER_HINT or not err.hint:
                err = StateError(f"state {path}: not a followthrough database, or damaged ({exc})",
                                 hint="if it is your state file, " + RECOVER_HINT + "; otherwise set [state] path to another file")
            raise err from None
        for private in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            try:
                os.chmod(private, 0o600)
            except OSError:
                pass

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: all or nothing, one writer at a time.

        Inside another transaction it is a SAVEPOINT of that one, so steps that read, check and
        write (a stage change with the drafts it plans) commit together or not at all.
        """
        if self.db.in_transaction:
            name = f"sp{next(self._savepoints)}"
            self.db.execute(f"SAVEPOINT {name}")
            try:
                yield self.db
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute(f"ROLLBACK TO {name}")
                    self.db.execute(f"RELEASE {name}")
                raise
            else:
                self.db.execute(f"RELEASE {name}")
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise state_error(self.path, exc) from exc
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as exc:
            # SQLite may have rolled back already (a full disk); a failed COMMIT leaves it open.
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError)):
                raise state_error(self.path, exc) from exc
            raise

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

    def maildir_index(self) -> "MaildirIndex":
        """What the Maildir mailbox has seen, kept here so a restart or `run --once` reads no old header again."""
        return MaildirIndex(self.db)

    @property
    @_translated
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- interviews --------------------------------------------------------------------------

    @_translated
    def upsert_interview(self, values: dict, now: datetime) -> tuple[int, str]:
        """Insert or update the interview with ``values``' (source, uid, recurrence_id).

        Returns (id, what) with what in "new", "moved" (start or end changed), "updated", "same".
        A new row takes ``values["stage"]`` ("scheduled" unless given: "unconfirmed" for an event the
        user is to be asked about); after that, stage and anything recorded by the user are never
        overwritten here.
        """
        key = (values["source"], values["uid"], values.get("recurrence_id") or "")
        columns = {
            "title": values["title"],
            "company": values.get("company", ""),
            "kind": values.get("kind", "other"),
            # UTC, so that ORDER BY start_at sorts interviews from calendars in different zones
            "start_at": values["start"].astimezone(timezone.utc).isoformat(),
            "end_at": values["end"].astimezone(timezone.utc).isoformat(),
            "all_day": int(bool(values.get("all_day"))),
            "confidence": float(values.get("confidence", 0)),
            "interviewers": json.dumps(values.get("interviewers", []), sort_keys=True),
            "organizer": json.dumps(values.get("organizer", {}), sort_keys=True),
            "unsure": values.get("unsure", ""),
        }
        with self.transaction() as db:
            row = db.execute(
                "SELECT * FROM interviews WHERE source = ? AND uid = ? AND recurrence_id = ?", key
            ).fetchone()
            if row is None:
                cur = db.execute(
                    "INSERT INTO interviews (source, uid, recurrence_id, first_seen_at, updated_at, stage, "
                    + ", ".join(columns)
                    + ") VALUES (?, ?, ?, ?, ?, ?, "
                    + ", ".join("?" for _ in columns)
                    + ")",
                    (*key, now.isoformat(), now.isoformat(), values.get("stage", "scheduled"), *columns.values()),
                )
                assert cur.lastrowid is not None  # set by every successful INSERT
                return cur.lastrowid, "new"
            changed = {k: v for k, v in columns.items() if row[k] != v}
            if not changed and row["stage"] != "cancelled":
                return row["id"], "same"
            moved = "start_at" in changed or "end_at" in changed
            sets = dict(changed, updated_at=now.isoformat())
            if row["stage"] == "cancelled":
                # It came back on the calendar: prompted already, it waits for its debrief again (an unsure
                # event is a question again).
                sets["stage"] = "awaiting_debrief" if row["prompted_at"] and not moved else values.get("stage", "scheduled")
            db.execute(
                "UPDATE interviews SET " + ", ".join(f"{k} = ?" for k in sets) + " WHERE id = ?",
                (*sets.values(), row["id"]),
            )
            return row["id"], "moved" if moved else "updated"

    def set_stage(self, interview_id: int, stage: str, now: datetime, *, expect: str | tuple[str, ...] | None = None) -> bool:
        """Set the stage (only if it is still ``expect``, when given); True if it was set."""
        return self.update(interview_id, now, expect=expect, stage=stage)

    @_translated(decoding=True)
    def interviews(self, *, source: str | None = None, stages: tuple[str, ...] | None = None) -> list[Interview]:
        """Stored interviews, oldest first; only those of ``source`` and in ``stages`` when given."""
        sql, args = "SELECT * FROM interviews WHERE 1 = 1", []
        if source is not None:
            sql += " AND source = ?"
            args.append(source)
        if stages is not None:
            sql += f" AND stage IN ({', '.join('?' for _ in stages)})"
            args += stages
        return [Interview.from_row(r) for r in self.db.execute(sql + " ORDER BY start_at, id", args)]

    @_translated(decoding=True)
    def interview(self, id_or_uid: str | int) -> Interview:
        """One interview by its number or its calendar UID (the first occurrence if several)."""
        text = str(id_or_uid).strip()
        row = None
        if text.isdigit() and int(text) < 2**63:  # larger is no id (and would not fit SQLite's integer)
            row = self.db.execute("SELECT * FROM interviews WHERE id = ?", (int(text),)).fetchone()
        if row is None:
            row = self.db.execute("SELECT * FROM interviews WHERE uid = ? ORDER BY start_at LIMIT 1", (text,)).fetchone()
        if row is None:
            raise NotFound(f"no interview with id or UID {text!r}", hint="`followthrough status` lists them")
        return Interview.from_row(row)

    _UPDATABLE = frozenset(
        ("stage", "reminders", "asks", "decision_text", "decision_how", "decision_default", "primary_email", "followups", "outcome", "closed_reason")
        + _TIMES
    )

    @_translated
    def update(self, interview_id: int, now: datetime, *, expect: str | tuple[str, ...] | dict | None = None, **fields) -> bool:
        """Set flow fields of one interview (datetimes are stored as ISO text); True if the row was changed.

        ``expect`` makes it a compare-and-set: a stage (or stages), or a dict of column values, that the
        row must still have (UPDATE ... WHERE id = ? AND stage = ?). When another process changed the
        row since it was read, nothing is written and False is returned: read again and decide again.
        """
        bad = set(fields) - self._UPDATABLE
        if bad:
            raise ValueError(f"not updatable: {sorted(bad)}")
        values = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in fields.items()}
        values["updated_at"] = now.isoformat()
        where, args = "id = ?", [interview_id]
        if expect is not None:
            if not isinstance(expect, dict):
                expect = {"stage": (expect,) if isinstance(expect, str) else tuple(expect)}
            for column, wanted in expect.items():
                if column not in self._UPDATABLE:
                    raise ValueError(f"not comparable: {column}")
                wanted = wanted if isinstance(wanted, tuple) else (wanted,)
                wanted = tuple(w.isoformat() if isinstance(w, datetime) else w for w in wanted)
                where += f" AND {column} IN ({', '.join('?' for _ in wanted)})"
                args += wanted
        with self.transaction() as db:
            cur = db.execute("UPDATE interviews SET " + ", ".join(f"{k} = ?" for k in values) + " WHERE " + where,
                             (*values.values(), *args))
        return cur.rowcount == 1

    # -- debriefs ----------------------------------------------------------------------------

    @_translated(decoding=True)
    def debrief(self, interview_id: int) -> tuple[dict, datetime | None]:
        """The answers given so far and when the debrief was completed (None while in progress)."""
        row = self.db.execute("SELECT answers, completed_at FROM debriefs WHERE interview_id = ?", (interview_id,)).fetchone()
        if row is None:
            return {}, None
        return json.loads(row["answers"]), datetime.fromisoformat(row["completed_at"]) if row["completed_at"] else None

    @_translated
    def save_answers(self, interview_id: int, answers: dict, now: datetime, *, completed: bool = False) -> None:
        """Store the answers as they are given, so an interrupted debrief resumes where it stopped."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO debriefs (interview_id, answers, completed_at, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (interview_id) DO UPDATE SET answers = excluded.answers, "
                "completed_at = COALESCE(excluded.completed_at, debriefs.completed_at), updated_at = excluded.updated_at",
                (interview_id, json.dumps(answers, ensure_ascii=False), now.isoformat() if completed else None, now.isoformat()),
            )

    # -- drafts (an outbox: planned in the state first, then written to the mailbox) -------------

    @_translated
    def plan_drafts(self, drafts: list[dict], now: datetime) -> int:
        """Record drafts to write, in one transaction; a key that exists already is left alone.

        Returns how many were new. Each dict has interview_id, purpose, recipient, idem_key,
        message_id, subject, to_header, raw.
        """
        added = 0
        with self.transaction() as db:
            for d in drafts:
                cur = db.execute(
                    "INSERT INTO drafts (interview_id, purpose, recipient, idem_key, message_id, subject, to_header, raw, created_at) "
                    "VALUES (:interview_id, :purpose, :recipient, :idem_key, :message_id, :subject, :to_header, :raw, :created_at) "
                    "ON CONFLICT (idem_key) DO NOTHING",
                    {**d, "created_at": now.isoformat()},
                )
                added += cur.rowcount
        return added

    @contextmanager
    def outbox_lock(self) -> Iterator[None]:
        """Only one process writes planned drafts at a time (the service, a `debrief`, an `outcome`):
        the mailbox's look-then-write for a key is not atomic between processes."""
        try:
            fd = os.open(str(self.path) + ".outbox.lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise state_error(self.path, exc) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @_translated(decoding=True)
    def drafts(self, interview_id: int | None = None, *, state: str | None = None) -> list[sqlite3.Row]:
        sql = "SELECT * FROM drafts WHERE 1 = 1"
        args: list[int | str] = []
        if interview_id is not None:
            sql += " AND interview_id = ?"
            args.append(interview_id)
        if state is not None:
            sql += " AND state = ?"
            args.append(state)
        return list(self.db.execute(sql + " ORDER BY id", args))

    @_translated
    def mark_draft(self, draft_id: int, state: str, now: datetime, *, ref: str | None = None) -> None:
        column = {"written": "written_at", "sent": "sent_at"}[state]
        with self.transaction() as db:
            db.execute(
                f"UPDATE drafts SET state = ?, {column} = ?, ref = COALESCE(?, ref) WHERE id = ?",
                (state, now.isoformat(), ref, draft_id),
            )

    # -- mail --------------------------------------------------------------------------------

    @_translated
    def mailbox_token(self, name: str) -> str | None:
        return self._token("mailboxes", "name", name)

    @_translated
    def mailbox_error(self, name: str) -> str | None:
        """The error of the mailbox's last sync, or None when it went well."""
        return self._error("mailboxes", "name", name)

    @_translated
    def record_mail_sync(self, name: str, now: datetime, *, token: str | None = None, error: str | None = None) -> None:
        """Remember a mailbox's sync: its new token, or the error (keeping the last good token)."""
        self._record("mailboxes", "name", name, now, token, error)

    @_translated
    def latest_reply(self, interview_id: int, from_addr: str = ""):
        """The newest reply from a person (not an automatic one) about an interview, from ``from_addr`` if given:
        its message_id, from_addr, subject and ``at`` (when it was received, else seen); None if there is none."""
        who = "AND from_addr = ? " if from_addr else ""
        return self.db.execute(
            "SELECT message_id, from_addr, subject, COALESCE(received_at, seen_at) AS at FROM replies "
            f"WHERE interview_id = ? AND automatic = 0 {who}ORDER BY COALESCE(received_at, seen_at) DESC LIMIT 1",
            (interview_id, from_addr) if from_addr else (interview_id,)).fetchone()

    def reply_seen(self, message_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM replies WHERE message_id = ?", (message_id,)).fetchone() is not None

    @_translated
    def record_reply(self, message_id: str, interview_id: int | None, from_addr: str, automatic: bool,
                     received_at: datetime | None, now: datetime, subject: str = "") -> None:
        """A reply seen (headers only); its subject is what a closing note answering it replies under."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO replies (message_id, interview_id, from_addr, automatic, received_at, seen_at, subject) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING",
                (message_id, interview_id, from_addr, int(automatic), received_at.isoformat() if received_at else None,
                 now.isoformat(), subject[:500]),
            )

    @_translated
    def add_notice(self, interview_id: int | None, kind: str, text: str, now: datetime) -> None:
        """Remember a prompt, reminder or nudge that was sent (shown by status, never sent twice)."""
        with self.transaction() as db:
            db.execute("INSERT INTO notices (interview_id, kind, text, at) VALUES (?, ?, ?, ?)", (interview_id, kind, text, now.isoformat()))

    @_translated(decoding=True)
    def notices(self, interview_id: int | None = None) -> list[sqlite3.Row]:
        if interview_id is None:
            return list(self.db.execute("SELECT * FROM notices ORDER BY id"))
        return list(self.db.execute("SELECT * FROM notices WHERE interview_id = ? ORDER BY id", (interview_id,)))

    # -- marks: the user's verdicts on events --------------------------------------------------

    @_translated
    def add_mark(self, uid: str, organizer: str, interview: bool, now: datetime) -> None:
        """Remember `followthrough mark`: for this series, and (weaker) for its organizer."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO marks (uid, organizer, interview, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (uid) "
                "DO UPDATE SET organizer = excluded.organizer, interview = excluded.interview, created_at = excluded.created_at",
                (uid, organizer.lower(), int(interview), now.isoformat()),
            )

    @_translated(decoding=True)
    def marks(self) -> list[tuple[str, str, bool]]:
        """(uid, organizer, interview?) in the order they were made, so a later mark wins."""
        return [(r["uid"], r["organizer"], bool(r["interview"])) for r in self.db.execute("SELECT * FROM marks ORDER BY created_at")]

    # -- calendars ---------------------------------------------------------------------------

    @_translated
    def calendar_token(self, source: str) -> str | None:
        return self._token("calendars", "source", source)

    @_translated
    def record_sync(self, source: str, now: datetime, *, token: str | None = None, error: str | None = None) -> None:
        """Remember a calendar's sync: its new token, or the error (keeping the last good token)."""
        self._record("calendars", "source", source, now, token, error)

    @_translated
    def calendar_error(self, source: str) -> str | None:
        """The error of the calendar's last sync, or None when it went well."""
        return self._error("calendars", "source", source)

    def _error(self, table: str, column: str, name: str) -> str | None:
        row = self.db.execute(f"SELECT error FROM {table} WHERE {column} = ?", (name,)).fetchone()
        return row["error"] if row else None

    def _token(self, table: str, column: str, name: str) -> str | None:
        row = self.db.execute(f"SELECT token FROM {table} WHERE {column} = ?", (name,)).fetchone()
        return row["token"] if row else None

    def _record(self, table: str, column: str, name: str, now: datetime, token: str | None, error: str | None) -> None:
        with self.transaction() as db:
            if error is None:
                db.execute(
                    f"INSERT INTO {table} ({column}, token, synced_at, error) VALUES (?, ?, ?, NULL) ON CONFLICT ({column}) "
                    "DO UPDATE SET token = excluded.token, synced_at = excluded.synced_at, error = NULL",
                    (name, token, now.isoformat()),
                )
            else:
                db.execute(
                    f"INSERT INTO {table} ({column}, error) VALUES (?, ?) ON CONFLICT ({column}) DO UPDATE SET error = excluded.error",
                    (name, error),
                )


class MaildirIndex:
    """What a Maildir mailbox has seen: per folder its directories' mtimes and a ctime mark (every
    file changed before it was looked at), per message file the headers sent-matching needs, and
    per key the drafts written. Rows hold headers only, never a body.

    Kept in the state (or, without one, in memory): the cost of a poll follows new mail, not the
    size of the Maildir, across restarts and `run --once` too.
    """

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    @classmethod
    def memory(cls) -> "MaildirIndex":
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        for statement in MAILDIR_SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        return cls(db)

    def _write(self):
        return immediate(self.db)

    # folders

    def folder(self, path: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM maildir_folders WHERE path = ?", (path,)).fetchone()

    def save_folder(self, path: str, new_mtime: int, cur_mtime: int, mark: int, start: int = 0) -> None:
        """Files with a ctime in [start, mark) have been read; ``new/`` and ``cur/`` had these mtimes (0: unknown)."""
        with self._write() as db:
            db.execute(
                "INSERT INTO maildir_folders (path, new_mtime, cur_mtime, mark, start) VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) "
                "DO UPDATE SET new_mtime = excluded.new_mtime, cur_mtime = excluded.cur_mtime, mark = excluded.mark, "
                "start = excluded.start",
                (path, new_mtime, cur_mtime, mark, start),
            )

    # files

    def names(self, folder: str) -> dict[str, str]:
        """uniq -> file name (``cur/…`` or ``new/…``) of every file recorded in ``folder``."""
        return {r["uniq"]: r["name"] for r in self.db.execute("SELECT uniq, name FROM maildir_files WHERE folder = ?", (folder,))}

    def keys(self, folder: str) -> set[str]:
        """The keys carried by the files recorded in ``folder``."""
        return {r[0] for r in self.db.execute("SELECT mkey FROM maildir_files WHERE folder = ?", (folder,))}

    def has(self, folder: str, uniq: str) -> bool:
        return self.db.execute("SELECT 1 FROM maildir_files WHERE folder = ? AND uniq = ?", (folder, uniq)).fetchone() is not None

    def put_files(self, folder: str, rows: list[dict]) -> None:
        with self._write() as db:
            db.executemany(
                "INSERT INTO maildir_files (folder, uniq, name, message_id, mkey, to_addrs, subject, in_reply_to, refs, sent_date) "
                "VALUES (:folder, :uniq, :name, :message_id, :mkey, :to_addrs, :subject, :in_reply_to, :refs, :sent_date) "
                "ON CONFLICT (folder, uniq) DO UPDATE SET name = excluded.name",
                [{"folder": folder, **r} for r in rows],
            )

    def rename(self, folder: str, names: dict[str, str]) -> None:
        with self._write() as db:
            db.executemany("UPDATE maildir_files SET name = ? WHERE folder = ? AND uniq = ?",
                           [(n, folder, u) for u, n in names.items()])

    def drop(self, folder: str, uniqs: list[str]) -> None:
        with self._write() as db:
            db.executemany("DELETE FROM maildir_files WHERE folder = ? AND uniq = ?", [(folder, u) for u in uniqs])

    def find(self, folder: str, key: str, mid: str = "") -> sqlite3.Row | None:
        """A file in ``folder`` for ``key`` (or with the Message-ID ``mid``)."""
        return self.db.execute(
            "SELECT * FROM maildir_files WHERE folder = ? AND (mkey = ? OR (? <> '' AND message_id = ?)) ORDER BY name LIMIT 1",
            (folder, key, mid, mid),
        ).fetchone()

    def candidates(self, folder: str, mids: set[str], keys: set[str], recipients: set[str]) -> list[sqlite3.Row]:
        """Files in ``folder`` that may be the sent copy of one of our drafts: by Message-ID, key or recipient."""
        found = {}
        for column, values in (("message_id", mids), ("mkey", keys)):
            for value in values:
                for r in self.db.execute(f"SELECT * FROM maildir_files WHERE folder = ? AND {column} = ?", (folder, value)):
                    found[r["uniq"]] = r
        for addr in recipients:
            for r in self.db.execute("SELECT * FROM maildir_files WHERE folder = ? AND instr(' ' || to_addrs || ' ', ?) > 0",
                                     (folder, f" {addr} ")):
                found[r["uniq"]] = r
        return sorted(found.values(), key=lambda r: (r["sent_date"] or "", r["uniq"]))

    # drafts written

    def written(self, *, key: str = "", mid: str = "") -> sqlite3.Row | None:
        if key:
            return self.db.execute("SELECT * FROM maildir_written WHERE mkey = ?", (key,)).fetchone()
        return self.db.execute("SELECT * FROM maildir_written WHERE message_id = ?", (mid,)).fetchone()

    def all_written(self) -> list[sqlite3.Row]:
        return list(self.db.execute("SELECT * FROM maildir_written ORDER BY written_ns"))

    def earliest_written(self) -> int | None:
        return self.db.execute("SELECT MIN(written_ns) FROM maildir_written").fetchone()[0]

    def record_written(self, row: dict) -> None:
        """Remember a draft about to be written (state 'writing'), written, or found from an older release."""
        with self._write() as db:
            db.execute(
                "INSERT INTO maildir_written (mkey, message_id, to_addrs, subject, in_reply_to, draft_date, written_ns, ref, state) "
                "VALUES (:mkey, :message_id, :to_addrs, :subject, :in_reply_to, :draft_date, :written_ns, :ref, :state) "
                "ON CONFLICT (mkey) DO UPDATE SET message_id = excluded.message_id, to_addrs = excluded.to_addrs, "
                "subject = excluded.subject, in_reply_to = excluded.in_reply_to, draft_date = excluded.draft_date, "
                "written_ns = excluded.written_ns, ref = excluded.ref, state = excluded.state",
                row,
            )

    def mark_written(self, key: str, state: str, *, sent_id: str | None = None) -> None:
        with self._write() as db:
            db.execute("UPDATE maildir_written SET state = ?, sent_id = COALESCE(?, sent_id) WHERE mkey = ?", (state, sent_id, key))


def open_state(path: str | os.PathLike) -> State:
    return State(Path(path))


def read_marks(path: str | os.PathLike) -> list[tuple[str, str, bool]]:
    """The marks in a state file, read without writing anything (for `scan`); [] when there are none."""
    if not Path(path).exists():
        return []
    try:
        db = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
        try:
            rows = db.execute("SELECT uid, organizer, interview FROM marks ORDER BY created_at").fetchall()
        finally:
            db.close()
    except sqlite3.Error:  # an older schema without marks, or not a state file: no marks
        return []
    return [(uid, org, bool(v)) for uid, org, v in rows]


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
