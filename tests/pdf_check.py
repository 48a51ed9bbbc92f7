#!/usr/bin/env python3
"""Checks of an e-paper made by newsml2pdf, from the PDF itself (pdftotext
-bbox word boxes) and the program's --layout-report / --fonts-report.
Standard library only; needs poppler-utils (pdftotext) and fontconfig
(fc-query).

usage:
  pdf_check.py words   PDF LAYOUT TXT     every word of each article (newsml2txt
                                          output of the same selection) is in
                                          its story, in order
  pdf_check.py area    PDF LAYOUT STYLE   no word outside the type area of the
                                          style's margins; boxes do not overlap
  pdf_check.py jumps   PDF LAYOUT [MIN]   "Continued on page N" leads to page N
                                          where the story goes on "from page M";
                                          MIN: at least that many jumps
  pdf_check.py fonts   FONTS WHERE...     the fonts that drew the articles whose
                                          FILE:LINE contains WHERE cover every
                                          character they drew (fc-query)
  pdf_check.py tables  PDF LAYOUT XML...  the tables of these items are drawn
                                          as tables inside their story's area:
                                          each body row on a line of its own,
                                          number columns flush right, the
                                          others flush left, in column order,
                                          with rules over and under (qpdf)
Prints what is wrong and exits 1, or exits 0."""
import html
import re
import subprocess
import sys
import unicodedata

TOL = 1.5  # points: rounding of word boxes


def die(msg):
    print(msg)
    sys.exit(1)


def load_layout(path):
    pages, stories, boxes = {}, {}, []
    with open(path, encoding='utf-8') as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if p[0] == 'page':
                pages[int(p[1])] = dict(number=int(p[2]), title=p[3],
                                        area=tuple(float(x) for x in p[4:8]))
            elif p[0] == 'story':
                stories[int(p[1])] = dict(where=p[2], guid=p[3], nseg=int(p[4]), rtl=p[5] == 'rtl',
                                          headline=p[6] if len(p) > 6 else '')
            elif p[0] == 'box':
                boxes.append(dict(story=int(p[1]), page=int(p[2]), kind=p[3],
                                  x=float(p[4]), y=float(p[5]), w=float(p[6]), h=float(p[7]),
                                  words=[]))
    return pages, stories, boxes


def load_words(pdf):
    out = subprocess.run(['pdftotext', '-bbox', pdf, '-'], capture_output=True, check=True)
    text = out.stdout.decode('utf-8')
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', text, re.S):
        words = []
        for w in re.finditer(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                             r'yMax="([-\d.]+)">(.*?)</word>', m.group(3), re.S):
            words.append((float(w.group(1)), float(w.group(2)), float(w.group(3)),
                          float(w.group(4)), html.unescape(w.group(5))))
        pages.append(dict(w=float(m.group(1)), h=float(m.group(2)), words=words))
    return pages


def assign(pages, boxes):
    """Each word to the box that holds its centre."""
    by_page = {}
    for b in boxes:
        by_page.setdefault(b['page'], []).append(b)
    lost = []
    for i, pg in enumerate(pages):
        cand = by_page.get(i, [])
        for w in pg['words']:
            cx, cy = (w[0] + w[2]) / 2, (w[1] + w[3]) / 2
            for b in cand:
                if b['x'] - 1 <= cx <= b['x'] + b['w'] + 1 and b['y'] - 1 <= cy <= b['y'] + b['h'] + 1:
                    b['words'].append(w)
                    break
            else:
                lost.append((i, w))
    return lost


def is_rtl_text(s):
    return any('\u0590' <= c <= '\u08ff' or '\ufb1d' <= c <= '\ufdff' or '\ufe70' <= c <= '\ufefe'
               for c in s)


def box_text(b, rtl):
    ws = sorted(b['words'], key=lambda w: -w[0] if rtl else w[0])
    out = []
    for w in ws:
        t = w[4]
        if rtl and is_rtl_text(t):
            t = t[::-1]  # pdftotext gives right-to-left words in visual order
        out.append(t)
    return ' '.join(out)


def norm(s):
    s = unicodedata.normalize('NFKC', s).casefold()
    return ''.join(c for c in s if c.isalnum())


