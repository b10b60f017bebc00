"""The shape of the package: no import cycles, Rich only in the terminal front end, and a
documented Python API.

The import graph is read from the source (every ``import`` anywhere in a module, inside
functions too, so a lazy import cannot hide a cycle). ``from package import name`` is an
edge to the submodule when ``name`` is one, else to the package.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

import mimagery

PACKAGE = Path(mimagery.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    _module_name(path): path
    for path in sorted(PACKAGE.rglob("*.py"))
    if "migrations" not in path.parts
}


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules that ``name`` imports, anywhere in its source."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_package_has_no_import_cycles() -> None:
    assert len(GRAPH) > 40  # the walk found the package
    assert _cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_rich_is_used_only_by_the_terminal_front_end() -> None:
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text("utf-8"))
        uses_rich = any(
            (
                isinstance(node, ast.Import)
                and any(a.name.split(".")[0] == "rich" for a in node.names)
            )
            or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "rich")
            for node in ast.walk(tree)
        )
        assert not uses_rich or name.startswith("mimagery.cli"), name


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        # The data flows one way: nothing below imports what is built on top of it.
        ("mimagery.model", "mimagery.formats"),
        ("mimagery.formats", "mimagery.cli"),
        ("mimagery.store", "mimagery.study"),
        ("mimagery.keywords", "mimagery.scenes"),
        ("mimagery.scenes", "mimagery.pictures"),
        ("mimagery.study", "mimagery.actions"),
        ("mimagery.actions", "mimagery.web"),
        ("mimagery.actions", "mimagery.cli"),
        ("mimagery.web", "mimagery.cli"),
        ("mimagery.cli", "mimagery.web.app"),
    ],
)
def test_layers_import_one_way(lower: str, upper: str) -> None:
    for name, imported in GRAPH.items():
        if name == lower or name.startswith(lower + "."):
            bad = {m for m in imported if m == upper or m.startswith(upper + ".")}
            assert not bad, f"{name} imports {bad}"


def test_the_api_names_are_documented_and_load() -> None:
    assert mimagery.__all__ == sorted(mimagery.__all__, key=lambda n: (n[0].islower(), n))
    for name in mimagery.__all__:
        value = getattr(mimagery, name)
        if name != "__version__":
            assert inspect.getdoc(value), name
    assert set(mimagery.__all__) <= set(dir(mimagery))
    with pytest.raises(AttributeError):
        mimagery.no_such_thing  # noqa: B018


def test_import_mimagery_loads_nothing_heavy() -> None:
    import subprocess
    import sys

    code = "import sys, mimagery; print(sorted(m for m in sys.modules if m.startswith(('mimagery', 'sqlalchemy', 'numpy', 'rich'))))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "['mimagery', 'mimagery.version']"


def test_the_package_ships_its_type_marker() -> None:
    assert (PACKAGE / "py.typed").is_file()
    importlib.import_module("mimagery.study")  # a subpackage imports on its own
