"""An IMAP mailbox (Fastmail, iCloud, Proton Bridge, a company server): drafts are appended,
sent mail and replies are seen from headers only.

Built on IMAPClient rather than imaplib: it parses responses (APPENDUID, STATUS, LIST flags),
quotes search strings and sends 8-bit ones as literals, decodes modified UTF-7 folder names
("Entwürfe"), verifies certificates on STARTTLS, and keeps LOGIN out of its debug log.

What it sends, and what it never does:

* Folders: one ``LIST`` (``RETURN (SPECIAL-USE)`` where offered); ``\\Drafts`` and ``\\Sent``
  win over folders merely named so, then common names; configured names are used as they are.
  A missing folder is an error naming the folders found; nothing is ever created.
* Drafts: ``APPEND`` with ``\\Draft``; the draft's Message-ID carries its key, nothing of ours is
  in its headers. Before it, Drafts and Sent are searched for that Message-ID (or ``<key@``) and
  the ``X-Followthrough-Key`` of older releases (``SEARCH HEADER``, hits checked against the
  fetched header). An APPEND whose answer is lost is never repeated in the same poll: the next
  poll searches first, so a connection cut after APPEND still ends with one draft.
* Sent: a draft counts as sent by the rule of :mod:`connectors.messages` (Message-ID or key;
  else recipient, date and thread, since some clients send under a new Message-ID), over the
  header fields that rule needs (``MATCH_FIELDS``), kept in the state's mail index with Sent's
  UIDVALIDITY and UIDNEXT. A ``STATUS`` that shows nothing new costs nothing more; new messages
  are those from the UIDNEXT last seen; the first look starts the day before the earliest draft
  asked about. The Message-ID a copy was sent under is kept: a follow-up answers it, and a reply
  quoting it is linked to ours.
* Replies: ``STATUS INBOX (UIDVALIDITY UIDNEXT [HIGHESTMODSEQ])``; unchanged means no more
  commands. New mail: ``UID SEARCH UID <saved UIDNEXT>:*`` and ``UID FETCH ... BODY.PEEK[HEADER.FIELDS
  (...)]``. No token or a new UIDVALIDITY: the newest ``FIRST_READ`` messages once.
* Folders are opened with ``EXAMINE`` (read-only). Never STORE, EXPUNGE, MOVE, COPY, DELETE or
  RENAME; no body is fetched and no SEARCH BODY/TEXT is sent.

Errors (wrong password, server down, timeouts, an untrusted certificate) raise MailboxError with
one stable message per problem, so the service tells the user once (it compares with the last
error it stored); the next poll tries again.
"""

from __future__ import annotations

import imaplib
import json
import logging
import re
import socket
import ssl
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default as POLICY
from urllib.parse import quote

from connectors.base import Mailbox, MailHeaders
from daemon.core.model import KEY_HEADER, key_of
from connectors.maildir import MaildirMailbox
from connectors.messages import (Written, as_draft, copy_of, headers_of, key_in, link_reply, match_sent,
                                 message_id, rethread, written_of, written_row)
from connectors.secret import Password, is_loopback
from daemon.core.errors import MailboxError

log = logging.getLogger(__name__)

HEADER_FIELDS = ("FROM", "TO", "CC", "SUBJECT", "DATE", "MESSAGE-ID", "IN-REPLY-TO", "REFERENCES",
                 "AUTO-SUBMITTED", "X-AUTOREPLY", "X-AUTORESPOND", "PRECEDENCE")
REPLY_HEADERS = f"BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})]"
#: What the sent rule (``connectors.messages.match_sent``) looks at, and no more.
MATCH_FIELDS = ("MESSAGE-ID", KEY_HEADER.upper(), "TO", "CC", "SUBJECT", "DATE", "IN-REPLY-TO", "REFERENCES")
MATCH_HEADERS = f"BODY.PEEK[HEADER.FIELDS ({' '.join(MATCH_FIELDS)})]"
#: Messages read from the inbox the first time (or after UIDVALIDITY changed): the newest ones.
FIRST_READ = 1000
#: UIDs per FETCH and Message-IDs per SEARCH, to keep command lines short.
BATCH = 500
IDS_PER_SEARCH = 20
#: A connection unused for longer than this is replaced by a fresh one (servers drop idle ones).
REUSE_SECONDS = 120
TIMEOUT = 30

