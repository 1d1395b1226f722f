"""sd_notify against a real datagram socket standing in for systemd's $NOTIFY_SOCKET."""

from __future__ import annotations

import os
import socket
import sys
import uuid

import pytest

from daemon.service import sdnotify

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs AF_UNIX sockets")


@pytest.fixture
def listener(tmp_path):
    """A bound AF_UNIX datagram socket (the fake systemd) and the env that points at it."""
    path = tmp_path / "notify.sock"
    if len(str(path)) > 100:  # sun_path is ~108 bytes
        pytest.skip("tmp_path too long for a unix socket")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(2)
    yield sock, {"NOTIFY_SOCKET": str(path)}
    sock.close()


def test_ready_watchdog_stopping_arrive_in_order(listener):
    sock, env = listener
    assert sdnotify.ready(env) is True
    assert sdnotify.watchdog(env) is True
    assert sdnotify.stopping(env) is True
    assert [sock.recv(256) for _ in range(3)] == [b"READY=1", b"WATCHDOG=1", b"STOPPING=1"]


def test_status_is_one_line(listener):
    sock, env = listener
    assert sdnotify.status("2 interviews\nwaiting  for debrief", env)
    assert sock.recv(256) == b"STATUS=2 interviews waiting for debrief"


def test_notify_sends_any_message(listener):
    sock, env = listener
    assert sdnotify.notify("RELOADING=1", env)
    assert sock.recv(256) == b"RELOADING=1"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux only")
def test_abstract_namespace():
    name = f"followthrough-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(b"\0" + name.encode())
        sock.settimeout(2)
        assert sdnotify.ready({"NOTIFY_SOCKET": "@" + name})
        assert sock.recv(256) == b"READY=1"


def test_unset_is_a_quiet_no_op():
    assert sdnotify.ready({}) is False
    assert sdnotify.watchdog({"NOTIFY_SOCKET": ""}) is False


def test_default_env_is_the_process_environment(monkeypatch, listener):
    sock, env = listener
    monkeypatch.setenv("NOTIFY_SOCKET", env["NOTIFY_SOCKET"])
    assert sdnotify.notify("READY=1")
    assert sock.recv(256) == b"READY=1"
    monkeypatch.delenv("NOTIFY_SOCKET")
    assert sdnotify.notify("READY=1") is False


@pytest.mark.parametrize(
    "value",
    ["{tmp}/missing.sock", "{tmp}", "@followthrough-nobody-listens-{uid}", "vsock:2:1234", "relative/path"],
)
def test_unreachable_socket_returns_false_without_raising(tmp_path, value, caplog):
    env = {"NOTIFY_SOCKET": value.format(tmp=tmp_path, uid=uuid.uuid4().hex)}
    with caplog.at_level("DEBUG", logger="daemon.service.sdnotify"):
        assert sdnotify.ready(env) is False
    assert "sd_notify" in caplog.text


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"WATCHDOG_USEC": "120000000"}, 60.0),
        ({"WATCHDOG_USEC": "120000000", "WATCHDOG_PID": str(os.getpid())}, 60.0),
        ({"WATCHDOG_USEC": "120000000", "WATCHDOG_PID": str(os.getpid() + 1)}, None),
        ({"WATCHDOG_USEC": "500000"}, 0.25),
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "-5"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
        ({"WATCHDOG_USEC": ""}, None),
        ({"WATCHDOG_PID": str(os.getpid())}, None),
        ({}, None),
    ],
)
def test_watchdog_interval(env, expected):
    assert sdnotify.watchdog_interval(env) == expected
