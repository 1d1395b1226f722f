"""Footprint of the long-running service: resident memory and CPU while idle.

Starts `followthrough run` on the bundled sample calendar in a temporary folder, lets it settle,
then samples /proc for a while. Prints figures; asserts nothing. Linux only.
Usage: python bench/idle.py [SECONDS] [EVENTS] [MODEL]
With EVENTS, the calendar is a generated one of that many events (bench/scan_large.py's) instead; MODEL
("builtin") turns on [detection] model.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from daemon.demo import DEMO_CONFIG, sample_calendar


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    model = sys.argv[3] if len(sys.argv) > 3 else "off"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if events:
            sys.path.insert(0, str(Path(__file__).parent))
            from scan_large import generate

            (root / "calendar.ics").write_text(generate(events))
            print(f"calendar: {events} generated events")
        else:
            shutil.copyfile(sample_calendar(), root / "calendar.ics")
        config = DEMO_CONFIG
        if model != "off":
            config += f'\n[detection]\nmodel = "{model}"\n' if "[detection]" not in config else ""
            print(f"[detection] model = {model}")
        (root / "config.toml").write_text(config)
        cmd = [sys.executable, "-m", "daemon", "--config", str(root / "config.toml"), "--now", "2026-09-02T09:00:00-04:00", "run"]
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": tmp})
        try:
            time.sleep(8 if events else 3)
            settle_cpu = cpu_seconds(proc.pid)
            before = cpu_seconds(proc.pid)
            start = time.monotonic()
            peak = 0.0
            while time.monotonic() - start < seconds:
                peak = max(peak, rss_mb(proc.pid))
                time.sleep(0.5)
            used = cpu_seconds(proc.pid) - before
            print(f"start-up (import, catch-up sync, scheduler): {settle_cpu:.2f} s CPU")
            print(f"idle RSS: {rss_mb(proc.pid):.1f} MB (peak while sampled {peak:.1f} MB)")
            print(f"idle CPU: {used:.3f} s over {seconds:.0f} s ({100 * used / seconds:.2f} %)")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        print(f"stopped on SIGTERM with exit code {proc.returncode} after {time.monotonic() - t0:.1f} s")


if __name__ == "__main__":
    main()
