"""The web UI's pages: the debrief form (autosaved), the preview of the drafts, the dashboard,
a timeline per company and a review of what went well or badly.

Every route reaches the service through ``call(fn, changes=False)``, which runs ``fn(now)`` under
the scheduler's lock (``changes=True`` reschedules afterwards). Templates come from
``templates/web`` in an autoescaping Jinja2 environment of their own (the mail templates are
plain text and not escaped).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from daemon.core import flow, prompts
from daemon.core.debrief import PERSON_KEYS, prefill, questions_for, require_substance, validate_answers
from daemon.core.errors import FollowthroughError, NotFound, UsageError
from daemon.web.security import Guard

STATIC = Path(__file__).resolve().parent / "static"
GROUPS = (
    ("Was it an interview?", ("unconfirmed",)),
    ("Waiting for your debrief", ("awaiting_debrief",)),
    ("Thank-you drafts to send", ("drafted",)),
    ("Waiting for news", ("waiting", "followed_up")),
    ("They replied", ("replied",)),  # closed by a reply from the primary contact: `wait` can undo it
    ("Gone quiet", ("gone_quiet",)),
    ("Coming up", ("scheduled",)),
    ("Closed", ("closed", "skipped", "cancelled")),
)
OUTCOME_STAGES = ("awaiting_debrief", "drafted", "waiting", "followed_up", "gone_quiet")
DEBRIEF_STAGES = ("unconfirmed", "scheduled", "awaiting_debrief", "drafted", "waiting", "followed_up")
DRAFT_STATES = {"pending": "planned", "written": "draft", "sent": "sent"}
PURPOSES = {"thank_you": "thank-you", "informational": "thank-you", "referral": "thanks to the referrer",
            "followup1": "follow-up", "followup2": "second follow-up", "closing": "closing note"}
PERSON_FIELDS = ("name", "email", "title", "honorific", "focus", "personal")
assert set(PERSON_FIELDS) == PERSON_KEYS


def environment():
    """Autoescaping Jinja2 for HTML: every value is escaped unless a template says otherwise."""
    import jinja2

    from daemon.service.resources import template_loader

    env = jinja2.Environment(loader=template_loader("web"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = when
    env.globals.update(purposes=PURPOSES, states=DRAFT_STATES)
    return env


def when(value) -> str:
    """'Wed 2 Sep 2026, 10:00' from a datetime or an ISO string (already in the user's zone)."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}"


# -- reading the form ----------------------------------------------------------------------------


def answers_from_form(form, kind: str) -> dict:
    """The debrief answers from the form's fields (same keys as the TOML file); blank people dropped."""
    answers: dict = {"formal": form.get("formal", "1") != "0"}
    for q in questions_for(kind):
        answers[q.key] = form.get(q.key, "")
    rows: dict[int, dict] = {}
    for name, value in form.multi_items():
        head, _, field = name.rpartition("-")
        prefix, _, index = head.partition("-")
        if prefix == "met" and index.isdigit() and field in PERSON_FIELDS:
            rows.setdefault(int(index), {})[field] = value
    answers["met"] = [{k: p.get(k, "") for k in PERSON_FIELDS} for _, p in sorted(rows.items()) if any(v.strip() for v in p.values())]
    ref = {k: form.get(f"ref-{k}", "") for k in ("name", "email")}
    if any(v.strip() for v in ref.values()):
        answers["referred_by"] = ref
    return answers


def edits_from_form(form) -> dict:
    """(purpose, recipient) → (subject, body) as the user left them on the preview."""
    edits = {}
    for name in form.keys():
        if name.startswith("d-") and name.endswith("-to"):
            i = name[2:-3]
            edits[(form.get(f"d-{i}-purpose", ""), form[name].lower())] = (form.get(f"d-{i}-subject", ""), form.get(f"d-{i}-body", ""))
    return edits


def decision_reading(service, iv, text: str) -> dict:
    """The decision date as read from the user's words, or the default wait and why."""
    from daemon.core.decision import decision_or_default, parse_decision

    end = iv.end.astimezone(service.zone)
    read = parse_decision(text, end)
    chosen = read if read.at else decision_or_default(text, end, service.schedule.default_decision_business_days)
    at = chosen.at
    assert at is not None  # decision_or_default falls back to the default wait, which always has a date
    day = f"{at:%a} {at.day} {at:%b %Y}"
    label = f"→ {day}" if read.at else f"→ {day} (the default wait)"
    return {"read": read.at is not None, "date": at.date().isoformat(), "label": label, "how": chosen.how}


def sentence_reading(service, iv, field: str, text: str, answers: dict) -> dict:
    """The sentence one answer becomes in the primary contact's note, as the user types it (the live preview)."""
    from daemon.core.notes import FIELD_SLOTS, field_sentence

    if field not in FIELD_SLOTS:
        raise UsageError(f"no sentence for {field[:30]!r}", hint="one of " + ", ".join(FIELD_SLOTS))
    writer = service._writer(iv, {**answers, field: text})
    return {"field": field, "sentence": field_sentence(writer, field, text) if text.strip() else ""}


# -- what the pages show -------------------------------------------------------------------------


def _replied(state) -> dict[int, set[str]]:
    """Who answered a person (not an auto-reply), per interview; read from the replies table."""
    out: dict[int, set[str]] = {}
    for row in state.db.execute("SELECT interview_id, from_addr FROM replies WHERE automatic = 0 AND interview_id IS NOT NULL"):
        out.setdefault(row["interview_id"], set()).add(row["from_addr"].lower())
    return out


def dashboard(service, now) -> dict:
    rows, replied = service.status(), _replied(service.state)
    for r in rows:
        iv = service.state.interview(r["id"])
        r["next_label"] = flow.next_action(iv, service.schedule, service.zone).label
        for d in r["drafts"]:
            d["shown"] = "replied" if d["to"] in replied.get(r["id"], ()) else DRAFT_STATES.get(d["state"], d["state"])
    for r in rows:
        r["replied"] = r["stage"] == "closed" and (r.get("closed_reason") or "").startswith("reply from ")
    groups = [(title, [r for r in rows if ("replied" if r["replied"] else r["stage"]) in stages]) for title, stages in GROUPS]
    companies = sorted({r["company"] for r in rows if r["company"]})
    return {"groups": groups, "companies": companies, "any_rows": bool(rows), "outcome_stages": OUTCOME_STAGES, "debrief_stages": DEBRIEF_STAGES}


def form_page(service, iid: int, answers: dict | None = None) -> dict:
    iv = service.state.interview(iid)
    stored, completed = service.state.debrief(iv.id)
    if answers is None:
        answers = {**prefill(iv), **stored}
    people = [{k: p.get(k, "") for k in PERSON_FIELDS} for p in answers.get("met", [])]
    from daemon.core.notes import FIELD_SLOTS, field_sentence

    writer = service._writer(iv, answers)
    sentences = {k: field_sentence(writer, k, str(answers.get(k) or "")) if str(answers.get(k) or "").strip() else ""
                 for k in FIELD_SLOTS if k != "focus"}  # what each answer becomes in the note, beside it
    return {"iv": iv, "answers": answers, "people": people, "questions": questions_for(iv.kind, service.prompt_language()), "completed": completed,
            "sentences": sentences, "w": prompts.web_words(service.prompt_language()),
            "drafts": service.state.drafts(iv.id), "decision": decision_reading(service, iv, answers.get("decision_by", "")),
            "open": iv.stage in DEBRIEF_STAGES, "unsure": iv.unsure_reason, "start": iv.start.astimezone(service.zone)}


def _save(service, iid: int, form, now) -> dict:
    """Store the answers as typed (valid or not), keeping a primary contact chosen elsewhere."""
    iv = service.state.interview(iid)
    if iv.stage == "unconfirmed":  # typing into the debrief of an unsure event answers its question: yes
        service.answer(iv, True, now, debriefing=True)
    stored, _ = service.state.debrief(iv.id)
    answers = answers_from_form(form, iv.kind)
    if stored.get("primary"):
        answers["primary"] = stored["primary"]
    service.state.save_answers(iv.id, answers, now)
    return answers


def preview(service, iid: int, form, now) -> dict:
    """Save, validate and render the drafts without writing them; on problems, the form again."""
    answers = _save(service, iid, form, now)
    iv = service.state.interview(iid)
    try:
        valid = validate_answers(answers, f"the debrief of interview #{iid}")
        require_substance(valid, iv.kind, f"the debrief of interview #{iid}")
    except FollowthroughError as exc:
        return {"problems": exc.problems, **form_page(service, iid, answers)}
    return {"iv": iv, "drafts": service.preview(iv, valid), "decision": decision_reading(service, iv, valid.get("decision_by", "")),
            "no_address": [p.get("name") for p in valid.get("met", []) if not p.get("email")],
            "where": where(service)}


def create(service, iid: int, form, now) -> None:
    iv = service.state.interview(iid)
    stored, _ = service.state.debrief(iv.id)
    answers = validate_answers({k: v for k, v in stored.items() if k not in ("met_confirmed", "formal_asked")},
                               f"the debrief of interview #{iid}")
    service.complete_debrief(iv, answers, now, edits=edits_from_form(form))


def where(service) -> str:
    """Where drafts go: the Maildir drafts folder, else the mailbox's name."""
    folders = getattr(service.mailbox, "folders", None)
    return str(folders["drafts"]) if isinstance(folders, dict) and "drafts" in folders else service.mailbox.name


def done(service, iid: int) -> dict:
    iv = service.state.interview(iid)
    return {"iv": iv, "drafts": service.state.drafts(iv.id), "where": where(service),
            "decision_at": iv.decision_at.astimezone(service.zone) if iv.decision_at else None}


def timeline(service, company: str) -> dict:
    """Everything that happened with one company, oldest first: interviews, prompts, drafts, replies, outcomes."""
    events = []
    for iv in service.state.interviews():
        if iv.company != company:
            continue
        events.append((iv.start, "interview", f"{iv.title} ({iv.kind.replace('_', ' ')})", iv.id))
        for n in service.state.notices(iv.id):
            events.append((datetime.fromisoformat(n["at"]), n["kind"], n["text"], iv.id))
        if iv.debriefed_at:
            events.append((iv.debriefed_at, "debrief", "you debriefed", iv.id))
        for d in service.state.drafts(iv.id):
            label = f"{PURPOSES.get(d['purpose'], d['purpose'])} to {d['recipient']}"
            events.append((datetime.fromisoformat(d["created_at"]), "draft", f"{label}: “{d['subject']}”", iv.id))
            if d["sent_at"]:
                events.append((datetime.fromisoformat(d["sent_at"]), "sent", f"you sent the {label}", iv.id))
        for r in service.state.db.execute("SELECT * FROM replies WHERE interview_id = ?", (iv.id,)):
            at = datetime.fromisoformat(r["received_at"] or r["seen_at"])
            events.append((at, "reply", f"{'automatic reply' if r['automatic'] else 'reply'} from {r['from_addr']}", iv.id))
        if iv.decision_at:
            events.append((iv.decision_at, "decision", f"decision promised: {iv.decision_text or 'the default wait'}", iv.id))
        if iv.stage in ("closed", "skipped", "cancelled", "gone_quiet"):
            events.append((datetime.fromisoformat(iv.updated_at), iv.stage, iv.closed_reason or iv.stage.replace("_", " "), iv.id))
    events.sort(key=lambda e: e[0])
    return {"company": company, "events": [(at.astimezone(service.zone), *rest) for at, *rest in events]}


def review(service) -> dict:
    """Every debrief's private notes, newest interview first."""
    notes = []
    for iv in sorted(service.state.interviews(), key=lambda i: i.start, reverse=True):
        answers, _ = service.state.debrief(iv.id)
        if answers.get("went_well") or answers.get("went_badly"):
            notes.append({"iv": iv, "start": iv.start.astimezone(service.zone), "well": answers.get("went_well", ""),
                          "badly": answers.get("went_badly", "")})
    return {"notes": notes}


# -- the application -----------------------------------------------------------------------------


def create_app(service, call, *, secret: str, port: int):
    """The ASGI application: Starlette routes behind :class:`daemon.web.security.Guard`."""
    env = environment()

    def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        html = env.get_template(name).render(csrf=request.scope["followthrough.csrf"], **context)
        return HTMLResponse(html, status)

    async def run(fn, changes: bool = False):
        return await run_in_threadpool(call, fn, changes)

    def iid(request: Request) -> int:
        value = request.path_params["iid"]
        if value > 2**63 - 1:  # SQLite's integers are 64-bit: a longer number names no interview
            raise NotFound(f"no interview with id {str(value)[:12]}…", hint="the dashboard lists them")
        return value

    async def home(request: Request) -> Response:
        data = await run(lambda now: dashboard(service, now))
        return page(request, "dashboard.html", said=request.query_params.get("said", ""), **data)

    async def debrief_form(request: Request) -> Response:
        return page(request, "debrief.html", problems=[], **await run(lambda now: form_page(service, iid(request))))

    async def decision(request: Request) -> Response:
        text = request.query_params.get("text", "")
        iv = await run(lambda now: service.state.interview(iid(request)))
        # Read outside the lock: a phrase the rules miss goes to dateparser, slow on first use.
        return JSONResponse(await run_in_threadpool(decision_reading, service, iv, text))

    async def sentence(request: Request) -> Response:
        field, text = request.query_params.get("field", ""), request.query_params.get("text", "")[:2000]

        def read(now):
            iv = service.state.interview(iid(request))
            return sentence_reading(service, iv, field, text, service.state.debrief(iv.id)[0])

        return JSONResponse(await run(read))

    async def save(request: Request) -> Response:
        form = await request.form()
        await run(lambda now: _save(service, iid(request), form, now))
        return JSONResponse({"saved": True})

    async def show_preview(request: Request) -> Response:
        form = await request.form()
        data = await run(lambda now: preview(service, iid(request), form, now))
        if "problems" in data:
            return page(request, "debrief.html", 422, **data)
        return page(request, "preview.html", **data)

    async def create_drafts(request: Request) -> Response:
        form = await request.form()
        await run(lambda now: create(service, iid(request), form, now), changes=True)
        return RedirectResponse(f"/debrief/{iid(request)}/done", 303)

    async def show_done(request: Request) -> Response:
        return page(request, "done.html", **await run(lambda now: done(service, iid(request))))

    async def outcome(request: Request) -> Response:
        form = await request.form()
        said = await run(lambda now: service.record_outcome(service.state.interview(iid(request)), form.get("outcome", ""), now), changes=True)
        return RedirectResponse("/?" + urlencode({"said": said}), 303)

    async def skip(request: Request) -> Response:
        said = await run(lambda now: service.skip(service.state.interview(iid(request)), now), changes=True)
        return RedirectResponse("/?" + urlencode({"said": said}), 303)

    async def answer(request: Request) -> Response:
        """The Yes/No to "was it an interview?": yes opens its debrief, no goes back to the dashboard."""
        form = await request.form()
        choice = form.get("answer", "")
        if choice not in ("yes", "no"):
            raise UsageError(f"unknown answer {str(choice)[:20]!r}", hint="yes or no")
        said = await run(lambda now: service.answer(service.state.interview(iid(request)), choice == "yes", now), changes=True)
        if choice == "yes":
            return RedirectResponse(f"/debrief/{iid(request)}", 303)
        return RedirectResponse("/?" + urlencode({"said": said}), 303)

    async def keep_waiting(request: Request) -> Response:
        """"They'll get back to me": the follow-up comes back after a holding reply."""
        said = await run(lambda now: service.keep_waiting(service.state.interview(iid(request)), now), changes=True)
        return RedirectResponse("/?" + urlencode({"said": said}), 303)

    async def company(request: Request) -> Response:
        name = request.query_params.get("name", "")
        return page(request, "company.html", **await run(lambda now: timeline(service, name)))

    async def show_review(request: Request) -> Response:
        return page(request, "review.html", **await run(lambda now: review(service)))

    async def failed(request: Request, exc: Exception) -> Response:  # starlette's handler type; registered for FollowthroughError
        status = 404 if isinstance(exc, NotFound) else 400
        return page(request, "error.html", status, error=exc)

    routes = [
        Route("/", home),
        Route("/debrief/{iid:int}", debrief_form),
        Route("/debrief/{iid:int}/decision", decision),
        Route("/debrief/{iid:int}/sentence", sentence),
        Route("/debrief/{iid:int}/save", save, methods=["POST"]),
        Route("/debrief/{iid:int}/preview", show_preview, methods=["POST"]),
        Route("/debrief/{iid:int}/create", create_drafts, methods=["POST"]),
        Route("/debrief/{iid:int}/done", show_done),
        Route("/interview/{iid:int}/outcome", outcome, methods=["POST"]),
        Route("/interview/{iid:int}/skip", skip, methods=["POST"]),
        Route("/interview/{iid:int}/answer", answer, methods=["POST"]),
        Route("/interview/{iid:int}/wait", keep_waiting, methods=["POST"]),
        Route("/company", company),
        Route("/review", show_review),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={FollowthroughError: failed})
    return Guard(app, secret=secret, port=port, denied=env.get_template("denied.html").render().encode())
