"""A local Maildir mailbox (kept in sync by mbsync, offlineimap, getmail, …).

Drafts go into the drafts folder's ``cur/`` with the Draft flag (``:2,D``), so mutt, aerc,
Thunderbird and notmuch list them as drafts. They are written by ``mailbox.Maildir``: into
``tmp/``, flushed, then linked into place, so a crash never leaves half a draft.

Sent mail and replies are read from headers only: each file is read up to its first blank line,
never further. Existing files are never modified, renamed or deleted. A file that is not mail,
cannot be read, or vanishes while we look (mutt moves ``new/`` to ``cur/``) is skipped.
"""

from __future__ import annotations

import logging
import mailbox
import os
import time
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default as DEFAULT_POLICY
from pathlib import Path

from connectors.base import KEY_HEADER, Mailbox, MailHeaders
from connectors.memory_mail import header_text, headers_of, message_id, with_key
from daemon.errors import MailboxError

log = logging.getLogger(__name__)

#: A header block larger than this is not mail we care about; reading stops there.
HEADER_LIMIT = 1 << 20
#: The replies token stays this far behind the clock, for coarse file timestamps.
TOKEN_MARGIN_NS = 2_000_000_000


def read_headers(path: str | os.PathLike) -> EmailMessage | None:
    """The header block of the message file at ``path``, parsed; the body is never read.

    None when the file does not look like mail (neither From nor Message-ID).
    :raises OSError: the file vanished or cannot be read.
    """
    lines, size = [], 0
    with open(path, "rb") as f:
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
    """Three Maildir folders: drafts (written), sent and inbox (read, headers only)."""

    def __init__(self, drafts: str, sent: str, inbox: str, name: str = "maildir"):
        self.name = name
        paths = {"drafts": drafts, "sent": sent, "inbox": inbox}
        self.folders = {role: Path(os.path.expanduser(p)) for role, p in paths.items()}
        # role -> uniq -> (message id, key); Maildir files never change content, only their name.
        self._seen: dict[str, dict[str, tuple[str, str]]] = {"drafts": {}, "sent": {}}

    # -- the contract

    def create_draft(self, message: EmailMessage, key: str) -> str:
        found = self.find_draft(key) or self._find("sent", key, message_id(message))
        if found:
            return found
        folder = self._folder("drafts")
        draft = mailbox.MaildirMessage(with_key(message, key))
        draft.set_subdir("cur")
        draft.set_flags("D")
        try:
            uniq = mailbox.Maildir(folder, factory=None, create=False).add(draft)
        except (OSError, mailbox.Error) as err:
            raise MailboxError(f"cannot write a draft into the drafts folder {folder}: {_reason(err)}") from err
        path = folder / "cur" / f"{uniq}:{draft.get_info()}"
        try:
            path.chmod(0o600)  # our own new file: private even in a shared drafts folder
        except OSError:
            pass
        return str(path)

    def find_draft(self, key: str) -> str | None:
        return self._find("drafts", key)

    def sent(self, message_ids: set[str]) -> set[str]:
        return message_ids & {mid for _, mid, _ in self._index("sent")}

    def replies(self, token: str | None) -> tuple[list[MailHeaders], str | None]:
        """Token: an inode change time (ctime) before which every message was returned.

        Delivery and renames set ctime and ``utime`` cannot set it back (offlineimap's
        ``utime_from_header`` does that to mtime), and a file that moves while we look gets a
        fresh ctime, so it comes again next time. The token stays a little behind the clock
        so a file that appears during the scan, with a coarse timestamp, is not skipped.
        """
        since = int(token) if token and token.isdigit() else 0
        floor = time.time_ns() - TOKEN_MARGIN_NS
        newest, found = since - 1, []
        for path in self._list("inbox"):
            try:
                changed = path.stat().st_ctime_ns
                newest = max(newest, changed)
                msg = read_headers(path) if changed >= since else None
            except Exception as err:  # vanished, unreadable, not mail: never stop the sync for one file
                log.info("skipping %s: %s", path, _reason(err))
                continue
            if msg is not None:
                found.append(headers_of(msg))
        return found, str(max(0, min(newest + 1, floor)))

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
        return path

    def _list(self, role: str) -> list[Path]:
        """Message files in ``new/`` then ``cur/``: in that order a file moving to ``cur/`` is not missed."""
        folder = self._folder(role)
        try:
            return [
                folder / sub / name
                for sub in ("new", "cur")
                for name in sorted(os.listdir(folder / sub))
                if not name.startswith(".")
            ]
        except OSError as err:
            raise MailboxError(f"cannot read the {role} folder {folder}: {_reason(err)}") from err

    def _index(self, role: str) -> list[tuple[Path, str, str]]:
        """(path, Message-ID, key) of every message in ``role``; headers are read once per file.

        When a file vanishes (a client renamed it to change its flags) the folder is listed again,
        so a draft being marked read is still found and never written twice.
        """
        seen = self._seen[role]
        for _ in range(3):
            found, vanished = {}, False
            for path in self._list(role):
                uniq = _uniq(path.name)
                if uniq not in seen:
                    try:
                        msg = read_headers(path)
                    except FileNotFoundError:
                        vanished = True
                        continue
                    except Exception as err:
                        log.info("skipping %s: %s", path, _reason(err))
                        msg = None
                    ids = (message_id(msg), header_text(msg, KEY_HEADER)) if msg is not None else ("", "")
                    seen[uniq] = ids
                found[uniq] = (path, *seen[uniq])
            if not vanished:
                break
        self._seen[role] = {u: seen[u] for u in found}
        return list(found.values())

    def _find(self, role: str, key: str, mid: str = "") -> str | None:
        """The path of a message in ``role`` carrying ``key`` (or the Message-ID ``mid``)."""
        for path, found_mid, found_key in self._index(role):
            if found_key == key or (mid and found_mid == mid):
                return str(path)
        return None


def _reason(err: BaseException) -> str:
    return getattr(err, "strerror", None) or str(err) or type(err).__name__
