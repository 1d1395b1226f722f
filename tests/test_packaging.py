"""`pip install .` (not only editable) ships the templates and the sample data inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from .conftest import ROOT


def test_wheel_contains_templates_and_sample_data(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    [wheel] = tmp_path.glob("followthrough-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "daemon/data/sample.ics" in names
    assert "daemon/data/classifier.json.gz" in names  # [detection] model = "builtin"
    assert {"daemon/templates/thank_you.txt.j2", "daemon/templates/followup.txt.j2"} <= names, sorted(names)
    assert "connectors/ics.py" in names and "daemon/cli.py" in names
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert entry and "followthrough = daemon.cli:main" in zipfile.ZipFile(wheel).read(entry[0]).decode()
