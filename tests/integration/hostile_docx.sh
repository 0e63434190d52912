#!/usr/bin/env bash
# Hostile DOCX files (tests/hostile/gen_docx.py): as a template (`jixiao fields`, `jixiao build -t`)
# and as a document to lay out (`jixiao render`), each is refused with its exact message, quickly,
# without a crash, without reading outside the package and without writing an output.
set -u
src=${JX_SOURCE_DIR:?}; bin=${JIXIAO:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$src/tests/hostile/gen_docx.py" "$tmp/f" || { echo "0 passed, 1 failed"; exit 1; }
pass=0; fail=0
expect() {  # expect CMD FILE STATUS PATTERN
  local out st
  case $1 in
    fields) out=$(timeout 60 "$bin" fields "$tmp/f/$2" 2>&1); st=$? ;;
    render) out=$(timeout 60 "$bin" render "$tmp/f/$2" -o "$tmp/$2.pdf" 2>&1); st=$? ;;
    build)  out=$(timeout 60 "$bin" build "$src/samples/shifeng-2023.yaml" -t "$tmp/f/$2" --no-forms --no-pdf -o "$tmp/b" 2>&1); st=$? ;;
  esac
  if [ "$st" = "$3" ] && grep -q -- "$4" <<<"$out"; then pass=$((pass+1))
  else fail=$((fail+1)); echo "FAIL $1 $2: status $st (want $3), output: ${out:0:500}"; fi
}
for cmd in fields render; do
  expect $cmd bomb.docx 1 'The part "word/media/big.bin" inflates to more than 33554432 bytes'
  expect $cmd traversal.docx 1 'The package entry "../../evil.xml" has an unsafe name'
  expect $cmd absolute.docx 1 'The package entry "/etc/evil.xml" has an unsafe name'
  expect $cmd duplicate.docx 1 'The package holds the entry "word/document.xml" twice'
  expect $cmd truncated.docx 1 'is not a DOCX (zip) package'
  expect $cmd notzip.docx 1 'is not a DOCX (zip) package'
  expect $cmd no-content-types.docx 1 'The package has no \[Content_Types\].xml'
  expect $cmd xxe.docx 1 'contains a DOCTYPE declaration, which DOCX parts never have'
  expect $cmd laughs.docx 1 'contains a DOCTYPE declaration, which DOCX parts never have'
  expect $cmd deep.docx 1 'is not well-formed XML.*Excessive depth'
done
expect fields no-document.docx 1 'The package has no main document part'
expect render no-document.docx 1 'no readable word/document.xml body'
expect fields loops.docx 1 'opens a block nested more than 32 deep'
expect build explode.docx 1 'repeats its loops more than 100000 times'
[ ! -e "$tmp/b" ] || [ -z "$(ls "$tmp/b")" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL an output was written from a refused template"; }
# Nothing outside the package was read: the XXE target's contents never appear.
out=$("$bin" render "$tmp/f/xxe.docx" -o "$tmp/x.pdf" 2>&1); ! grep -q 'root:' <<<"$out" && [ ! -e "$tmp/x.pdf" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL xxe"; }
echo "$pass passed, $fail failed"
[ $fail = 0 ]
