# Shared by the bench scripts (sourced): the environment, the synthetic
# archives, one measured run under GNU time, and goal lines.
#
#   . bench/lib.sh NAME BUILD_DIR     (NAME prefixes messages and the temp dir)
#
# After sourcing: $BUILD, $BIN, $T (a temporary folder removed on exit),
# $N and $SMALL (BENCH_ITEMS, default 10000; BENCH_SMALL, default 1000),
# $SEED (BENCH_SEED, default 2026), $DATA (bench/data).
BENCH_NAME=$1
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
BUILD=${2:-build}
BIN="$BUILD/bin"
N=${BENCH_ITEMS:-10000}
SMALL=${BENCH_SMALL:-1000}
SEED=${BENCH_SEED:-2026}
DATA=bench/data
TIME=/usr/bin/time
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795000000}
export LC_ALL=C.UTF-8
export NEWSPRINT_STYLES="$PWD/styles"
T=$(mktemp -d "${TMPDIR:-/tmp}/newsprint-$BENCH_NAME.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
: >"$T/raw"

if ! "$TIME" -v true >/dev/null 2>&1; then
    echo "$BENCH_NAME: GNU time ($TIME -v) is needed for peak memory" >&2
    exit 2
fi
# need PROG...: the programs are built, else exit 2
need() {
    for p in "$@"; do
        [ -x "$BIN/$p" ] || { echo "$BENCH_NAME: $BIN/$p not built (make all)" >&2; exit 2; }
    done
}

# dataset N: bench/data/items-N, (re)generated when gen.py or the seed changed.
dataset() {
    local n=$1 dir="$DATA/items-$1" sum stamp
    sum=$(cksum <bench/gen.py | cut -d' ' -f1)
    stamp="n=$n seed=$SEED gen=$sum"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
        return 0
    fi
    echo "$BENCH_NAME: generating $dir ($n items)..." >&2
    rm -rf "$dir"
    python3 bench/gen.py --items "$n" --seed "$SEED" "$dir" || exit 2
    printf '%s\n' "$stamp" >"$dir/.stamp"
}

# measure LABEL ITEMS CMD...: run CMD once under GNU time; appends the row
# "label|items|wall s|peak KB|note" to $T/raw (note: how a failing CMD
# ended).  CMD's standard output goes to $T/out.  The wall time is taken
# with bash's microsecond clock around the run (GNU time's has two
# decimals, a tenth of a 1,000-file xmllint run).
measure() {
    local label=$1 items=$2
    shift 2
    local t0=$EPOCHREALTIME
    "$TIME" -v -o "$T/time" "$@" >"$T/out" 2>"$T/err"
    local rc=$? t1=$EPOCHREALTIME wall rss note=""
    wall=$(awk -v a="${t0/,/.}" -v b="${t1/,/.}" 'BEGIN { printf "%.3f", b - a }')
    rss=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$T/time")
    [ $rc -eq 0 ] || note="exit $rc: $(grep -v '^ ' "$T/err" | tail -1 | cut -c1-60)"
    printf '%s|%s|%s|%s|%s\n' "$label" "$items" "$wall" "$rss" "$note" >>"$T/raw"
    [ -z "${BENCH_QUIET:-}" ] && row "$label" >&2
    return $rc
}
# measure_best RUNS LABEL ITEMS CMD...: measure CMD RUNS times and keep one
# row: the shortest wall time, the largest peak RSS, the first failure.
# For runs of a fraction of a second, where one slow start decides a
# single measurement.
measure_best() {
    local runs=$1 label=$2 rc=0 i
    shift
    for ((i = 0; i < runs; i++)); do
        measure "$@" || rc=$?
    done
    awk -F'|' -v OFS='|' -v l="$label" '$1 != l { print; next }
        { if (!n++ || $3 < w) w = $3; if ($4 > r) r = $4; if (note == "") note = $5; items = $2 }
        END { if (n) print l, items, w, r, note }' "$T/raw" >"$T/raw.best" && mv "$T/raw.best" "$T/raw"
    return $rc
}
wall_of() { awk -F'|' -v l="$1" '$1 == l { w = $3 } END { print w }' "$T/raw"; }
rss_of() { awk -F'|' -v l="$1" '$1 == l { r = $4 } END { print r }' "$T/raw"; }
# row LABEL: the measured row as a table line (items/s, peak MB)
row() {
    awk -F'|' -v l="$1" '$1 == l { r = $0 } END { if (r == "") exit; split(r, f, "|")
        ips = (f[3] > 0) ? f[2] / f[3] : 0
        printf "%-34s %7d %8.2f %9.0f %8.1f  %s\n", f[1], f[2], f[3], ips, f[4] / 1024, f[5] }' "$T/raw"
}
row_head() {
    printf '%-34s %7s %8s %9s %8s\n' "run" "items" "wall s" "items/s" "peak MB"
}

# goal WHAT VALUE LIMIT UNIT: "WHAT: VALUE UNIT (goal <= LIMIT UNIT: met|missed)";
# counts a miss in $T/missed.  An empty VALUE (the run failed) is a miss.
goal() {
    local what=$1 v=$2 limit=$3 unit=$4
    if [ -z "$v" ]; then
        echo "$what: no figure (run failed) (goal <= $limit$unit: missed)"
        echo x >>"$T/missed"
        return
    fi
    awk -v w="$what" -v v="$v" -v l="$limit" -v u="$unit" 'BEGIN {
        printf "%s: %.2f%s (goal <= %s%s: %s)\n", w, v, u, l, u, (v <= l) ? "met" : "missed"
        exit (v <= l) ? 0 : 1 }' || echo x >>"$T/missed"
}
# ratio A B: A / B with two decimals, empty when either is missing or B is 0
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.2f", a / b }'; }
missed() { [ -f "$T/missed" ] && wc -l <"$T/missed" || echo 0; }
