#!/bin/bash
# newsml2pdf page make-up: pages a newspaper would publish.  Over one
# synthetic day of about 60 items (bench/gen.py) and over samples/, in the
# page styles, the layout report and the PDF's words must keep the page
# rules (tests/pdf_pages.py): every page but the last at most 5% empty,
# modules on the column grid inside the type area without overlaps, no
# stranded subheads, widows or orphans, modules of two spans on most pages,
# jumps that end on a whole word and lead to pages with other stories.  The
# checker itself is shown to catch a doctored report.
. "$(dirname "$0")/lib.sh"
P="$BIN/newsml2pdf"
T="$NP_TMP"
S="$NP_ROOT/samples"
PAGES="$NP_ROOT/tests/pdf_pages.py"
CHECK="$NP_ROOT/tests/pdf_check.py"
AT=2026-11-28
if [ ! -x "$P" ]; then skip "pdf layout (newsml2pdf not built)"; exit 0; fi
for tool in pdftotext python3; do
    if ! command -v $tool >/dev/null 2>&1; then skip "pdf layout ($tool not installed)"; exit 0; fi
done

# layout NAME STYLE ARGS...: make NAME.pdf and NAME.layout, check the page rules
# ($RULES: more options of pdf_pages.py)
RULES=""
layout() {
    n=$1 st=$2; shift 2
    if ! "$P" --quiet --at "$AT" --style "$st" -o "$T/$n.pdf" --layout-report "$T/$n.layout" "$@" \
        2>"$T/$n.err"; then
        fail "pdf layout $n: newsml2pdf failed"; head -5 "$T/$n.err" | sed 's/^/    /'; return 1
    fi
    style="$NP_ROOT/styles/$st.style"
    [ -f "$st" ] && style=$st
    # shellcheck disable=SC2086
    if python3 "$PAGES" $RULES "$T/$n.pdf" "$T/$n.layout" "$style" >"$T/$n.rules" 2>&1; then
        pass "pdf layout $n: page rules ($(head -1 "$T/$n.rules"))"
    else
        fail "pdf layout $n: page rules"; head -20 "$T/$n.rules" | sed 's/^/    /'
    fi
    check "pdf layout $n: no text outside the type area, no overlapping boxes" \
        python3 "$CHECK" area "$T/$n.pdf" "$T/$n.layout" "$style"
    check "pdf layout $n: jump lines lead to their continuations and back" \
        python3 "$CHECK" jumps "$T/$n.pdf" "$T/$n.layout"
}

