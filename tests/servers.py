"""Real servers on loopback for the tests: Dovecot (IMAP), Radicale (CalDAV), and a recording proxy.

* :class:`Dovecot` runs Debian's ``dovecot`` unprivileged (as the current user, or as ``nobody``
  when the tests run as root, since its login process refuses root) on a free 127.0.0.1 port, with
  a static passdb and SPECIAL-USE folders under other names than Drafts/Sent (plus decoy folders
  that are merely named so). Both the 2.3 and the 2.4 configuration syntax are written.
* :class:`Recorder` sits between a client and a server, keeps every command line the client sends,
  and can cut the connection right after the server answered an APPEND (the answer is lost).
* :class:`Radicale` runs Radicale in a thread with htpasswd auth.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

PASSWORD = "s3cret-imap-pass"
DRAFTS = "Entwürfe (Robin)"
SENT = "Gesendete Objekte"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dovecot_version() -> tuple[int, int] | None:
    exe = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
    if exe is None:
        return None
    out = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.split()
    try:
        major, minor = out[0].split(".")[:2]
        return int(major), int(minor)
    except (IndexError, ValueError):
        return None


def _mailboxes_and_services(port: int, tls_port: int) -> str:
    """The part of the config both Dovecot syntaxes (2.3 and 2.4) write alike: SPECIAL-USE folders, listeners."""
    return f"""\
