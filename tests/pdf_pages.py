#!/usr/bin/env python3
"""Page rules of an e-paper made by newsml2pdf, from its --layout-report
(the `area` lines are the rectangles the make-up filled: modules, the
masthead, folios, section heads, the index) and the PDF's words (pdftotext
-bbox).  Standard library only.

usage:
  pdf_pages.py PDF LAYOUT STYLE [--max-empty F] [--spans F] [--report] [--balance]
      every page but the last has at most F (default 0.05) of its type area
      empty (the last but one may be emptier when it and the last page
      each hold one story of more than half a page); modules lie in the type area, on the column grid, and do not
      overlap; no headline or subhead ends a column with fewer than three
      lines of its text after it; no paragraph leaves a single line alone at
      the top or foot of a column; at least F (default 0.5) of the pages
      with three or more modules have modules of two or more spans; a jump
      ends on a whole word, does not carry a story's last lines (less
      than half a page) to a page with nothing else on it, and does not
      split (inside the paper) a story that would fit whole on the page it
      jumps to; jump lines are links to the story's other page; a section
      has one head.  --balance: also the columns of a module end level
      (their feet within one line).
      --report prints the empty share of each page.
Prints what is wrong and exits 1, or exits 0."""
import re
import subprocess
import sys

sys.path.insert(0, __import__('os').path.dirname(__file__))
from pdf_check import assign, box_text, load_layout, load_words, style_areas, style_values  # noqa: E402


def style_value(style, key, default):
    v = style_values(style).get(key)
    return float(v) if v else default


def load_areas(path):
    areas = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if p[0] == 'area':
                areas.append(dict(story=int(p[1]), page=int(p[2]), span=int(p[3]),
                                  x=float(p[4]), y=float(p[5]), w=float(p[6]), h=float(p[7])))
    return areas


def covered(rects, x0, y0, x1, y1):
    """Area of the union of rectangles clipped to (x0, y0, x1, y1)."""
    xs = sorted({x0, x1} | {min(max(r[0], x0), x1) for r in rects} |
                {min(max(r[2], x0), x1) for r in rects})
    total = 0.0
    for a, b in zip(xs, xs[1:]):
        if b - a <= 0:
            continue
        iv = sorted((max(r[1], y0), min(r[3], y1)) for r in rects if r[0] <= a and r[2] >= b)
        cur_s = cur_e = None
        for s, e in iv:
            if e <= s:
                continue
            if cur_e is None or s > cur_e:
                if cur_e is not None:
                    total += (cur_e - cur_s) * (b - a)
                cur_s, cur_e = s, e
            else:
                cur_e = max(cur_e, e)
        if cur_e is not None:
            total += (cur_e - cur_s) * (b - a)
    return total


