"""The folders are the architecture: every import in `tienphong/` goes down the layers that
docs/architecture.md lists, `core` imports no app, and no module imports itself round a circle.

The layer line is read from the document, so the page and the code cannot drift apart. Imports are read
with `ast` (function-level ones included: an import hidden in a function is still a dependency).
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tienphong"
DOC = ROOT / "docs" / "architecture.md"
# Modules of the project itself: above every app, imported by none.
PROJECT = {"settings", "urls", "api", "wsgi", "formats"}


def layers() -> list[set[str]]:
    """[{"core"}, {"units"}, {"accounts", "rollups"}, …] from the doc's line of `a` ← `b`, `c` ← …"""
    [line] = [line for line in DOC.read_text().splitlines() if line.startswith("`core` ←")]
    return [set(re.findall(r"`(\w+)`", group)) for group in line.split("←")]


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict) -> set[str]:
    """The modules of `tienphong` that `name` imports (for `from a import b`: a.b when it is a module, else a)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            targets = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known and target != name:
                out.add(target)
    return out


def app_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else module


@pytest.fixture(scope="module")
def graph():
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def test_every_app_has_a_layer():
    listed = set().union(*layers())
    apps = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()} - PROJECT
    assert apps - listed == set(), "add the new app to the layer line of docs/architecture.md"
    assert listed - apps == set(), "the layer line names an app that does not exist"
    assert layers()[0] == {"core"}
    loose = {p.stem for p in PACKAGE.glob("*.py")} - PROJECT - {"__init__"}
    assert loose == set(), "code at the package root belongs in an app"


def test_imports_go_down_the_layers(graph):
    level = {app: i for i, group in enumerate(layers()) for app in group}
    wrong = defaultdict(set)
    for module, targets in graph.items():
        source = app_of(module)
        if source in PROJECT or source not in level:
            continue
        for target in targets:
            app = app_of(target)
            if app == source:
                continue
            if app in PROJECT or level.get(app, len(level)) >= level[source]:
                wrong[f"{source} → {app}"].add(f"{module} imports {target}")
    assert not wrong, dict(wrong)


def test_core_imports_no_app(graph):
    outside = {f"{m} imports {t}" for m, targets in graph.items() if app_of(m) == "core"
               for t in targets if app_of(t) != "core"}
    assert outside == set()


def test_no_import_cycle(graph):
    """Tarjan's strongly connected components over the module graph: every one must be a single module."""
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_checker_sees_what_it_must(tmp_path):
    """The reader itself: relative imports, `from package import module`, function-level imports."""
    init = tmp_path / "__init__.py"
    init.write_text("from . import x\nfrom tienphong.b import y\ndef f():\n    import tienphong.c.z\n")
    known = {name: Path() for name in ("tienphong.a", "tienphong.a.x", "tienphong.b", "tienphong.b.y", "tienphong.c")}
    assert imports("tienphong.a", init, known) == {"tienphong.a.x", "tienphong.b.y", "tienphong.c"}
