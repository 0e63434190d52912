#!/bin/bash
# fidelity.sh — our PDF against LibreOffice's for every sample and render
# fixture (tests/fidelity/compare.sh): prints, per document, the page counts
# of both and how many pages carry the same text, and fails on any
# difference in page count or page text.
#
# Needs soffice (and poppler's pdfinfo/pdftotext); without soffice the test
# is skipped (exit code 77, CTest's SKIP_RETURN_CODE).  CTest label "office",
# so the sanitizer pass can leave it out.  soffice converts all the DOCX
# files in one run, with FONTCONFIG_FILE=fonts/fonts.conf so both renderers
# use the same fonts: about half a minute.
set -uo pipefail
: "${JIXIAO:?}" "${JX_SOURCE_DIR:?}"
command -v soffice >/dev/null || { echo "SKIP: soffice is not installed"; exit 77; }
for tool in pdfinfo pdftotext python3; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

bash "$JX_SOURCE_DIR/tests/fidelity/compare.sh" "$JIXIAO" "$dir"
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "FAIL: our PDF and LibreOffice's differ (compare.sh exit $rc)" >&2
    for log in build.log render.log soffice.log; do
        [ -s "$dir/$log" ] && { echo "--- $log" >&2; tail -5 "$dir/$log" >&2; }
    done
    exit 1
fi
echo "fidelity: OK"