# ---- one synthetic day of about 60 items ------------------------------------------
if python3 "$NP_ROOT/bench/gen.py" --items 430 --seed 7 "$T/gen" >/dev/null 2>&1; then
    day="$T/gen/2026-11-16"
    items=$(grep -c '<newsItem' "$day"/*.xml | awk -F: '{ n += $2 } END { print n }')
    [ "$items" -ge 55 ] && [ "$items" -le 70 ] && pass "pdf layout: a synthetic day of $items items" ||
        fail "pdf layout: a synthetic day of about 60 items (got $items)"
    "$BIN/newsml2txt" --quiet --at "$AT" "$day" >"$T/day.txt"
    # (a4's narrow pages: most stories longer than a page, many jumps)
    for st in broadsheet tabloid a4; do
        layout "day-$st" "$st" "$day"
    done
    # balanced columns (issue 9 item 2): not met yet, so told (SKIP), not
    # failed; once it passes, move --balance into RULES
    for st in broadsheet tabloid; do
        n="day-$st"
        python3 "$PAGES" --balance "$T/$n.pdf" "$T/$n.layout" "$NP_ROOT/styles/$st.style" >"$T/$n.bal" 2>&1
        bad=$(grep -c "not balanced" "$T/$n.bal")
        mods=$(awk -F'\t' '$1 == "area" && $2 >= 0 && $4 >= 2' "$T/$n.layout" | wc -l)
        if [ "$bad" -gt 0 ]; then
            skip "pdf layout $n: balanced columns (known open: $bad of $mods modules of 2+ columns end more than a line apart)"
        else
            pass "pdf layout $n: the columns of every module end level"
        fi
    done
    check "pdf layout day-broadsheet: every word of every article, in order" \
        python3 "$CHECK" words "$T/day-broadsheet.pdf" "$T/day-broadsheet.layout" "$T/day.txt"
    # sections share pages: far fewer pages than sections and stories
    pages=$(grep -c '^page' "$T/day-broadsheet.layout")
    stories=$(grep -c '^story' "$T/day-broadsheet.layout")
    shared=$(awk -F'\t' '$1 == "area" && $2 >= 0 { print $3 }' "$T/day-broadsheet.layout" | sort -u | wc -l)
    [ "$pages" -le 22 ] && [ "$shared" = "$pages" ] &&
        pass "pdf layout day-broadsheet: $stories stories on $pages pages of modules" ||
        fail "pdf layout day-broadsheet: $stories stories on $pages pages ($shared with modules)"
    # the style can still start sections on pages of their own, under a
    # head across the type area; a section that would leave its last page
    # emptier than the rule lets the next one open there instead
    sed 's/^section_break = share$/section_break = page/' "$NP_ROOT/styles/broadsheet.style" \
        >"$T/bypage.style"
    layout "day-bypage" "$T/bypage.style" "$day"
    # a page (not the front) with two areas across it: its folio and a section head
    heads=$(awk -F'\t' '$1 == "area" && $2 < 0 && $3 > 0 && $7 > 800 { n[$3]++ }
        END { for (p in n) if (n[p] > 1) k++; print k + 0 }' "$T/day-bypage.layout")
    shared_heads=$(awk -F'\t' '$1 == "area" && $2 < 0 && $3 > 0 && $7 > 800 { n[$3]++ }
        END { for (p in n) if (n[p] > 1) k++; print k + 0 }' "$T/day-broadsheet.layout")
    [ "$heads" -ge 3 ] && [ "$shared_heads" = 0 ] &&
        pass "pdf layout: section_break = page opens $heads sections on a page under their head" ||
        fail "pdf layout: section_break = page opens sections on a page ($heads pages, $shared_heads shared)"
else
    skip "pdf layout: synthetic day (bench/gen.py failed)"
fi

# ---- samples/, every style ------------------------------------------------------------
for st in broadsheet tabloid a4 letter; do
    layout "samples-$st" "$st" --from 2026-11-16 --to 2026-11-22 "$S"
done

# ---- the checker catches what it should ----------------------------------------------------
L="$T/samples-broadsheet.layout"
if [ -s "$L" ]; then
    # a module moved onto another
    awk -F'\t' 'BEGIN { OFS = "\t" } $1 == "area" && $2 >= 0 && !done { print; $6 += 20; done = 1 } { print }' \
        "$L" >"$T/bad1.layout"
    python3 "$PAGES" "$T/samples-broadsheet.pdf" "$T/bad1.layout" "$NP_ROOT/styles/broadsheet.style" \
        >"$T/bad1.out" 2>&1 && fail "pdf layout: the checker sees overlapping modules" ||
        { grep -q overlap "$T/bad1.out" && pass "pdf layout: the checker sees overlapping modules" ||
          fail "pdf layout: the checker sees overlapping modules"; }
    # a module left out: its page is empty there
    awk -F'\t' '$1 == "area" && $2 >= 0 && $3 == 0 && !done { done = 1; next } { print }' "$L" >"$T/bad2.layout"
    python3 "$PAGES" "$T/samples-broadsheet.pdf" "$T/bad2.layout" "$NP_ROOT/styles/broadsheet.style" \
        >"$T/bad2.out" 2>&1 && fail "pdf layout: the checker sees empty space" ||
        { grep -q "type area is empty" "$T/bad2.out" && pass "pdf layout: the checker sees empty space" ||
          fail "pdf layout: the checker sees empty space"; }
    # a paragraph's last line alone at the top of a column
    python3 - "$L" >"$T/bad3.layout" <<'PY'
import sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8')]
tops = {}
for i, r in enumerate(rows):
    if r[0] == 'box' and r[3] == 'col' and len(r) > 10 and r[10] == 'line' and int(r[1]) >= 0:
        k = (r[1], r[2], r[4])
        if k not in tops or float(r[5]) < float(rows[tops[k]][5]):
            tops[k] = i
for i in sorted(tops.values()):
    if int(rows[i][9]) > 2:
        rows[i][8] = str(int(rows[i][9]) - 1)
        break
print('\n'.join('\t'.join(r) for r in rows))
PY
    python3 "$PAGES" "$T/samples-broadsheet.pdf" "$T/bad3.layout" "$NP_ROOT/styles/broadsheet.style" \
        >"$T/bad3.out" 2>&1 && fail "pdf layout: the checker sees a widow" ||
        { grep -q "alone at the top" "$T/bad3.out" && pass "pdf layout: the checker sees a widow" ||
          { fail "pdf layout: the checker sees a widow"; sed 's/^/    /' "$T/bad3.out" | head -5; }; }
fi
# jumps: a story's last lines alone on a page; a story split although it
# would fit whole on the page it jumps to and its page is full without it
L="$T/day-broadsheet.layout"
if [ -s "$L" ] && grep -q "$(printf '\tjumpin\t')" "$L"; then
    python3 - "$L" "$T/bad4.layout" "$T/bad5.layout" <<'PY'
import sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8')]
jin = next(r for r in rows if r[0] == 'box' and r[3] == 'jumpin')
jout = next(r for r in rows if r[0] == 'box' and r[3] == 'jumpout' and r[1] == jin[1])
# the other stories' modules on the page the story goes on to taken away
alone = [r for r in rows if not (r[0] == 'area' and r[2] == jin[2] and r[1] not in ('-1', jin[1]))]
# the part before the jump shrunk to a line, its room filled by something else
bad5 = []
for r in rows:
    if r[0] == 'area' and r[1] == jout[1] and r[2] == jout[2]:
        bad5.append(['area', '-1'] + r[2:])
        r = r[:7] + ['1.00']
    bad5.append(r)
for path, rs in ((sys.argv[2], alone), (sys.argv[3], bad5)):
    open(path, 'w', encoding='utf-8').write('\n'.join('\t'.join(r) for r in rs) + '\n')
PY
    for b in "bad4:alone on its page:a story's end alone on a page" \
             "bad5:would fit whole:a split story that would fit whole on the next page"; do
        f=${b%%:*} rest=${b#*:}; want=${rest%%:*} what=${rest#*:}
        python3 "$PAGES" "$T/day-broadsheet.pdf" "$T/$f.layout" "$NP_ROOT/styles/broadsheet.style" \
            >"$T/$f.out" 2>&1 && fail "pdf layout: the checker sees $what" ||
            { grep -q "$want" "$T/$f.out" && pass "pdf layout: the checker sees $what" ||
              { fail "pdf layout: the checker sees $what"; head -5 "$T/$f.out" | sed 's/^/    /'; }; }
    done
else
    skip "pdf layout: the jump checks (no jump in the day's broadsheet)"
fi
exit 0
