"""The second-opinion plug point ([detection] model): the shipped classifier and a user's own command."""

from __future__ import annotations

import json
import stat
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from daemon.service import classifier
from daemon.service.config import validate
from daemon.detection import THRESHOLD, Identity, Rules, detect
from daemon.core.errors import ConfigError
from daemon.service.judge import BuiltinJudge, CommandJudge, Opinion, from_config
from daemon.core.model import Event, Person

ME = Identity.of(["robin.vega@example.org"], "Robin Vega")
ROBIN = Person("robin.vega@example.org", "Robin Vega", partstat="ACCEPTED")
DANA = Person("dana.ruiz@quarry.example", "Dana Ruiz", partstat="ACCEPTED")
T = datetime(2026, 9, 2, 14, 0, tzinfo=timezone.utc)


def ev(title, description="", organizer=DANA, attendees=(DANA, ROBIN), uid="u1", **kw):
    return Event("t", uid, title, T, T + timedelta(minutes=45), description=description, organizer=organizer,
                 attendees=list(attendees), **kw)


# "Call" with a hiring hint in the description scores inside the bands, but below the threshold.
UNSURE = ev("Call", "Thanks for applying. Looking forward to our chat.")
# A clear interview and a clear non-interview, outside every band.
SURE = ev("Interview - Backend Engineer role", "Your interview with the hiring manager. Thanks for your interest in the position.")
NO = ev("Mock interview practice", "Practice with your career coach.")


class Fixed:
    """A judge with a fixed answer that counts how often it is asked (the plumbing, not a model)."""

    name = "fixed"
    band = (-1.0, 4.5)
    fingerprint = "fixed"

    def __init__(self, answer):
        self.answer, self.asked = answer, 0

    def judge(self, event, me, verdict):
        self.asked += 1
        return self.answer


def test_the_scores_of_the_examples_are_where_the_tests_need_them():
    assert -1.0 <= detect(UNSURE, ME).score < THRESHOLD
    assert detect(SURE, ME).score >= 4.5 and detect(NO, ME).score < -1.0


def test_a_second_opinion_decides_inside_its_band_and_says_so():
    yes = Fixed(Opinion(True, 0.8, "", "it reads like a recruiter call"))
    d = detect(UNSURE, ME, Rules(judge=yes))
    assert d.is_interview and d.confidence == 0.8 and yes.asked == 1
    assert [p.email for p in d.interviewers] == ["dana.ruiz@quarry.example"]
    assert any(r.startswith("judge.interview: second opinion: an interview (it reads like a recruiter call)") for r in d.reasons)
    assert d.kind and any(r.startswith(f"kind {d.kind}:") for r in d.reasons)
    assert not detect(UNSURE, ME).is_interview  # and without it, the rules alone say no


def test_outside_its_band_the_rules_stand_and_it_is_not_asked():
    for event, verdict in ((SURE, True), (NO, False)):
        j = Fixed(Opinion(not verdict))
        assert detect(event, ME, Rules(judge=j)).is_interview is verdict and j.asked == 0


def test_cancelled_declined_and_the_users_own_rules_come_first():
    j = Fixed(Opinion(True))
    declined = Person("robin.vega@example.org", "Robin Vega", partstat="DECLINED")
    assert not detect(ev("Call", "Thanks for applying.", attendees=(DANA, declined)), ME, Rules(judge=j)).is_interview
    assert not detect(ev("Call", "Thanks for applying.", status="CANCELLED"), ME, Rules(judge=j)).is_interview
    marked = Rules(marks={"u1": False}, judge=j)
    assert not detect(UNSURE, ME, marked).is_interview
    assert j.asked == 0


def test_a_no_makes_a_rules_interview_unsure_never_not_and_a_kind_fills_in_other():
    event = ev("Chat with Dana", "Thanks for applying to the analyst role.")
    alone = detect(event, ME)
    assert alone.is_interview and alone.kind == "other" and -1.0 <= alone.score < 4.5
    d = detect(event, ME, Rules(judge=Fixed(Opinion(False, 0.1, why="a sales call"))))
    assert not d.is_interview and any(r.startswith("judge.doubts: second opinion: not an interview (a sales call)") for r in d.reasons)
    assert d.ask and d.decision == "unsure" and d.unsure.startswith("judge.doubts")
    d = detect(event, ME, Rules(judge=Fixed(Opinion(True, kind="informational"))))
    assert d.kind == "informational" and "kind informational: the second opinion says so" in d.reasons