namespace inbox {{
  inbox = yes
  separator = /
  mailbox "{DRAFTS}" {{
    special_use = \\Drafts
    auto = create
  }}
  mailbox "{SENT}" {{
    special_use = \\Sent
    auto = create
  }}
  mailbox Drafts {{
    auto = create
  }}
  mailbox Sent {{
    auto = create
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
"""


def _config_23(root: Path, user: str, group: str, uid: int, gid: int, port: int, tls_port: int) -> str:
    ssl = (f"ssl = yes\nssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem\n" if tls_port else "ssl = no\n")
    return f"""\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
listen = 127.0.0.1
protocols = imap
{ssl}disable_plaintext_auth = no
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
{_mailboxes_and_services(port, tls_port)}"""


def _config_24(root: Path, user: str, group: str, uid: int, gid: int, port: int, tls_port: int) -> str:
    """The same server in Dovecot 2.4's syntax (doc.dovecot.org, "Upgrading 2.3 to 2.4")."""
    ssl = (f"ssl = yes\nssl_server_cert_file = {root}/cert.pem\nssl_server_key_file = {root}/key.pem\n"
           if tls_port else "ssl = no\n")
    return f"""\
dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
listen = 127.0.0.1
protocols = imap
{ssl}auth_allow_cleartext = yes
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
passdb static {{
  password = {PASSWORD}
}}
userdb static {{
  fields {{
    uid = {uid}
    gid = {gid}
    home = {root}/home/%{{user}}
  }}
}}
mail_driver = maildir
mail_path = ~/Maildir
{_mailboxes_and_services(port, tls_port)}"""


class Dovecot:
    """``with Dovecot() as server:`` a fresh IMAP server; ``server.port``, user any name, password PASSWORD."""

    def __init__(self, tls: bool = False):
        self.version = dovecot_version()
        if self.version is None:
            raise RuntimeError("dovecot is not installed (apt-get install dovecot-imapd; .ci/run does it)")
        self.root = Path(tempfile.mkdtemp(prefix="ft-dovecot-"))
        self.port = free_port()
        self.tls_port = free_port() if tls else 0
        self.ca_file = self.root / "ca.pem"  # with tls: the CA that signed the server's certificate
        self.proc = None

    def __enter__(self) -> "Dovecot":
        root = self.root
        for sub in ("run", "state", "home"):
            (root / sub).mkdir()
        if os.getuid() == 0:  # imap-login refuses to run as root: run the whole server as nobody
            who = pwd.getpwnam("nobody")
            user, uid, gid = "nobody", who.pw_uid, who.pw_gid
        else:
            who = pwd.getpwuid(os.getuid())
            user, uid, gid = who.pw_name, os.getuid(), os.getgid()
        import grp

        group = grp.getgrgid(gid).gr_name
        if self.tls_port:
            import trustme

            ca = trustme.CA()
            cert = ca.issue_cert("127.0.0.1", "localhost")
            cert.private_key_pem.write_to_path(str(root / "key.pem"))
            cert.cert_chain_pems[0].write_to_path(str(root / "cert.pem"))
            for pem in cert.cert_chain_pems[1:]:
                pem.write_to_path(str(root / "cert.pem"), append=True)
            ca.cert_pem.write_to_path(str(self.ca_file))
        make = _config_24 if self.version >= (2, 4) else _config_23
        (root / "dovecot.conf").write_text(make(root, user, group, uid, gid, self.port, self.tls_port), encoding="utf-8")
        if os.getuid() == 0:
            os.chmod(root, 0o755)
            for path in [root, *root.rglob("*")]:
                os.chown(path, uid, gid)
        self.proc = subprocess.Popen(
            [shutil.which("dovecot") or "/usr/sbin/dovecot", "-F", "-c", str(root / "dovecot.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            user=uid if os.getuid() == 0 else None, group=gid if os.getuid() == 0 else None,
            extra_groups=[] if os.getuid() == 0 else None, start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.proc.stderr.read().decode()} {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(f"dovecot did not answer on port {self.port}: {self.log()}")

    def log(self) -> str:
        try:
            return (self.root / "dovecot.log").read_text(errors="replace")
        except OSError:
            return ""

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def client(self, user: str = "robin"):
        """A separate IMAP client playing the outside world (mail arriving, the user's mail client)."""
        from imapclient import IMAPClient

        c = IMAPClient("127.0.0.1", self.port, ssl=False, timeout=10)
        c.login(user, PASSWORD)
        return c


class Recorder:
    """A TCP proxy on a free 127.0.0.1 port recording the client's command lines (``commands``).

    ``cut_after_append``: the next time the server answers an APPEND, the answer is dropped and
    both connections are closed (the server has stored the message; the client never hears so).
    """

    def __init__(self, port: int):
        self.upstream = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.commands: list[str] = []
        self.connections = 0
        self.cut_after_append = False
        self.cuts = 0
        self.lock = threading.Lock()
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def verbs(self, since: int = 0) -> list[str]:
        """The command verbs sent from ``commands[since]`` on ("UID FETCH" counts as FETCH), in order."""
        out = []
        for line in self.commands[since:]:
            parts = line.split()
            if len(parts) < 2 or not parts[0].isalnum():
                continue  # literal data or a continuation
            verb = parts[1].upper()
            if verb == "UID" and len(parts) > 2:
                verb = parts[2].upper()
            out.append(verb)
        return out

    def close(self) -> None:
        """Stop listening: the server is gone for the client (shutdown wakes the blocked accept)."""
        self._stop = True
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream))
            with self.lock:
                self.connections += 1
            state = {"append": False, "literal": 0}
            threading.Thread(target=self._up, args=(client, server, state), daemon=True).start()
            threading.Thread(target=self._down, args=(server, client, state), daemon=True).start()

    def _up(self, client: socket.socket, server: socket.socket, state: dict) -> None:
        buf = b""
        try:
            while data := client.recv(65536):
                buf += data  # recorded before it is forwarded: the answer cannot overtake the record
                while True:
                    if state["literal"]:
                        take = min(state["literal"], len(buf))
                        buf, state["literal"] = buf[take:], state["literal"] - take
                        if state["literal"]:
                            break
                    if b"\r\n" not in buf:
                        break
                    line, buf = buf.split(b"\r\n", 1)
                    text = line.decode("utf-8", "replace")
                    with self.lock:
                        self.commands.append(text)
                    parts = text.split()
                    if len(parts) > 1 and parts[1].upper() == "APPEND":
                        state["append"] = True
                    if text.endswith("}") and "{" in text:
                        size = text.rsplit("{", 1)[1].rstrip("}").rstrip("+")
                        if size.isdigit():
                            state["literal"] = int(size)
                server.sendall(data)
        except OSError:
            pass
        finally:
            _close(client, server)

    def _down(self, server: socket.socket, client: socket.socket, state: dict) -> None:
        try:
            while data := server.recv(65536):
                if self.cut_after_append and state["append"] and b"APPENDUID" in data.upper():
                    self.cut_after_append = False
                    self.cuts += 1
                    break
                client.sendall(data)
        except OSError:
            pass
        finally:
            _close(client, server)


def _close(*socks: socket.socket) -> None:
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass


class Radicale:
    """``with Radicale() as dav:`` Radicale (htpasswd auth, user robin) behind a request recorder.

    ``requests`` holds (method, path, user agent) of every request; ``put(calendar, uid, ics)``,
    ``delete(...)`` and ``make_calendar(...)`` play the outside world (another client, marked with
    its own user agent so tests can tell its requests apart).
    """

    USER = "robin"
    PASSWORD = "s3cret-dav-pass"
    WORLD = "test-world"

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="ft-radicale-"))
        self.requests: list[tuple[str, str, str]] = []
        self.no_sync = False  # True: answer sync-collection REPORTs 501, like a server without RFC 6578
        self.server = None

    def __enter__(self) -> "Radicale":
        import radicale
        from socketserver import ThreadingMixIn
        from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

        users = self.root / "users"
        users.write_text(f"{self.USER}:{self.PASSWORD}\n", encoding="utf-8")
        conf = radicale.config.load()
        conf.update({"storage": {"filesystem_folder": str(self.root / "collections")},
                     "auth": {"type": "htpasswd", "htpasswd_filename": str(users), "htpasswd_encryption": "plain"},
                     "logging": {"level": "warning"}}, "test", privileged=True)
        app = radicale.Application(conf)

        def recorded(environ, start_response):
            self.requests.append((environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""), environ.get("HTTP_USER_AGENT", "")))
            if self.no_sync and environ["REQUEST_METHOD"] == "REPORT":
                import io

