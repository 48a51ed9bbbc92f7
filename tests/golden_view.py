#!/usr/bin/env python3
"""Turn an output into the text a golden file holds, with the standard
library only (independent of the C code).  Used by tests/check-golden.sh.

  golden_view.py epub FILE.epub   every spine document's text in reading
                                  order, then the package document
  golden_view.py bundle DIR       every file of a bundle, sorted: a
                                  '== NAME' line, then its bytes (latin-1
                                  shown as is, control bytes as \\xNN)"""
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

OPF = '{http://www.idpf.org/2007/opf}'
BLOCKS = {'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'figcaption', 'dt', 'dd',
          'blockquote', 'tr', 'header', 'footer', 'section', 'article', 'nav', 'aside',
          'div', 'figure', 'br'}


def text_of(elem, out):
    tag = elem.tag.split('}')[-1]
    if tag == 'img':
        out.append('[img alt=%r]' % elem.get('alt'))
    if elem.text:
        out.append(elem.text)
    for child in elem:
        text_of(child, out)
        if child.tail:
            out.append(child.tail)
    if tag in BLOCKS:
        out.append('\n')


def epub(path):
    z = zipfile.ZipFile(path)
    container = ET.fromstring(z.read('META-INF/container.xml'))
    opf_path = next(e.get('full-path') for e in container.iter() if e.get('full-path'))
    opf_raw = z.read(opf_path).decode('utf-8')
    opf = ET.fromstring(opf_raw)
    base = os.path.dirname(opf_path)
    items = {i.get('id'): i.get('href') for i in opf.iter(OPF + 'item')}
    for ref in opf.iter(OPF + 'itemref'):
        href = items[ref.get('idref')]
        doc = ET.fromstring(z.read(os.path.join(base, href) if base else href))
        body = next(e for e in doc.iter() if e.tag.endswith('body'))
        out = []
        text_of(body, out)
        text = re.sub(r'[ \t]+', ' ', ''.join(out))
        text = re.sub(r' *\n[ \n]*', '\n', text).strip()
        print('== ' + href)
        print(text)
    print('== ' + opf_path)
    print(opf_raw.rstrip())


def bundle(path):
    for name in sorted(os.listdir(path)):
        print('== ' + name)
        data = open(os.path.join(path, name), 'rb').read()
        print(''.join(chr(b) if b >= 0x20 or b in (0x0a,) else '\\x%02x' % b
                      for b in data))


if __name__ == '__main__':
    {'epub': epub, 'bundle': bundle}[sys.argv[1]](sys.argv[2])
