"""The state database: schema version and migrations, keys, atomic writes, one service at a time."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from daemon.service import state as state_mod
from daemon.core.errors import AlreadyRunning, NotFound, StateError
from daemon.service.state import ServiceLock, open_state

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=timezone.utc)


def values(uid="u1", rid=None, start=NOW, **extra):
    return {
        "source": "cal",
        "uid": uid,
        "recurrence_id": rid,
        "title": "Interview with Acme",
        "start": start,
        "end": start + timedelta(hours=1),
        "kind": "technical",
        **extra,
    }


def test_new_database_has_current_schema_and_private_mode(tmp_path):
    old = os.umask(0o022)
    try:
        st = open_state(tmp_path / "data" / "s.sqlite")
        st.upsert_interview(values(), NOW)  # the WAL now holds data
    finally:
        os.umask(old)
    assert st.version == state_mod.SCHEMA_VERSION
    for name in ("s.sqlite", "s.sqlite-wal", "s.sqlite-shm"):
        assert stat.S_IMODE(os.stat(tmp_path / "data" / name).st_mode) == 0o600, name
    assert stat.S_IMODE(os.stat(tmp_path / "data").st_mode) == 0o700


def test_interviews_are_keyed_by_source_uid_and_recurrence_id(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    a, what_a = st.upsert_interview(values(), NOW)
    b, what_b = st.upsert_interview(values(rid="20260901T120000Z"), NOW)
    c, what_c = st.upsert_interview(values(), NOW)
    assert what_a == "new" and what_b == "new" and what_c == "same"
    assert a == c != b
    assert len(st.interviews()) == 2


def test_a_moved_interview_is_reported_and_updated(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    i, _ = st.upsert_interview(values(), NOW)
    later = NOW + timedelta(days=1)
    j, what = st.upsert_interview(values(start=later), NOW)
    assert (i, what) == (j, "moved")
    assert st.interview(i).start == later


def test_lookup_by_id_or_uid(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    i, _ = st.upsert_interview(values(uid="abc@x"), NOW)
    assert st.interview(str(i)).uid == "abc@x"
    assert st.interview("abc@x").id == i
    with pytest.raises(NotFound):
        st.interview("nope")


def test_a_failed_transaction_leaves_nothing_half_written(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    st.upsert_interview(values(), NOW)
    with pytest.raises(RuntimeError):
        with st.transaction() as db:
            db.execute("UPDATE interviews SET title = 'changed'")
            raise RuntimeError("crash in the middle")
    assert st.interviews()[0].title == "Interview with Acme"


def test_migration_from_an_older_version_keeps_data(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    st = open_state(path)
    st.upsert_interview(values(), NOW)
    st.close()
    extra = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"
    monkeypatch.setattr(state_mod, "MIGRATIONS", state_mod.MIGRATIONS + (extra,))
    monkeypatch.setattr(state_mod, "SCHEMA_VERSION", state_mod.SCHEMA_VERSION + 1)
    st = open_state(path)
    assert st.version == state_mod.SCHEMA_VERSION
    assert len(st.interviews()) == 1
    st.db.execute("INSERT INTO notes (body) VALUES ('x')")


def test_a_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "s.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {state_mod.SCHEMA_VERSION + 5}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StateError, match="newer followthrough"):
        open_state(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "s.sqlite"
    path.write_text("this is a shopping list\n" * 100)
    with pytest.raises(StateError, match="not a followthrough database"):
        open_state(path)
    assert path.read_text().startswith("this is a shopping list")


def test_sync_errors_keep_the_last_good_token(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    st.record_sync("cal", NOW, token="t1")
    st.record_sync("cal", NOW, error="unreachable")
    assert st.calendar_token("cal") == "t1"


def test_only_one_service_holds_the_lock(tmp_path):
    path = tmp_path / "s.sqlite"
    with ServiceLock(path):
        with pytest.raises(AlreadyRunning, match=f"pid {os.getpid()}"):
            ServiceLock(path).acquire()
        # another process is refused too
        code = subprocess.run(
            [sys.executable, "-c", f"from daemon.service.state import ServiceLock; ServiceLock({str(path)!r}).acquire()"],
            capture_output=True,
        ).returncode
        assert code != 0
    ServiceLock(path).acquire().release()  # free again once released


def test_lock_is_released_when_the_holder_is_killed(tmp_path):
    path = tmp_path / "s.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import time; from daemon.service.state import ServiceLock; ServiceLock({str(path)!r}).acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(AlreadyRunning):
        ServiceLock(path).acquire()
    holder.kill()
    holder.wait()
    ServiceLock(path).acquire().release()
