#!/bin/bash
# page_layout.sh — the 公文 page rules on every sample's PDF (issue 16):
#  - no page holds a single line of text (apart from its page number): a
#    heading, the date of the 落款 or the 填表人 line never stands alone;
#  - no page but the last ends with a heading;
#  - every 自评表 has its year line （YYYY年度） under its title;
#  - no percentage carries two signs (a 执行率（%） head over 100.00% cells);
#  - scores are printed as the data gives them (9.8, not 9.80), the same in
#    every place;
#  - justified lines keep numbers whole (no "4 4 4 0 . 4 5").
set -euo pipefail
: "${JIXIAO:?}" "${JX_SOURCE_DIR:?}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

for f in "$JX_SOURCE_DIR"/samples/*.yaml; do
    name=$(basename "$f" .yaml)
    "$JIXIAO" build "$f" -o "$dir/$name" >/dev/null 2>&1 || true
done

python3 - "$dir" "$JX_SOURCE_DIR/samples" <<'PY'
import os, re, subprocess, sys
out, samples = sys.argv[1], sys.argv[2]
bad = 0
def fail(msg):
    global bad
    bad += 1
    print("FAIL: " + msg)
FOOTER = re.compile(r'^[—–-]\s*\d+\s*[—–-]$')
# 一、 and （一） headings as the bundled report writes them: short, no full stop
HEADING = re.compile(r'^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\S{0,24}(?<![。；：])$')
checked = 0
for name in sorted(os.listdir(out)):
    if not os.path.isdir(os.path.join(out, name)):
        continue
    pdfs = [p for p in os.listdir(os.path.join(out, name)) if p.endswith('.pdf')]
    if not pdfs:
        continue   # a sample with errors builds nothing
    pdf = os.path.join(out, name, pdfs[0])
    year = re.search(r'^年度:\s*(\d{4})', open(os.path.join(samples, name + '.yaml'), encoding='utf-8').read(), re.M)
    info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
    n = int(re.search(r'Pages:\s+(\d+)', info).group(1))
    forms = 0
    for p in range(1, n + 1):
        text = subprocess.run(['pdftotext', '-layout', '-f', str(p), '-l', str(p), '-enc', 'UTF-8', pdf, '-'],
                              capture_output=True, text=True).stdout
        lines = [l.strip() for l in text.splitlines() if l.strip() and not FOOTER.match(l.strip())]
        if len(lines) == 1:
            fail(f"{name}: page {p} holds one line only: {lines[0]!r}")
        if len(lines) > 1 and HEADING.match(lines[-1]) and p < n:
            fail(f"{name}: page {p} ends with the heading {lines[-1]!r}")
        flat = re.sub(r'\s+', '', text)
        if lines and re.match(r'附件\s*\d+$', lines[0]):
            forms += 1
            if not year or f"（{year.group(1)}年度）" not in flat:
                fail(f"{name}: the form on page {p} has no year line （{year.group(1) if year else '?'}年度）")
            if '（%）' in flat or '(%)' in flat:
                fail(f"{name}: page {p}: a column head carries （%） over cells that print %")
        if '%%' in flat or '%）%' in flat:
            fail(f"{name}: page {p}: a percentage with two signs")
        # pdftotext sets a wide gap inside a number apart as a space
        if re.search(r'\d(?: \d)+ \. \d', text) or re.search(r'\d \. \d \d', text):
            fail(f"{name}: page {p}: a number is letter-spaced in a justified line")
    checked += 1
    if name == 'example-minimal':
        alltext = subprocess.run(['pdftotext', '-enc', 'UTF-8', pdf, '-'], capture_output=True, text=True).stdout
        # 执行率得分: 9.8 in the data
        if not re.search(r'(?<![\d.])9\.8(?![\d])', alltext):
            fail("example-minimal: the score 9.8 is not printed as given")
        if re.search(r'(?<![\d.])9\.80(?![\d])', alltext):
            fail("example-minimal: the score 9.8 is printed as 9.80")
if checked < 4:
    fail(f"only {checked} samples were built")
print(f"page_layout: {checked} samples checked")
sys.exit(1 if bad else 0)
PY
