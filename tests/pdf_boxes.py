#!/usr/bin/env python3
"""Page boxes and XMP metadata of a PDF made by newsml2pdf (through
`qpdf --json`): every page has a TrimBox inside its MediaBox (and a
BleedBox between the two when there is one); the catalog has an
uncompressed XMP metadata stream, well-formed, with the title, the dates and
the producer of the information dictionary.

Usage: pdf_boxes.py FILE.pdf [--bleed POINTS]"""
import base64
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}


def fail(msg):
    print(msg)
    sys.exit(1)


def main():
    path = sys.argv[1]
    bleed = float(sys.argv[sys.argv.index("--bleed") + 1]) if "--bleed" in sys.argv else 0.0
    out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline", "--json-key=qpdf", path],
                         capture_output=True, check=True).stdout
    objs = json.loads(out)["qpdf"][1]

    def get(ref):
        o = objs["obj:" + ref]
        return o.get("value", o.get("stream"))

    root = get(objs["trailer"]["value"]["/Root"])
    pages = []
    todo = [root["/Pages"]]
    while todo:
        node = get(todo.pop(0))
        if node.get("/Type") == "/Pages":
            todo[0:0] = node["/Kids"]
        else:
            pages.append(node)
    if not pages:
        fail("no pages")
    for n, p in enumerate(pages, 1):
        media, trim = p.get("/MediaBox"), p.get("/TrimBox")
        if not media or not trim:
            fail("page %d: MediaBox %s, TrimBox %s" % (n, media, trim))
        inside = lambda a, b: a[0] >= b[0] and a[1] >= b[1] and a[2] <= b[2] and a[3] <= b[3]
        if not inside(trim, media):
            fail("page %d: TrimBox %s outside MediaBox %s" % (n, trim, media))
        bbox = p.get("/BleedBox")
        if bleed > 0:
            want = [trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed]
            if not bbox or any(abs(a - b) > 0.01 for a, b in zip(bbox, want)):
                fail("page %d: BleedBox %s, want %s" % (n, bbox, want))
            if not inside(bbox, media) or bbox == media:
                fail("page %d: no room for crop marks: BleedBox %s, MediaBox %s" % (n, bbox, media))
        elif bbox:
            fail("page %d: a BleedBox without bleed" % n)

    md = root.get("/Metadata")
    if not md:
        fail("no /Metadata in the catalog")
    stream = objs["obj:" + md]["stream"]
    d = stream["dict"]
    if d.get("/Type") != "/Metadata" or d.get("/Subtype") != "/XML" or "/Filter" in d:
        fail("metadata stream dictionary: %s" % d)
    xml = base64.b64decode(stream["data"])
    tree = ET.fromstring(xml[xml.index(b"<x:xmpmeta"):xml.index(b"</x:xmpmeta>") + 12])
    desc = tree.find(".//rdf:Description", NS)
    title = desc.find("dc:title/rdf:Alt/rdf:li", NS)
    producer = desc.find("pdf:Producer", NS)
    created = desc.find("xmp:CreateDate", NS)
    info = get(objs["trailer"]["value"]["/Info"])
    for key, node in (("/Title", title), ("/Producer", producer)):
        val = info.get(key, "")
        val = val[2:] if val.startswith("u:") else val
        if node is None or node.text != val:
            fail("XMP %s %r differs from the information dictionary's %r"
                 % (key, None if node is None else node.text, val))
    if created is None or not created.text.startswith(info.get("/CreationDate", "")[4:8]):
        fail("XMP CreateDate %r, info %r" % (None if created is None else created.text,
                                              info.get("/CreationDate")))
    print("%d pages with boxes; XMP title %r" % (len(pages), title.text))


main()
