#!/usr/bin/env python3
"""Bytes of a PDF by kind of object: content streams, font programs,
ToUnicode maps, annotations, outline, cross-reference table...

  bench/pdf_parts.py FILE.pdf

For files whose objects are written one by one (libharu, WeasyPrint), not
in object streams: an object's size is the distance from its "N 0 obj" to
the next one.  Kinds come from qpdf --json (the objects' dictionaries and
which object refers to which)."""
import json, re, subprocess, sys
from collections import defaultdict


def ref(v):
    return int(v.split()[0]) if isinstance(v, str) and v.endswith(" 0 R") else None


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    raw = open(path, "rb").read()
    starts = [(m.start(), int(m.group(1))) for m in re.finditer(rb"(?m)^(\d+) 0 obj", raw)]
    xref = raw.rfind(b"\nxref")
    size = {}
    for i, (off, num) in enumerate(starts):
        size[num] = (starts[i + 1][0] if i + 1 < len(starts) else xref) - off
    j = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--decode-level=none", path],
                                  capture_output=True, check=True).stdout)
    objs = {int(k[4:].split()[0]): v for k, v in j["qpdf"][1].items() if k.startswith("obj:")}

    def dict_of(n):
        o = objs.get(n, {})
        d = o["stream"]["dict"] if "stream" in o else o.get("value")
        return d if isinstance(d, dict) else {}

    kind = {}

    def mark(n, k):
        if n is not None and n not in kind:
            kind[n] = k

    for n in objs:
        d = dict_of(n)
        t, st = d.get("/Type"), d.get("/Subtype")
        if t == "/Page":
            kind[n] = "page dict"
            c = d.get("/Contents")
            for r in c if isinstance(c, list) else [c]:
                mark(ref(r), "content stream")
        elif t == "/Font":
            kind[n] = "font dict (%s)" % st
            for key, k in (("/ToUnicode", "ToUnicode"), ("/Encoding", "encoding CMap"),
                           ("/CIDToGIDMap", "CIDToGIDMap"), ("/FontDescriptor", "font descriptor")):
                mark(ref(d.get(key)), k)
        elif t == "/FontDescriptor":
            kind[n] = "font descriptor"
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                mark(ref(d.get(key)), "font program")
        elif t == "/XObject" or st == "/Image":
            kind[n] = "image"
        elif t == "/Annot":
            kind[n] = "annotation"
        elif t == "/Metadata":
            kind[n] = "XMP metadata"
        elif t == "/Outlines" or ("/Parent" in d and "/Title" in d):
            kind[n] = "outline"
    for n, o in objs.items():
        if n not in kind:
            v = o.get("value")
            kind[n] = ("destination" if isinstance(v, list) else
                       "other stream" if "stream" in o else
                       "stream length" if isinstance(v, (int, float)) else "other")
    tot, cnt = defaultdict(int), defaultdict(int)
    for n, s in size.items():
        tot[kind.get(n, "other")] += s
        cnt[kind.get(n, "other")] += 1
    tot["xref table and trailer"] = len(raw) - xref
    for k in sorted(tot, key=lambda k: -tot[k]):
        print("%-24s %5s %9d bytes %5.1f%%" % (k, cnt[k] or "", tot[k], 100.0 * tot[k] / len(raw)))
    print("%-24s %5d %9d bytes" % ("total", len(size), len(raw)))


if __name__ == "__main__":
    main()
