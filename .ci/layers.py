#!/usr/bin/env python3
"""Checks that module imports inside each crate point one way: no two modules reach each
other through `crate::` or `super::` paths (a child may use its parent). Prints every
circle found and exits 1, so `make test` fails on one. Test modules are not counted."""
import os
import re
import sys

CRATES = ["app", "app/types", "app/seal", "app/frontend", "server", "server/core", "kiosk"]


def modules(crate):
    """Each module's path (a tuple) and its source without comments and tests."""
    src = os.path.join(crate, "src")
    found = {}
    for folder, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".rs"):
                continue
            parts = os.path.relpath(os.path.join(folder, name), src)[:-3].split(os.sep)
            if parts[-1] in ("mod", "lib", "main"):
                parts = parts[:-1]
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read().split("#[cfg(test)]")[0]
            found[tuple(parts)] = re.sub(r"//.*", "", text)
    return found


def edges(found):
    def module_of(path):
        for end in range(len(path), 0, -1):
            if tuple(path[:end]) in found:
                return tuple(path[:end])
        return None

    graph = {m: set() for m in found}
    for m, text in found.items():
        targets = [p.split("::") for p in re.findall(r"\bcrate::((?:\w+::)*\w+)", text)]
        for group in re.findall(r"use crate::\{([^;]*)\};", text, re.S):
            targets += [p.split("::") for p in re.findall(r"(\w+(?:::\w+)*)", group)]
        targets += [list(m[:-1]) + p.split("::") for p in re.findall(r"\bsuper::((?:\w+::)*\w+)", text)]
        for path in targets:
            target = module_of(path)
            # A module may use its ancestors (their items are its context).
            if target is not None and m[: len(target)] != target:
                graph[m].add(target)
    return graph


def circles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
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
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            visit(v)
    return found


def main():
    failed = False
    for crate in CRATES:
        graph = edges(modules(crate))
        for component in circles(graph):
            failed = True
            print(f"{crate}: modules import each other in a circle:")
            for m in component:
                inside = sorted("::".join(t) for t in graph[m] if t in component)
                print(f"  {'::'.join(m) or 'crate root'} -> {', '.join(inside)}")
    if failed:
        sys.exit(1)
    print(f"no import circles in {len(CRATES)} crates")


if __name__ == "__main__":
    main()
