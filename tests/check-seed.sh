#!/bin/bash
# The user's example article: its text output holds every paragraph of the
# story, in order, and none of the web page's boilerplate.
. "$(dirname "$0")/lib.sh"
need_shared "seed article" || exit 0
"$BIN/newsml2txt" --quiet --width 1000 "$NP_ROOT/samples/seed-kakar-putin.xml" >"$NP_TMP/seed.txt" 2>"$NP_TMP/err" ||
    { fail "seed article converts"; exit 0; }
python3 - "$SHARED/seed/article.txt" "$NP_TMP/seed.txt" <<'PY'
import sys
src = open(sys.argv[1], encoding='utf-8').read()
out = open(sys.argv[2], encoding='utf-8').read()
story = src.split('Spread the love')[0]  # the page's boilerplate starts there
paras = [p.strip() for p in story.split('\n') if p.strip() and p.strip() != '\u00a0'][1:]  # without the headline
paras[0] = paras[0].replace('BEIJING-UNS: ', '', 1)              # the dateline is metadata
flat = ' '.join(out.split())
pos, missing = 0, []
for p in paras:
    p = ' '.join(p.split())
    i = flat.find(p, pos)
    if i < 0:
        missing.append(p[:60])
    else:
        pos = i + len(p)
print(('PASS' if not missing else 'FAIL') + ': seed: every paragraph of the story, in order (%d)' % len(paras))
for m in missing[:5]:
    print('    missing or out of order: ' + m)
bad = [b for b in ('Spread the love', 'Leave a Reply', 'Next Post', 'Palestinians', 'You May Like',
                   'Chief Editor', 'Quick Links', 'Required fields') if b in out]
print(('PASS' if not bad else 'FAIL') + ': seed: none of the web page boilerplate')
for b in bad:
    print('    found: ' + b)
ok = 'BEIJING-UNS' in out and '“mesmerised”' in out and 'Pakistan’s energy minister' in out
print(('PASS' if ok else 'FAIL') + ': seed: dateline BEIJING-UNS and the curly quotes kept')
PY
