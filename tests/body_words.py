#!/usr/bin/env python3
"""Check that every word of each item's body, as the NewsML-G2 file carries
it, appears in a converter's text output, in order.

usage: body_words.py NEWSML_FILE OUTPUT_TEXT_FILE
Prints what is missing and exits 1 if a word is lost.  Used by the tests on
real agency files (independent of the C reader: Python's own XML parser)."""
import html
import re
import sys
import xml.etree.ElementTree as ET

NAR = '{http://iptc.org/std/nar/2006-10-01/}'
SKIP = {'head', 'title', 'meta', 'script', 'style', 'link', 'docdata', 'classifier'}


def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''


def markup_words(el, out):
    if local(el.tag) in SKIP:
        return
    if el.text:
        out.append(el.text)
    for child in el:
        markup_words(child, out)
        if child.tail:
            out.append(child.tail)


def content_words(content):
    parts = []
    if local(content.tag) == 'inlineXML':
        for child in content:
            markup_words(child, parts)
            if child.tail:
                parts.append(child.tail)
        text = ' '.join(parts)
    else:
        text = content.text or ''
        if re.search(r'<(p|br|div|b|i|em|strong|h[1-6])\b', text, re.I):
            text = re.sub(r'<[^>]*>', ' ', text)
            text = html.unescape(text)
    return text.split()


def norm(w):
    return w.strip()


def main():
    tree = ET.parse(sys.argv[1])
    with open(sys.argv[2], encoding='utf-8') as f:
        out_words = f.read().split()
    # words may be glued to neighbours by inline markup boundaries in the
    # output ("<em>x</em>," -> "x,"): compare on a character stream instead
    out_stream = ''.join(out_words)
    lost = 0
    for cs in tree.iter(NAR + 'contentSet'):
        contents = [c for c in cs if local(c.tag) in ('inlineXML', 'inlineData')]
        if not contents:
            continue
        # the reader picks the richest alternative; any one must be complete
        best = None
        for c in contents:
            words = content_words(c)
            pos, missing = 0, []
            for w in words:
                i = out_stream.find(w, pos)
                if i < 0:
                    missing.append(w)
                else:
                    pos = i + len(w)
            if best is None or len(missing) < len(best):
                best = missing
        if best:
            lost += len(best)
            print('missing or out of order: ' + ' '.join(best[:20]))
    sys.exit(1 if lost else 0)


if __name__ == '__main__':
    main()
