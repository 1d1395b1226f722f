"""daemon/detection/ stays pure and small: it imports only the core (daemon.model, daemon.errors) and the standard
library's pure parts, never reads the clock, and no module or function outgrows a reader."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "daemon" / "detection"
MODULES = sorted(PACKAGE.rglob("*.py"))
ALLOWED_DAEMON = {"daemon.model", "daemon.errors"}
FORBIDDEN = {"sqlite3", "subprocess", "socket", "urllib", "http", "asyncio", "starlette", "uvicorn", "jinja2",
             "apprise", "connectors", "os", "time", "threading", "multiprocessing", "requests", "pathlib"}
CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"), ("time", "time"),
         ("time", "monotonic"), ("time", "perf_counter")}


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


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_detection_never_reads_the_clock(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert (node.value.id, node.attr) not in CLOCK, f"{path.name}:{node.lineno} reads the clock"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_over_600_lines_and_no_function_over_80(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 600, f"{path.name} has {text.count(chr(10))} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            size = node.end_lineno - node.lineno + 1
            assert size <= 80, f"{path.name}: {node.name} has {size} lines"


def test_nothing_in_detection_imports_the_judge_or_the_classifier():
    """The second opinion's plumbing (daemon/judge.py, daemon/classifier.py) imports detection, never the reverse."""
    for path in MODULES:
        imported = _imports(ast.parse(path.read_text(encoding="utf-8")), _name(path))
        assert not imported & {"daemon.judge", "daemon.classifier", "daemon.config", "daemon.state"}, path.name


def test_every_rule_has_a_dotted_id_and_a_weight():
    from daemon.detection.signals import RULES, SIGNALS

    assert len(RULES) >= 40 and len(SIGNALS) >= 20
    for rule, weight in RULES.items():
        assert rule.count(".") == 1 and rule == rule.lower(), rule
        assert isinstance(weight, float)
