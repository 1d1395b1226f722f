"""Gmail through the real google-api-python-client against the stateful fake.

Exactly one draft per key through dropped connections, 5xx and rate limits; threaded follow-ups
when Gmail replaced the Message-ID; sent detection; replies from history; never a send call and
never a message body.
"""

from __future__ import annotations

import base64
import email
import json
import logging
from email.message import EmailMessage
from email.policy import default as POLICY

import pytest

from connectors.google.gmail import GmailMailbox
from daemon.core.errors import AuthRequired, MailboxError

from .fakes.google_fake import GoogleFake, session_for, settings_for, fake, settings  # noqa: F401 (fixtures)

DRAFTS = "/gmail/v1/users/me/drafts$"


def message(key: str, to: str = "kim@acme.example", subject: str = "Thank you", in_reply_to: str = "") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Robin Vega <robin.vega@example.org>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{key}@example.org>"
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg["X-Followthrough-Key"] = key
    msg.set_content("Dear Kim,\n\nThank you.\n")
    return msg


def reply(in_reply_to: str, sender: str = "Kim Okafor <kim@acme.example>", mid: str = "<r1@acme.example>") -> bytes:
    return (f"From: {sender}\nTo: robin.vega@example.org\nSubject: Re: Thank you\nDate: Thu, 03 Sep 2026 10:00:00 -0400\n"
            f"Message-ID: {mid}\nIn-Reply-To: {in_reply_to}\nReferences: {in_reply_to}\n\nThanks!\n").encode()


def open_mailbox(fake, settings, **kw) -> GmailMailbox:
    return GmailMailbox(session_for(fake, settings), settings.path(fake.account, ".gmail.json"), **kw)


@pytest.fixture
def box(fake, settings):
    return open_mailbox(fake, settings)


def posted(fake) -> list[dict]:
    return [json.loads(r["body"]) for r in fake.requests("POST", DRAFTS)]


def test_a_draft_is_the_raw_message_without_our_headers(fake, box):
    ref = box.create_draft(message("k1"), "k1")
    [body] = posted(fake)
    assert set(body["message"]) == {"raw"}  # a thank-you starts its own thread
    raw = base64.urlsafe_b64decode(body["message"]["raw"])
    sent = email.message_from_bytes(raw, policy=POLICY)
    assert "X-Followthrough-Key" not in sent and sent["Message-ID"] == "<k1@example.org>"
    assert ref in fake.drafts


def test_a_dropped_answer_after_the_draft_was_made_gives_one_draft(fake, box):
    fake.fault("POST", DRAFTS, drop=True)
    ref = box.create_draft(message("k1"), "k1")
    assert len(fake.drafts) == 1 and ref in fake.drafts
    assert len(fake.requests("POST", DRAFTS)) == 1  # neither httplib2 nor the client sent it again
    assert box.create_draft(message("k1"), "k1") == ref and len(fake.drafts) == 1


def test_a_5xx_on_create_is_reconciled_then_retried(fake, box):
    fake.fault("POST", DRAFTS, status=503)
    box.create_draft(message("k1"), "k1")
    assert len(fake.requests("POST", DRAFTS)) == 2 and len(fake.drafts) == 1
    assert len(box.session.slept) == 1


@pytest.mark.parametrize("status,reason", [(429, "rateLimitExceeded"), (403, "userRateLimitExceeded")])
def test_rate_limits_on_create_are_retried(fake, box, status, reason):
    fake.fault("POST", DRAFTS, status=status, reason=reason, times=2)
    box.create_draft(message("k1"), "k1")
    assert len(fake.drafts) == 1 and len(box.session.slept) == 2


def test_create_retries_are_bounded_and_the_next_poll_tries_again(fake, box):
    fake.fault("POST", DRAFTS, status=502, times=3)
    with pytest.raises(MailboxError, match="no answer after 3 attempts"):
        box.create_draft(message("k1"), "k1")
    assert fake.drafts == {}
    box.create_draft(message("k1"), "k1")
    assert len(fake.drafts) == 1


def test_a_draft_made_but_not_recorded_is_found_by_its_key(fake, settings, box):
    ref = box.create_draft(message("k1"), "k1")
    box.create_draft(message("k2"), "k2")
    settings.path(fake.account, ".gmail.json").unlink()  # killed before the index was written
    fresh = open_mailbox(fake, settings)
    fake.clear_log()
    assert fresh.create_draft(message("k1"), "k1") == ref and len(fake.drafts) == 2
    assert len(fake.requests("GET", "/drafts/")) == 2 and fake.requests("POST") == []
    fake.clear_log()
    assert fresh.find_draft("k3") is None
    assert len(fake.log) == 1  # drafts already read are not read again


def test_an_edited_sent_or_deleted_draft_is_never_written_again(fake, box):
    ref = box.create_draft(message("k1"), "k1")
    fake.user_sends(ref, keep_key=False, new_message_id=True)
    assert box.create_draft(message("k1"), "k1") == ref and fake.drafts == {}
    other = box.create_draft(message("k2"), "k2")
    del fake.drafts[other]  # the user deleted it
    assert box.find_draft("k2") is None
    assert box.create_draft(message("k2"), "k2") == other and fake.drafts == {}


