#!/usr/bin/env python3
"""Look inside an EPUB made by newsml2epub, with the Python standard library
only (independent of the C code).  Used by tests/check-epub.sh.

  epub_text.py ocf EPUB
      mimetype first, stored, no extra field; every other entry deflated
      at the best level.
  epub_text.py words TXT EPUB
      every article of newsml2txt's output TXT (same selection) is in the
      EPUB: the article document with the same headline holds every word of
      the item's text, in order.
  epub_text.py absent EPUB NEWSML...
      items that must not be published (pubStatus canceled or withheld, or
      an embargo) have no headline in the EPUB.
  epub_text.py correction EPUB NEWSML...
      a guid with several versions among the files appears in exactly one
      article, with the words only its latest version has and none of the
      words only older versions have.
  epub_text.py periodical EPUB
      toc.ncx is periodical -> sections -> articles; each section points at
      a page of its own (in the spine before its articles, with an h1 of
      the section's title); dc:creator is set.
  epub_text.py structure EPUB
      every content document is under 250 KB, has one h1 (the cover none)
      and headings that never skip a level; every img has a non-empty alt
      or is alt="" role="presentation"; no alt is a file name.
  epub_text.py meta EPUB NAME -> prints the package's metadata NAME
      (dc:title, dc:identifier, dcterms:modified, schema:... one a line)
  epub_text.py rtl EPUB  -> prints the spine's page-progression-direction
  epub_text.py leak EPUB STRING -> exit 1 if any entry contains STRING
  epub_text.py lang EPUB TEXT LANG
      TEXT appears in the XHTML documents (nav included), and each time
      in an element whose language (its own lang, else the nearest
      ancestor's) is LANG, with a left-to-right dir for "en".
Prints what is wrong and exits 1 on failure."""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

XHTML = '{http://www.w3.org/1999/xhtml}'
OPF = '{http://www.idpf.org/2007/opf}'
NAR = '{http://iptc.org/std/nar/2006-10-01/}'


def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''


def spine_docs(path):
    """[(href, root element)] of the spine, in reading order."""
    z = zipfile.ZipFile(path)
    cont = ET.fromstring(z.read('META-INF/container.xml'))
    opf_path = next(e.get('full-path') for e in cont.iter() if local(e.tag) == 'rootfile')
    base = opf_path.rsplit('/', 1)[0] + '/' if '/' in opf_path else ''
    opf = ET.fromstring(z.read(opf_path))
    hrefs = {i.get('id'): i.get('href') for i in opf.iter(OPF + 'item')}
    docs = []
    for ref in opf.iter(OPF + 'itemref'):
        href = hrefs[ref.get('idref')]
        docs.append((href, ET.fromstring(z.read(base + href))))
    return docs, opf


def text_with_alt(el, out, skip=()):
    """Text of an element in document order; pictures count their alt text.
    Elements with a class in `skip` are left out."""
    if skip and set((el.get('class') or '').split()) & set(skip):
        return
    if local(el.tag) == 'img' and el.get('alt'):
        out.append(' ' + el.get('alt') + ' ')
    if el.text:
        out.append(el.text)
    for child in el:
        text_with_alt(child, out, skip)
        if child.tail:
            out.append(child.tail)


def tokens(text):
    return re.findall(r'\w+', text.lower())


def find_class(root, cls):
    for e in root.iter():
        if cls in (e.get('class') or '').split():
            yield e


class Article:
    """An article document: its headline and the tokens of its parts."""

    def __init__(self, href, story, skip):
        self.href = href
        header = story.find(XHTML + 'header')
        footer = story.find(XHTML + 'footer')
        h1 = next(story.iter(XHTML + 'h1'))
        self.headline = ' '.join(''.join(h1.itertext()).split())
        sub = next(find_class(story, 'subheadline'), None)
        self.title = tokens(self.headline + ' ' + (''.join(sub.itertext()) if sub is not None else ''))
        parts = []
        text_with_alt(story, parts, skip)
        self.all = tokens(''.join(parts))
        body = []
        for child in story:  # pictures and the body: everything but header and footer
            if child is not header and child is not footer:
                text_with_alt(child, body, skip)
        self.body = tokens(''.join(body))
        self.meta = [tokens(''.join(e.itertext())) for cls in ('byline', 'copyright', 'dateline')
                     for e in find_class(story, cls)]
        self.meta += [tokens(''.join(e.itertext())) for e in story.iter(XHTML + 'time')]


