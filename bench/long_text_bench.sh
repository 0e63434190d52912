#!/bin/bash
# long_text_bench.sh — time `jixiao render` of one paragraph of 10k, 20k, 50k and 100k characters of
# Chinese and of one word of as many Latin letters (tests/hostile/gen_long.py), to see that laying
# out long text stays near-linear.  Wall-clock seconds, best of 3, and peak memory.
#
#   bash bench/long_text_bench.sh [JIXIAO]
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
jixiao=${1:-${JIXIAO:-$src/build/jixiao}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$src/tests/hostile/gen_long.py" "$work/f" >/dev/null
python3 - "$work/f" <<'PY'
import sys, zipfile, os
d = sys.argv[1]
base = zipfile.ZipFile(os.path.join(d, 'bench-10k.docx'))
parts = {n: base.read(n) for n in base.namelist()}
for n in (10000, 20000, 50000, 100000):
    doc = parts['word/document.xml'].decode()
    start, end = doc.index('<w:t xml:space="preserve">') + 26, doc.index('</w:t>')
    with zipfile.ZipFile(os.path.join(d, f'word-{n // 1000}k.docx'), 'w', zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            z.writestr(k, doc[:start] + 'a' * n + doc[end:] if k == 'word/document.xml' else v)
PY
printf '%-10s %8s %8s %10s\n' input chars seconds peak_KB
for kind in bench word; do
  for n in 10 20 50 100; do
    f="$work/f/$kind-${n}k.docx"
    best=""; kb=""
    for _ in 1 2 3; do
      /usr/bin/time -f '%e %M' -o "$work/t" "$jixiao" render "$f" -o "$work/o.pdf" >/dev/null 2>&1
      read -r s m <"$work/t"
      if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; kb=$m; fi
    done
    printf '%-10s %8s %8s %10s\n' "$([ $kind = bench ] && echo chinese || echo latin-word)" "${n}000" "$best" "$kb"
  done
done
