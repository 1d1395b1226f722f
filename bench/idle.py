"""Footprint and timeliness of the long-running service, each figure beside its anchor and target.

Linux only (reads /proc). Prints figures; asserts nothing. Measured in one run, side by side:
- idle: `followthrough run` with the web UI on, on the bundled sample calendar in a temporary folder,
  sampled after it settles: resident memory (anchor: a bare idle Python), CPU-s per hour and wake-ups
  per minute (context switches of all its threads; anchor: the same bare Python);
- prompt delay: an interview ends a few seconds after the service starts (real clock, prompt delay 0):
  how long after its end the prompt is logged;
- prompt after waking: the same, but the service is stopped with SIGSTOP before the end and resumed
  with SIGCONT after it: how long after SIGCONT the prompt is logged;
- start-up: `followthrough --help` and `followthrough status` against `python -c pass` (medians), for the
  product installed from a wheel into a venv of its own (as pipx does) and for this development venv.

Usage: python bench/idle.py [SECONDS] [EVENTS] [MODEL]
SECONDS: how long to sample the idle service (default 60). EVENTS: a generated calendar of that many events
(bench/scan_large.py's) instead of the sample one. MODEL ("builtin") turns on [detection] model.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from daemon.cli.demo import DEMO_CONFIG, sample_calendar

TARGETS = {"rss": 60.0, "cpu_hour": 3.0, "due": 1.0, "wake": 5.0, "help": 3.0}
INTERVIEW = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//followthrough bench//EN
BEGIN:VEVENT
UID:bench-prompt@acme.example
DTSTAMP:20260901T000000Z
DTSTART:{start:%Y%m%dT%H%M%SZ}
DTEND:{end:%Y%m%dT%H%M%SZ}
SUMMARY:Interview with Acme - Backend Engineer
ORGANIZER;CN=Kim Okafor:mailto:kim.okafor@acme.example
ATTENDEE;CN=Kim Okafor;PARTSTAT=ACCEPTED:mailto:kim.okafor@acme.example
ATTENDEE;CN=Robin Vega;PARTSTAT=ACCEPTED:mailto:robin.vega@example.org
END:VEVENT
END:VCALENDAR
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def switches(pid: int) -> int:
    """Context switches of every thread of ``pid`` so far: each wake-up of a sleeping thread is one."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            for line in (task / "status").read_text().splitlines():
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
        except FileNotFoundError:  # a thread that just ended
            pass
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def folder(root: Path, config: str) -> Path:
    for box in ("Drafts", "Sent", "INBOX"):
        for sub in ("cur", "new", "tmp"):
            (root / "Mail" / box / sub).mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(config)
    return root / "config.toml"


def with_web(config: str) -> str:
    return config.replace("[web]\nenabled = false", f"[web]\nenabled = true\nport = {free_port()}")


def env_for(root: Path) -> dict:
    return {**os.environ, "HOME": str(root), "XDG_DATA_HOME": str(root / "data")}


def sample(pid: int, seconds: float) -> tuple[float, float, float, int]:
    """(RSS at the end, peak RSS, CPU-s used, context switches) over ``seconds``; sampled every 5 s (the
    sampling itself wakes nobody in the measured process)."""
    cpu0, sw0, start, peak = cpu_seconds(pid), switches(pid), time.monotonic(), 0.0
    while time.monotonic() - start < seconds:
        peak = max(peak, rss_mb(pid))
        time.sleep(min(5.0, max(0.0, seconds - (time.monotonic() - start))))
    elapsed = time.monotonic() - start
    return rss_mb(pid), max(peak, rss_mb(pid)), (cpu_seconds(pid) - cpu0) * seconds / elapsed, switches(pid) - sw0


def settle(pid: int, limit: float = 300) -> None:
    """Wait until the start-up (imports, the catch-up sync of a large calendar) is over: a quiet second."""
    start, last = time.monotonic(), cpu_seconds(pid)
    time.sleep(3)
    while time.monotonic() - start < limit:
        time.sleep(1)
        now = cpu_seconds(pid)
        if now - last < 0.02:
            return
        last = now


def idle(seconds: float, events: int, model: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if events:
            sys.path.insert(0, str(Path(__file__).parent))
            from scan_large import generate

            (root / "calendar.ics").write_text(generate(events))
            print(f"calendar: {events} generated events")
        else:
            shutil.copyfile(sample_calendar(), root / "calendar.ics")
        config = with_web(DEMO_CONFIG)
        if model != "off":
            config += f'\n[detection]\nmodel = "{model}"\n'
            print(f"[detection] model = {model}")
        cfg = folder(root, config)
        cmd = [sys.executable, "-m", "daemon", "--config", str(cfg), "--now", "2026-09-02T09:00:00-04:00", "run"]
        bare = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env_for(root))
        try:
            settle(proc.pid)
            settle_cpu = cpu_seconds(proc.pid)
            bare_sw = switches(bare.pid)
            rss, peak, used, woke = sample(proc.pid, seconds)
            bare_rss, bare_woke = rss_mb(bare.pid), switches(bare.pid) - bare_sw
        finally:
            proc.terminate()
            bare.kill()
            proc.wait(timeout=30)
            bare.wait()
    per_hour = used * 3600 / seconds
    print(f"start-up (import, catch-up sync, scheduler, web UI): {settle_cpu:.2f} CPU-s")
    print(f"idle RSS, web UI on:     {rss:6.1f} MB   (peak {peak:.1f} MB; bare idle Python {bare_rss:.1f} MB; "
          f"target <= {TARGETS['rss']:.0f} MB)")
    print(f"idle CPU, web UI on:     {per_hour:6.2f} CPU-s an hour ({used:.3f} s over {seconds:.0f} s; "
          f"target <= {TARGETS['cpu_hour']:.0f})")
    print(f"idle wake-ups:           {woke * 60 / seconds:6.1f} a minute (context switches, all threads; "
          f"bare idle Python {bare_woke * 60 / seconds:.1f})")
    print(f"stopped on SIGTERM with exit code {proc.returncode} after {time.monotonic() - t0:.1f} s")