def articles(path, skip=()):
    """The article documents, in reading order (elements with a class in
    `skip` left out)."""
    docs, _ = spine_docs(path)
    out = []
    for href, root in docs:
        story = next(find_class(root, 'story'), None)
        if story is not None:
            out.append(Article(href, story, skip))
    return out


def all_text(path):
    docs, opf = spine_docs(path)
    z = zipfile.ZipFile(path)
    parts = []
    for name in z.namelist():
        if name.endswith(('.xhtml', '.ncx', '.opf', '.svg')):
            parts.append(ET.fromstring(z.read(name)).itertext())
    return ' '.join(' '.join(p) for p in parts)


def cmd_ocf(path):
    z = zipfile.ZipFile(path)
    infos = z.infolist()
    bad = []
    first = infos[0]
    if first.filename != 'mimetype' or first.compress_type != zipfile.ZIP_STORED:
        bad.append('mimetype is not the first entry, stored')
    if first.extra:
        bad.append('mimetype has an extra field')
    if z.read('mimetype') != b'application/epub+zip':
        bad.append('mimetype content')
    with open(path, 'rb') as f:
        head = f.read(58)
    if head[30:38] != b'mimetype' or head[28:30] != b'\0\0' or head[38:58] != b'application/epub+zip':
        bad.append('local header of mimetype is not at offset 0 without extra field')
    for i in infos[1:]:
        if i.compress_type != zipfile.ZIP_DEFLATED:
            bad.append(i.filename + ' is not deflated')
        elif i.flag_bits & 6 != 2:  # general purpose bits 1-2: 01 = maximum compression
            bad.append(i.filename + ' is not deflated at the best level')
    for b in bad:
        print(b)
    return 1 if bad else 0


def split_items(txt):
    """newsml2txt's items: separated by a line of dashes."""
    return [p for p in re.split(r'\n-{20,}\n', txt) if p.strip()]


FIELD = re.compile(r"^(Slug|Keywords|Usage|Editor's note): ")


def paragraph_tokens(par):
    """Tokens of a paragraph of newsml2txt output, without its own markup
    (list numbers, picture brackets) and without fields the EPUB does not
    show (slugline, keywords, usage terms, editor's note)."""
    keep, in_field = [], False
    for line in par.split('\n'):
        if FIELD.match(line):
            in_field = True
            continue
        if in_field and line.startswith('  '):
            continue
        in_field = False
        line = re.sub(r'^\s*\d+\.\s', ' ', line)  # ordered list numbers: CSS in the EPUB
        line = re.sub(r'\[Picture:?', ' ', line)
        keep.append(line)
    return tokens('\n'.join(keep))


def has_run(toks, run):
    n = len(run)
    return n > 0 and any(toks[i:i + n] == run for i in range(len(toks) - n + 1))


def missing_in_order(words, stream):
    """Words not found in order in the character stream."""
    pos, missing = 0, []
    for w in words:
        i = stream.find(w, pos)
        if i < 0:
            missing.append(w)
        else:
            pos = i + len(w)
    return missing


def compare(item, art):
    """Missing words of a text item in an article: the title against the
    headline, the body against the pictures and body.  The header block
    (byline, dateline, copyright: formatted by the shared metadata module)
    is recognised by what the article shows and not compared word by word."""
    pars = [p for p in re.split(r'\n\s*\n', item.strip('\n')) if p.strip()]
    toks = [paragraph_tokens(p) for p in pars]
    title = []
    if toks and ''.join(art.title).startswith(''.join(toks[0])) and toks[0]:
        title = toks.pop(0)
        pars.pop(0)
    if toks and any(has_run(toks[0], m) for m in art.meta if m):
        toks.pop(0)
    body = [t for p in toks for t in p]
    return missing_in_order(title, ''.join(art.title)) + missing_in_order(body, ''.join(art.body))


