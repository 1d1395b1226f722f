"""The packages stay layered. daemon/ is in folders: core/ and detection/ (pure: no I/O, no clock) under
service/ (state, sync, the runner, configuration, the judge's subprocess), cli/ and web/ (the entry points),
with connectors/ beside service. core/ and detection/ import nothing of the outer layers or the connectors and
none of the standard library's I/O, and never read the clock; there is no import cycle among the modules of
daemon/ and connectors/. Imports inside functions count too (a lazy import hides a cycle from Python, not from
the reader), as do imports under TYPE_CHECKING. daemon/detection/'s own finer rules (what it may import, sizes)
live in test_detection_layers.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .test_detection_layers import _clock_reads

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("daemon", "connectors")

#: Imports known to close a cycle, each with why it is there; a new cycle fails until it is broken or listed.
ALLOWED: dict[tuple[str, str], str] = {}


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted name -> file for every module of the packages (a package by its own name, for its __init__.py)."""
    out = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _known(name: str, known: set[str]) -> str | None:
    """The innermost module of ours that ``name`` (a module or a name in one) lies in."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(name: str, source: str, known: set[str], package: bool = False) -> dict[str, int]:
    """Our modules that module ``name`` imports anywhere in ``source``, each with the line of its first import.
    ``from x import y`` counts as an import of x.y when that is a module, else of x."""
    here = name if package else name.rpartition(".")[0]
    out: dict[str, int] = {}
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = here.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for target in targets:
            if (found := _known(target, known)) and found != name:
                out.setdefault(found, node.lineno)
    return out


def graph(root: Path = ROOT) -> dict[str, dict[str, int]]:
    mods = modules(root)
    known = set(mods)
    return {name: imports(name, path.read_text(encoding="utf-8"), known, path.name == "__init__.py")
            for name, path in mods.items()}


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_among_daemon_and_connectors():
    edges = graph()
    kept = {a: {b: line for b, line in targets.items() if (a, b) not in ALLOWED} for a, targets in edges.items()}
    found = cycles(kept)
    assert not found, "import cycles:\n" + "\n".join(
        " <-> ".join(c) + ": " + ", ".join(f"{a}:{kept[a][b]} imports {b}" for a in c for b in kept[a] if b in c)
        for c in found)


def test_every_allowed_import_still_exists_and_still_closes_a_cycle():
    """An exception outlives its reason otherwise: drop it once the import or the cycle is gone."""
    edges = graph()
    for (a, b), why in ALLOWED.items():
        targets = edges.get(a, {})
        assert b in targets, f"{a} no longer imports {b}: drop the exception ({why})"
        assert any(a in c and b in c for c in cycles(edges)), f"{a} -> {b} closes no cycle any more ({why})"


def test_the_graph_sees_lazy_relative_and_submodule_imports(tmp_path):
    """The checker itself: a cycle closed by an import inside a function, through ``from . import``, is found."""
    (tmp_path / "daemon" / "sub").mkdir(parents=True)
    (tmp_path / "connectors").mkdir()
    (tmp_path / "daemon" / "__init__.py").write_text("")
    (tmp_path / "connectors" / "__init__.py").write_text("")
    (tmp_path / "daemon" / "sub" / "__init__.py").write_text("from .a import x\n")
    (tmp_path / "daemon" / "sub" / "a.py").write_text("import json\nx = 1\ndef f():\n    from daemon import b\n")
    (tmp_path / "daemon" / "b.py").write_text("from connectors import c\n")
    (tmp_path / "connectors" / "c.py").write_text("import os.path\ndef g():\n    import daemon.sub.a\n")
    edges = graph(tmp_path)
    assert edges["daemon.sub"] == {"daemon.sub.a": 1}
    assert edges["daemon.sub.a"] == {"daemon.b": 4}
    assert edges["daemon.b"] == {"connectors.c": 1}
    assert edges["connectors.c"] == {"daemon.sub.a": 3}
    assert cycles(edges) == [["connectors.c", "daemon.b", "daemon.sub.a"]]


#: The pure layers and what they may not import: the outer layers, the connectors, and the standard library's I/O.
PURE = ("daemon.core", "daemon.detection")
OUTER = ("daemon.service", "daemon.cli", "daemon.web", "connectors")
IMPURE = {"sqlite3", "subprocess", "socket", "urllib", "http", "asyncio", "starlette", "uvicorn", "apprise", "threading",
          "multiprocessing"}


def _within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _imported_modules(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports anywhere (inside functions and under TYPE_CHECKING too), relative ones resolved."""
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = here.split(".")
                out.add(".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else [])))
            else:
                out.add(node.module or "")
    return out


PURE_MODULES = sorted((n, p) for n, p in modules().items() if _within(n, PURE))


@pytest.mark.parametrize("name, path", PURE_MODULES, ids=[n for n, _ in PURE_MODULES])
def test_the_core_and_detection_import_no_outer_layer_and_no_io(name, path):
    edges = graph()
    outer = sorted(b for b in edges[name] if _within(b, OUTER))
    assert not outer, f"{name} imports {', '.join(outer)}: the core and detection import only each other"
    io = sorted(m for m in _imported_modules(name, path) if m.split(".")[0] in IMPURE)
    assert not io, f"{name} imports {', '.join(io)}"


@pytest.mark.parametrize("name, path", PURE_MODULES, ids=[n for n, _ in PURE_MODULES])
def test_the_core_and_detection_never_read_the_clock(name, path):
    reads = _clock_reads(ast.parse(path.read_text(encoding="utf-8")))
    assert not reads, f"{name} reads the clock: " + ", ".join(f"line {line}: {what}" for line, what in reads)


def test_detection_imports_the_core_but_the_core_not_detection():
    """Detection builds on the core's model; the core never needs detection's rules."""
    edges = graph()
    for name, targets in edges.items():
        if _within(name, ("daemon.core",)):
            assert not [b for b in targets if _within(b, ("daemon.detection",))], name


def test_every_module_of_daemon_lives_in_a_layer():
    """daemon/ holds only its layers' folders, its package marker and ``python -m daemon``."""
    flat = sorted(n for n in modules() if n.count(".") == 1 and n.startswith("daemon.")
                  and not _within(n, PURE + OUTER) and n != "daemon.__main__")
    assert not flat, f"modules outside the layers: {', '.join(flat)}"


def test_the_layer_check_sees_an_outer_import_in_the_core(tmp_path):
    """The checker itself: a core module importing the state, lazily, is an outer import."""
    for folder in ("daemon/core", "daemon/service", "connectors"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "daemon" / "__init__.py").write_text("")
    (tmp_path / "daemon" / "core" / "flow.py").write_text("def f():\n    from daemon.service.state import Interview\n")
    (tmp_path / "daemon" / "service" / "state.py").write_text("import sqlite3\nclass Interview: ...\n")
    edges = graph(tmp_path)
    assert edges["daemon.core.flow"] == {"daemon.service.state": 2}
    assert _within("daemon.service.state", OUTER) and not _within("daemon.servicex", OUTER)
