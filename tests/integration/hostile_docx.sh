#!/usr/bin/env bash
# Hostile DOCX files (tests/hostile/gen_docx.py): as a template (`jixiao fields`, `jixiao build -t`)
# and as a document to lay out (`jixiao render`), each is refused with its exact message, quickly,
# without a crash, without reading outside the package and without writing an output.
set -u
export LC_ALL=C.UTF-8
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
  expect $cmd duplicate.docx 1 'The package holds the entry "word/document.xml" twice, and zip readers differ on which copy counts, so the document is ambiguous and is refused; save it again from Word to get a clean package.'
  expect $cmd duplicate-case.docx 1 'The package holds the entries "word/document.xml" and "WORD/Document.xml", which zip readers may take for the same part, so the document is ambiguous and is refused'
  expect $cmd duplicate-slash.docx 1 'The package holds the entries "word/document.xml" and "/word/document.xml", which zip readers may take for the same part'
  expect $cmd duplicate-backslash.docx 1 'The package holds the entries "word/document.xml" and "\\word\\document.xml", which zip readers may take for the same part'
  expect $cmd baddeflate.docx 1 'The part "word/document.xml" cannot be inflated (Zlib error: data error); the file is damaged: save it again from Word or use an undamaged copy.'
  expect $cmd nul.docx 1 '(word/document.xml):3:21: error: The part word/document.xml holds the control character U+0000 at line 3, column 21, which XML does not allow'
  expect $cmd control.docx 1 '(word/document.xml):2:17: error: The part word/document.xml holds the control character U+0001 at line 2, column 17, which XML does not allow'
  expect $cmd truncated.docx 1 'is not a DOCX (zip) package'
  expect $cmd notzip.docx 1 'is not a DOCX (zip) package'
  expect $cmd no-content-types.docx 1 'The package has no \[Content_Types\].xml'
  expect $cmd xxe.docx 1 'contains a DOCTYPE declaration, which DOCX parts never have'
  expect $cmd laughs.docx 1 'contains a DOCTYPE declaration, which DOCX parts never have'
  expect $cmd deep.docx 1 'is not well-formed XML.*Excessive depth'
done
expect fields no-document.docx 1 'The package has no main document part'
expect render no-document.docx 1 'no readable word/document.xml body'
# pictures that cannot be shown are errors, and an error means no PDF
P='The picture "word/media/image1.png" (relationship rIdImg) in paragraph 3 of word/document.xml'
expect render png-ok.docx 0 '^'
expect render png-corrupt.docx 1 "$P is a damaged PNG file (its image data cannot be decoded), so it cannot be shown; insert an undamaged copy of the picture in Word."
expect render png-huge.docx 1 "$P claims 100000 × 100000 pixels, more than the 50 megapixels (and 32767 pixels a side) a picture may have, so it cannot be shown"
expect render png-notpng.docx 1 "$P is neither PNG nor JPEG, so it cannot be shown; save the picture as PNG or JPEG and insert it again."
expect render extent-huge.docx 1 "$P has the size 1000000000000 × 508000 EMU on the page, outside 1 to 20116800 EMU (55.9 cm, the largest page Word allows), so it cannot be shown"
expect render extent-negative.docx 1 "$P has the size -762000 × 508000 EMU on the page, outside 1 to 20116800 EMU"
J='The picture "word/media/image1.png" (relationship rIdImg) in paragraph 3 of word/document.xml'
expect render jpeg-nosize.docx 1 "$J is a damaged JPEG file (its header gives no pixel size), so it cannot be shown; insert an undamaged copy of the picture in Word."
expect render jpeg-huge.docx 1 "$J claims 60000 × 60000 pixels, more than the 50 megapixels (and 32767 pixels a side) a picture may have"
expect render strict.docx 1 'The document is saved as Strict Open XML (ISO/IEC 29500 Strict), which is not supported; open it in Word and save it as "Word Document (\*.docx)".'
expect fields strict.docx 1 'The document is saved as Strict Open XML (ISO/IEC 29500 Strict), which is not supported; open it in Word and save it as "Word Document (\*.docx)". \[tpl.strict\]'
expect build strict.docx 1 'Strict Open XML (ISO/IEC 29500 Strict), which is not supported'
expect render broken-styles.docx 1 'The part word/styles.xml is not well-formed XML'
for f in png-corrupt png-huge png-notpng jpeg-nosize jpeg-huge extent-huge extent-negative strict broken-styles; do
  [ ! -e "$tmp/$f.docx.pdf" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL a PDF was written for $f.docx despite an error"; }
done
[ -s "$tmp/png-ok.docx.pdf" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL no PDF for png-ok.docx"; }
# A picture the layout accepts is one the PDF writer draws (one reading of the headers for both).
expect render jpeg-wide.docx 0 '^'
n=$(pdfimages -list "$tmp/jpeg-wide.docx.pdf" 2>/dev/null | grep -c ' 25000 *400 ')
[ "$n" = 1 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL the 25000 x 400 JPEG is not in the PDF ($n)"; }
expect fields loops.docx 1 'opens a block nested more than 32 deep'
expect build explode.docx 1 'repeats its loops more than 100000 times'
[ ! -e "$tmp/b" ] || [ -z "$(ls "$tmp/b")" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL an output was written from a refused template"; }
# build with the PDF: a template whose picture cannot be shown fails the unit and writes neither
# the DOCX nor the PDF (the PDF would lack the picture).
out=$(timeout 60 "$bin" build "$src/samples/shifeng-2023.yaml" -t "$tmp/f/png-corrupt.docx" --no-forms -o "$tmp/bp" 2>&1); st=$?
if [ "$st" = 1 ] && grep -q 'is a damaged PNG file' <<<"$out" && [ -z "$(ls "$tmp/bp" 2>/dev/null)" ]; then pass=$((pass+1))
else fail=$((fail+1)); echo "FAIL build with a damaged picture: status $st, files: $(ls "$tmp/bp" 2>/dev/null), output: ${out:0:300}"; fi
# Nothing outside the package was read: the XXE target's contents never appear.
out=$("$bin" render "$tmp/f/xxe.docx" -o "$tmp/x.pdf" 2>&1); ! grep -q 'root:' <<<"$out" && [ ! -e "$tmp/x.pdf" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL xxe"; }
echo "$pass passed, $fail failed"
[ $fail = 0 ]