def test_the_fingerprint_follows_the_judge():
    prints = {Rules(judge=j).fingerprint() for j in (None, Fixed(Opinion(True)), CommandJudge(["a"]), CommandJudge(["b"]),
                                                     CommandJudge(["a", "--fast"]))}
    assert len(prints) == 5


# --- the shipped classifier


def test_the_classifier_hides_the_user_addresses_links_and_numbers():
    e = ev("Robin / Dana - call 3pm", "Robin, join https://zoom.us/j/123 or write to dana.ruiz@quarry.example")
    f = classifier.features(e, ME)
    words = {k for k in f if k.startswith(("t:", "d:"))}
    assert "t:<me>" in words and "d:<url>" in words and "d:<email>" in words
    assert not any(w in k for k in f for w in ("robin", "vega", "zoom", "quarry", "123"))


def test_the_classifier_learns_and_its_weight_file_round_trips(tmp_path):
    pos = [ev(f"Call with {n}", "Thanks for applying to the analyst role; we would love to learn about your experience.")
           for n in ("Ana", "Bo", "Cy")]
    neg = [ev(f"Call with {n}", "Quarterly pipeline review with the sales team.") for n in ("Ana", "Bo", "Cy")]
    examples = [(classifier.features(e, ME), True) for e in pos] + [(classifier.features(e, ME), False) for e in neg]
    heads = {"interview": classifier.train(examples), "informational": {}}
    path = tmp_path / "w.json.gz"
    classifier.save(heads, path, {"events": 6})
    again = tmp_path / "again.json.gz"
    classifier.save({"interview": classifier.train(examples), "informational": {}}, again, {"events": 6})
    assert path.read_bytes() == again.read_bytes()  # deterministic
    model = classifier.Classifier.load(path)
    assert model.trained_on == {"events": 6} and model.digest
    fresh = ev("Call", "Thanks for applying to the analyst role: tell us about your experience.")
    other = ev("Call", "Pipeline review with the sales team.")
    assert model.probability(fresh, ME) > 0.5 > model.probability(other, ME)
    d = detect(fresh, ME, Rules(judge=BuiltinJudge(model)))
    assert any("the local classifier gives it" in r for r in d.reasons)


def test_a_weight_file_of_another_version_is_refused(tmp_path):
    path = tmp_path / "w.json.gz"
    classifier.save({"interview": {}}, path, {})
    import gzip

    doc = json.loads(gzip.decompress(path.read_bytes()))
    doc["version"] = classifier.VERSION + 1
    path.write_bytes(gzip.compress(json.dumps(doc).encode()))
    with pytest.raises(ValueError, match="another version"):
        classifier.Classifier.load(path)


def test_the_shipped_classifier_loads_and_leaves_out_the_blind_splits():
    model = classifier.shipped()
    assert model.trained_on["events"] >= 600
    assert not {"holdout3"} & set(model.trained_on["splits"])
    judge = from_config(SimpleNamespace(model="builtin"))
    assert isinstance(judge, BuiltinJudge) and judge.fingerprint.startswith("builtin:")


