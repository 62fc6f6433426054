"""The layering holds: no module imports itself back through others, and no import hides inside a
function to get round such a cycle (the app factory and the command line, which put the application
together, aside). ``lint-imports`` checks the contracts between packages (pyproject.toml)."""
import ast
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
# Where an import inside a function is the point: the app factory registers the blueprints, and
# each command of the command line loads only what it needs.
COMPOSITION = {("mda/__init__.py", "create_app"), ("mda/cli.py", None)}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for module in sorted(edges):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_no_module_imports_itself_back():
    graph = grimp.build_graph("mda", "workflows")
    edges = {m: set(graph.find_modules_directly_imported_by(m)) & graph.modules for m in graph.modules}
    assert _cycles(edges) == []


def test_no_import_of_the_application_hides_inside_a_function():
    hidden = []
    for path in sorted((ROOT / "mda").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if (name, function.name) in COMPOSITION or (name, None) in COMPOSITION:
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules = [node.module or ""]
                elif isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                else:
                    continue
                hidden += [f"{name}:{node.lineno} {module}" for module in modules
                           if module.split(".")[0] in ("mda", "workflows")]
    assert hidden == []
