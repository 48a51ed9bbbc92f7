#!/bin/bash
# Golden files, one runner for every format: tests/golden/FORMAT/NAME.xml
# (or a folder NAME.d/ of inputs), optional NAME.args (extra options, one
# line), and the expected NAME.out:
#   txt     newsml2txt's output (default --width 72)
#   bundle  newsml2txt --bundle: every file of the bundle (golden_view.py)
#   epub    newsml2epub: the text of every document and the package document
#   pdf     newsml2pdf: the layout report (pages and every placed line)
# All run with --at 2026-11-28 and SOURCE_DATE_EPOCH from lib.sh.  Adding a
# case is adding files.  A mismatch prints a diff.  After a change meant to
# alter outputs: NP_UPDATE_GOLDEN=1 tests/check-golden.sh, review git diff.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
export NEWSPRINT_STYLES="$NP_ROOT/styles"
G="$NP_ROOT/tests/golden"

# render FORMAT INPUT ARGS... > OUTPUT-AS-TEXT
render() {
    fmt=$1 in=$2; shift 2
    case $fmt in
    txt) "$BIN/newsml2txt" --quiet --at 2026-11-28 --width 72 "$@" "$in" ;;
    bundle)
        rm -rf "$NP_TMP/b" && mkdir "$NP_TMP/b" &&
            "$BIN/newsml2txt" --quiet --at 2026-11-28 --state-dir "$NP_TMP/b" "$@" --bundle "$NP_TMP/b/out" "$in" &&
            python3 "$NP_ROOT/tests/golden_view.py" bundle "$NP_TMP/b/out" ;;
    epub)
        "$BIN/newsml2epub" --quiet --at 2026-11-28 "$@" -o "$NP_TMP/g.epub" "$in" &&
            python3 "$NP_ROOT/tests/golden_view.py" epub "$NP_TMP/g.epub" ;;
    pdf)
        "$BIN/newsml2pdf" --quiet --at 2026-11-28 "$@" --layout-report "$NP_TMP/g.layout" \
            -o "$NP_TMP/g.pdf" "$in" && cat "$NP_TMP/g.layout" ;;
    esac
}

for dir in "$G"/*/; do
    fmt=$(basename "$dir")
    for in in "$dir"*.xml "$dir"*.d; do
        [ -e "$in" ] || continue
        base=${in%.xml}; base=${base%.d}
        name=golden/$fmt/$(basename "$base")
        args=()
        [ -f "$base.args" ] && read -r -a args <"$base.args"
        # run in the case's folder: file names in outputs are relative
        if ! (cd "$dir" && render "$fmt" "$(basename "$in")" "${args[@]}") >"$NP_TMP/out" 2>"$NP_TMP/err"; then
            fail "$name (the program failed)"; sed 's/^/    stderr: /' "$NP_TMP/err" | head -20
            continue
        fi
        if [ "${NP_UPDATE_GOLDEN:-0}" = 1 ]; then
            cp "$NP_TMP/out" "$base.out"; pass "$name (updated)"; continue
        fi
        if [ ! -f "$base.out" ]; then fail "$name (no expected output $base.out)"; continue; fi
        if diff -u "$base.out" "$NP_TMP/out" >"$NP_TMP/diff"; then
            pass "$name"
        else
            fail "$name"; head -60 "$NP_TMP/diff" | sed 's/^/    /'; sed 's/^/    stderr: /' "$NP_TMP/err"
        fi
    done
done