def main():
    args = sys.argv[1:]
    opts = {'--max-empty': 0.05, '--spans': 0.5}
    report = '--report' in args
    balance = '--balance' in args
    args = [a for a in args if a not in ('--report', '--balance')]
    for k in list(opts):
        if k in args:
            i = args.index(k)
            opts[k] = float(args[i + 1])
            del args[i:i + 2]
    if len(args) != 3:
        print(__doc__)
        sys.exit(2)
    pdf, layout, style = args
    pages, stories, boxes = load_layout(layout)
    areas = load_areas(layout)
    tarea, _ = style_areas(style, {i: p['number'] for i, p in pages.items()})
    gutter = style_value(style, 'page.gutter', 12)
    gap = style_value(style, 'layout.story_gap', 14)
    columns = int(style_value(style, 'page.columns', 6))
    problems, empties = [], []
    last = max(pages) if pages else -1
    multi = with_two = 0
    for i in sorted(pages):
        x0, y0, x1, y1 = tarea[i]
        colw = (x1 - x0 - gutter * (columns - 1)) / columns
        mine = [a for a in areas if a['page'] == i]
        rects = []
        for a in mine:
            if a['x'] < x0 - 0.05 or a['y'] < y0 - 0.05 or a['x'] + a['w'] > x1 + 0.05 or \
                    a['y'] + a['h'] > y1 + 0.05:
                problems.append('page %d: a module of story %d leaves the type area' % (i + 1, a['story']))
            k = (a['x'] - x0) / (colw + gutter)
            if abs(k - round(k)) > 0.01 or abs(a['w'] - (a['span'] * colw + (a['span'] - 1) * gutter)) > 0.05:
                problems.append('page %d: a module of story %d is off the column grid' % (i + 1, a['story']))
            # a module's cell: its rectangle with the gutter to its right and the gap under it
            rects.append((a['x'], a['y'], a['x'] + a['w'] + gutter, a['y'] + a['h'] + gap))
        for j, a in enumerate(mine):
            for b in mine[j + 1:]:
                ox = min(a['x'] + a['w'], b['x'] + b['w']) - max(a['x'], b['x'])
                oy = min(a['y'] + a['h'], b['y'] + b['h']) - max(a['y'], b['y'])
                if ox > 0.05 and oy > 0.05:
                    problems.append('page %d: modules of stories %d and %d overlap' %
                                    (i + 1, a['story'], b['story']))
        empty = 1 - covered(rects, x0, y0, x1, y1) / ((x1 - x0) * (y1 - y0))
        empties.append(empty)
        if report:
            print('page %d: %.1f%% empty, %d modules, spans %s' % (
                i + 1, empty * 100, len(mine), sorted({a['span'] for a in mine if a['story'] >= 0})))
        if i != last and empty > opts['--max-empty'] and not stranded_end(areas, tarea, i, last):
            problems.append('page %d: %.1f%% of the type area is empty' % (i + 1, empty * 100))
        mods = [a for a in mine if a['story'] >= 0 or a['span'] < columns]
        if len(mods) >= 3:
            multi += 1
            with_two += len({a['span'] for a in mods}) >= 2
    for b in boxes:
        if b['kind'] != 'pic':
            continue
        x0, y0, x1, y1 = tarea[b['page']]
        colw = (x1 - x0 - gutter * (columns - 1)) / columns
        k = round((b['w'] + gutter) / (colw + gutter))
        if k < 1 or abs(b['w'] - (k * colw + (k - 1) * gutter)) > 0.5:
            problems.append('page %d: a picture of story %d is %.1f wide, not whole columns' %
                            (b['page'] + 1, b['story'], b['w']))
    if multi and with_two < opts['--spans'] * multi:
        problems.append('only %d of %d pages have modules of two spans' % (with_two, multi))
    problems += column_rules(load_lines(layout))
    if balance:
        problems += balance_rule(areas, boxes, tarea, gutter, columns)
    assign(load_words(pdf), boxes)
    problems += section_heads(pages, boxes)
    fills = []
    problems += jump_rules(pdf, boxes, areas, tarea, empties, opts['--max-empty'], fills)
    if empties:
        e = sorted(empties[:-1] or empties)
        print('empty area per page: median %.1f%%, worst %.1f%% (last page %.1f%%); %d jumps, '
              '%d of them to fill a page' % (e[len(e) // 2] * 100, e[-1] * 100, empties[-1] * 100,
                                             sum(b['kind'] == 'jumpout' for b in boxes), len(fills)))
    if problems:
        print('\n'.join(problems[:40]))
        sys.exit(1)


def section_heads(pages, boxes):
    """A section opens with one head (a line of its title taller than the
    folio's, over its first module or across the page); its later pages
    name it in the folio only."""
    titles = {p['title'].upper() for i, p in pages.items() if i > 0 and p['title']}
    seen = {}
    for b in boxes:
        if b['kind'] == 'text' and b['page'] > 0 and b['h'] >= 15 and b['words']:
            t = ' '.join(w[4] for w in sorted(b['words'], key=lambda w: (w[1], w[0]))).upper()
            if t in titles:
                seen.setdefault(t, []).append(b['page'] + 1)
    return ['the head of section "%s" is repeated (pages %s)' % (t, ', '.join(map(str, p)))
            for t, p in sorted(seen.items()) if len(p) > 1]


def stranded_end(areas, tarea, i, last):
    """The end of the paper: page i is the last but one, and it and the last
    page each hold one story of more than half a page that do not fit on one
    page together; one could fill page i only by leaving the other's last
    lines alone on the last page, which the jump rule forbids."""
    if i != last - 1:
        return False
    x0, y0, x1, y1 = tarea[i]
    full = (x1 - x0) * (y1 - y0)
    sizes = []
    for p in (i, last):
        mine = {}
        for a in areas:
            if a['page'] == p and a['story'] >= 0:
                mine[a['story']] = mine.get(a['story'], 0) + a['w'] * a['h']
        if len(mine) != 1:
            return False
        sizes.append(list(mine.values())[0])
    return min(sizes) > 0.5 * full and sum(sizes) > full


def balance_rule(areas, boxes, tarea, gutter, columns):
    """The columns of a module end level: their feet within one line."""
    problems = []
    for a in areas:
        if a['story'] < 0 or a['span'] < 2:
            continue
        x0, _, x1, _ = tarea[a['page']]
        colw = (x1 - x0 - gutter * (columns - 1)) / columns
        feet, line = {}, 0
        for b in boxes:
            if b['story'] != a['story'] or b['page'] != a['page'] or b['kind'] not in ('col', 'pic') \
                    or not (a['x'] - 0.5 <= b['x'] and b['x'] + b['w'] <= a['x'] + a['w'] + 0.5
                            and a['y'] - 0.5 <= b['y'] and b['y'] + b['h'] <= a['y'] + a['h'] + 0.5):
                continue
            if b['kind'] == 'col':
                line = max(line, b['h'])
            if b['w'] > colw + 0.5:
                continue  # a picture across columns: not a column's foot
            k = round((b['x'] - a['x']) / (colw + gutter))
            feet[k] = max(feet.get(k, 0), b['y'] + b['h'])
        if len(feet) >= 2 and max(feet.values()) - min(feet.values()) > line + 0.5:
            problems.append('page %d: the columns of story %d end %.1f apart (a line is %.1f): '
                            'not balanced' % (a['page'] + 1, a['story'],
                                              max(feet.values()) - min(feet.values()), line))
    return problems


def load_lines(path):
    """Lines of paragraphs: page, story, x, y, w, h, line, lines, role."""
    out = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if p[0] == 'box' and len(p) >= 11:
                out.append(dict(story=int(p[1]), page=int(p[2]), kind=p[3], x=float(p[4]),
                                y=float(p[5]), w=float(p[6]), h=float(p[7]), line=int(p[8]),
                                lines=int(p[9]), role=p[10]))
    return out


def column_rules(lines):
    """A column is a run of body lines of one story at one x on a page, one
    under the other.  At its foot: no subhead without three lines after it,
    no first line of a paragraph alone (orphan); at its top: no last line
    of a paragraph alone (widow)."""
    problems = []
    cols = {}
    for b in lines:
        if b['kind'] == 'col' and b['story'] >= 0:
            cols.setdefault((b['page'], b['story'], round(b['x'], 1)), []).append(b)
    counts = {'columns': 0}
    for (page, story, x), bs in sorted(cols.items()):
        bs.sort(key=lambda b: b['y'])
        runs, run = [], [bs[0]]
        for a, b in zip(bs, bs[1:]):
            if b['y'] > a['y'] + 3 * a['h']:
                runs.append(run)
                run = []
            run.append(b)
        runs.append(run)
        for k, run in enumerate(runs):
            counts['columns'] += 1
            top, foot = run[0], run[-1]
            subs = [i for i, b in enumerate(run) if b['role'] == 'subhead']
            if subs:
                after = sum(1 for b in run[subs[-1] + 1:] if b['role'] == 'line')
                if after < 3 and not is_story_end(lines, foot):
                    problems.append('page %d: a subhead of story %d at the foot of a column with %d '
                                    'lines after it (y %.1f)' % (page + 1, story, after, run[subs[-1]]['y']))
            if foot['lines'] > 1 and foot['line'] == 0 and foot['role'] == 'line' and not is_story_end(lines, foot):
                problems.append('page %d: the first line of a paragraph of story %d alone at the foot '
                                'of a column (y %.1f)' % (page + 1, story, foot['y']))
            if top['lines'] > 1 and top['line'] == top['lines'] - 1 and top['role'] == 'line':
                problems.append('page %d: the last line of a paragraph of story %d alone at the top '
                                'of a column (y %.1f)' % (page + 1, story, top['y']))
    return problems


def page_height(pdf, cache={}):
    if pdf not in cache:
        out = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
        m = re.search(r'Page size:\s+[\d.]+ x ([\d.]+)', out)
        cache[pdf] = float(m.group(1)) if m else 0
    return cache[pdf]


def links(pdf):
    """Link annotations: (page index, rect, target page index)."""
    qdf = subprocess.run(['qpdf', '--qdf', '--object-streams=disable', pdf, '-'],
                         capture_output=True).stdout.decode('latin-1')
    objs, pages = {}, {}
    for m in re.finditer(r'(?:%% Page (\d+)\n(?:%%[^\n]*\n)*)?(\d+) 0 obj\n(.*?)\nendobj', qdf, re.S):
        objs[int(m.group(2))] = m.group(3)
        if m.group(1):
            pages[int(m.group(2))] = int(m.group(1)) - 1
    # the page of an annotation: the page whose /Annots lists it (/P is optional)
    annot_page = {}
    for num, page in pages.items():
        am = re.search(r'/Annots \[(.*?)\]', objs[num], re.S)
        for a in re.findall(r'(\d+) 0 R', am.group(1) if am else ''):
            annot_page[int(a)] = page
    out = []
    for num, body in objs.items():
        if '/Subtype /Link' not in body:
            continue
        dm = re.search(r'/Dest (\d+) 0 R', body)
        rm = re.search(r'/Rect \[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)', body)
        if not (dm and rm):
            continue
        tm = re.search(r'(\d+) 0 R', objs.get(int(dm.group(1)), ''))
        out.append((annot_page.get(num, -1), tuple(float(x) for x in rm.groups()),
                    pages.get(int(tm.group(1)), -1) if tm else -1))
    return out


def is_story_end(lines, b):
    """Is b the last line of its story in the report?"""
    last = None
    for c in lines:
        if c['story'] == b['story'] and c['kind'] == 'col':
            last = c
    return last is b


def jump_rules(pdf, boxes, areas, tarea, empties, max_empty, fills):
    """The line before "Continued on page N" ends a word; the page a story
    goes on to holds another story too (or the story jumps on from it)."""
    problems = []
    outs = [b for b in boxes if b['kind'] == 'jumpout']
    if not outs:
        return problems
    for j in outs:
        before = [b for b in boxes if b['page'] == j['page'] and b['story'] == j['story'] and
                  b['kind'] == 'col' and abs(b['x'] - j['x']) < 0.5 and b['y'] < j['y'] and b['words']]
        if before:
            last = max(before, key=lambda b: b['y'])
            text = box_text(last, False)
            if text.endswith('-') and len(text) > 1 and text[-2].isalpha():
                problems.append('page %d: story %d jumps in the middle of a word ("%s")' %
                                (j['page'] + 1, j['story'], text.split()[-1]))
    for c in (b for b in boxes if b['kind'] == 'jumpin'):
        others = [a for a in areas if a['page'] == c['page'] and a['story'] >= 0 and a['story'] != c['story']]
        goes_on = any(b['page'] == c['page'] and b['story'] == c['story'] for b in outs)
        # a long story may fill the next page; its last lines may not sit alone
        mine = sum(a['w'] * a['h'] for a in areas if a['page'] == c['page'] and a['story'] == c['story'])
        x0, y0, x1, y1 = tarea[c['page']]
        full = (x1 - x0) * (y1 - y0)
        if not others and not goes_on and mine < 0.5 * full:
            problems.append('page %d: the end of story %d alone on its page' % (c['page'] + 1, c['story']))
    # inside the paper (the front page's jumps are its convention), a story
    # whose rest would fit whole on the page it jumps to is split only to
    # fill a page that would be more than max_empty empty without its part
    for j in outs:
        if j['page'] == 0:
            continue
        rest = sum(a['w'] * a['h'] for a in areas if a['story'] == j['story'] and a['page'] >= j['page'])
        nxt = min((b['page'] for b in boxes if b['story'] == j['story'] and b['kind'] == 'jumpin' and
                   b['page'] > j['page']), default=None)
        if nxt is None:
            continue
        x0, y0, x1, y1 = tarea[nxt]
        room = (x1 - x0) * (y1 - y0) - sum(a['w'] * a['h'] for a in areas if a['page'] == nxt and
                                           a['story'] < 0 and a['w'] >= x1 - x0 - 0.5)
        # the rest's own continuation heading and jump lines: a tenth
        if rest > 0.9 * room:
            continue
        x0, y0, x1, y1 = tarea[j['page']]
        part = sum(a['w'] * a['h'] for a in areas if a['story'] == j['story'] and a['page'] == j['page'])
        if empties[j['page']] + part / ((x1 - x0) * (y1 - y0)) <= max_empty:
            problems.append('page %d: story %d jumps to page %d, where it would fit whole, and its '
                            'page would be full without it' % (j['page'] + 1, j['story'], nxt + 1))
        else:
            fills.append(j['story'])
    pl = links(pdf)
    for j in (b for b in boxes if b['kind'] in ('jumpout', 'jumpin')):
        ph = page_height(pdf)
        here = [(r, to) for (pg, r, to) in pl if pg == j['page'] and abs(r[0] - j['x']) < 1 and
                abs((ph - r[3]) - j['y']) < 1]
        cont = sorted({b['page'] for b in boxes if b['story'] == j['story'] and b['kind'] == 'jumpin'} |
                      {b['page'] for b in boxes if b['story'] == j['story'] and b['kind'] == 'jumpout'})
        want = [p for p in cont if (p > j['page'] if j['kind'] == 'jumpout' else p < j['page'])]
        if not here or not want or here[0][1] != (min(want) if j['kind'] == 'jumpout' else max(want)):
            problems.append('page %d: the %s line of story %d is not a link to its other page' %
                            (j['page'] + 1, j['kind'], j['story']))
    return problems


if __name__ == '__main__':
    main()