def test_sent_is_seen_when_gmail_replaced_the_message_id(fake, box):
    ref = box.create_draft(message("k1"), "k1")
    box.create_draft(message("k2", to="priya@acme.example"), "k2")
    mids = {"<k1@example.org>", "<k2@example.org>"}
    fake.clear_log()
    assert box.sent(mids) == set()
    assert [r["path"] for r in fake.log] == ["/gmail/v1/users/me/drafts"]  # one request while drafts wait
    fake.user_sends(ref, keep_key=False, new_message_id=True)
    assert box.sent(mids) == {"<k1@example.org>"}
    fake.clear_log()
    assert box.sent({"<k1@example.org>"}) == {"<k1@example.org>"} and fake.log == []


def test_a_deleted_draft_is_not_taken_for_sent(fake, box):
    ref = box.create_draft(message("k1"), "k1")
    del fake.drafts[ref]
    assert box.sent({"<k1@example.org>"}) == set()


def test_a_follow_up_goes_into_the_thread_quoting_the_message_id_gmail_kept(fake, box):
    ref = box.create_draft(message("k1"), "k1")
    thread = fake.draft_of(ref)["threadId"]
    gmail_sent = fake.user_sends(ref, new_message_id=True)
    assert box.sent({"<k1@example.org>"}) == {"<k1@example.org>"}
    box.create_draft(message("f1", subject="Re: Thank you", in_reply_to="<k1@example.org>"), "f1")
    body = posted(fake)[-1]["message"]
    follow = email.message_from_bytes(base64.urlsafe_b64decode(body["raw"]), policy=POLICY)
    assert body["threadId"] == thread == gmail_sent["threadId"]
    assert follow["In-Reply-To"] == gmail_sent["mid"] != "<k1@example.org>"
    assert gmail_sent["mid"] in follow["References"]


def test_replies_come_from_history_one_request_when_quiet(fake, box):
    found, token = box.replies(None)
    assert found == [] and token
    fake.deliver(reply("<k1@example.org>"))
    fake.clear_log()
    found, token = box.replies(token)
    assert [h.message_id for h in found] == ["<r1@acme.example>"] and found[0].from_addr == "kim@acme.example"
    assert [r["path"].split("/me/")[1].split("/")[0] for r in fake.log] == ["history", "messages"]
    fake.clear_log()
    assert box.replies(token) == ([], token) and len(fake.log) == 1


def test_expired_history_reads_the_recent_inbox_again(fake, box):
    _, token = box.replies(None)
    fake.deliver(reply("<k1@example.org>"))
    fake.expire_history()
    found, new = box.replies(token)
    assert [h.message_id for h in found] == ["<r1@acme.example>"] and int(new) > int(token)


def test_a_reply_quoting_gmails_message_id_is_linked_to_ours(fake, box):
    ref = box.create_draft(message("k1"), "k1")
    gmail_sent = fake.user_sends(ref, new_message_id=True)
    box.sent({"<k1@example.org>"})
    _, token = box.replies(None)
    fake.deliver(reply(gmail_sent["mid"]))
    [h], _ = box.replies(token)
    assert h.answers({"<k1@example.org>"})


def test_never_sends_and_never_reads_a_body(fake, box):
    ref = box.create_draft(message("k1"), "k1")
    fake.user_sends(ref)
    box.sent({"<k1@example.org>"})
    _, token = box.replies(None)
    fake.deliver(reply("<k1@example.org>"))
    box.replies(token)
    box.create_draft(message("f1", in_reply_to="<k1@example.org>"), "f1")
    assert not [r for r in fake.log if r["path"].endswith("/send")]
    reads = [r for r in fake.log if any(p in r["path"] for p in ("/messages/", "/threads/", "/drafts/"))]
    assert reads and all(r["query"].get("format") in ("metadata", "minimal") for r in reads)
    assert all(r["status"] < 400 for r in fake.log)


def test_a_revoked_token_keeps_pending_work_and_asks_for_sign_in(fake, settings, box, caplog):
    box.create_draft(message("k1"), "k1")
    fake.revoke_all()
    caplog.set_level(logging.ERROR)
    with pytest.raises(MailboxError) as info:
        box.create_draft(message("k2"), "k2")
    assert isinstance(info.value, AuthRequired) and "auth google --account robin.vega@example.org" in info.value.render()
    with pytest.raises(AuthRequired):
        box.replies(None)
    assert len([r for r in caplog.records if "must be signed in again" in r.getMessage()]) == 1
    fake.token_file(settings.path(fake.account))  # signed in again
    assert box.create_draft(message("k2"), "k2") and len(fake.drafts) == 2


def test_network_down_is_a_mailbox_error(fake, box):
    box.replies(None)
    fake.stop()
    with pytest.raises(MailboxError, match="cannot reach Google"):
        box.create_draft(message("k1"), "k1")
    with pytest.raises(MailboxError, match="cannot reach Google"):
        box.replies("1")


def test_a_slow_create_that_times_out_but_is_carried_out_gives_one_draft(fake, settings):
    import time

    box = GmailMailbox(session_for(fake, settings, timeout=0.3), settings.path(fake.account, ".gmail.json"))
    box.session.sleep, box.session.rand = time.sleep, (lambda: 0.0)  # a real 1 s backoff: the fake finishes meanwhile
    fake.fault("POST", DRAFTS, delay=0.6)
    ref = box.create_draft(message("k1"), "k1")
    assert list(fake.drafts) == [ref] and len(fake.requests("POST", DRAFTS)) == 1
