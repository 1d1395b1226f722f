"""`pip install .` (not only editable) ships the templates and the sample data, and they load from there."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import INSTALLED, ROOT, product_python


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
    assert "connectors/ics.py" in names and "daemon/cli/main.py" in names
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert entry and "followthrough = daemon.cli.main:main" in zipfile.ZipFile(wheel).read(entry[0]).decode()


# -- the product as installed -----------------------------------------------------------------------
# `make test` installs the wheel with pipx and points FOLLOWTHROUGH_BIN at it (tests/conftest.py).

RESOURCES = r"""
import json, sys
from importlib import resources
import daemon
from daemon.service.classifier import shipped
from daemon.service.resources import mail_environment
from daemon.cli.demo import sample_calendar
from daemon.web.app import STATIC, environment

mail = mail_environment(None)
web = environment()
out = {"package": daemon.__file__, "mail": [], "web": [], "static": [], "sample": sample_calendar().stat().st_size,
       "weights": shipped().digest}
for name in [n for n in mail.loader.list_templates() if n.endswith(".j2")]:
    mail.get_template(name)
    out["mail"].append(name)
for name in web.loader.list_templates():
    out["web"].append(web.get_template(name).filename)
for path in sorted(STATIC.iterdir()):
    out["static"].append([path.name, len(path.read_bytes())])
json.dump(out, sys.stdout)
"""


def installed(path: str) -> bool:
    """Whether ``path`` is inside an installed environment, not this checkout's sources."""
    sources = [ROOT / "daemon", ROOT / "connectors", ROOT / "templates"]
    return "site-packages" in path and not any(Path(path).is_relative_to(s) for s in sources)


def test_every_template_and_static_file_loads_from_the_product(tmp_path):
    """Every bundled template compiles and every static file reads, from the package as installed."""
    proc = subprocess.run(product_python(RESOURCES), capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert sorted(found["mail"]) == sorted(p.name for p in (ROOT / "templates").glob("*.j2"))
    assert len(found["web"]) == len(list((ROOT / "templates" / "web").glob("*.html")))
    assert sorted(name for name, _ in found["static"]) == sorted(p.name for p in (ROOT / "daemon/web/static").iterdir())
    assert all(size > 0 for _, size in found["static"]) and found["sample"] > 0 and found["weights"]
    if INSTALLED:
        assert all(installed(f) for f in [found["package"], *found["web"]]), found


@pytest.mark.skipif(not INSTALLED, reason="runs under `make test`, which installs the wheel with pipx")
def test_the_cli_under_test_is_the_installed_wheel(tmp_path):
    """What the end-to-end tests run is the pipx-installed product, not this checkout."""
    code = "import daemon, connectors, jinja2; print(daemon.__file__); print(connectors.__file__)"
    proc = subprocess.run(product_python(code), capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert all(installed(line) for line in proc.stdout.split()), proc.stdout
    assert subprocess.run([INSTALLED, "--help"], capture_output=True, text=True, cwd=tmp_path, timeout=60).returncode == 0


def test_every_python_package_of_the_tree_is_in_the_wheel_list():
    """A new folder of modules (daemon/detection/ once) must be listed in pyproject.toml, or the wheel lacks it."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for top in ("daemon", "connectors")
             for p in (ROOT / top).rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
