"""A local Maildir mailbox (kept in sync by mbsync, offlineimap, getmail, …).

Drafts go into the drafts folder's ``cur/`` with the Draft flag (``:2,D``), so mutt, aerc,
Thunderbird and notmuch list them as drafts. Each is written into ``tmp/``, flushed, then linked
into place, so a crash never leaves half a draft; a write that fails removes its file from
``tmp/``, and empty files left in ``tmp/`` for more than 36 hours (the Maildir rule) are removed.
A draft's Message-ID carries its key (``<key@domain>``); nothing of ours is in its headers.

Sent mail and replies are read from headers only: each file is read up to its first blank line,
never further. Existing files are never modified, renamed or deleted. A file that is not mail,
not a regular file (a FIFO, a device: opened without blocking and checked first), cannot be read,
or vanishes while we look (mutt moves ``new/`` to ``cur/``) is skipped.

The cost follows new mail, not the size of the folders (:class:`daemon.service.state.MaildirIndex`, kept in
the state): a folder whose ``new/`` and ``cur/`` mtimes are unchanged is not listed at all; a
changed one is listed and ``stat``-ed, and only files whose inode changed (ctime) since the last
look are read. The first look at the inbox and Sent reads nothing older than the earliest draft
written (a fresh install: nothing); the drafts folder is read once whole, to find drafts of older
releases by their ``X-Followthrough-Key``.

Sent: a draft counts as sent by the rule of :mod:`connectors.messages` (Message-ID or key;
else recipient, date and thread), because some clients give a draft a new Message-ID when they
send it. The Message-ID it was sent under is kept: a follow-up answers that one, and a
reply quoting it is linked to ours.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import stat
import time
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default as DEFAULT_POLICY
from pathlib import Path

from connectors.base import Mailbox, MailHeaders
from daemon.core.model import key_of
from connectors.messages import (Written, as_draft, copy_of, header_text, headers_of, key_in, link_reply, match_sent,
                                 message_id, rethread, written_of)
from daemon.core.errors import MailboxError

log = logging.getLogger(__name__)

#: A header block larger than this is not mail we care about; reading stops there.
HEADER_LIMIT = 1 << 20
#: The marks stay this far behind the clock, for coarse file timestamps; a directory mtime this
#: recent is not trusted to mean "unchanged" next time.
TOKEN_MARGIN_NS = 2_000_000_000
#: An empty file in ``tmp/`` older than this is a failed write (the Maildir rule: 36 hours).
STALE_TMP_SECONDS = 36 * 3600


def read_headers(path: str | os.PathLike) -> EmailMessage | None:
    """The header block of the message file at ``path``, parsed; the body is never read.

    None when the file does not look like mail (neither From nor Message-ID).
    :raises OSError: the file vanished, cannot be read, or is not a regular file (a FIFO is opened
        without blocking and refused, never waited on).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    lines, size = [], 0
    with f:
        while size < HEADER_LIMIT:
            line = f.readline(HEADER_LIMIT - size)
            if line in (b"", b"\n", b"\r\n"):
                break
            lines.append(line)
            size += len(line)
    msg = BytesHeaderParser(policy=DEFAULT_POLICY).parsebytes(b"".join(lines))
    return msg if ("From" in msg or "Message-ID" in msg) else None


def _uniq(name: str) -> str:
    """A Maildir file's unique part: its name without the ``:2,FLAGS`` info, which clients change."""
    return name.split(":", 1)[0]