DRAFT_NAMES = ("Drafts", "Draft", "Brouillons", "Entwürfe", "[Gmail]/Drafts")
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Gesendet", "Envoyés")
_APPENDUID = re.compile(rb"APPENDUID (\d+) (\d+)", re.I)
#: The first look at Sent, and a look back for a draft older than it, start this long before the
#: draft's date: SINCE and SENTSINCE compare dates, not instants, and zones differ.
LOOK_BACK = timedelta(days=1)


class ImapMailbox(Mailbox):
    """The Drafts, Sent and inbox folders of one IMAP account.

    ``index``: where what was seen is kept (``State.maildir_index()``, as for a Maildir): the drafts
    written, the sent-matching headers of Sent messages and Sent's UIDVALIDITY and UIDNEXT, so a
    restart reads nothing old again. By default in memory, for this process only.
    """

    def __init__(self, host: str, username: str, password: Password, *, port: int = 0, tls: str = "ssl",
                 drafts: str = "", sent: str = "", inbox: str = "INBOX", name: str | None = None,
                 timeout: float = TIMEOUT, index=None):
        if tls not in ("ssl", "starttls", "none"):
            raise MailboxError(f"IMAP {host}: tls = {tls!r} is not one of ssl, starttls, none")
        if tls == "none" and not is_loopback(host):
            raise MailboxError(f"IMAP {host}: tls = 'none' is refused for a host that is not this machine",
                               hint='use tls = "ssl" (port 993) or "starttls" (port 143)')
        self.host, self.username, self.password, self.tls = host, username, password, tls
        self.port = port or (993 if tls == "ssl" else 143)
        self.configured = {"drafts": drafts, "sent": sent, "inbox": inbox or "INBOX"}
        self.name = name or f"imap:{username}@{host}"
        self.timeout = timeout
        if index is None:
            from daemon.service.state import MaildirIndex

            index = MaildirIndex.memory()
        self.index = index
        self._conn = None
        self._selected: str | None = None
        self._used = 0.0
        self._folders: dict[str, str] = {}
        self._listed: list[tuple[tuple[bytes, ...], bytes, str]] = []  # (flags, delimiter, name) of each folder
        self._probed: tuple[int, set[str]] = (0, set())  # Sent's UIDVALIDITY, Message-IDs searched for in it
        self._live: tuple[tuple, set[str], set[str]] | None = None  # Drafts' STATUS, keys asked, keys found
        self._trouble: str | None = None  # the kind of problem last logged, so it is told once

    # -- the contract

    def create_draft(self, message: EmailMessage, key: str) -> str:
        mid = message_id(message)
        with self._session("writing a draft") as c:
            found = self._lookup(c, "drafts", key, mid) or self._lookup(c, "sent", key, mid)
            if found:
                return found
            written = self.index.written(key=key)
            if written is not None and written["state"] == "written":
                return written["ref"]  # written once, then sent under a new Message-ID or deleted: never twice
            folder = self._folder(c, "drafts")
            sent_as = {w["message_id"]: w["sent_id"] for w in self.index.all_written() if w["sent_id"]}
            msg = rethread(as_draft(message), sent_as)
            raw = msg.as_bytes(policy=POLICY.clone(linesep="\r\n"))
            w = Written.of(msg, key)
            self.index.record_written(written_row(w, "", "writing"))  # the first look at Sent starts here
            try:
                answer = c.append(folder, raw, flags=[b"\\Draft", b"\\Seen"])
            except _CONNECTION_ERRORS as exc:
                self._drop()
                raise MailboxError(f"{self._where()}: the connection was lost while writing a draft ({_reason(exc)}); "
                                   "Drafts are searched for it before anything is written again") from None
            m = _APPENDUID.search(answer or b"")
            ref = self._ref(folder, int(m.group(1)), int(m.group(2))) if m else self._lookup(c, "drafts", key, mid)
            ref = ref or self._ref(folder, 0, 0)
            self.index.record_written(written_row(w, ref, "written"))
            return ref

    def find_draft(self, key: str) -> str | None:
        with self._session("looking for a draft") as c:
            return self._lookup(c, "drafts", key, "")

    def sent(self, message_ids: set[str]) -> set[str]:
        """By the rule of :mod:`connectors.messages`, over the sent-matching headers kept in the index.

        Sent is read only when its STATUS changed, from the UIDNEXT last seen; the first look (or
        one after UIDVALIDITY changed) starts at the earliest draft asked about (``SENTSINCE`` or
        ``SINCE`` a day before it). A Message-ID the index knows nothing of (a draft of an older
        release, never seen in Drafts) is searched for once (``SEARCH HEADER Message-ID``). Drafts
        is searched only when a draft may have been sent with its subject edited (rule 2c).
        """
        if not message_ids:
            return set()
        with self._session("looking at Sent") as c:
            known = {m: self.index.written(mid=m) for m in message_ids}
            wanted = [written_of(r) if r is not None else Written(key=key_of(m), message_id=m) for m, r in known.items()]
            self._refresh_sent(c, wanted, [m for m, r in known.items() if r is None])
            rows = self.index.candidates(self._key("sent"), set(message_ids), {w.key for w in wanted if w.key},
                                         {w.to[0] for w in wanted if w.to})
            copies = [copy_of(r) for r in rows]
            taken = {w["sent_id"] for w in self.index.all_written() if w["sent_id"] and w["message_id"] not in message_ids}
            found = match_sent(wanted, copies, taken=taken)
            edited = [w for w in wanted if w.message_id not in found and w.to and not w.in_reply_to
                      and any(w.to[0] in cp.headers.to_addrs and not cp.headers.in_reply_to for cp in copies)]
            if edited:
                live = self._live_keys(c, edited)
                found = match_sent(wanted, copies, gone={w.key for w in edited if w.key not in live}, taken=taken)
            for mid, cp in found.items():
                row = known[mid]
                if row is not None and row["sent_id"] != cp.headers.message_id:
                    self.index.mark_written(row["mkey"], row["state"], sent_id=cp.headers.message_id)
            return set(found)

    def replies(self, token: str | None) -> tuple[list[MailHeaders], str | None]:
        """Token: ``{"uidvalidity", "uidnext", "modseq"}`` of the inbox as last read.

        A reply quoting the Message-ID a thank-you was sent under is linked to ours (``link_reply``).
        """
        try:
            seen = json.loads(token) if token else {}
            seen = seen if isinstance(seen, dict) else {}
        except ValueError:
            seen = {}
        with self._session("reading the inbox") as c:
            folder = self._folder(c, "inbox")
            items = [b"UIDVALIDITY", b"UIDNEXT"] + ([b"HIGHESTMODSEQ"] if c.has_capability("CONDSTORE") else [])
            status = self._status(c, folder, items)
            now = {"v": 1, "uidvalidity": int(status[b"UIDVALIDITY"]), "uidnext": int(status.get(b"UIDNEXT") or 0)}
            if b"HIGHESTMODSEQ" in status:
                now["modseq"] = int(status[b"HIGHESTMODSEQ"])
            same = seen.get("uidvalidity") == now["uidvalidity"] and isinstance(seen.get("uidnext"), int)
            if same and seen["uidnext"] == now["uidnext"] and now["uidnext"]:
                return [], json.dumps(now, sort_keys=True)
            info = self._examine(c, folder)
            if same:
                since = seen["uidnext"]
                uids = [u for u in c.search(["UID", f"{since}:*"]) if u >= since]
                found = self._fetch_headers(c, uids)
            else:
                if seen:
                    log.info("%s: the inbox's UIDVALIDITY changed; reading its newest messages once", self._where())
                found = self._newest(c, int(info.get(b"EXISTS") or 0))
            uidnext = int(info.get(b"UIDNEXT") or 0) or max([now["uidnext"], *(u + 1 for u, _ in found)])
            now["uidnext"] = uidnext
            ours = {w["sent_id"]: w["message_id"] for w in self.index.all_written()
                    if w["sent_id"] and w["sent_id"] != w["message_id"]}
            return [link_reply(h, ours) for _, h in found], json.dumps(now, sort_keys=True)

    def check(self) -> list[str]:
        """For `doctor`: log in, find the folders, say where the password came from."""
        with self._session("checking the account") as c:
            roles = {role: self._folder(c, role) for role in ("drafts", "sent", "inbox")}
        return [f"mail imap: logged in to {self.host}:{self.port} ({self.tls}) as {self.username}; "
                f"password from {self.password.where()}",
                "mail imap folders: " + ", ".join(f"{r} = {f!r}" for r, f in roles.items())]

    def close(self) -> None:
        """Log out (the service calls nothing else: a dropped process just closes the socket)."""
        self._drop(logout=True)

    # -- connection

    def _where(self) -> str:
        return f"IMAP {self.username}@{self.host}:{self.port}"

    def _connect(self):
        from imapclient import IMAPClient

        context = ssl.create_default_context()
        if self.tls == "ssl":
            client = IMAPClient(self.host, self.port, ssl=True, ssl_context=context, timeout=self.timeout)
        else:
            client = IMAPClient(self.host, self.port, ssl=False, timeout=self.timeout)
            if self.tls == "starttls":
                if not client.has_capability("STARTTLS"):
                    client.shutdown()
                    raise MailboxError(f"{self._where()}: the server does not offer STARTTLS; nothing was sent in the clear",
                                       hint='use tls = "ssl" (usually port 993)')
                client.starttls(context)
        client.login(self.username, self.password.get())
        return client

    def _drop(self, logout: bool = False) -> None:
        conn, self._conn, self._selected = self._conn, None, None
        if conn is None:
            return
        try:
            conn.logout() if logout else conn.shutdown()
        except Exception:
            pass

    @contextmanager
    def _session(self, what: str):
        """A logged-in client; every failure becomes a MailboxError (told once until it is over)."""
        from imapclient.exceptions import IMAPClientError, LoginError

        try:
            if self._conn is not None and time.monotonic() - self._used > REUSE_SECONDS:
                self._drop(logout=True)
            if self._conn is None:
                self._conn = self._connect()
            yield self._conn
            self._used = time.monotonic()
            if self._trouble:
                log.info("%s answers again", self._where())
                self._trouble = None
        except MailboxError as exc:
            self._tell("mailbox", exc.message, exc.hint)
            raise
        except LoginError as exc:
            self._drop()
            self.password.forget()
            msg = f"{self._where()}: the server refused the login ({_server_text(exc)})"
            self._tell("login", msg, self.password.hint())
            raise MailboxError(msg, hint=self.password.hint()) from None
        except ssl.SSLCertVerificationError as exc:
            self._drop()
            msg = f"{self._where()}: the server's certificate is not trusted ({exc.verify_message or exc.reason})"
            self._tell("tls", msg, None)
            raise MailboxError(msg) from None
        except _CONNECTION_ERRORS as exc:
            self._drop()
            msg = f"{self._where()}: cannot reach the server ({_reason(exc)}); will try again"
            self._tell("network", msg, None)
            raise MailboxError(msg) from None
        except (IMAPClientError, imaplib.IMAP4.error) as exc:
            self._drop()
            msg = f"{self._where()}: the server said no while {what} ({_server_text(exc)})"
            self._tell("server", msg, None)
            raise MailboxError(msg) from None

    def _tell(self, kind: str, message: str, hint: str | None) -> None:
        if self._trouble == kind:
            log.debug("%s", message)
            return
        self._trouble = kind
        log.info("%s%s", message, f" ({hint})" if hint else "")  # the service tells the user, once

    # -- folders

    def _folder(self, c, role: str) -> str:
        """The folder name for ``role``: configured, else found by SPECIAL-USE, else by common names."""
        if role in self._folders:
            return self._folders[role]
        if role == "inbox" and self.configured["inbox"].upper() == "INBOX":
            return "INBOX"  # every account has it (RFC 3501 5.1): no LIST needed for an idle poll
        listed = self._list(c)
        names = [name for _, _, name in listed]
        wanted = self.configured[role]
        if wanted:
            match = next((n for n in names if n == wanted or (wanted.upper() == "INBOX" and n.upper() == "INBOX")), None)
            if match is None:
                raise MailboxError(f"{self._where()}: there is no folder {wanted!r} ([mail] {role}); found: {_names(names)}",
                                   hint=f"set [mail] {role} to one of the folders found, or leave it empty to find it")
            self._folders[role] = match
            return match
        flag = {"drafts": b"\\drafts", "sent": b"\\sent"}[role]
        special = [name for flags, _, name in listed if flag in {f.lower() for f in flags}]
        if special:
            self._folders[role] = special[0]
            return special[0]
        for common in DRAFT_NAMES if role == "drafts" else SENT_NAMES:
            for flags, delim, name in listed:
                last = name.rsplit(delim.decode() if isinstance(delim, bytes) else (delim or "/"), 1)[-1]
                if name.lower() == common.lower() or last.lower() == common.lower():
                    self._folders[role] = name
                    return name
        raise MailboxError(f"{self._where()}: no {role} folder found (no \\{role.capitalize()} SPECIAL-USE folder, "
                           f"none of the common names); found: {_names(names)}",
                           hint=f"set [mail] {role} to the folder's name; followthrough never creates folders")

    def _list(self, c) -> list:
        if self._listed:
            return self._listed
        listed = None
        if c.has_capability("SPECIAL-USE") and c.has_capability("LIST-EXTENDED"):
            try:  # LIST "" "*" RETURN (SPECIAL-USE): RFC 6154's way; IMAPClient has no method for it
                typ, data = c._imap._simple_command("LIST", '""', '"*"', "RETURN", "(SPECIAL-USE)")
                c._checkok("list", typ, data)
                typ, data = c._imap._untagged_response(typ, data, "LIST")
                listed = c._proc_folder_list(data)
            except AttributeError:
                listed = None
        if listed is None:
            listed = c.list_folders()
        self._listed = [(flags, delim, name) for flags, delim, name in listed if b"\\noselect" not in {f.lower() for f in flags}]
        return self._listed

    # -- searching and fetching

    def _lookup(self, c, role: str, key: str, mid: str) -> str | None:
        """The ref of a message in ``role`` with Message-ID ``mid``, or carrying ``key`` (the left part
        of our Message-IDs, or the header older releases wrote).

        A draft found in Drafts that the index does not hold as written (an older release's, or one
        whose APPEND answer was lost) is recorded, so its sent copy is recognised later.
        """
        folder = self._folder(c, role)
        info = self._examine(c, folder)
        # SEARCH HEADER matches a substring (RFC 3501 6.4.4): "<key@" finds our Message-ID whatever its domain
        tests = [["HEADER", "Message-ID", mid or f"<{key}@"]] if mid or key else []
        tests += [["HEADER", KEY_HEADER, key]] if key else []
        if not tests:
            return None
        criteria = ["NOT", "DELETED"] + (["OR", *tests[0], *tests[1]] if len(tests) == 2 else tests[0])
        uids = sorted(c.search(criteria))
        for uid, msg in self._fetch(c, uids, MATCH_HEADERS):
            if (mid and message_id(msg) == mid) or (key and key_in(msg) == key):
                ref = self._ref(folder, int(info.get(b"UIDVALIDITY") or 0), uid)
                written = self.index.written(key=key)
                if role == "drafts" and key and (written is None or written["state"] != "written"):
                    self.index.record_written(written_row(Written.of(msg, key), ref, "written"))
                return ref
        return None

    # -- Sent, as far as the sent rule needs it

    def _key(self, role: str) -> str:
        """The folder's name in the index: an IMAP URL (RFC 5092), never a Maildir path."""
        return f"imap://{quote(self.username, safe='')}@{self.host}/{quote(self._folders.get(role, role))}"

    def _refresh_sent(self, c, wanted: list[Written], unknown: list[str]) -> None:
        """Read into the index the sent-matching headers of the Sent messages not read yet.

        The index keeps Sent's UIDVALIDITY (``new_mtime``), the UIDNEXT read up to (``mark``) and
        the day the looks started (``start``, seconds since the epoch). Nothing changed and nothing
        new asked: one STATUS.
        """
        folder = self._folder(c, "sent")
        key = self._key("sent")
        status = self._status(c, folder, [b"UIDVALIDITY", b"UIDNEXT"])
        uidvalidity, uidnext = int(status[b"UIDVALIDITY"]), int(status.get(b"UIDNEXT") or 0)
        record = self.index.folder(key)
        if record is not None and record["new_mtime"] != uidvalidity:
            log.info("%s: Sent's UIDVALIDITY changed; looking at it afresh", self._where())
            self.index.drop(key, list(self.index.names(key)))
            record = None
        if self._probed[0] != uidvalidity:
            self._probed = (uidvalidity, set())
        floor = _floor(wanted)
        start = record["start"] if record is not None else None
        back = record is not None and floor is not None and floor < record["start"]
        probe = [m for m in unknown if m not in self._probed[1]
                 and not self.index.candidates(key, {m}, {key_of(m)} - {""}, set())]
        grown = record is not None and (not uidnext or uidnext != record["mark"])
        if record is not None and not (back or grown or probe):
            return
        info = self._examine(c, folder)
        upto = int(info.get(b"UIDNEXT") or 0) or uidnext
        uids: set[int] = set()
        if record is None or back:
            start = floor if floor is not None else _day(datetime.now(timezone.utc))
            day = datetime.fromtimestamp(start, timezone.utc).date()
            below = ["UID", f"1:{record['mark'] - 1}"] if record is not None and record["mark"] > 1 else []
            if record is None or below:
                uids |= set(c.search(["NOT", "DELETED", *below, "OR", "SENTSINCE", day, "SINCE", day]))
        for i in range(0, len(probe), IDS_PER_SEARCH):
            batch = probe[i:i + IDS_PER_SEARCH]
            criteria: list = ["NOT", "DELETED"]
            for n, m in enumerate(batch):
                criteria += (["OR"] if n < len(batch) - 1 else []) + ["HEADER", "Message-ID", f"<{key_of(m)}@" if key_of(m) else m]
            uids |= set(c.search(criteria))
        self._probed[1].update(probe)
        if grown:  # "n:*" also names the last message when none is newer
            uids |= {u for u in c.search(["UID", f"{record['mark']}:*"]) if u >= record["mark"]}
        fetched = self._fetch(c, sorted(u for u in uids if not self.index.has(key, str(u))), MATCH_HEADERS)
        rows = []
        for uid, msg in fetched:
            try:
                rows.append(MaildirMailbox._row(str(uid), msg))
            except Exception as exc:  # one odd message must not stop the sync
                log.info("%s: skipping Sent message UID %s: %s", self._where(), uid, exc)
        self.index.put_files(key, rows)
        mark = max([upto, record["mark"] if record is not None else 1, *(u + 1 for u, _ in fetched)])
        self.index.save_folder(key, uidvalidity, 0, mark, min(start, record["start"]) if record is not None else start)

    def _live_keys(self, c, drafts: list[Written]) -> set[str]:
        """The keys of ``drafts`` still in Drafts (by Message-ID or the old key header).

        Asked only when a copy may be one of them sent with its subject edited; a Drafts folder
        whose STATUS is unchanged since is not searched again.
        """
        folder = self._folder(c, "drafts")
        status = self._status(c, folder, [b"UIDVALIDITY", b"UIDNEXT", b"MESSAGES"])
        seen = tuple(int(status.get(k) or 0) for k in (b"UIDVALIDITY", b"UIDNEXT", b"MESSAGES"))
        keys = {w.key for w in drafts}
        if self._live is not None and self._live[0] == seen and keys <= self._live[1]:
            return self._live[2] & keys
        self._examine(c, folder)
        live: set[str] = set()
        for i in range(0, len(drafts), IDS_PER_SEARCH):
            batch = drafts[i:i + IDS_PER_SEARCH]
            tests = [t for w in batch for t in (["HEADER", "Message-ID", w.message_id], ["HEADER", KEY_HEADER, w.key])]
            criteria: list = ["NOT", "DELETED"]
            for n, t in enumerate(tests):
                criteria += (["OR"] if n < len(tests) - 1 else []) + t
            for _, msg in self._fetch(c, sorted(c.search(criteria)), MATCH_HEADERS):
                live |= {w.key for w in batch if message_id(msg) == w.message_id or key_in(msg) == w.key}
        self._live = (seen, keys, live)
        return live

    def _fetch(self, c, uids: list[int], item: str) -> list[tuple[int, EmailMessage]]:
        """(UID, parsed headers) of ``uids`` in the selected folder, with ``item`` (a BODY.PEEK header fetch)."""
        out: list[tuple[int, EmailMessage]] = []
        for i in range(0, len(uids), BATCH):
            answer = c.fetch(uids[i:i + BATCH], [item])
            for uid in sorted(answer):
                raw = _header_bytes(answer[uid])
                if raw is not None:
                    out.append((uid, BytesHeaderParser(policy=POLICY).parsebytes(raw)))
        return out

    def _fetch_headers(self, c, uids: list[int]) -> list[tuple[int, MailHeaders]]:
        found = []
        for uid, msg in self._fetch(c, uids, REPLY_HEADERS):
            try:
                found.append((uid, headers_of(msg)))
            except Exception as exc:  # one odd message must not stop the sync
                log.info("%s: skipping inbox message UID %s: %s", self._where(), uid, exc)
        return found

    def _newest(self, c, exists: int) -> list[tuple[int, MailHeaders]]:
        """Headers of the newest ``FIRST_READ`` messages, chosen by sequence number (no SEARCH ALL)."""
        if exists <= 0:
            return []
        first = max(1, exists - FIRST_READ + 1)
        uids = sorted(c.search(f"{first}:{exists}"))  # a sequence-set criterion; UID SEARCH answers with UIDs
        return self._fetch_headers(c, uids)

    def _examine(self, c, folder: str) -> dict:
        """Open ``folder`` read-only (EXAMINE): nothing in it can change, not even \\Seen."""
        info = c.select_folder(folder, readonly=True)
        self._selected = folder
        return info

    def _leave(self, c) -> None:
        """Close the open folder (UNSELECT). Needed only before a STATUS of that same folder on this
        connection, since a server may answer it from what it last told this connection; a poll 15
        minutes later has a fresh connection and pays nothing for it."""
        if self._selected is not None:
            c.unselect_folder() if c.has_capability("UNSELECT") else c.noop()
            self._selected = None

    def _status(self, c, folder: str, items: list[bytes]) -> dict:
        """STATUS of ``folder`` (left first if this connection has it open)."""
        if self._selected == folder:
            self._leave(c)
        return c.folder_status(folder, items)

    def _ref(self, folder: str, uidvalidity: int, uid: int) -> str:
        """An RFC 5092 IMAP URL naming the message."""
        return f"imap://{quote(self.username, safe='')}@{self.host}/{quote(folder)};UIDVALIDITY={uidvalidity}/;UID={uid}"


