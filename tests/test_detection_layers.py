"""daemon/detection/ stays pure and small: it imports only the core (daemon.core.model, daemon.core.errors) and the standard
library's pure parts, never reads the clock, and no module or function outgrows a reader."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "daemon" / "detection"
MODULES = sorted(PACKAGE.rglob("*.py"))
ALLOWED_DAEMON = {"daemon.core.model", "daemon.core.errors"}
FORBIDDEN = {"sqlite3", "subprocess", "socket", "urllib", "http", "asyncio", "starlette", "uvicorn", "jinja2",
             "apprise", "connectors", "os", "time", "threading", "multiprocessing", "requests", "pathlib"}
CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"), ("time", "time"),
         ("time", "monotonic"), ("time", "perf_counter")}
#: The same clocks by the modules' own names, for names bound by an import ("dt" in "from datetime import datetime as dt").
CLOCK_QUALIFIED = {"datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today", "datetime.date.today",
                   "time.time", "time.time_ns", "time.monotonic", "time.monotonic_ns", "time.perf_counter", "time.perf_counter_ns"}


def _imports(tree: ast.AST, module: str) -> set[str]:
    """Every module imported anywhere in ``tree`` (inside functions too), relative imports resolved."""
    out = set()
    package = module.rsplit(".", 1)[0] if not module.endswith("__init__") else module.removesuffix(".__init__")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                out.add(".".join(base + ([node.module] if node.module else [])))
            else:
                out.add(node.module)
    return out


def _name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent.parent).with_suffix("").parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_detection_imports_only_the_core_and_pure_standard_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for imported in _imports(tree, _name(path)):
        top = imported.split(".")[0]
        if top == "daemon":
            assert imported.startswith("daemon.detection") or imported in ALLOWED_DAEMON, f"{path.name} imports {imported}"
        else:
            assert top not in FORBIDDEN, f"{path.name} imports {imported}"
            assert top in sys.stdlib_module_names or top == "__future__", f"{path.name} imports {imported}"


def _clock_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """Where ``tree`` names a clock, by its written name ("datetime.now") or through what it was imported as
    ("from datetime import datetime as dt" ... "dt.now", "import datetime" ... "datetime.datetime.now",
    "from time import time" ... "time()")."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:  # "import a.b" binds a; "import a.b as c" binds c to a.b
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            aliases.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (node.value.id, node.attr) in CLOCK:
            out.append((node.lineno, f"{node.value.id}.{node.attr}"))
            continue
        parts, inner = [], node
        while isinstance(inner, ast.Attribute):
            parts.append(inner.attr)
            inner = inner.value
        if isinstance(inner, ast.Name) and inner.id in aliases:
            dotted = ".".join([aliases[inner.id], *reversed(parts)])
            if dotted in CLOCK_QUALIFIED:
                out.append((node.lineno, dotted))
    return out


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_detection_never_reads_the_clock(path):
    reads = _clock_reads(ast.parse(path.read_text(encoding="utf-8")))
    assert not reads, f"{path.name} reads the clock: " + ", ".join(f"line {line}: {name}" for line, name in reads)


@pytest.mark.parametrize("source, expected", [
    ("from datetime import datetime\nx = datetime.now()", "datetime.now"),
    ("import datetime\nx = datetime.datetime.utcnow()", "datetime.datetime.utcnow"),
    ("from datetime import datetime as dt\nx = dt.now", "datetime.datetime.now"),
    ("from datetime import date\nx = date.today()", "date.today"),
    ("from time import time\nx = time()", "time.time"),
    ("import time as t\nx = t.monotonic()", "time.monotonic"),
])
def test_the_clock_check_sees_aliases_and_dotted_names(source, expected):
    assert expected in {name for _, name in _clock_reads(ast.parse(source))}


def test_the_clock_check_lets_a_passed_in_now_through():
    source = "from datetime import datetime, timedelta\ndef f(now: datetime):\n    return now + timedelta(days=1)"
    assert _clock_reads(ast.parse(source)) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_over_600_lines_and_no_function_over_80(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 600, f"{path.name} has {text.count(chr(10))} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            size = node.end_lineno - node.lineno + 1
            assert size <= 80, f"{path.name}: {node.name} has {size} lines"


def test_nothing_in_detection_imports_the_judge_or_the_classifier():
    """The second opinion's plumbing (daemon/service/judge.py, daemon/service/classifier.py) imports detection, never the reverse."""
    for path in MODULES:
        imported = _imports(ast.parse(path.read_text(encoding="utf-8")), _name(path))
        assert not imported & {"daemon.service.judge", "daemon.service.classifier", "daemon.service.config", "daemon.service.state"}, path.name


def test_every_rule_has_a_dotted_id_and_a_weight():
    from daemon.detection.signals import RULES, SIGNALS

    assert len(RULES) >= 40 and len(SIGNALS) >= 20
    for rule, weight in RULES.items():
        assert rule.count(".") == 1 and rule == rule.lower(), rule
        assert isinstance(weight, float)
