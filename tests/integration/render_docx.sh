#!/bin/bash
# render_docx.sh — `jixiao render` on hand-made DOCX files (and on the
# samples when `jixiao build` works): the PDF passes qpdf --check, every
# font is embedded, the text comes back out, the metadata is set, headers
# repeat, and two runs give the same bytes.
set -euo pipefail
: "${JIXIAO:?}" "${JX_SOURCE_DIR:?}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

bash "$JX_SOURCE_DIR/tests/integration/render_fixtures.sh" --make "$dir"
# the samples as `jixiao build` fills them, when that command is available
"$JIXIAO" build "$JX_SOURCE_DIR"/samples/*.yaml -o "$dir" >/dev/null 2>&1 || true

check_pdf() {
    local pdf=$1
    qpdf --check "$pdf" >"$dir/qpdf.txt" 2>&1 || fail "qpdf --check $pdf: $(tail -3 "$dir/qpdf.txt")"
    grep -q "No syntax or stream encoding errors" "$dir/qpdf.txt" || fail "qpdf found problems in $pdf"
    # pdffonts: columns emb sub uni must all be yes
    pdffonts "$pdf" | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-2) != "yes") { bad = 1; print } END { exit bad }' ||
        fail "a font is not embedded (or has no ToUnicode) in $pdf"
}

# 1. the fixture with every supported feature
pdf="$dir/basic.pdf"
"$JIXIAO" render "$dir/render-basic.docx" -o "$pdf" --author "测试县民政局" --date 2024-12-31 2>"$dir/err.txt" ||
    fail "render failed: $(cat "$dir/err.txt")"
check_pdf "$pdf"
pdfinfo "$pdf" >"$dir/info.txt"
grep -q "^Title: *渲染测试文档" "$dir/info.txt" || fail "title from docProps/core.xml missing"
grep -q "^Author: *测试县民政局" "$dir/info.txt" || fail "author missing"
grep -q "^CreationDate: .*Dec 31 00:00:00 2024" "$dir/info.txt" || fail "creation date is not the given one: $(grep Date "$dir/info.txt")"
grep -q "^Page size: *595.* x 841.* pts (A4)" "$dir/info.txt" || fail "page size is not A4"
pages=$(awk '/^Pages:/ {print $2}' "$dir/info.txt")
[ "$pages" -ge 4 ] || fail "expected the table to run over several pages, got $pages"
txt=$(pdftotext -enc UTF-8 "$pdf" -)
for want in "部门整体支出绩效" "一、部门概况" "加粗下划线红字" \
            "换行之后" "分分页符之后的段落" "三、存在的问题" "总分"; do
    [ "$want" = "分分页符之后的段落" ] && want="分页符之后的段落"
    grep -q "$want" <<<"$txt" || fail "text \"$want\" not found in the PDF"
done
# the 自评表 header row repeats on every page the table reaches
for p in $(seq 2 "$pages"); do
    page=$(pdftotext -f "$p" -l "$p" -enc UTF-8 "$pdf" -)
    if grep -q "≥95%" <<<"$page"; then
        grep -q "三级指标" <<<"$page" || fail "page $p continues the table without its header row"
    fi
done
# PAGE and NUMPAGES fields
grep -Eq "— ?2 ?—" <<<"$(pdftotext -f 2 -l 2 -enc UTF-8 "$pdf" -)" || fail "footer page number on page 2 missing"
grep -Eq "共 ?$pages ?页" <<<"$(pdftotext -f 1 -l 1 -enc UTF-8 "$pdf" -)" || fail "NUMPAGES in the header is not $pages"
# a diagnostic for each substituted font, once
[ "$(grep -c '"仿宋_GB2312" is not installed' "$dir/err.txt" || true)" -le 1 ] || fail "a font substitute is reported more than once"

# 2. byte-identical on a second run
"$JIXIAO" render "$dir/render-basic.docx" -o "$dir/basic2.pdf" --author "测试县民政局" --date 2024-12-31 2>/dev/null
cmp -s "$pdf" "$dir/basic2.pdf" || fail "two runs on the same input differ"

# 3. the 1,000-row table
"$JIXIAO" render "$dir/render-1000rows.docx" -o "$dir/rows.pdf" --date 2024-12-31 2>/dev/null || fail "1000-row render failed"
check_pdf "$dir/rows.pdf"
grep -Eq "第 ?1000 ?号民生项目资金" <<<"$(pdftotext -enc UTF-8 "$dir/rows.pdf" -)" || fail "last row of the 1000-row table missing"

# 3b. what LibreOffice shows and we once did not (render-reliability.docx)
pdf="$dir/rel.pdf"
"$JIXIAO" render "$dir/render-reliability.docx" -o "$pdf" --date 2024-12-31 2>"$dir/err.txt" ||
    fail "render of render-reliability.docx failed: $(cat "$dir/err.txt")"
check_pdf "$pdf"
[ "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')" = 2 ] || fail "a leading page-break paragraph does not give an empty first page"
page1=$(pdftotext -f 1 -l 1 -enc UTF-8 "$pdf" - | tr -d ' \n\f' | sed 's/渲染测试//; s/共2页//; s/—1—//')
[ -z "$page1" ] || fail "page 1 should hold only the header and footer, has also: $page1"
# -raw: in drawing order, so the two lines of the narrow cell "控件/行甲" stay together whatever the
# fonts' line heights make of the rows beside it
txt=$(pdftotext -raw -enc UTF-8 "$pdf" - | tr -d ' \n\f')
for want in "页首分页符之后的第二页" "控件行甲" "控件行乙" "控件单元格" "普通" "从右到左的段落"; do
    grep -q "$want" <<<"$txt" || fail "text \"$want\" (inside a content control or after the page break) not found"
done
# a bold paragraph mark leaves the text regular: no bold face is embedded
! pdffonts "$pdf" | grep -qi bold || fail "the paragraph mark's bold reached the text: $(pdffonts "$pdf" | grep -i bold)"
# a word broken in a narrow cell gets no hyphen: no glyph maps to U+002D or U+2010
# (pdftotext removes hyphens at line ends, so the fonts' ToUnicode maps are read)
qpdf --qdf --object-streams=disable "$pdf" "$dir/rel.qdf"
! grep -aiEq '^<[0-9a-f]+> <(002d|2010)>' "$dir/rel.qdf" || fail "a hyphen was inserted where a word is broken"
grep -q "Paragraph 12 of word/document.xml is set right to left (w:bidi or w:rtl), but the PDF renderer does not support right-to-left text" "$dir/err.txt" ||
    fail "no warning for the right-to-left paragraph: $(cat "$dir/err.txt")"

# 4. the built samples, when there are any
n=0
for f in "$dir"/*.docx; do
    case "$(basename "$f")" in render-*) continue ;; esac
    out="${f%.docx}.pdf"
    "$JIXIAO" render "$f" -o "$out" 2>/dev/null || fail "render of $(basename "$f") failed"
    check_pdf "$out"
    grep -q "部门" <<<"$(pdftotext -enc UTF-8 "$out" -)" || fail "no text extracted from $(basename "$out")"
    n=$((n + 1))
done

# 5. bad input: an error message and exit status, never a crash
echo "not a zip" >"$dir/bad.docx"
set +e
"$JIXIAO" render "$dir/bad.docx" -o "$dir/bad.pdf" 2>/dev/null
rc=$?
set -e
[ "$rc" -eq 1 ] || [ "$rc" -eq 2 ] || fail "bad input gave exit status $rc"
[ ! -e "$dir/bad.pdf" ] || fail "a PDF was written for bad input"

echo "render_docx: ok ($pages pages in the fixture, $n samples rendered)"
