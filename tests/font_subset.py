#!/usr/bin/env python3
"""Checks of embedded font subsets, with fc-query (fontconfig) reading the
fonts' character maps.

  font_subset.py pdf FILE.pdf
      every embedded font is a subset named with a six-capital tag
      (ABCDEF+Name), its FontFile2 is compressed and maps no more
      characters than the text of the PDF holds (pdftotext), and together
      they map every character of that text (Arabic letters aside: they are
      drawn as presentation forms).
  font_subset.py epub FILE.epub ORIGINAL...
      each font under EPUB/fonts/ (in the order of the @font-face rules) is
      smaller than its ORIGINAL file, maps every character of the
      documents' text that the original maps, and fewer than half of the
      original's characters.
Prints nothing and exits 0 when all holds; otherwise says what fails."""
import json, os, re, subprocess, sys, tempfile, unicodedata, zipfile
from html.parser import HTMLParser


def charset(path):
    out = subprocess.run(["fc-query", "--format=%{charset}\n", path], capture_output=True,
                         text=True).stdout.split("\n")[0]
    cs = set()
    for part in out.split():
        a, _, b = part.partition("-")
        cs.update(range(int(a, 16), int(b or a, 16) + 1))
    return cs


def skip_char(c):
    o = ord(c)
    # pdftotext marks right-to-left runs with bidi controls (format characters)
    return c.isspace() or unicodedata.category(c) == "Cf" or 0x600 <= o <= 0x6ff or 0x750 <= o <= 0x77f or o >= 0xfb50 and o <= 0xfeff


def check_pdf(pdf):
    bad = []
    j = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", pdf],
                                  capture_output=True, check=True).stdout)
    objs = j["qpdf"][1]
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    chars = {c for c in text if not skip_char(c)}
    union = set()
    nfonts = 0
    with tempfile.TemporaryDirectory() as tmp:
        for key, v in objs.items():
            d = v.get("value")
            if not isinstance(d, dict) or d.get("/Type") != "/FontDescriptor":
                continue
            name = d.get("/FontName", "")
            if not re.match(r"^/[A-Z]{6}\+", name):
                bad.append("font %s: no subset tag" % name)
            ff = d.get("/FontFile2")
            if not ff:
                bad.append("font %s: not embedded" % name)
                continue
            num = ff.split()[0]
            sd = objs["obj:" + ff]["stream"]["dict"]
            if "/Filter" not in sd:
                bad.append("font %s: font file not compressed" % name)
            path = os.path.join(tmp, num + ".ttf")
            with open(path, "wb") as f:
                f.write(subprocess.run(["qpdf", "--show-object=" + num, "--filtered-stream-data", pdf],
                                       capture_output=True, check=True).stdout)
            cs = charset(path)
            nfonts += 1
            union |= cs
            if len(cs) > 2 * len(set(text)) + 32:
                bad.append("font %s maps %d characters; the text has %d: not a subset" %
                           (name, len(cs), len(set(text))))
    missing = sorted(c for c in chars if ord(c) not in union)
    if missing:
        bad.append("characters of the text in no embedded font: %s" % "".join(missing[:40]))
    if not nfonts:
        bad.append("no embedded font")
    return bad


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.out = []

    def handle_data(self, data):
        self.out.append(data)


def check_epub(epub, originals):
    bad = []
    with zipfile.ZipFile(epub) as z, tempfile.TemporaryDirectory() as tmp:
        css = z.read("EPUB/css/digest.css").decode()
        hrefs = re.findall(r'@font-face \{[^}]*url\("\.\./(fonts/[^"]+)"\)', css)
        text = set()
        for n in z.namelist():
            if n.endswith(".xhtml"):
                t = Text()
                t.feed(z.read(n).decode())
                text |= set("".join(t.out))
        if len(hrefs) != len(originals):
            return ["%d @font-face rules, %d originals named" % (len(hrefs), len(originals))]
        for href, orig in zip(hrefs, originals):
            path = os.path.join(tmp, os.path.basename(href))
            with open(path, "wb") as f:
                f.write(z.read("EPUB/" + href))
            if os.path.getsize(path) >= os.path.getsize(orig):
                bad.append("%s: %d bytes, the original %d" % (href, os.path.getsize(path),
                                                              os.path.getsize(orig)))
            cs, ocs = charset(path), charset(orig)
            want = {ord(c) for c in text if not c.isspace()} & ocs
            missing = sorted(want - cs)
            if missing:
                bad.append("%s lacks %s" % (href, "".join(chr(c) for c in missing[:40])))
            if len(cs) * 2 > len(ocs):
                bad.append("%s maps %d characters of the original's %d" % (href, len(cs), len(ocs)))
    return bad


def main():
    if sys.argv[1] == "pdf":
        bad = check_pdf(sys.argv[2])
    else:
        bad = check_epub(sys.argv[2], sys.argv[3:])
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
