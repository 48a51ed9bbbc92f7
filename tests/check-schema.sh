#!/bin/bash
# Every sample in samples/*.xml is valid NewsML-G2 2.35 (Power conformance,
# all item types), checked with xmllint against the official IPTC schema that
# sits beside the developers' checkout in ../shared/newsml-g2/schema/.
. "$(dirname "$0")/lib.sh"
need_shared "schema validation" || exit 0
SCHEMA="$SHARED/newsml-g2/schema/NewsML-G2_2.35-spec-All-Power.xsd"
if ! command -v xmllint >/dev/null 2>&1; then
    skip "schema validation (xmllint not installed)"
    exit 0
fi
if [ ! -f "$SCHEMA" ]; then
    fail "schema validation (schema missing: $SCHEMA)"
    exit 0
fi
found=0
for f in "$NP_ROOT"/samples/*.xml; do
    [ -f "$f" ] || continue
    found=1
    name=samples/$(basename "$f")
    # --nonet: the schema and its xml.xsd import are local; nothing is fetched.
    if out=$(xmllint --noout --nonet --schema "$SCHEMA" "$f" 2>&1); then
        pass "$name validates against NewsML-G2 2.35"
    else
        fail "$name validates against NewsML-G2 2.35"
        printf '%s\n' "$out" | grep -v ' validates$' | head -40 | sed 's/^/    /'
    fi
done
[ "$found" -eq 1 ] || fail "samples/*.xml present"
