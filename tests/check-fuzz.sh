#!/bin/bash
# A short libFuzzer run of the reader (fuzz/run.sh 20): PASS when no crash,
# leak or timeout is found; SKIP when clang or its fuzzer runtime is missing.
. "$(dirname "$0")/lib.sh"
secs=${NP_FUZZ_SECONDS:-20}
"$NP_ROOT/fuzz/run.sh" "$secs" >"$NP_TMP/fuzz.log" 2>&1
rc=$?
case $rc in
0) pass "fuzz/reader: no crash in ${secs}s ($(grep -E -o 'stat::number_of_executed_units: [0-9]+' "$NP_TMP/fuzz.log" | awk '{print $2}') runs)" ;;
77) skip "fuzz/reader ($(tail -1 "$NP_TMP/fuzz.log"))" ;;
*) fail "fuzz/reader (status $rc)"; tail -15 "$NP_TMP/fuzz.log" | sed 's/^/    /' ;;
esac
