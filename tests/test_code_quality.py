"""The house rules, checked: no import cycles, ruff-clean, and mypy-clean type hints."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "graph_api"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports at run time (imports under ``if TYPE_CHECKING:`` only help the type checker)."""
    package = module_name(path, root) if path.name == "__init__.py" else module_name(path, root).rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for statement in child.orelse:
                    visit(statement)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parent = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parent, base] if base else parent)
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def import_cycles(package: Path) -> list[list[str]]:
    """The groups of a package's modules that import each other, directly or round about."""
    root = package.parent
    modules = {module_name(path, root): path for path in package.rglob("*.py")}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        graph.add_edges_from((name, target) for target in imported_modules(path, root) if target in modules and target != name)
    return [sorted(component) for component in nx.strongly_connected_components(graph) if len(component) > 1]


def test_the_import_graph_has_no_cycles() -> None:
    assert import_cycles(PACKAGE) == []


def test_the_cycle_check_sees_cycles_through_function_imports_and_relative_imports(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import b\n")
    (package / "b.py").write_text("def f():\n    from .c import x\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nimport pkg.a\nif TYPE_CHECKING:\n    from pkg import d\n")
    (package / "d.py").write_text("import pkg.c\n")
    assert import_cycles(package) == [["pkg.a", "pkg.b", "pkg.c"]]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_ruff_finds_nothing() -> None:
    lint, formatting = run("ruff", "check", "graph_api", "tests"), run("ruff", "format", "--check", "graph_api", "tests")
    assert lint.returncode == 0, lint.stdout
    assert formatting.returncode == 0, formatting.stdout


@pytest.mark.slow
def test_mypy_finds_nothing() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout
    assert "Success: no issues found" in result.stdout