class Logged:
    """`followthrough run` with its log read line by line, each line stamped with the monotonic clock."""

    def __init__(self, cmd: list[str], env: dict, notify: Path):
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(str(notify))
        self.notify.settimeout(60)
        self.lines: list[tuple[float, str]] = []
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                     env={**env, "NOTIFY_SOCKET": str(notify)})
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append((time.monotonic(), line))

    def wait_for(self, text: str, timeout: float = 60) -> float | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            hit = next((t for t, line in self.lines if text in line), None)
            if hit is not None:
                return hit
            time.sleep(0.01)
        return None

    def ready(self) -> None:
        while b"READY=1" not in self.notify.recv(4096):
            pass

    def stop(self) -> None:
        self.proc.send_signal(15)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.notify.close()


def prompt_delay(stop_for: float | None) -> float | None:
    """Seconds from the interview's end (or, with ``stop_for``, from SIGCONT) to the logged prompt."""
    lead = 6.0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        end = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=lead + 1)
        (root / "calendar.ics").write_text(INTERVIEW.format(start=end - timedelta(hours=1), end=end))
        cfg = folder(root, with_web(DEMO_CONFIG) + "[schedule]\nprompt_delay_minutes = 0\n")
        run = Logged([sys.executable, "-m", "daemon", "--config", str(cfg), "run"], env_for(root), root / "notify")
        try:
            run.ready()
            if run.wait_for("running; next action", timeout=lead) is None:
                print("  (the service was not running before the interview ended: start-up too slow here)")
                return None
            if stop_for is None:
                hit = run.wait_for("How did it go?")
                due = time.monotonic() - (datetime.now(timezone.utc) - end).total_seconds()
                return None if hit is None else hit - due
            os.kill(run.proc.pid, 19)  # SIGSTOP: the process sleeps through the end
            time.sleep(max(0.0, (end - datetime.now(timezone.utc)).total_seconds()) + stop_for)
            resumed = time.monotonic()
            os.kill(run.proc.pid, 18)  # SIGCONT
            hit = run.wait_for("How did it go?")
            return None if hit is None else hit - resumed
        finally:
            run.stop()


def installed(tmp: Path) -> tuple[str, str] | None:
    """(python, followthrough) of the product installed from a wheel into its own venv, as pipx does: no
    editable-install finder in its start-up. Dependencies come from this venv (a .pth line), not the network."""
    import sysconfig

    root = Path(__file__).resolve().parent.parent
    venv = tmp / "venv"
    steps = [[sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp / "wheel"), str(root)],
             [sys.executable, "-m", "venv", "--without-pip", str(venv)]]
    for cmd in steps:
        if subprocess.run(cmd, capture_output=True).returncode != 0:
            return None
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True).stdout.strip()
    Path(site, "followthrough-bench-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    [wheel] = (tmp / "wheel").glob("followthrough-*.whl")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
                          capture_output=True)
    return (str(python), str(venv / "bin" / "followthrough")) if done.returncode == 0 else None


def startup(runs: int = 11) -> None:
    """Medians of interleaved runs: bare Python, `--help`, and `status` on a small state, for the product
    installed from a wheel (what users run) and, beside it, this development venv."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copyfile(sample_calendar(), root / "calendar.ics")
        cfg = folder(root, DEMO_CONFIG)
        env = env_for(root)
        now = ["--config", str(cfg), "--now", "2026-09-02T09:00:00-04:00"]
        kinds = {"development venv": (sys.executable, str(Path(sys.executable).with_name("followthrough")))}
        wheel = installed(root)
        if wheel:
            kinds = {"installed wheel": wheel, **kinds}
        else:
            print("(could not install the wheel into a venv of its own: development venv only)")
        for kind, (python, tool) in kinds.items():
            subprocess.run([tool, *now, "run", "--once"], env=env, capture_output=True, check=True)
            commands = {"python -c pass": [python, "-c", "pass"], "followthrough --help": [tool, "--help"],
                        "followthrough status": [tool, *now, "status"]}
            times: dict[str, list[float]] = {k: [] for k in commands}
            for _ in range(runs):
                for name, cmd in commands.items():
                    t = time.perf_counter()
                    subprocess.run(cmd, env=env, capture_output=True, check=True)
                    times[name].append(time.perf_counter() - t)
            bare = statistics.median(times["python -c pass"])
            print(f"start-up, {kind}, median of {runs}: python -c pass {bare * 1000:.0f} ms (the anchor)")
            for name in ("followthrough --help", "followthrough status"):
                t = statistics.median(times[name])
                target = f"; target <= {TARGETS['help']:.0f}x" if name.endswith("--help") else ""
                print(f"  {name:<22} {t * 1000:5.0f} ms = {t / bare:.1f}x bare Python{target}")


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    model = sys.argv[3] if len(sys.argv) > 3 else "off"
    idle(seconds, events, model)
    due = prompt_delay(None)
    print(f"prompt after due:        {due:6.2f} s   (target <= {TARGETS['due']:.0f} s)" if due is not None else "prompt after due: none")
    woke = prompt_delay(4.0)
    print(f"prompt after SIGCONT:    {woke:6.2f} s   (stopped past the end; target <= {TARGETS['wake']:.0f} s)"
          if woke is not None else "prompt after SIGCONT: none")
    startup()


if __name__ == "__main__":
    main()