def cmd_words(txt_path, path):
    with open(txt_path, encoding='utf-8') as f:
        items = split_items(f.read())
    arts = articles(path)
    lost = 0
    used = set()
    for item in items:
        first = paragraph_tokens(item.strip().split('\n\n')[0])
        # the article with this headline; else (no headline) the one that holds the item
        by_title = [a for a in arts if a.href not in used and first and
                    ''.join(a.title).startswith(''.join(first))]
        match = by_title[0] if by_title else next(
            (a for a in arts if a.href not in used and not compare(item, a)), None)
        if match is not None:
            used.add(match.href)
            missing = compare(item, match)
            if missing:
                lost += 1
                print('%s (%s): missing or out of order: %s' % (match.href, match.headline[:40], ' '.join(missing[:20])))
            continue
        # a picture item shows inside the article that links to it (once:
        # not again when the body already shows the same image), so only
        # its headline must be somewhere in the digest
        everywhere = set(t for a in arts for t in a.all)
        missing = [t for t in first if t not in everywhere]
        if missing:
            print('item starting "%s": words missing: %s' % (item.strip().split('\n')[0][:50], ' '.join(missing[:20])))
            lost += 1
    for a in arts:
        if a.href not in used:
            print('%s (%s): an article that is not in the text output' % (a.href, a.headline[:40]))
            lost += 1
    return 1 if lost else 0


def newsml_items(paths):
    for p in paths:
        root = ET.parse(p).getroot()
        its = [root] if local(root.tag) in ('newsItem', 'packageItem') else \
            [e for e in root.iter() if local(e.tag) in ('newsItem',)]
        for it in its:
            yield p, it


def headlines(it):
    return [' '.join(''.join(h.itertext()).split()) for h in it.iter(NAR + 'headline')]


def cmd_absent(path, files):
    text = ' '.join(all_text(path).split())
    bad = 0
    checked = 0
    for p, it in newsml_items(files):
        st = next((e.get('qcode') for e in it.iter(NAR + 'pubStatus')), 'stat:usable')
        embargo = next(it.iter(NAR + 'embargoed'), None)
        if st in ('stat:canceled', 'stat:withheld') or embargo is not None:
            checked += 1
            for h in headlines(it):
                if h and h in text:
                    print('%s (%s): headline "%s" is in the EPUB' % (p, st, h[:60]))
                    bad += 1
    if not checked:
        print('no canceled, withheld or embargoed item among the inputs')
        return 1
    return 1 if bad else 0


def body_tokens(it):
    parts = []
    for c in it.iter():
        if local(c.tag) in ('inlineXML', 'inlineData'):
            parts.append(' '.join(c.itertext()))
            break  # the first alternative is enough for a word set
    return set(tokens(' '.join(parts)))


def cmd_correction(path, files):
    byguid = {}
    for p, it in newsml_items(files):
        byguid.setdefault(it.get('guid'), []).append((int(it.get('version') or 1), it))
    # the correction note may quote the old wording: it is not the story
    arts = articles(path, skip=('correction',))
    bad = 0
    checked = 0
    for guid, vers in byguid.items():
        if len(vers) < 2:
            continue
        checked += 1
        vers.sort(key=lambda v: v[0])
        latest = vers[-1][1]
        older = [v[1] for v in vers[:-1]]
        heads = set()
        for it in [latest] + older:
            heads.update(headlines(it))
        hits = [a for a in arts if a.headline in heads]
        if len(hits) != 1:
            print('%s: %d articles (expected 1)' % (guid, len(hits)))
            bad += 1
            continue
        words = set(hits[0].all)
        new = body_tokens(latest)
        old = set().union(*(body_tokens(o) for o in older))
        only_new, only_old = new - old, old - new
        if not only_new <= words:
            print('%s: words of the latest version missing: %s' % (guid, ' '.join(sorted(only_new - words))))
            bad += 1
        if only_old & words:
            print('%s: words of an older version present: %s' % (guid, ' '.join(sorted(only_old & words))))
            bad += 1
    if not checked:
        print('no item with several versions among the inputs')
        return 1
    return 1 if bad else 0


def cmd_rtl(path):
    _, opf = spine_docs(path)
    spine = next(opf.iter(OPF + 'spine'))
    print(spine.get('page-progression-direction') or 'default')
    return 0


def cmd_leak(path, needle):
    z = zipfile.ZipFile(path)
    for name in z.namelist():
        if needle.encode() in z.read(name):
            print('%s contains %r' % (name, needle))
            return 1
    return 0


NCX = '{http://www.daisy.org/z3986/2005/ncx/}'


