"""The scheduling rules: for a stored interview and ``now``, what happens next and when.

Pure functions of (interview, settings, zone): no clock, no I/O. The service derives every timer
from these, so after a crash, a restart or a sleep, whatever became due while it was down is
simply due now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from types import SimpleNamespace

from daemon.core.businessdays import add_business_days
from daemon.core.model import Interview

#: Stages in which nothing more will happen.
FINAL = ("gone_quiet", "closed", "skipped", "cancelled")
#: Stages with a timed next action (prompt, reminder, nudge, follow-up): the only ones a timer looks at.
TIMED = ("unconfirmed", "scheduled", "awaiting_debrief", "drafted", "waiting", "followed_up")

OUT_OF_OFFICE = re.compile(
    r"(out of (the )?office|automatic reply|auto(matic)?[- ]?(reply|response)|autoreply|away from (the )?office|"
    r"on (annual |parental |sick )?leave|on vacation|on holiday|abwesenheit|absence|afwezig|fuera de la oficina|"
    r"réponse automatique|automatische antwort|currently away|respuesta automática)",
    re.I,
)


@dataclass(frozen=True)
class Next:
    """The next thing to happen to an interview. ``at`` is None when it waits on the user."""

    action: str  # prompt | remind | nudge | followup | debrief | send | ""
    at: datetime | None
    label: str


def prompt_at(iv: Interview, s: SimpleNamespace, zone: tzinfo) -> datetime:
    """When to ask for the debrief: a few minutes after the end, or the evening of an all-day event."""
    if iv.all_day:
        last_day = (iv.end.astimezone(zone) - timedelta(seconds=1)).date()
        last_day = max(last_day, iv.start.astimezone(zone).date())  # DTEND = DTSTART: not the day before
        return datetime.combine(last_day, time(s.all_day_prompt_hour), tzinfo=zone)
    return iv.end + timedelta(minutes=s.prompt_delay_minutes)


def next_morning(moment: datetime, hour: int, zone: tzinfo) -> datetime:
    """``hour`` o'clock on the day after ``moment`` (in ``zone``)."""
    day = moment.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=zone)


def first_morning_after(moment: datetime, hour: int, zone: tzinfo) -> datetime:
    """The first ``hour`` o'clock (in ``zone``) strictly after ``moment``."""
    local = moment.astimezone(zone)
    same_day = datetime.combine(local.date(), time(hour), tzinfo=zone)
    return same_day if same_day > local else next_morning(moment, hour, zone)


def reminder_at(iv: Interview, s: SimpleNamespace, zone: tzinfo) -> datetime | None:
    """One reminder a few hours after the prompt, one the next morning, then none."""
    if iv.prompted_at is None:
        return None
    first = iv.prompted_at + timedelta(hours=s.reminder_after_hours)
    if iv.reminders == 0:
        return first
    if iv.reminders == 1:
        # The first morning hour after the first reminder: a prompt at 00:30 is followed up at
        # 09:00 the same day, a prompt at 14:00 at 09:00 the next day.
        morning = first_morning_after(first, s.morning_hour, zone)
        # A first reminder that went out only when the morning one was due too (the machine was off
        # or asleep) stands for both: one catch-up reminder, not two at once.
        if iv.reminded_at is not None and iv.reminded_at >= morning:
            return None
        return morning
    return None


def question_at(iv: Interview, s: SimpleNamespace, zone: tzinfo) -> datetime | None:
    """When to ask whether an unsure event was an interview: when its prompt would have come, once
    more at ``morning_hour`` on the day after the first question (on the user's wall clock), then never."""
    if iv.asks == 0:
        return prompt_at(iv, s, zone)
    if iv.asks == 1 and iv.asked_at is not None:
        return next_morning(iv.asked_at, s.morning_hour, zone)
    return None


def followup_at(iv: Interview, s: SimpleNamespace, zone: tzinfo) -> datetime | None:
    """The decision date plus the grace, never before an out-of-office reply's return allows.

    With no usable decision date the default wait (7 business days after the interview) is the
    follow-up date itself. Business days are counted on the user's wall clock (``zone``), so a
    DST change in between does not shift the hour.
    """
    if iv.followups == 0:
        if iv.decision_at is None:
            return None
        grace = 0 if iv.decision_default else s.grace_business_days
        due = add_business_days(iv.decision_at.astimezone(zone), grace)
    elif iv.followups == 1 and iv.last_followup_at is not None:
        due = add_business_days(iv.last_followup_at.astimezone(zone), s.second_followup_business_days)
    else:
        return None
    if iv.wait_until is not None and iv.wait_until > due:
        due = iv.wait_until
    return due


def next_action(iv: Interview, s: SimpleNamespace, zone: tzinfo) -> Next:
    """What comes next for ``iv``, per its stage."""
    if iv.stage == "unconfirmed":
        at = question_at(iv, s, zone)
        if at is not None:
            return Next("ask", at, "ask whether it was an interview")
        return Next("answer", None, f"was it an interview? followthrough mark {iv.id} interview|not-interview")
    if iv.stage == "scheduled":
        return Next("prompt", prompt_at(iv, s, zone), "ask for the debrief")
    if iv.stage == "awaiting_debrief":
        at = reminder_at(iv, s, zone)
        if at is not None:
            return Next("remind", at, "remind about the debrief")
        return Next("debrief", None, f"waiting for your debrief: followthrough debrief {iv.id}")
    if iv.stage == "drafted":
        if iv.nudged_at is None and iv.debriefed_at is not None:
            return Next("nudge", iv.debriefed_at + timedelta(hours=s.nudge_after_hours), "nudge if the thank-you is still unsent")
        return Next("send", None, "waiting for you to send the thank-you drafts")
    if iv.stage in ("waiting", "followed_up") and iv.kind == "informational":
        return Next("", None, "")  # a career chat decides nothing: never a decision chase
    if iv.stage in ("waiting", "followed_up"):
        at = followup_at(iv, s, zone)
        if at is not None:
            label = "first follow-up" if iv.followups == 0 else "second follow-up"
            return Next("followup", at, f"{label} if nobody has answered")
    return Next("", None, "")


def is_automatic(auto_submitted: str, autoreply: bool, subject: str) -> bool:
    """An automatic reply (RFC 3834 Auto-Submitted, X-Autoreply, an out-of-office subject) is not an answer."""
    return bool(auto_submitted) or autoreply or bool(OUT_OF_OFFICE.search(subject or ""))
