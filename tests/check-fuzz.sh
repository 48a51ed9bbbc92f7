#!/bin/bash
# A short libFuzzer run of every target (fuzz/run.sh, NP_FUZZ_SECONDS each,
# default 8): PASS per target when no crash, leak or timeout is found; SKIP
# when clang or its fuzzer runtime is missing.  `make fuzz` runs them longer.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
secs=${NP_FUZZ_SECONDS:-8}
# one run at a time: `make check` and `make asan` side by side would
# rebuild and run the same build-fuzz/ binaries and logs under each other
mkdir -p "$NP_ROOT/build-fuzz"
if command -v flock >/dev/null 2>&1; then
    flock "$NP_ROOT/build-fuzz/.lock" "$NP_ROOT/fuzz/run.sh" "$secs" >"$NP_TMP/fuzz.log" 2>&1
else
    "$NP_ROOT/fuzz/run.sh" "$secs" >"$NP_TMP/fuzz.log" 2>&1
fi
rc=$?
case $rc in
77) skip "fuzz ($(tail -1 "$NP_TMP/fuzz.log"))"; exit 0 ;;
2) fail "fuzz (build failed)"; tail -15 "$NP_TMP/fuzz.log" | sed 's/^/    /'; exit 0 ;;
esac
for c in "$NP_ROOT"/fuzz/fuzz_*.c; do
    t=${c##*/fuzz_}; t=${t%.c}
    line=$(grep -E "^fuzz: $t: no crash" "$NP_TMP/fuzz.log")
    if [ -n "$line" ]; then
        pass "fuzz/$t: ${line#fuzz: $t: }"
    else
        fail "fuzz/$t"
        grep -A12 "fuzz: $t FAILED" "$NP_TMP/fuzz.log" | sed 's/^/    /'
    fi
done