class MaildirMailbox(Mailbox):
    """Three Maildir folders: drafts (written), sent and inbox (read, headers only).

    ``index``: where what was seen is kept (``State.maildir_index()``); by default in memory, for
    this process only.
    """

    def __init__(self, drafts: str, sent: str, inbox: str, name: str = "maildir", index=None):
        self.name = name
        paths = {"drafts": drafts, "sent": sent, "inbox": inbox}
        self.folders = {role: Path(os.path.expanduser(p)) for role, p in paths.items()}
        if index is None:
            from daemon.service.state import MaildirIndex

            index = MaildirIndex.memory()
        self.index = index
        self._count = 0
        self._checked: set[str] = set()  # roles whose folder was checked (and made) in this process

    def _key(self, role: str) -> str:
        """The folder's name in the index: its absolute path (another path is another folder)."""
        return os.path.abspath(self.folders[role])

    # -- the contract

    def create_draft(self, message: EmailMessage, key: str) -> str:
        mid = message_id(message)
        self._refresh_drafts()
        found = self.index.find(self._key("drafts"), key, mid)
        if found:
            return str(self.folders["drafts"] / found["name"])
        written = self.index.written(key=key)
        self._refresh_sent()
        found = self.index.find(self._key("sent"), key, mid)
        if found:
            return str(self.folders["sent"] / found["name"])
        if written is not None and written["state"] == "written":
            return written["ref"]  # written once, then sent under a new Message-ID or deleted: never twice
        folder = self._folder("drafts")
        self._sweep_tmp(folder)
        sent_as = {w["message_id"]: w["sent_id"] for w in self.index.all_written() if w["sent_id"]}
        msg = rethread(as_draft(message), sent_as)
        uniq = self._unique()
        path = folder / "cur" / f"{uniq}:2,D"
        w = Written.of(msg, key)
        row = {"mkey": key, "message_id": w.message_id, "to_addrs": " ".join(w.to), "subject": w.subject,
               "in_reply_to": w.in_reply_to, "draft_date": w.date.isoformat() if w.date else None,
               "written_ns": time.time_ns(), "ref": str(path)}
        self.index.record_written({**row, "state": "writing"})  # first: the first look at Sent starts here
        try:
            self._write(folder, uniq, path, msg.as_bytes(policy=msg.policy.clone(linesep="\n")))
        except OSError as err:
            raise MailboxError(f"cannot write a draft into the drafts folder {folder}: {_reason(err)}") from err
        self.index.mark_written(key, "written")
        self.index.put_files(self._key("drafts"), [self._row(f"cur/{path.name}", msg)])
        return str(path)

    def find_draft(self, key: str) -> str | None:
        self._refresh_drafts()
        found = self.index.find(self._key("drafts"), key)
        return str(self.folders["drafts"] / found["name"]) if found else None

    def sent(self, message_ids: set[str]) -> set[str]:
        if not message_ids:
            return set()
        self._refresh_drafts()
        known = {m: self.index.written(mid=m) for m in message_ids}
        self._refresh_sent(floor=0 if any(r is None for r in known.values()) else None)
        wanted = [written_of(r) if r is not None else Written(key=key_of(m), message_id=m) for m, r in known.items()]
        rows = self.index.candidates(self._key("sent"), set(message_ids), {w.key for w in wanted},
                                     {a for w in wanted for a in w.to[:1]})
        live = self.index.keys(self._key("drafts"))
        taken = {w["sent_id"] for w in self.index.all_written() if w["sent_id"] and w["message_id"] not in message_ids}
        found = match_sent(wanted, [copy_of(r) for r in rows], gone={w.key for w in wanted if w.key not in live}, taken=taken)
        for mid, copy in found.items():
            row = known[mid]
            if row is not None and row["sent_id"] != copy.headers.message_id:
                self.index.mark_written(row["mkey"], row["state"], sent_id=copy.headers.message_id)
        return set(found)

    def replies(self, token: str | None) -> tuple[list[MailHeaders], str | None]:
        """Token: an inode change time (ctime) before which every message was returned.

        Delivery and renames set ctime and ``utime`` cannot set it back (offlineimap's
        ``utime_from_header`` does that to mtime), and a file that moves while we look gets a
        fresh ctime, so it comes again next time. The token stays a little behind the clock
        so a file that appears during the scan, with a coarse timestamp, is not skipped.
        Without a token, mail older than the earliest draft written is not read.
        """
        since = int(token) if token and token.isdigit() else None
        key = self._key("inbox")
        record = self.index.folder(key)
        dirs = self._mtimes("inbox")
        if since is not None and record is not None and record["mark"] == since and self._unchanged(record, dirs):
            return [], token
        if since is None:
            since = self._first_mark()
        floor = time.time_ns() - TOKEN_MARGIN_NS
        newest, found = since - 1, []
        ours = {w["sent_id"]: w["message_id"] for w in self.index.all_written() if w["sent_id"] and w["sent_id"] != w["message_id"]}
        for path, st in self._changed("inbox", since):
            newest = max(newest, st.st_ctime_ns)
            try:
                msg = read_headers(path)
            except Exception as err:  # vanished, unreadable, not mail: never stop the sync for one file
                log.info("skipping %s: %s", path, _reason(err))
                continue
            if msg is not None:
                found.append(link_reply(headers_of(msg), ours))
        mark = max(since, min(newest + 1, floor))
        self._save(key, dirs, mark)
        return found, str(mark)

    # -- what has been seen

    def _first_mark(self) -> int:
        """Where a first look starts: the earliest draft written (a fresh install: now)."""
        earliest = self.index.earliest_written()
        return max(0, (earliest if earliest is not None else time.time_ns()) - TOKEN_MARGIN_NS)

    def _mtimes(self, role: str) -> tuple[int, int]:
        """The mtimes of ``new/`` and ``cur/``: two ``stat`` calls once the folder was checked in this process."""
        folder = self.folders[role] if role in self._checked else self._folder(role)
        try:
            return os.stat(folder / "new").st_mtime_ns, os.stat(folder / "cur").st_mtime_ns
        except OSError:
            self._checked.discard(role)
            folder = self._folder(role)  # gone since: made again, or a clear error
            try:
                return os.stat(folder / "new").st_mtime_ns, os.stat(folder / "cur").st_mtime_ns
            except OSError as err:
                raise MailboxError(f"cannot read the {role} folder {folder}: {_reason(err)}") from err

    @staticmethod
    def _unchanged(record, dirs: tuple[int, int]) -> bool:
        return bool(record["new_mtime"]) and (record["new_mtime"], record["cur_mtime"]) == dirs

    def _save(self, key: str, dirs: tuple[int, int], mark: int, start: int = 0) -> None:
        """Remember the folder as looked at; an mtime within the margin of now is not trusted next time."""
        recent = time.time_ns() - TOKEN_MARGIN_NS
        trusted = dirs if max(dirs) < recent else (0, 0)
        self.index.save_folder(key, *trusted, mark, start)

    def _changed(self, role: str, since: int):
        """(path, stat) of regular message files in ``new/`` then ``cur/`` whose ctime is ``since`` or later.

        In that order a file moving to ``cur/`` is not missed. Each directory is read entry by entry
        (``os.scandir``), so a large folder never sits in memory as a list.
        """
        folder = self._folder(role)
        for sub in ("new", "cur"):
            try:
                entries = os.scandir(folder / sub)
            except OSError as err:
                raise MailboxError(f"cannot read the {role} folder {folder}: {_reason(err)}") from err
            with entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    try:
                        st = entry.stat()
                    except OSError:
                        continue  # vanished (moved to cur/: seen there) or a dangling link
                    if st.st_ctime_ns >= since and stat.S_ISREG(st.st_mode):
                        yield Path(entry.path), st

    def _refresh_sent(self, floor: int | None = None) -> None:
        """Read into the index the headers of Sent files changed since the last look.

        The first look starts at ``floor`` (by default the earliest draft written); a later ``floor``
        below where the looks started (a draft of an older release, written before the index was
        kept) reads back to it once.
        """
        key = self._key("sent")
        record = self.index.folder(key)
        dirs = self._mtimes("sent")
        need = floor if floor is not None else (self._first_mark() if record is None else record["start"])
        if record is not None and self._unchanged(record, dirs) and need >= record["start"]:
            return
        since = need if record is None or need < record["start"] else record["mark"]
        nowish = time.time_ns() - TOKEN_MARGIN_NS
        newest, rows, renamed = since - 1, [], {}
        for path, st in self._changed("sent", since):
            newest = max(newest, st.st_ctime_ns)
            uniq, name = _uniq(path.name), f"{path.parent.name}/{path.name}"
            if self.index.has(key, uniq):
                renamed[uniq] = name  # flags changed: the same message
                continue
            try:
                msg = read_headers(path)
            except Exception as err:
                log.info("skipping %s: %s", path, _reason(err))
                continue
            if msg is not None:
                rows.append(self._row(name, msg))
        self.index.put_files(key, rows)
        self.index.rename(key, renamed)
        mark = max(since, min(newest + 1, nowish), record["mark"] if record is not None else 0)
        self._save(key, dirs, mark, need if record is None else min(need, record["start"]))

    def _refresh_drafts(self) -> None:
        """Bring the index of the drafts folder up to date: it is small, so it is listed whole when it changed.

        Drafts of older releases carrying ``X-Followthrough-Key`` are recorded as written. When a
        file vanishes while we look (a client renamed it to change its flags) the folder is listed
        again, so a draft being marked read is still found and never written twice.
        """
        key = self._key("drafts")
        record = self.index.folder(key)
        dirs = self._mtimes("drafts")
        if record is not None and self._unchanged(record, dirs):
            return
        known = self.index.names(key)
        for _ in range(3):
            listed, rows, vanished = {}, [], False
            for path, st in self._changed("drafts", 0):
                uniq, name = _uniq(path.name), f"{path.parent.name}/{path.name}"
                listed[uniq] = name
                if uniq in known:
                    continue
                try:
                    msg = read_headers(path)
                except FileNotFoundError:
                    vanished = True
                    continue
                except Exception as err:
                    log.info("skipping %s: %s", path, _reason(err))
                    msg = None
                rows.append(self._row(name, msg) if msg is not None else _empty_row(name))
                if msg is not None and header_text(msg, "X-Followthrough-Key") and self.index.written(key=key_in(msg)) is None:
                    w = Written.of(msg, key_in(msg))
                    self.index.record_written({
                        "mkey": w.key, "message_id": w.message_id, "to_addrs": " ".join(w.to), "subject": w.subject,
                        "in_reply_to": w.in_reply_to, "draft_date": w.date.isoformat() if w.date else None,
                        "written_ns": st.st_ctime_ns, "ref": str(path), "state": "written"})
            if not vanished:
                break
        self.index.put_files(key, rows)
        self.index.rename(key, {u: n for u, n in listed.items() if u in known and known[u] != n})
        self.index.drop(key, [u for u in known if u not in listed])
        self._save(key, dirs, 0)

    @staticmethod
    def _row(name: str, msg) -> dict:
        h = headers_of(msg)
        return {"uniq": _uniq(name.split("/", 1)[-1]), "name": name, "message_id": message_id(msg), "mkey": key_in(msg),
                "to_addrs": " ".join(h.to_addrs), "subject": h.subject, "in_reply_to": " ".join(h.in_reply_to),
                "refs": " ".join(h.references), "sent_date": h.date.isoformat() if h.date else None}

    # -- folders and files

    def _folder(self, role: str) -> Path:
        """The folder for ``role`` as a Maildir, created (mode 0700) when missing.

        :raises MailboxError: it is a file, a directory holding something else, or cannot be created.
        """
        path = self.folders[role]
        try:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)  # another process may create it too
            if not path.is_dir():
                raise MailboxError(
                    f"the {role} folder {path} is not a Maildir: it is not a directory",
                    hint=f"point [mail] {role} at a Maildir folder, or at a new or empty directory",
                )
            if not ((path / "cur").is_dir() and (path / "new").is_dir()) and any(
                p.name not in ("cur", "new", "tmp") for p in path.iterdir()
            ):
                raise MailboxError(
                    f"the {role} folder {path} is not a Maildir: it has no cur/ and new/ folders",
                    hint=f"point [mail] {role} at a Maildir folder, or at a new or empty directory",
                )
            for sub in ("cur", "new", "tmp"):
                if not (path / sub).is_dir():
                    (path / sub).mkdir(mode=0o700, exist_ok=True)
        except OSError as err:
            raise MailboxError(f"cannot use the {role} folder {path}: {_reason(err)}") from err
        self._checked.add(role)
        return path

    def _unique(self) -> str:
        """A Maildir unique name: time, microseconds, process, a counter and randomness, host."""
        self._count += 1
        now = time.time()
        host = socket.gethostname().replace("/", r"\057").replace(":", r"\072") or "localhost"
        return f"{int(now)}.M{int(now % 1 * 1e6)}P{os.getpid()}Q{self._count}R{secrets.token_hex(4)}.{host}"

    @staticmethod
    def _write(folder: Path, uniq: str, dest: Path, data: bytes) -> None:
        """Write ``data`` to ``tmp/``, flush it to disk, link it to ``dest``; on any failure remove the tmp file."""
        tmp = folder / "tmp" / uniq
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(tmp, dest)
            except PermissionError:  # file systems without hard links
                os.rename(tmp, dest)
        finally:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass

    @staticmethod
    def _sweep_tmp(folder: Path) -> None:
        """Remove empty files left in ``tmp/`` by failed writes, once they are older than 36 hours.

        An empty file holds no mail; a non-empty one, or a recent one (a delivery in progress), is left alone.
        """
        limit = time.time() - STALE_TMP_SECONDS
        try:
            with os.scandir(folder / "tmp") as entries:
                for entry in entries:
                    try:
                        st = entry.stat(follow_symlinks=False)
                        if stat.S_ISREG(st.st_mode) and st.st_size == 0 and st.st_mtime < limit:
                            os.unlink(entry.path)
                    except OSError:
                        continue
        except OSError:
            pass