                body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
                if b"sync-collection" in body:  # a server without RFC 6578
                    start_response("501 Not Implemented", [("Content-Type", "text/plain")])
                    return [b"sync-collection is not supported here"]
                environ["wsgi.input"] = io.BytesIO(body)
            return app(environ, start_response)

        class Quiet(WSGIRequestHandler):
            def log_message(self, *args):
                pass

        class Threading(ThreadingMixIn, WSGIServer):
            daemon_threads = True

        self.server = make_server("127.0.0.1", 0, recorded, server_class=Threading, handler_class=Quiet)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        shutil.rmtree(self.root, ignore_errors=True)

    def ours(self) -> list[tuple[str, str]]:
        """(method, path) of the requests the product sent (not the test's own)."""
        return [(m, p) for m, p, ua in self.requests if ua != self.WORLD]

    def _request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> int:
        import base64
        import urllib.error
        import urllib.request

        auth = base64.b64encode(f"{self.USER}:{self.PASSWORD}".encode()).decode()
        req = urllib.request.Request(self.url.rstrip("/") + path, data=body or None, method=method,
                                     headers={"Authorization": f"Basic {auth}", "User-Agent": self.WORLD, **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            if exc.code >= 400:
                raise AssertionError(f"{method} {path}: {exc.code} {exc.read()[:300]!r}") from None
            return exc.code

    def make_calendar(self, slug: str, name: str, components: tuple[str, ...] = ("VEVENT",)) -> str:
        """A calendar collection /robin/<slug>/ with a display name; returns its path."""
        comps = "".join(f'<C:comp name="{c}"/>' for c in components)
        body = (f'<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
                f"<D:displayname>{name}</D:displayname><C:supported-calendar-component-set>{comps}"
                "</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>").encode()
        path = f"/{self.USER}/{slug}/"
        self._request("MKCALENDAR", path, body, {"Content-Type": "application/xml"})
        return path

    def put(self, calendar: str, uid: str, ics: bytes | str) -> None:
        data = ics.encode() if isinstance(ics, str) else ics
        self._request("PUT", f"{calendar}{uid.replace('@', '_')}.ics", data, {"Content-Type": "text/calendar"})

    def delete(self, calendar: str, uid: str) -> None:
        self._request("DELETE", f"{calendar}{uid.replace('@', '_')}.ics")
