#!/usr/bin/env bash
# Long paragraphs, long words, rows taller than a page and paragraphs of very many runs or tags
# (tests/hostile/gen_long.py): what is laid out reaches the PDF whole (every character of the input,
# whitespace aside, in pdftotext's output); what passes a limit is refused with its exact message,
# within 60 s and, outside sanitizer builds, under 1 GB.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$src/tests/hostile/gen_long.py" "$tmp/f" || { echo "0 passed, 1 failed"; exit 1; }
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL $*"; }
sanitized=0; ldd "$bin" 2>/dev/null | grep -q libasan && sanitized=1
run() {  # run OUTFILE CMD...: the command's output in OUTFILE, its status returned, peak memory checked
  local o=$1; shift
  if [ $sanitized = 0 ] && [ -x /usr/bin/time ]; then
    timeout 60 /usr/bin/time -f 'peak %M' -o "$o.mem" "$@" >"$o" 2>&1; local st=$?
    local kb; kb=$(sed -n 's/^peak //p' "$o.mem")
    if [ -n "$kb" ] && [ "$kb" -ge 1000000 ]; then ko "$* used $kb KB"; fi
    return $st
  fi
  timeout 60 "$@" >"$o" 2>&1
}
# every character of the input, in order, whitespace aside
whole() {  # whole NAME [DROP]: DROP (repeated header text) is removed from the PDF's text first
  local n=$1 drop=${2:-}
  run "$tmp/$n.out" "$bin" render "$tmp/f/$n.docx" -o "$tmp/$n.pdf"; local st=$?
  [ $st = 0 ] || { ko "render $n: status $st, $(head -c 300 "$tmp/$n.out")"; return; }
  python3 - "$tmp/f/$n.txt" "$tmp/$n.pdf" "$drop" <<'PY' && ok || ko "render $n: text lost"
import re, subprocess, sys
want = re.sub(r'\s', '', open(sys.argv[1], encoding='utf-8').read())
got = subprocess.run(['pdftotext', '-enc', 'UTF-8', sys.argv[2], '-'], capture_output=True, text=True).stdout
got = re.sub(r'[\s\u200b]', '', got)
if sys.argv[3]:
    got = got.replace(sys.argv[3], '')
if want != got:
    i = next((k for k in range(min(len(want), len(got))) if want[k] != got[k]), min(len(want), len(got)))
    print(f'{len(want)} characters in, {len(got)} out; first difference at {i}: {want[i:i+10]!r} / {got[i:i+10]!r}')
    sys.exit(1)
PY
}
whole long-para
whole hanging
whole long-word
whole tall-row 表头
# the tall row splits over pages, each starting with the header row
pages=$(pdfinfo "$tmp/tall-row.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
heads=$(pdftotext "$tmp/tall-row.pdf" - 2>/dev/null | grep -c '表头')
[ "${pages:-0}" -ge 2 ] && [ "$heads" = "$pages" ] && ok || ko "tall-row: $pages pages, $heads header rows"

refuse() {  # refuse render|build FILE PATTERN
  local out="$tmp/$2.$1.out" st
  if [ "$1" = render ]; then run "$out" "$bin" render "$tmp/f/$2" -o "$tmp/$2.pdf"; st=$?
  else run "$out" "$bin" build "$src/samples/shifeng-2023.yaml" -t "$tmp/f/$2" --no-forms -o "$tmp/b"; st=$?; fi
  if [ $st = 1 ] && grep -qF -- "$3" "$out"; then ok; else ko "$1 $2: status $st (want 1), output: $(grep -v warning "$out" | head -c 400)"; fi
}
refuse render runs-1m.docx 'error: Paragraph 1 of word/document.xml has more than 20000 runs (w:r), the most one paragraph may have; join runs with the same formatting (or split the paragraph) and try again. [render.limit]'
refuse render braces.docx 'Paragraph 1 of word/document.xml has more than 20000 runs (w:r), the most one paragraph may have'
refuse render runs-over.docx 'Paragraph 1 of word/document.xml has more than 20000 runs (w:r)'
refuse render chars-over.docx 'error: Paragraph 1 of word/document.xml has 200001 characters, more than the 200000 one paragraph may have; split it into several paragraphs and try again. [render.limit]'
refuse render exact-row.docx 'error: A table row that may not split (a header row or a row of exact height) is taller than a page, so the text of its cell beginning "超高行'"$(head -c 81 "$tmp/f/tall-row.txt")"'" would be cut at the page bottom; give the row an automatic or at-least height (and no header mark), or shorten the text. [render.lost]'
[ ! -e "$tmp/exact-row.docx.pdf" ] && ok || ko "a PDF was written for exact-row.docx"
refuse build runs-1m.docx 'paragraph 1: error: Paragraph 1 of word/document.xml has more than 20000 runs (w:r), the most a template paragraph may have; join runs with the same formatting (or split the paragraph) and try again. [tpl.limit]'
refuse build braces.docx 'Paragraph 1 of word/document.xml has more than 20000 runs (w:r), the most a template paragraph may have'
refuse build runs-over.docx 'Paragraph 1 of word/document.xml has more than 20000 runs (w:r), the most a template paragraph may have'
refuse build tags.docx 'paragraph 1: error: Paragraph 1 of word/document.xml has 200000 tag openings "{{", more than the 5000 a template paragraph may have; split the paragraph or put the repeated content in a {{#each}} loop. [tpl.limit]'
refuse build tags-over.docx 'Paragraph 1 of word/document.xml has 5001 tag openings "{{", more than the 5000'
[ ! -e "$tmp/b" ] || [ -z "$(ls "$tmp/b")" ] && ok || ko "an output was written from a refused template"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
