"""The flow, step by step: sync calendars and mail, prompt, compose drafts, follow up.

Every method takes ``now``; none reads the clock. Effects go through the connector contracts:
calendars are read, drafts are written (never sent), notifications are pushed. Drafts follow an
outbox pattern: they are planned in the state (with their idempotency key and final bytes) in
one transaction, then written to the mailbox, which skips a key it already holds. A process
killed at any point therefore leaves one draft per person per purpose after the restart.

Another process (a `debrief`, an `outcome`, the web form) may change an interview while a step
works on it. Every stage change is therefore a compare-and-set on the stage the step read
(:meth:`daemon.service.state.State.update` with ``expect``), made in the same transaction as what it
records or plans; a step that loses reads the interview again and decides again.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from datetime import datetime, timedelta, tzinfo
from email import message_from_string, policy
from pathlib import Path
from types import SimpleNamespace

from connectors.base import CalendarSource, Mailbox
from connectors.notify import Notifier
from daemon.core import compose, flow, prompts
from daemon.core.businessdays import add_business_days
from daemon.detection import Identity, Rules
from daemon.core.errors import FollowthroughError, MailboxError, StateError, UsageError
from daemon.service.resources import mail_environment
from daemon.service.state import Interview, State, primary_contact
from daemon.web import redact
from daemon.service.sync import Fetched, fetch_calendar, store_calendar

log = logging.getLogger("followthrough")

#: An interview first seen this long after it ended gets no prompt (it can still be debriefed).
STALE = timedelta(days=14)
ACTIVE = ("drafted", "waiting", "followed_up", "gone_quiet")
OUTCOMES = ("offer", "rejected", "next-round", "withdrawn")
#: A bare address: no spaces, line breaks or list separators (the terminal debrief does not check).
PLAIN_ADDRESS = re.compile(r"[^@\s<>,;\x00-\x1f\x7f]+@[^@\s<>,;\x00-\x1f\x7f]+")


class Service:
    """The core with its connectors. Built by :func:`daemon.service.app.build_service` from the configuration."""

    def __init__(
        self,
        *,
        state: State,
        calendars: list[CalendarSource],
        mailbox: Mailbox,
        notifier: Notifier,
        identity: SimpleNamespace,
        schedule: SimpleNamespace,
        zone: tzinfo,
        templates_dir: Path | None = None,
        debrief_url=None,
        detection: SimpleNamespace | None = None,
        web: SimpleNamespace | None = None,
        drafts: SimpleNamespace | None = None,
    ):
        self.state = state
        self.detection = detection  # the [detection] rules; marks come from the state
        self.calendars = calendars
        self.mailbox = mailbox
        self.notifier = notifier
        self.identity = identity
        self.me = Identity.of(identity.emails, identity.name)
        self.schedule = schedule
        self.zone = zone
        self.env = mail_environment(templates_dir)
        self.debrief_url = debrief_url or (lambda iv: "")
        self.web = web  # the local web UI's settings (enabled, port, secret file); `run` starts it
        self.drafts = drafts or SimpleNamespace(language="")  # the [drafts] table
        self.said: list[str] = []  # what happened, for `run --once` and the demo

    def prompt_language(self) -> str:
        """The language of what followthrough says to the user: ``[drafts] language``, English when empty."""
        return prompts.language(getattr(self.drafts, "language", ""))

    def _say(self, text: str) -> None:
        self.said.append(text)
        log.info("%s", redact(text))

    # -- the whole step --------------------------------------------------------------------------

    def tick(self, now: datetime) -> None:
        """Sync everything, then perform every action due at ``now``; one failing step does not stop the others.

        :raises StateError: the state cannot be read or written (damaged, disk full, read-only): the
            remaining steps are not tried, since each would fail the same way.
        """
        for step in (self.sync_calendars, self.sync_mail, self.run_due):
            try:
                step(now)
            except StateError:
                raise
            except FollowthroughError as exc:
                log.error("%s", exc.render())
            except Exception:  # the service must keep running; the traceback goes to the log
                log.exception("unexpected error in %s", getattr(step, "__name__", step))

    def rules(self) -> Rules:
        """The user's rules: [detection] in the config plus every `followthrough mark`."""
        if self.detection is None:
            return Rules(marks={u: v for u, _, v in self.state.marks()},
                         organizer_marks={o: v for _, o, v in self.state.marks() if o})
        from daemon.service.judge import rules_from_config

        return rules_from_config(self.detection, self.state.marks())

    def sync_calendars(self, now: datetime, only: list[CalendarSource] | None = None) -> None:
        for cal in only or self.calendars:
            self.store_fetched(self.fetch_calendar(cal, now, self.state.calendar_token(cal.name), self.rules()), now)

    def fetch_calendar(self, cal: CalendarSource, now: datetime, stored_token: str | None, rules: Rules) -> Fetched:
        """Read and judge one calendar without touching the state (the service runs it outside its lock)."""
        return fetch_calendar(cal, stored_token, self.me, now, rules)

    def store_fetched(self, fetched: Fetched, now: datetime) -> None:
        """Store one calendar's events and say what changed."""
        report = store_calendar(self.state, fetched, now)
        for w in report.warnings:
            log.warning("%s", w)
        if report.error:  # told once: the same error again is only logged at info level
            log.log(logging.INFO if report.repeated else logging.ERROR, "%s (kept what was stored; will try again)", report.error)
        for iid in report.new:
            iv = self.state.interview(iid)
            if iv.stage == "unconfirmed":
                self._say(f"found #{iv.id}, maybe an interview (the user will be asked): {iv.title}")
                if report.first and iv.end < now - STALE:
                    # As for an old interview: no question about last month, but it waits in `status`.
                    self.state.update(iv.id, now, expect={"stage": "unconfirmed", "asks": 0}, asks=2)
                continue
            self._say(f"found interview #{iv.id}: {iv.title} ({iv.kind}, {iv.start.astimezone(self.zone):%a %Y-%m-%d %H:%M})")
            if report.first and iv.end < now - STALE:
                # A new install reading last month: no prompt for old interviews, but the debrief
                # stays open in `status`. (After a downtime every missed prompt still comes.)
                self.state.update(iv.id, now, expect="scheduled", stage="awaiting_debrief", prompted_at=now, reminders=2)
        for iid in report.moved:
            iv = self.state.interview(iid)
            self._say(f"interview #{iid} moved: {iv.title}")
            if iv.stage == "awaiting_debrief" and iv.debriefed_at is None and iv.end > now:
                # Prompted, then moved to a later time: ask again after the real one.
                self.state.update(iid, now, expect="awaiting_debrief", stage="scheduled", prompted_at=None, reminders=0, reminded_at=None)
        for iid in report.cancelled:
            self._say(f"interview #{iid} cancelled or declined: {self.state.interview(iid).title}")

    # -- mail ------------------------------------------------------------------------------------

    def sync_mail(self, now: datetime) -> None:
        """Write planned drafts, notice sent ones, read reply headers.

        Each step runs even when another fails: a draft the mailbox refuses must not hide a reply
        (a follow-up would then be written to someone who already answered).
        """
        for step in (self.write_pending, self._notice_sent, self._read_replies):
            try:
                step(now)
            except MailboxError as exc:
                repeated = self.state.mailbox_error(self.mailbox.name) == exc.message
                self.state.record_mail_sync(self.mailbox.name, now, error=exc.message)
                # told once (also across `run --once` processes): the same error again is logged at info level
                hint = f" ({exc.hint})" if exc.hint and not repeated else ""
                log.log(logging.INFO if repeated else logging.ERROR, "%s%s (will try again)", exc.message, hint)

    def write_pending(self, now: datetime) -> int:
        """Write every planned draft to the mailbox (idempotent by key), one process at a time."""
        written = 0
        with self.state.outbox_lock():
            for row in self.state.drafts(state="pending"):  # read under the lock: another process may have written them
                msg = message_from_string(row["raw"], policy=policy.default)
                ref = self.mailbox.create_draft(msg, row["idem_key"])
                self.state.mark_draft(row["id"], "written", now, ref=ref)
                written += 1
                self._say(f"draft written: {row['purpose']} to {row['to_header']} — {row['subject']}")
        return written

    def _notice_sent(self, now: datetime) -> None:
        written = self.state.drafts(state="written")
        sent = self.mailbox.sent({r["message_id"] for r in written}) if written else set()
        for row in written:
            if row["message_id"] in sent:
                self.state.mark_draft(row["id"], "sent", now)
                self._say(f"sent by you: {row['purpose']} to {row['to_header']}")
        # Also when nothing new was sent: a run killed after marking the drafts sent, before moving the
        # interview on, left it "drafted" with its thank-you sent; this step must not wait for another send.
        for iv in self.state.interviews(stages=("drafted",)):
            if self._thank_you_sent(iv) and iv.kind == "informational":
                # A career chat decides nothing: no follow-up chasing a role, no "gone quiet".
                if self.state.update(iv.id, now, expect="drafted", stage="closed", thanked_at=now,
                                     closed_reason="informational: thanked; nothing to chase"):
                    self._say(f"interview #{iv.id}: thank-you sent; an informational interview needs no follow-up")
            elif self._thank_you_sent(iv) and self.state.update(iv.id, now, expect="drafted", stage="waiting", thanked_at=now):
                self._say(f"interview #{iv.id}: thank-you sent; waiting for news until {self._fmt(flow.followup_at(self.state.interview(iv.id), self.schedule, self.zone))}")

    def _thank_you_sent(self, iv: Interview) -> bool:
        thanks = [r for r in self.state.drafts(iv.id) if r["purpose"] in ("thank_you", "informational")]
        primary = [r for r in thanks if r["recipient"] == iv.primary]
        return any(r["state"] == "sent" for r in (primary or thanks))

    def _read_replies(self, now: datetime) -> None:
        token = self.state.mailbox_token(self.mailbox.name)
        headers, new_token = self.mailbox.replies(token)
        interviews = self.state.interviews(stages=ACTIVE)
        ours = {}
        for iv in interviews:
            for r in self.state.drafts(iv.id):
                ours[r["message_id"]] = iv
        pushes: list[compose.Rendered] = []
        for h in headers:
            if not h.message_id or self.state.reply_seen(h.message_id) or h.from_addr in self.me.emails:
                continue
            iv = next((ours[m] for m in h.in_reply_to + h.references if m in ours), None)
            if iv is None:
                # Not in our thread: mail from an interviewer counts only if sent after the interview
                # (a first sync reads the whole inbox, "see you Thursday" mail included).
                iv = next((i for i in interviews if h.from_addr and h.from_addr in {(p.get("email") or "").lower() for p in i.interviewers}
                           and not (h.date and h.date < i.end)), None)
            automatic = flow.is_automatic(h.auto_submitted, h.autoreply, h.subject)
            # The reply and what it changes commit together: a run killed in between would see it as read
            # next time and never act on it (a follow-up to someone who answered).
            with self.state.transaction():
                self.state.record_reply(h.message_id, iv.id if iv else None, h.from_addr, automatic, h.date, now,
                                        subject=h.subject or "")
                if iv is None:
                    continue
                if automatic:
                    if iv.stage in ("waiting", "followed_up"):
                        received = min(h.date, now) if h.date else now  # a Date in the future must not postpone for ever
                        until = add_business_days(received.astimezone(self.zone), self.schedule.out_of_office_business_days)
                        if (iv.wait_until is None or until > iv.wait_until) and self.state.update(iv.id, now, expect=iv.stage, wait_until=until):
                            self._say(f"interview #{iv.id}: automatic reply from {h.from_addr}; follow-up no earlier than {self._fmt(until)}")
                elif h.from_addr == iv.primary:
                    told = self._replied(iv, h.from_addr, now)
                    if told is not None:
                        pushes.append(told)
                else:
                    self._say(f"interview #{iv.id}: reply from {h.from_addr} (not the primary contact; still waiting on {iv.primary})")
        for told in pushes:  # once what they say is stored
            self._push(told, "replied")
        self.state.record_mail_sync(self.mailbox.name, now, token=new_token)

    def _replied(self, iv: Interview, sender: str, now: datetime) -> compose.Rendered | None:
        """The primary contact answered: the wait ends; the notice to push (once), with `wait` to undo it.

        Bodies are never read, so a holding reply ("I'll get back to you after that") looks like any answer.
        """
        name = next((p.get("name") for p in iv.interviewers if (p.get("email") or "").lower() == sender), "") or sender
        lang = self.prompt_language()
        r = compose.render(self.env, "replied.txt.j2", interview=iv, name=name, web_url=self.debrief_url(iv),
                           wait_days=self.schedule.default_decision_business_days, t=prompts.notice_words(lang),
                           language=lang)
        with self.state.transaction():
            if not self.state.update(iv.id, now, expect=iv.stage, stage="closed", closed_reason=f"reply from {sender}"):
                return None
            self.state.add_notice(iv.id, "replied", r.subject, now)
        return r

    def keep_waiting(self, iv: Interview, now: datetime) -> str:
        """The reply only said they would get back: the follow-up comes back, the default wait after that reply."""
        if iv.stage != "closed" or not iv.closed_reason.startswith("reply from "):
            raise UsageError(f"interview #{iv.id} ‘{iv.title}’ is {iv.stage}, not closed by a reply",
                             hint="`wait` undoes the end of the wait that a reply from the primary contact brought")
        sender = iv.closed_reason.removeprefix("reply from ")
        row = self.state.latest_reply(iv.id, sender)
        replied = min(datetime.fromisoformat(row["at"]), now) if row and row["at"] else now
        until = add_business_days(replied.astimezone(self.zone), self.schedule.default_decision_business_days)
        # after both follow-ups nothing more is sent: waiting quietly is "gone quiet"
        stage = "waiting" if not iv.followups else "followed_up" if iv.followups == 1 else "gone_quiet"
        iv = self.change(iv, now, "keep waiting", None, stage=stage, closed_reason="", wait_until=until)
        due = flow.followup_at(self.state.interview(iv.id), self.schedule, self.zone)
        return f"#{iv.id} ‘{iv.title}’: waiting again; the follow-up comes {self._fmt(due) if due else 'no more'}"

    # -- due actions -----------------------------------------------------------------------------

    def run_due(self, now: datetime) -> None:
        """Perform every action whose time has come, each once, oldest first."""
        for _ in range(10):  # an action can make the next one due at once (e.g. a long downtime)
            due = [(n.at, iv) for iv in self.state.interviews(stages=flow.TIMED)
                   if (n := flow.next_action(iv, self.schedule, self.zone)).at and n.at <= now]
            if not due:
                break
            for _, iv in sorted(due, key=lambda d: (d[0], d[1].id)):
                iv = self.state.interview(iv.id)
                nxt = flow.next_action(iv, self.schedule, self.zone)
                if nxt.at is None or nxt.at > now:
                    continue
                getattr(self, f"_do_{nxt.action}")(iv, now)
        try:
            self.write_pending(now)
        except MailboxError as exc:  # planned drafts stay planned; the next sync writes them
            log.error("%s (the drafts are kept and written on the next try)", exc.message)

    def _do_prompt(self, iv: Interview, now: datetime) -> None:
        with self.state.transaction():
            if not self.state.update(iv.id, now, expect=iv.stage, stage="awaiting_debrief", prompted_at=now):
                return self._lost(iv, "prompt")
            r = self._record_notice(iv, "prompt", 0, now)
        self._push(r, "prompt")

    def _do_ask(self, iv: Interview, now: datetime) -> None:
        """Ask whether an unsure event was an interview: recorded (state and notice) before it is pushed."""
        with self.state.transaction():
            if not self.state.update(iv.id, now, expect={"stage": "unconfirmed", "asks": iv.asks}, asks=iv.asks + 1, asked_at=now):
                return self._lost(iv, "question")
            lang = self.prompt_language()
            from daemon.core.notes import day_words

            day = day_words(iv.start, self.zone, lang)
            r = compose.render(self.env, "question.txt.j2", interview=iv, again=iv.asks > 0, day=day,
                               reason=prompts.unsure_reason(lang, iv.unsure, iv.unsure_reason),
                               debrief_url=self.debrief_url(iv), t=prompts.notice_words(lang), language=lang)
            self.state.add_notice(iv.id, "question", r.subject, now)
        self._push(r, "question")

    def answer(self, iv: Interview, interview: bool, now: datetime, *, debriefing: bool = False) -> str:
        """The user's answer to "was it an interview?" (a Yes/No in the web UI, `mark`, or starting its debrief).

        Remembered like `followthrough mark`. Yes: it becomes an interview, and its debrief prompt comes at
        once if it is due (``debriefing``: the user is answering the debrief already, so no prompt is pushed).
        No: skipped, and the mark keeps it so across rescans.
        """
        self.state.add_mark(iv.uid, (iv.organizer or {}).get("email", ""), interview, now)
        iv = self.state.interview(iv.id)
        if not interview:
            if iv.stage not in flow.FINAL:
                self.change(iv, now, "mark it", None, stage="skipped", closed_reason="marked not an interview")
            return f"#{iv.id} ‘{iv.title}’: not an interview; nothing more will come of it"
        if iv.stage != "unconfirmed":
            return f"#{iv.id} ‘{iv.title}’: an interview"
        if debriefing and iv.end <= now:
            # Starting the debrief stands for the prompt: the usual reminders follow if it is left unfinished.
            if self.state.update(iv.id, now, expect="unconfirmed", stage="awaiting_debrief", prompted_at=now):
                return f"#{iv.id} ‘{iv.title}’: an interview"
        elif not self.state.update(iv.id, now, expect="unconfirmed", stage="scheduled"):
            return f"#{iv.id} ‘{iv.title}’: an interview"
        iv = self.state.interview(iv.id)
        nxt = flow.next_action(iv, self.schedule, self.zone)
        if nxt.action == "prompt" and nxt.at is not None and nxt.at <= now:
            self._do_prompt(iv, now)
            return f"#{iv.id} ‘{iv.title}’: an interview; its debrief is open"
        return f"#{iv.id} ‘{iv.title}’: an interview; its debrief prompt comes after it ends"

    def _do_remind(self, iv: Interview, now: datetime) -> None:
        with self.state.transaction():
            if not self.state.update(iv.id, now, expect={"stage": iv.stage, "reminders": iv.reminders},
                                     reminders=iv.reminders + 1, reminded_at=now):
                return self._lost(iv, "reminder")
            r = self._record_notice(iv, "reminder", iv.reminders + 1, now)
        self._push(r, "reminder")

    def _do_nudge(self, iv: Interview, now: datetime) -> None:
        unsent = [r for r in self.state.drafts(iv.id) if r["state"] != "sent" and r["purpose"] in ("thank_you", "informational", "referral")]
        lang = self.prompt_language()
        r = compose.render(self.env, "nudge.txt.j2", interview=iv, count=len(unsent), t=prompts.notice_words(lang),
                           language=lang) if unsent else None
        with self.state.transaction():
            if not self.state.update(iv.id, now, expect=iv.stage, nudged_at=now):
                return self._lost(iv, "nudge")
            if r is not None:
                self.state.add_notice(iv.id, "nudge", r.subject, now)
        if r is not None:
            self.notifier.notify(r.subject, r.body)
            self._say(f"nudge: {r.subject}")

    def _do_followup(self, iv: Interview, now: datetime) -> None:
        later = self._later_round(iv)
        if later is not None:
            if self.state.update(iv.id, now, expect=iv.stage, stage="closed", closed_reason=f"next round on the calendar (#{later.id})"):
                self._say(f"interview #{iv.id}: next round #{later.id} is on the calendar; no follow-up")
            return
        number = iv.followups + 1
        if number == 2 and not any(r["state"] == "sent" for r in self.state.drafts(iv.id) if r["purpose"] == "followup1"):
            if self.state.update(iv.id, now, expect=iv.stage, stage="gone_quiet", followups=2):
                self._say(f"interview #{iv.id}: the first follow-up was not sent; gone quiet")
            return
        # The stage change and the draft it plans commit together: an outcome recorded meanwhile
        # (closed) makes the compare-and-set fail, and no follow-up is planned.
        with self.state.transaction():
            if not self.state.update(iv.id, now, expect=iv.stage, stage="gone_quiet" if number == 2 else "followed_up",
                                     followups=number, last_followup_at=now):
                return self._lost(iv, "follow-up")
            self.plan_followup(iv, number, now)

    def _lost(self, iv: Interview, what: str) -> None:
        """A compare-and-set lost to another process: nothing was written; the next pass decides again."""
        log.info("interview #%s changed while its %s was due (it was %s); deciding again", iv.id, what, iv.stage)

    def _later_round(self, iv: Interview) -> Interview | None:
        if not iv.company:
            return None
        for other in self.state.interviews():
            if other.id != iv.id and other.company == iv.company and other.start > iv.end and other.stage not in ("cancelled", "skipped"):
                return other
        return None

    def _record_notice(self, iv: Interview, kind: str, reminder: int, now: datetime) -> compose.Rendered:
        """Render the debrief prompt and record it, inside the caller's transaction.

        It is pushed only once that commits (:meth:`_push`): a state that cannot be written (a full
        disk) pushes nothing, rather than the same prompt on every retry. A crash between the commit
        and the push loses that one push; the reminder a few hours later still comes.
        """
        lang = self.prompt_language()
        r = compose.render(self.env, "prompt.txt.j2", interview=iv, reminder=reminder, debrief_url=self.debrief_url(iv),
                           t=prompts.notice_words(lang), language=lang)
        self.state.add_notice(iv.id, kind, r.subject, now)
        return r

    def _push(self, r: compose.Rendered, kind: str) -> None:
        self.notifier.notify(r.subject, r.body)
        self._say(f"{kind}: {r.subject}\n{r.body}")

    # -- debrief and drafts ----------------------------------------------------------------------

    def complete_debrief(self, iv: Interview, answers: dict, now: datetime, edits: dict | None = None) -> list[str]:
        """Store the final answers, read the decision date, plan and write the drafts.

        ``edits`` maps (purpose, recipient) to the (subject, body) the user wrote over a preview.
        """
        iv = self.state.interview(iv.id)  # a terminal debrief takes minutes: judge the stage as it is now
        if iv.stage == "unconfirmed":  # debriefing an unsure event answers its question: yes
            self.answer(iv, True, now, debriefing=True)
            iv = self.state.interview(iv.id)
        if iv.stage in flow.FINAL:
            raise UsageError(f"interview #{iv.id} is {iv.stage}; nothing to debrief")
        # "kim@acme.example\r\nBcc: x@evil.example" never makes a header, but would make a draft to a
        # mangled address at the attacker's domain: refuse it, naming it, before anything is stored.
        emails = [p.get("email", "") for p in answers.get("met", [])] + [(answers.get("referred_by") or {}).get("email", "")]
        bad = [e for e in emails if e and not PLAIN_ADDRESS.fullmatch(e)]
        if bad:
            raise UsageError(f"interview #{iv.id}: not an e-mail address: " + ", ".join(repr(e) for e in bad),
                             hint="correct it in the debrief answers")
        unwritable = []  # a non-ASCII domain is IDNA-encoded; a non-ASCII local part cannot be sent everywhere
        for e in filter(None, emails):
            try:
                compose.ascii_address(e)
            except ValueError as exc:
                unwritable.append(str(exc))
        if unwritable:
            raise UsageError(f"interview #{iv.id}: cannot address " + "; ".join(unwritable),
                             hint="use the person's ASCII address (many providers give one), or leave the address out")
        from daemon.core.debrief import require_substance

        require_substance(answers, iv.kind, f"the debrief of interview #{iv.id}")
        fields = self._debrief_fields(iv, answers)  # outside the transaction: reading a date may take a moment
        # Answers, stage and planned drafts in one transaction, on the stage as it is inside it: a
        # prompt, skip or outcome from another process either came before (and is seen here) or waits.
        with self.state.transaction():
            iv = self.state.interview(iv.id)
            if iv.stage in flow.FINAL:
                raise UsageError(f"interview #{iv.id} is {iv.stage}; nothing to debrief",
                                 hint="your answers are kept" if self.state.debrief(iv.id)[0] else None)
            self.state.save_answers(iv.id, answers, now, completed=True)
            stage = "drafted" if iv.stage in ("scheduled", "awaiting_debrief") else iv.stage
            if not self.state.update(iv.id, now, expect=iv.stage, **fields, debriefed_at=now, stage=stage):
                raise StateError(f"interview #{iv.id} changed while its debrief was stored; run the debrief again")
            iv = self.state.interview(iv.id)
            self.plan_thank_yous(iv, answers, now, edits=edits)
        self.write_pending(now)
        notes = [fields["decision_how"]]
        skipped = [p.get("name") for p in answers.get("met", []) if not p.get("email")]
        if skipped:
            notes.append("no address for " + ", ".join(skipped) + ": add one with the debrief to get a draft")
        return notes

    def _debrief_fields(self, iv: Interview, answers: dict) -> dict:
        """What a debrief sets on the interview: the decision date as read, and the primary contact."""
        from daemon.core.decision import decision_or_default, parse_decision

        # Relative phrases ("tomorrow", "Monday") are read on the user's wall clock.
        text, end = answers.get("decision_by", ""), iv.end.astimezone(self.zone)
        read = parse_decision(text, end)
        fallback = read.at is None
        decision = decision_or_default(text, end, self.schedule.default_decision_business_days) if fallback else read
        primary = (answers.get("primary") or "").lower() or primary_contact(
            (iv.organizer or {}).get("email", ""), answers.get("met", []))
        return {"decision_text": answers.get("decision_by", ""), "decision_at": decision.at, "decision_how": decision.how,
                "decision_default": fallback, "primary_email": primary}

    def preview(self, iv: Interview, answers: dict) -> list[dict]:
        """The drafts a debrief would create, rendered without storing or writing anything (the web form's preview)."""
        iv = dataclasses.replace(iv, **self._debrief_fields(iv, answers))
        return [{"purpose": purpose, "name": name, "to": email, "subject": r.subject, "body": r.body}
                for purpose, name, email, r in self._thank_yous(iv, answers)]

    def _context(self, iv: Interview, answers: dict) -> dict:
        checkin = ""
        if iv.decision_at is not None:
            checkin = compose.day_words(flow.followup_at(iv, self.schedule, self.zone) or iv.decision_at, self.zone)
        return {
            "me": self.identity,
            "interview": iv,
            "answers": SimpleNamespace(**{k: answers.get(k, "") for k in (
                "excited", "problems", "fit", "wish_said", "personal", "next_step", "decision_by", "advice", "will_do")}),
            "day": compose.day_words(iv.start, self.zone),
            "checkin": checkin,
            "language": self._writer(iv, answers).lang,
        }

    def _writer(self, iv: Interview, answers: dict):
        """The words of this interview's notes: its language, company and post (the debrief's, else the invitation's)."""
        from daemon.core import notes

        company = answers.get("company") or iv.company
        post = answers.get("post") or notes.post_of(iv.title, company)
        typed = [str(answers.get(k) or "") for k in notes.FIELD_SLOTS]
        typed += [f"{p.get('focus') or ''} {p.get('personal') or ''}" for p in answers.get("met", [])]
        lang = (answers.get("language") or getattr(self.drafts, "language", "") or notes.guess_language(*typed)
                or notes.guess_language(iv.title) or "en")
        return notes.Writer(lang, company=company, post=post, day=iv.start, zone=self.zone, formal=answers.get("formal", True))

    def _readers(self, iv: Interview, answers: dict) -> list:
        """Everyone met with an address, the primary contact first (their note carries the full case)."""
        from daemon.core import notes

        people = [p for p in answers.get("met", []) if p.get("email")]
        primary = (iv.primary or "").lower()
        order = sorted(range(len(people)), key=lambda k: people[k]["email"].lower() != primary)
        if primary not in {p["email"].lower() for p in people}:
            order = list(range(len(people)))  # no primary among them: the first person met carries the case
        return [notes.Reader(name=people[k].get("name", ""), email=people[k]["email"], title=people[k].get("title", ""),
                             focus=people[k].get("focus", ""), honorific=people[k].get("honorific", ""),
                             personal=people[k].get("personal", ""), index=n, primary=n == 0)
                for n, k in enumerate(order)]

    def plan_thank_yous(self, iv: Interview, answers: dict, now: datetime, edits: dict | None = None) -> None:
        """Plan one thank-you per person met (and the referrer); ``edits`` as in :meth:`complete_debrief`."""
        planned = []
        for purpose, name, email, r in self._thank_yous(iv, answers):
            subject, body = (edits or {}).get((purpose, email.lower()), ("", ""))
            body = body.replace("\r\n", "\n").strip()
            if subject.strip() or body:
                r = compose.Rendered(compose.one_line(subject) or r.subject, body + "\n" if body else r.body)
            planned.append(self._draft(iv, purpose, name, email, r, now))
        self.state.plan_drafts(planned, now)

    def _thank_yous(self, iv: Interview, answers: dict) -> list[tuple[str, str, str, compose.Rendered]]:
        """(purpose, name, email, rendered) per person met with an address, then the referrer."""
        writer = self._writer(iv, answers)
        ctx = self._context(iv, answers)
        informational = iv.kind == "informational"
        checkin = (flow.followup_at(iv, self.schedule, self.zone) or iv.decision_at) if iv.decision_at and not informational else None
        by_email = {r.email.lower(): r for r in self._readers(iv, answers)}
        out = []
        for person in answers.get("met", []):
            if not person.get("email"):
                continue
            reader = by_email[person["email"].lower()]
            note = writer.informational(reader, answers) if informational else writer.thank_you(reader, answers, checkin)
            r = compose.render(self.env, "informational.txt.j2" if informational else "thank_you.txt.j2",
                               person=_person(person), salutation=note.greeting, note=note, **ctx)
            out.append(("informational" if informational else "thank_you", person.get("name", ""), person["email"], r))
        ref = answers.get("referred_by") or {}
        if ref.get("email"):
            from daemon.core.notes import Reader

            names = [p.get("name") or p.get("email") for p in answers.get("met", []) if p.get("name") or p.get("email")]
            note = writer.referral(Reader(ref.get("name", ""), ref["email"]), names, intro=iv.kind == "informational")
            r = compose.render(self.env, "referral.txt.j2", person=_person(ref), salutation=note.greeting, note=note,
                               met_names=", ".join(names) or "the team", **ctx)
            out.append(("referral", ref.get("name", ""), ref["email"], r))
        return out

    def plan_followup(self, iv: Interview, number: int, now: datetime) -> None:
        self._plan_reply(iv, f"followup{number}", "followup.txt.j2", now, number=number)

    def _plan_reply(self, iv: Interview, purpose: str, template: str, now: datetime, **extra) -> bool:
        """A draft to the primary contact in the thread of the thank-you they received.

        The closing note after a rejection answers the rejection itself when its headers were seen
        (the latest reply from a person, not an automatic one): to its sender, in its thread.
        """
        answers, _ = self.state.debrief(iv.id)
        drafts = self.state.drafts(iv.id)
        thanks = [r for r in drafts if r["purpose"] in ("thank_you", "informational") and r["recipient"] == iv.primary]
        if not iv.primary or not thanks:
            self._say(f"interview #{iv.id}: no thank-you to {iv.primary or 'a primary contact'} to reply to; no {purpose} draft")
            return False
        thread = thanks[0]
        to, in_reply_to = iv.primary, thread["message_id"]
        refs = [r["message_id"] for r in drafts if r["recipient"] == iv.primary and r["purpose"] != purpose]
        if purpose == "closing":
            answer = self.state.latest_reply(iv.id)
            if answer is not None and answer["from_addr"]:
                to, in_reply_to = answer["from_addr"].lower(), answer["message_id"]
                refs = [thread["message_id"], answer["message_id"]]
        person = next((p for p in answers.get("met", []) if p.get("email", "").lower() == to),
                      next(({"name": p.get("name", ""), "email": to} for p in iv.interviewers if (p.get("email") or "").lower() == to),
                           {"name": "", "email": to}))
        writer = self._writer(iv, answers)
        reader = next((r for r in self._readers(iv, answers) if r.email.lower() == to), None)
        from daemon.core.notes import Reader

        reader = reader or Reader(person.get("name", ""), to)
        subject = thread["subject"]
        if purpose == "closing" and in_reply_to != thread["message_id"] and answer["subject"]:
            subject = answer["subject"]  # the note answers the rejection: "Re: <its subject>"
        if purpose == "closing":
            note = writer.closing(reader, answers, subject)
        else:
            from daemon.core.decision import parse_decision

            said_by = iv.decision_at is not None and not iv.decision_default
            if said_by and parse_decision(iv.decision_text, iv.end.astimezone(self.zone)).after:
                said_by = False  # "after the board meets on the 3rd" promised no decision by a date
            decision = iv.decision_at if said_by else None
            note = writer.followup(reader, answers, extra.get("number", 1), subject, decision)
        r = compose.render(
            self.env, template, person=_person(person), salutation=note.greeting, note=note,
            thread_subject=subject.removeprefix("Re: "), **self._context(iv, answers), **extra,
        )
        d = self._draft(iv, purpose, person.get("name", ""), to, r, now, in_reply_to=in_reply_to, references=refs)
        self.state.plan_drafts([d], now)
        return True

    def _plan_referral_update(self, iv: Interview, outcome: str, now: datetime) -> bool:
        """The referral note promised news: once an outcome is recorded, a draft with it for the referrer."""
        answers, _ = self.state.debrief(iv.id)
        ref = answers.get("referred_by") or {}
        if outcome not in ("offer", "rejected", "withdrawn") or not ref.get("email"):
            return False
        from daemon.core.notes import Reader

        note = self._writer(iv, answers).referral_update(Reader(ref.get("name", ""), ref["email"]), outcome)
        r = compose.render(self.env, "referral_update.txt.j2", person=_person(ref), salutation=note.greeting, note=note,
                           outcome=outcome, **self._context(iv, answers))
        self.state.plan_drafts([self._draft(iv, "referral_update", ref.get("name", ""), ref["email"], r, now)], now)
        return True

    def _draft(self, iv: Interview, purpose: str, name: str, email: str, r: compose.Rendered, now: datetime,
               *, in_reply_to: str = "", references: list[str] | None = None) -> dict:
        key = compose.idempotency_key(iv.source, iv.uid, iv.recurrence_id, purpose, email)
        sender = (self.identity.emails or [""])[0]
        msg = compose.build_message(
            sender_name=self.identity.name, sender_email=sender, to_name=name, to_email=email, subject=r.subject,
            body=r.body, now=now, key=key, in_reply_to=in_reply_to, references=references,
        )
        return {
            "interview_id": iv.id, "purpose": purpose, "recipient": email.lower(), "idem_key": key,
            "message_id": msg["Message-ID"], "subject": r.subject, "to_header": str(msg["To"]), "raw": msg.as_string(),
        }

    # -- commands --------------------------------------------------------------------------------

    def record_outcome(self, iv: Interview, outcome: str, now: datetime) -> str:
        if outcome not in OUTCOMES:
            raise UsageError(f"unknown outcome {outcome!r}", hint="one of: " + ", ".join(OUTCOMES))
        text = f"interview #{iv.id}: outcome {outcome}; no more follow-ups"

        def close(current: Interview) -> None:
            nonlocal text
            if outcome == "rejected" and self._plan_reply(self.state.interview(current.id), "closing", "closing.txt.j2", now):
                text += "; a gracious closing note is in your drafts"
            if self._plan_referral_update(self.state.interview(current.id), outcome, now):
                text += "; an update for the person who referred you is in your drafts"

        self.change(iv, now, "record the outcome", close, outcome=outcome, stage="closed", closed_reason=f"outcome: {outcome}")
        self.write_pending(now)
        return text

    def skip(self, iv: Interview, now: datetime) -> str:
        self.change(iv, now, "skip it", None, stage="skipped", closed_reason="skipped by you")
        return f"interview #{iv.id} skipped: no prompts, drafts or follow-ups"

    def change(self, iv: Interview, now: datetime, what: str, then, tries: int = 5, **fields) -> Interview:
        """A user's command: compare-and-set on the stage as read, re-read and retried if a step of the
        service changed it meanwhile; ``then(iv)`` runs in the same transaction (e.g. plans a draft)."""
        for _ in range(tries):
            current = self.state.interview(iv.id)
            with self.state.transaction():
                if self.state.update(current.id, now, expect=current.stage, **fields):
                    if then is not None:
                        then(current)
                    return current
        raise StateError(f"interview #{iv.id} kept changing while trying to {what}", hint="run the command again")

    def next_wakeup(self) -> datetime | None:
        """The earliest moment an action becomes due (the service's one date timer)."""
        times = [n.at for iv in self.state.interviews(stages=flow.TIMED) if (n := flow.next_action(iv, self.schedule, self.zone)).at]
        return min(times) if times else None

    def status(self) -> list[dict]:
        """The pipeline, per interview, in the public JSON shape of `status --json`."""
        from daemon.core.timeutil import iso

        rows = []
        for iv in self.state.interviews():
            n = flow.next_action(iv, self.schedule, self.zone)
            row = {
                "id": iv.id,
                "uid": iv.uid,
                "title": iv.title,
                "company": iv.company,
                "kind": iv.kind,
                "start": iso(iv.start.astimezone(self.zone)),
                "end": iso(iv.end.astimezone(self.zone)),
                "stage": iv.stage,
                "next_action": n.action or None,
                "next_action_at": iso(n.at.astimezone(self.zone)) if n.at else None,
                "interviewers": iv.interviewers,
                "drafts": [
                    {"kind": r["purpose"], "to": r["recipient"], "subject": r["subject"], "ref": r["ref"], "state": r["state"]}
                    for r in self.state.drafts(iv.id)
                ],
                "primary_contact": iv.primary,
                "decision_at": iso(iv.decision_at.astimezone(self.zone)) if iv.decision_at else None,
                "outcome": iv.outcome or None,
            }
            url = self.debrief_url(iv) if iv.stage in ("awaiting_debrief", "unconfirmed") else ""
            if url:
                row["debrief_url"] = url
            if iv.stage == "unconfirmed":
                row["unsure"] = iv.unsure_reason  # why the user is asked whether it was an interview
            if iv.stage in flow.FINAL and iv.closed_reason:
                row["closed_reason"] = iv.closed_reason  # "reply from kim@…": `wait` brings the follow-up back
            rows.append(row)
        return rows

    def _fmt(self, moment: datetime | None) -> str:
        return moment.astimezone(self.zone).strftime("%a %Y-%m-%d %H:%M") if moment else "?"


def _person(p: dict) -> SimpleNamespace:
    return SimpleNamespace(**{k: p.get(k, "") for k in ("name", "email", "title", "focus", "honorific", "personal")})


def safe(fn):
    """Run one scheduled step; a user-facing error is logged, never fatal to the service."""

    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except FollowthroughError as exc:
            log.error("%s", exc.render())
        except Exception:  # the service must keep running; the traceback goes to the log
            log.exception("unexpected error in %s", getattr(fn, "__name__", fn))

    return wrapper
