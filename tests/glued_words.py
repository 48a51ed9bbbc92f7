#!/usr/bin/env python3
"""Check that no word of a converter's text output is two words of the
NewsML-G2 file glued together at an element boundary.

usage: glued_words.py NEWSML_FILE OUTPUT_TEXT_FILE
The XML's text is split at every element boundary but those of inline
formatting (b, em, a, span...: a drop cap "<b>W</b>ELLINGTON" is one
word), HTML sent as text included.  Where a word (or a comma, semicolon
or colon) meets a word at such a boundary with no space, the two joined
("ByStaff", "WELLINGTON,Nov.") must not appear in any output word, unless
the XML also has that string inside one text node.  Prints the glued
words and exits 1 if there are any.  Independent of the C reader."""
import html
import html.parser
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

# inline formatting: the only elements whose edges may fall inside a word
INLINE = {'b', 'i', 'em', 'strong', 'a', 'span', 'u', 'sup', 'sub', 'q', 'cite', 'abbr',
          'small', 'big', 'tt', 'code', 'font', 's', 'strike', 'mark', 'ins', 'del', 'dfn',
          'var', 'kbd', 'samp', 'bdi', 'bdo', 'lang', 'pronounce', 'emphasis'}
SKIP = {'script', 'style'}
MARK = '\x00'


def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''


def no_space_script(ch):
    name = unicodedata.name(ch, '')
    return any(k in name for k in ('CJK', 'HIRAGANA', 'KATAKANA', 'THAI', 'LAO', 'KHMER',
                                   'MYANMAR', 'IDEOGRAPH'))


class HtmlText(html.parser.HTMLParser):
    def __init__(self, out):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = out, 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in SKIP
        if tag not in INLINE:
            self.out.append(MARK)

    def handle_endtag(self, tag):
        self.skip -= tag in SKIP and self.skip > 0
        if tag not in INLINE:
            self.out.append(MARK)

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def walk(el, out):
    name = local(el.tag)
    if name in SKIP:
        return
    split = name not in INLINE
    if split:
        out.append(MARK)
    text = el.text or ''
    if name == 'inlineData' and re.search(r'<[a-zA-Z][^>]*>', text):
        HtmlText(out).feed(html.unescape(text) if '&lt;' in text else text)
    else:
        out.append(text)
    for child in el:
        walk(child, out)
        out.append(child.tail or '')
    if split:
        out.append(MARK)


def main():
    stream = []
    walk(ET.parse(sys.argv[1]).getroot(), stream)
    marked = ''.join(stream)
    plain_nodes = marked.split(MARK)
    with open(sys.argv[2], encoding='utf-8') as f:
        out_words = f.read().split()
    bad = set()
    for m in re.finditer(r'(\w+[,;:]?)' + MARK + r'+(?=(\w+))', marked):
        left, right = m.group(1), m.group(2)
        if no_space_script(left.rstrip(',;:')[-1]) or no_space_script(right[0]):
            continue
        glued = left + right
        if any(glued in node for node in plain_nodes):
            continue  # the source writes it as one word somewhere
        if any(glued in w for w in out_words):
            bad.add(glued)
    for g in sorted(bad):
        print('glued at an element boundary: ' + g)
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
