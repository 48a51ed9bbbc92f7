#!/usr/bin/env python3
"""The e-paper's size (issue 9: no larger than the xsltproc + WeasyPrint
pipeline's PDF of the same items).

  pdf_size.py FILE.pdf LAYOUT [MAX_BYTES]
      the content streams show each line drawn (the layout report's boxes of
      lines) with at most 1.5 text-showing operators on average (one string
      per line and font, not one per word), and the file is at most
      MAX_BYTES long.
Prints nothing and exits 0 when all holds; otherwise says what fails."""
import base64, json, os, re, subprocess, sys

TOKEN = re.compile(rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>]*|[^\s/\[\]()<>]+",
                   re.S)


def shows(data):
    """Text-showing operators (Tj, TJ, ', ") in a content stream."""
    n = 0
    for m in TOKEN.finditer(data):
        if m.group(0) in (b"Tj", b"TJ", b"'", b'"'):
            n += 1
    return n


def content_streams(pdf):
    j = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                                   "--decode-level=generalized", pdf],
                                  capture_output=True, check=True).stdout)
    objs = j["qpdf"][1]
    out = []
    for v in objs.values():
        val = v.get("value") if isinstance(v, dict) else None
        if isinstance(val, dict) and val.get("/Type") == "/Page":
            c = val.get("/Contents")
            for ref in c if isinstance(c, list) else [c]:
                s = objs.get("obj:" + ref, {}).get("stream", {})
                out.append(base64.b64decode(s.get("data", "")))
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pdf, layout = sys.argv[1], sys.argv[2]
    bad = []
    lines = sum(1 for l in open(layout, encoding="utf-8")
                if l.startswith("box\t") and l.split("\t")[3] in ("text", "head", "col"))
    n = sum(shows(s) for s in content_streams(pdf))
    if not lines or n > 1.5 * lines:
        bad.append("%d text-showing operators for %d lines drawn (more than 1.5 a line)" % (n, lines))
    size = os.path.getsize(pdf)
    if len(sys.argv) > 3 and size > int(sys.argv[3]):
        bad.append("%d bytes, more than %s" % (size, sys.argv[3]))
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
