"""No import cycles, but one allowed on purpose: a service imports its tasks at the top of its
module, and each task imports the service inside its body (STYLE.md).

The direction rules (core below the apps, suppliers below assessments, interfaces above services
above selectors above models) are import-linter contracts in pyproject.toml, run by `make lint`.
"""

import ast
from pathlib import Path

import grimp

PACKAGES = ("core", "suppliers", "assessments", "config")


def _cycles(graph: grimp.ImportGraph, *, allowed: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    modules = sorted(graph.modules)
    edges = {
        module: sorted(
            target
            for target in graph.find_modules_directly_imported_by(module)
            if target in graph.modules and target != module and (module, target) not in allowed
        )
        for module in modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges[node]
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


TASK_MODULES = ("assessments.tasks", "suppliers.tasks")
ROOT = Path(__file__).resolve().parent.parent


def _task_imports(graph: grimp.ImportGraph) -> set[tuple[str, str]]:
    return {
        (tasks, target)
        for tasks in TASK_MODULES
        for target in graph.find_modules_directly_imported_by(tasks)
    }


def test_the_only_import_cycles_are_services_and_their_tasks():
    graph = grimp.build_graph(*PACKAGES)
    assert _cycles(graph, allowed=_task_imports(graph)) == []


def test_tasks_import_app_code_only_inside_their_bodies():
    for module in TASK_MODULES:
        tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
        top = [
            node.module
            for node in tree.body
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.split(".")[0] in PACKAGES
        ]
        assert top == [], module


def test_the_cycle_check_finds_a_cycle():
    graph = grimp.build_graph(*PACKAGES)
    graph.add_import(importer="core.errors", imported="core.api")
    graph.add_import(importer="core.api", imported="core.errors")
    assert ["core.api", "core.errors"] in _cycles(graph, allowed=set())
