#!/bin/sh
# Regenerate tests/cases/*.txt from the current build.  Review the diff
# (git diff tests/cases) before committing: the golden files are the spec.
BUILD=${BUILD:-build}
cd "$(dirname "$0")/.." || exit 2
for x in tests/cases/*.xml; do
    width=72; [ -f "${x%.xml}.width" ] && width=$(cat "${x%.xml}.width")
    "$BUILD/bin/newsml2txt" --quiet --at 2026-11-28 --width "$width" "$x" > "${x%.xml}.txt"
done
git status --short tests/cases
