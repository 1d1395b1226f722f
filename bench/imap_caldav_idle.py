"""Requests per idle poll for the IMAP mailbox and the CalDAV calendar, against real local servers.

Starts Dovecot (as the tests do) with an INBOX of 2,000 and then 20,000 messages, and Radicale with
a 300-event calendar, then prints what one poll with nothing new costs: IMAP commands (recorded by
a proxy between the client and Dovecot) and HTTP requests (recorded in front of Radicale), for a
fresh `run --once` process and for the running service, plus the time taken.

    .venv/bin/python bench/imap_caldav_idle.py [SIZES...]      (default: 2000 20000)
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from connectors import imap as imap_mod  # noqa: E402
from connectors.dav import CalDAVCalendar  # noqa: E402
from connectors.imap import ImapMailbox  # noqa: E402
from connectors.secret import Password  # noqa: E402
from daemon.core.errors import CalendarError, MailboxError  # noqa: E402
from tests.servers import PASSWORD, Dovecot, Radicale, Recorder  # noqa: E402

MESSAGE = (b"From: Someone <s%d@example.com>\r\nTo: robin.vega@example.org\r\nSubject: Message %d\r\n"
           b"Date: Tue, 03 Mar 2026 10:15:00 -0500\r\nMessage-ID: <m%d@example.com>\r\n\r\nHello %d\r\n")


def fill(dovecot: Dovecot, user: str, upto: int, have: int) -> None:
    world = dovecot.client(user)
    for start in range(have, upto, 1000):
        world.multiappend("INBOX", [MESSAGE % (i, i, i, i) for i in range(start, min(upto, start + 1000))])
    world.logout()


def summary(verbs: list[str]) -> str:
    return f"{len(verbs)} ({', '.join(f'{v} x{n}' if n > 1 else v for v, n in Counter(verbs).items())})"


def imap_bench(sizes: list[int]) -> None:
    with Dovecot() as dovecot:
        recorder = Recorder(dovecot.port)
        user, have = "bench", 0
        pw = Password(f"printf '%s\\n' '{PASSWORD}'", "127.0.0.1", user, MailboxError, "bench")

        def box() -> ImapMailbox:
            return ImapMailbox("127.0.0.1", user, pw, port=recorder.port, tls="none")

        for size in sizes:
            fill(dovecot, user, size, have)
            have = size
            service = box()
            t = time.perf_counter()
            first, token = service.replies(None)
            first_s = time.perf_counter() - t
            rows = []
            mark = len(recorder.commands)
            t = time.perf_counter()
            fresh = box()
            fresh.replies(token)
            rows.append(("IMAP, a fresh `run --once` process", recorder.verbs(mark), time.perf_counter() - t))
            service._used -= imap_mod.REUSE_SECONDS + 1  # 15 minutes later: the old connection is replaced
            mark = len(recorder.commands)
            t = time.perf_counter()
            service.replies(token)
            rows.append(("IMAP, the service 15 min later", recorder.verbs(mark), time.perf_counter() - t))
            ids = {"<draft-1.k1@followthrough.invalid>", "<draft-2.k2@followthrough.invalid>"}
            service.sent(ids)
            mark = len(recorder.commands)
            t = time.perf_counter()
            service.sent(ids)
            service.replies(token)
            rows.append(("IMAP, the service, 2 thank-yous waiting to be sent", recorder.verbs(mark), time.perf_counter() - t))
            mark = len(recorder.commands)
            t = time.perf_counter()
            box().sent(ids)
            rows.append(("IMAP, a fresh process, 2 thank-yous waiting (Sent searched)", recorder.verbs(mark), time.perf_counter() - t))
            print(f"\nINBOX of {size:,} messages (first read: {len(first)} newest headers in {first_s:.2f} s)")
            for label, verbs, secs in rows:
                print(f"  {label:<62} {summary(verbs)}  {secs * 1000:.0f} ms")
        recorder.close()


EVENT = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\nUID:e{n}@bench\r\n"
         "DTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:Meeting {n}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def caldav_bench(events: int = 300) -> None:
    zone = ZoneInfo("America/New_York")
    with Radicale() as dav:
        cal = dav.make_calendar("work", "Work")
        dav.make_calendar("home", "Home")
        base = datetime(2026, 3, 2, 14, tzinfo=timezone.utc)
        for n in range(events):
            s = base + timedelta(hours=5 * n)
            dav.put(cal, f"e{n}@bench", EVENT.format(n=n, start=s.strftime("%Y%m%dT%H%M%SZ"),
                                                      end=(s + timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ")))
        pw = Password(f"printf '%s\\n' '{dav.PASSWORD}'", "127.0.0.1", dav.USER, CalendarError, "bench")
        window = (base - timedelta(days=30), base + timedelta(days=180))
        service = CalDAVCalendar(dav.url, dav.USER, pw, zone)
        mark = len(dav.ours())
        t = time.perf_counter()
        first = service.fetch(*window)
        first_s, first_n = time.perf_counter() - t, len(dav.ours()) - mark
        rows = []
        for label, source in (("CalDAV, a fresh `run --once` process", CalDAVCalendar(dav.url, dav.USER, pw, zone)),
                              ("CalDAV, the running service", service)):
            mark = len(dav.ours())
            t = time.perf_counter()
            again = source.fetch(*window, token=first.token)
            assert not again.changed
            rows.append((label, [m for m, _ in dav.ours()[mark:]], time.perf_counter() - t))
        print(f"\nCalDAV account with 2 calendars, {events} events (first read: {first_n} requests, "
              f"{len(first.events)} events in {first_s:.2f} s; token {len(first.token) // 1024} KiB)")
        for label, verbs, secs in rows:
            print(f"  {label:<62} {summary(verbs)}  {secs * 1000:.0f} ms (no parse)")
        print("  (a fresh process is first answered 401 and sends its first request again with credentials)")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [2000, 20000]
    imap_bench(sizes)
    caldav_bench()