def cmd_periodical(path):
    z = zipfile.ZipFile(path)
    docs, opf = spine_docs(path)
    order = [h for h, _ in docs]
    roots = dict(docs)
    ncx = ET.fromstring(z.read('EPUB/toc.ncx'))
    bad = []
    nav_map = next(ncx.iter(NCX + 'navMap'))
    top = nav_map.findall(NCX + 'navPoint')
    if len(top) != 1 or top[0].get('class') != 'periodical':
        return print('the navMap does not hold one periodical navPoint') or 1
    sections = top[0].findall(NCX + 'navPoint')
    if not sections:
        bad.append('the periodical has no sections')
    for sec in sections:
        label = ''.join(next(sec.iter(NCX + 'text')).itertext())
        src = sec.find(NCX + 'content').get('src')
        arts = sec.findall(NCX + 'navPoint')
        if sec.get('class') != 'section':
            bad.append('%s: class %s, not section' % (label, sec.get('class')))
        if not arts or any(a.get('class') != 'article' for a in arts):
            bad.append('%s: no articles, or a child that is not an article' % label)
        if src not in roots:
            bad.append('%s: %s is not in the spine' % (label, src))
            continue
        h1 = [''.join(h.itertext()) for h in roots[src].iter(XHTML + 'h1')]
        if h1 != [label]:
            bad.append('%s: its page %s has h1 %r' % (label, src, h1))
        for a in arts:
            asrc = a.find(NCX + 'content').get('src')
            if asrc == src or asrc not in roots or order.index(asrc) < order.index(src):
                bad.append('%s: article %s does not follow the section page' % (label, asrc))
    if not any(local(e.tag) == 'creator' and (e.text or '').strip() for e in opf.iter()):
        bad.append('no dc:creator')
    for b in bad:
        print(b)
    return 1 if bad else 0


FILE_NAME = re.compile(r'^\S+\.(jpe?g|png|gif|svg|tiff?|webp|bmp)$', re.I)


def cmd_structure(path):
    z = zipfile.ZipFile(path)
    bad = []
    for info in z.infolist():
        if not info.filename.endswith('.xhtml'):
            continue
        name = info.filename.rsplit('/', 1)[-1]
        if info.file_size > 250 * 1000:
            bad.append('%s: %d bytes' % (name, info.file_size))
        root = ET.fromstring(z.read(info.filename))
        levels = [int(local(e.tag)[1]) for e in root.iter()
                  if re.fullmatch(r'h[1-6]', local(e.tag))]
        if name != 'cover.xhtml' and levels.count(1) != 1:
            bad.append('%s: %d h1' % (name, levels.count(1)))
        for prev, cur in zip(levels, levels[1:]):
            if cur > prev + 1:
                bad.append('%s: h%d after h%d' % (name, cur, prev))
                break
        for img in root.iter(XHTML + 'img'):
            alt = img.get('alt')
            if alt is None or (not alt.strip() and img.get('role') != 'presentation'):
                bad.append('%s: img %s without a text alternative' % (name, img.get('src')))
            elif FILE_NAME.match(alt.strip()):
                bad.append('%s: img %s has a file name for alt' % (name, img.get('src')))
    for b in bad:
        print(b)
    return 1 if bad else 0


def cmd_meta(path, name):
    _, opf = spine_docs(path)
    meta = next(e for e in opf if local(e.tag) == 'metadata')
    for e in meta:
        key = e.get('property') or ('dc:' + local(e.tag) if 'purl.org/dc' in e.tag else e.get('name'))
        if key == name:
            print(e.text if e.text is not None else e.get('content'))
    return 0


def cmd_lang(path, text, lang):
    z = zipfile.ZipFile(path)
    seen, bad = 0, []
    for name in z.namelist():
        if not name.endswith('.xhtml'):
            continue
        root = ET.fromstring(z.read(name))
        parent = {c: p for p in root.iter() for c in p}
        for e in root.iter():
            if (e.text or '').strip() != text:
                continue
            seen += 1
            got = dirs = None
            node = e
            while node is not None:
                got = got or node.get('lang')
                dirs = dirs or node.get('dir')
                node = parent.get(node)
            if got != lang or (lang == 'en' and dirs != 'ltr'):
                bad.append('%s: <%s>%s</%s> in lang=%s dir=%s' % (name, local(e.tag), text,
                                                                  local(e.tag), got, dirs))
    if not seen:
        bad.append('%r is in no XHTML document' % text)
    for b in bad:
        print(b)
    return 1 if bad else 0


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    fn = {'ocf': cmd_ocf, 'words': cmd_words, 'absent': lambda e, *f: cmd_absent(e, f),
          'correction': lambda e, *f: cmd_correction(e, f), 'rtl': cmd_rtl, 'leak': cmd_leak,
          'periodical': cmd_periodical, 'structure': cmd_structure, 'meta': cmd_meta,
          'lang': cmd_lang}[cmd]
    sys.exit(fn(*args))


if __name__ == '__main__':
    main()
