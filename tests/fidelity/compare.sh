#!/bin/bash
# compare.sh — our PDF against LibreOffice's for the same DOCX.
#
#   bash tests/fidelity/compare.sh [JIXIAO] [OUTDIR]
#
# Builds every sample (samples/*.yaml) with `jixiao build`, adds the
# hand-made fixtures (tests/integration/render_fixtures.sh), renders each
# DOCX with `jixiao render` and with `soffice --headless --convert-to pdf`
# (FONTCONFIG_FILE=fonts/fonts.conf, so both use the same substitute fonts),
# and compares page counts and, page by page, the text pdftotext extracts.
#
# Text is compared as a multiset of characters without whitespace, because
# pdftotext orders table cells differently for the two PDFs.  Closing
# punctuation is left out of the comparison: LibreOffice lets it hang in
# the right margin (as we do) but clips it away when exporting, so its PDF
# lacks those marks.
#
# For the samples, both PDFs must also set the body in a 仿宋 face and put
# the page numbers "— N —" at the right on odd and at the left on even
# pages (tests/integration/pdf_gbt9704.py), so the template's footers look
# the same in an office suite as in our PDF.
#
# Our PDF shows the label of a vertically merged cell again in its part on a
# later page (LibreOffice leaves it empty): a page whose only extra text is
# such labels counts as the same, and is listed.
#
# Prints one line per document and a total; exits 1 if any page count or
# page text differs.  Page images for a side-by-side look:
#   pdftoppm -r 70 -png OUTDIR/ours/NAME.pdf a; pdftoppm -r 70 -png OUTDIR/lo/NAME.pdf b
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
jixiao=${1:-${JIXIAO:-$src/build/jixiao}}
out=${2:-$(mktemp -d)}
mkdir -p "$out/docx" "$out/ours" "$out/lo"

command -v soffice >/dev/null || { echo "compare.sh: soffice is not installed" >&2; exit 2; }

"$jixiao" build "$src"/samples/*.yaml -o "$out/docx" >/dev/null 2>"$out/build.log" ||
    echo "compare.sh: jixiao build reported problems (see $out/build.log)" >&2
samples=("$out"/docx/*.docx)
bash "$src/tests/integration/render_fixtures.sh" --make "$out/docx"

for f in "$out"/docx/*.docx; do
    name=$(basename "$f" .docx)
    "$jixiao" render "$f" -o "$out/ours/$name.pdf" 2>>"$out/render.log"
done
# one LibreOffice run for all files, with its own profile so that it does
# not collide with an office suite someone else has open
FONTCONFIG_FILE="$src/fonts/fonts.conf" soffice -env:UserInstallation="file://$out/lo-profile" \
    --headless --convert-to pdf --outdir "$out/lo" "$out"/docx/*.docx >"$out/soffice.log" 2>&1

python3 - "$out" <<'PY'
import os, re, subprocess, sys
from collections import Counter
out = sys.argv[1]
SKIP = re.compile(r'[\s，。、．：；！？）》」』】〕〗〉”’,.;:!?)\]}]+')
def pages(pdf):
    info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
    m = re.search(r'Pages:\s+(\d+)', info)
    n = int(m.group(1)) if m else 0
    return [Counter(SKIP.sub('', subprocess.run(['pdftotext', '-f', str(i), '-l', str(i), '-enc', 'UTF-8', pdf, '-'],
                                                  capture_output=True, text=True).stdout)) for i in range(1, n + 1)]
def merged_labels(docx):
    """The text of every vertically merged cell: our PDF shows it again in
    the part of the cell on a later page, where LibreOffice leaves that
    part empty (docs/rendering.md)."""
    import zipfile
    xml = zipfile.ZipFile(docx).read('word/document.xml').decode('utf-8')
    labels = []
    for tc in re.findall(r'<w:tc>.*?</w:tc>', xml, re.S):
        if re.search(r'<w:vMerge w:val="restart"/>', tc) and '<w:tbl>' not in tc:
            t = SKIP.sub('', ''.join(re.findall(r'<w:t(?: [^>]*)?>([^<]*)</w:t>', tc)))
            if t:
                labels.append(Counter(t))
    return sorted(labels, key=lambda c: -sum(c.values()))
def only_repeated_labels(extra, labels):
    rest = Counter(extra)
    for lab in labels:
        while lab and all(rest[ch] >= n for ch, n in lab.items()):
            rest -= lab
    return not rest
docs = sorted(f[:-5] for f in os.listdir(os.path.join(out, 'docx')) if f.endswith('.docx'))
bad = 0
tot_pages = tot_same = 0
print(f"{'document':40s} {'ours':>5s} {'lo':>5s} {'same-text pages':>16s}")
for d in docs:
    o, l = os.path.join(out, 'ours', d + '.pdf'), os.path.join(out, 'lo', d + '.pdf')
    if not os.path.exists(o) or not os.path.exists(l):
        print(f"{d:40s} missing output ({'ours' if not os.path.exists(o) else 'lo'})")
        bad += 1
        continue
    a, b = pages(o), pages(l)
    labels = merged_labels(os.path.join(out, 'docx', d + '.docx'))
    relabelled = [i for i, (x, y) in enumerate(zip(a, b)) if x != y and not (y - x) and only_repeated_labels(x - y, labels)]
    for i in relabelled:
        b[i] = a[i]
    same = sum(1 for x, y in zip(a, b) if x == y)
    tot_pages += len(b)
    tot_same += same
    flag = '' if len(a) == len(b) and same == len(b) else '  <-- differs'
    if flag:
        bad += 1
    print(f"{d:40s} {len(a):5d} {len(b):5d} {same:10d}/{len(b):<5d}{flag}")
    for i in relabelled:
        print(f"    page {i + 1}: the same apart from merged-cell labels shown again on a continued part")
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            print(f"    page {i + 1}: only ours {''.join((x - y).elements())[:40]!r}, only LibreOffice {''.join((y - x).elements())[:40]!r}")
print(f"total: {len(docs)} documents, {tot_same}/{tot_pages} pages with the same text, {len(docs) - bad} documents identical")
sys.exit(1 if bad else 0)
PY
status=$?
for f in "${samples[@]}"; do
    name=$(basename "$f" .docx)
    for who in ours lo; do
        python3 "$src/tests/integration/pdf_gbt9704.py" --quiet "$out/$who/$name.pdf" "$f" || status=1
    done
done
exit $status
