# Shared helpers for tests/check-*.sh scripts.  Source it.
# Each script reports results as lines "PASS: name", "FAIL: name", "SKIP: name"
# (tests/run-all counts them) and may print details on other lines.
set -u
NP_ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$NP_ROOT/$BUILD" ;; esac
BIN="$BUILD/bin"
SHARED="$NP_ROOT/../shared"
NP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/newsprint-test.XXXXXX")
trap 'rm -rf "$NP_TMP"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795000000}
export LC_ALL=C.UTF-8
export TZ=UTC # the programs' default edition zone: outputs must not depend on the machine

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }
skip() { echo "SKIP: $*"; }
# check NAME COMMAND...: PASS if the command succeeds, FAIL (with its output) if not.
check() {
    name=$1; shift
    if out=$("$@" 2>&1); then pass "$name"; else fail "$name"; printf '%s\n' "$out" | head -40 | sed 's/^/    /'; fi
}
# Tests that need ../shared/ skip with a notice when it is absent (a user's clone).
need_shared() {
    if [ ! -d "$SHARED/newsml-g2" ]; then
        skip "$1 (../shared/ not present: reference files are only beside the developers' checkout)"
        return 1
    fi
    return 0
}
# epubcheck FILE: 0 errors and 0 warnings (fatal/error/warning lines shown).
epubcheck() {
    local out
    out=$(java -jar /usr/share/java/epubcheck.jar "$1" 2>&1)
    if printf '%s\n' "$out" | grep -q 'No errors or warnings detected' &&
       printf '%s\n' "$out" | grep -q 'Messages: 0 fatals / 0 errors / 0 warnings'; then
        return 0
    fi
    printf '%s\n' "$out" | grep -E '^(FATAL|ERROR|WARNING)|^Messages' | head -20
    return 1
}
# check_epub NAME FILE: epubcheck passes; SKIP without java or epubcheck.
check_epub() {
    if ! command -v java >/dev/null 2>&1 || [ ! -f /usr/share/java/epubcheck.jar ]; then
        skip "$1 (epubcheck or java not installed: make deps)"
        return
    fi
    check "$1" epubcheck "$2"
}
