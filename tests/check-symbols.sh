#!/bin/bash
# The library exports only its public API: every global symbol defined in
# libnewsprint.a starts with np_ (private names are localised by the Makefile).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
lib=$BUILD/libnewsprint.a
if [ ! -f "$lib" ]; then
    echo "FAIL: symbols: $lib not built"; exit 0
fi
all=$(nm -g --defined-only "$lib" | awk 'NF == 3 { print $3 }' | sort -u)
other=$(printf '%s\n' "$all" | grep -v '^np_' | grep -v '^$')
n=$(printf '%s\n' "$all" | grep -c '^np_')
if [ -n "$other" ]; then
    echo "FAIL: symbols: libnewsprint.a exports names outside the np_ API: $(echo $other | head -c 400)"
else
    echo "PASS: symbols: libnewsprint.a exports only np_* names ($n)"
fi
# every exported name is declared in a public header
undeclared=""
for s in $(printf '%s\n' "$all" | grep '^np_'); do
    grep -qw "$s" include/newsprint/*.h || undeclared="$undeclared $s"
done
if [ -n "$undeclared" ]; then
    echo "FAIL: symbols: exported but not declared in include/newsprint/:$undeclared"
else
    echo "PASS: symbols: every exported name is declared in include/newsprint/"
fi