def test_the_shipped_weights_match_the_corpus():
    """Retraining on the labelled corpus gives the shipped file byte for byte (else: bench/train_classifier.py)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "train_classifier.py"
    spec = importlib.util.spec_from_file_location("train_classifier", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0


# --- a command of the user's


def script(tmp_path, body: str):
    """An executable Python script that reads the request and logs each call to calls.log."""
    path = tmp_path / "judge.py"
    path.write_text(f"#!{sys.executable}\nimport json, sys, time\nreq = json.load(sys.stdin)\n"
                    f"open({str(tmp_path / 'calls.log')!r}, 'a').write(req['title'] + '\\n')\n" + textwrap.dedent(body))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def calls(tmp_path):
    log = tmp_path / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def test_a_command_sees_the_event_and_the_rules_and_decides(tmp_path):
    prog = script(tmp_path, """
        assert req["me"] == ["robin.vega@example.org"] and req["rules"]["interview"] is False
        assert req["organizer"]["email"] == "dana.ruiz@quarry.example" and req["attendees"][1]["partstat"] == "ACCEPTED"
        print(json.dumps({"interview": True, "kind": "screen", "confidence": 0.7, "why": "a recruiter call"}))
    """)
    judge = CommandJudge([str(prog)])
    d = detect(UNSURE, ME, Rules(judge=judge))
    assert d.is_interview and d.kind == "screen" and d.confidence == 0.7
    assert "judge.interview: second opinion: an interview (a recruiter call)" in d.reasons
    detect(UNSURE, ME, Rules(judge=judge))  # the same event again (a rescan, a recurrence): asked once
    assert calls(tmp_path) == ["Call"]


@pytest.mark.parametrize("body, said", [
    ("print('not json')", "did not answer with JSON"),
    ("print(json.dumps({'kind': 'screen'}))", 'answered without "interview"'),
    ("sys.stderr.write('model not loaded\\n'); sys.exit(3)", "failed with exit status 3: model not loaded"),
    ("time.sleep(5)", "gave no answer within 1 s"),
])
def test_a_command_that_fails_leaves_the_rules_verdict_and_says_why(tmp_path, body, said):
    judge = CommandJudge([str(script(tmp_path, body))], timeout=1)
    d = detect(UNSURE, ME, Rules(judge=judge))
    assert not d.is_interview
    assert any(said in r and r.endswith("; the rules decide") for r in d.reasons), d.reasons


def _dead(pid: int) -> bool:
    import os
    import time

    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_command_whose_helper_hangs_is_cut_off_with_it(tmp_path):
    prog = script(tmp_path, f"""
        import subprocess
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])  # inherits the pipes
        open({str(tmp_path / 'helper.pid')!r}, "w").write(str(child.pid))
        time.sleep(30)
    """)
    import time

    started = time.monotonic()
    d = detect(UNSURE, ME, Rules(judge=CommandJudge([str(prog)], timeout=1)))
    assert time.monotonic() - started < 10
    assert any("gave no answer within 1 s" in r for r in d.reasons)
    assert _dead(int((tmp_path / "helper.pid").read_text()))


def test_an_answer_is_taken_even_when_the_command_leaves_a_helper_running(tmp_path):
    prog = script(tmp_path, """
        import subprocess
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(20)"])  # a model server, say
        print(json.dumps({"interview": True}))
    """)
    import time

    started = time.monotonic()
    d = detect(UNSURE, ME, Rules(judge=CommandJudge([str(prog)], timeout=5)))
    assert d.is_interview and time.monotonic() - started < 5


@pytest.mark.parametrize("body, said", [
    ("sys.stdout.write('x' * 10_000_000)", "printed more than 64 KiB"),
    ("print('[' * 30000 + ']' * 30000)", "did not answer with JSON"),
])
def test_too_much_or_too_deep_output_is_refused(tmp_path, body, said):
    d = detect(UNSURE, ME, Rules(judge=CommandJudge([str(script(tmp_path, body))])))
    assert not d.is_interview and any(said in r for r in d.reasons), d.reasons


def test_a_failing_command_rests_and_a_slow_one_keeps_to_its_budget(tmp_path):
    now = [0.0]
    judge = CommandJudge([str(tmp_path / "nope")], clock=lambda: now[0])
    for _ in range(2):
        detect(UNSURE, ME, Rules(judge=judge))
    d = detect(UNSURE, ME, Rules(judge=judge))
    assert any("failed twice in a row and rests" in r for r in d.reasons)
    now[0] += CommandJudge.WINDOW + 1  # rested: asked again
    assert any("was not found" in r for r in detect(UNSURE, ME, Rules(judge=judge)).reasons)

    slow = CommandJudge([str(script(tmp_path, "print(json.dumps({'interview': False}))"))], clock=lambda: now[0])
    slow._spent = CommandJudge.BUDGET
    d = detect(UNSURE, ME, Rules(judge=slow))
    assert any("used its 40 s for now" in r for r in d.reasons) and calls(tmp_path) == []


def test_the_occurrences_of_a_recurring_event_ask_once(tmp_path):
    from dataclasses import replace

    prog = script(tmp_path, "print(json.dumps({'interview': True}))")
    judge = CommandJudge([str(prog)])
    for week in range(4):
        detect(replace(UNSURE, start=T + timedelta(weeks=week), end=T + timedelta(weeks=week, minutes=45),
                       recurrence_id=str(week)), ME, Rules(judge=judge))
    assert calls(tmp_path) == ["Call"]


def test_a_command_answering_in_another_encoding_is_reported_not_raised(tmp_path):
    prog = script(tmp_path, "sys.stdout.buffer.write(b'\\xff\\xfe not json')")
    d = detect(UNSURE, ME, Rules(judge=CommandJudge([str(prog)])))
    assert not d.is_interview and any("did not answer with JSON" in r for r in d.reasons)


def test_a_missing_command_is_named(tmp_path):
    d = detect(UNSURE, ME, Rules(judge=CommandJudge([str(tmp_path / "nope")])))
    assert not d.is_interview and any("nope" in r and "was not found" in r for r in d.reasons)


def test_odd_kinds_and_confidences_from_a_command_are_ignored(tmp_path):
    prog = script(tmp_path, "print(json.dumps({'interview': True, 'kind': 'vibes', 'confidence': 7}))")
    d = detect(UNSURE, ME, Rules(judge=CommandJudge([str(prog)])))
    assert d.is_interview and d.kind != "vibes" and d.confidence == 0.5


# --- configuration


def test_the_configuration_names_a_missing_command_and_an_unknown_model():
    with pytest.raises(ConfigError) as err:
        validate({"detection": {"model": "command"}})
    assert any("model_command" in p for p in err.value.problems)
    with pytest.raises(ConfigError) as err:
        validate({"detection": {"model": "gpt"}})
    assert any("[detection].model" in p and "builtin" in p for p in err.value.problems)
    cfg = validate({"detection": {"model": "command", "model_command": ["/usr/local/bin/judge", "--fast"]}})
    judge = from_config(cfg.detection)
    assert isinstance(judge, CommandJudge) and judge.argv == ["/usr/local/bin/judge", "--fast"]
    assert from_config(validate({}).detection) is None  # off by default


def test_the_service_takes_an_interview_on_the_commands_word_and_rejudges_when_it_changes(tmp_path):
    from connectors.base import MemoryCalendar
    from connectors.memory_mail import MemoryMailbox
    from connectors.notify import LogNotifier
    from daemon.service.runner import Service
    from daemon.service.state import open_state

    prog = script(tmp_path, "print(json.dumps({'interview': True, 'kind': 'screen', 'why': 'a recruiter call'}))")
    cfg = validate({"identity": {"emails": ["robin.vega@example.org"], "name": "Robin Vega"},
                    "detection": {"model": "command", "model_command": [str(prog)]}})
    cal = MemoryCalendar("t", [UNSURE])

    def service(detection):
        return Service(state=open_state(tmp_path / "s.sqlite"), calendars=[cal], mailbox=MemoryMailbox(),
                       notifier=LogNotifier(), identity=cfg.identity, schedule=cfg.schedule, zone=timezone.utc,
                       detection=detection)

    svc = service(cfg.detection)
    svc.tick(T - timedelta(days=1))
    iv = svc.state.interview("u1")
    assert iv.kind == "screen" and iv.stage != "cancelled" and calls(tmp_path) == ["Call"]
    svc.tick(T - timedelta(hours=20))  # nothing changed: the calendar is not judged again
    assert calls(tmp_path) == ["Call"]
    svc.state.close()
    off = validate({"identity": {"emails": ["robin.vega@example.org"]}}).detection
    svc = service(off)  # the second opinion turned off: the same calendar is judged afresh, by the rules alone
    svc.tick(T - timedelta(hours=19))
    assert svc.state.interview("u1").stage == "unconfirmed"  # the rules are unsure: a question, not a prompt


def test_an_informational_interview_the_rules_found_is_not_overturned():
    coffee = ev("Coffee chat with Dana", "I'd love to hear how you moved into product.", organizer=ROBIN)
    alone = detect(coffee, ME)
    assert alone.is_interview and alone.kind == "informational" and alone.score < 4.5
    no = Fixed(Opinion(False))
    assert detect(coffee, ME, Rules(judge=no)).is_interview and no.asked == 0


def test_a_command_that_breaks_for_a_while_cancels_nothing(tmp_path):
    from connectors.base import MemoryCalendar
    from connectors.memory_mail import MemoryMailbox
    from connectors.notify import LogNotifier
    from daemon.service.runner import Service
    from daemon.service.state import open_state

    prog = script(tmp_path, "print(json.dumps({'interview': True}))")
    cfg = validate({"identity": {"emails": ["robin.vega@example.org"]},
                    "detection": {"model": "command", "model_command": [str(prog), "--v1"]}})
    cal = MemoryCalendar("t", [UNSURE])
    svc = Service(state=open_state(tmp_path / "s.sqlite"), calendars=[cal], mailbox=MemoryMailbox(),
                  notifier=LogNotifier(), identity=cfg.identity, schedule=cfg.schedule, zone=timezone.utc,
                  detection=cfg.detection)
    svc.tick(T - timedelta(days=2))
    assert svc.state.interview("u1").stage == "scheduled"
    prog.write_text(f"#!{sys.executable}\nimport sys\nsys.exit(1)\n")  # the model server is down
    svc.detection.model_command = [str(prog), "--v2"]  # (a new command: nothing remembered)
    cal.put(ev("Dentist", uid="other", organizer=None, attendees=()))  # and the calendar changes
    svc.tick(T - timedelta(days=1))
    assert svc.state.interview("u1").stage == "scheduled"  # kept as it was, not cancelled
    assert svc.state.calendar_token("t") is None  # read afresh next time


def test_doctor_checks_the_second_opinion(run_cli, tmp_path):
    def doctor(detection: str):
        cfg = tmp_path / "c.toml"
        cfg.write_text(f'[identity]\nemails = ["robin.vega@example.org"]\n[detection]\n{detection}\n')
        return run_cli("--config", str(cfg), "doctor")

    assert "detection: the rules alone" in doctor('model = "off"').stdout
    assert "built-in classifier as a second opinion (trained on" in doctor('model = "builtin"').stdout
    good = script(tmp_path, "print(json.dumps({'interview': True}))")
    out = doctor(f'model = "command"\nmodel_command = ["{good}"]').stdout
    assert "[ok  ] detection: the model command" in out and "answers (a sample recruiter call: an interview)" in out
    out = doctor(f'model = "command"\nmodel_command = ["{tmp_path / "missing"}"]').stdout
    assert "[FAIL] detection: the model command" in out and "was not found" in out


def test_the_builtin_judge_loads_its_weights_on_first_use_and_the_service_lets_them_go():
    from daemon.service.serve import release_memory

    classifier.release()
    judge = BuiltinJudge()
    assert classifier.shipped.cache_info().currsize == 0  # a sync of an unchanged calendar needs no weights
    assert judge.fingerprint == "builtin:" + classifier.shipped().digest
    classifier.release()
    assert judge.trained_on["events"] >= 600 and classifier.shipped.cache_info().currsize == 1
    release_memory()
    assert classifier.shipped.cache_info().currsize == 0


def test_weights_that_cannot_be_read_leave_the_decision_to_the_rules(tmp_path, monkeypatch):
    classifier.release()
    judge = BuiltinJudge()
    import daemon.service.resources

    monkeypatch.setattr(daemon.service.resources, "data", lambda name: tmp_path / "missing.json.gz")
    fresh = ev("Call", "Thanks for applying to the analyst role: tell us about your experience.")
    answer = judge.judge(fresh, ME, None)
    assert isinstance(answer, str) and "cannot be read" in answer
    classifier.release()
