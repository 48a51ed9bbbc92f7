#!/usr/bin/env python3
"""Dependency check over the library's objects (nm): no cycle between files,
no call that points back up the stage order.  Usage: layers.py BUILD/obj
Prints PASS:/FAIL: lines for tests/run-all."""
import os, subprocess, sys

STAGES = ["util", "model", "read", "select", "layout",
          ("text", "bundle", "epub", "pdf"), "cli"]
# text may be used by bundle (the bundles reuse the text renderer's header block)
RANK = {}
for i, s in enumerate(STAGES):
    for name in (s if isinstance(s, tuple) else (s,)):
        RANK[name] = i
ALLOWED_SIDEWAYS = {("bundle", "text")}

def symbols(obj):
    out = subprocess.run(["nm", "-P", obj], capture_output=True, text=True,
                         check=True).stdout
    defs, undefs = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        name, kind = f[0], f[1]
        if kind == "U":
            undefs.add(name)
        elif kind in "TDBRCVW":
            defs.add(name)
    return defs, undefs

def main():
    root = sys.argv[1]
    objs = {}
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".o"):
                stage = os.path.basename(d)
                if stage in RANK:
                    objs[f"{stage}/{f[:-2]}"] = os.path.join(d, f)
    if not objs:
        print(f"FAIL: layers: no objects under {root}")
        return 1
    defs, undefs = {}, {}
    for name, path in objs.items():
        defs[name], undefs[name] = symbols(path)
    owner = {}
    for name, ds in defs.items():
        for s in ds:
            owner[s] = name
    edges = {n: set() for n in objs}
    for n, us in undefs.items():
        for s in us:
            o = owner.get(s)
            if o and o != n:
                edges[n].add(o)
    bad = 0
    # calls up the stage order (or sideways between renderers)
    for n, outs in sorted(edges.items()):
        sn = n.split("/")[0]
        for o in sorted(outs):
            so = o.split("/")[0]
            if RANK[so] > RANK[sn] or (RANK[so] == RANK[sn] and so != sn
                                       and (sn, so) not in ALLOWED_SIDEWAYS):
                print(f"FAIL: layers: {n} depends on {o} (stage {so} is not above {sn})")
                bad += 1
    # cycles between files (Tarjan's strongly connected components)
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))
    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    for comp in comps:
        print("FAIL: layers: files call each other in a cycle: " + " <-> ".join(comp))
        bad += 1
    if not bad:
        print(f"PASS: layers: {len(objs)} files, no cycle, every dependency points down the stages")
    return 1 if bad else 0

sys.exit(main())
