#!/bin/bash
# render_selfeval.sh — a 自评表 whose 40 indicator rows run over several
# pages (tests/fixtures/render/long-selfeval.yaml): every page the indicators
# reach starts with the repeated column heads (the header row of the
# indicator table), every indicator is printed exactly once, the merged
# 一级/二级 cells print their label once on each page their rows reach,
# and two builds give the same PDF.
set -euo pipefail
: "${JIXIAO:?}" "${JX_SOURCE_DIR:?}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

data="$JX_SOURCE_DIR/tests/fixtures/render/long-selfeval.yaml"
"$JIXIAO" build "$data" -o "$dir/a" >"$dir/out.txt" 2>&1 || fail "build failed: $(tail -5 "$dir/out.txt")"
pdf=$(ls "$dir"/a/*.pdf)
"$JIXIAO" build "$data" -o "$dir/b" >/dev/null 2>&1 || fail "second build failed"
cmp -s "$pdf" "$dir/b/$(basename "$pdf")" || fail "two builds gave different PDFs"

pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
first=0 last=0
for p in $(seq 1 "$pages"); do
    # without spaces and line ends: cells wrap, digits are set apart
    pdftotext -f "$p" -l "$p" -enc UTF-8 "$pdf" - | tr -d ' \n' >"$dir/p$p.txt"
    if grep -q "考核内容" "$dir/p$p.txt"; then
        [ "$first" -eq 0 ] && first=$p
        last=$p
    fi
done
[ "$first" -gt 0 ] || fail "no indicator rows found"
[ "$last" -gt "$first" ] || fail "the indicator table does not run over two pages (page $first only)"
echo "indicator rows on pages $first-$last of $pages"
for p in $(seq "$first" "$last"); do
    # (the narrow value columns wrap their heads: 年度指标|值)
    for head in 一级指标 二级指标 三级指标 年度指标 实际完成; do
        grep -q "$head" "$dir/p$p.txt" || fail "page $p has indicator rows but no \"$head\" column head"
    done
done
all=$(cat "$dir"/p*.txt)
for i in $(seq 1 40); do
    n=$({ grep -o "第${i}项" <<<"$all" || true; } | wc -l)
    [ "$n" -eq 1 ] || fail "indicator $i printed $n times"
done
# merged cells: each 二级 label once on every page its group's rows reach
# (the continued part of a merged cell shows its label again), and on no
# other page (labels that fit on one line of their column)
for label in 数量指标 质量指标 时效指标 成本指标; do
    for p in $(seq "$first" "$last"); do
        rows=$({ grep -o "项${label:0:2}考核" "$dir/p$p.txt" || true; } | wc -l)
        n=$({ grep -o "$label" "$dir/p$p.txt" || true; } | wc -l)
        want=$([ "$rows" -gt 0 ] && echo 1 || echo 0)
        [ "$n" -eq "$want" ] || fail "page $p: merged label $label printed $n times next to $rows of its rows"
    done
done
echo "render_selfeval: OK"