_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (OSError, socket.timeout, EOFError, imaplib.IMAP4.abort)
try:
    from imapclient.exceptions import IMAPClientAbortError

    _CONNECTION_ERRORS = (*_CONNECTION_ERRORS, IMAPClientAbortError)
except ImportError:  # pragma: no cover
    pass


def _day(when: datetime) -> int:
    """The start of ``when``'s UTC day less ``LOOK_BACK``, in seconds since the epoch."""
    d = (when - LOOK_BACK).astimezone(timezone.utc).date()
    return int(datetime(d.year, d.month, d.day, tzinfo=timezone.utc).timestamp())


def _floor(drafts: list[Written]) -> int | None:
    """Where Sent must be read from for ``drafts``: the day before the earliest one's date; None
    when none is known (a Message-ID alone is searched for, not read around)."""
    dates = [w.date for w in drafts if w.date is not None]
    return _day(min(dates)) if dates else None


def _header_bytes(item: dict) -> bytes | None:
    for k, v in item.items():
        if isinstance(k, bytes) and k.upper().startswith(b"BODY[HEADER"):
            return v if isinstance(v, bytes) else None
    return None


def _names(names: list[str]) -> str:
    return ", ".join(repr(n) for n in names[:30]) or "(none)"


def _server_text(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(text, str) and text.startswith("b'"):
        text = text[2:-1]
    return text[:200] or type(exc).__name__


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "timed out"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def from_config(mail, wiring) -> ImapMailbox:
    """The ``[mail]`` kind = "imap" table (declared in connectors.registry)."""
    password = Password(mail.password_command, mail.host, mail.username, MailboxError, f"IMAP {mail.host}")
    return ImapMailbox(mail.host, mail.username, password, port=mail.port, tls=mail.tls,
                       drafts=mail.drafts, sent=mail.sent, inbox=mail.inbox,
                       index=wiring.state.maildir_index() if wiring.state is not None else None)
