#!/usr/bin/env python3
"""The navigation of an e-paper made by newsml2pdf, from its objects (libharu
writes them uncompressed, without object streams).

usage:
  pdf_outline.py PDF STORIES   the outline: every entry linked both ways
                               (/Parent, /First, /Last, /Prev, /Next), its
                               /Count what an outline shows (open entries
                               count their entries, closed ones negative,
                               none without entries), a /Title and a /Dest
                               array to a page; STORIES entries lead to
                               stories; every page's fonts named /F1.. /Fn
                               in order, each a /Font
Prints what is wrong and exits 1, or exits 0."""
import re
import sys

REF = re.compile(rb"/(\w+) (\d+) 0 R")


def objects(path):
    data = open(path, "rb").read()
    return {int(n): body for n, body in re.findall(rb"\n(\d+) 0 obj\n(.*?)\nendobj", data, re.S)}


def keys(body):
    return {k.decode(): int(v) for k, v in REF.findall(body)}


def count(body):
    m = re.search(rb"\n/Count (-?\d+)\n", body)
    return int(m.group(1)) if m else None


def kids(objs, n):
    k = keys(objs[n])
    out, c = [], k.get("First")
    while c is not None:
        out.append(c)
        c = keys(objs[c]).get("Next")
    return out


def shown(objs, n):
    """Entries under n an open outline shows (libharu's CountChild)."""
    total = 0
    for c in kids(objs, n):
        total += 1
        if (count(objs[c]) or 0) > 0:
            total += shown(objs, c)
    return total


def check(path, stories):
    objs = objects(path)
    errors = []
    cat = [n for n, b in objs.items() if b.startswith(b"<<\n/Type /Catalog")]
    if not cat or "Outlines" not in keys(objs[cat[0]]):
        return ["no /Outlines in the catalog"]
    root = keys(objs[cat[0]])["Outlines"]
    leaves = 0

    def walk(n, is_root):
        nonlocal leaves
        body, k, ks = objs[n], keys(objs[n]), kids(objs, n)
        if ks:
            if k.get("Last") != ks[-1]:
                errors.append(f"{n}: /Last is not its last entry")
            prev = None
            for c in ks:
                ck = keys(objs[c])
                if ck.get("Parent") != n:
                    errors.append(f"{c}: /Parent is not {n}")
                if ck.get("Prev") != prev:
                    errors.append(f"{c}: /Prev is not {prev}")
                prev = c
        want = shown(objs, n) if ks else None
        got = count(body)
        if ks and (got is None or abs(got) != want or (is_root and got < 0)):
            errors.append(f"{n}: /Count {got}, {want} entries shown")
        if not ks and got is not None:
            errors.append(f"{n}: /Count {got} without entries")
        if not is_root:
            if not re.search(rb"^/Title [(<]", body, re.M):
                errors.append(f"{n}: no /Title")
            d = k.get("Dest")
            if d is None or not re.match(rb"\[ \d+ 0 R /FitH [\d.]+ \]", objs[d]):
                errors.append(f"{n}: no destination array to a page")
            if not ks:
                leaves += 1
        for c in ks:
            walk(c, False)

    walk(root, True)
    # sections and the front page hold the stories; entries without any
    # entries are stories (a section or front page without stories has none)
    if leaves != stories:
        errors.append(f"{leaves} stories in the outline, {stories} in the e-paper")
    for n, b in objs.items():
        if not b.startswith(b"<<\n/Type /Page\n"):
            continue
        m = re.search(rb"/Font <<\n(.*?)>>", b, re.S)
        names = re.findall(rb"/F(\d+) (\d+) 0 R\n", m.group(1)) if m else []
        if [int(i) for i, _ in names] != list(range(1, len(names) + 1)):
            errors.append(f"page {n}: fonts not named /F1.. in order")
        for _, f in names:
            if b"/Type /Font" not in objs.get(int(f), b""):
                errors.append(f"page {n}: /F.. {int(f)} is not a font")
    return errors


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    errors = check(sys.argv[1], int(sys.argv[2]))
    for e in errors[:20]:
        print(e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
