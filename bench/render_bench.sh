#!/bin/bash
# render_bench.sh — time data → DOCX + PDF with jixiao against LibreOffice's
# DOCX → PDF of the same DOCX, for each sample and for a 1,000-row table.
#
#   bash bench/render_bench.sh [JIXIAO]
#
# jixiao: `jixiao build` (fill the template) plus `jixiao render`, each a
# separate process, so the figure includes starting up, fontconfig and font
# loading once per document.  LibreOffice: one `soffice --headless
# --convert-to pdf` process per document (its usual use), with its own
# profile, after one warm-up run.  Wall-clock seconds, best of 3.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
jixiao=${1:-${JIXIAO:-$src/build/jixiao}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v soffice >/dev/null || { echo "render_bench: soffice is not installed" >&2; exit 2; }

now() { date +%s.%N; }
best_of_3() {   # best_of_3 CMD... : prints the best wall time in seconds
    local best=""
    for _ in 1 2 3; do
        local t0 t1 d
        t0=$(now)
        "$@" >/dev/null 2>&1
        t1=$(now)
        d=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$d < $best" | bc -l)" = 1 ]; then best=$d; fi
    done
    printf '%.3f' "$best"
}

mkdir -p "$work/docx" "$work/lo" "$work/ours"
bash "$src/tests/integration/render_fixtures.sh" --make "$work/fx"
lo() {
    FONTCONFIG_FILE="$src/fonts/fonts.conf" soffice -env:UserInstallation="file://$work/profile" \
        --headless --convert-to pdf --outdir "$work/lo" "$1"
}
lo "$work/fx/render-basic.docx" >/dev/null 2>&1   # warm-up: profile creation

printf '%-34s %10s %10s %10s %8s\n' "input" "jixiao s" "(render)" "soffice s" "ratio"
total_j=0
total_l=0
for y in "$src"/samples/*.yaml; do
    name=$(basename "$y" .yaml)
    rm -rf "$work/docx"/*
    "$jixiao" build "$y" -o "$work/docx" >/dev/null 2>&1 || { echo "$name: build failed"; continue; }
    docx=$(ls "$work/docx"/*.docx | head -1)
    build_and_render() {
        "$jixiao" build "$y" -o "$work/docx" && "$jixiao" render "$docx" -o "$work/ours/x.pdf"
    }
    tj=$(best_of_3 build_and_render)
    tr=$(best_of_3 "$jixiao" render "$docx" -o "$work/ours/x.pdf")
    tl=$(best_of_3 lo "$docx")
    printf '%-34s %10s %10s %10s %7.1fx\n' "$name" "$tj" "$tr" "$tl" "$(echo "$tl / $tj" | bc -l)"
    total_j=$(echo "$total_j + $tj" | bc -l)
    total_l=$(echo "$total_l + $tl" | bc -l)
done
tr=$(best_of_3 "$jixiao" render "$work/fx/render-1000rows.docx" -o "$work/ours/rows.pdf")
tl=$(best_of_3 lo "$work/fx/render-1000rows.docx")
pages=$(pdfinfo "$work/ours/rows.pdf" | awk '/^Pages:/ {print $2}')
printf '%-34s %10s %10s %10s %7.1fx\n' "1000-row table ($pages pages)" "-" "$tr" "$tl" "$(echo "$tl / $tr" | bc -l)"
printf '%-34s %10.3f %10s %10.3f %7.1fx\n' "all samples" "$total_j" "" "$total_l" "$(echo "$total_l / $total_j" | bc -l)"