def _empty_row(name: str) -> dict:
    return {"uniq": _uniq(name.split("/", 1)[-1]), "name": name, "message_id": "", "mkey": "", "to_addrs": "",
            "subject": "", "in_reply_to": "", "refs": "", "sent_date": None}


def _reason(err: BaseException) -> str:
    return getattr(err, "strerror", None) or str(err) or type(err).__name__


def from_config(mail, wiring) -> MaildirMailbox:
    """The ``[mail]`` kind = "maildir" table (declared in connectors.registry)."""
    index = wiring.state.maildir_index() if wiring.state is not None else None
    return MaildirMailbox(mail.drafts, mail.sent, mail.inbox, index=index)


def doctor(mail, wiring) -> list[tuple[bool | None, str]]:
    """For `doctor`: each folder is a Maildir, or not there yet. Creates nothing."""
    lines: list[tuple[bool | None, str]] = []
    for name in ("drafts", "sent", "inbox"):
        folder = Path(getattr(mail, name))
        if (folder / "cur").is_dir():
            lines.append((True, f"mail {name}: {folder}"))
        elif folder.exists():
            lines.append((False, f"mail {name}: {folder} exists but is not a Maildir (no cur/ new/ tmp/)"))
        else:
            lines.append((None, f"mail {name}: {folder} does not exist yet" + (" (created on the first draft)" if name == "drafts" else "")))
    return lines
