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
# Readers, layout and writers run on several threads (-j): the library must
# not call C library functions that keep hidden state between calls (strtok
# did once, and outputs then changed with timing).
unsafe="strtok gmtime localtime asctime ctime rand srand tmpnam strsignal"
used=$(nm -u "$lib" 2>/dev/null | awk '{ print $2 }' | sed 's/@.*//' | sort -u)
bad=""
for f in $unsafe; do
    printf '%s\n' "$used" | grep -qx "$f" && bad="$bad $f"
done
if [ -n "$bad" ]; then
    echo "FAIL: symbols: libnewsprint.a calls functions that are not thread-safe:$bad (use the _r forms)"
else
    echo "PASS: symbols: libnewsprint.a calls none of: $unsafe"
fi
