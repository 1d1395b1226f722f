"""Notifiers: the log twin, and Apprise delivering to a real local HTTP endpoint (json://)."""

from __future__ import annotations

import http.server
import json
import logging
import threading

from connectors.notify import AppriseNotifier, LogNotifier, from_config


def test_log_notifier_logs_and_remembers(caplog):
    n = LogNotifier()
    with caplog.at_level(logging.INFO, logger="followthrough.notify"):
        assert n.notify("How did it go? Interview with Acme", "Answer with: followthrough debrief 1")
    assert n.sent == [("How did it go? Interview with Acme", "Answer with: followthrough debrief 1")]
    assert "How did it go?" in caplog.text


def test_no_urls_means_log_only():
    assert isinstance(from_config([]), LogNotifier)
    assert isinstance(from_config(["json://localhost"]), AppriseNotifier)


def test_apprise_delivers_to_a_local_endpoint():
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        n = AppriseNotifier([f"json://127.0.0.1:{server.server_address[1]}/prompt"])
        assert n.notify("How did it go? Interview with Acme", "Answer with: followthrough debrief 1") is True
    finally:
        server.shutdown()
    [payload] = received
    assert payload["title"] == "How did it go? Interview with Acme"
    assert "followthrough debrief 1" in payload["message"]


def test_an_unreachable_endpoint_is_logged_not_raised(caplog):
    n = AppriseNotifier(["json://127.0.0.1:9/prompt"])
    assert n.notify("t", "b") is False


def test_the_web_secret_never_reaches_the_log(caplog):
    from daemon.web import redact

    body = "Answer with: followthrough debrief 1\nOr open: http://127.0.0.1:8765/debrief/1?key=SECRETSECRETSECRET"
    with caplog.at_level(logging.INFO, logger="followthrough.notify"):
        LogNotifier().notify("How did it go?", body)
    assert "SECRETSECRETSECRET" not in caplog.text and "debrief/1?key=…" in caplog.text
    assert redact(body).endswith("?key=…") and "SECRET" not in redact("a?key=SECRET&b=1 c")


def test_apprise_is_loaded_in_a_child_process_not_in_the_service(tmp_path):
    """Apprise's plugins weigh some 40 MB that a process never gives back: the service must not hold them."""
    import subprocess
    import sys

    code = ("import sys; from connectors.notify import AppriseNotifier; "
            "ok = AppriseNotifier(['json://127.0.0.1:9/prompt', 'nosuchscheme://x']).notify('t', 'b'); "
            "print('LOADED', ok, sorted(m for m in sys.modules if m.split('.')[0] == 'apprise'))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "LOADED False []" in proc.stdout, proc.stdout + proc.stderr
    assert "cannot use the Apprise URL nosuchscheme://…" in proc.stderr  # refused URLs are named, redacted
    assert "could not deliver the prompt" in proc.stderr