def story_streams(stories, boxes):
    """A story's text in reading order: its headline block where it starts,
    then its columns; jump lines and the short headlines of continuations
    are left out (a word hyphenated across a jump joins up again)."""
    st, first = {}, {}
    for b in boxes:
        k = b['story']
        if k not in stories:
            continue
        first.setdefault(k, b['page'])
        if b['kind'] == 'col' or b['kind'] == 'pic' or (b['kind'] == 'head' and b['page'] == first[k]):
            st.setdefault(k, []).append(box_text(b, stories[k]['rtl']))
    return {k: ' '.join(v) for k, v in st.items()}


# ---- words -------------------------------------------------------------------

def txt_items(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    return [t.strip('\n') for t in re.split(r'\n-{72}\n', text) if t.strip()]


def check_words(pdf, layout, txt):
    pages, stories, boxes = load_layout(layout)
    wpages = load_words(pdf)
    assign(wpages, boxes)
    streams = story_streams(stories, boxes)
    heads = {norm(s['headline']): k for k, s in stories.items()}
    problems, matched = [], set()
    for item in txt_items(txt):
        blocks = re.split(r'\n\s*\n', item)
        title = blocks[0]
        # the headline is the title's first lines; the subheadline may follow
        key = None
        t = norm(title)
        for h, k in heads.items():
            if h and t.startswith(h):
                key = k
                break
        if key is None:
            if '[Picture' in item:
                continue  # a picture item: shown with the story that links to it
            problems.append('no story for the item beginning: ' + title.splitlines()[0][:60])
            continue
        matched.add(key)
        body = '\n\n'.join([title] + blocks[2:])
        pictures = re.findall(r'\[Picture(?::\s*)?(.*?)\]', body, re.S)
        body = re.sub(r'\[Picture(?::\s*)?(.*?)\]', ' ', body, flags=re.S)
        stream = norm(streams.get(key, ''))
        pos, missing = 0, []
        for w in body.split():
            n = norm(w)
            if not n:
                continue
            i = stream.find(n, pos)
            if i < 0:
                missing.append(w)
            else:
                pos = i + len(n)
        for cap in pictures:  # captions sit with their picture: anywhere in the story
            for w in cap.split():
                if norm(w) and norm(w) not in stream:
                    missing.append('[caption] ' + w)
        if missing:
            problems.append('%s: %d words missing or out of order: %s' % (
                stories[key]['where'], len(missing), ' '.join(missing[:15])))
    for k, s in stories.items():
        if k not in matched:
            problems.append('%s: story not in the text output' % s['where'])
    if problems:
        die('\n'.join(problems))
    print('%d stories checked' % len(matched))


# ---- area and overlaps ------------------------------------------------------

def style_values(style):
    """A .style file's keys ('section.key') and their values."""
    vals = {}
    sec = ''
    with open(style, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in '#;':
                continue
            if line.startswith('['):
                sec = line[1:-1].strip()
                continue
            k, _, v = line.partition('=')
            vals[(sec + '.' if sec else '') + k.strip()] = v.strip()
    return vals


def style_areas(style, npages_numbers):
    vals = style_values(style)
    g = lambda k, d: float(vals.get('page.' + k, d))
    w, h = g('width', 936), g('height', 1584)
    top, bottom = g('margin_top', 36), g('margin_bottom', 36)
    inner, outer = g('margin_inner', 33), g('margin_outer', 33)
    areas = {}
    for idx, number in npages_numbers.items():
        left, right = (inner, outer) if number % 2 == 1 else (outer, inner)
        areas[idx] = (left, top, w - right, h - bottom)
    return areas, (w, h)


def check_area(pdf, layout, style):
    pages, stories, boxes = load_layout(layout)
    areas, size = style_areas(style, {i: p['number'] for i, p in pages.items()})
    wpages = load_words(pdf)
    problems = []
    if len(wpages) != len(pages):
        problems.append('layout report has %d pages, the PDF %d' % (len(pages), len(wpages)))
    for i, pg in enumerate(wpages):
        if abs(pg['w'] - size[0]) > 0.5 or abs(pg['h'] - size[1]) > 0.5:
            problems.append('page %d is %gx%g, the style says %gx%g' % (i + 1, pg['w'], pg['h'], *size))
        x0, y0, x1, y1 = areas.get(i, (0, 0, 0, 0))
        for w in pg['words']:
            if w[0] < x0 - TOL or w[1] < y0 - TOL or w[2] > x1 + TOL or w[3] > y1 + TOL:
                problems.append('page %d: "%s" at (%.1f,%.1f)-(%.1f,%.1f) is outside the type area '
                                '(%.1f,%.1f)-(%.1f,%.1f)' % (i + 1, w[4], *w[:4], x0, y0, x1, y1))
    # boxes of stories and pictures never overlap
    by_page = {}
    for b in boxes:
        if b['kind'] != 'text':
            by_page.setdefault(b['page'], []).append(b)
        x0, y0, x1, y1 = areas.get(b['page'], (0, 0, 0, 0))
        if b['x'] < x0 - 0.01 or b['y'] < y0 - 0.01 or b['x'] + b['w'] > x1 + 0.01 or \
                b['y'] + b['h'] > y1 + 0.01:
            problems.append('page %d: a %s box of story %d leaves the type area' %
                            (b['page'] + 1, b['kind'], b['story']))
    for p, bs in by_page.items():
        bs.sort(key=lambda b: b['y'])
        for i, a in enumerate(bs):
            for b in bs[i + 1:]:
                if b['y'] >= a['y'] + a['h'] - 0.01:
                    break
                ox = min(a['x'] + a['w'], b['x'] + b['w']) - max(a['x'], b['x'])
                oy = min(a['y'] + a['h'], b['y'] + b['h']) - max(a['y'], b['y'])
                if ox > 0.01 and oy > 0.01:
                    problems.append('page %d: %s box of story %d overlaps %s box of story %d' %
                                    (p + 1, a['kind'], a['story'], b['kind'], b['story']))
    if problems:
        die('\n'.join(problems[:40]))
    print('%d pages checked' % len(wpages))


# ---- jumps -------------------------------------------------------------------

def check_jumps(pdf, layout, minimum=0):
    pages, stories, boxes = load_layout(layout)
    wpages = load_words(pdf)
    assign(wpages, boxes)
    by_number = {}
    for i, p in pages.items():
        by_number.setdefault(p['number'], []).append(i)
    problems, n = [], 0
    outs = [b for b in boxes if b['kind'] == 'jumpout']
    ins = [b for b in boxes if b['kind'] == 'jumpin']
    for b in outs:
        t = box_text(b, False)
        m = re.search(r'Continued on page (\d+)', t)
        if not m:
            problems.append('page %d: jump line of story %d reads "%s"' % (b['page'] + 1, b['story'], t))
            continue
        n += 1
        target = int(m.group(1))
        here = pages[b['page']]['number']
        ok = False
        for idx in by_number.get(target, []):
            for c in ins:
                if c['page'] == idx and c['story'] == b['story'] and \
                        re.search(r'Continued from page %d\b' % here, box_text(c, False)):
                    body = [d for d in boxes if d['page'] == idx and d['story'] == b['story']
                            and d['kind'] == 'col' and d['words']]
                    ok = ok or bool(body)
        if not ok:
            problems.append('page %d: story %s says "Continued on page %d", but page %d does not '
                            'continue it "from page %d"' % (b['page'] + 1, stories[b['story']]['where'],
                                                            target, target, here))
    for c in ins:
        t = box_text(c, False)
        m = re.search(r'Continued from page (\d+)', t)
        if not m:
            problems.append('page %d: continuation line of story %d reads "%s"' % (c['page'] + 1, c['story'], t))
            continue
        src = int(m.group(1))
        if not any(b['story'] == c['story'] and pages[b['page']]['number'] == src for b in outs):
            problems.append('page %d: "Continued from page %d" but no jump there' % (c['page'] + 1, src))
    for k, s in stories.items():
        if s['nseg'] > 1 and sum(1 for b in outs if b['story'] == k) != s['nseg'] - 1:
            problems.append('%s: %d segments but %d jump lines' % (
                s['where'], s['nseg'], sum(1 for b in outs if b['story'] == k)))
    if n < minimum:
        problems.append('only %d jumps, expected at least %d' % (n, minimum))
    if problems:
        die('\n'.join(problems[:40]))
    print('%d jumps checked' % n)


# ---- fonts -------------------------------------------------------------------

def charset(path, index, cache={}):
    key = (path, index)
    if key not in cache:
        out = subprocess.run(['fc-query', '--index', str(index), '--format', '%{charset}', path],
                             capture_output=True, check=True).stdout.decode()
        cps = set()
        for r in out.split():
            a, _, b = r.partition('-')
            cps.update(range(int(a, 16), int(b or a, 16) + 1))
        cache[key] = cps
    return cache[key]


def check_fonts(report, wheres):
    faces, seen, problems = {}, {w: 0 for w in wheres}, []
    with open(report, encoding='utf-8') as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if p[0] == 'font':
                faces[p[1]] = (p[2], int(p[3]), p[4])
            elif p[0] == 'chars':
                where, face, cps = p[1], p[2], [int(c[2:], 16) for c in p[3].split()]
                hit = [w for w in wheres if w in where]
                if not hit:
                    continue
                path, index, family = faces[face]
                lacking = [c for c in cps if c not in charset(path, index)]
                if lacking:
                    problems.append('%s: %s lacks %s' % (where, family, ' '.join('U+%04X' % c for c in lacking[:10])))
                for w in hit:
                    seen[w] += len(cps)
    for w, n in seen.items():
        if not n:
            problems.append('no characters drawn for an article matching "%s"' % w)
    if problems:
        die('\n'.join(problems))
    print(', '.join('%s: %d characters' % kv for kv in seen.items()))


# ---- tables -------------------------------------------------------------------


def is_number(text):
    """A number cell, as the renderer decides (pdf_story.c numeric())."""
    return any(c.isdigit() for c in text) and all(
        c.isdigit() or c in ' +-.,%:/()$*' or ord(c) >= 0x80 for c in text)


def source_tables(path):
    """The tables of an item: lists of body rows (lists of cell texts)."""
    with open(path, encoding='utf-8') as f:
        src = f.read()
    tables = []
    for t in re.findall(r'<table\b.*?</table>', src, re.S):
        rows = []
        for tr in re.findall(r'<tr\b.*?</tr>', t, re.S):
            if '<th' in tr:
                continue
            cells = [' '.join(html.unescape(re.sub(r'<[^>]*>', '', c)).split())
                     for c in re.findall(r'<td\b[^>]*>(.*?)</td>', tr, re.S)]
            if cells:
                rows.append(cells)
        tables.append(rows)
    return tables


def load_areas(path):
    areas = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if p[0] == 'area':
                areas.setdefault(int(p[1]), []).append(
                    (int(p[2]), *(float(x) for x in p[4:8])))
    return areas


def row_cells(line, row):
    """Boxes (xMin, xMax) of each cell of `row` along the words of a line (a
    cell may wrap in its column: its first words on the line), or None where a
    cell's first word does not follow the previous cell."""
    out, k = [], 0
    for cell in row:
        toks = cell.split()
        found = None
        for j in range(k, len(line)):
            n = 0
            while n < len(toks) and j + n < len(line) and line[j + n][4] == toks[n]:
                n += 1
            if n:  # the whole cell, or its first words (the rest wrapped)
                found = (line[j][0], line[j + n - 1][2])
                k = j + n
                break
        out.append(found)
    return out


def load_rules(pdf):
    """Horizontal strokes per page (0-based): (x0, x1, y from the top)."""
    out = subprocess.run(['qpdf', '--qdf', '--object-streams=disable', pdf, '-'],
                         capture_output=True, check=True).stdout.decode('latin-1')
    heights = [float(m.group(1)) for m in
               re.finditer(r'/MediaBox \[\s*[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+([-\d.]+)', out)]
    rules, page = {}, -1
    for part in re.split(r'(%% Contents for page \d+)', out):
        m = re.match(r'%% Contents for page (\d+)', part)
        if m:
            page = int(m.group(1)) - 1
            continue
        if page < 0:
            continue
        h = heights[page] if page < len(heights) else heights[-1]
        for r in re.finditer(r'([-\d.]+) ([-\d.]+) m\s+([-\d.]+) ([-\d.]+) l\s+S', part):
            x0, y0, x1, y1 = (float(v) for v in r.groups())
            if abs(y0 - y1) < 0.01:
                rules.setdefault(page, []).append((min(x0, x1), max(x0, x1), h - y0))
        page = -1  # one content stream per page
    return rules


def check_tables(pdf, layout, xmls):
    _, stories, _ = load_layout(layout)
    rules = load_rules(pdf)
    areas = load_areas(layout)
    pages = load_words(pdf)
    bad, ntables = [], 0
    for xml in xmls:
        name = xml.rsplit('/', 1)[-1]
        sid = [i for i, s in stories.items() if s['where'].rsplit(':', 1)[0].endswith(name)]
        if not sid:
            bad.append(f'{name}: not in the layout report')
            continue
        boxes = areas.get(sid[0], [])
        for t, rows in enumerate(source_tables(xml)):
            ntables += 1
            where = f'{name}: table {t + 1}'
            cols = [[] for _ in range(max(len(r) for r in rows))]
            spans = []  # (page, x, top, bottom) of each row placed
            for r, row in enumerate(rows):
                # the row's line: words at the height of its first word, inside the story
                placed = None
                for page, ax, ay, aw, ah in boxes:
                    words = pages[page]['words']
                    inside = [w for w in words if ax - TOL <= w[0] and w[2] <= ax + aw + TOL
                              and ay - TOL <= w[1] and w[3] <= ay + ah + TOL]
                    for w in inside:
                        if w[4] != row[0].split()[0]:
                            continue
                        line = sorted((v for v in inside if abs(v[1] - w[1]) < 1.0),
                                      key=lambda v: v[0])
                        cells = row_cells(line, row)
                        if all(cells):
                            placed = cells
                            spans.append((page, cells[0][0], w[1], w[3]))
                            break
                    if placed:
                        break
                if not placed:
                    bad.append(f'{where}: row {r + 1} {row} is not one line of cells in its story')
                    continue
                # from the row's start: a table may go on in the next column
                x0 = placed[0][0]
                for c, (cell, box) in enumerate(zip(row, placed)):
                    cols[c].append((cell, (box[0] - x0, box[1] - x0)))
                for c in range(1, len(placed)):
                    if placed[c][0] <= placed[c - 1][1]:
                        bad.append(f'{where}: row {r + 1}: cell {c + 1} is not right of cell {c}')
            # rules: above the table (over its header) and below it, where it is set
            if spans:
                page = spans[0][0]
                top = min(sp[2] for sp in spans if sp[0] == page)
                bottom = max(sp[3] for sp in spans if sp[0] == page)
                near = [r for r in rules.get(page, [])
                        if any(r[0] - TOL <= sp[1] <= r[1] for sp in spans if sp[0] == page)
                        and top - 40 <= r[2] <= bottom + 12]
                if len(near) < 2:
                    bad.append(f'{where}: {len(near)} rule(s) over and under its rows, not 2 or more')
            for c, col in enumerate(cols):
                if len(col) < 2 or c == 0:
                    continue
                numbers = all(is_number(cell) for cell, _ in col)
                edge = [box[1] if numbers else box[0] for _, box in col]
                if max(edge) - min(edge) > 0.6:
                    side = 'right' if numbers else 'left'
                    bad.append(f'{where}: column {c + 1} ({"numbers" if numbers else "text"}) '
                               f'not flush {side}: {side} edges '
                               + ' '.join(f'{e:.1f}' for e in edge))
    if not ntables:
        bad.append('no table in ' + ' '.join(xmls))
    if bad:
        die('\n'.join(bad))


def main():
    if len(sys.argv) < 3:
        die(__doc__)
    cmd = sys.argv[1]
    if cmd == 'words':
        check_words(*sys.argv[2:5])
    elif cmd == 'area':
        check_area(*sys.argv[2:5])
    elif cmd == 'jumps':
        check_jumps(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    elif cmd == 'fonts':
        check_fonts(sys.argv[2], sys.argv[3:])
    elif cmd == 'tables':
        check_tables(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        die(__doc__)


if __name__ == '__main__':
    main()
