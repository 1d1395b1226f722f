"""Gmail as a Mailbox: drafts through drafts.create; sent mail and replies seen from headers only.

It never sends: no send endpoint is called anywhere (a test checks the fake's request log), and
bodies are never read (every message is fetched with ``format=metadata``).

* One draft per key: drafts.create has no idempotency key, so before creating, the Drafts are
  reconciled (drafts.list, then drafts.get ``format=metadata`` for drafts not seen before) looking
  for the key in a draft's Message-ID (``<key@domain>``), or in the ``X-Followthrough-Key`` header
  drafts of older releases carry; none of our own headers is written any more. drafts.create itself is sent once (no client or httplib2
  retry); when its answer is lost or is a 5xx, the Drafts are reconciled again before a bounded
  retry. Rate limits (429, 403) are retried by the session: they mean "not done".
* An index file (``<token_dir>/<account>.gmail.json``, written atomically) keeps, per key, the
  draft id (the stable handle; Gmail's message id changes on every edit), our Message-ID and the
  thread, and later what the user sent. So a draft the user edited, sent or deleted is never
  written again, and ``seen`` caches the key header of drafts already read.
* Sent: the draft is gone from Drafts and a SENT message is in its thread (carrying our key or
  Message-ID, else the first unclaimed one sent after the draft was made). Gmail may give the sent
  message a new Message-ID; that one is kept, a follow-up's In-Reply-To/References point at it,
  and replies quoting it are linked back to our Message-ID for the core.
* Replies: history.list (messageAdded, INBOX) from the stored historyId: one request per poll
  when nothing arrived. No or an expired (404) historyId: getProfile's historyId and the most
  recent inbox messages.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from email.message import EmailMessage, Message
from email.parser import Parser
from email.policy import default as POLICY
from pathlib import Path

from connectors.base import Mailbox, MailHeaders
from daemon.core.model import KEY_HEADER, key_of
from connectors.google.api import MaybeDone, Session, Status, write_private
from connectors.messages import as_draft, header_text, headers_of, message_id, message_ids
from daemon.core.errors import MailboxError

log = logging.getLogger(__name__)

HEADERS = ["From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "Auto-Submitted",
           "X-Autoreply", "X-Autorespond", "Precedence", KEY_HEADER]
RECENT = 100  # inbox messages read when there is no usable historyId
SKEW_MS = 10 * 60 * 1000  # clock difference allowed between this machine and Gmail


def _headers(message: dict) -> dict[str, str]:
    """Lower-cased header name -> value (the first one) of a Gmail message resource."""
    found = (message.get("payload") or {}).get("headers") or []
    return {h["name"].lower(): h.get("value", "") for h in reversed(found)}


def _as_message(message: dict) -> Message:
    """The headers of a Gmail ``format=metadata`` message as an email Message (for ``headers_of``)."""
    found = (message.get("payload") or {}).get("headers") or []
    text = "".join(f"{h['name']}: {' '.join(str(h.get('value', '')).split())}\n" for h in found)
    return Parser(policy=POLICY).parsestr(text, headersonly=True)


class GmailMailbox(Mailbox):
    """The Drafts, Sent mail and inbox of one signed-in Gmail account."""

    def __init__(self, session: Session, index: Path, name: str | None = None, attempts: int = 3):
        self.session = session
        self.index_path = Path(index)
        self.name = name or f"gmail:{session.account}"
        self.attempts = attempts

    # -- the contract

    def create_draft(self, message: EmailMessage, key: str) -> str:
        known = self._index()["drafts"].get(key)
        if known:
            return known["draft"]  # still a draft, or sent or deleted by the user: never twice
        found = self._scan(key, message_id(message))
        if found:
            return found
        msg, thread = self._threaded(as_draft(message))
        body = {"message": {"raw": base64.urlsafe_b64encode(msg.as_bytes()).decode("ascii")}}
        if thread:
            body["message"]["threadId"] = thread
        for attempt in range(self.attempts):
            try:
                draft = self._call(lambda g: g.users().drafts().create(userId="me", body=body), "drafts.create",
                                   unsafe=True, expect=(404,) if thread else ())
            except Status:  # the thread is gone: a draft outside it is still useful
                body["message"].pop("threadId", None)
                thread = None
                continue
            except MaybeDone as exc:  # wait first: a slow request may still be carried out
                log.info("%s; looking in Drafts before trying again", exc)
                self.session.backoff(attempt)
                found = self._scan(key, message_id(msg))
                if found:
                    return found
                continue
            self._record(key, draft, message_id(msg))
            return draft["id"]
        raise MailboxError(f"Gmail drafts.create for {msg['To']}: no answer after {self.attempts} attempts; will try again")

    def find_draft(self, key: str) -> str | None:
        known = self._index()["drafts"].get(key)
        if known is None:
            return self._scan(key)
        try:
            self._call(lambda g: g.users().drafts().get(userId="me", id=known["draft"], format="minimal"),
                       "drafts.get", expect=(404,))
        except Status:
            return None
        return known["draft"]

    def sent(self, message_ids: set[str]) -> set[str]:
        idx = self._index()
        mine = {e["mid"]: (k, e) for k, e in idx["drafts"].items() if e.get("mid") in message_ids}
        found = {mid for mid, (_, e) in mine.items() if e.get("sent")}
        waiting = {mid: ke for mid, ke in mine.items() if mid not in found}
        if not waiting:
            return found
        live = {d["id"] for d in self._list_drafts()}
        claimed = {e.get("sent_msg") for e in idx["drafts"].values()}
        changes = {}
        for mid, (key, entry) in waiting.items():
            if entry["draft"] in live:
                continue
            hit = self._sent_in_thread(entry, key, claimed)
            if hit:
                changes[key] = hit
                claimed.add(hit["sent_msg"])
                found.add(mid)
        if changes:
            self._update(lambda idx: [idx["drafts"][k].update(v) for k, v in changes.items()])
        return found

    def replies(self, token: str | None) -> tuple[list[MailHeaders], str | None]:
        """Token: the Gmail historyId up to which the inbox was read."""
        ids = None
        if token:
            try:
                ids, token = self._history(token)
            except Status:
                log.info("Gmail history %s is too old; reading the recent inbox again", token)
        if ids is None:
            token = str(self._call(lambda g: g.users().getProfile(userId="me"), "getProfile")["historyId"])
            listed = self._call(lambda g: g.users().messages().list(userId="me", labelIds=["INBOX"], maxResults=RECENT),
                                "messages.list")
            ids = [m["id"] for m in listed.get("messages", [])]
        ours = {}  # Gmail's Message-ID of a sent draft, and its thread -> our Message-ID
        for entry in self._index()["drafts"].values():
            ours[entry.get("sent") or entry["mid"]] = ours[entry["thread"]] = entry["mid"]
        found = []
        for gid in ids:
            try:
                m = self._call(lambda g: g.users().messages().get(userId="me", id=gid, format="metadata",
                                                                  metadataHeaders=HEADERS), "messages.get", expect=(404,))
            except Status:
                continue  # deleted since it arrived
            h = headers_of(_as_message(m))
            linked = [ours[i] for i in [m.get("threadId"), *h.in_reply_to, *h.references] if i in ours]
            h.references += [i for i in dict.fromkeys(linked) if i not in h.references]
            found.append(h)
        return found, token

    def check(self) -> list[str]:
        """One cheap request (getProfile), for `doctor`."""
        profile = self._call(lambda g: g.users().getProfile(userId="me"), "getProfile")
        return [f"mail gmail: {profile.get('emailAddress', self.session.account)}, {profile.get('messagesTotal', '?')} messages"]

    # -- Gmail ------------------------------------------------------------------------------------

    def _call(self, build, what: str, **kw) -> dict:
        return self.session.call("gmail", build, error=MailboxError, what=f"Gmail {what}", **kw)

    def _list_drafts(self) -> list[dict]:
        drafts, page = [], None
        while True:
            answer = self._call(lambda g: g.users().drafts().list(userId="me", maxResults=500, pageToken=page), "drafts.list")
            drafts += answer.get("drafts", [])
            page = answer.get("nextPageToken")
            if not page:
                return drafts

    def _scan(self, key: str, mid: str = "") -> str | None:
        """Reconcile: the id of a draft in Drafts for ``key`` (or with the Message-ID ``mid``), recorded in the index; or None."""
        seen = self._index()["seen"]
        fresh, found = {}, None
        for d in self._list_drafts():
            gid = d["message"]["id"]
            info = seen.get(gid)
            if info is None:
                try:
                    got = self._call(lambda g: g.users().drafts().get(userId="me", id=d["id"], format="metadata"),
                                     "drafts.get", expect=(404,))
                except Status:
                    continue  # sent or deleted meanwhile
                h = _headers(got["message"])
                info = [h.get(KEY_HEADER.lower(), "").strip(), (message_ids(h.get("message-id", "")) or [""])[0]]
            fresh[gid] = info
            if (info[0] == key or key_of(info[1]) == key or (mid and info[1] == mid)) and found is None:
                found = {"id": d["id"], "message": d["message"]}, info[1]

        def update(idx: dict) -> None:
            idx["seen"] = fresh
            if found:
                idx["drafts"][key] = self._entry(found[0], found[1])

        self._update(update)
        return found[0]["id"] if found else None

    def _sent_in_thread(self, entry: dict, key: str, claimed: set) -> dict | None:
        try:
            thread = self._call(lambda g: g.users().threads().get(userId="me", id=entry["thread"], format="metadata",
                                                                  metadataHeaders=["Message-ID", KEY_HEADER]),
                                "threads.get", expect=(404,))
        except Status:
            return None
        later = None
        for m in thread.get("messages", []):
            labels = m.get("labelIds") or []
            if "SENT" not in labels or "DRAFT" in labels or m["id"] in claimed:
                continue
            h = _headers(m)
            hit = {"sent": (message_ids(h.get("message-id", "")) or [entry["mid"]])[0], "sent_msg": m["id"],
                   "thread": m.get("threadId") or entry["thread"]}
            if key in (h.get(KEY_HEADER.lower(), "").strip(), key_of(hit["sent"])) or hit["sent"] == entry["mid"]:
                return hit
            if later is None and int(m.get("internalDate") or 0) >= entry.get("at", 0) - SKEW_MS:
                later = hit
        return later

    def _threaded(self, msg: EmailMessage) -> tuple[EmailMessage, str | None]:
        """A reply goes into the thread of the message it answers, quoting the Message-ID Gmail kept."""
        answered = message_ids(header_text(msg, "In-Reply-To"))
        if not answered:
            return msg, None
        entry = next((e for e in self._index()["drafts"].values() if answered[0] in (e.get("mid"), e.get("sent"))), None)
        if entry is None:
            log.info("Gmail: %s is not a draft of ours; the reply starts a new thread", answered[0])
            return msg, None
        real = entry.get("sent")
        if real and real != answered[0]:
            refs = [real if r == answered[0] else r for r in message_ids(header_text(msg, "References"))] or [real]
            del msg["In-Reply-To"], msg["References"]
            msg["In-Reply-To"] = real
            msg["References"] = " ".join(dict.fromkeys(refs))
        return msg, entry["thread"]

    def _history(self, start: str) -> tuple[list[str], str]:
        """Ids of messages added to the inbox since ``start``, and the new historyId.

        :raises Status: 404, ``start`` is too old.
        """
        ids, page, latest = [], None, start
        while True:
            answer = self._call(lambda g: g.users().history().list(userId="me", startHistoryId=start, labelId="INBOX",
                                                                   historyTypes=["messageAdded"], pageToken=page),
                                "history.list", expect=(404,))
            for record in answer.get("history", []):
                ids += [a["message"]["id"] for a in record.get("messagesAdded", [])]
            latest = str(answer.get("historyId") or latest)
            page = answer.get("nextPageToken")
            if not page:
                return list(dict.fromkeys(ids)), latest

    # -- the index file ---------------------------------------------------------------------------

    def _index(self) -> dict:
        try:
            idx = json.loads(self.index_path.read_text(encoding="utf-8"))
            if isinstance(idx, dict) and idx.get("v") == 1:
                return idx
            log.warning("%s: unknown format; starting a new index", self.index_path)
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            log.warning("%s: unreadable (%s); starting a new index (Drafts are reconciled by key)", self.index_path, exc)
        return {"v": 1, "drafts": {}, "seen": {}}

    def _update(self, change) -> None:
        """Read, change and write the index at once: another process may have written it meanwhile."""
        idx = self._index()
        change(idx)
        try:
            write_private(self.index_path, json.dumps(idx, indent=1, sort_keys=True))
        except OSError as exc:
            raise MailboxError(f"cannot write the Gmail index {self.index_path}: {exc.strerror or exc}") from exc

    @staticmethod
    def _entry(draft: dict, mid: str) -> dict:
        return {"draft": draft["id"], "message": draft["message"]["id"], "thread": draft["message"].get("threadId", ""),
                "mid": mid, "at": int(time.time() * 1000)}

    def _record(self, key: str, draft: dict, mid: str) -> None:
        self._update(lambda idx: idx["drafts"].__setitem__(key, self._entry(draft, mid)))


def from_config(mail, wiring) -> GmailMailbox:
    """The ``[mail]`` kind = "gmail" table (declared in connectors.registry)."""
    from connectors.google.api import Settings, session

    settings = Settings.from_config(wiring.google)
    return GmailMailbox(session(settings, mail.account), settings.path(mail.account, ".gmail.json"))
